#!/usr/bin/env bash
# Fetch the Debian source package of cJSON into build/third_party/ for the wasm build.
# Uses a private apt state under build/apt/ (own sources.list, lists, cache, status), so the system's apt
# configuration and package lists are never touched. Idempotent: does nothing when the tree is unpacked.
# Result: build/third_party/cjson -> cjson-<version>/ (a symlink).
# Environment: BUILD_DIR (default <repo>/build), DEBIAN_MIRROR, DEBIAN_SUITE.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
tp=$build/third_party
apt=$build/apt
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}

if [[ -f $tp/cjson/cJSON.c ]]; then
    exit 0
fi

for tool in apt-get dpkg-source; do
    command -v "$tool" >/dev/null 2>&1 || { echo "fetch-sources: $tool not found (run: make deps)" >&2; exit 1; }
done

mkdir -p "$tp" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/state"
: > "$apt/state/status"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
signed=
[[ -f $keyring ]] && signed=" [signed-by=$keyring]"
printf 'deb-src%s %s %s main\n' "$signed" "$mirror" "$suite" > "$apt/sources.list"

# Every option that points apt at the private state instead of the system's.
aptopts=(
    -o "Dir::Etc::SourceList=$apt/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists"
    -o "Dir::State::Status=$apt/state/status"
    -o "Dir::Cache=$apt/cache"
    -o Dir::Cache::pkgcache=
    -o Dir::Cache::srcpkgcache=
    -o APT::Sandbox::User=root
    -o Acquire::Retries=3
    -qq
)

log=$apt/fetch.log
: > "$log"
fail() { echo "fetch-sources: $1 (private apt state in $apt):" >&2; cat "$log" >&2; exit 1; }

if ! ls "$apt/lists/"*Sources* >/dev/null 2>&1; then
    apt-get "${aptopts[@]}" update >>"$log" 2>&1 || fail "apt-get update failed"
fi

fetch() { # $1 = source package, $2 = link name, $3 = a file that must exist in the tree
    local pkg=$1 link=$2 probe=$3 dir d
    [[ -f $tp/$link/$probe ]] && return 0
    rm -f "$tp/$link"
    (cd "$tp" && apt-get "${aptopts[@]}" source "$pkg") >>"$log" 2>&1 || fail "apt-get source $pkg failed"
    dir=
    for d in "$tp/$pkg"-*/; do
        [[ -f $d$probe ]] && dir=$(basename "$d")
    done
    [[ -n $dir ]] || fail "no unpacked $pkg tree containing $probe in $tp"
    ln -sfn "$dir" "$tp/$link"
}

fetch cjson cjson cJSON.c
