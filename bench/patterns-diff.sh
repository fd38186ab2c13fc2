#!/usr/bin/env bash
# bench/patterns-diff.sh OLD_patterns.c [N]: differential test of the structured matchers (see bench/patterns-diff.c).
# Needs build/gen from a normal `make`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/bench/patterns-diff
mkdir -p "$out"
ren=""
for s in zc_pattern_scan zc_pattern_scan_kinds zc_pattern_by_name zc_pattern_name; do ren+=" -D$s=${s}_ref"; done
cc -std=c11 -O2 -w -Icore/src -Ibuild/gen $ren -c -o "$out/ref.o" "$1"
for f in patterns text identifier; do
    cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -Ibuild/gen -c -o "$out/$f.o" core/src/$f.c
done
cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -c -o "$out/main.o" bench/patterns-diff.c
cc -o "$out/patterns-diff" "$out/main.o" "$out/patterns.o" "$out/text.o" "$out/identifier.o" "$out/ref.o"
"$out/patterns-diff" "${2:-200000}"
