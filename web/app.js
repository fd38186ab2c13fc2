// zicha page: input, worker round trips, highlights, findings, modes, storage, exports, CSV/Excel batch (sheet.js), rule packs.
// All offsets from the engine are Unicode code points of the checked text (Array.from), never UTF-16 units.

import { CATEGORIES, FAMILIES, CONSUMER, STRINGS } from './i18n.js';
import { initSheet } from './sheet.js';
import { initImagePanel } from './image-panel.js';
import {
  cpIndex, isPageLevel, fixesOf, planAll, occurrenceOf, sameOccurrence, loadIgnores, explainPackError, parseWordList, wordListPack,
  checklistFor, PERMIT_FAMILIES, consumerRisk,
} from './workflow.js';

const NAV_START = performance.now();
const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 150;
const KEY_DRAFT = 'zicha.draft';
const KEY_PREFS = 'zicha.prefs';
const KEY_PACK = 'zicha.pack';
const KEY_IGNORE = 'zicha.ignore';
const KEY_CLEARED = 'zicha.cleared'; // the text of the last 清空, so that clearing never loses a draft for good
// what the page says it checks → the engine's mode (标题 and 商品详情 are both one listing)
const SCOPE_MODE = { auto: 'auto', title: 'listing', detail: 'listing', shop: 'shop' };
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

const prefs = Object.assign({ lang: 'zh', mode: 'merchant', scope: 'auto' }, store.get(KEY_PREFS) || {});
if (!(prefs.scope in SCOPE_MODE)) prefs.scope = 'auto';
let ignores = loadIgnores(store.get(KEY_IGNORE));
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
  if (gen > 1 && activePack) w.postMessage({ type: 'pack', id: 0, json: activePack.payload });
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
/** A notice, optionally with one action button ({label, run}). */
function notice(text, isError = false, action = null) {
  const n = $('notice');
  $('notice-text').textContent = text;
  const b = $('notice-action');
  b.hidden = !action;
  b.textContent = action ? action.label : '';
  b.onclick = action ? () => action.run() : null;
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
  const mode = SCOPE_MODE[prefs.scope] || 'auto';
  const seq = ++state.seq;
  document.documentElement.dataset.seq = String(seq);
  document.documentElement.dataset.checking = '1';
  // Bigger texts get more time before the check counts as hung: 1 s more per MB.
  const timeout = CHECK_TIMEOUT_MS + Math.floor(text.length / 1048576) * 1000;
  try {
    let report;
    try {
      ({ report } = await ask({ type: 'check', text, category, mode }, { timeout }));
    } catch (e) {
      if (!(e instanceof EngineFailure) || seq !== state.seq) throw e;
      // The worker crashed or hung and has been restarted: retry this check once.
      ({ report } = await ask({ type: 'check', text, category, mode }, { timeout }));
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
    state.scope = prefs.scope;
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

function verdictText(report, view = viewOf(report, state.text)) {
  const s = { error: 0, warning: 0, info: 0 };
  const sum = report.summary;
  if (sum && typeof sum.error === 'number') {
    // counts beyond the list too, less what the merchant chose to ignore
    for (const k of Object.keys(s)) s[k] = sum[k] || 0;
    for (const i of view.ignored) s[report.findings[i].severity]--;
  } else for (const i of [...view.shown, ...view.page]) s[report.findings[i].severity]++;
  let permit = 0;
  for (const i of [...view.shown, ...view.page]) {
    const f = report.findings[i];
    if (f.severity === 'warning' && PERMIT_FAMILIES.has(f.family)) permit++;
  }
  const t = T();
  if (s.error) return [t.verdictError(s.error) + (s.warning ? ' ' + t.verdictAlso(s.warning, permit) : ''), 'error'];
  if (s.warning) return [t.verdictWarning(s.warning, permit), 'warning'];
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

/** Code-point → UTF-16 index of the checked text (built once per text). */
function textIndex() {
  if (state.idxText !== state.text) {
    state.idx = cpIndex(state.text);
    state.idxText = state.text;
  }
  return state.idx;
}

/** Which findings of a report are listed (`shown`: with a span), are page requirements (`page`: no span), or
 * were ignored by the merchant (`ignored`), as indexes into report.findings. Ignoring is a merchant's tool: the
 * consumer view shows everything. */
function viewOf(report, text) {
  if (state.viewOf === report && state.viewText === text && state.viewIgnores === ignores && state.viewMode === prefs.mode) return state.view;
  const view = { shown: [], page: [], ignored: [] };
  const rules = new Set(ignores.rules);
  const occ = new Map(); // rule → its ignored occurrences
  for (const o of ignores.occurrences) occ.set(o.rule, [...(occ.get(o.rule) || []), o]);
  const merchant = prefs.mode !== 'consumer';
  const idx = occ.size && text === state.text ? textIndex() : null;
  const ignoredHere = (f) => idx && (occ.get(f.rule_id) || []).some((o) => sameOccurrence(o, f, idx));
  report.findings.forEach((f, i) => {
    if (merchant && (rules.has(f.rule_id) || ignoredHere(f))) view.ignored.push(i);
    else if (isPageLevel(f)) view.page.push(i);
    else view.shown.push(i);
  });
  Object.assign(state, { view, viewOf: report, viewText: text, viewIgnores: ignores, viewMode: prefs.mode });
  return view;
}
const isShown = (i) => state.view && !state.hiddenSet.has(i);

function render(text, report) {
  state.report = report;
  state.text = text;
  const view = viewOf(report, text);
  state.hiddenSet = new Set([...view.ignored, ...view.page]);
  if (state.current >= report.findings.length || state.hiddenSet.has(state.current)) state.current = -1;
  renderPreview();
  // (measuring the textarea forces a layout of all its text: only where there are highlights to align)
  if (text.length <= PREVIEW_LIMIT) syncBackdrop();
  renderFindings();
  renderPageReqs();
  renderConsumer();
  const t = T();
  const [v, cls] = verdictText(report, view);
  const verdict = $('verdict');
  // the merchant's verdict talks about publishing: a buyer gets the risk summary instead
  verdict.textContent = prefs.mode === 'consumer' ? '' : v;
  verdict.className = 'verdict ' + cls;
  $('category-used').textContent = t.categoryUsed(categoryName(report.category), categorySource(report));
  $('scope-used').textContent = t.scopeUsed(state.scope || prefs.scope, report.mode);
  $('scope-used').dataset.mode = report.mode || '';
  const ign = $('ignored-note');
  ign.textContent = view.ignored.length ? t.ignoredNote(view.ignored.length) : '';
  ign.hidden = !view.ignored.length;
  const sum = report.summary || {};
  const trunc = $('truncated');
  trunc.textContent = sum.truncated ? t.truncated(report.findings.length, sum.total) : '';
  trunc.hidden = !sum.truncated;
  const off = $('highlight-off');
  off.hidden = text.length <= PREVIEW_LIMIT;
  off.textContent = off.hidden ? '' : t.highlightOff(PREVIEW_LIMIT, text.length);
  const fixable = prefs.mode !== 'consumer' ? planAll(view.shown.map((i) => report.findings[i]), replacementOf) : [];
  const all = $('apply-all');
  all.hidden = fixable.length === 0;
  all.title = fixable.length ? t.applyAllTitle(fixable.length) : '';
  all.dataset.count = String(fixable.length);
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
  if (!state.meta && !state.metaAsked && state.ready) {
    // engine version and rule fingerprint for the exports; asked after the first result, never before it
    state.metaAsked = true;
    ask({ type: 'meta' }).then((m) => (state.meta = m), () => (state.metaAsked = false));
  }
}

function visible(f) {
  return !state.filter || f.family === state.filter;
}

// Cards are built in slices: a long text can have thousands of findings, and building them all in one task
// would block typing. The first slice comes at once; the rest follow in later tasks (cancelled by a newer render).
const CARD_SLICE = 150;
let cardJob = 0;

// Very long texts (over PREVIEW_LIMIT UTF-16 units) get no inline highlights: laying out a second copy of
// megabytes of text under the textarea costs seconds. The page says so (#highlight-off); the findings list still
// shows every finding, and a click selects it in the text.
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
  const idx = textIndex();
  const findings = state.report.findings;
  const own = state.view.shown;
  // Segment boundaries at every start/end of a listed finding; each segment is covered by a set of them.
  const cuts = new Set([0, idx.length]);
  for (const i of own) {
    cuts.add(Math.max(0, Math.min(idx.length, findings[i].start)));
    cuts.add(Math.max(0, Math.min(idx.length, findings[i].end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const seg = idx.slice(a, b);
    const cover = [];
    for (const i of own) {
      const f = findings[i];
      if (f.start <= a && f.end >= b && f.end > f.start) cover.push(i);
    }
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
  const shown = state.view.shown;
  // Family filter options: the families present, with counts.
  const sel = $('family-filter');
  const counts = new Map();
  for (const i of shown) counts.set(findings[i].family, (counts.get(findings[i].family) || 0) + 1);
  if (state.filter && !counts.has(state.filter)) state.filter = '';
  sel.textContent = '';
  sel.append(new Option(t.filterAll, ''));
  for (const [fam, n] of counts) sel.append(new Option(`${familyName(fam)} (${n})`, fam));
  sel.value = state.filter;
  const job = ++cardJob;
  list.dataset.complete = '0';
  // (no "no problems" item: the verdict above already says so)
  const step = (from) => {
    if (job !== cardJob) return;
    const frag = document.createDocumentFragment();
    const end = Math.min(shown.length, from + CARD_SLICE);
    for (let k = from; k < end; k++) frag.append(findingCard(findings[shown[k]], shown[k], t));
    list.append(frag);
    if (end < shown.length) setTimeout(() => step(end), 0);
    else list.dataset.complete = '1';
  };
  step(0);
}

function techInfo(t, text) {
  const d = document.createElement('details');
  d.className = 'tech';
  d.append(Object.assign(document.createElement('summary'), { textContent: t.tech }));
  const p = document.createElement('p');
  p.className = 'rule-id';
  p.textContent = text;
  d.append(p);
  return d;
}

function button(cls, text, title, run) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  if (title) b.title = title;
  b.addEventListener('click', run);
  return b;
}

/** A card's message, basis and suggestion paragraphs. */
function cardBody(f, t) {
  const msg = Object.assign(document.createElement('p'), { className: 'message', lang: 'zh-CN', textContent: f.message });
  const basis = document.createElement('p');
  basis.className = 'basis';
  basis.append(Object.assign(document.createElement('strong'), { textContent: t.basis + t.colon }), allBases(f));
  if (!f.suggestion) return [msg, basis];
  const sug = document.createElement('p');
  sug.className = 'suggestion';
  sug.append(Object.assign(document.createElement('strong'), { textContent: t.suggestion + t.colon }), f.suggestion);
  return [msg, basis, sug];
}

function findingCard(f, i, t) {
  const li = document.createElement('li');
  li.id = 'finding-' + i;
  li.className = 'finding sev-' + f.severity;
  li.tabIndex = i === state.current || (state.current < 0 && i === state.view.shown[0]) ? 0 : -1;
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

  li.append(head, ...cardBody(f, t));
  const actions = document.createElement('div');
  actions.className = 'actions';
  // one button per fix: 最好 → 优质 | 口碑好 | 删除
  for (const fx of fixesOf(f, replacementOf)) {
    const from = fx.start === f.start && fx.end === f.end ? f.match : textIndex().slice(fx.start, fx.end);
    const label = fx.text ? `${f.match} → ${fx.text}` : t.fixDelete;
    const b = button('apply fix', label, t.applyTitle(from, fx.text), () => applyFixes([fx], f));
    // the accessible name is the visible label; the title says the edit in full
    b.dataset.text = fx.text;
    actions.append(b);
  }
  actions.append(
    button('ignore-here', t.ignoreHere, '', () => ignoreOccurrence(f)),
    button('ignore-rule', t.ignoreRule, '', () => ignoreRule(f)),
  );
  li.append(actions, techInfo(t, `${f.rule_id} · [${f.start}, ${f.end})`));
  li.addEventListener('focus', () => setCurrent(i, false));
  li.addEventListener('click', (e) => {
    if (e.target.closest('button, details')) return;
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
  return li;
}

/** Page-level findings (what the whole page lacks, e.g. the licence disclosure): their own section, no quote. */
function renderPageReqs() {
  const t = T();
  const box = $('page-reqs');
  const ul = $('page-reqs-list');
  ul.textContent = '';
  const page = state.view.page;
  box.hidden = !page.length;
  $('page-reqs-note').textContent = t.pageReqsNote;
  for (const i of page) {
    const f = state.report.findings[i];
    const li = document.createElement('li');
    li.className = 'finding page-req sev-' + f.severity;
    li.dataset.index = String(i);
    li.dataset.family = f.family;
    li.dataset.rule = f.rule_id;
    const head = document.createElement('div');
    head.className = 'fhead';
    head.append(
      Object.assign(document.createElement('span'), { className: 'badge sev-' + f.severity, textContent: t.severity[f.severity] || f.severity }),
      ' ',
      Object.assign(document.createElement('span'), { className: 'family', textContent: familyName(f.family) }),
    );
    li.append(head, ...cardBody(f, t));
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(button('ignore-rule', t.ignoreRule, '', () => ignoreRule(f)));
    li.append(actions, techInfo(t, f.rule_id));
    ul.append(li);
  }
}

function renderConsumer() {
  const t = T();
  const box = $('consumer');
  const findings = [...state.view.shown, ...state.view.page].map((i) => state.report.findings[i]);
  const { level, reasons } = consumerRisk(findings);
  $('risk').className = 'risk ' + level;
  $('risk-level').textContent = t.riskLevel[level] + t.colon;
  $('risk-text').textContent = level === 'high' ? t.consumerHigh : level === 'medium' ? t.consumerMedium : t.consumerLow;
  const ul = $('risk-list');
  ul.textContent = '';
  for (const r of reasons) {
    const li = document.createElement('li');
    const c = CONSUMER[r.family];
    const text = c ? c[prefs.lang === 'en' ? 1 : 0] : r.message;
    li.append(Object.assign(document.createElement('strong'), { textContent: familyName(r.family) }), t.colon, text, ' ');
    li.append(Object.assign(document.createElement('span'), { className: 'meta', textContent: r.matches.join('、') }));
    ul.append(li);
  }
  const cl = $('checklist');
  cl.textContent = '';
  const items = prefs.lang === 'en' ? t.checklist : checklistFor(state.report.category);
  for (const item of items) cl.append(Object.assign(document.createElement('li'), { textContent: item }));
  box.hidden = prefs.mode !== 'consumer';
}

// ---------------------------------------------------------------- navigation between findings
function visibleIndices() {
  if (!state.report) return [];
  return state.view.shown.filter((i) => visible(state.report.findings[i]));
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
function selectInText(i) {
  const f = state.report && state.report.findings[i];
  if (!f) return;
  const ta = $('text');
  if (ta.value !== state.text) return;
  ta.focus();
  const idx = textIndex();
  ta.setSelectionRange(idx.toUnit(f.start), idx.toUnit(f.end));
}
document.addEventListener('keydown', (e) => {
  if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    e.preventDefault();
    move(e.key === 'ArrowDown' ? 1 : -1);
  }
});

// ---------------------------------------------------------------- editing: fixes, undo/redo, clear
// Every edit the page makes goes through the browser's own editing command on the focused textarea
// (execCommand 'insertText' / 'delete' with the range selected), so it lands on the same native undo stack as
// typing: Ctrl+Z / Ctrl+Y and the 撤销 / 重做 buttons undo and redo typing and page edits alike. Where the
// browser refuses the command, the edit is made directly and kept on the page's own stack (`own`).
const own = { undo: [], redo: [] };

function nativeEdit(ta, from, to, text) {
  ta.focus();
  ta.setSelectionRange(from, to);
  try {
    return document.execCommand(text ? 'insertText' : 'delete', false, text) && true;
  } catch {
    return false;
  }
}

/** Replace UTF-16 range [from, to) of the text box by `text`, undoably. */
function editRange(from, to, text) {
  const ta = $('text');
  const before = ta.value;
  const expected = before.slice(0, from) + text + before.slice(to);
  if (from === to && !text) return;
  if (!nativeEdit(ta, from, to, text) || ta.value !== expected) {
    ta.value = expected;
    ta.setSelectionRange(from + text.length, from + text.length);
    own.undo.push({ before, after: expected });
    own.redo.length = 0;
    ta.dispatchEvent(new Event('input'));
  }
}

/** Apply fixes (code points of the checked text, non-overlapping) as one undo step: one edit over the span
 * that covers them all. */
function applyFixes(fixes, f) {
  const ta = $('text');
  if (ta.value !== state.text || !fixes.length) return; // stale: the text changed since this report
  const idx = textIndex();
  if (f && idx.slice(f.start, f.end) !== f.match) return;
  const sorted = [...fixes].sort((a, b) => a.start - b.start);
  const lo = sorted[0].start;
  const hi = Math.max(...sorted.map((x) => x.end));
  let out = '';
  let at = lo;
  for (const x of sorted) {
    out += idx.slice(at, x.start) + x.text;
    at = x.end;
  }
  out += idx.slice(at, hi);
  state.current = -1;
  editRange(idx.toUnit(lo), idx.toUnit(hi), out);
}

$('apply-all').addEventListener('click', () => {
  if (!state.report || $('text').value !== state.text) return;
  applyFixes(planAll(state.view.shown.map((i) => state.report.findings[i]), replacementOf));
});

function undoRedo(which) {
  const ta = $('text');
  const mine = own[which];
  if (mine.length && mine[mine.length - 1][which === 'undo' ? 'after' : 'before'] === ta.value) {
    const e = mine.pop();
    ta.value = which === 'undo' ? e.before : e.after;
    own[which === 'undo' ? 'redo' : 'undo'].push(e);
    ta.dispatchEvent(new Event('input'));
    return;
  }
  ta.focus();
  document.execCommand(which);
}
for (const which of ['undo', 'redo']) {
  const b = $(which);
  // keep the focus (and with it the native undo stack's target) in the text box
  b.addEventListener('mousedown', (e) => e.preventDefault());
  b.addEventListener('click', () => undoRedo(which));
}

$('clear').addEventListener('click', () => {
  const ta = $('text');
  const text = ta.value;
  if (!text) return;
  // kept until the next clear: even after a reload the cleared text can come back
  store.set(KEY_CLEARED, { text, category: $('category').value, at: Date.now() });
  editRange(0, text.length, '');
  clearTimeout(saveTimer);
  pendingSave = null;
  store.remove(KEY_DRAFT);
  state.current = -1;
  notice(T().cleared, false, { label: T().restoreCleared, run: restoreCleared });
});
function restoreCleared() {
  const ta = $('text');
  const saved = store.get(KEY_CLEARED);
  if (!saved || typeof saved.text !== 'string') return;
  editRange(0, ta.value.length, saved.text);
  notice('');
}

// ---------------------------------------------------------------- ignoring findings
function saveIgnores(next) {
  ignores = next;
  store.set(KEY_IGNORE, ignores);
  renderSettings();
  if (state.report) render(state.text, state.report);
}
function ignoreOccurrence(f) {
  const o = occurrenceOf(f, textIndex());
  if (ignores.occurrences.some((x) => x.key === o.key)) return;
  saveIgnores({ ...ignores, occurrences: [...ignores.occurrences, { ...o, family: f.family, at: Date.now() }] });
}
function ignoreRule(f) {
  if (ignores.rules.includes(f.rule_id)) return;
  saveIgnores({ ...ignores, rules: [...ignores.rules, f.rule_id] });
  const names = { ...(store.get(KEY_IGNORE + '.names') || {}), [f.rule_id]: familyName(f.family) };
  store.set(KEY_IGNORE + '.names', names);
}
function renderSettings() {
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
  fill($('ignored-rules'), ignores.rules, (r) => `${names[r] || ''} ${r}`.trim(), (r) => saveIgnores({ ...ignores, rules: ignores.rules.filter((x) => x !== r) }));
  fill($('ignored-occurrences'), ignores.occurrences, (o) => `“${o.match}”（${familyName(o.family)}）`, (o) =>
    saveIgnores({ ...ignores, occurrences: ignores.occurrences.filter((x) => x.key !== o.key) }));
  $('ignore-reset').hidden = !ignores.rules.length && !ignores.occurrences.length;
}
$('ignore-reset').addEventListener('click', () => saveIgnores({ rules: [], occurrences: [] }));
window.addEventListener('storage', (e) => {
  if (e.key === KEY_IGNORE) saveIgnores(loadIgnores(store.get(KEY_IGNORE)));
});

// ---------------------------------------------------------------- draft autosave
// Saving is debounced longer for long texts: serialising megabytes into localStorage takes tens of
// milliseconds, which must not happen on every keystroke.
// A long draft goes to IndexedDB instead, whose write happens off the main thread (localStorage.setItem of a
// megabyte blocks it for tens of milliseconds); localStorage then only notes that the draft is there.
// The same IndexedDB store keeps a custom rule pack too big for localStorage (key 'pack', next to 'draft').
const BIG_DRAFT = 200000;
function bigStore(mode, fn) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('zicha', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('drafts');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('drafts', mode);
      const req = fn(tx.objectStore('drafts'));
      tx.oncomplete = () => {
        db.close();
        resolve(req.result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}
let saveTimer = 0;
let pendingSave = null;
function saveDraft() {
  clearTimeout(saveTimer);
  const len = $('text').value.length;
  pendingSave = () => {
    pendingSave = null;
    const text = $('text').value;
    if (text.length > BIG_DRAFT && typeof indexedDB !== 'undefined') {
      const draft = { text, category: $('category').value, saved: Date.now() };
      bigStore('readwrite', (os) => os.put(draft, 'draft')).then(
        () => store.set(KEY_DRAFT, { big: true, category: draft.category, saved: draft.saved }),
        () => {
          store.remove(KEY_DRAFT);
          if (!state.draftWarned) notice(T().draftTooBig);
          state.draftWarned = true;
        },
      );
      return;
    }
    if (!text) store.remove(KEY_DRAFT);
    else if (!store.set(KEY_DRAFT, { text, category: $('category').value, saved: Date.now() })) {
      // Too big for local storage: drop the older draft rather than restore something stale later.
      store.remove(KEY_DRAFT);
      if (!state.draftWarned) notice(T().draftTooBig);
      state.draftWarned = true;
    } else state.draftWarned = false;
  };
  saveTimer = setTimeout(pendingSave, len > 100000 ? 2000 : 250);
}
// an edit made just before the page is left or reloaded is saved now, not lost with the debounce timer (else
// the next visit would restore the text as it was before that edit)
window.addEventListener('pagehide', () => {
  clearTimeout(saveTimer);
  if (pendingSave) pendingSave();
});
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

// ---------------------------------------------------------------- inputs
$('text').addEventListener('input', () => {
  // The marks belong to the last checked text: show the new text unmarked until its check arrives.
  const pre = $('preview');
  delete pre.dataset.checked;
  showUnmarked($('text').value);
  if (!$('preview').classList.contains('big')) syncBackdrop();
  // a long text waits longer after a keystroke: each check of a megabyte takes the worker seconds, and checks
  // started between keystrokes would only queue up behind each other
  onTextChanged(DEBOUNCE_MS + Math.min(1000, Math.floor($('text').value.length / 2000)));
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
/** What a report names besides the findings: when, which engine and rules, what was checked as what, and what
 * the merchant ignored. */
function reportMeta() {
  const view = viewOf(state.report, state.text);
  const pack = activePack;
  const m = state.meta || {};
  return {
    generated_at: new Date().toISOString(),
    engine: { name: 'zicha', version: m.version || '' },
    rules: { count: m.rules || 0, fingerprint: m.fingerprint || '', custom_pack: pack ? pack.name : null },
    scope: state.scope || prefs.scope,
    mode: state.report.mode || SCOPE_MODE[state.scope || prefs.scope],
    ignored: {
      rules: [...ignores.rules],
      occurrences: ignores.occurrences.map((o) => ({ rule_id: o.rule, match: o.match })),
      findings: view.ignored.map((i) => state.report.findings[i]),
    },
  };
}
function reportJSON() {
  const view = viewOf(state.report, state.text);
  const keep = new Set([...view.shown, ...view.page]);
  return JSON.stringify({ ...reportMeta(), text: state.text, ...state.report, findings: state.report.findings.filter((_, i) => keep.has(i)) }, null, 2) + '\n';
}
/** Text from the user or a rule pack, made inert for Markdown: & < > become entities (so no HTML tag, comment
 * or autolink can form), the characters of links, images, emphasis, code, strikethrough and tables are
 * backslash-escaped (so `[x](javascript:…)` stays words), and newlines become spaces (one table row, one quote
 * line). A viewer then shows exactly the words; the JSON export keeps them unchanged. */
export function mdText(s) {
  return String(s ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()!|~#]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
export function reportMarkdown(text, report, t = T()) {
  // every value that comes from the text, the engine or a rule pack goes through mdText; only the page's own
  // strings (title, labels, verdicts) are written as they are
  const esc = mdText;
  const view = viewOf(report, text);
  const meta = reportMeta();
  const M = t.reportMeta;
  const lines = [`# ${t.title}`, ''];
  lines.push(`- ${M.date}${t.colon}${new Date(meta.generated_at).toLocaleString('zh-CN', { hour12: false })}（${meta.generated_at}）`);
  lines.push(`- ${M.engine}${t.colon}zicha ${esc(meta.engine.version)}`);
  lines.push(`- ${M.rules}${t.colon}${meta.rules.count} · ${esc(meta.rules.fingerprint)}${meta.rules.custom_pack ? ` + ${esc(meta.rules.custom_pack)}` : ''}`);
  lines.push(`- ${M.scope}${t.colon}${t.scopeUsed(meta.scope, meta.mode)}（mode: ${esc(meta.mode)}）`);
  const ign = [...meta.ignored.rules.map((r) => `${esc(r)}（${t.ignoreRule}）`), ...meta.ignored.occurrences.map((o) => `“${esc(o.match)}” ${esc(o.rule_id)}（${t.ignoreHere}）`)];
  lines.push(`- ${M.ignored}${t.colon}${ign.length ? ign.join('；') : M.none}${view.ignored.length ? `，${t.ignoredNote(view.ignored.length)}` : ''}`);
  lines.push('', `> ${esc(text)}`, '', verdictText(report, view)[0], '');
  lines.push(t.categoryUsed(esc(categoryName(report.category)), categorySource(report)), '');
  const listed = [...view.shown, ...view.page].sort((a, b) => a - b).map((i) => report.findings[i]);
  if (listed.length) {
    lines.push(`| # | ${t.csvVerdict} | ${t.csvText} | ${t.findings} | ${t.basis} | ${t.suggestion} | rule |`);
    lines.push('|---|---|---|---|---|---|---|');
    listed.forEach((f, i) => {
      lines.push(
        `| ${i + 1} | ${esc(t.severity[f.severity] || f.severity)} | ${esc(f.match)} \\[${f.start}, ${f.end}) | ${esc(f.message)} | ${esc(f.basis)} | ${esc(f.suggestion || '')} | ${esc(f.rule_id)} |`,
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
  pack: () => (activePack ? activePack.payload : null),
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

// ---------------------------------------------------------------- custom rule pack
// The pack in use lives in `activePack` ({name, payload, saved, words…}); `saved` says where it is kept:
// 'local' (localStorage), 'idb' (IndexedDB, for packs too big for localStorage, as long drafts are) or 'session'
// (neither could take it: it works until the page is closed, and the page says so). The status and 移除规则包
// follow activePack, so a pack the engine uses is always shown and can always be removed.
let activePack = null;

/** error: {file, raw} of a refused pack: said in plain words, the engine's own message behind 技术信息. */
function refreshPackStatus(error) {
  const st = $('pack-status');
  const t = T();
  st.classList.toggle('error', !!error);
  st.textContent = '';
  delete st.dataset.saved;
  if (error) {
    st.append(Object.assign(document.createElement('p'), { textContent: t.packError + explainPackError(error.raw, error.file) }));
    st.append(techInfo(t, String(error.raw).replace(/^custom-rules\.json/, error.file)));
  } else if (activePack) {
    const p = activePack;
    st.textContent = p.words ? t.packWords(p.name, p.count, p.skipped) : t.packLoaded(p.name);
    st.dataset.saved = p.saved || '';
    if (p.saved === 'session') st.append(Object.assign(document.createElement('p'), { className: 'meta warn', textContent: t.packSessionOnly }));
  }
  $('pack-remove').hidden = !activePack;
}
/** What the worker gets for a saved pack: JSON text, or the bytes of a gzip-compressed pack. */
function packPayload(pack) {
  if (pack.b64) return Uint8Array.from(atob(pack.b64), (c) => c.charCodeAt(0));
  return pack.json;
}
/** Keep the active pack for the next visit: localStorage, else IndexedDB, else only this session. */
async function savePack() {
  const p = activePack;
  if (!p) return;
  const { payload, saved: _, ...extra } = p;
  const record = typeof payload === 'string' ? { ...extra, json: payload } : { ...extra, b64: btoa(Array.from(payload, (c) => String.fromCharCode(c)).join('')) };
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
  if (activePack === p) {
    p.saved = where;
    refreshPackStatus();
  }
}
/** The saved pack record ({name, json|b64, words…}) or null. */
async function loadSavedPack() {
  const pack = store.get(KEY_PACK);
  if (pack && pack.big) return bigStore('readonly', (os) => os.get('pack')).catch(() => null);
  return pack;
}
async function loadPack(name, payload, { persist = true, extra = {}, saved = null } = {}) {
  try {
    await ask({ type: 'pack', json: payload }, { timeout: 20000 });
    activePack = { name, payload, ...extra, saved };
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
    if (activePack && Array.isArray(activePack.words)) loadWordList(activePack.name, activePack.words);
  });
}
$('packfile').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  // gzip packs (magic 1f 8b) go to the engine as bytes; everything else as text.
  const payload = bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : new TextDecoder().decode(bytes);
  const words = typeof payload === 'string' ? parseWordList(payload, file.name) : null;
  if (words) await loadWordList(file.name, words);
  else await loadPack(file.name, payload);
  e.target.value = '';
});
$('pack-remove').addEventListener('click', async () => {
  activePack = null;
  store.remove(KEY_PACK);
  bigStore('readwrite', (os) => os.delete('pack')).catch(() => {});
  await ask({ type: 'pack', json: null }).catch(() => {});
  state.meta = null;
  state.metaAsked = false;
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

// What the first licence check downloads: the OCR runtime and the PP-OCRv4 models under gen/paddle/
// (ort-wasm-simd-threaded.wasm.gz 3.66 MB, ch_PP-OCRv4_rec_infer.zq8.gz 2.97 MB, ch_PP-OCRv4_det_infer.zq8.gz
// 1.32 MB, the dictionary and the JS glue): tests/e2e/workflow.test.mjs checks this against the files.
export const OCR_DOWNLOAD_BYTES = 8100000;
const KEY_OCR = 'zicha.ocrReady'; // set after the first successful recognition: the models are in the cache

function showLicenceImage(file) {
  const t = T();
  $('licence-file').textContent = t.licenceFile(file.name || '');
  $('licence-file').hidden = false;
  if (licence.thumb) URL.revokeObjectURL(licence.thumb);
  licence.thumb = URL.createObjectURL(file);
  $('licence-thumb').src = licence.thumb;
  $('licence-thumb').alt = t.licenceFile(file.name || '');
  $('licence-boxes').textContent = '';
  $('licence-thumb-note').textContent = '';
  $('licence-figure').hidden = false;
}
/** Outlines of the recognised fields on the thumbnail when the result has their boxes; otherwise say so. */
function showLicenceBoxes(result) {
  const t = T();
  const boxes = $('licence-boxes');
  boxes.textContent = '';
  const list = result.boxes && result.image ? Object.entries(result.boxes) : [];
  for (const [field, b] of list) {
    const d = document.createElement('div');
    d.className = 'fieldbox';
    d.title = t.licenceFields[field] || field;
    Object.assign(d.style, {
      left: (100 * b.x0) / result.image.width + '%', top: (100 * b.y0) / result.image.height + '%',
      width: (100 * (b.x1 - b.x0)) / result.image.width + '%', height: (100 * (b.y1 - b.y0)) / result.image.height + '%',
    });
    boxes.append(d);
  }
  $('licence-thumb-note').textContent = list.length ? '' : t.licenceThumbNoBoxes;
}
const looksOffline = (e) => !navigator.onLine || /fetch|network|import|load/i.test(String((e && e.message) || e));

async function checkLicenceFile(file) {
  if (!file) return;
  const t = T();
  const err = $('licence-error');
  err.hidden = true;
  err.textContent = '';
  // the previous image's verdict must not stay under this one's progress or error
  licence.result = null;
  $('licence-result').hidden = true;
  showLicenceImage(file);
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
    store.set(KEY_OCR, true);
    renderLicence(result);
    $('licence-bar').value = 100;
    $('licence-stage').textContent = t.licenceDone(performance.now() - t0);
    document.documentElement.dataset.licence = 'done';
  } catch (e) {
    $('licence-progress').hidden = true;
    // before the first download the models are not cached: without a network that is the cause, not the image
    const offline = !store.get(KEY_OCR) && looksOffline(e);
    const known = !offline && !(e instanceof EngineFailure);
    err.textContent = offline ? t.licenceOffline((OCR_DOWNLOAD_BYTES / 1e6).toFixed(0)) : e instanceof EngineFailure ? t.licenceGaveUp : licenceErrorText(e, t);
    // the worker's own message (possibly the browser's, in its language) only behind 技术信息
    if (known && e.message) err.append(techInfo(t, e.message));
    err.dataset.cause = offline ? 'offline' : '';
    err.dataset.code = known ? e.code || 'internal' : '';
    err.hidden = false;
    document.documentElement.dataset.licence = 'error';
  }
}

/** A failed licence check in the page's language, by the worker's error code (ocr-worker.js, licence.js). */
function licenceErrorText(e, t) {
  if (e.code === 'too_large') return t.licenceTooLarge;
  if (e.code === 'bad_type') return t.licenceBadType;
  if (e.code === 'bad_image' || e.code === 'bad_input') return t.licenceBadImage;
  return t.licenceFailed;
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
  showLicenceBoxes(result);
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
// Text can arrive from outside: the share sheet (POST ./share, kept by the service worker, then ./?shared=1), or
// a link with #text= (also title= and url=; the older ?text= is still read). Anyone can make such a link or post
// such a form, so arriving text never replaces the draft: it is offered, and taking it keeps the old draft (in
// the same place as 清空 keeps it, one click back). It is removed from the address bar at once.
const SHARE_KEYS = ['title', 'text', 'url'];

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

/** The text a link or a share brought, and the address bar without it. */
async function arrivingText() {
  const query = new URLSearchParams(location.search);
  const frag = new URLSearchParams(location.hash.replace(/^#/, ''));
  const parts = [];
  for (const k of SHARE_KEYS) for (const src of [frag, query]) if (src.get(k)) parts.push(src.get(k));
  const fromShare = query.get('shared') === '1';
  const inFrag = SHARE_KEYS.some((k) => frag.has(k));
  if (fromShare || inFrag || SHARE_KEYS.some((k) => query.has(k))) {
    for (const k of [...SHARE_KEYS, 'shared']) query.delete(k);
    const q = query.toString();
    history.replaceState(null, '', location.pathname + (q ? '?' + q : '') + (inFrag ? '' : location.hash));
  }
  if (fromShare && typeof caches !== 'undefined') {
    const posted = await takeSharedText();
    if (posted) parts.push(posted);
  }
  return parts.join('\n');
}

function offerText(text) {
  const t = T();
  const chars = Array.from(text);
  const head = chars.slice(0, 40).join('').replace(/\s+/g, ' ') + (chars.length > 40 ? '…' : '');
  notice(t.sharedOffer(chars.length, head), false, { label: t.sharedOpen, run: () => openOffered(text) });
  document.documentElement.dataset.offered = String(chars.length);
}
function openOffered(text) {
  const ta = $('text');
  const before = ta.value;
  delete document.documentElement.dataset.offered;
  if (before === text) return notice('');
  // kept where 清空 keeps a draft: it survives a reload, and 恢复原来的草稿 brings it back
  if (before) store.set(KEY_CLEARED, { text: before, category: $('category').value, at: Date.now() });
  editRange(0, before.length, text);
  notice(T().sharedOpened, false, before ? { label: T().restorePrevious, run: restoreCleared } : null);
}

async function start() {
  applyLanguage();
  applyMode();
  const arrived = await arrivingText();
  let draft = store.get(KEY_DRAFT);
  if (draft && draft.big) draft = await bigStore('readonly', (os) => os.get('draft')).catch(() => null);
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
