// Settings kept in chrome.storage.local, and their exchange with the page as JSON.
//
// The page keeps its settings in localStorage, which the extension cannot reach: they are exchanged as the settings
// file whose format web/settings-file.js defines, written and read by both.
import { loadIgnores } from './workflow.js';
import { parseSettings, settingsJSON } from './settings-file.js';
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

const CATEGORY_VALUES = CATEGORIES.map((c) => c[0]);

/** The settings file (web/settings-file.js) for the extension's settings (sites stay out: they are
 * the extension's own). */
export const exportJSON = (s) => settingsJSON({ ignore: s.ignore, pack: s.pack, category: s.category });

async function gunzipB64(b64) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new TextDecoder().decode(await new Response(stream).arrayBuffer());
}

/** Settings from a settings file: {ignore, pack, category} for the keys present. Throws Error with a message in
 * Chinese for what cannot be used. A gzip pack (the page keeps its bytes as base64) is inflated here, since the
 * extension's engine gets packs as JSON text. */
export async function importJSON(text) {
  const out = parseSettings(text, CATEGORY_VALUES);
  if (out.pack && typeof out.pack.json !== 'string') out.pack = { name: out.pack.name, json: await gunzipB64(out.pack.b64) };
  return out;
}
