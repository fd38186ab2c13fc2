#!/usr/bin/env python3
"""Extract Chinese ICD-10 disease names from zh.wikipedia chapter pages
(as stored in github MASangys/wikipedia.zh, Page/ICD-10_第…章：….md).

Input : /work/staging/icd/raw/*.md  (first line "# SOURCE: ..." then the page text unchanged)
Output: /work/staging/icd/diseases-icd10.tsv        name<TAB>code<TAB>chapter<TAB>form
        /work/staging/icd/diseases-icd10.dropped.tsv name<TAB>code<TAB>chapter<TAB>form<TAB>reason

Forms: full (name as printed after the code, links unwrapped, text after "，" cut, parentheses kept),
       link (visible text of each wikilink on the line), core (full name minus parenthesised parts and
       leading qualifiers), heading (section heading name).
Code : the printed code (e.g. I10, G11.) when the line has one; otherwise (the page lost its
       {{ICD10}} templates and shows "()") the block range of the enclosing section (e.g. A00-A09),
       or the chapter range when the section gives none.
stdlib only.  Usage: python3 extract_icd10.py [--all-chapters]
"""
import os, re, sys, glob, collections

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, 'raw')
OUT = os.path.join(HERE, 'diseases-icd10.tsv')
DROPPED = os.path.join(HERE, 'diseases-icd10.dropped.tsv')

CN_NUM = {'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}
# chapter ranges as listed on the zh.wikipedia page "ICD-10" (ICD-10列表)
CHAPTER_RANGE = {1: 'A00-B99', 2: 'C00-D48', 3: 'D50-D89', 4: 'E00-E90', 5: 'F00-F99', 6: 'G00-G99',
                 7: 'H00-H59', 8: 'H60-H95', 9: 'I00-I99', 10: 'J00-J99', 11: 'K00-K93', 12: 'L00-L99',
                 13: 'M00-M99', 14: 'N00-N99', 15: 'O00-O99', 16: 'P00-P96', 17: 'Q00-Q99', 18: 'R00-R99',
                 19: 'S00-T98', 20: 'V01-Y98', 21: 'Z00-Z99', 22: 'U00-U99'}
# Chapters XX (external causes: 手枪发射, 洪水受害者 ...) and XXI (factors: 避孕问题, 恢复期 ...) hold no
# disease names; they are read but left out unless --all-chapters is given.
NON_DISEASE_CHAPTERS = {20, 21}

STOP_SECTIONS = ('参见', '參見', '参考文献', '參考文獻', '相关条目', '相關條目', '外部链接', '外部連結')
DROP_SUBSTR = ('其他', '未特指', '分类于他处', '并发症', '后遗症', '的')
# same residual categories in the Taiwan-style wording some of these pages use (其他明示之…, 未明示之…,
# 非特指的…, 未分类的…, 非特定…): not in the brief's list, added so they are dropped too
DROP_SUBSTR_EXTRA = ('明示', '非特指', '未分类', '非特定')
QUALIFIERS = ('急性', '慢性', '亚急性', '其他', '未特指的', '特发性', '继发性', '原发性', '先天性')
# Extra precision filter (not in the brief): a name must contain a disease-like morpheme, so that
# anatomy / substance link texts on code lines (脊髓, 乳房, 卵巢, 维生素D, 乳糖 ...) and Chapter II
# "()" site lists (副甲狀腺, 松果體 ...) do not enter a disease lexicon.  Dropped names are written
# to the .dropped.tsv with reason "no_disease_morpheme" for review.
DISEASE_HINT = re.compile(
    '病|症|征|炎|癌|瘤|痛|热|熱|疹|疸|疽|痹|瘫|癱|痪|痫|癇|痴呆|障碍|障礙|疾|患|综合|綜合|候群|中毒|感染|'
    '出血|梗死|梗塞|栓塞|血栓|硬化|衰竭|缺乏|缺陷|贫血|貧血|血症|溃疡|潰瘍|结石|結石|疝|痔|疣|癣|癬|疮|瘡|痘|'
    '痢|疟|瘧|咳|喘|风|風|麻痹|畸形|不全|狭窄|閉鎖|闭锁|增生|肥大|萎缩|萎縮|脱垂|脱离|脱發|脱发|虚脱|脱位|'
    '裂|骨折|损伤|損傷|伤寒|傷寒|烧伤|冻伤|晒伤|产伤|水肿|水腫|积水|肿|腫|瘘|瘻|脓|膿|息肉|囊肿|異常|异常|'
    '失禁|过速|阻滞|停搏|纤颤|扑动|高血压|低血压|休克|昏迷|晕|暈|厥|窒息|霍乱|霍亂|白喉|疫|丹毒|感冒|'
    '流产|早产|滞产|异位妊娠|多胎妊娠|过期妊娠|葡萄胎|子痫|不育|呕吐|恶心|黄疸|盲|聋|斜视|白内障|青光眼|'
    '口吃|早泄|癖|狂|躁|抑郁|焦虑|妄想|失调|失調|失眠|嗜睡|梦游|暴食|厌食|自闭|多动|抽动|痉挛|痙攣|木僵|'
    '肥胖|消瘦|不良|紊乱|减退|亢进|过多|過多|斑|胼胝|鸡眼|龋|狼疮|坏死|穿孔|梗阻|反流|扩张|曲张|血尿|'
    '蛋白尿|葡萄糖尿|脂血|异物|砂眼|天花|水痘|麻疹|脊柱裂|疲劳|衰老|头晕|咽痛|腹水|失语|冷淡|亢奋|性欲|'
    '梅毒|疳|谵妄|幻觉|滥用|依赖|人格|厌恶|困难|不清|自慰|尘肺|气胸|偏曲|阻生|疏松|侧凸|前凸|后凸|苔藓|酒渣|'
    '异位|过长|包茎|嵌顿|膨出|小头|未降|潴留|猝死|伤口|挤压伤|切断|低体温|变性|应激|剧吐|前置|滞留|增大|'
    '尿血|窘迫|夜惊|恐怖|恐惧|衰弱|错乱|软化|硬变|纤维化|胀气|肥厚|扭转|糜烂|失血|强硬|少尿|无尿|'
    '丧失|松解|多指|并指|闭塞|瘢痕|混浊|挛缩|变形|肝大|脾大|凝血|胎块')

LINK_RE = re.compile(r'\[([^\]]*)\]\((?:\\.|[^)\\])*\)')
RANGE_RE = re.compile(r'([A-Z]\d{2})\s*[-–]\s*([A-Z]\d{2})')
CODE_ITEM_RE = re.compile(r'^([A-Z]\d{2}(?:\.\d{0,2})?)(?:[，,\s]+|$)(.*)$')
PAREN_CODE_RE = re.compile(r'^\(([^)]*)\)\s*(.*)$')
CJK_RE = re.compile(r'[\u3400-\u9fff]')


def chapter_number(label):
    m = re.search(r'第([一二三四五六七八九十]+)章', label)
    s = m.group(1)
    if s == '十':
        return 10
    if s.startswith('十'):
        return 10 + CN_NUM[s[1]]
    if s.endswith('十'):
        return CN_NUM[s[0]] * 10
    if '十' in s:
        a, b = s.split('十')
        return CN_NUM[a] * 10 + CN_NUM[b]
    return CN_NUM[s]


def unlink(text):
    return LINK_RE.sub(lambda m: m.group(1), text)


def clean(text):
    t = unlink(text)
    t = t.replace('\\[', '[').replace('\\]', ']').replace('\\(', '(').replace('\\)', ')')
    t = t.replace('\\', '')
    t = re.sub(r'\s+NOS$', '', t.strip())
    t = re.sub(r'\s*(?:（\s*）|\(\s*\))', '', t)  # empty parentheses left where the page lost an English term
    return t.strip(' \t`*')


def strip_parens(name):
    prev = None
    while prev != name:
        prev = name
        name = re.sub(r'\([^()]*\)|（[^（）]*）|\[[^\[\]]*\]|【[^【】]*】', '', name)
    return name.strip()


def core_of(full):
    c = strip_parens(full)
    changed = True
    while changed:
        changed = False
        for q in QUALIFIERS:
            if c.startswith(q) and len(c) > len(q):
                c = c[len(q):]
                changed = True
    return c.strip()


def link_text(t):
    # pandoc conversion artefact: "[[房室传导阻滞]]和[[…]]" became "[房室传导阻滞和](…)": drop a trailing connector
    t = clean(t)
    if len(t) > 2 and t[-1] in '和及或与':
        t = t[:-1]
    # same artefact with other trailing words: "[急性复合精神病性障碍伴有]", "[精神分裂症症状得]", "[…白血病L]1型"
    t = re.sub(r'(?:未伴有|伴有|得|[A-Za-z])$', '', t) if len(t) > 3 and CJK_RE.search(t[:-1]) else t
    return t


def logical_items(lines):
    """Yield (kind, payload) in order: ('heading', (level, text)), ('para', text), ('item', text)."""
    item = None
    for raw in lines:
        line = raw.rstrip('\n')
        if item is not None and line.strip() and re.match(r'^\s+\S', line) and not re.match(r'^\s*-(\s|$)', line) \
                and not line.strip().startswith('<!--'):
            item += ' ' + line.strip()
            continue
        if item is not None:
            yield ('item', item)
            item = None
        if not line.strip() or line.strip().startswith('<!--') or line.startswith('|'):
            continue
        m = re.match(r'^(#{1,6})\s+(.*)$', line)
        if m:
            yield ('heading', (len(m.group(1)), m.group(2).strip()))
            continue
        m = re.match(r'^\s*-(?:\s+-)*(?:\s+(.*))?$', line)
        if m:
            item = (m.group(1) or '').strip()
            continue
        yield ('para', line.strip())
    if item is not None:
        yield ('item', item)


def heading_name(text):
    t = clean(text)
    t = re.sub(r'^[A-Z]\d{2}\s*[-–]\s*[A-Z]\d{2}\s*', '', t)
    t = re.sub(r'\s*[（(]\s*[A-Z]\d{2}\s*[-–]\s*[A-Z]\d{2}\s*[）)]\s*$', '', t)
    return t.strip()


def extract_file(path):
    label = os.path.basename(path)[:-3]
    chapter = label.split('_', 1)[1] if '_' in label else label
    chno = chapter_number(chapter)
    with open(path, encoding='utf-8') as f:
        lines = f.readlines()
    if lines and lines[0].startswith('# SOURCE:'):
        lines = lines[1:]
    rng = CHAPTER_RANGE[chno]
    out = []  # (name, code, form)
    stopped = False
    pending = None  # index in out of a heading without its own range, fixed by the range in the next paragraph
    for kind, payload in logical_items(lines):
        if kind == 'heading':
            level, text = payload
            plain = clean(text)
            if any(plain.startswith(s) for s in STOP_SECTIONS):
                stopped = True
                continue
            if stopped and level <= 2:
                stopped = False  # a later block heading (not seen in these pages, kept for safety)
            m = RANGE_RE.search(text)
            rng = '%s-%s' % (m.group(1), m.group(2)) if m else CHAPTER_RANGE[chno]
            name = heading_name(text)
            pending = None
            if name and name != '受控词表':
                out.append((name, rng, 'heading'))
                if not m:
                    pending = len(out) - 1
            continue
        if stopped:
            continue
        if kind == 'para':
            m = RANGE_RE.search(payload)
            if m and not payload.startswith('**'):
                rng = '%s-%s' % (m.group(1), m.group(2))
                if pending is not None:
                    out[pending] = (out[pending][0], rng, 'heading')
            pending = None
            continue
        pending = None
        text = payload
        code = None
        m = CODE_ITEM_RE.match(text)
        if m:
            code, text = m.group(1), m.group(2)
            # Chapter II D00.0, D01.2 ... are anatomical sites under 原位癌, not disease names
            if chno == 2 and re.match(r'^[A-Z]\d{2}\.\d', code):
                continue
        else:
            m = PAREN_CODE_RE.match(text)
            if m:
                code = m.group(1) or rng
                text = m.group(2)
            else:
                code = rng  # bare sub-item (inclusion term) under a coded entry
        text = text.strip()
        if not text or text.startswith(('排除', '包括', '注意')):
            continue
        full = clean(text).split('，')[0].strip()
        out.append((full, code, 'full'))
        for lm in LINK_RE.finditer(text):
            out.append((link_text(lm.group(1)), code, 'link'))
        core = core_of(full)
        if core != full and len(core) >= 2:
            out.append((core, code, 'core'))
    return chno, chapter, out


def reason_to_drop(name):
    if not name:
        return 'empty'
    for s in DROP_SUBSTR:
        if s in name:
            return 'residual:' + s
    for s in DROP_SUBSTR_EXTRA:
        if s in name:
            return 'residual_extra:' + s
    if len(name) <= 1:
        return 'too_short'
    if len(name) > 12:
        return 'too_long'
    if not CJK_RE.search(name):
        return 'no_cjk'
    if not DISEASE_HINT.search(name):
        return 'no_disease_morpheme'
    return None


def main():
    all_chapters = '--all-chapters' in sys.argv
    files = sorted(glob.glob(os.path.join(RAW, 'ICD-10_*.md')), key=lambda p: chapter_number(os.path.basename(p)))
    seen = {}
    kept, dropped = [], []
    stats = collections.Counter()
    for path in files:
        chno, chapter, rows = extract_file(path)
        skip_chapter = chno in NON_DISEASE_CHAPTERS and not all_chapters
        for name, code, form in rows:
            r = 'non_disease_chapter' if skip_chapter else reason_to_drop(name)
            if r:
                dropped.append((name, code, chapter, form, r))
                continue
            if name in seen:
                continue
            seen[name] = True
            kept.append((name, code, chapter, form))
            stats[(chapter, form)] += 1
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write('name\tcode\tchapter\tform\n')
        for row in kept:
            f.write('\t'.join(row) + '\n')
    with open(DROPPED, 'w', encoding='utf-8') as f:
        f.write('name\tcode\tchapter\tform\treason\n')
        for row in dropped:
            f.write('\t'.join(row) + '\n')
    print('kept %d names, dropped %d candidate rows' % (len(kept), len(dropped)))
    by_ch = collections.Counter(); by_form = collections.Counter()
    for (ch, form), n in stats.items():
        by_ch[ch] += n; by_form[form] += n
    for path in files:
        ch = os.path.basename(path)[:-3].split('_', 1)[1]
        print('  %s\t%d' % (ch, by_ch.get(ch, 0)))
    print('  forms: ' + ', '.join('%s=%d' % kv for kv in sorted(by_form.items())))
    print('  dropped reasons: ' + ', '.join('%s=%d' % kv for kv in sorted(collections.Counter(d[4].split(':')[0] for d in dropped).items())))


if __name__ == '__main__':
    main()
