#!/usr/bin/env bash
# Install what the build and the tests need on Debian 12, idempotently and quietly.
# Checks each package with dpkg-query first and calls apt-get update/install only when something is missing
# (as root, or through sudo: tools/apt-install-missing.sh). Then runs `npm ci` when package.json +
# package-lock.json exist and node_modules is missing or older than the lock file. A stamp (build/.deps-stamp) makes a repeated run cost almost nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-$root/build}
stamp=$build/.deps-stamp

packages=(
    build-essential emscripten zlib1g-dev libcjson-dev dpkg-dev opencc
    chromium fonts-noto-cjk fonts-wqy-zenhei qrencode clang libclang-rt-14-dev zstd
)

# Fast path: nothing changed since the last successful run.
if [[ -f $stamp && $stamp -nt $0 && ( ! -f package-lock.json || $stamp -nt package-lock.json ) && -z ${FORCE_DEPS:-} ]]; then
    exit 0
fi

# Node from any source will do (NodeSource or Debian); install Debian's only when there is none.
if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs)
fi
if ! command -v npm >/dev/null 2>&1 && [[ -f package.json ]]; then
    packages+=(npm)
fi
tools/apt-install-missing.sh "${packages[@]}"

if [[ -f package.json && -f package-lock.json ]]; then
    if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
        echo "  DEPS    npm ci"
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
        touch node_modules
    fi
fi

mkdir -p "$build"
touch "$stamp"
