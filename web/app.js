// zicha page: wires the panels together and starts. Each panel is a module of its own:
//   ui.js              shared: storage, preferences, page state, status line and notices, downloads, names
//   engine-client.js   the engine worker (web/worker.js) under web/supervisor.js, with crash/hang recovery
//   text-panel.js      the text check: checking as you type, highlights, findings, navigation, fixes, .txt files
//   consumer-view.js   the buyer's risk summary          report-export.js  JSON / Markdown report, copy, print
//   editing.js         undoable edits, undo/redo, 清空 and 恢复   draft.js   draft autosave
//   share.js           text arriving by the share target or a link, offered
//   settings-panel.js  ignored findings, custom rule pack or word list, settings file (导出设置 / 导入设置)
//   licence-panel.js   营业执照图片核验                      image-panel.js    商品图片检查
//   sheet.js           批量检查 (CSV / Excel)
// (findings.js renders a finding, files.js reads dropped or picked files, supervisor.js supervises workers.)

import { CATEGORIES } from './i18n.js';
import { initSheet } from './sheet.js';
import { initImagePanel } from './image-panel.js';
import { initTextPanel, render, scheduleCheck } from './text-panel.js';
import { restoreCleared } from './editing.js';
import './report-export.js';
import { savedDraft } from './draft.js';
import { arrivingText, offerText } from './share.js';
import { renderSettings, refreshPackStatus, loadSavedPack, loadPack, packPayload, ignoreOccurrence, ignoreRule } from './settings-panel.js';
import { relabelLicence } from './licence-panel.js';
import { $, T, state, prefs, store, notice, setStatus, download, SCOPE_MODE, KEY_PREFS, KEY_PACK, KEY_CLEARED } from './ui.js';

// ---------------------------------------------------------------- language and mode
function applyLanguage() {
  const t = T();
  document.documentElement.lang = prefs.lang === 'en' ? 'en' : 'zh-CN';
  document.title = t.title;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const v = t[el.dataset.i18n];
    if (typeof v === 'string') el.textContent = v;
  }
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t[el.dataset.i18nPlaceholder];
  const lang = $('lang');
  lang.textContent = t.lang;
  lang.lang = prefs.lang === 'en' ? 'zh-CN' : 'en';
  lang.title = t.langLabel;
  const cat = $('category');
  const v = cat.value;
  cat.textContent = '';
  for (const [value, zh, en] of CATEGORIES) cat.append(new Option(prefs.lang === 'en' ? en : zh, value));
  cat.value = v;
  // a failed engine load stays visible (boot.js's worker can fail before this first runs)
  if (state.loadError && !state.ready) setStatus(t.loadFailed + state.loadError, true);
  else if (!state.ready) setStatus(t.loading);
  else setStatus(t.ready);
  if (state.report) render(state.text, state.report);
  relabelLicence();
  refreshPackStatus();
  renderSettings();
}
function applyMode() {
  document.body.dataset.mode = prefs.mode;
  for (const r of document.querySelectorAll('input[name=mode]')) r.checked = r.value === prefs.mode;
  $('consumer').hidden = prefs.mode !== 'consumer' || !state.report;
  $('scope').value = prefs.scope;
  if (state.report) render(state.text, state.report);
}
$('scope').addEventListener('change', (e) => {
  prefs.scope = e.target.value in SCOPE_MODE ? e.target.value : 'auto';
  store.set(KEY_PREFS, prefs);
  scheduleCheck(0);
});
$('lang').addEventListener('click', () => {
  prefs.lang = prefs.lang === 'en' ? 'zh' : 'en';
  store.set(KEY_PREFS, prefs);
  applyLanguage();
});
for (const r of document.querySelectorAll('input[name=mode]')) {
  r.addEventListener('change', () => {
    if (!r.checked) return;
    prefs.mode = r.value;
    store.set(KEY_PREFS, prefs);
    applyMode();
  });
}


initTextPanel({ ignoreOccurrence, ignoreRule });

// ---------------------------------------------------------------- CSV / Excel batch (web/sheet.js)
initSheet({
  download,
  pack: () => (state.activePack ? state.activePack.payload : null),
});

// ---------------------------------------------------------------- product images (web/image-panel.js)
initImagePanel({
  download,
  notice,
  category: () => $('category').value,
  mode: () => (SCOPE_MODE[prefs.scope] === 'shop' ? 'shop' : 'listing'),
  pack: () => {
    const pack = store.get(KEY_PACK);
    return pack && (pack.json || pack.b64) ? packPayload(pack) : null;
  },
});

// ---------------------------------------------------------------- start
async function start() {
  applyLanguage();
  applyMode();
  const arrived = await arrivingText();
  const draft = await savedDraft();
  if (draft && typeof draft.text === 'string' && draft.text) {
    $('text').value = draft.text;
    if (draft.category != null) $('category').value = draft.category;
    if (!arrived) notice(T().draftRestored);
  }
  if (arrived && arrived !== $('text').value) offerText(arrived);
  const pack = await loadSavedPack();
  if (pack && (pack.json || pack.b64)) {
    const { json: _j, b64: _b, ...extra } = pack;
    loadPack(pack.name, packPayload(pack), { persist: false, extra, saved: store.get(KEY_PACK)?.big ? 'idb' : 'local' });
  }
  if (pack && pack.words) {
    $('pack-reason').value = pack.reason || '';
    $('pack-severity').value = pack.severity || 'warning';
  }
  renderSettings();
  if (!$('text').value && !arrived) {
    const cleared = store.get(KEY_CLEARED);
    if (cleared && cleared.text) notice(T().clearedEarlier, false, { label: T().restoreCleared, run: restoreCleared });
  }
  scheduleCheck(0);
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register('./sw.js').catch(() => {});
  }
}
start();
