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

[[ -f $dest/quirc.c && -f $dest/quirc.h ]] && grep -q 'FLOOD_FILL_MAX_DEPTH 1024' "$dest/identify.c" 2>/dev/null && exit 0
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
# One guard added at build time (tests/fuzz/regressions/qr/quirc-alignment-spiral): for degenerate finder
# patterns quirc's perspective maths yields NaN → INT_MIN corners, the alignment-pattern size estimate overflows,
# and find_alignment_pattern() spirals for minutes (95 s in the wasm on a 24 KB image). An alignment pattern
# cannot be larger than the image, so such an estimate now means "no alignment pattern" (the code then decodes
# from its finder patterns alone, or not at all).
grep -q 'size_estimate = abs(' "$dest.tmp/identify.c" || { echo "fetch-quirc: identify.c changed upstream; review the guard" >&2; exit 1; }
awk '{ print } /^[ \t]*\(a\.y - b\.y\) \* \(c\.x - b\.x\)\);/ && !done {
        print "\t/* zicha build guard: reject estimates larger than the image (overflowed NaN maths) */";
        print "\tif (size_estimate <= 0 || size_estimate > q->w * q->h) return;";
        done = 1 }' "$dest.tmp/identify.c" > "$dest.tmp/identify.c.new"
grep -q 'zicha build guard' "$dest.tmp/identify.c.new" || { echo "fetch-quirc: could not add the spiral guard" >&2; exit 1; }
# Second guard: quirc's flood fill recurses up to 4096 levels; a browser worker's native stack can be smaller
# than that needs for wasm frames ("Maximum call stack size exceeded" on a real-looking photo in Chromium, while
# Node coped). 1024 levels still fill finder and alignment patterns of any size a licence photo has.
grep -q '^#define FLOOD_FILL_MAX_DEPTH[[:space:]]*4096' "$dest.tmp/identify.c.new" || { echo "fetch-quirc: FLOOD_FILL_MAX_DEPTH changed upstream; review the guard" >&2; exit 1; }
sed -i 's/^#define FLOOD_FILL_MAX_DEPTH[[:space:]]*4096/#define FLOOD_FILL_MAX_DEPTH 1024 \/\* zicha build guard: was 4096 \*\//' "$dest.tmp/identify.c.new"
mv "$dest.tmp/identify.c.new" "$dest.tmp/identify.c"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
