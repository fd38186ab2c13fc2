// Extension service worker: owns the engine (the page's web/engine.js over the same gen/zicha.wasm, copied in at
// build time) and the list of sites the user switched on. Text from the pages arrives by runtime messages and is
// checked here; nothing is sent anywhere else (the manifest's CSP allows connect-src 'self' only).
//
// Messages (from content.js and popup.js):
//   {type:'check', text, purpose}       -> {findings, count, total, category, ms} | {error}
//   {type:'ignore', occ, rule, scope}   -> {ok}          (scope 'here': one occurrence, 'rule': the whole rule)
//   {type:'vet', text}                  -> {report}      (consumer view: the report with the ignore list unused)
//   {type:'sites-changed'}              -> {ok}          (popup/options changed the site list: re-register)
import { loadEngine } from './engine.js';
import { cpIndex, occurrenceOf, sameOccurrence, loadIgnores, isPageLevel, fixesOf } from './workflow.js';
import { FAMILIES } from './i18n.js';
import { getSettings, saveIgnores, siteOrigins, SCRIPT_ID } from './settings.js';

let wasmModule = null;
let engine = null; // {key, promise}

async function compiled() {
  if (!wasmModule) {
    const res = await fetch(chrome.runtime.getURL('gen/zicha.wasm'));
    wasmModule = await WebAssembly.compile(await res.arrayBuffer());
  }
  return wasmModule;
}

/** The engine for the saved custom pack (reloaded only when the pack changes). */
async function engineFor(pack) {
  const json = pack && typeof pack.json === 'string' ? pack.json : '';
  if (!engine || engine.key !== json) {
    const key = json;
    const promise = (async () => {
      const wasm = await compiled();
      try {
        return await loadEngine({ wasmModule: wasm, extraPack: json || undefined });
      } catch (e) {
        // A pack the engine refuses must not switch the checks off: fall back to the built-in packs.
        if (json && e.kind === 'pack') return loadEngine({ wasmModule: wasm });
        throw e;
      }
    })();
    engine = { key, promise };
    promise.catch(() => {
      if (engine && engine.promise === promise) engine = null;
    });
  }
  return engine.promise;
}

const familyName = (f) => (FAMILIES[f] ? FAMILIES[f][0] : f);

/** Findings for a field: span findings only (a title or a description alone cannot lack a shop's licence
 * disclosure), minus what the merchant ignored, with offsets in UTF-16 units for the DOM. */
function fieldFindings(report, text, ignores) {
  const idx = cpIndex(text);
  const rules = new Set(ignores.rules);
  const out = [];
  for (const f of report.findings) {
    if (isPageLevel(f) || rules.has(f.rule_id)) continue;
    if (ignores.occurrences.some((o) => sameOccurrence(o, f, idx))) continue;
    const occ = occurrenceOf(f, idx);
    out.push({
      rule_id: f.rule_id, family: f.family, familyName: familyName(f.family), severity: f.severity,
      s: idx.toUnit(f.start), e: idx.toUnit(f.end), match: f.match, message: f.message, basis: f.basis,
      suggestion: f.suggestion,
      // the rule data's ready edits only (as the page's buttons): no guessing from the suggestion's wording
      fixes: fixesOf(f, () => null).map((x) => ({ text: x.text, s: idx.toUnit(x.start), e: idx.toUnit(x.end), match: idx.slice(x.start, x.end) })),
      occ: { key: occ.key, rule: occ.rule, match: occ.match, before: occ.before, after: occ.after, family: f.family },
    });
  }
  return out;
}

const MODE_OF = { title: 'listing', detail: 'listing', field: 'auto' };

// Long texts arrive in parts (content.js): id -> {parts, at}; a text never completed is dropped after a minute.
const partial = new Map();
async function part(msg) {
  let p = partial.get(msg.id);
  if (!p) partial.set(msg.id, (p = { parts: new Array(msg.n), at: Date.now() }));
  p.parts[msg.i] = String(msg.data);
  for (const [id, q] of partial) if (Date.now() - q.at > 60000) partial.delete(id);
  return { ok: true };
}

async function check(msg) {
  const t0 = performance.now();
  if (msg.id != null) {
    const p = partial.get(msg.id);
    partial.delete(msg.id);
    if (!p || p.parts.some((x) => x === undefined)) return { error: 'incomplete text' };
    msg = { ...msg, text: p.parts.join('') };
  }
  const s = await getSettings();
  const eng = await engineFor(s.pack);
  const report = eng.check(msg.text, s.category || '', MODE_OF[msg.purpose] || 'auto');
  const findings = fieldFindings(report, msg.text, s.ignore);
  const count = findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
  // a megabyte of text can give thousands of findings: the overlay draws the first ones, the count has them all
  return { findings: findings.slice(0, 500), total: findings.length, count, category: report.category, ms: performance.now() - t0 };
}

async function vet(msg) {
  const s = await getSettings();
  const eng = await engineFor(s.pack);
  const report = eng.check(msg.text, s.category || '', 'listing');
  return { report };
}

async function ignore(msg) {
  const s = await getSettings();
  const ig = loadIgnores(s.ignore);
  if (msg.scope === 'rule') {
    if (!ig.rules.includes(msg.rule)) ig.rules.push(msg.rule);
  } else if (msg.occ && !ig.occurrences.some((o) => o.key === msg.occ.key)) {
    ig.occurrences.push({ ...msg.occ, at: Date.now() });
  }
  await saveIgnores(ig);
  return { ok: true };
}

/** Content script registration = the switched-on sites that still have their host permission. */
async function syncScripts() {
  const { sites } = await getSettings();
  const granted = [];
  for (const o of siteOrigins(sites)) {
    if (await chrome.permissions.contains({ origins: [o] })) granted.push(o);
  }
  const have = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (have.length) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length) {
    await chrome.scripting.registerContentScripts([{
      id: SCRIPT_ID, matches: granted, js: ['content.js'], allFrames: true, runAt: 'document_idle', persistAcrossSessions: true,
    }]);
  }
  return granted;
}

chrome.runtime.onInstalled.addListener(() => syncScripts().catch((e) => console.warn('zicha: sync', e)));
chrome.runtime.onStartup.addListener(() => syncScripts().catch((e) => console.warn('zicha: sync', e)));
chrome.permissions.onRemoved.addListener(() => syncScripts().catch(() => {}));

const HANDLERS = { check, part, vet, ignore, 'sites-changed': async () => ({ granted: await syncScripts() }) };

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  const h = msg && HANDLERS[msg.type];
  if (!h) return false;
  // only the extension's own pages and its content scripts talk to it (no externally_connectable)
  if (sender.id !== chrome.runtime.id) return false;
  h(msg).then(reply, (e) => reply({ error: String((e && e.message) || e) }));
  return true;
});

// The engine is started as soon as the worker wakes, so that the first keystroke does not wait for it.
engineFor(null).catch(() => {});
