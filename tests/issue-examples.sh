#!/usr/bin/env bash
# The wording classes of the detection issue, in the issue's own example words: each gives a finding of the expected
# family (claims families count as one group: medical, health food, cosmetic, efficacy), or none for the traps.
# `# TODO` marks the examples the rules do not get yet (they do not fail the suite). TAP output.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
bin=${ZICHA:-build/zicha}
[[ -x $bin ]] || { echo "1..0 # SKIP $bin not built"; exit 0; }
n=0
check() { # expected-family-or-none text [todo-reason]
    local want=$1 text=$2 todo=${3:-} got
    got=$(printf '%s' "$text" | "$bin" check --format json | node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const g = (f) => (["medical_claim","health_food_claim","cosmetic_medical_claim","efficacy_figure"].includes(f) ? "claims" : f);
      const fams = new Set();
      for (const f of r.findings) if (f.severity !== "info") { fams.add(g(f.family)); for (const a of f.also || []) fams.add(g(a.family)); }
      process.stdout.write([...fams].sort().join(",") || "none");')
    local ok=0
    if [[ $want == none ]]; then [[ $got == none ]] && ok=1; else [[ ",$got," == *",$want,"* ]] && ok=1; fi
    n=$((n + 1))
    local line="$n - \"$text\" gives ${want} (got ${got})"
    if ((ok)); then echo "ok $line"; elif [[ -n $todo ]]; then echo "not ok $line # TODO $todo"; else echo "not ok $line"; fi
}
# 1. health function and disease claims, no category or a misleading one
for t in 增强免疫力 帮你排出体内毒素 让孩子长高个 提高记忆力 护肝解酒 '灵芝人参养生饮 增强免疫力 老人小孩都适合喝' 预防脂肪肝 改善浮肿 有助于减脂、抗衰老; do check claims "$t"; done
# 2. testimonials and before/after results
check claims '喝了一个月，我的血糖降下来了'
check claims '吃了三盒瘦了12斤'
# 3. guarantees and denial of risk
for t in 不反弹 零风险 无任何副作用 安全无毒的草本配方; do check claims "$t"; done
# 4. sector articles
check education_claim '通过率98%'
check education_claim '押题命中率高达90%'
check claims '起效更快更安全'
check claims '治愈率高'
# 5. course and e-book resale
check pirated_content '全套培训资料 百度网盘发货'
check pirated_content 'VIP班课程 未加密'
# 7. unsupported data and certification
for t in 日产10万件 服务500万家庭 通过FDA认证 国际认证 全国门店超5000家; do check unsupported_data "$t"; done
# newest misses named by the issue
check price_fraud '原价699，仅限今日199'
check unfair_clause '办卡后概不退款'
check real_estate_claim '商铺投资回报率高、稳赚不赔'
check real_estate_claim '投资回报率高、稳赚不赔' 'no property word: read as a finance claim'
check superstition '生辰八字测算'
check superstition '属相合婚'
# 8. ordinals are not rankings; rankings stay findings
for t in 第一章 第一篇 第一编 第一个预言 第一步; do check none "$t"; done
for t in 销量第一 排名第一 第一品牌; do check absolute_term "$t"; done
# 9. official designations and technical terms
for t in 国家级规划教材 国家级非物质文化遗产 国家级自然保护区 顶级域名; do check none "$t"; done
# 11. texts that are not claims
for t in 治愈系小说 一本治愈人心的散文集 本品不能代替药物 服用药物的人群食用本品时应向医生咨询 1954年复刻初版; do check none "$t"; done
check none '《世界上最美的50座小镇》摄影集'
check none '世界上最美的50座小镇'
echo "1..$n"
