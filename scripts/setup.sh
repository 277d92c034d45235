#!/usr/bin/env bash
# Installs everything LossLab needs on a fresh Debian 12 machine, from Debian's packages and the npm
# registry only. Safe to run again: every step checks first and does nothing when its part is there.
#
#   scripts/setup.sh            native + web + browser-test dependencies
#   IMGUI_DIR=/path/to/imgui    use an existing Dear ImGui 1.86 checkout instead of Debian's source package
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential cmake ninja-build pkg-config dpkg-dev
  emscripten libeigen3-dev catch2 nlohmann-json3-dev libcli11-dev libstb-dev
  libglfw3-dev libgl-dev
  chromium nodejs xvfb
  clang libclang-rt-dev  # the fuzz stage: libFuzzer (its runtime is only recommended by clang)
  python3-jsonschema     # checks `losslab schema` with an independent validator
)

log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing_debs() {
  local p
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

apt_updated=0
apt_update_once() {
  [ "$apt_updated" -eq 1 ] && return
  as_root apt-get update -qq
  apt_updated=1
}

install_debs() {
  local missing
  missing=$(missing_debs)
  if [ -z "$missing" ]; then log "Debian packages: all present"; return; fi
  log "Debian packages: installing $(echo $missing | tr '\n' ' ')"
  apt_update_once
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing
}

# Dear ImGui: the wasm build needs the .cpp files, which only Debian's *source* package has.
IMGUI_DEFAULT=third_party/imgui-1.86
install_imgui() {
  if [ -n "${IMGUI_DIR:-}" ]; then
    [ -f "$IMGUI_DIR/imgui.cpp" ] || { echo "IMGUI_DIR=$IMGUI_DIR has no imgui.cpp" >&2; exit 1; }
    log "Dear ImGui: using IMGUI_DIR=$IMGUI_DIR"; return
  fi
  if [ -f "$IMGUI_DEFAULT/imgui.cpp" ]; then log "Dear ImGui: present in $IMGUI_DEFAULT"; return; fi
  local src=/etc/apt/sources.list.d/losslab-deb-src.sources
  if ! grep -rqsE '^[[:space:]]*(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "enabling Debian source packages ($src)"
    as_root tee "$src" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  apt_update_once
  mkdir -p third_party
  local tmp; tmp=$(mktemp -d)
  chown _apt "$tmp" 2>/dev/null || true  # apt downloads as the _apt user when it may write there
  (cd "$tmp" && apt-get source -qq imgui=1.86* >/dev/null 2>&1 || apt-get source -qq imgui >/dev/null)
  local dir; dir=$(find "$tmp" -maxdepth 1 -type d -name 'imgui-*' | head -1)
  [ -f "$dir/imgui.cpp" ] || { echo "apt-get source imgui gave no imgui.cpp" >&2; exit 1; }
  rm -rf "$IMGUI_DEFAULT"; mv "$dir" "$IMGUI_DEFAULT"; rm -rf "$tmp"
  log "Dear ImGui: unpacked into $IMGUI_DEFAULT"
}

# The browser tests' playwright-core needs Node.js 20 or newer and npm. Debian 12's own nodejs is 18 and
# ships npm separately; machines set up with NodeSource's Node 20 already have both.
check_node() {
  if ! command -v npm >/dev/null; then
    apt_update_once
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends npm
  fi
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "setup: Node.js $(node --version) is too old for the browser tests; install Node.js 20 or newer" >&2
    exit 1
  fi
}

install_npm() {
  if [ -d node_modules/playwright-core ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    log "npm packages: present"; return
  fi
  log "npm packages: npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
}

install_debs
install_imgui
check_node
install_npm
log "done"
