#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (CMake preset fuzz: build/fuzz, ASan + UBSan) and runs each for
# a bounded time, starting from the seeds in tests/fuzz/corpus/ (new inputs go to build/fuzz/corpus).
#   scripts/fuzz.sh [SECONDS]     60 by default
# A crash, a sanitizer report or a broken invariant exits non-zero and leaves the input in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/build.sh fuzz
mkdir -p build/fuzz/corpus
# -max_len above the per-value limit (2 KiB) and a long points list; the whole-link limit (80 KiB) is
# the unit tests' (test_config_url.cpp, test_custom_points.cpp): inputs that long would slow every run.
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  build/fuzz/losslab_fuzz_config -max_total_time="$seconds" -max_len=20000 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=build/fuzz/ -print_final_stats=1 build/fuzz/corpus tests/fuzz/corpus
