#!/usr/bin/env bash
# Install what the build and the tests need on Debian 12, idempotently and quietly.
# Checks each package with dpkg-query first and calls apt-get update/install only when something is missing
# (as root, or through sudo). Then runs `npm ci` when package.json + package-lock.json exist and node_modules
# is missing or older than the lock file. A stamp (build/.deps-stamp) makes a repeated run cost almost nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-$root/build}
stamp=$build/.deps-stamp

packages=(
    build-essential emscripten zlib1g-dev libcjson-dev dpkg-dev opencc
    chromium fonts-noto-cjk fonts-wqy-zenhei qrencode clang libclang-rt-14-dev
)

# Fast path: nothing changed since the last successful run.
if [[ -f $stamp && $stamp -nt $0 && ( ! -f package-lock.json || $stamp -nt package-lock.json ) && -z ${FORCE_DEPS:-} ]]; then
    exit 0
fi

installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${packages[@]}"; do
        installed "$p" || missing+=("$p")
    done
    # Node from any source will do (NodeSource or Debian); install Debian's only when there is none.
    if ! command -v node >/dev/null 2>&1; then
        missing+=(nodejs)
    fi
    if ! command -v npm >/dev/null 2>&1 && [[ -f package.json ]]; then
        missing+=(npm)
    fi
else
    echo "install-deps: dpkg-query not found; this script supports Debian 12 only" >&2
    exit 1
fi

if ((${#missing[@]})); then
    echo "  DEPS    apt-get install ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then
        sudo=()
    elif command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "install-deps: missing packages (${missing[*]}); run as root or install sudo" >&2
        exit 1
    fi
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get update -qq >"$log" 2>&1; then
        cat "$log" >&2
        echo "install-deps: apt-get update failed" >&2
        exit 1
    fi
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$log" 2>&1; then
        cat "$log" >&2
        echo "install-deps: apt-get install ${missing[*]} failed" >&2
        exit 1
    fi
fi

if [[ -f package.json && -f package-lock.json ]]; then
    if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
        echo "  DEPS    npm ci"
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
        touch node_modules
    fi
fi

mkdir -p "$build"
touch "$stamp"
