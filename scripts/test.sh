#!/usr/bin/env bash
# Runs every test of LossLab, set-up first (safe on a fresh clone):
#   1. native Catch2 tests + CLI end-to-end (Release, -march=native)
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the page built with Emscripten, driven in headless Chromium (Playwright)
#   4. the config and link readers fuzzed (libFuzzer, clang, ASan + UBSan) for a bounded time
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# Each stage says how long the one before it took (2-core CI machines: the builds dominate).
step() { printf '\n==== %s (at %d s) ====\n' "$*" "$SECONDS"; }

step "native build and tests"
scripts/build.sh native
ctest --preset native -j "$(nproc)"

step "sanitizer build and tests (ASan + UBSan)"
scripts/build.sh asan
ctest --preset asan -j "$(nproc)"

step "web build and browser tests"
scripts/build.sh web
# One browser at a time: two would share the CPU and each would see the other's load in its frame rate.
node --test --test-concurrency=1 --test-reporter=spec tests/browser/*.test.mjs

step "fuzzing the config and link readers (libFuzzer, 60 s)"
scripts/fuzz.sh 60
step "all tests passed"
