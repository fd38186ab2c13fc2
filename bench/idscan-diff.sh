#!/usr/bin/env bash
# bench/idscan-diff.sh OLD_identifier.c [N]: differential test of zc_id_scan (see bench/idscan-diff.c).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/bench/idscan-diff
mkdir -p "$out"
ren=""
for s in zc_id_identify_ex zc_id_identify zc_id_scan_each_cps zc_id_scan_each zc_id_scan zc_id_json zc_id_kind_name zc_id_kind_label zc_id_severity_name \
         zc_id_uscc_check_char zc_id_org_check_char zc_id_division_name zc_id_division_count zc_id_division_source; do
    ren+=" -D$s=${s}_ref"
done
cc -std=c11 -O2 -w -Icore/src -Ibuild/gen $ren -c -o "$out/ref.o" "$1"
new=()
for f in core/src/identifier*.c; do
    b=$(basename "$f" .c)
    cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -Ibuild/gen -c -o "$out/$b.o" "$f"
    new+=("$out/$b.o")
done
cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -Ibuild/gen -c -o "$out/text.o" core/src/text.c
cc -std=c11 -O2 -Wall -Wextra -Werror -Icore/src -c -o "$out/main.o" bench/idscan-diff.c
cc -o "$out/idscan-diff" "$out/main.o" "${new[@]}" "$out/ref.o" "$out/text.o"
"$out/idscan-diff" "${2:-200000}"
