#!/usr/bin/env bash
# Determinism: the same input gives a byte-identical report, run after run, native and wasm.
# Inputs: every rule example of rules/*.json, every text of tests/corpus/*.jsonl, and hostile batch lines
# (invalid UTF-8, NULs, lone surrogate escapes, a line over the 4 MiB limit, malformed JSON, deep nesting, odd
# ids, CRLF, blank lines). They go through `build/zicha batch` twice (and once more with --category food), and
# through `node web/cli.mjs batch` (the wasm the page runs) when web/gen/zicha.wasm exists. TAP output.
#
#   tests/determinism.sh        (ZICHA=path/to/zicha to test another binary; default build/zicha)
set -uo pipefail
# shellcheck source=tests/cli-lib.bash
. "$(dirname "$0")/cli-lib.bash"
cli_setup determinism "to build the inputs"
# first_diff A B: "line N: <a> | <b>" for the first differing line (cut), or nothing
first_diff() {
    awk 'NR == FNR { a[FNR] = $0; na = FNR; next }
         { if (!(FNR in a) || a[FNR] != $0) { printf "line %d: %.160s | %.160s\n", FNR, a[FNR], $0; found = 1; exit } nb = FNR }
         END { if (!found && na != nb) printf "line counts differ: %d vs %d\n", na, nb }' "$1" "$2"
}

# ---- inputs ---------------------------------------------------------------------------------------------------
node - "$tmp/examples.jsonl" "$tmp/corpus.jsonl" <<'EOF'
const fs = require('fs');
const [exOut, corpusOut] = process.argv.slice(2);
const ex = [];
for (const f of fs.readdirSync('rules').filter((f) => f.endsWith('.json')).sort()) {
  const pack = JSON.parse(fs.readFileSync(`rules/${f}`, 'utf8'));
  for (const r of pack.rules || []) {
    const all = [...((r.examples || {}).match || []), ...((r.examples || {}).no_match || [])];
    all.forEach((e, i) => {
      const o = typeof e === 'string' ? { text: e } : e;
      const line = { id: `${r.id}#${i}`, text: o.text };
      if (o.category) line.category = o.category;
      ex.push(JSON.stringify(line));
    });
  }
}
fs.writeFileSync(exOut, ex.join('\n') + '\n');
const corpus = [];
if (fs.existsSync('tests/corpus')) {
  for (const f of fs.readdirSync('tests/corpus').filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const l of fs.readFileSync(`tests/corpus/${f}`, 'utf8').split('\n')) {
      if (!l.trim()) continue;
      try {
        const o = JSON.parse(l);
        const line = { id: `${f}:${o.id}`, text: o.text };
        if (o.category) line.category = o.category;
        corpus.push(JSON.stringify(line));
      } catch (e) { corpus.push(l); } // kept as is: a malformed line is an input too
    }
  }
}
fs.writeFileSync(corpusOut, corpus.join('\n') + (corpus.length ? '\n' : ''));
EOF
{
    printf '{"id":"bad-utf8","text":"ab\xff\xfe最好\xe6\x9c最\xc0好"}\n'
    printf '{"id":"bad-id-\xff","text":"国家级产品"}\n'
    printf '%s\n' '{"id":"nul-escape","text":"最\u0000好"}'
    printf '{"id":"raw-nul","text":"最\0好"}\n'
    printf '%s\n' '{"id":"surrogates","text":"\ud83d\ude00最好\ud800\udc00 \ud800 x \udfff"}'
    printf '%s\n' '{"id":"controls","text":"最\u0001\u001f\u007f好\u2028第一\u2029"}'
    printf '%s\n' '{"id":1e999,"text":"最好"}' '{"id":-0,"text":"最好"}' '{"id":1.5e3,"text":"最好"}' \
        '{"id":[1,{"a":null}],"text":"最好"}' '{"id":true,"text":"最好"}' '{"text":"no id 最好"}' \
        '{"id":"dup","text":"first","text":"最好 second"}' '{"id":"cat-null","text":"最好","category":null}' \
        '{"id":"cat-bad","text":"最好","category":"nope"}' '{"id":"cat-num","text":"最好","category":7}'
    printf '{"id":"crlf","text":"最好"}\r\n'
    printf '\n   \n\t\n'
    printf '%s\n' 'not json' '{"id":"trunc","text":"最' '[]' '"str"' 'null' '{"id":"x","text":"a"} trailing'
    printf '{"id":"deep","text":"x","note":'
    head -c 5000 /dev/zero | tr '\0' '['
    head -c 5000 /dev/zero | tr '\0' ']'
    printf '}\n'
    printf '{"id":"long","text":"'
    yes '最好' | head -n 900000 | tr -d '\n'
    printf '"}\n'
    printf '{"id":"big","text":"'
    yes '全网最好的面膜，第一品牌，99%%好评，原价199元现价99元。' | head -n 8000 | tr -d '\n'
    printf '"}\n'
    printf '{"id":"last-no-newline","text":"最佳"}'
} >"$tmp/hostile.jsonl"
cat "$tmp/examples.jsonl" "$tmp/corpus.jsonl" "$tmp/hostile.jsonl" >"$tmp/all.jsonl"
# lines that are not blank for the CLI (blank: only CR, spaces and tabs); bytes, not characters (NULs, bad UTF-8)
count_lines() { node -e 'console.log(require("fs").readFileSync(process.argv[1]).toString("latin1").split("\n").filter((l) => /[^\r \t]/.test(l)).length)' "$1"; }
n_in=$(count_lines "$tmp/all.jsonl")
ok $((n_in > 100 ? 0 : 1)) "inputs: $(wc -l <"$tmp/examples.jsonl") rule examples, $(wc -l <"$tmp/corpus.jsonl") corpus texts, $(count_lines "$tmp/hostile.jsonl") hostile lines"

# ---- native, run after run ---------------------------------------------------------------------------------------
timeout 300 "$Z" batch <"$tmp/all.jsonl" >"$tmp/n1.jsonl" 2>"$tmp/n1.err"
rc1=$?
timeout 300 "$Z" batch <"$tmp/all.jsonl" >"$tmp/n2.jsonl" 2>"$tmp/n2.err"
rc2=$?
outs=$(wc -l <"$tmp/n1.jsonl")
ok $((rc1 == 0 && rc2 == 0 ? 0 : 1)) "native batch exits 0 twice" "rc $rc1 $rc2: $(head -c 300 "$tmp/n1.err")"
ok $((outs == n_in ? 0 : 1)) "native batch: one output line per non-blank input line ($outs of $n_in)"
cmp -s "$tmp/n1.jsonl" "$tmp/n2.jsonl"
ok $? "native batch: two runs byte-identical ($(wc -c <"$tmp/n1.jsonl") bytes)" "$(first_diff "$tmp/n1.jsonl" "$tmp/n2.jsonl")"
timeout 300 "$Z" batch --category food <"$tmp/all.jsonl" >"$tmp/f1.jsonl" 2>/dev/null
timeout 300 "$Z" batch --category food <"$tmp/all.jsonl" >"$tmp/f2.jsonl" 2>/dev/null
cmp -s "$tmp/f1.jsonl" "$tmp/f2.jsonl"
ok $? "native batch --category food: two runs byte-identical" "$(first_diff "$tmp/f1.jsonl" "$tmp/f2.jsonl")"
node -e 'new TextDecoder("utf-8", {fatal: true}).decode(require("fs").readFileSync(process.argv[1]))' "$tmp/n1.jsonl" 2>/dev/null
ok $? "native batch output is valid UTF-8"

# check --format json on a hostile file, twice
tail -c 300000 "$tmp/hostile.jsonl" >"$tmp/check.txt"
"$Z" check --format json "$tmp/check.txt" >"$tmp/c1.json" 2>/dev/null
"$Z" check --format json "$tmp/check.txt" >"$tmp/c2.json" 2>/dev/null
cmp -s "$tmp/c1.json" "$tmp/c2.json"
ok $? "native check --format json: two runs byte-identical"

# ---- native vs wasm ------------------------------------------------------------------------------------------------
if [[ -f web/gen/zicha.wasm && -f web/cli.mjs ]]; then
    timeout 600 node web/cli.mjs batch <"$tmp/all.jsonl" >"$tmp/w1.jsonl" 2>"$tmp/w1.err"
    rcw=$?
    ok $((rcw == 0 ? 0 : 1)) "wasm batch (node web/cli.mjs) exits 0" "rc $rcw: $(head -c 300 "$tmp/w1.err")"
    cmp -s "$tmp/n1.jsonl" "$tmp/w1.jsonl"
    ok $? "native and wasm batch byte-identical ($(wc -c <"$tmp/w1.jsonl") bytes)" "$(first_diff "$tmp/n1.jsonl" "$tmp/w1.jsonl")"
    timeout 600 node web/cli.mjs batch --category food <"$tmp/all.jsonl" >"$tmp/wf.jsonl" 2>/dev/null
    cmp -s "$tmp/f1.jsonl" "$tmp/wf.jsonl"
    ok $? "native and wasm batch --category food byte-identical" "$(first_diff "$tmp/f1.jsonl" "$tmp/wf.jsonl")"
    timeout 300 node web/cli.mjs check --format json "$tmp/check.txt" >"$tmp/wc.json" 2>/dev/null
    cmp -s "$tmp/c1.json" "$tmp/wc.json"
    ok $? "native and wasm check --format json byte-identical" "$(first_diff "$tmp/c1.json" "$tmp/wc.json")"
else
    echo "ok $((++n)) - native vs wasm # SKIP web/gen/zicha.wasm not built (make wasm)"
fi

echo "1..$n"
((fails == 0))
