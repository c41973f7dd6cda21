# The two commands a fresh machine needs (see README):
#   make run    set up, build, and run the portal with the demo emulator
#   make test   set up, build, and run every test
.PHONY: run test build setup bench

run:
	scripts/run.sh

test:
	scripts/test.sh

build:
	scripts/setup.sh
	scripts/build.sh

setup:
	scripts/setup.sh --browser

# Timings in headless Chromium against the large seed, and bundle sizes (README: Benchmark).
bench:
	scripts/bench.sh
