#!/usr/bin/env bash
# bench/matcher-diff.sh OLD_matcher.c [N]: differential test of the matcher (see bench/matcher-diff.c).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/bench/matcher-diff
mkdir -p "$out"
ren=""
for s in zc_matcher_new zc_matcher_free zc_matcher_add zc_matcher_compile zc_matcher_pattern_count \
         zc_matcher_pattern_len zc_matcher_scan zc_matcher_memory; do ren+=" -D$s=${s}_ref"; done
cc -std=c11 -O2 -w -Icore/src $ren -c -o "$out/ref.o" "$1"
cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -c -o "$out/new.o" core/src/matcher.c
cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -c -o "$out/main.o" bench/matcher-diff.c
cc -o "$out/matcher-diff" "$out/main.o" "$out/new.o" "$out/ref.o"
"$out/matcher-diff" "${2:-20000}"
