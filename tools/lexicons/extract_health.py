#!/usr/bin/env python3
"""Build health lexicons from the raw source files in raw/ (python3 stdlib only).

Outputs (next to this script):
  healthfood-functions.tsv  name<TAB>list<TAB>ordinal<TAB>source
      list = 2023目录 | 2003旧名 | 2023对照原声称 (old wordings mapped to a 2023 function)
  cosmetic-efficacy.tsv     name<TAB>释义<TAB>code<TAB>source
  diseases.tsv              name<TAB>kind<TAB>flags
      kind = disease | symptom | check ; flags = comma list of common_word / truncated / suspect_noise (or empty)

Every output row comes from text in raw/; the only hand-made inputs are the
flag word lists below (judgement, not data) and one documented spelling fix.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "raw")


def read_raw(name):
    """Return (header_line, body_lines) of a raw file; the first line is the SOURCE header."""
    with open(os.path.join(RAW, name), encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[0].startswith("# SOURCE:"), name
    return lines[0], lines[1:]


def write_tsv(name, header, rows):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {name}: {len(rows)} rows")


# ---------------------------------------------------------------- health food
def healthfood():
    rows = []
    warnings = []
    # 2023 list: the 24 names in EXPECTED_NON_NUTRIENT_NAMES (secondary GitHub source) ...
    _, gh = read_raw("health_hf2023_github_governance_test.txt")
    text = "\n".join(gh)
    block = re.search(r"EXPECTED_NON_NUTRIENT_NAMES = \[(.*?)\]", text, re.S).group(1)
    names2023 = re.findall(r'"([^"]+)"', block)
    assert len(names2023) == 24, len(names2023)
    # ... cross-checked against the official 广州市场监管局/市场监管总局 page (rows 1-9 survive in the stored excerpt)
    _, gz = read_raw("health_hf2023_scjgj_gz_gov.txt")
    gz = [l.strip() for l in gz]
    start = gz.index("需重新开展的功能学试验项目")
    body = [l for l in gz[start + 1:] if l]
    official = {}
    i = 0
    while i + 2 < len(body):
        if body[i].isdigit():
            official[int(body[i])] = (body[i + 1], body[i + 2])
            i += 3
            # skip the optional "需重新开展..." cell
            if i < len(body) and not body[i].isdigit():
                i += 1
        else:
            i += 1
    for n, (cur, _old) in sorted(official.items()):
        if n <= 24 and cur != names2023[n - 1] and not names2023[n - 1].startswith(cur):
            warnings.append(f"2023 row {n}: official page '{cur}' != github '{names2023[n-1]}'")
    for n, name in enumerate(names2023, 1):
        if n in official and official[n][0] == name:
            src = "samr via scjgj.gz.gov.cn (rows 1-9) + github test file id 68732081694"
        elif n <= 18:
            src = "github test file id 68732081694 (cross-checked by hand with goldpatent table rows 10-18)"
        else:
            src = "github test file id 68732081694 only (no second stored source for rows 19-24)"
        rows.append((name, "2023目录", str(n), src))
    # old wordings that the 2023 table maps onto each function (official page rows 1-9, github aliases for all 24)
    seen = set()
    for n, (cur, old) in sorted(official.items()):
        for o in re.split(r"[、]", old):
            o = o.strip()
            if o and o not in names2023 and (o, n) not in seen:
                seen.add((o, n))
                rows.append((o, "2023对照原声称", str(n), "samr via scjgj.gz.gov.cn"))
    ab = re.search(r"EXPECTED_TRANSITION_ALIASES = \{(.*?)\n\}", text, re.S).group(1)
    for fid, lst in re.findall(r'"hf-non-nutrient-cn-2023-(\d\d)": \[(.*?)\]', ab, re.S):
        n = int(fid)
        for o in re.findall(r'"([^"]+)"', lst):
            if (o, n) not in seen:
                seen.add((o, n))
                rows.append((o, "2023对照原声称", str(n), "github test file id 68732081694"))
    # 2003 list (27 names) from the 大众网·枣庄 page
    _, zz = read_raw("health_hf2003_zaozhuang_dzwww.txt")
    zz = [l.strip() for l in zz]
    a = zz.index("27类保健功能")
    b = next(k for k in range(a, len(zz)) if zz[k].startswith("返回"))
    old = [l for l in zz[a + 1:b] if l]
    assert len(old) == 27, len(old)
    fixes = {"对化学肝损伤有辅助保护功能": "对化学性肝损伤有辅助保护功能"}  # page typo; blzgs list + github aliases have 化学性
    for n, name in enumerate(old, 1):
        if name.endswith("功能") and not name.endswith("保护功能"):
            name = name[:-2]
        src = "zaozhuang.dzwww.com 2018-11-08"
        if name in fixes:
            name = fixes[name]
            src += " (typo fixed: 化学→化学性, per blzgs.cn list and github aliases)"
        rows.append((name, "2003旧名", str(n), src))
    for w in warnings:
        print("WARNING", w, file=sys.stderr)
    write_tsv("healthfood-functions.tsv", ("name", "list", "ordinal", "source"), rows)
    return rows


# ---------------------------------------------------------------- cosmetics
def cosmetics():
    rows = {}
    order = []
    _, hy = read_raw("health_cosmetic_huangye88.txt")
    cur = None
    for line in hy:
        line = line.strip()
        m = re.match(r"^(A|\d\d) (\S+) (.+)$", line)
        if m:
            cur = m.group(1)
            rows[cur] = [m.group(2), m.group(3), cur, "huangye88 page (reproduces 国家药监局2021年第49号公告 附表1)"]
            order.append(cur)
        elif line.startswith("注:") and cur:
            note = line
            if cur == "14":  # the stored excerpt ends mid-word here
                note += "…(摘录截断)"
            rows[cur][1] += " " + note
    _, gh = read_raw("health_cosmetic_github_efficacy_options.txt")
    for line in gh:
        m = re.search(r"value: '([^']+)', code: '([^']+)', desc: '([^']+)'", line)
        if not m:
            continue
        name, code, desc = m.groups()
        if code not in rows:
            rows[code] = [name, desc, code, "github file id 9914256586 (front-end option list; may abridge)"]
            order.append(code)
        elif rows[code][0] != name and code != "A":
            print(f"WARNING cosmetic code {code}: {rows[code][0]} vs {name}", file=sys.stderr)
    def key(c):
        return (1, 0) if c == "A" else (0, int(c))
    out = [tuple(rows[c]) for c in sorted(order, key=key)]
    write_tsv("cosmetic-efficacy.tsv", ("name", "释义", "code", "source"), out)
    return out


# ---------------------------------------------------------------- diseases / symptoms / checks
# Judgement lists (not data): entries that are also everyday words in listing text, so a hit is weak evidence.
COMMON_WORDS = set("""
失眠 疲劳 疲乏 乏力 无力 咳嗽 便秘 腹泻 腹胀 腹痛 口臭 口干 口渴 口苦 脱发 肥胖 感冒 伤风 头痛 头晕 头昏 发烧 低烧 低热
上火 眼袋 色斑 雀斑 斑点 老年斑 皱纹 抬头纹 川字纹 眉间皱纹 妊娠纹 肥胖纹 黑头粉刺 痘疮 痘疤 脸上长斑 脸上黑斑 面部斑点
湿气重 寒气重 体寒 宫寒 上焦火 虚火 内热 湿热病 湿阻 血热 血虚 气虚体质 阴虚体质 湿性体质 痰湿体质 血瘀体质 气郁体质 特禀体质 虚寒体质
水肿 浮肿 肿胀 脱水 宿醉 醉酒 空调病 电脑病 网瘾 网络成瘾 亚健康 过劳 过劳肥 考试焦虑 考后综合症 假期综合症 办公室综合症 手机依赖症
晕车 晕机 晕动病 晕动症 打嗝 呃逆 岔气 抽筋 落枕 打鼾 打呼噜 鼾症 磨牙 夜间磨牙 打喷嚏 流鼻涕 鼻塞 喉咙痛 喉咙痒 咽痛
中暑 晒伤 冻疮 痱子 热痱 鸡眼 脚气 脚臭 狐臭 腋臭 秃顶 秃头 白发 少白头 近视 老视 散光 斜视 肩膀酸疼 腰酸 腰酸背痛 浑身酸痛
扁平足 驼背 啤酒肚 虚胖 消瘦 厌食 挑剔嘴 儿童偏食 消化不良 胀气 放屁频频 嗳气 反酸 烧心 胃灼热 恶心 呕吐 贫血 怕冷 手脚冰凉 畏寒 出冷汗 盗汗 多汗症 手汗症 出脚汗
疤痕 瘀青 淤青 皮肤过敏 过敏 瘙痒 痒 干呕 紧张 忧郁 沮丧 抑郁 焦虑症 健忘 忘性大 多梦 噩梦 嗜睡 浅眠 入睡困难
血压 血糖 尿酸 血脂检查 体重指数 身体质量指数 体脂肪率 体温测量 视力 毛发 维生素 叶酸 烟酸 透明质酸 超氧化物歧化酶（SOD） 胶原
精氨酸 谷氨酰胺 赖氨酸 色氨酸 甘氨酸 丝氨酸 脯氨酸 组氨酸 丙氨酸 谷氨酸 天门冬氨酸 必需氨基酸 β-胡萝卜素 溶菌酶 淀粉酶 脂肪酶 胃蛋白酶 胰蛋白酶 钼 钒 一氧化碳
""".split())
VITAMIN = re.compile(r"^维生素[A-Z0-9]+$")
# Entries in the symptom/disease dicts that are obviously not medical terms (person names, site labels, test rows).
SUSPECT_NOISE = set("""
巨登伟 所淑芳 隋静 岳素荣 南康立 要利琴 代林彦 商艳红 类彦超 晋波 闫铁 兰瑞 闫红梅 郅书芬 南晓 覃迅云 官爵银 冬雪峰 闫宇邱
佟靓 郏帮芹 朴玉顺 豆瑞克 逯长平 过荣华 励银智 盖迎男 占思乔 闫丽 闫利霞 涂友宝 代树芳 岳加峰 岳俊卿 种宗雷 仝超 院博 代超 息子龙
亓红菲 帅海林 候亚益 兰红霞 衣雪源 闫芹 牟连芳 南慧 涂春银 闫锋 衣玉品 薄建国 仪平 佟玉涛 覃初丹 商建磊 缴健菲 岳军 莦锵新 佟新竹
员如玲 代开明 豆瑞 迟明华 南朝霞 涂锐 亢丽芳 迟强强 慈彦华 赫丽杰 岳亮 岳淑芹 展峰 闫会星 苟飞 铁宝刚 闫新慈 闫肇良 兰甜甜 帅冬怡
妙存帅 兰彪 岳嗣凤 闫敏 闫志才 闫鹏辉 牙举欢 商鲁翔 轩存旺 涂明 毓卓 闫未娟 岳亚庆 盖明文 丛伊可 呼正江 豆菊香 岳国斌 赫晓 隋海燕
苑长青 来鑫 闫维 岳晗 禚炬 南建广 苑玉梅 栗东 XYW HGX Doc Irl WUJ TOM 医师 医生 驻站医 营养师 测试 保密 起点 无标题文档
""".split())


def diseases():
    rows = []
    stats = {}
    for kind, fname in (("disease", "health_qasystem_disease.txt"),
                        ("symptom", "health_qasystem_symptom.txt"),
                        ("check", "health_qasystem_check.txt")):
        _, body = read_raw(fname)
        raw = [l for l in body if l != ""]
        seen = set()
        kept = dropped1 = dup = 0
        for l in raw:
            name = l.strip()
            if len(name) <= 1:
                dropped1 += 1
                continue
            if name in seen:
                dup += 1
                continue
            seen.add(name)
            flags = []
            if name in COMMON_WORDS or VITAMIN.match(name):
                flags.append("common_word")
            if name.endswith("...") or name.endswith("…"):
                flags.append("truncated")
            if name in SUSPECT_NOISE or name.endswith("-测试"):
                flags.append("suspect_noise")
            rows.append((name, kind, ",".join(flags)))
            kept += 1
        stats[kind] = dict(source_lines=len(raw), kept=kept, dropped_1char=dropped1, duplicates=dup)
    write_tsv("diseases.tsv", ("name", "kind", "flags"), rows)
    for k, v in stats.items():
        print(k, v)
    n = {f: sum(1 for r in rows if f in r[2].split(",")) for f in ("common_word", "truncated", "suspect_noise")}
    print("flags", n)
    present = {r[0] for r in rows}
    missing = sorted(w for w in SUSPECT_NOISE if w not in present and not w.endswith("测试"))
    if missing:
        print("suspect_noise words not found in data (harmless):", " ".join(missing))
    return rows, stats


if __name__ == "__main__":
    healthfood()
    cosmetics()
    diseases()
