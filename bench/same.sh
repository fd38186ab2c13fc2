#!/usr/bin/env bash
# Reports of two native CLIs must be byte-identical (the quick half of bench/ab.sh, without timings):
#   bench/same.sh OLD_ZICHA NEW_ZICHA
# check --format json in the three modes on the bench corpus, the texts of tests/corpus/*.jsonl (one file), the
# listing samples and odd UTF-8; batch on corpus.jsonl, corpus-1m.jsonl and tests/corpus/*.jsonl.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
old=$1 new=$2
b=build/bench
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
python3 - "$tmp" tests/corpus/*.jsonl <<'PY'
import json, random, sys
out = sys.argv[1]
texts = []
for f in sys.argv[2:]:
    for line in open(f, encoding="utf-8"):
        try:
            texts.append(json.loads(line).get("text", ""))
        except Exception:
            pass
open(out + "/tc.txt", "w", encoding="utf-8").write("\n".join(texts))
# small texts of the test corpus: each one alone, in every mode, is covered by the batch run; here three at a time
open(out + "/tc-short.txt", "w", encoding="utf-8").write("\n".join(texts[:3]))
random.seed(7)
atoms = [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe4\xb8", b"\xf0\x9f\x98", b"\x80", b"\xef\xbf\xbd",
         "①⑩⑳㎡㎏ＮＯ．１第壹最好最佳全网第一国药准字H12345678京ICP备12345678号。\n！？ 🐼𝟗\u200b".encode(),
         "最 好的面膜，百分之九十九有效，3天见效，10倍，¥199，2024年5月1日\n".encode(),
         "这是最好的吗？不是最好的。是不是最佳？怎么最有效?\n".encode()]
o = b"".join(random.choice(atoms) for _ in range(100000))
open(out + "/weird.txt", "wb").write(o[:4000000])
PY
for z in old new; do
    bin=${!z}
    for m in auto listing shop; do
        for f in $b/corpus.txt "$tmp/tc.txt" "$tmp/tc-short.txt" $b/listing-500.txt $b/listing-5000.txt "$tmp/weird.txt"; do
            "$bin" check --mode $m --format json "$f"
        done
    done > "$tmp/$z.check"
    { "$bin" batch < $b/corpus.jsonl; "$bin" batch < $b/corpus-1m.jsonl; for f in tests/corpus/*.jsonl; do "$bin" batch < "$f"; done; } > "$tmp/$z.batch"
done
for k in check batch; do
    if cmp -s "$tmp/old.$k" "$tmp/new.$k"; then echo "identical: $k ($(wc -c < "$tmp/new.$k") bytes)"; else echo "DIFFERENT: $k"; status=1; fi
done
exit $status
