#!/usr/bin/env bash
# Hostile rule packs and endless input against the native CLI: the work budget (README "Security"), bounded
# reading, strict pack validation, inert terminal output. TAP; each description ends with the measured time (and
# peak memory where it matters).
#
#   tests/hostile-packs.sh      (ZICHA=path/to/zicha to test another binary; default build/zicha)
set -uo pipefail
# shellcheck source=tests/cli-lib.bash
. "$(dirname "$0")/cli-lib.bash"
cli_setup hostile-packs "to generate the packs"
o=$tmp/out
e=$tmp/err
tm=$tmp/time

# run SECONDS IN CMD...: stdin from IN (or /dev/null), stdout to $o, stderr to $e; sets rc, took (s), kb (peak RSS)
run() {
    local limit=$1 in=$2
    shift 2
    /usr/bin/time -f '%e %M' -o "$tm" timeout --kill-after=5 "$limit" "$@" <"$in" >"$o" 2>"$e"
    rc=$?
    read -r took kb <"$tm" 2>/dev/null || { took=?; kb=0; }
    [[ $took =~ ^[0-9.]+$ ]] || { took=$(tail -n1 "$tm" | cut -d' ' -f1); kb=$(tail -n1 "$tm" | cut -d' ' -f2); }
}
under() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

# pack NAME RULES NEST [allow|long]: RULES rules; rule r has the terms 好 × 1 … 好 × NEST (or allow phrases)
pack() {
    node -e '
        const [name, rules, nest, how] = process.argv.slice(1);
        const hao = (k) => "好".repeat(k);
        const rs = [];
        for (let r = 0; r < +rules; r++) {
            const rule = {id: `t.${r}`, family: "absolute_term", severity: "error", basis: "b", message: "m", suggestion: "s"};
            const seq = Array.from({length: +nest}, (_, k) => hao(k + 1));
            if (how === "allow") { rule.terms = ["好"]; rule.allow = seq.map((s) => s + "好"); }
            else if (how === "long") rule.terms = [hao(100000)];
            else rule.terms = seq;
            rs.push(rule);
        }
        require("fs").writeFileSync(name, JSON.stringify({pack: "hostile", rules: rs}));
    ' "$tmp/$1.json" "$2" "$3" "${4:-}"
}
node -e 'require("fs").writeFileSync(process.argv[1], "好".repeat(100000))' "$tmp/hao.txt"
node -e 'require("fs").writeFileSync(process.argv[1], "好".repeat(349525))' "$tmp/hao-1mb.txt"

# ---- 1. nested terms, nested allow phrases, one huge term: refused before any check ----------------------------
pack nested500 1 500
pack nested2000 1 2000
pack allow400 1 400 allow
pack long 1 1 long
pack deep 3 60 # every term short enough, 180 matches at one character
for p in nested500 nested2000 allow400 long deep; do
    run 20 /dev/null "$Z" --rules "$tmp/$p.json" check "$tmp/hao.txt"
    grep -q "hostile\|$p.json" "$e" && grep -q '规则包过于复杂' "$e"
    st=$?
    ok $((rc == 2 && st == 0 && $(under "$took" 2 && echo 0 || echo 1) == 0 ? 0 : 1)) \
        "$p pack on 100,000 × 好: exit 2, 规则包过于复杂 (${took}s, ${kb} KB)" "rc=$rc $(head -c 300 "$e")"
done

# ---- 2. the most a validated pack may cost: 1 MB of 好 in ≤ 2 s and ≤ 256 MB ------------------------------------
pack wide 100 1 # 100 rules sharing 好: 100+ matches at every character, within the per-character limit
node -e '
    const rs = Array.from({length: 100}, (_, r) => ({id: `t.${r}`, family: "absolute_term", severity: "error",
        basis: "b", message: "m", suggestion: "s", terms: ["好"]}));
    require("fs").writeFileSync(process.argv[1], JSON.stringify({rules: rs}));' "$tmp/wide.json"
pack nested40 2 40
for p in wide nested40; do
    run 20 /dev/null "$Z" --rules "$tmp/$p.json" check --format json "$tmp/hao-1mb.txt"
    st=1
    ((rc == 1)) && st=0
    ((rc == 2)) && grep -q '规则包过于复杂' "$e" && st=0
    under "$took" 2 && under "$kb" 262144 || st=1
    ok "$st" "$p pack (validates) on 1 MB of 好: a report or the budget error, ≤ 2 s, ≤ 256 MB (exit $rc, ${took}s, ${kb} KB)" \
        "$(head -c 300 "$e")"
done

# ---- 3. endless input: read up to the limit + 1 byte, then the size message --------------------------------------
run 20 /dev/zero "$Z" check
grep -q '文本过大：至少 16777217 字节，上限 16777216 字节（16 MB）' "$e"
ok $((rc == 2 && $? == 0 ? 0 : 1)) "check < /dev/zero: exit 2, 文本过大 (${took}s, ${kb} KB)" "rc=$rc $(head -c 300 "$e")"
run 20 /dev/null "$Z" --rules /dev/zero check
grep -q '/dev/zero: 文件过大：至少 33554433 字节' "$e"
ok $((rc == 2 && $? == 0 ? 0 : 1)) "--rules /dev/zero: exit 2, 文件过大 (${took}s, ${kb} KB)" "rc=$rc $(head -c 300 "$e")"

# ---- 4. clear usage and input errors -----------------------------------------------------------------------------
mkdir -p "$tmp/dir"
run 10 /dev/null "$Z" check "$tmp/dir"
grep -q 'dir: 是目录' "$e"
ok $((rc == 2 && $? == 0 ? 0 : 1)) "check DIR: exit 2, says it is a directory" "rc=$rc $(head -c 300 "$e")"
run 10 /dev/null "$Z" check --format
grep -q -- '--format needs a value' "$e"
ok $((rc == 2 && $? == 0 ? 0 : 1)) "check --format (no value): exit 2, says it needs a value" "rc=$rc $(head -c 300 "$e")"

# ---- 5. NUL, control characters and duplicate keys in packs; duplicate keys in batch -----------------------------
rule='"id":"t.x","family":"absolute_term","severity":"error","basis":"b","message":"m","suggestion":"s"'
printf '{"rules":[{%s,"terms":["最\\u0000好"]}]}' "$rule" >"$tmp/nul.json"
printf '{"rules":[{%s,"terms":["最好"],"terms":["最佳"]}]}' "$rule" >"$tmp/dup.json"
printf '{"rules":[{"id":"t.x","family":"absolute_term","severity":"error","basis":"\\u001b]52;c;aGk=\\u0007","message":"m","suggestion":"s","terms":["最好"]}]}' >"$tmp/osc.json"
for p in nul:NUL dup:duplicate osc:control; do
    echo '最近' >"$tmp/in.txt"
    run 10 "$tmp/in.txt" "$Z" --rules "$tmp/${p%%:*}.json" check
    grep -q "${p%%:*}.json.*${p#*:}" "$e"
    ok $((rc == 2 && $? == 0 ? 0 : 1)) "${p%%:*} pack: exit 2, $(head -c 160 "$e" | sed "s|$tmp/||")" "rc=$rc $(head -c 300 "$e")"
done
run 10 /dev/null "$Z" --rules "$tmp/osc.json" rules
! grep -q $'\x1b' "$o"
ok $((rc == 2 && $? == 0 ? 0 : 1)) "rules with an OSC 52 pack: refused, no escape sequence printed" "rc=$rc"
printf '%s\n' '{"id":1,"text":"好","text":"最好"}' '{"id":2,"text":"最好"}' >"$tmp/dup.jsonl"
run 10 "$tmp/dup.jsonl" "$Z" batch
res=$(node -e 'const l = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
    console.log(l.length === 2 && l[0].id === 1 && /duplicate key "text"/.test(l[0].error) && l[1].findings.length > 0)' "$o")
ok $([[ $res == true ]] && echo 0 || echo 1) "batch line with \"text\" twice: an error for that line, the next checked" "$(head -c 300 "$o")"

# ---- 6. terminal output is inert -----------------------------------------------------------------------------------
printf '最\x1b好\r\x1b[K\x07 最\xc2\x9b好\n' >"$tmp/esc.txt"
run 10 "$tmp/esc.txt" "$Z" check
st=0
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' "$o" && st=1
grep -qF '「最\x1b好」' "$o" || st=1
ok $((rc == 1 && st == 0 ? 0 : 1)) "check --format text: control characters of the text shown as escapes" "rc=$rc $(od -c "$o" | head -5)"

echo "1..$n"
((fails == 0))
