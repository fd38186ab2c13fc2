#!/usr/bin/env bash
# TAP tests for `zicha id CODE` (contract.md: JSON on stdout; exit 0 valid, 1 invalid, 2 usage).
# Environment: ZICHA (default build/zicha, or $BUILD_DIR/zicha).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
zicha=${ZICHA:-${BUILD_DIR:-build}/zicha}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() { # ok COND_STATUS DESCRIPTION [DIAGNOSTIC]
    n=$((n + 1))
    if [[ $1 == 0 ]]; then
        echo "ok $n - $2"
    else
        failed=$((failed + 1))
        echo "not ok $n - $2"
        [[ -n ${3:-} ]] && printf '%s\n' "$3" | sed 's/^/#   /'
    fi
}

if [[ ! -x $zicha ]]; then
    echo "not ok 1 - $zicha exists (run make)"
    echo "1..1"
    exit 1
fi

# run_id ARGS...: sets $out, $err, $rc
run_id() {
    "$zicha" id "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# json_check JS_EXPRESSION: evaluates the expression with `j` = parsed $out; status 0 when truthy
json_check() {
    node -e '
        let j;
        try { j = JSON.parse(process.argv[1]); } catch (e) { console.error("bad JSON: " + e.message); process.exit(1); }
        process.exit(eval(process.argv[2]) ? 0 : 1);
    ' "$out" "$1" 2>/dev/null
}

# The Done-when example of issue 4.
run_id 9144030071526726XG
ok $((rc != 0)) "9144030071526726XG exits 0" "rc=$rc $err"
json_check 'j.valid === true && j.kind === "uscc" && j.kind_name === "统一社会信用代码"'
ok $? "9144030071526726XG is a valid 统一社会信用代码" "$out"
json_check 'j.description.includes("企业") && j.parts.entity_type_name === "企业"'
ok $? "9144030071526726XG says 企业 (company)" "$out"
json_check 'j.region === "广东省深圳市" && j.description.includes("广东省深圳市")'
ok $? "9144030071526726XG says 广东省深圳市" "$out"
json_check 'JSON.stringify(Object.keys(j)) === JSON.stringify(["code","kind","kind_name","valid","severity","description","parts","problems","region"])'
ok $? "JSON keys in the documented order" "$out"
ok $([[ $(wc -l <"$tmp/out") == 1 ]]; echo $?) "JSON is one line"

run_id 9144030071526726XF
ok $((rc != 1)) "last character changed: exit 1" "rc=$rc"
json_check 'j.valid === false && j.problems.some(p => p.includes("校验码应为 G"))'
ok $? "last character changed: invalid, 校验码应为 G" "$out"

bad=0
for ch in 0 1 2 3 4 5 6 7 8 9 A B C D E F H J K L M N P Q R T U W X Y; do
    "$zicha" id "9144030071526726X$ch" >/dev/null 2>&1
    [[ $? == 1 ]] || bad=$((bad + 1))
done
ok $bad "all 30 other last characters exit 1" "$bad accepted"

# Other vectors from rules-catalogue.md section B.
check_kind() { # CODE KIND EXPECTED_RC
    run_id "$1"
    local want_valid=true
    [[ $3 == 1 ]] && want_valid=false
    json_check "j.kind === \"$2\" && j.valid === $want_valid"
    local s=$?
    ((rc == $3)) || s=1
    ok $s "$1 → $2, exit $3" "rc=$rc $out"
}
check_kind 91350200MA31E12PXF uscc 0
check_kind 330106000129004 registration_number 0
check_kind 330106000129005 registration_number 1
check_kind MA31E12P-X organization_code 0
check_kind SC10644030500123 food_production_licence 0
check_kind JY14403050123456 food_business_licence 0
check_kind YB24403050123456 food_business_filing 0
check_kind QS440306010001 food_qs_licence 1
check_kind SP1101051410296669 food_circulation_licence 1
check_kind 国食健注G20160123 health_food_registration 0
check_kind 食健备G202032000123 health_food_filing 0
check_kind 国药准字H20000001 drug_approval 0
check_kind 国药准字H2000001 drug_approval 1
check_kind 国械注准20153460012 medical_device_registration 0
check_kind 粤械注准20183140123 medical_device_registration 1
check_kind 苏宁械备20150004号 medical_device_filing 0
check_kind 国妆特字G20210001 cosmetic_registration 0
check_kind 粤G妆网备字2021123456 cosmetic_filing 0
check_kind 粤妆20160001 cosmetic_production_licence 0
check_kind 浙ICP备11012845号-5 icp_filing 0
check_kind 京ICP证030173号 icp_licence 0
check_kind 浙B2-20080224 telecom_licence 0
check_kind '浙公网安备 33010602011771号' public_security_filing 0
check_kind '浙网文[2016]0268-027号' network_culture_licence 0
check_kind 新出发京零字第海180213号 publication_licence 0
check_kind '（浙）-经营性-2024-0002' drug_info_certificate 0
check_kind hello unknown 1

run_id 330106000129004
json_check 'j.region === "浙江省杭州市西湖区" && j.parts.division_code === "330106"'
ok $? "15-digit 注册号: region 浙江省杭州市西湖区" "$out"

# Normalisation and argument handling.
run_id '９１４４０３００７１５２６７２６ｘｇ'
json_check 'j.valid && j.code === "9144030071526726XG"'
ok $? "full-width lower-case input is normalised and valid" "rc=$rc $out"
run_id 浙公网安备 33010602011771号
ok $((rc != 0)) "words after CODE are joined" "rc=$rc $out"
run_id -- 9144030071526726XG
ok $((rc != 0)) "-- before CODE" "rc=$rc"
printf ' 9144030071526726XG \n' | "$zicha" id - >"$tmp/out" 2>"$tmp/err"
rc=$?
out=$(cat "$tmp/out")
json_check 'j.valid === true'
ok $(( rc != 0 || $? != 0 )) "zicha id - reads stdin" "rc=$rc $out"
run_id ''
json_check 'j.kind === "unknown" && j.valid === false'
ok $(( rc != 1 || $? != 0 )) "empty CODE: unknown, exit 1" "rc=$rc $out"
run_id
ok $(( rc != 2 )) "no CODE: exit 2" "rc=$rc"
ok $([[ -z $out && $err == *usage* ]]; echo $?) "no CODE: usage on stderr, nothing on stdout" "$out / $err"
run_id --bogus
ok $(( rc != 2 )) "unknown option: exit 2" "rc=$rc"
run_id --help
ok $([[ $rc == 0 && $out == *usage* ]]; echo $?) "--help: usage on stdout, exit 0" "rc=$rc"
run_id "$(head -c 5000 /dev/zero | tr '\0' '9')"
ok $(( rc != 2 )) "5000-character argument: exit 2" "rc=$rc"
run_id "$(printf 'SC\001\"\\x')"
json_check 'j.valid === false'
ok $(( rc != 1 || $? != 0 )) "control characters and quotes: still valid JSON, exit 1" "rc=$rc $out"

echo "1..$n"
((failed == 0))
