#!/usr/bin/env bash
# bench/fold-diff.sh OLD_text.c: differential test of text.c optimisations. Links the current core/src/text.c
# and an older copy (symbols renamed *_ref) and compares zc_fold_char on every code point U+0000–U+10FFFF and
# the whole zc_fold_table_new table. Exit 1 on any difference.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/bench/fold-diff
mkdir -p "$out"
ren=""
for s in zc_fold_char zc_utf8_decode zc_utf8_encode zc_fold_table_new zc_ntext_build zc_ntext_free zc_fold_term \
         zc_ntext_decode zc_fold_term_table; do ren+=" -D$s=${s}_ref"; done
cc -std=c11 -O2 -w -Icore/src -Ibuild/gen $ren -c -o "$out/ref.o" "$1"
cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -Ibuild/gen -c -o "$out/new.o" core/src/text.c
cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -c -o "$out/main.o" bench/fold-diff.c
cc -o "$out/fold-diff" "$out/main.o" "$out/new.o" "$out/ref.o"
"$out/fold-diff"
