#!/usr/bin/env bash
# README command 1: set up what is missing, build, and run the portal against
# the emulator with demo data. Prints the URL and the demo key.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
addr="${ADDR:-127.0.0.1:8080}"
echo "==> Starting the EzMDM emulator with demo data (Ctrl-C stops it)"
exec target/debug/ezmdm-emulator --addr "$addr" --db "${DB:-ezmdm-demo.db}" --seed demo --static dist "$@"
