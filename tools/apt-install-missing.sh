#!/usr/bin/env bash
# Install the named Debian packages that are not installed yet, quietly; nothing to do costs one dpkg-query each.
#   tools/apt-install-missing.sh [--no-install-recommends] PACKAGE...
# apt-get update + install run only when something is missing, as root or through sudo; on failure apt-get's
# output is shown. Debian 12 only (dpkg-query). Used by tools/install-deps.sh and mk/platform.mk.
set -euo pipefail

opts=()
if [[ ${1:-} == --no-install-recommends ]]; then
    opts=(--no-install-recommends)
    shift
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "apt-install-missing: dpkg-query not found; this script supports Debian 12 only" >&2
    exit 1
fi

missing=()
for p in "$@"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
done
((${#missing[@]})) || exit 0

echo "  DEPS    apt-get install ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "apt-install-missing: missing packages (${missing[*]}); run as root or install sudo" >&2
    exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1; then
    cat "$log" >&2
    echo "apt-install-missing: apt-get update failed" >&2
    exit 1
fi
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${opts[@]}" "${missing[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "apt-install-missing: apt-get install ${missing[*]} failed" >&2
    exit 1
fi
