// Settings: the findings the merchant chose to ignore (and their restoring), the custom rule pack or word list,
// and the settings file (导出设置 / 导入设置: ignore list, pack and category, the format the browser extension's
// options page reads and writes: web/settings-file.js).

import { CATEGORIES } from './i18n.js';
import { loadIgnores, occurrenceOf, explainPackError, parseWordList, wordListPack } from './workflow.js';
import { ask } from './engine-client.js';
import { render, textIndex, scheduleCheck, onTextChanged } from './text-panel.js';
import { $, T, state, store, bigStore, button, techInfo, familyName, download, KEY_IGNORE, KEY_PACK } from './ui.js';

// ---------------------------------------------------------------- ignoring findings
function saveIgnores(next) {
  state.ignores = next;
  store.set(KEY_IGNORE, state.ignores);
  renderSettings();
  if (state.report) render(state.text, state.report);
}
export function ignoreOccurrence(f) {
  const o = occurrenceOf(f, textIndex());
  if (state.ignores.occurrences.some((x) => x.key === o.key)) return;
  saveIgnores({ ...state.ignores, occurrences: [...state.ignores.occurrences, { ...o, family: f.family, at: Date.now() }] });
}
export function ignoreRule(f) {
  if (state.ignores.rules.includes(f.rule_id)) return;
  saveIgnores({ ...state.ignores, rules: [...state.ignores.rules, f.rule_id] });
  const names = { ...(store.get(KEY_IGNORE + '.names') || {}), [f.rule_id]: familyName(f.family) };
  store.set(KEY_IGNORE + '.names', names);
}
export function renderSettings() {
  const t = T();
  const names = store.get(KEY_IGNORE + '.names') || {};
  const fill = (ul, items, label, restore) => {
    ul.textContent = '';
    if (!items.length) ul.append(Object.assign(document.createElement('li'), { className: 'meta', textContent: t.ignoredNone }));
    items.forEach((it) => {
      const li = document.createElement('li');
      li.append(label(it), ' ', button('restore', t.restore, '', () => restore(it)));
      ul.append(li);
    });
  };
  fill($('ignored-rules'), state.ignores.rules, (r) => `${names[r] || ''} ${r}`.trim(), (r) => saveIgnores({ ...state.ignores, rules: state.ignores.rules.filter((x) => x !== r) }));
  fill($('ignored-occurrences'), state.ignores.occurrences, (o) => `“${o.match}”（${familyName(o.family)}）`, (o) =>
    saveIgnores({ ...state.ignores, occurrences: state.ignores.occurrences.filter((x) => x.key !== o.key) }));
  $('ignore-reset').hidden = !state.ignores.rules.length && !state.ignores.occurrences.length;
}
$('ignore-reset').addEventListener('click', () => saveIgnores({ rules: [], occurrences: [] }));
window.addEventListener('storage', (e) => {
  if (e.key === KEY_IGNORE) saveIgnores(loadIgnores(store.get(KEY_IGNORE)));
});

// ---------------------------------------------------------------- custom rule pack
// The pack in use lives in `state.activePack` ({name, payload, saved, words…}); `saved` says where it is kept:
// 'local' (localStorage), 'idb' (IndexedDB, for packs too big for localStorage, as long drafts are) or 'session'
// (neither could take it: it works until the page is closed, and the page says so). The status and 移除规则包
// follow state.activePack, so a pack the engine uses is always shown and can always be removed.
/** error: {file, raw} of a refused pack: said in plain words, the engine's own message behind 技术信息. */
export function refreshPackStatus(error) {
  const st = $('pack-status');
  const t = T();
  st.classList.toggle('error', !!error);
  st.textContent = '';
  delete st.dataset.saved;
  if (error) {
    st.append(Object.assign(document.createElement('p'), { textContent: t.packError + explainPackError(error.raw, error.file) }));
    st.append(techInfo(t, String(error.raw).replace(/^custom-rules\.json/, error.file)));
  } else if (state.activePack) {
    const p = state.activePack;
    st.textContent = p.words ? t.packWords(p.name, p.count, p.skipped) : t.packLoaded(p.name);
    st.dataset.saved = p.saved || '';
    if (p.saved === 'session') st.append(Object.assign(document.createElement('p'), { className: 'meta warn', textContent: t.packSessionOnly }));
  }
  $('pack-remove').hidden = !state.activePack;
}
/** What the worker gets for a saved pack: JSON text, or the bytes of a gzip-compressed pack. */
export function packPayload(pack) {
  if (pack.b64) return Uint8Array.from(atob(pack.b64), (c) => c.charCodeAt(0));
  return pack.json;
}
/** What is stored of a pack: {name, json} or {name, b64} (the bytes of a gzip pack), with its word-list fields. */
function packRecord({ payload, saved: _, ...extra }) {
  return typeof payload === 'string' ? { ...extra, json: payload } : { ...extra, b64: btoa(Array.from(payload, (c) => String.fromCharCode(c)).join('')) };
}
/** Keep the active pack for the next visit: localStorage, else IndexedDB, else only this session. */
async function savePack() {
  const p = state.activePack;
  if (!p) return;
  const record = packRecord(p);
  let where = 'session';
  if (store.set(KEY_PACK, record)) {
    where = 'local';
    bigStore('readwrite', (os) => os.delete('pack')).catch(() => {});
  } else {
    store.remove(KEY_PACK);
    try {
      if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
      await bigStore('readwrite', (os) => os.put(record, 'pack'));
      if (store.set(KEY_PACK, { name: p.name, big: true })) where = 'idb';
    } catch {
      /* no room anywhere: session only */
    }
  }
  if (state.activePack === p) {
    p.saved = where;
    refreshPackStatus();
  }
}
/** The saved pack record ({name, json|b64, words…}) or null. */
export async function loadSavedPack() {
  const pack = store.get(KEY_PACK);
  if (pack && pack.big) return bigStore('readonly', (os) => os.get('pack')).catch(() => null);
  return pack;
}
export async function loadPack(name, payload, { persist = true, extra = {}, saved = null } = {}) {
  try {
    await ask({ type: 'pack', json: payload }, { timeout: 20000 });
    state.activePack = { name, payload, ...extra, saved };
    state.meta = null;
    state.metaAsked = false;
    refreshPackStatus();
    if (persist) await savePack();
    scheduleCheck(0);
    return true;
  } catch (e) {
    refreshPackStatus({ file: name, raw: e.message });
    return false;
  }
}
/** A word list (one word a line, or ["词", …]) becomes a brand pack with the form's reason and severity. */
async function loadWordList(name, words) {
  const { pack, count, skipped } = wordListPack(words, { reason: $('pack-reason').value, severity: $('pack-severity').value, name });
  const extra = { words, count, skipped, reason: $('pack-reason').value, severity: $('pack-severity').value };
  return loadPack(name, JSON.stringify(pack), { extra });
}
for (const id of ['pack-reason', 'pack-severity']) {
  $(id).addEventListener('change', () => {
    if (state.activePack && Array.isArray(state.activePack.words)) loadWordList(state.activePack.name, state.activePack.words);
  });
}
$('packfile').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  // gzip packs (magic 1f 8b) go to the engine as bytes; everything else as text, in its encoding (web/files.js).
  const payload = bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : (await import('./files.js')).decodeBytes(bytes).text;
  const words = typeof payload === 'string' ? parseWordList(payload, file.name) : null;
  if (words) await loadWordList(file.name, words);
  else await loadPack(file.name, payload);
  e.target.value = '';
});
async function removePack() {
  state.activePack = null;
  store.remove(KEY_PACK);
  bigStore('readwrite', (os) => os.delete('pack')).catch(() => {});
  await ask({ type: 'pack', json: null }).catch(() => {});
  state.meta = null;
  state.metaAsked = false;
  refreshPackStatus();
  scheduleCheck(0);
}
$('pack-remove').addEventListener('click', removePack);


// ---------------------------------------------------------------- settings file
// (settings-file.js and the file reader load on first use: nothing of them is needed before)
const settingsFile = () => import('./settings-file.js');
$('settings-export').addEventListener('click', async () => {
  const { settingsJSON, SETTINGS_FILE } = await settingsFile();
  const p = state.activePack;
  download(SETTINGS_FILE, 'application/json', settingsJSON({ ignore: state.ignores, pack: p ? packRecord(p) : null, category: $('category').value }) + '\n');
});
$('settings-import').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const st = $('settings-status');
  st.classList.remove('error');
  try {
    const [{ parseSettings }, { readTextFile }] = await Promise.all([settingsFile(), import('./files.js')]);
    const s = parseSettings((await readTextFile(file)).text, CATEGORIES.map((c) => c[0]));
    if (s.ignore) saveIgnores(s.ignore);
    if (s.category !== undefined) {
      $('category').value = s.category;
      onTextChanged(0);
    }
    if (s.pack === null) await removePack();
    else if (s.pack) {
      const { json: _j, b64: _b, ...extra } = s.pack;
      if (s.pack.words) {
        $('pack-reason').value = s.pack.reason || '';
        $('pack-severity').value = s.pack.severity || 'warning';
      }
      if (!(await loadPack(s.pack.name, packPayload(s.pack), { extra }))) throw new Error(T().settingsPackRefused);
    }
    st.textContent = T().settingsImported;
  } catch (err) {
    st.textContent = err.message;
    st.classList.add('error');
  } finally {
    e.target.value = '';
  }
});
