#!/usr/bin/env bash
# README command 2: set up what is missing, build once, then run every test:
# Rust unit and contract tests, the browser tests in headless Chromium, then
# the smoke walk of the main flows in Firefox and WebKit (tests/engines),
# all against emulators started with fresh in-memory databases.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
scripts/build.sh

echo "==> Checking formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p ezmdm-portal --target wasm32-unknown-unknown -- -D warnings

# Reports of an earlier run must not stand in for this one's.
rm -f target/playwright-results.json target/engines/results.json

echo "==> Rust tests"
cargo test --workspace 2>&1 | tee target/rust-tests.log
rust_summary=$(grep -E '^test result:' target/rust-tests.log | awk '{p+=$4; f+=$6} END {print p" passed, "f" failed"}')

echo "==> Browser tests"
export PATH="$PWD/node_modules/.bin:$PATH"
export EMULATOR_BIN="$PWD/target/debug/ezmdm-emulator"
status=0
npx playwright test || status=$?
browser_summary=$(node scripts/summary.mjs target/playwright-results.json)

echo "==> The smoke walk in Firefox and WebKit"
node tests/engines/smoke.mjs 2>&1 | tee target/engines.log || status=1
engine_summary=$(grep -E '^(firefox|webkit): ' target/engines.log || echo "engines: did not report")

echo "==> Benchmark smoke (fails only if the wasm outgrows bench/size-ceiling.json)"
BENCH_EMULATOR="$PWD/target/debug/ezmdm-emulator" scripts/bench.sh --smoke --no-build || status=1

echo
echo "rust: $rust_summary"
echo "chromium: $browser_summary"
echo "$engine_summary"
node scripts/summary.mjs --total "$rust_summary" target/playwright-results.json target/engines/results.json
exit $status
