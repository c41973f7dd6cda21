#!/usr/bin/env bash
# Installs what building and testing the portal needs, skipping what is
# already there. Safe to run again and again.
#   scripts/setup.sh          toolchain + npm packages
#   scripts/setup.sh --browser  also the browsers and drivers the tests use:
#                               Chromium, Firefox ESR, WebKitWebDriver + Xvfb
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

# The tools below are compiled once per machine and then only run on a few MB
# of input, so their release profile trades run speed for compile time: no LTO,
# parallel codegen, opt-level 1. (Trunk alone took about 13 minutes with its
# own fat-LTO profile.) These variables reach `cargo install` only.
tool_install() {
  CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
  CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_PROFILE_RELEASE_STRIP=true \
  CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    cargo install "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.22 needs a newer rustc than this toolchain; 0.21 is the line we use.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "Installing Trunk 0.21 (a few minutes, once)"
  tool_install trunk --version '^0.21' --locked
fi

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
want_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want_bindgen" ]; then
  say "Installing wasm-bindgen-cli $want_bindgen"
  # Not --locked: its lock file names a crate version the registry lacks.
  tool_install wasm-bindgen-cli --version "$want_bindgen"
fi

# The split step of the build (scripts/wasm-split.mjs, a Trunk hook) cuts the
# wasm into lazily loaded chunks. 0.2.4 reads the marker format of
# wasm_split_helpers 0.2.x (Cargo.lock).
want_split=0.2.4
# (The binary has no --version; cargo's install list knows.)
if ! command -v wasm-split-cli >/dev/null ||
   ! cargo install --list | grep -qx "wasm_split_cli_support v$want_split:"; then
  say "Installing wasm-split-cli $want_split (about 2 minutes, once)"
  tool_install wasm_split_cli_support --version "$want_split" --locked --features build-binary
fi

# Leaflet (shipped in the build), binaryen's wasm-opt, Playwright, axe-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages"
  npm ci --no-audit --no-fund
fi

apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@"
}

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "Installing Chromium and its driver (Debian packages)"
    apt_install chromium chromium-driver
  fi
  # The other two engines of the smoke walk (tests/engines): Firefox over
  # WebDriver BiDi, and WebKit (Safari's engine) under a virtual display.
  if ! command -v firefox-esr >/dev/null || ! command -v WebKitWebDriver >/dev/null || ! command -v xvfb-run >/dev/null; then
    say "Installing Firefox ESR, WebKitWebDriver and Xvfb (Debian packages)"
    apt_install firefox-esr webkit2gtk-driver xvfb
  fi
fi
