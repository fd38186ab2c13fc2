// Settings kept in chrome.storage.local, and their exchange with the page as JSON.
//
// The page keeps its settings in localStorage, which the extension cannot reach. The exchange format is the page's
// own storage, key for key: {"zicha.ignore": {...}, "zicha.pack": {...}, "zicha.prefs": {...}, "zicha.category": ""}
// ("zicha.category" is the 类目 the page last used; the page keeps it inside its draft). Unknown keys are ignored, so a
// dump of the page's whole localStorage imports too.
import { loadIgnores } from './workflow.js';
import { CATEGORIES } from './i18n.js';

export const SCRIPT_ID = 'zicha-sites';
const DEFAULTS = { sites: [], ignore: { rules: [], occurrences: [] }, pack: null, category: '' };

export async function getSettings() {
  const v = await chrome.storage.local.get(Object.keys(DEFAULTS));
  return { ...DEFAULTS, ...v, ignore: loadIgnores(v.ignore) };
}
export const saveIgnores = (ignore) => chrome.storage.local.set({ ignore: loadIgnores(ignore) });

/** Match patterns of the switched-on sites: scheme and host, any port and path (iframes of the same host too). */
export function siteOrigins(sites) {
  return [...new Set((sites || []).map(sitePattern).filter(Boolean))];
}
export function sitePattern(url) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return null;
  }
}

const CATEGORY_VALUES = new Set(CATEGORIES.map((c) => c[0]));

/** The page's JSON for the extension's settings (sites stay out: they are the extension's own). */
export function exportJSON(s) {
  const out = { 'zicha.ignore': loadIgnores(s.ignore), 'zicha.category': s.category || '' };
  if (s.pack) out['zicha.pack'] = s.pack;
  return JSON.stringify(out, null, 2);
}

async function gunzipB64(b64) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new TextDecoder().decode(await new Response(stream).arrayBuffer());
}

/** Settings from the page's JSON: {ignore, pack, category} for the keys present. Throws Error with a message in
 * Chinese for what cannot be used. A gzip pack (the page keeps its bytes as base64) is inflated here, since the
 * extension's engine gets packs as JSON text. */
export async function importJSON(text) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('不是有效的 JSON。请粘贴或选择从网页版导出的设置文件。');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('设置文件应是一个 JSON 对象。');
  const parse = (x) => (typeof x === 'string' ? JSON.parse(x) : x); // a raw localStorage dump keeps values as strings
  const out = {};
  if ('zicha.ignore' in v) out.ignore = loadIgnores(parse(v['zicha.ignore']));
  if ('zicha.pack' in v) {
    const p = parse(v['zicha.pack']);
    if (p === null) out.pack = null;
    else if (p && typeof p.json === 'string') out.pack = { ...p };
    else if (p && typeof p.b64 === 'string') out.pack = { name: p.name || 'custom-rules.json', json: await gunzipB64(p.b64) };
    else throw new Error('“zicha.pack”不是可用的规则包。');
  }
  const cat = 'zicha.category' in v ? v['zicha.category'] : v['zicha.draft'] ? (parse(v['zicha.draft']) || {}).category : undefined;
  if (cat !== undefined && cat !== null) {
    if (!CATEGORY_VALUES.has(cat)) throw new Error(`类目“${cat}”不认识。`);
    out.category = cat;
  }
  if (!Object.keys(out).length) throw new Error('文件里没有 zicha 的设置（zicha.ignore、zicha.pack 或 zicha.category）。');
  return out;
}
