#!/usr/bin/env bash
# `make bench`: set up what is missing, build (portal + release emulator), start
# the emulator with the large seed serving dist/, and run scripts/bench.mjs in
# headless Chromium. See the README's "Benchmark" section.
#   scripts/bench.sh               full run: median of 7 runs per scenario
#   scripts/bench.sh --help        this text
#   scripts/bench.sh --smoke       sizes + one run of each (CI; fails only when
#                                  the wasm's brotli size passes bench/size-ceiling.json)
#   scripts/bench.sh --no-build    use dist/ and the emulator already built
#   scripts/bench.sh --compare DIR --only compare
#                                  page loads and next pages against this build and
#                                  the build in DIR (another dist/), by turns
#   scripts/bench.sh --floor       also race the Leptos floor (bench/leptos-floor/,
#                                  built into target/leptos-floor/ first) in "race"
# Other arguments go to bench.mjs (e.g. --runs 11, --only track,fleet).
# BENCH_DIST=DIR serves and measures another build directory; BENCH_EMULATOR=PATH
# runs another emulator binary. Results also land in target/bench-results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

build=1
compare=""
floor=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --floor) floor=1 ;;
    -h | --help)
      # The header above, without its comment marks.
      sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p'
      exit 0
      ;;
    --compare)
      compare="${2:?--compare needs the dist/ directory of another build}"
      shift
      ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  scripts/setup.sh --browser
  scripts/build.sh
  echo "==> Building the emulator (release)"
  cargo build --release -p ezmdm-emulator
fi

# BENCH_EMULATOR=PATH picks the binary; otherwise release, else debug.
emulator="${BENCH_EMULATOR:-target/release/ezmdm-emulator}"
[ -n "${BENCH_EMULATOR:-}" ] || [ -x "$emulator" ] || emulator=target/debug/ezmdm-emulator
static="${BENCH_DIST:-dist}"
key="bench-key-0123456789abcdefWXYZ"

pids=()
logs=()
cleanup() {
  for p in ${pids[@]+"${pids[@]}"}; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -f ${logs[@]+"${logs[@]}"}
}
trap cleanup EXIT

# start_emulator [ARGS...]: one emulator with the large seed; its address in $started.
start_emulator() {
  local log pid
  log=$(mktemp)
  logs+=("$log")
  "$emulator" --addr 127.0.0.1:0 --db :memory: --seed large --api-key "$key" --static "$static" "$@" >"$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  started=""
  for _ in $(seq 1 1200); do
    started=$(sed -n 's#^EzMDM emulator listening on \(http://[^/]*\)/.*#\1#p' "$log")
    [ -n "$started" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2
      echo "bench: the emulator exited" >&2
      exit 1
    fi
    sleep 0.1
  done
  if [ -z "$started" ]; then
    cat "$log" >&2
    echo "bench: the emulator did not start within 2 minutes" >&2
    exit 1
  fi
  # The banner's data line (printed right after the address).
  sleep 0.2
  grep '^Data:' "$log" || true
}

echo "==> Starting $emulator with the large seed (in memory), serving $static"
start_emulator
origin=$started
# A second one whose API answers 100 ms late, as over a VPN (the "slow API" rows).
echo "==> Starting a second one whose API answers 100 ms late"
start_emulator --latency-ms 100
slow_origin=$started

# The yardstick: the plain page (bench/plain/) from a third, with the same seed.
echo "==> Starting a third one serving the plain page (bench/plain/)"
static_here=$static
static=bench/plain
start_emulator
static=$static_here
args+=(--plain-origin "$started")

# The second yardstick: the least a Leptos app can be (bench/leptos-floor/).
if [ "$floor" = 1 ]; then
  if [ "$build" = 1 ] || ! ls target/leptos-floor/*.wasm >/dev/null 2>&1; then
    echo "==> Building the Leptos floor (bench/leptos-floor/)"
    bench/leptos-floor/build.sh
  fi
  echo "==> Starting one more serving the Leptos floor (target/leptos-floor/)"
  static_here=$static
  static=target/leptos-floor
  start_emulator
  static=$static_here
  args+=(--floor-origin "$started")
fi

if [ -n "$compare" ]; then
  echo "==> Starting two more serving $compare (one with the slow API), to compare"
  static_here=$static
  static=$compare
  start_emulator
  args+=(--compare-origin "$started" --compare-label "$compare")
  start_emulator --latency-ms 100
  args+=(--compare-slow-origin "$started")
  static=$static_here
fi

node scripts/bench.mjs --origin "$origin" --slow-origin "$slow_origin" --key "$key" --dist "$static" \
  --json target/bench-results.json ${args[@]+"${args[@]}"}
