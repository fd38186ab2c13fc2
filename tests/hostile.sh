#!/usr/bin/env bash
# Hostile inputs against the native CLI: every case runs under `timeout`, and asserts a clear error
# (exit 2, message naming the file/field) or a correct result, in bounded time. TAP output; each description
# ends with the measured wall time.
#
#   tests/hostile.sh            (ZICHA=path/to/zicha to test another binary; default build/zicha)
#
# Needs node (JSON assertions) and gzip. Inputs are generated into a temporary directory.
set -uo pipefail
# shellcheck source=tests/cli-lib.bash
. "$(dirname "$0")/cli-lib.bash"
cli_setup hostile "for the JSON assertions"
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

# run SECONDS OUT ERR -- CMD...: runs with a timeout; sets rc and took (seconds)
run() {
    local limit=$1 out=$2 err=$3
    shift 4
    local t0
    t0=$(now)
    timeout --kill-after=5 "$limit" "$@" >"$out" 2>"$err"
    rc=$?
    took=$(secs "$t0" "$(now)")
}
# runin SECONDS IN OUT ERR -- CMD...: same, stdin from IN
runin() {
    local limit=$1 in=$2 out=$3 err=$4
    shift 5
    local t0
    t0=$(now)
    timeout --kill-after=5 "$limit" "$@" <"$in" >"$out" 2>"$err"
    rc=$?
    took=$(secs "$t0" "$(now)")
}
# js FILE EXPR: evaluates EXPR with d = JSON of FILE and lines = its parsed JSONL lines (null when they do not
# parse); prints the result.
# A falsy result or an exception exits 1.
js() {
    node -e '
        const fs = require("fs");
        const raw = fs.readFileSync(process.argv[1], "utf8");
        let d = null, lines = null;
        try { d = JSON.parse(raw); } catch (e) {}
        try { lines = raw.split("\n").filter(Boolean).map((l) => JSON.parse(l)); } catch (e) {}
        const r = eval(process.argv[2]);
        if (!r) { console.log("false: " + raw.slice(0, 300)); process.exit(1); }
        console.log(typeof r === "string" ? r : JSON.stringify(r));
    ' "$1" "$2"
}
# utf8 FILE: exit 0 when the file is valid UTF-8
utf8() { node -e 'new TextDecoder("utf-8", {fatal: true}).decode(require("fs").readFileSync(process.argv[1]))' "$1" 2>/dev/null; }

o=$tmp/out
e=$tmp/err

# ---- 1. 10 MB of text: findings, in bounded time --------------------------------------------------------------
yes '全网最好的面膜，99%好评，原价199元现价99元。' | head -c 10485760 >"$tmp/10mb.txt"
run 60 "$o" "$e" -- "$Z" check --format json "$tmp/10mb.txt"
res=$(js "$o" 'd.summary.total > 100000 && d.summary.code_points > 3000000 && d.summary.truncated === true && d.findings.length === 1000 && d.summary.total') 
ok $((rc == 1 && $? == 0 ? 0 : 1)) "10 MB text: exit 1, $res findings counted, first 1000 kept (${took}s)" "rc=$rc $res" "$(head -c 300 "$e")"

# ---- 2. over ZC_MAX_TEXT_BYTES (16 MB): clear error, exit 2 -----------------------------------------------------
head -c 17000000 /dev/zero | tr '\0' 'a' >"$tmp/17mb.txt"
run 30 "$o" "$e" -- "$Z" check "$tmp/17mb.txt"
grep -q "17mb.txt: 文本过大：17000000 字节，上限 16777216 字节（16 MB）" "$e"  # same wording as the engine/page
ok $((rc == 2 && $? == 0 ? 0 : 1)) "17 MB file: exit 2, \"$(head -c 120 "$e" | sed "s|$tmp/||")\" (${took}s)" "rc=$rc stderr: $(head -c 300 "$e")"
runin 30 "$tmp/17mb.txt" "$o" "$e" -- "$Z" check -
grep -q "文本过大：17000000 字节，上限 16777216 字节" "$e"
ok $((rc == 2 && $? == 0 ? 0 : 1)) "17 MB on stdin: exit 2 with the limit named (${took}s)" "rc=$rc stderr: $(head -c 300 "$e")"

# ---- 3. empty input --------------------------------------------------------------------------------------------
: >"$tmp/empty.txt"
runin 10 "$tmp/empty.txt" "$o" "$e" -- "$Z" check --format json
res=$(js "$o" 'd.findings.length === 0 && d.summary.code_points === 0')
ok $((rc == 0 && $? == 0 ? 0 : 1)) "empty input: exit 0, no findings (${took}s)" "rc=$rc $res"
runin 10 "$tmp/empty.txt" "$o" "$e" -- "$Z" batch
[[ -s $o ]]
ok $((rc == 0 && $? == 1 ? 0 : 1)) "empty batch input: exit 0, no output (${took}s)" "rc=$rc"

# ---- 4. NUL bytes ----------------------------------------------------------------------------------------------
printf 'ab\0\0最\0好' >"$tmp/nul.txt"
run 10 "$o" "$e" -- "$Z" check --format json "$tmp/nul.txt"
res=$(js "$o" 'const f = d.findings.find((x) => x.rule_id === "ad.absolute.superlative"); f && f.start === 4 && f.end === 7 && f.match === "最\u0000好" && d.summary.code_points === 7')
ok $((rc == 1 && $? == 0 ? 0 : 1)) "NUL bytes: read as separators, 最\\0好 found at [4,7) with the NUL in \"match\" (${took}s)" "rc=$rc $res"
printf '%s\n' '{"id":"n1","text":"\u0000最好"}' '{"id":"n2","text":"最好"}' >"$tmp/nul.jsonl"
printf '{"id":"n3","text":"a\0最好"}\n' >>"$tmp/nul.jsonl"
runin 10 "$tmp/nul.jsonl" "$o" "$e" -- "$Z" batch
res=$(js "$o" 'lines.length === 3 && lines[0].id === "n1" && /NUL/.test(lines[0].error) && lines[1].findings.length > 0 && lines[2].id === "n3" && /NUL/.test(lines[2].error)')
ok $((rc == 0 && $? == 0 ? 0 : 1)) "batch: \\u0000 or a raw NUL in a line gives an error object (not a silently unchecked text) (${took}s)" "rc=$rc $res"

# ---- 5. invalid UTF-8: offsets in code points, bad bytes as U+FFFD --------------------------------------------
printf 'ab\xff\xfe最好\xe6\x9c最\xc0好' >"$tmp/bad.txt"
run 10 "$o" "$e" -- "$Z" check --format json "$tmp/bad.txt"
res=$(js "$o" 'const f = d.findings.filter((x) => x.rule_id === "ad.absolute.superlative"); f.length === 2 && f[0].start === 4 && f[0].end === 6 && f[0].match === "最好" && f[1].start === 8 && f[1].end === 11 && f[1].match === "最\ufffd好" && d.summary.invalid_utf8_bytes === 5 && d.summary.code_points === 11')
st=$?
utf8 "$o"
ok $((rc == 1 && st == 0 && $? == 0 ? 0 : 1)) "invalid UTF-8: offsets in code points, 5 bad bytes counted, U+FFFD in match, output valid UTF-8 (${took}s)" "rc=$rc $res"
printf '{"id":"bad\xff","text":"\xe6\x9c最好"}\n' >"$tmp/bad.jsonl"
runin 10 "$tmp/bad.jsonl" "$o" "$e" -- "$Z" batch
utf8 "$o"
st=$?
res=$(js "$o" 'lines.length === 1 && lines[0].id === "bad\ufffd" && lines[0].findings[0].start === 2')
ok $((rc == 0 && st == 0 && $? == 0 ? 0 : 1)) "batch with invalid UTF-8 in id and text: output stays valid UTF-8 (${took}s)" "rc=$rc $res"

# ---- 6. a million separators between two characters -------------------------------------------------------------
{ printf '最'; head -c 1000000 /dev/zero | tr '\0' ' '; printf '好'; } >"$tmp/sep.txt"
run 30 "$o" "$e" -- "$Z" check --mode listing --format json "$tmp/sep.txt"
res=$(js "$o" 'const f = d.findings[0]; d.findings.length === 1 && f.start === 0 && f.end === 1000002')
ok $((rc == 1 && $? == 0 ? 0 : 1)) "最 + 10^6 spaces + 好: one finding [0,1000002) (${took}s)" "rc=$rc $res"
{ printf '最'; yes $'\u200b' | head -n 1000000 | tr -d '\n'; printf '好'; } >"$tmp/zw.txt"
run 30 "$o" "$e" -- "$Z" check --mode listing --format json "$tmp/zw.txt"
res=$(js "$o" 'd.findings.length === 1 && d.findings[0].end === 1000002')
ok $((rc == 1 && $? == 0 ? 0 : 1)) "最 + 10^6 zero-width spaces + 好: one finding (${took}s)" "rc=$rc $res"

# ---- 7. one term repeated: linear time ---------------------------------------------------------------------------
yes '最好' | head -n 250000 | tr -d '\n' >"$tmp/rep1.txt"
yes '最好' | head -n 1000000 | tr -d '\n' >"$tmp/rep4.txt"
run 60 "$o" "$e" -- "$Z" check --format json "$tmp/rep1.txt"
t1=$took
res1=$(js "$o" 'd.summary.error >= 250000 && d.findings.length === 1000')
s1=$?
run 120 "$o" "$e" -- "$Z" check --format json "$tmp/rep4.txt"
t4=$took
res4=$(js "$o" 'd.summary.error >= 1000000 && d.findings.length === 1000')
s4=$?
ratio=$(awk -v a="$t1" -v b="$t4" 'BEGIN { printf "%.2f", b / (a > 0.01 ? a : 0.01) }')
lin=$(awk -v r="$ratio" 'BEGIN { print (r < 8) ? 0 : 1 }')
ok $((rc == 1 && s1 == 0 && s4 == 0 && lin == 0 ? 0 : 1)) \
    "最好 × 250k (${t1}s) vs × 1M (${t4}s): time ratio $ratio < 8 (linear), all hits counted, 1000 kept" "$res1" "$res4"

# ---- 8. batch: a line over the limit, malformed lines mixed with good ones --------------------------------------
{
    printf '%s\n' '{"id":"a","text":"全网最好"}'
    printf '{"id":"long","text":"'
    yes '好' | head -n 2000000 | tr -d '\n'
    printf '"}\n'
    printf '%s\n' 'not json' '{"id":"b","text":"最佳"}' '{"id":5,"text":3}' '[1,2]' \
        '{"id":"c","text":"x","category":"bogus"}' '{"id":"d","text":"最好"' '{"id":"e","text":"国家级"}'
    printf '{"id":"f","text":"最好"}' # last line without a newline
} >"$tmp/mixed.jsonl"
runin 60 "$tmp/mixed.jsonl" "$o" "$e" -- "$Z" batch
res=$(js "$o" 'const ids = lines.map((l) => l.id); const want = ["a","long",null,"b",5,null,"c",null,"e","f"];
    JSON.stringify(ids) === JSON.stringify(want) && /longer than/.test(lines[1].error) && lines[0].findings.length > 0 &&
    /invalid JSON/.test(lines[2].error) && /text/.test(lines[4].error) && /object/.test(lines[5].error) &&
    /category/.test(lines[6].error) && lines[9].findings.length > 0 && lines.filter((l) => l.error).length === 6')
ok $((rc == 0 && $? == 0 ? 0 : 1)) "batch: 10 lines (6 MB line, 5 malformed) → 10 outputs in order, error objects keep their ids (${took}s)" "rc=$rc $res"

printf '%s\n' '{"id":"two","text":"ok"} {"id":"hidden","text":"最好"}' '{"id":"sp","text":"最好"}   ' >"$tmp/two.jsonl"
runin 10 "$tmp/two.jsonl" "$o" "$e" -- "$Z" batch
res=$(js "$o" 'lines.length === 2 && lines[0].id === "two" && /unexpected text after the JSON object at byte 26/.test(lines[0].error) && lines[1].findings.length === 1')
ok $((rc == 0 && $? == 0 ? 0 : 1)) "batch: a second object on the line is an error (not silently unchecked), trailing spaces are fine (${took}s)" "rc=$rc $res"

# ---- 9. rule packs ------------------------------------------------------------------------------------------------
pack_case() { # pack_case DESC FILE EXPECTED_RC STDERR_REGEX
    run 30 "$o" "$e" -- "$Z" --rules "$2" rules
    grep -Eq -- "$4" "$e"
    ok $((rc == $3 && $? == 0 ? 0 : 1)) "$1: exit $rc, \"$(head -n1 "$e" | cut -c1-140 | sed "s|$tmp/||")\" (${took}s)" "rc=$rc stderr: $(head -c 300 "$e")"
}
{ printf '{"rules":'; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '}'; } >"$tmp/nested.json"
pack_case "pack nested 100000 deep" "$tmp/nested.json" 2 'nested\.json:1:[0-9]+: invalid JSON: nested deeper than 1000 levels'
{ printf '{"rules":[]'; head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' ' '; printf '}'; } | gzip -9 >"$tmp/bomb.json.gz"
pack_case "gzip bomb pack ($(stat -c %s "$tmp/bomb.json.gz") bytes → 100 MB)" "$tmp/bomb.json.gz" 2 'bomb\.json\.gz: gzip pack expands beyond the limit'
gzip -9 <rules/ad-absolute.json >"$tmp/full.json.gz"
head -c $(($(stat -c %s "$tmp/full.json.gz") / 2)) "$tmp/full.json.gz" >"$tmp/trunc.json.gz"
pack_case "truncated gzip pack" "$tmp/trunc.json.gz" 2 'trunc\.json\.gz: corrupt or truncated gzip data'
pack_case "pack path that does not exist" "$tmp/no/such/pack.json" 2 'no/such/pack\.json: No such file or directory'
printf '{"rules":[\n  {"id": 1,}]}' >"$tmp/syntax.json"
pack_case "pack with a JSON syntax error" "$tmp/syntax.json" 2 'syntax\.json:2:[0-9]+: invalid JSON'
printf '{"rules":[{"id":"x.y","family":"absolute_term","severity":"error","message":"m","suggestion":"s","terms":["a"]}]}' >"$tmp/schema.json"
pack_case "pack rule without basis" "$tmp/schema.json" 2 'schema\.json: rule "x\.y" .*field "basis"'
printf '\x1f\x8bnot gzip at all' >"$tmp/magic.json"
pack_case "gzip magic with garbage" "$tmp/magic.json" 2 'magic\.json: corrupt or truncated gzip data'
node -e '
    const terms = Array.from({length: 100000}, (_, i) => "词" + String(i).padStart(5, "0"));
    process.stdout.write(JSON.stringify({pack: "big", rules: [{id: "big.terms", family: "absolute_term", severity: "warning",
        basis: "测试", message: "测试", suggestion: "测试", terms}]}));' >"$tmp/big.json"
printf '这是词09999和词5，还有词99999。' >"$tmp/big.txt"
run 60 "$o" "$e" -- "$Z" --rules "$tmp/big.json" check --format json "$tmp/big.txt"
res=$(js "$o" 'const m = d.findings.filter((f) => f.rule_id === "big.terms").map((f) => f.match); m.join() === "词09999,词99999"')
ok $((rc == 1 && $? == 0 ? 0 : 1)) "pack with 100,000 terms: loads, finds 词09999 and 词99999 (${took}s)" "rc=$rc $res $(head -c 200 "$e")"
gzip -9 <"$tmp/big.json" >"$tmp/big.json.gz"
run 60 "$o" "$e" -- "$Z" --rules "$tmp/big.json.gz" check --format json "$tmp/big.txt"
res=$(js "$o" 'd.findings.filter((f) => f.rule_id === "big.terms").length === 2')
ok $((rc == 1 && $? == 0 ? 0 : 1)) "the same pack gzip-compressed: loads and finds the same (${took}s)" "rc=$rc $res $(head -c 200 "$e")"

# ---- 10. binary garbage (deterministic pseudo-random bytes) ------------------------------------------------------
node -e 'let x = 12345; const b = Buffer.alloc(1 << 20); for (let i = 0; i < b.length; i++) { x = (x * 1103515245 + 12345) >>> 0; b[i] = x >>> 24; } process.stdout.write(b)' >"$tmp/garbage.bin"
run 60 "$o" "$e" -- "$Z" check --format json "$tmp/garbage.bin"
st=$((rc == 0 || rc == 1 ? 0 : 1))
utf8 "$o"
res=$(js "$o" 'd.summary.invalid_utf8_bytes > 100000 && d.summary.code_points > 0')
ok $((st == 0 && $? == 0 ? 0 : 1)) "1 MB of random bytes: a report, valid UTF-8 JSON (${took}s)" "rc=$rc $res"
run 60 "$o" "$e" -- "$Z" --rules "$tmp/garbage.bin" rules
grep -Eq 'garbage\.bin:[0-9]+:[0-9]+: invalid JSON' "$e"
ok $((rc == 2 && $? == 0 ? 0 : 1)) "random bytes as a rule pack: exit 2, position named (${took}s)" "rc=$rc $(head -c 200 "$e")"

echo "1..$n"
((fails == 0))
