#!/usr/bin/env python3
"""Regenerates the seed corpora in tests/fuzz/corpus/<target>/ and the dictionaries tests/fuzz/*.dict from
the repository's own data (rules/, tests/corpus/, build/licence-cases/ when present) plus hand-written tricky
inputs. Deterministic; small files only. Run from the repo root: python3 tests/fuzz/make-seeds.py
(qrencode is used for the qr seeds when installed)."""
import glob, gzip, hashlib, json, os, random, struct, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(root)
random.seed(7)
with open("rules/registry/vocabulary.json", encoding="utf-8") as f:
    REGISTRY = json.load(f)
CATS = [None, ""] + [c["name"] for c in REGISTRY["categories"]] + ["no_such_cat"]


def put(target, data, name=None):
    d = f"tests/fuzz/corpus/{target}"
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(f"{d}/{name}", "wb") as f:
        f.write(data)


def packs():
    out = []
    for p in sorted(glob.glob("rules/*.json")):
        with open(p, encoding="utf-8") as f:
            out.append((p, json.load(f)))
    return out


PACKS = packs()
texts, examples = [], []
for _, pk in PACKS:
    for r in pk.get("rules", []):
        ex = r.get("examples", {})
        for m in ex.get("match", []):
            examples.append(m if isinstance(m, dict) else {"text": m})
        for m in ex.get("no_match", []):
            examples.append(m if isinstance(m, dict) else {"text": m})
for p in sorted(glob.glob("tests/corpus/*.jsonl")):
    with open(p, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    texts.append(json.loads(line)["text"])
                except Exception:
                    pass

TRICKY = [
    b"", b"\x00", b"\xff\xfe\xfd", b"\xe6\x9c", b"\xe6\x9c\x80\xe5", b"\xc0\xaf\xe0\x80\xaf", b"\xed\xa0\x80\xed\xb0\x80",
    b"\xf4\x90\x80\x80", "最\u200b好".encode(), "最 好".encode(), "最*好".encode(), "ＦＵＬＬ９９％ｗｉｄｔｈ".encode(),
    "國家級最佳產品".encode(), "全网最\r\n好".encode(), "最" .encode() * 64, " ".encode() * 200 + "最好".encode(),
    "第一第一第一第一".encode(), "不是最好的吗？".encode(), "9成顾客 百分之九十 99.9% 10倍 ¥199 原价199元".encode(),
    "2024年5月1日 2024-05-01 5月1日 3天 24小时 3个月".encode(), "9144030071526726XG 国药准字H20000001 械注准20153140001".encode(),
    "\U0001F600最\U0001F600好\U0001F600".encode(), "a\u0301\u0308最好\ufeff".encode(), "。！？；!?".encode() * 10,
]


def seeds_check():
    picked = [e["text"] for e in examples[::max(1, len(examples) // 60)]] + texts[::max(1, len(texts) // 30)]
    for i, t in enumerate(picked):
        put("check", bytes([i % len(CATS), i % 3]) + t.encode())
    for i, t in enumerate(TRICKY):
        put("check", bytes([i % len(CATS), (i * 5) % 256]) + t)


def seeds_pack():
    for p, pk in PACKS:
        raw = open(p, "rb").read()
        if len(raw) <= 10000:
            put("pack", b"\x00" + raw)
        small = dict(pk)
        small["rules"] = pk.get("rules", [])[:2]
        s = json.dumps(small, ensure_ascii=False).encode()
        put("pack", b"\x00" + s)
        put("pack", b"\x01" + s)
        put("pack", b"\x03" + s)
    put("pack", b"\x02" + gzip.compress(b'{"rules":[]}', mtime=0)[2:])
    put("pack", b"\x00" + gzip.compress(b'{"rules":[]}', mtime=0)[:12])
    put("pack", b"\x00" + b"[" * 2000)
    put("pack", b'\x00{"rules":[{"id":"x","family":"absolute_term","severity":"error","basis":"b","message":"m",'
                b'"suggestion":"s","patterns":["percent","price","number","duration","multiple","date","uscc"],'
                b'"near":{"terms":["\xe6\x9c\x89\xe6\x95\x88"],"patterns":["percent"],"window":0,"extend":true},'
                b'"unless":{"terms":["a"],"window":3},"negation":true,"boundary":true,"categories":["food"],'
                b'"not_categories":["drug"],"examples":{"match":[{"text":"99%","match":"99%","category":"food"}],'
                b'"no_match":["x",{"text":"y","category":"drug"}]}}]}')
    put("pack", b'\x00{"pack":"p","categories":{"food":["a","b"],"drug":[]},"rules":[]}')
    put("pack", b'\x00{"evidence":{"drug":["x1"]},"lexicons":{"a":{"terms":["p","@b"],"examples":{"match":["p"]}},'
                b'"b":{"terms":["q"]}},"rules":[{"id":"x","family":"medical_claim","severity":"error","basis":"b",'
                b'"message":"m","suggestion":"s","terms":["@a"],"near":{"terms":["@b"],"window":3,"clause":true},'
                b'"permitted_in":["drug"],"patterns":["quantity"]}]}')


def seeds_batch():
    for i, e in enumerate(examples[::max(1, len(examples) // 40)]):
        o = {"id": i, "text": e["text"]}
        if e.get("category"):
            o["category"] = e["category"]
        put("batch", json.dumps(o, ensure_ascii=i % 2 == 0).encode())
    for line in [b'{"id":"a","text":"\\u0000\xe6\x9c\x80\xe5\xa5\xbd"}', b'{"id":null,"text":1}', b'{"text":"x"}',
                 b'{"id":[1,{"a":2}],"text":"\xe6\x9c\x80\xe5\xa5\xbd","category":"nope"}', b'[]', b'"x"', b'{',
                 b'{"id":1,"text":"\\ud83d\\ude00\\ud800"}', b'{"id":1e999,"text":""}', b'{"id":"x","text":"a"} trailing',
                 b'{"id":2,"text":"\xff\xfe","category":null}']:
        put("batch", line)


def seeds_identifier():
    src = open("tests/unit/test_identifier.c", encoding="utf-8").read() if os.path.exists(
        "tests/unit/test_identifier.c") else ""
    import re
    codes = [c for c in re.findall(r'"([^"\\]{6,60})"', src) if not c.startswith(("%", "#"))]
    codes += ["9144030071526726XG", "91310115MA93PMK506", "SC10644030600123", "JY14403050123456", "YB14403050123456",
              "国药准字H20000001", "国药准字Z44020211", "国食健注G20150001", "食健备G201944000001", "械注准20153140001",
              "粤械备20190001号", "国妆特字G20190001", "粤G妆网备字2019000001", "粤ICP备12345678号-1",
              "京ICP证000001号", "B2-20090001", "粤公网安备 44030502000001号", "京网文〔2019〕0001-001号",
              "新出发京批字第直110001号", "(粤)-经营性-2019-0001", "９１４４０３００７１５２６７２６ＸＧ",
              "91440300-71526726-XG", "QS4403 0601 0001", "SP4403051010000001", "440301000000001", "71526726-X"]
    for i, c in enumerate(list(dict.fromkeys(codes))[:60] + codes[-26:]):
        put("identifier", bytes([i % 256]) + c.encode())
    put("identifier", b"\x03" + "营业执照注册号：440301000000001，组织机构代码 71526726-X，国药准字H2000 械注准".encode())
    put("identifier", b"\x01" + b"\xef\xbc" * 40)


def seeds_licence():
    labels = [("uscc", "统一社会信用代码"), ("name", "名称"), ("type", "类型"), ("representative", "法定代表人"),
              ("scope", "经营范围"), ("founded", "成立日期"), ("term", "营业期限"), ("address", "住所"),
              ("authority", "登记机关"), ("issued", "")]
    cases = sorted(glob.glob("build/licence-cases/*.json"))[:12]
    for i, p in enumerate(cases):
        c = json.load(open(p, encoding="utf-8"))
        f = c.get("fields", {})
        lines = ["营业执照"]
        for k, lab in labels:
            if k in f:
                v = f[k]
                if i % 3 == 1:  # Tesseract-style spacing between Chinese characters
                    v = " ".join(v)
                lines.append(f"{lab} {v}" if lab else v)
        ocr = "\n".join(lines).encode()
        qr = (c.get("qr") or "").encode()
        listing = (c.get("listing") or "").encode()
        flags = (CATS.index(c.get("category")) if c.get("category") in CATS else 0) << 2
        put("licence", bytes([flags]) + ocr + (b"\xff" + qr + b"\xff" + listing if qr or listing else b""))
    put("licence", b"\x00" + "统一社会信用代码 9I44O3OO7I5Z67Z6XG\n名称 测试有限公司\n营业期限 2010年01月01日至2020年01月01日".encode())
    put("licence", b"\x01" + "名称：\n\n\n类型 个体工商户".encode() + b"\xffhttp://evil.example/gsxt.gov.cn\xff" +
        "企业名称：别的公司".encode())
    put("licence", b"\x00\xff\xff")


def seeds_qr():
    payloads = ["https://www.gsxt.gov.cn/corp-query-homepage.html?uniscid=91310115MA93PMK506", "hello",
                "统一社会信用代码 9144030071526726XG"]
    for i, text in enumerate(payloads):
        try:
            art = subprocess.run(["qrencode", "-t", "ASCII", "-m", "2", "-s", "1", text], capture_output=True,
                                 check=True).stdout.decode().splitlines()
        except Exception as e:
            print("make-seeds: qrencode unavailable, qr seeds without codes:", e, file=sys.stderr)
            break
        # ASCII: '##' per dark module, '  ' per light one
        mods = [[row[j:j + 2] == "##" for j in range(0, len(row), 2)] for row in art if row]
        scale = 2 + i
        n = max(len(r) for r in mods)
        w = h = n * scale
        rows = []
        for r in mods:
            line = bytearray()
            for j in range(n):
                dark = j < len(r) and r[j]
                line += bytes([0x10 if dark else 0xF0]) * scale
            for _ in range(scale):
                rows.append(bytes(line))
        pix = b"".join(rows)
        put("qr", struct.pack("<HHBB", w - 1, h - 1, 0, 4) + pix)
        if i == 0:  # the same code with a stride and some noise
            noisy = bytearray()
            for row in rows:
                noisy += bytes((b ^ random.randrange(0, 40)) for b in row) + b"\x80\x80\x80"
            put("qr", struct.pack("<HHBB", w - 1, h - 1, 3, 2) + bytes(noisy))
    put("qr", struct.pack("<HHBB", 15, 15, 8, 1) + bytes(range(256)))
    put("qr", struct.pack("<HHBB", 99, 79, 0x18, 3) + b"\x00\xff" * 4000)


def dicts():
    # JSON/pack vocabulary
    keys = ["pack", "description", "categories", "rules", "id", "family", "severity", "basis", "message",
            "suggestion", "terms", "patterns", "allow", "not_categories", "near", "unless", "window", "extend",
            "negation", "boundary", "examples", "match", "no_match", "text", "category", "version", "note",
            "sources", "scope", "absent", "lexicons", "evidence", "permitted_in", "clause", "source", "date", "licence",
            "script", "@"]
    vals = (["error", "warning", "info"] + [p["name"] for p in REGISTRY["patterns"]] +
            ["absolute_term", "medical_claim", "food", "drug", "general", "shop"])
    tokens = ['"%s"' % k for k in keys + vals] + ['":', '":[', '":{', '"},', '],', 'true', 'false', 'null', '\\u0000',
                                                  '\\ud800', '\\"', '1e999', '-0']
    with open("tests/fuzz/pack.dict", "w", encoding="utf-8") as f:
        f.write("# rule-pack JSON vocabulary (generated by tests/fuzz/make-seeds.py)\n")
        for t in dict.fromkeys(tokens):
            f.write('"%s"\n' % "".join("\\x%02X" % b if b < 0x20 or b >= 0x7F or b in b'"\\' else chr(b)
                                        for b in t.encode()))
    terms = []
    for _, pk in PACKS:
        for r in pk.get("rules", []):
            terms += r.get("terms", [])[:6] + r.get("allow", [])[:2] + r.get("near", {}).get("terms", [])[:2]
        for c in pk.get("categories", {}).values():
            terms += c[:2]
    terms += ["不是", "并非", "没有", "？", "。", "\n", "\u200b", "％", "元", "¥", "倍", "天", "年", "月", "日",
              "百分之", "成"]
    terms = list(dict.fromkeys(t for t in terms if t))[:900]

    def enc(t):
        return '"%s"' % "".join("\\x%02X" % b if b < 0x20 or b >= 0x7F or b in b'"\\' else chr(b) for b in t.encode())
    for name in ("check", "batch", "licence"):
        with open(f"tests/fuzz/{name}.dict", "w", encoding="utf-8") as f:
            f.write(f"# {name}: rule terms and text vocabulary (generated by tests/fuzz/make-seeds.py)\n")
            extra = []
            if name == "batch":
                extra = ['{"id":', '"text":', '"category":', '}', '\\u0000', '\\n']
            if name == "licence":
                extra = ["统一社会信用代码", "名称", "类型", "法定代表人", "经营者", "经营范围", "成立日期", "注册日期",
                         "营业期限", "住所", "经营场所", "登记机关", "长期", "至", "有限责任公司", "个体工商户",
                         "https://www.gsxt.gov.cn/", "\xff", "食品销售", "医疗器械", "化妆品"]
            for t in dict.fromkeys(extra + (terms if name != "licence" else terms[:200])):
                if t == "\xff":
                    f.write('"\\xFF"\n')
                else:
                    f.write(enc(t) + "\n")
    with open("tests/fuzz/identifier.dict", "w", encoding="utf-8") as f:
        f.write("# identifier anchors (generated by tests/fuzz/make-seeds.py)\n")
        for t in ["国药准字", "国药试字", "国食健注", "国食健字", "卫食健字", "食健备", "械注准", "械注进", "械注许",
                  "械备", "食药监械", "国妆特字", "国妆特进字", "卫妆", "妆网备字", "国妆网备进字", "国妆备进字",
                  "妆", "ICP备", "ICP证", "B2-", "公网安备", "网文", "新出发", "SC", "JY", "YB", "QS", "SP", "号",
                  "〔", "〕", "（", "）", "-", "—", "注册号", "执照", "组织机构代码", "信用代码", "粤", "京", "沪",
                  "91440300", "MA", "X", "９", "Ｘ"]:
            f.write(enc(t) + "\n")


seeds_check()
seeds_pack()
seeds_batch()
seeds_identifier()
seeds_licence()
seeds_qr()
dicts()
for t in sorted(os.listdir("tests/fuzz/corpus")):
    fs = os.listdir(f"tests/fuzz/corpus/{t}")
    print(t, len(fs), "files", sum(os.path.getsize(f"tests/fuzz/corpus/{t}/{x}") for x in fs), "bytes")
