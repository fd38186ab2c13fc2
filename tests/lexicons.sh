#!/usr/bin/env bash
# The lexicon packs are what their data gives: `node tools/gen-lexicons.mjs --check` rebuilds rules/lexicon-health.json
# and rules/lexicon-wildlife.json from rules/data/*.tsv in memory and compares. Every data file names its source,
# date and licence. TAP output.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
n=0
ok() { n=$((n + 1)); if [[ $1 == 0 ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
out=$(node tools/gen-lexicons.mjs --check 2>&1)
ok $? "rules/lexicon-*.json match rules/data (node tools/gen-lexicons.mjs)${out:+: $out}"
for f in rules/data/*.tsv; do
    head -12 "$f" | grep -q '^#.*[Ss]ource' && head -12 "$f" | grep -qi '^#.*licen[cs]e' && head -12 "$f" | grep -q '^#.*20[0-9][0-9]'
    ok $? "$f names its source, date and licence in its header"
done
echo "1..$n"
