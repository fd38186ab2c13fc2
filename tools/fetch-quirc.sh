#!/usr/bin/env bash
# Fetch quirc's C sources (ISC licence) from the npm package node-quirc (deps/quirc[/lib]) into
# build/third_party/quirc/. The package is unpacked under build/npm-quirc/, never into the repo.
# Idempotent: does nothing when build/third_party/quirc/quirc.c exists.
# Environment: BUILD_DIR (default <repo>/build), QUIRC_NPM_VERSION (default 2.3.0).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
ver=${QUIRC_NPM_VERSION:-2.3.0}
dest=$build/third_party/quirc
work=$build/npm-quirc

[[ -f $dest/quirc.c && -f $dest/quirc.h ]] && exit 0
command -v npm >/dev/null 2>&1 || { echo "fetch-quirc: npm not found" >&2; exit 1; }

mkdir -p "$work" "$build/third_party"
tgz=$(cd "$work" && npm pack --silent "node-quirc@$ver" 2>/dev/null | tail -n1)
[[ -n $tgz && -f $work/$tgz ]] || { echo "fetch-quirc: npm pack node-quirc@$ver failed" >&2; exit 1; }
rm -rf "$work/package"
tar -xzf "$work/$tgz" -C "$work"
lib=$work/package/deps/quirc/lib
[[ -d $lib ]] || lib=$work/package/deps/quirc   # node-quirc 2.x ships the lib/ files flat
for f in quirc.c quirc.h quirc_internal.h identify.c decode.c version_db.c; do
    [[ -f $lib/$f ]] || { echo "fetch-quirc: $f missing from node-quirc@$ver (deps/quirc/lib)" >&2; exit 1; }
done
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
cp "$lib"/*.c "$lib"/*.h "$dest.tmp"/
for l in "$work/package/deps/quirc/LICENSE" "$work/package/LICENSE"; do
    [[ -f $l ]] && { cp "$l" "$dest.tmp/LICENSE"; break; }
done
rm -rf "$dest"
mv "$dest.tmp" "$dest"
