#!/usr/bin/env bash
# A/B check of two native CLIs on the bench inputs: reports must be byte-identical, and the best-of-N wall
# time of each.   bench/ab.sh OLD_ZICHA NEW_ZICHA [N]   (inputs from `node bench/gen-corpus.mjs`)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
old=$1 new=$2 n=${3:-3}
b=build/bench
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
# odd input: invalid UTF-8, overlongs, surrogates, truncated sequences, two-character folds, astral characters
python3 - "$tmp/weird.txt" <<'PY'
import random, sys
random.seed(7)
atoms = [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe4\xb8", b"\xf0\x9f\x98", b"\x80", b"\xef\xbf\xbd",
         "①⑩⑳㎡㎏ＮＯ．１第壹最好最佳全网第一国药准字H12345678京ICP备12345678号。\n！？ 🐼𝟗\u200b".encode(),
         "最 好的面膜，百分之九十九有效，3天见效，10倍，¥199，2024年5月1日\n".encode()]
out = b"".join(random.choice(atoms) for _ in range(200000))
open(sys.argv[1], "wb").write(out[:8000000])
PY
same() { if cmp -s "$1" "$2"; then echo "  identical: $3"; else echo "  DIFFERENT: $3"; status=1; fi; }
for z in old new; do
    bin=${!z}
    "$bin" check --format json $b/corpus.txt > "$tmp/$z.check"
    "$bin" batch < $b/corpus.jsonl > "$tmp/$z.batch"
    for f in tests/corpus/*.jsonl; do "$bin" batch < "$f"; done > "$tmp/$z.tc"
    for f in $b/listing-500.txt $b/listing-5000.txt "$tmp/weird.txt"; do "$bin" check --format json "$f"; done > "$tmp/$z.lst"
done
same "$tmp/old.check" "$tmp/new.check" "check corpus.txt"
same "$tmp/old.batch" "$tmp/new.batch" "batch corpus.jsonl"
same "$tmp/old.tc" "$tmp/new.tc" "batch tests/corpus/*.jsonl"
same "$tmp/old.lst" "$tmp/new.lst" "check listing-500/5000 and invalid UTF-8"
best() { # best-of-n seconds of a command
    local t bestt=999
    for ((i = 0; i < n; i++)); do
        /usr/bin/time -o "$tmp/t" -f %e "$@" >/dev/null 2>&1
        t=$(tail -1 "$tmp/t")
        bestt=$(echo "$t $bestt" | awk '{print ($1 < $2) ? $1 : $2}')
    done
    echo "$bestt"
}
for z in old new; do
    bin=${!z}
    c=$(best "$bin" check --format json $b/corpus.txt)
    ba=$(best sh -c "'$bin' batch < $b/corpus.jsonl")
    : > "$tmp/empty.txt"
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {printf "%.1f", $4/1e6}'; }
    ins0=$(ir "$bin" check --format json "$tmp/empty.txt")
    ins=$(ir "$bin" check --format json $b/corpus-1m.txt)
    insb=$(ir "$bin" batch < $b/corpus-1m.jsonl)
    echo "  $z: check $c s, batch $ba s; instructions (callgrind, millions): engine $ins0, check 1 MB $ins, batch 7k lines $insb ($bin)"
done
exit $status
