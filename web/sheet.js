// The page's batch check panel (CSV / .xlsx): file choice, encoding override with a preview, text and ID
// columns, progress and cancel, the result table and the downloads. Reading, checking and writing happen in
// web/sheet-worker.js (a worker of its own, with a helper on the second core, so a batch neither blocks the page nor delays the text box's
// checks); cancelling terminates it. app.js calls initSheet() once.

import { FAMILIES, SHEET } from './i18n.js';
import { SupervisedWorker } from './supervisor.js';

export const MAX_FILE_MB = 64;
const $ = (id) => document.getElementById(id);
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'zh');
const S = () => SHEET[lang()];

let opts = null; // {download(name, mime, data), pack(): payload|null}
let current = null; // {file, encoding, opened, textCols, afterOpen}
let result = null;

// The batch worker, under the page's worker supervisor (web/supervisor.js): its stream of messages has no ids, so
// everything goes to onMessage; a crash stops the run with its message. No timeout: a big file takes minutes,
// and 取消 is always there.
const worker = new SupervisedWorker({
  url: new URL('./sheet-worker.js', import.meta.url),
  onMessage: (m) => onMessage(m),
  onFailure(kind, detail) {
    showError(S().failed(detail));
    busy(false);
  },
});
const stop = () => worker.terminate();

function showError(text) {
  const el = $('csv-error');
  el.textContent = text || '';
  el.hidden = !text;
}
function info(text) {
  $('csv-info').textContent = text;
}
function busy(on) {
  $('csv-run').disabled = on;
  $('csv-cancel').hidden = !on;
  $('csv-progress').hidden = !on;
  for (const el of document.querySelectorAll('#csv-controls input, #csv-controls select')) el.disabled = on;
  document.documentElement.dataset.batch = on ? 'running' : result ? 'done' : 'idle';
}

async function openFile(file, encoding = 'auto') {
  stop();
  result = null;
  showError('');
  $('csv-downloads').hidden = true;
  $('csv-table').hidden = true;
  $('csv-controls').hidden = true;
  document.documentElement.dataset.batch = 'idle';
  if (file.size > MAX_FILE_MB << 20) {
    current = null;
    showError(S().tooBig((file.size / 1048576).toFixed(1), MAX_FILE_MB));
    return;
  }
  current = { file, encoding, opened: null };
  info(S().reading);
  // the File itself (a handle): the worker reads its bytes, so the page's thread never holds or copies them
  worker.post({ type: 'open', file, name: file.name, encoding, lang: lang(), pack: opts.pack() });
}

function onMessage(m) {
  const s = S();
  if (m.type === 'opened') {
    current.opened = m;
    current.textCols = current.afterOpen ? current.afterOpen.textCols : [m.textCol];
    renderOpened();
    info(current.afterOpen ? s.cancelled : s.rows(m.rows));
    $('csv-controls').hidden = false;
    document.documentElement.dataset.batch = 'opened';
  } else if (m.type === 'progress') {
    $('csv-progress').max = m.total;
    $('csv-progress').value = m.done;
    info(s.progress(m.done, m.total));
  } else if (m.type === 'done') {
    result = m;
    busy(false);
    renderResult();
  } else if (m.type === 'file') {
    opts.download(m.name, m.mime, m.data);
  } else if (m.type === 'error') {
    if (m.during === 'run') busy(false);
    if (m.during === 'open') info('');
    showError(m.message);
  }
}

function cell(tr, text, tag = 'td') {
  const el = document.createElement(tag);
  el.textContent = text;
  if (tag === 'th') el.scope = 'col';
  tr.append(el);
  return el;
}

function renderOpened() {
  const s = S();
  const o = current.opened;
  const encSel = $('csv-encoding');
  $('csv-enc-row').hidden = o.kind !== 'csv';
  $('csv-kind').textContent = o.kind === 'xlsx' ? s.xlsxKind : o.replaced ? s.encWarn(o.replaced) : '';
  $('csv-kind').classList.toggle('warn', o.kind === 'csv' && !!o.replaced);
  if (o.kind === 'csv') {
    encSel.textContent = '';
    encSel.append(new Option(s.encAuto(s.encNames[o.detected] || o.detected), 'auto'));
    for (const [k, v] of Object.entries(s.encNames)) encSel.append(new Option(v, k));
    encSel.value = current.encoding;
  }
  // the columns, the guessed text column checked and labelled
  const box = $('csv-columns');
  for (const el of [...box.querySelectorAll('label')]) el.remove();
  o.header.forEach((h, c) => {
    const lab = document.createElement('label');
    const cb = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'csv-col', value: String(c) });
    cb.checked = current.textCols.includes(c);
    cb.addEventListener('change', () => {
      current.textCols = [...box.querySelectorAll('input:checked')].map((x) => Number(x.value));
    });
    const st = o.stats[c] || { len: 0 };
    lab.append(cb, ' ', h || `#${c + 1}`);
    const extra = [st.len >= 1 ? s.avgLen(Math.round(st.len)) : '', c === o.textCol ? s.guessed : ''].filter(Boolean).join('，');
    if (extra) lab.append(Object.assign(document.createElement('span'), { className: 'meta', textContent: ` (${extra})` }));
    box.append(lab);
  });
  $('csv-ids').textContent = o.idCols.length ? s.idCols(o.idCols.map((c) => o.header[c] || `#${c + 1}`).join('、')) : '';
  const pv = $('csv-preview');
  pv.textContent = '';
  pv.createCaption().textContent = s.preview;
  const head = pv.createTHead().insertRow();
  o.header.forEach((h, c) => cell(head, h || `#${c + 1}`, 'th'));
  const body = pv.createTBody();
  for (const r of o.preview) {
    const tr = body.insertRow();
    o.header.forEach((_, c) => {
      const v = r[c] || '';
      cell(tr, v.length > 40 ? v.slice(0, 40) + '…' : v);
    });
  }
}

const familyName = (f) => (FAMILIES[f] ? FAMILIES[f][lang() === 'en' ? 1 : 0] : f);

function renderResult() {
  const s = S();
  const { table, total, bad, errors, idName, textName } = result;
  const el = $('csv-table');
  el.textContent = '';
  const head = el.createTHead().insertRow();
  for (const h of [s.colRow, ...(idName ? [idName] : []), textName, s.colVerdict, s.colProblem]) cell(head, h, 'th');
  const body = el.createTBody();
  for (const r of table) {
    const tr = body.insertRow();
    tr.className = r.verdict === 'bad' || r.verdict === 'error' ? 'bad' : 'ok';
    cell(tr, String(r.row));
    if (idName) cell(tr, r.id);
    cell(tr, r.text.length > 60 ? r.text.slice(0, 60) + '…' : r.text).className = 'text';
    cell(tr, r.error ? s.verdict.error : s.verdict[r.verdict]).className = 'verdict';
    cell(tr, r.error || r.findings.map((f) => `${f.match}（${familyName(f.family)}）`).join(s.sep));
  }
  el.hidden = false;
  $('csv-downloads').hidden = false;
  info(s.done(total, bad, errors) + (total > table.length ? ' ' + s.shown(table.length, total) : ''));
}

function relabel() {
  const s = S();
  for (const el of document.querySelectorAll('[data-sheet]')) el.textContent = s[el.dataset.sheet];
  if (current && current.opened) renderOpened();
  if (result) renderResult();
}

export function initSheet(options) {
  opts = options;
  relabel();
  $('csvfile').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (f) openFile(f).catch((err) => showError(S().failed(err.message)));
  });
  $('csv-encoding').addEventListener('change', (e) => {
    if (current) openFile(current.file, e.target.value).catch((err) => showError(S().failed(err.message)));
  });
  $('csv-run').addEventListener('click', () => {
    if (!current || !current.opened) return;
    const textCols = current.textCols.slice().sort((a, b) => a - b);
    if (!textCols.length) {
      showError(S().noColumn);
      return;
    }
    showError('');
    result = null;
    $('csv-downloads').hidden = true;
    $('csv-progress').value = 0;
    busy(true);
    info(S().progress(0, current.opened.rows));
    const idCols = current.opened.idCols.filter((c) => !textCols.includes(c));
    worker.post({ type: 'run', textCols, idCols, category: $('category').value, pack: opts.pack(), lang: lang() });
  });
  $('csv-cancel').addEventListener('click', () => {
    // the worker may be deep in a long loop: terminate it, then read the file again for another run
    const keep = current;
    stop();
    result = null;
    busy(false);
    info(S().cancelled);
    if (keep) {
      openFile(keep.file, keep.encoding);
      // the columns chosen before stay chosen
      if (current) current.afterOpen = { textCols: keep.textCols };
    }
  });
  const ask = (format) => () => {
    if (result && worker.worker) worker.post({ type: 'export', format, lang: lang() });
  };
  $('csv-dl-csv').addEventListener('click', ask('csv'));
  $('csv-dl-findings').addEventListener('click', ask('findings-csv'));
  $('csv-dl-xlsx').addEventListener('click', ask('xlsx'));
  $('csv-dl-json').addEventListener('click', ask('json'));
  // app.js switches the language by setting <html lang>: follow it
  new MutationObserver(relabel).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}
