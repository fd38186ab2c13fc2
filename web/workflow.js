// The page's editing workflow without the DOM: fixes to apply, keys of ignored findings, what a rule-pack error
// means in plain Chinese, word lists turned into a rule pack, and what a buyer should check per category.
// Offsets are Unicode code points of the checked text (as in the engine's report), never UTF-16 units.
import { CATEGORY_CHECKLIST, PERMIT_FAMILIES as PERMIT_LIST } from './gen/registry.js';

/** A converter from code-point offsets of `text` to UTF-16 indexes. Text without surrogates (nearly all
 * Chinese text) maps 1:1 at no cost; otherwise the table is built once, in one pass. */
export function cpIndex(text) {
  if (!/[\ud800-\udfff]/.test(text)) return { toUnit: (cp) => Math.max(0, Math.min(cp, text.length)), length: text.length, slice: (a, b) => text.slice(a, b) };
  const units = new Uint32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    units[n++] = i;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  units[n] = text.length;
  const toUnit = (cp) => units[Math.max(0, Math.min(cp, n))];
  return { toUnit, length: n, slice: (a, b) => text.slice(toUnit(a), toUnit(b)) };
}

/** A page-level finding (the disclosure family: something the whole page lacks) has no span of its own. */
export const isPageLevel = (f) => f.start === f.end;

/** The fixes of a finding: the engine's `fixes` ([{text, start, end}], code points; "" deletes) when it gives
 * any, else the one edit its suggestion names (`fallback(suggestion, match)`: the replacement, '' or null). */
export function fixesOf(f, fallback) {
  if (Array.isArray(f.fixes) && f.fixes.length) {
    return f.fixes.filter((x) => x && typeof x.text === 'string' && Number.isInteger(x.start) && Number.isInteger(x.end) && x.end >= x.start);
  }
  if (isPageLevel(f) || !f.suggestion) return [];
  const rep = fallback(f.suggestion, f.match);
  return rep === null || rep === f.match ? [] : [{ text: rep, start: f.start, end: f.end }];
}

/** "Apply all": the first fix of each finding, none overlapping another already taken (earlier findings win),
 * ordered from the end of the text backwards so that applying one leaves the offsets of the others valid. */
export function planAll(findings, fallback) {
  const taken = [];
  for (const f of findings) {
    const fx = fixesOf(f, fallback)[0];
    if (!fx) continue;
    if (taken.some((o) => fx.start < o.end && o.start < fx.end)) continue;
    if (taken.some((o) => fx.start === fx.end && o.start === fx.start)) continue;
    taken.push(fx);
  }
  return taken.sort((a, b) => b.start - a.start);
}

// ---------------------------------------------------------------- ignored findings
const CONTEXT = 4; // code points each side of an ignored occurrence that identify it

/** One occurrence: rule, matched words and a few characters each side, so that it still names the same place
 * after edits elsewhere in the text (raw offsets would not). Near either end of the text the context is shorter. */
export function occurrenceOf(f, idx) {
  const before = idx.slice(Math.max(0, f.start - CONTEXT), f.start);
  const after = idx.slice(f.end, Math.min(idx.length, f.end + CONTEXT));
  return { key: `${f.rule_id}\u241f${f.match}\u241f${before}\u241f${after}`, rule: f.rule_id, match: f.match, before, after };
}

/** Whether finding f is the ignored occurrence o: same rule and words, and the context around it still ends
 * (before) and starts (after) with the one kept, which may have been cut short by the end of the text. */
export function sameOccurrence(o, f, idx) {
  if (o.rule !== f.rule_id || o.match !== f.match) return false;
  const here = occurrenceOf(f, idx);
  const b = o.before || '';
  const a = o.after || '';
  return (b.length < CONTEXT ? here.before.endsWith(b) : here.before === b) && (a.length < CONTEXT ? here.after.startsWith(a) : here.after === a);
}

export function loadIgnores(raw) {
  const v = raw && typeof raw === 'object' ? raw : {};
  return {
    rules: Array.isArray(v.rules) ? v.rules.filter((r) => typeof r === 'string') : [],
    occurrences: Array.isArray(v.occurrences) ? v.occurrences.filter((o) => o && typeof o.key === 'string') : [],
  };
}

// ---------------------------------------------------------------- rule-pack errors in plain words
const RULE_FIELDS = ['id', 'family', 'severity', 'basis', 'message', 'suggestion', 'terms', 'patterns', 'allow', 'near',
  'categories', 'not_categories', 'negation', 'boundary', 'absent', 'scope', 'examples', 'replace'];

function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}
function nearestField(name) {
  let best = null;
  let bd = 3;
  for (const f of RULE_FIELDS) {
    const d = distance(name, f);
    if (d < bd) [best, bd] = [f, d];
  }
  return best;
}

/** The engine's message for a refused pack (core/src/pack.c), said in plain Chinese with the user's file
 * name: which rule, which field, and what to change. The raw message stays available to the caller. */
export function explainPackError(raw, file) {
  const msg = String(raw || '').replace(/^custom-rules\.json/, file);
  const F = `“${file}”`;
  let m;
  if ((m = /:(\d+):(\d+): invalid JSON(: nested deeper)?/.exec(msg))) {
    return m[3]
      ? `文件${F}嵌套层数太多（第 ${m[1]} 行第 ${m[2]} 列），不是可用的规则包。`
      : `文件${F}不是有效的 JSON：第 ${m[1]} 行第 ${m[2]} 列附近有格式错误（常见原因：漏了逗号、引号或括号）。如果只想添加品牌词，可以改用每行一个词的 .txt 文件。`;
  }
  if ((m = /:(\d+):(\d+): unexpected text after the JSON value/.exec(msg))) return `文件${F}第 ${m[1]} 行第 ${m[2]} 列之后还有多余的内容，请删除。`;
  const where = (() => {
    const r = /rule "([^"]*)" \(#(\d+)\)/.exec(msg) || /: ([a-z0-9._-]+): field "/.exec(msg);
    if (r && r[2]) return `第 ${r[2]} 条规则（${r[1]}）`;
    if ((m = /rule #(\d+)/.exec(msg))) return `第 ${m[1]} 条规则`;
    if (r) return `规则 ${r[1]}`;
    return '';
  })();
  const fm = /field "([^"]+)": (.*)$/.exec(msg);
  if (fm) {
    const [, field, what] = fm;
    const at = `文件${F}${where}的字段“${field}”`;
    if (/unknown field/.test(what)) {
      const near = nearestField(field);
      return `${at}不认识。${near ? `是不是想写“${near}”？请改成“${near}”。` : '请删除它，或对照规则包说明检查拼写。'}`;
    }
    if (/not one of the families/.test(what))
      return `${at}不是可用的问题类型。品牌词、仿冒词请写 "counterfeit"，绝对化用语写 "absolute_term"；其他类型见规则包说明。`;
    if (/severity|error, warning or info/.test(what) || field === 'severity') return `${at}缺失或写错：只能是 "error"（违法）、"warning"（警告）或 "info"（建议）。`;
    if (/required for error and warning/.test(what)) return `${at}缺失：违法和警告级别的规则必须写修改建议（suggestion）。`;
    if (/required/.test(what)) return `${at}缺失或为空，请补上。`;
    if (/a rule needs terms or patterns/.test(what)) return `文件${F}${where}没有要查找的词：请在“terms”里列出词语。`;
    if (/may only contain/.test(what)) return `${at}只能用小写字母、数字和 . _ -，例如 "brand.mywords"。`;
    if (/duplicate rule id/.test(what)) return `${at}与已有规则重复，请换一个编号。`;
    if (/array of strings|not a non-empty string/.test(what)) return `${at}应是由文字组成的列表，例如 ["完美日记", "花西子"]。`;
    if (/no letters, digits or CJK/.test(what)) return `${at}里有一项只含符号，无法查找，请删除。`;
    if (/must be true or false/.test(what)) return `${at}只能是 true 或 false。`;
    if (/must be a string/.test(what)) return `${at}应是一段文字。`;
    return `${at}有误，请按规则包说明修改。`;
  }
  if (/must be a JSON object with "rules"|missing "rules"|"rules" must be an array/.test(msg))
    return `文件${F}不是规则包：规则包是一个带 "rules" 列表的 JSON 对象。只想添加品牌词的话，可以上传每行一个词的 .txt 文件，或 ["完美日记"] 这样的词语列表。`;
  if (/larger than/.test(msg)) return `文件${F}太大，不能作为规则包。`;
  if (/gzip|inflate|compressed/i.test(msg)) return `文件${F}是压缩文件，但无法解压或解压后过大。`;
  if (/lexicon/.test(msg)) return `文件${F}的词库（lexicons）部分有误，请按规则包说明修改。`;
  return `文件${F}无法作为规则包使用，请按规则包说明修改。`;
}

// ---------------------------------------------------------------- a plain word list becomes a rule pack
/** The words of a word list: a JSON array of strings, or text with one word a line and an optional
 * replacement (`词 → 替换`, also -> or =>). null when the text is neither (a rule pack, or not a list). */
export function parseWordList(text, name = '') {
  const s = String(text).replace(/^\ufeff/, '').trim();
  if (!s) return null;
  if (s.startsWith('[')) {
    let v;
    try {
      v = JSON.parse(s);
    } catch {
      return null;
    }
    if (!Array.isArray(v) || !v.length || !v.every((w) => typeof w === 'string')) return null;
    return v.map((w) => ({ word: w.trim(), to: null })).filter((w) => w.word);
  }
  if (s.startsWith('{') || (/\.json$/i.test(name) && !/\.txt$/i.test(name))) return null;
  const out = [];
  for (const line of s.split(/\r?\n/)) {
    const l = line.trim();
    if (!l || l.startsWith('#')) continue;
    const m = /^(.*?)\s*(?:→|->|=>)\s*(.*)$/.exec(l);
    out.push(m ? { word: m[1].trim(), to: m[2].trim() } : { word: l, to: null });
  }
  return out.filter((w) => w.word).length ? out.filter((w) => w.word) : null;
}

const hasLetters = (w) => /[\p{L}\p{N}]/u.test(w);

/** A rule pack (docs/design.md format) for a word list: the family counterfeit (brand and imitation words),
 * the merchant's reason as the message and the chosen severity. Words with a replacement get a rule each, whose
 * suggestion names the replacement (so that the page offers it as a fix). */
export function wordListPack(words, { reason, severity = 'warning', name = '' } = {}) {
  const sev = ['error', 'warning', 'info'].includes(severity) ? severity : 'warning';
  const message = (reason || '').trim() || '命中自定义词表中的品牌词或禁用词。';
  const usable = words.filter((w) => hasLetters(w.word));
  const plain = [...new Set(usable.filter((w) => !w.to).map((w) => w.word))];
  const rules = [];
  if (plain.length) {
    rules.push({ id: 'user.words', family: 'counterfeit', severity: sev, basis: '商家自定义词表', message,
      suggestion: '确认已获授权或属实；否则删除该词。', terms: plain });
  }
  usable.filter((w) => w.to).forEach((w, i) => {
    rules.push({ id: `user.words.r${i + 1}`, family: 'counterfeit', severity: sev, basis: '商家自定义词表', message,
      suggestion: `“${w.word}”改为“${w.to}”`, terms: [w.word] });
  });
  return { pack: { pack: 'user-words', description: `自定义词表${name ? `（${name}）` : ''}`, rules }, count: usable.length, skipped: words.length - usable.length };
}

// ---------------------------------------------------------------- consumer checklist per category
// (the per-category items are the registry's "checklist", rules/registry/vocabulary.json)
const CHECK_COMMON = ['店铺是否公示营业执照（店铺首页或“资质”页）；', '“原价”“限时”是否真实，可对比历史价格；', '退货规则是否支持七日无理由退货；', '不要脱离平台私下转账或加微信付款。'];
/** The consumer view's verdict for a list of findings: the risk level and, per family with an error or warning
 * (in order of first appearance), up to five distinct matched phrases. Shared by the page and the extension popup. */
export function consumerRisk(findings) {
  const hasErr = findings.some((f) => f.severity === 'error');
  const hasWarn = findings.some((f) => f.severity === 'warning');
  const reasons = [];
  const seen = new Set();
  for (const f of findings) {
    if (seen.has(f.family) || f.severity === 'info') continue;
    seen.add(f.family);
    const matches = findings.filter((x) => x.family === f.family && x.match).map((x) => `“${x.match}”`);
    reasons.push({ family: f.family, message: f.message, matches: [...new Set(matches)].slice(0, 5) });
  }
  return { level: hasErr ? 'high' : hasWarn ? 'medium' : 'low', reasons };
}

/** What a buyer should check before paying, for the category of the listing. */
export function checklistFor(category) {
  return [...(CATEGORY_CHECKLIST[category] || []), ...CHECK_COMMON];
}

/** Families whose warnings are about a permit, a registration or a proof the seller must hold. */
export const PERMIT_FAMILIES = new Set(PERMIT_LIST);
