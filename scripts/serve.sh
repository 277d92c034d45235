#!/usr/bin/env bash
# Builds the page and serves it on http://127.0.0.1:8080 (set-up first: safe to run on a fresh clone).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh web
exec node scripts/serve.mjs build/web "${PORT:-8080}"
