#!/usr/bin/env bash
# Installs what building and testing the portal needs, skipping what is
# already there. Safe to run again and again.
#   scripts/setup.sh          toolchain + npm packages
#   scripts/setup.sh --browser  also Chromium and its driver (for tests)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.22 needs a newer rustc than this toolchain; 0.21 is the line we use.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "Installing Trunk 0.21 (takes about 10 minutes, once)"
  cargo install trunk --version '^0.21' --locked
fi

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
want_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want_bindgen" ]; then
  say "Installing wasm-bindgen-cli $want_bindgen"
  # Not --locked: its lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$want_bindgen"
fi

# The split step of the build (scripts/wasm-split.mjs, a Trunk hook) cuts the
# wasm into lazily loaded chunks. 0.2.4 reads the marker format of
# wasm_split_helpers 0.2.x (Cargo.lock).
want_split=0.2.4
# (The binary has no --version; cargo's install list knows.)
if ! command -v wasm-split-cli >/dev/null ||
   ! cargo install --list | grep -qx "wasm_split_cli_support v$want_split:"; then
  say "Installing wasm-split-cli $want_split (about 2 minutes, once)"
  cargo install wasm_split_cli_support --version "$want_split" --locked --features build-binary
fi

# Leaflet (shipped in the build), binaryen's wasm-opt, Playwright, axe-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "Installing Chromium and its driver (Debian packages)"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver
  fi
fi
