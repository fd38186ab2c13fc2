// The text check: checking as you type (debounced, in the engine worker), inline highlights (#preview is a
// backdrop under the transparent textarea), the findings list and page requirements, Alt+↓/↑ navigation, fixes
// with undo/redo, 清空 with its way back, and .txt files picked or dropped.
// All offsets from the engine are Unicode code points of the checked text (Array.from), never UTF-16 units.

import {
  cpIndex, isPageLevel, fixesOf, planAll, sameOccurrence, PERMIT_FAMILIES,
} from './workflow.js';
import { ask, engine, CHECK_TIMEOUT_MS } from './engine-client.js';
import { WorkerFailure } from './supervisor.js';
import { findingItem } from './findings.js';
import { renderConsumer } from './consumer-view.js';
import { saveDraft } from './draft.js';
import { editRange } from './editing.js';
import { attachLongText, LONG_TEXT } from './editor.js';
import {
  $, T, state, prefs, notice, setStatus, button, techInfo, familyName, categoryName, dropTarget, SCOPE_MODE,
} from './ui.js';
// past LONG_TEXT units the text box is a windowed editor (editor.js); `#text` stays the page's text box
const longText = attachLongText($('text'));

const NAV_START = performance.now();
// what the cards' 忽略此处 / 不再提示此规则 do (settings-panel.js, given by app.js)
let ignoreOccurrence = () => {};
let ignoreRule = () => {};
export function initTextPanel(actions) {
  ({ ignoreOccurrence, ignoreRule } = actions);
}
const DEBOUNCE_MS = 150;
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

// ---------------------------------------------------------------- checking
let timer = 0;
export function scheduleCheck(delay = DEBOUNCE_MS) {
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
    let retried = false;
    const { report } = await engine.retryOnce({ type: 'check', text, category, mode }, {
      timeout,
      // the worker crashed or hung and has been restarted: retry this check once, unless a newer one is coming
      onRetry(e) {
        if (seq !== state.seq) throw e;
        retried = true;
      },
    });
    if (retried) {
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
    if (e instanceof WorkerFailure) {
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


/** 'given' (chosen in the selector), 'detected' (from cue words) or 'default' (nothing detected). */
export function categorySource(report) {
  if (report.category_source) return report.category_source;
  const detected = report.category_detected ?? report.detected;
  return detected ? 'detected' : $('category').value ? 'given' : 'default';
}

export function verdictText(report, view = viewOf(report, state.text)) {
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
export function textIndex() {
  if (state.idxText !== state.text) {
    state.idx = cpIndex(state.text);
    state.idxText = state.text;
  }
  return state.idx;
}

/** Which findings of a report are listed (`shown`: with a span), are page requirements (`page`: no span), or
 * were ignored by the merchant (`ignored`), as indexes into report.findings. Ignoring is a merchant's tool: the
 * consumer view shows everything. */
export function viewOf(report, text) {
  if (state.viewOf === report && state.viewText === text && state.viewIgnores === state.ignores && state.viewMode === prefs.mode) return state.view;
  const view = { shown: [], page: [], ignored: [] };
  const rules = new Set(state.ignores.rules);
  const occ = new Map(); // rule → its ignored occurrences
  for (const o of state.ignores.occurrences) occ.set(o.rule, [...(occ.get(o.rule) || []), o]);
  const merchant = prefs.mode !== 'consumer';
  const idx = occ.size && text === state.text ? textIndex() : null;
  const ignoredHere = (f) => idx && (occ.get(f.rule_id) || []).some((o) => sameOccurrence(o, f, idx));
  report.findings.forEach((f, i) => {
    if (merchant && (rules.has(f.rule_id) || ignoredHere(f))) view.ignored.push(i);
    else if (isPageLevel(f)) view.page.push(i);
    else view.shown.push(i);
  });
  Object.assign(state, { view, viewOf: report, viewText: text, viewIgnores: state.ignores, viewMode: prefs.mode });
  return view;
}
const isShown = (i) => state.view && !state.hiddenSet.has(i);

export function render(text, report) {
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
  off.hidden = text.length <= PREVIEW_LIMIT || longText.active;
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

// Long texts (over PREVIEW_LIMIT UTF-16 units) are edited in the windowed editor, which draws the highlights
// itself: a second copy of megabytes of text under the textarea would cost seconds. Where the editor cannot load
// (offline before its first use) there are no inline highlights and the page says so (#highlight-off); the
// findings list still shows every finding, and a click selects it in the text.
const PREVIEW_LIMIT = LONG_TEXT;
function showUnmarked(text) {
  const pre = $('preview');
  const big = text.length > PREVIEW_LIMIT;
  pre.textContent = big ? '' : text;
  pre.classList.toggle('big', big);
}

function renderPreview() {
  const pre = $('preview');
  pre.textContent = '';
  const idx = state.text.length > PREVIEW_LIMIT || longText.active ? null : textIndex();
  const findings = state.report.findings;
  const own = state.view.shown;
  if (!idx) {
    pre.classList.add('big');
    if (longText.active && $('text').value === state.text) {
      const at = textIndex();
      longText.highlight(own.map((i) => ({ from: at.toUnit(findings[i].start), to: at.toUnit(findings[i].end), index: i,
        cls: 'sev-' + findings[i].severity + (visible(findings[i]) ? '' : ' dim') })));
    }
    return;
  }
  pre.classList.remove('big');
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


function findingCard(f, i, t) {
  const li = findingItem(f, t, { familyName, match: 'first' });
  li.id = 'finding-' + i;
  li.tabIndex = i === state.current || (state.current < 0 && i === state.view.shown[0]) ? 0 : -1;
  li.dataset.index = String(i);
  li.hidden = !visible(f);
  if (i === state.current) li.classList.add('current');
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
    const li = findingItem(f, t, { familyName, match: null });
    li.classList.add('page-req');
    li.dataset.index = String(i);
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(button('ignore-rule', t.ignoreRule, '', () => ignoreRule(f)));
    li.append(actions, techInfo(t, f.rule_id));
    ul.append(li);
  }
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
  if (longText.active) longText.setCurrent(i);
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

// ---------------------------------------------------------------- fixes
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
// the editor took over a long text: its highlights come from the last report
$('text').addEventListener('zicha-long', () => state.report && render(state.text, state.report));
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
/** A .txt file into the text box, read by web/files.js: UTF-8 (BOM dropped), GBK/GB18030 or UTF-16 when it is
 * one; invalid UTF-8 bytes become U+FFFD, one per byte, as in the engine, and the page says how many. */
async function loadTextFile(file) {
  if (!file) return;
  const { readTextFile } = await import('./files.js');
  const { text, encoding, replaced } = await readTextFile(file);
  $('text').value = text;
  delete $('preview').dataset.checked;
  showUnmarked(text);
  notice(encoding === 'gb18030' ? T().readAsGb18030 : replaced ? T().invalidUtf8(replaced) : '');
  onTextChanged(0);
}
$('txtfile').addEventListener('change', (e) => loadTextFile(e.target.files[0]).finally(() => (e.target.value = '')));
dropTarget($('text'), (files) => loadTextFile(files[0]));

export function onTextChanged(delay) {
  saveDraft();
  scheduleCheck(delay);
}
