// zicha page: input, worker round trips, highlights, findings, modes, storage, exports, CSV/Excel batch (sheet.js), rule packs.
// All offsets from the engine are Unicode code points of the checked text (Array.from), never UTF-16 units.

import { CATEGORIES, FAMILIES, CONSUMER, STRINGS } from './i18n.js';
import { initSheet } from './sheet.js';

const NAV_START = performance.now();
const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 150;
const KEY_DRAFT = 'zicha.draft';
const KEY_PREFS = 'zicha.prefs';
const KEY_PACK = 'zicha.pack';
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

const store = {
  get(key) {
    try {
      const v = localStorage.getItem(key);
      return v == null ? null : JSON.parse(v);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      /* storage full or disabled: the page still works */
      return false;
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};

const prefs = Object.assign({ lang: 'zh', mode: 'merchant' }, store.get(KEY_PREFS) || {});
const state = {
  report: null, // last rendered report
  text: '', // text of the last rendered report
  filter: '',
  current: -1, // index into report.findings of the focused finding
  seq: 0, // id of the latest check request
  ready: false,
  firstResult: false,
  everReady: false,
  restarts: 0, // worker restarts after a crash or hang
  failure: null, // {kind, detail} of the last crash/hang until a check succeeds again
};
const T = () => STRINGS[prefs.lang] || STRINGS.zh;

// ---------------------------------------------------------------- worker (supervised)
// The engine runs in a module worker. If it crashes (uncaught error, wasm trap, abort) or a request takes longer
// than its timeout, the page says so, terminates it, starts a fresh one (reloading the custom pack) and retries
// the text check once. The text box and the last rendered results are never touched by a failure.
const LOCAL = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
const TEST = (() => {
  // Test-only knobs, honoured on localhost only: ?zc-test=crash|trap|hang[-once] and ?zc-test-timeout=MS.
  const q = new URLSearchParams(location.search);
  if (!LOCAL || !q.has('zc-test')) return null;
  const mode = q.get('zc-test') || '';
  return {
    mode: mode.replace(/-once$/, '') || null,
    once: /-once$/.test(mode),
    timeout: Number(q.get('zc-test-timeout')) || 0,
  };
})();
const CHECK_TIMEOUT_MS = (TEST && TEST.timeout) || 10000;
const LOAD_GRACE_MS = 30000; // extra time while the engine is still loading

class EngineFailure extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // 'crash' | 'hang'
  }
}

let worker = null;
let workerGen = 0;
let injected = 0; // test: how many workers got the failure mode
const pending = new Map();
let nextId = 1;

// One finding per phrase: the bases of the findings of the same family folded into it (report field `also`) are
// listed after its own, once each.
function allBases(f) {
  const seen = new Set([f.basis]);
  for (const a of f.also || []) seen.add(a.basis);
  return [...seen].join('；');
}

function spawnWorker() {
  const gen = ++workerGen;
  // The first worker was started by boot.js while the page was parsing: adopt it, then replay its early messages.
  const boot = gen === 1 && window.zichaBoot;
  if (boot) delete window.zichaBoot;
  const w = boot ? boot.worker : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  w.onmessage = (ev) => onWorkerMessage(gen, ev.data);
  w.onerror = (ev) => {
    ev.preventDefault();
    onWorkerError(gen, ev.message || 'worker error');
  };
  w.onmessageerror = () => onWorkerError(gen, 'message could not be decoded');
  worker = w;
  state.ready = false;
  if (boot) {
    for (const e of boot.early) {
      if (e.error) onWorkerError(gen, e.error);
      else onWorkerMessage(gen, e.data);
    }
  }
  if (TEST && TEST.mode && (!TEST.once || injected === 0)) {
    injected++;
    w.postMessage({ type: 'test', id: 0, mode: TEST.mode });
  }
  const pack = store.get(KEY_PACK);
  if (gen > 1 && pack && (pack.json || pack.b64)) {
    w.postMessage({ type: 'pack', id: 0, json: packPayload(pack) });
  }
}

function ask(msg, { timeout } = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const limit = (timeout || CHECK_TIMEOUT_MS) + (state.ready ? 0 : LOAD_GRACE_MS);
    const entry = { resolve, reject, gen: workerGen, limit };
    entry.timer = setTimeout(() => onWorkerHang(entry.gen, limit), limit);
    pending.set(id, entry);
    worker.postMessage({ ...msg, id });
  });
}

function onWorkerMessage(gen, m) {
  if (gen !== workerGen) return; // a terminated worker's late message
  if (m.type === 'ready') {
    state.ready = true;
    state.loadError = null;
    state.everReady = true;
    state.readyGen = gen;
    performance.mark('zicha-engine-ready');
    if (!state.failure) setStatus(T().ready);
    document.documentElement.dataset.engine = 'ready';
    return;
  }
  if (m.id == null) {
    if (m.type === 'error') {
      state.loadError = m.message;
      setStatus(T().loadFailed + m.message, true);
      document.documentElement.dataset.engine = 'failed';
    }
    return;
  }
  if (m.id === 0) return; // answers to the supervisor's own messages (test mode, pack reload)
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  clearTimeout(p.timer);
  if (m.type === 'error' && m.crashed) {
    p.reject(new EngineFailure('crash', m.message));
    restartWorker('crash', m.message);
  } else if (m.type === 'error') p.reject(new Error(m.message));
  else p.resolve(m);
}

function onWorkerError(gen, message) {
  if (gen !== workerGen) return;
  if (state.readyGen !== gen) {
    // This worker never started (script missing, import error): a load failure, not something a restart fixes
    // (and restarting would loop).
    state.loadError = message;
    setStatus(T().loadFailed + message, true);
    document.documentElement.dataset.engine = 'failed';
    failPending(new Error(message));
    return;
  }
  restartWorker('crash', message);
}

function onWorkerHang(gen, limit) {
  if (gen !== workerGen) return;
  restartWorker('hang', `no answer within ${Math.round(limit / 1000)} s`);
}

function failPending(err) {
  const all = [...pending.values()];
  pending.clear();
  for (const p of all) {
    clearTimeout(p.timer);
    p.reject(err);
  }
}

function restartWorker(kind, detail) {
  state.restarts = (state.restarts || 0) + 1;
  state.failure = { kind, detail };
  document.documentElement.dataset.restarts = String(state.restarts);
  document.documentElement.dataset.engine = 'restarting';
  setStatus(kind === 'hang' ? T().engineHung(Math.round(CHECK_TIMEOUT_MS / 1000)) : T().engineCrashed, true);
  try {
    worker.terminate();
  } catch {
    /* already gone */
  }
  spawnWorker();
  failPending(new EngineFailure(kind, detail));
}

spawnWorker();
if (TEST) {
  // Test page only (localhost + ?zc-test): make the current worker, or every worker from now on, fail.
  window.zichaTest = {
    inject(mode, { sticky = false } = {}) {
      if (sticky) Object.assign(TEST, { mode, once: false });
      worker.postMessage({ type: 'test', id: 0, mode });
    },
  };
}

function setStatus(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
}
function notice(text, isError = false) {
  const n = $('notice');
  n.textContent = text;
  n.hidden = !text;
  n.classList.toggle('error', !!(text && isError));
  state.errorNotice = !!(text && isError);
}

// ---------------------------------------------------------------- checking
let timer = 0;
function scheduleCheck(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  timer = setTimeout(runCheck, delay);
}
async function runCheck() {
  const text = $('text').value;
  const category = $('category').value;
  const seq = ++state.seq;
  document.documentElement.dataset.seq = String(seq);
  document.documentElement.dataset.checking = '1';
  // Bigger texts get more time before the check counts as hung: 1 s more per MB.
  const timeout = CHECK_TIMEOUT_MS + Math.floor(text.length / 1048576) * 1000;
  try {
    let report;
    try {
      ({ report } = await ask({ type: 'check', text, category }, { timeout }));
    } catch (e) {
      if (!(e instanceof EngineFailure) || seq !== state.seq) throw e;
      // The worker crashed or hung and has been restarted: retry this check once.
      ({ report } = await ask({ type: 'check', text, category }, { timeout }));
      if (seq === state.seq) {
        notice(state.failure && state.failure.kind === 'hang' ? T().recoveredHang : T().recoveredCrash);
        state.errorNotice = false;
        document.documentElement.dataset.recovered = String(state.restarts);
      }
    }
    if (seq !== state.seq) return; // a newer check is on its way
    if (state.errorNotice) notice('');
    state.failure = null;
    delete document.documentElement.dataset.gaveUp;
    delete document.documentElement.dataset.checkError;
    render(text, report);
  } catch (e) {
    if (seq !== state.seq || document.documentElement.dataset.engine === 'failed') return;
    if (e instanceof EngineFailure) {
      // Failed twice: keep the text and the last results, say so, and wait for the next edit.
      setStatus(T().engineGaveUp, true);
      notice(T().engineGaveUp, true);
      document.documentElement.dataset.gaveUp = String(seq);
    } else {
      setStatus(e.message, true);
      notice(e.message, true);
      document.documentElement.dataset.checkError = String(seq);
    }
  } finally {
    if (seq === state.seq) delete document.documentElement.dataset.checking;
  }
}

function categoryName(value) {
  const c = CATEGORIES.find((x) => x[0] === value);
  return c ? (prefs.lang === 'en' ? c[2] : c[1]) : value;
}
function familyName(f) {
  const n = FAMILIES[f];
  return n ? (prefs.lang === 'en' ? n[1] : n[0]) : f;
}

/** 'given' (chosen in the selector), 'detected' (from cue words) or 'default' (nothing detected). */
function categorySource(report) {
  if (report.category_source) return report.category_source;
  const detected = report.category_detected ?? report.detected;
  return detected ? 'detected' : $('category').value ? 'given' : 'default';
}

function verdictText(report) {
  let s = { error: 0, warning: 0, info: 0 };
  if (report.summary && typeof report.summary.error === 'number') s = report.summary; // counts beyond the list too
  else for (const f of report.findings) s[f.severity] = (s[f.severity] || 0) + 1;
  const t = T();
  if (s.error) return [t.verdictError(s.error) + (s.warning ? ' ' + t.verdictAlso(s.warning) : ''), 'error'];
  if (s.warning) return [t.verdictWarning(s.warning), 'warning'];
  if (s.info) return [t.verdictInfo(s.info), 'info'];
  return [t.verdictClean, 'clean'];
}

/** The edit a suggestion proposes for the flagged `match`:
 *  - a rewrite pair naming the match, “A”→“B” or “A”改为“B” (A === match) gives B;
 *  - a bare 改为“B” (also 改成/换成) gives B;
 *  - a suggestion that starts by asking to delete (删除/删去/去掉) gives '' (delete the words);
 *  - anything else (a template with XX placeholders, an action such as 补充证照) gives null: no button. */
export function replacementOf(suggestion, match) {
  const s = suggestion || '';
  const usable = (b) => b && b.length <= 40 && !/XX|××|xx|…|\.\.\./.test(b);
  const pair = /“([^”]{1,40})”\s*(?:→|->|改为|改成|换成)\s*“([^”]{1,40})”/g;
  for (let m; (m = pair.exec(s)); ) if (m[1] === match && usable(m[2])) return m[2];
  const bare = /(^|[^”])(?:改为|改成|换成)\s*“([^”]{1,40})”/.exec(s);
  if (bare && usable(bare[2])) return bare[2];
  if (/^(?:请)?(?:删除|删去|去掉)/.test(s)) return '';
  return null;
}

function render(text, report) {
  state.report = report;
  state.text = text;
  if (state.current >= report.findings.length) state.current = -1;
  renderPreview();
  syncBackdrop();
  renderFindings();
  renderConsumer();
  const [v, cls] = verdictText(report);
  const verdict = $('verdict');
  verdict.textContent = v;
  verdict.className = 'verdict ' + cls;
  $('category-used').textContent = T().categoryUsed(categoryName(report.category), categorySource(report));
  const sum = report.summary || {};
  const trunc = $('truncated');
  trunc.textContent = sum.truncated ? T().truncated(report.findings.length, sum.total) : '';
  trunc.hidden = !sum.truncated;
  $('preview').dataset.checked = String(state.seq);
  document.documentElement.dataset.results = String(report.findings.length);
  if (!state.firstResult) {
    state.firstResult = true;
    performance.mark('zicha-first-result');
    window.zichaTimings = {
      firstResultMs: performance.now() - NAV_START,
      sinceNavigationMs: performance.now(),
    };
  }
  if (state.ready) setStatus(T().ready);
}

function visible(f) {
  return !state.filter || f.family === state.filter;
}

// Very long texts (over PREVIEW_LIMIT UTF-16 units) get no inline highlights: laying out a second copy of
// megabytes of text under the textarea costs seconds. The findings list still shows every finding.
const PREVIEW_LIMIT = 200000;
function showUnmarked(text) {
  const pre = $('preview');
  const big = text.length > PREVIEW_LIMIT;
  pre.textContent = big ? '' : text;
  pre.classList.toggle('big', big);
}

function renderPreview() {
  const pre = $('preview');
  pre.textContent = '';
  if (state.text.length > PREVIEW_LIMIT) {
    pre.classList.add('big');
    return;
  }
  pre.classList.remove('big');
  const cps = Array.from(state.text);
  const findings = state.report.findings;
  // Segment boundaries at every start/end; each segment is covered by a set of findings.
  const cuts = new Set([0, cps.length]);
  for (const f of findings) {
    cuts.add(Math.max(0, Math.min(cps.length, f.start)));
    cuts.add(Math.max(0, Math.min(cps.length, f.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const seg = cps.slice(a, b).join('');
    const cover = [];
    findings.forEach((f, i) => {
      if (f.start <= a && f.end >= b && f.end > f.start) cover.push(i);
    });
    if (!cover.length) {
      pre.append(seg);
      continue;
    }
    const mark = document.createElement('mark');
    let sev = 'info';
    for (const i of cover) if (SEVERITY_RANK[findings[i].severity] > SEVERITY_RANK[sev]) sev = findings[i].severity;
    mark.className = 'sev-' + sev;
    if (!cover.some((i) => visible(findings[i]))) mark.classList.add('dim');
    if (cover.includes(state.current)) mark.classList.add('current');
    mark.dataset.start = String(a);
    mark.dataset.end = String(b);
    mark.dataset.findings = cover.join(' ');
    mark.textContent = seg;
    pre.append(mark);
  }
}

function renderFindings() {
  const t = T();
  const list = $('findings');
  list.textContent = '';
  const findings = state.report.findings;
  // Family filter options: the families present, with counts.
  const sel = $('family-filter');
  const counts = new Map();
  for (const f of findings) counts.set(f.family, (counts.get(f.family) || 0) + 1);
  if (state.filter && !counts.has(state.filter)) state.filter = '';
  sel.textContent = '';
  sel.append(new Option(t.filterAll, ''));
  for (const [fam, n] of counts) sel.append(new Option(`${familyName(fam)} (${n})`, fam));
  sel.value = state.filter;

  if (!findings.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t.noFindings;
    list.append(li);
    return;
  }
  findings.forEach((f, i) => {
    const li = document.createElement('li');
    li.id = 'finding-' + i;
    li.className = 'finding sev-' + f.severity;
    li.tabIndex = i === Math.max(0, state.current) ? 0 : -1;
    li.dataset.index = String(i);
    li.dataset.family = f.family;
    li.dataset.rule = f.rule_id;
    li.hidden = !visible(f);
    if (i === state.current) li.classList.add('current');

    const head = document.createElement('div');
    head.className = 'fhead';
    const badge = document.createElement('span');
    badge.className = 'badge sev-' + f.severity;
    badge.textContent = t.severity[f.severity] || f.severity;
    const match = document.createElement('q');
    match.className = 'match';
    match.textContent = f.match;
    const fam = document.createElement('span');
    fam.className = 'family';
    fam.textContent = familyName(f.family);
    head.append(badge, ' ', match, ' ', fam);

    const msg = document.createElement('p');
    msg.className = 'message';
    msg.lang = 'zh-CN';
    msg.textContent = f.message;
    const basis = document.createElement('p');
    basis.className = 'basis';
    basis.append(Object.assign(document.createElement('strong'), { textContent: t.basis + t.colon }), allBases(f));
    li.append(head, msg, basis);
    if (f.suggestion) {
      const sug = document.createElement('p');
      sug.className = 'suggestion';
      sug.append(Object.assign(document.createElement('strong'), { textContent: t.suggestion + t.colon }), f.suggestion);
      li.append(sug);
      const rep = replacementOf(f.suggestion, f.match);
      if (rep !== null && rep !== f.match) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'apply';
        b.textContent = t.apply;
        b.title = t.applyTitle(f.match, rep);
        b.setAttribute('aria-label', `${t.apply}: ${t.applyTitle(f.match, rep)}`);
        b.addEventListener('click', () => applySuggestion(i, rep));
        li.append(b);
      }
    }
    const rid = document.createElement('p');
    rid.className = 'rule-id';
    rid.textContent = `${f.rule_id} · [${f.start}, ${f.end})`;
    li.append(rid);
    li.addEventListener('focus', () => setCurrent(i, false));
    li.addEventListener('click', (e) => {
      if (e.target.closest('button')) return;
      selectInText(i);
    });
    li.addEventListener('keydown', (e) => {
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.altKey) {
        e.preventDefault();
        move(e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === 'Enter' && e.target === li) {
        e.preventDefault();
        selectInText(i);
      }
    });
    list.append(li);
  });
}

function renderConsumer() {
  const t = T();
  const box = $('consumer');
  const findings = state.report.findings;
  const risk = $('risk');
  const hasErr = findings.some((f) => f.severity === 'error');
  const hasWarn = findings.some((f) => f.severity === 'warning');
  risk.className = 'risk ' + (hasErr ? 'high' : hasWarn ? 'medium' : 'low');
  risk.textContent = hasErr ? t.consumerHigh : hasWarn ? t.consumerMedium : t.consumerLow;
  const ul = $('risk-list');
  ul.textContent = '';
  const seen = new Set();
  for (const f of findings) {
    if (seen.has(f.family)) continue;
    seen.add(f.family);
    const li = document.createElement('li');
    const c = CONSUMER[f.family];
    const text = c ? c[prefs.lang === 'en' ? 1 : 0] : f.message;
    const matches = findings.filter((x) => x.family === f.family).map((x) => `“${x.match}”`);
    li.append(Object.assign(document.createElement('strong'), { textContent: familyName(f.family) }), T().colon, text, ' ');
    li.append(Object.assign(document.createElement('span'), { className: 'meta', textContent: [...new Set(matches)].join('、') }));
    ul.append(li);
  }
  const cl = $('checklist');
  cl.textContent = '';
  for (const item of t.checklist) cl.append(Object.assign(document.createElement('li'), { textContent: item }));
  box.hidden = prefs.mode !== 'consumer';
}

// ---------------------------------------------------------------- navigation between findings
function visibleIndices() {
  if (!state.report) return [];
  return state.report.findings.map((f, i) => (visible(f) ? i : -1)).filter((i) => i >= 0);
}
function setCurrent(i, focus) {
  state.current = i;
  for (const el of document.querySelectorAll('#findings li.finding')) {
    const on = Number(el.dataset.index) === i;
    el.classList.toggle('current', on);
    el.tabIndex = on ? 0 : -1;
  }
  for (const m of document.querySelectorAll('#preview mark')) {
    m.classList.toggle('current', m.dataset.findings.split(' ').map(Number).includes(i));
  }
  const mark = document.querySelector('#preview mark.current');
  if (mark) {
    const ta = $('text');
    const top = mark.offsetTop;
    if (top < ta.scrollTop || top > ta.scrollTop + ta.clientHeight - 24) ta.scrollTop = Math.max(0, top - ta.clientHeight / 3);
  }
  if (focus) {
    const li = $('finding-' + i);
    if (li) {
      li.focus();
      li.scrollIntoView({ block: 'nearest' });
    }
  }
}
function focusFinding(i) {
  if (prefs.mode === 'consumer') return;
  setCurrent(i, true);
}
function move(dir) {
  const idx = visibleIndices();
  if (!idx.length) return;
  const pos = idx.indexOf(state.current);
  const next = pos < 0 ? (dir > 0 ? idx[0] : idx[idx.length - 1]) : idx[(pos + dir + idx.length) % idx.length];
  focusFinding(next);
}
function utf16Index(text, cp) {
  let i = 0;
  let n = 0;
  for (const ch of text) {
    if (n === cp) return i;
    i += ch.length;
    n++;
  }
  return i;
}
function selectInText(i) {
  const f = state.report && state.report.findings[i];
  if (!f) return;
  const ta = $('text');
  if (ta.value !== state.text) return;
  ta.focus();
  ta.setSelectionRange(utf16Index(ta.value, f.start), utf16Index(ta.value, f.end));
}
document.addEventListener('keydown', (e) => {
  if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    e.preventDefault();
    move(e.key === 'ArrowDown' ? 1 : -1);
  }
});

// ---------------------------------------------------------------- apply suggestion
function applySuggestion(i, replacement) {
  const f = state.report.findings[i];
  const ta = $('text');
  if (ta.value !== state.text) return; // stale: the text changed since this report
  const cps = Array.from(ta.value);
  if (cps.slice(f.start, f.end).join('') !== f.match) return;
  const before = cps.slice(0, f.start).join('');
  ta.value = before + replacement + cps.slice(f.end).join('');
  const caret = before.length + replacement.length;
  ta.focus();
  ta.setSelectionRange(caret, caret);
  state.current = -1;
  onTextChanged(0);
}

// ---------------------------------------------------------------- draft autosave
let saveTimer = 0;
function saveDraft() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const text = $('text').value;
    if (!text) store.remove(KEY_DRAFT);
    else if (!store.set(KEY_DRAFT, { text, category: $('category').value, saved: Date.now() })) {
      // Too big for local storage: drop the older draft rather than restore something stale later.
      store.remove(KEY_DRAFT);
      if (!state.draftWarned) notice(T().draftTooBig);
      state.draftWarned = true;
    } else state.draftWarned = false;
  }, 250);
}
function onTextChanged(delay) {
  saveDraft();
  scheduleCheck(delay);
}

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
  if (licence.result) renderLicence(licence.result);
  refreshPackStatus();
}
function applyMode() {
  document.body.dataset.mode = prefs.mode;
  for (const r of document.querySelectorAll('input[name=mode]')) r.checked = r.value === prefs.mode;
  $('consumer').hidden = prefs.mode !== 'consumer' || !state.report;
}
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
    if (state.report) renderConsumer();
  });
}

// ---------------------------------------------------------------- inputs
$('text').addEventListener('input', () => {
  // The marks belong to the last checked text: show the new text unmarked until its check arrives.
  const pre = $('preview');
  delete pre.dataset.checked;
  showUnmarked($('text').value);
  if (!$('preview').classList.contains('big')) syncBackdrop();
  onTextChanged(DEBOUNCE_MS);
});

// Keep the backdrop (#preview) exactly under the textarea: same box, same content width, same scroll.
function syncBackdrop() {
  const ta = $('text');
  const bd = $('preview');
  const cs = getComputedStyle(ta);
  const bl = parseFloat(cs.borderLeftWidth) || 0;
  const br = parseFloat(cs.borderRightWidth) || 0;
  const scrollbar = Math.max(0, ta.offsetWidth - ta.clientWidth - bl - br);
  bd.style.width = ta.offsetWidth + 'px';
  bd.style.height = ta.offsetHeight + 'px';
  bd.style.paddingRight = parseFloat(cs.paddingRight) + scrollbar + 'px';
  bd.scrollTop = ta.scrollTop;
}
$('text').addEventListener('scroll', () => ($('preview').scrollTop = $('text').scrollTop));
if (typeof ResizeObserver === 'function') new ResizeObserver(syncBackdrop).observe($('text'));
window.addEventListener('resize', syncBackdrop);
$('category').addEventListener('change', () => onTextChanged(0));
$('family-filter').addEventListener('change', (e) => {
  state.filter = e.target.value;
  if (state.report) {
    renderPreview();
    renderFindings();
  }
});
$('clear').addEventListener('click', () => {
  $('text').value = '';
  store.remove(KEY_DRAFT);
  clearTimeout(saveTimer);
  notice('');
  state.current = -1;
  $('text').focus();
  scheduleCheck(0);
});

/** Decodes bytes the way the C core does (core/src/text.c): strict UTF-8, and each byte of an invalid or
 * truncated sequence becomes one U+FFFD, so code-point offsets agree with the engine's. */
export function decodeUtf8LikeCore(b) {
  let out = '';
  let bad = 0;
  let chunk = [];
  const flush = () => {
    out += String.fromCodePoint(...chunk);
    chunk = [];
  };
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    let need = 0;
    let v = 0;
    if (c < 0x80) {
      chunk.push(c);
      i++;
    } else {
      if (c >= 0xc2 && c <= 0xdf) [need, v] = [1, c & 0x1f];
      else if (c >= 0xe0 && c <= 0xef) [need, v] = [2, c & 0x0f];
      else if (c >= 0xf0 && c <= 0xf4) [need, v] = [3, c & 0x07];
      let ok = need > 0;
      for (let k = 1; ok && k <= need; k++) {
        const d = b[i + k];
        if (i + k >= b.length || (d & 0xc0) !== 0x80) ok = false;
        else if (k === 1 && ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f))) ok = false;
        else v = (v << 6) | (d & 0x3f);
      }
      if (ok) {
        chunk.push(v);
        i += need + 1;
      } else {
        chunk.push(0xfffd);
        bad++;
        i++;
      }
    }
    if (chunk.length >= 8192) flush();
  }
  flush();
  return { text: out, bad };
}

/** Text of a .txt file: UTF-8 (BOM dropped); a file that is not valid UTF-8 but valid GB18030 (GBK) is read as
 * such; otherwise invalid bytes become U+FFFD, one per byte, as in the engine, and the page says how many. */
async function loadTextFile(file) {
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text;
  let note = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      note = T().readAsGb18030;
    } catch {
      const r = decodeUtf8LikeCore(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
      text = r.text;
      note = T().invalidUtf8(r.bad);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  $('text').value = text;
  delete $('preview').dataset.checked;
  showUnmarked(text);
  notice(note);
  onTextChanged(0);
}
$('txtfile').addEventListener('change', (e) => loadTextFile(e.target.files[0]).finally(() => (e.target.value = '')));
const ta = $('text');
ta.addEventListener('dragover', (e) => {
  if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) {
    e.preventDefault();
    ta.classList.add('dragging');
  }
});
ta.addEventListener('dragleave', () => ta.classList.remove('dragging'));
ta.addEventListener('drop', (e) => {
  ta.classList.remove('dragging');
  const file = e.dataTransfer && e.dataTransfer.files[0];
  if (file) {
    e.preventDefault();
    loadTextFile(file);
  }
});

// ---------------------------------------------------------------- exports
function download(name, mime, content) {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
function reportJSON() {
  return JSON.stringify({ text: state.text, ...state.report }, null, 2) + '\n';
}
export function reportMarkdown(text, report, t = T()) {
  const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`# ${t.title}`, '', `> ${esc(text)}`, '', verdictText(report)[0], ''];
  lines.push(t.categoryUsed(categoryName(report.category), categorySource(report)), '');
  if (report.findings.length) {
    lines.push(`| # | ${t.csvVerdict} | ${t.csvText} | ${t.findings} | ${t.basis} | ${t.suggestion} | rule |`);
    lines.push('|---|---|---|---|---|---|---|');
    report.findings.forEach((f, i) => {
      lines.push(
        `| ${i + 1} | ${esc(t.severity[f.severity] || f.severity)} | ${esc(f.match)} [${f.start}, ${f.end}) | ${esc(f.message)} | ${esc(f.basis)} | ${esc(f.suggestion || '')} | ${esc(f.rule_id)} |`,
      );
    });
  }
  return lines.join('\n') + '\n';
}
$('export-json').addEventListener('click', () => {
  if (state.report) download('zicha-report.json', 'application/json', reportJSON());
});
$('export-md').addEventListener('click', () => {
  if (state.report) download('zicha-report.md', 'text/markdown', reportMarkdown(state.text, state.report));
});
$('copy-md').addEventListener('click', async () => {
  if (!state.report) return;
  try {
    await navigator.clipboard.writeText(reportMarkdown(state.text, state.report));
    notice(T().copied);
  } catch (e) {
    notice(e.message);
  }
});
$('print').addEventListener('click', () => window.print());

// ---------------------------------------------------------------- CSV / Excel batch (web/sheet.js)
initSheet({
  download,
  pack: () => {
    const pack = store.get(KEY_PACK);
    return pack && (pack.json || pack.b64) ? packPayload(pack) : null;
  },
});

// ---------------------------------------------------------------- custom rule pack
function refreshPackStatus(error) {
  const saved = store.get(KEY_PACK);
  const st = $('pack-status');
  const t = T();
  st.classList.toggle('error', !!error);
  if (error) st.textContent = t.packError + error;
  else st.textContent = saved ? t.packLoaded(saved.name) : '';
  $('pack-remove').hidden = !saved;
}
/** What the worker gets for a saved pack: JSON text, or the bytes of a gzip-compressed pack. */
function packPayload(pack) {
  if (pack.b64) return Uint8Array.from(atob(pack.b64), (c) => c.charCodeAt(0));
  return pack.json;
}
async function loadPack(name, payload, persist) {
  try {
    await ask({ type: 'pack', json: payload }, { timeout: 20000 });
    if (persist) {
      const saved = typeof payload === 'string' ? { name, json: payload } : { name, b64: btoa(Array.from(payload, (c) => String.fromCharCode(c)).join('')) };
      if (!store.set(KEY_PACK, saved)) store.remove(KEY_PACK);
    }
    refreshPackStatus();
    scheduleCheck(0);
    return true;
  } catch (e) {
    refreshPackStatus(e.message);
    return false;
  }
}
$('packfile').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  // gzip packs (magic 1f 8b) go to the engine as bytes; everything else as text.
  const payload = bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : new TextDecoder().decode(bytes);
  await loadPack(file.name, payload, true);
  e.target.value = '';
});
$('pack-remove').addEventListener('click', async () => {
  store.remove(KEY_PACK);
  await ask({ type: 'pack', json: null }).catch(() => {});
  refreshPackStatus();
  scheduleCheck(0);
});

// ---------------------------------------------------------------- licence image (web/ocr-worker.js)
// The image goes to a module worker (decode, QR, OCR with self-hosted PaddleOCR, checks in the core wasm);
// it never leaves the page. The worker is supervised like the engine's: an error event or no progress for
// LICENCE_STALL_MS terminates it, starts a fresh one and retries once.
const LICENCE_STALL_MS = (TEST && TEST.timeout) || 90000;
const LICENCE_WEIGHT = { decode: [0, 5], qr: [5, 10], 'load-ocr': [10, 40], ocr: [40, 95], check: [95, 100] };
const licence = { worker: null, job: 0, run: null, result: null };

function licenceWorker() {
  if (!licence.worker) {
    const w = new Worker(new URL('./ocr-worker.js', import.meta.url), { type: 'module' });
    w.onmessage = (ev) => licence.run && licence.run.onMessage(w, ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      if (licence.run) licence.run.onFailure(w, 'crash', ev.message || 'worker error');
    };
    licence.worker = w;
  }
  return licence.worker;
}
function dropLicenceWorker() {
  if (licence.worker) licence.worker.terminate();
  licence.worker = null;
}

function licenceProgress(stage, fraction) {
  const [a, b] = LICENCE_WEIGHT[stage] || [0, 100];
  const bar = $('licence-bar');
  const v = Math.round(a + (b - a) * Math.max(0, Math.min(1, fraction || 0)));
  if (v >= Number(bar.value) || stage === 'decode') bar.value = v;
  $('licence-stage').textContent = (T().licenceStage[stage] || stage) + ` ${Math.round(bar.value)}%`;
}

/** One attempt: resolves with the result, rejects with Error (with .code) or EngineFailure (crash/hang). */
function licenceAttempt(file, listing, category) {
  const id = ++licence.job;
  const w = licenceWorker();
  return new Promise((resolve, reject) => {
    let timer = 0;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => run.onFailure(w, 'hang', `no progress for ${LICENCE_STALL_MS / 1000} s`), LICENCE_STALL_MS);
    };
    const run = {
      onMessage(from, m) {
        if (from !== licence.worker || m.id !== id) return;
        arm();
        if (m.type === 'progress') licenceProgress(m.stage, m.progress);
        else {
          clearTimeout(timer);
          licence.run = null;
          if (m.type === 'result') resolve(m.result);
          else reject(Object.assign(new Error(m.message), { code: m.code }));
        }
      },
      onFailure(from, kind, detail) {
        if (from !== licence.worker) return;
        clearTimeout(timer);
        licence.run = null;
        dropLicenceWorker();
        reject(new EngineFailure(kind, detail));
      },
    };
    licence.run = run;
    arm();
    w.postMessage({ id, file, listing, category });
  });
}

async function checkLicenceFile(file) {
  if (!file) return;
  const t = T();
  const err = $('licence-error');
  err.hidden = true;
  $('licence-progress').hidden = false;
  licenceProgress('decode', 0);
  document.documentElement.dataset.licence = 'running';
  const text = $('text').value;
  // The shop's own disclosure (if pasted) lets the check compare names; the core takes up to 1 MiB of it.
  const listing = text && new TextEncoder().encode(text).length <= 1048576 ? text : null;
  const category = $('category').value;
  const t0 = performance.now();
  try {
    let result;
    try {
      result = await licenceAttempt(file, listing, category);
    } catch (e) {
      if (!(e instanceof EngineFailure)) throw e;
      notice(e.kind === 'hang' ? t.licenceHung : t.licenceCrashed);
      result = await licenceAttempt(file, listing, category);
    }
    licence.result = result;
    renderLicence(result);
    $('licence-bar').value = 100;
    $('licence-stage').textContent = t.licenceDone(performance.now() - t0);
    document.documentElement.dataset.licence = 'done';
  } catch (e) {
    $('licence-progress').hidden = true;
    err.textContent = e instanceof EngineFailure ? t.licenceGaveUp : e.message;
    err.hidden = false;
    document.documentElement.dataset.licence = 'error';
  }
}

function renderLicence(result) {
  const t = T();
  const dl = $('licence-fields');
  dl.textContent = '';
  const fields = result.fields || {};
  for (const key of Object.keys(t.licenceFields)) {
    const dt = document.createElement('dt');
    dt.textContent = t.licenceFields[key];
    const dd = document.createElement('dd');
    dd.dataset.field = key;
    dd.lang = 'zh-CN';
    if (fields[key] != null && fields[key] !== '') dd.textContent = fields[key];
    else {
      dd.textContent = t.licenceNoField;
      dd.className = 'meta';
    }
    dl.append(dt, dd);
  }
  const qr = $('licence-qr');
  qr.textContent = result.qr != null ? t.licenceQr + result.qr : t.licenceNoQr;
  qr.dataset.qr = result.qr != null ? result.qr : '';
  const list = $('licence-findings');
  list.textContent = '';
  const findings = result.findings || [];
  for (const f of findings) {
    const li = document.createElement('li');
    li.className = 'finding sev-' + f.severity;
    li.dataset.family = f.family;
    li.dataset.rule = f.rule_id || '';
    const head = document.createElement('div');
    head.className = 'fhead';
    head.append(
      Object.assign(document.createElement('span'), { className: 'badge sev-' + f.severity, textContent: t.severity[f.severity] || f.severity }),
      ' ',
      Object.assign(document.createElement('span'), { className: 'family', textContent: familyName(f.family) }),
    );
    if (f.match) head.append(' ', Object.assign(document.createElement('q'), { className: 'match', textContent: f.match }));
    li.append(head, Object.assign(document.createElement('p'), { className: 'message', lang: 'zh-CN', textContent: f.message || '' }));
    if (f.basis) {
      const p = document.createElement('p');
      p.className = 'basis';
      p.append(Object.assign(document.createElement('strong'), { textContent: t.basis + t.colon }), f.basis);
      li.append(p);
    }
    if (f.suggestion) {
      const p = document.createElement('p');
      p.className = 'suggestion';
      p.append(Object.assign(document.createElement('strong'), { textContent: t.suggestion + t.colon }), f.suggestion);
      li.append(p);
    }
    list.append(li);
  }
  const serious = findings.filter((f) => f.severity !== 'info').length;
  const v = $('licence-verdict');
  v.textContent = serious ? t.licenceProblems(serious) : t.licenceClean;
  v.className = 'verdict ' + (findings.some((f) => f.severity === 'error') ? 'error' : serious ? 'warning' : 'clean');
  $('licence-result').hidden = false;
}

$('licencefile').addEventListener('change', (e) => {
  const file = e.target.files[0];
  checkLicenceFile(file).finally(() => (e.target.value = ''));
});
{
  const zone = $('licence-drop');
  zone.addEventListener('dragover', (e) => {
    if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) {
      e.preventDefault();
      zone.classList.add('dragging');
    }
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    zone.classList.remove('dragging');
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) {
      e.preventDefault();
      checkLicenceFile(file);
    }
  });
}

// ---------------------------------------------------------------- start
/** Text shared through the share target: the service worker kept it (POST ./share → ./?shared=1). */
async function takeSharedText() {
  try {
    const cache = await caches.open('zicha-share');
    const key = new URL('./__shared__', location.href).href;
    const res = await cache.match(key);
    if (!res) return '';
    await cache.delete(key);
    return await res.text();
  } catch {
    return '';
  }
}

async function start() {
  applyLanguage();
  applyMode();
  const params = new URLSearchParams(location.search);
  // ?title=&text=&url= (a GET share, or a link) is still accepted.
  const shared = ['title', 'text', 'url'].map((k) => params.get(k)).filter(Boolean);
  if (params.get('shared') === '1' && typeof caches !== 'undefined') {
    const posted = await takeSharedText();
    if (posted) shared.push(posted);
    else history.replaceState(null, '', location.pathname);
  }
  const draft = store.get(KEY_DRAFT);
  if (shared.length) {
    // Share target (manifest): take the text, then drop it from the address bar and history.
    $('text').value = shared.join('\n');
    history.replaceState(null, '', location.pathname);
    delete $('preview').dataset.checked;
    showUnmarked($('text').value);
    saveDraft();
  } else if (draft && typeof draft.text === 'string' && draft.text) {
    $('text').value = draft.text;
    if (draft.category != null) $('category').value = draft.category;
    notice(T().draftRestored);
  }
  const pack = store.get(KEY_PACK);
  if (pack && (pack.json || pack.b64)) loadPack(pack.name, packPayload(pack), false);
  scheduleCheck(0);
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register('./sw.js').catch(() => {});
  }
}
start();
