// The settings file, shared by the page (web/settings-panel.js: 导出设置 / 导入设置) and the browser extension's
// options page (extension/settings.js; extension/build.mjs copies this file next to it).
import { loadIgnores } from './workflow.js';

// The page's settings as one JSON file, key for key its own storage: {"zicha.ignore": {rules, occurrences},
// "zicha.pack": {name, json | b64 (gzip bytes), words, reason, severity…} (absent: none), "zicha.category": ""}.
// The page's 导出设置 and the extension's options page write it, and each imports the other's. Unknown keys are
// ignored, so a dump of the page's whole localStorage imports too (its values are JSON strings there, and the
// category is its draft's).
export const SETTINGS_FILE = 'zicha-settings.json';

export function settingsJSON({ ignore, pack, category }) {
  const out = { 'zicha.ignore': loadIgnores(ignore), 'zicha.category': category || '' };
  if (pack) out['zicha.pack'] = pack;
  return JSON.stringify(out, null, 2);
}

/** Settings from a settings file: {ignore, pack, category} for the keys present (pack null: none). Throws an
 * Error with a message in Chinese for what cannot be used. `categories`: the category values known. */
export function parseSettings(text, categories) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('不是有效的 JSON。请粘贴或选择从网页版导出的设置文件。');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('设置文件应是一个 JSON 对象。');
  const parse = (x) => (typeof x === 'string' ? JSON.parse(x) : x);
  const out = {};
  if ('zicha.ignore' in v) out.ignore = loadIgnores(parse(v['zicha.ignore']));
  if ('zicha.pack' in v) {
    const p = parse(v['zicha.pack']);
    if (p === null) out.pack = null;
    else if (p && (typeof p.json === 'string' || typeof p.b64 === 'string')) out.pack = { ...p, name: p.name || 'custom-rules.json' };
    else throw new Error('“zicha.pack”不是可用的规则包。');
  }
  const cat = 'zicha.category' in v ? v['zicha.category'] : v['zicha.draft'] ? (parse(v['zicha.draft']) || {}).category : undefined;
  if (cat !== undefined && cat !== null) {
    if (!categories.includes(cat)) throw new Error(`类目“${cat}”不认识。`);
    out.category = cat;
  }
  if (!Object.keys(out).length) throw new Error('文件里没有 zicha 的设置（zicha.ignore、zicha.pack 或 zicha.category）。');
  return out;
}
