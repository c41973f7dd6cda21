#!/usr/bin/env bash
# Builds the Leptos floor (the benchmark's second yardstick) into
# target/leptos-floor/: release, the portal's target/ and Cargo.lock's
# versions, wasm-opt -Oz as the portal's split step runs it, precompressed.
#   bench/leptos-floor/build.sh     (scripts/bench.sh --floor runs it)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
dist="$root/target/leptos-floor"
cp "$root/Cargo.lock" Cargo.lock
CARGO_TARGET_DIR="$root/target" trunk build --release --offline --dist "$dist"
for wasm in "$dist"/*.wasm; do
  node strip-relocs.mjs "$wasm"
  wasm-opt -Oz "$wasm" -o "$wasm"
done
node "$root/scripts/precompress.mjs" "$dist"
