#!/usr/bin/env bash
# Configures and builds one CMake preset: native | asan | web.  scripts/build.sh web
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:?usage: scripts/build.sh native|asan|web}
export NODE_PATH=/usr/share/nodejs  # Debian's emcc finds acorn there (TOOLCHAIN.md)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
