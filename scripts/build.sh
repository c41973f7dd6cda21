#!/usr/bin/env bash
# Builds the portal (release, wasm-opt -Oz) into dist/ and the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "==> Building the portal (release)"
# --offline: never let Trunk download a tool; setup.sh installed them.
trunk build --release --offline
[ -f config.json ] && cp config.json dist/config.json
# The built-in world map for maps without tiles (fetched only by a map).
node scripts/basemap.mjs dist
# The browser floor: every wasm feature the build needs is probed by index.html.
node scripts/wasm-floor.mjs dist
node scripts/precompress.mjs dist   # X.br / X.gz beside each asset

echo "==> Building the emulator"
cargo build -p ezmdm-emulator
