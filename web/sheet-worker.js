// Module worker of the batch check (web/sheet.js starts it): reads the file (CSV in any of files.js's encodings,
// or .xlsx through xlsx.js, imported only then), checks the chosen columns of every row with its own engine,
// and writes the output files. Everything heavy happens here, so the page never blocks; cancelling is the page
// terminating this worker.
// In:  {type:'open', file, name, encoding, lang, pack}  Out: {type:'opened', …} | {type:'error', message}
//      {type:'run', textCols, idCols, category, pack, lang}   {type:'progress', done, total} …, {type:'done', …}
//      {type:'export', format, lang}                  {type:'file', name, mime, data}
import { parseCSV, toCSV, CsvError } from './csv.js';
import { decodeBytes } from './files.js';
import { columnStats, guessTextColumn, guessIdColumns, rowVerdict, buildOutputs, checkRows, checkEngine } from './sheet-core.js';
import { SHEET } from './i18n.js';

const XLSX_LIMIT_MB = 256; // uncompressed bytes read from one .xlsx at most
const TABLE_ROWS = 200; // rows sent back for the page's table
const PREVIEW_ROWS = 5;

let file = null; // {bytes, name, kind}
let sheet = null; // {header, rows, numbers}
let results = null;
let run = null; // {textCols, idCols}

const S = (lang) => SHEET[lang] || SHEET.zh;
const isXlsx = (name, bytes) => /\.xlsx$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4);

function explain(e, lang) {
  const s = S(lang);
  if (e instanceof CsvError && e.code === 'unclosedQuote') return s.unclosedQuote(e.row);
  if (e && e.code === 'tooBig') return s.xlsxTooBig(XLSX_LIMIT_MB);
  if (e && e.code === 'ratio') return s.xlsxRatio(100);
  if (e && e.code === 'xls') return s.xls;
  if (e && e.code === 'notZip') return s.notZip;
  if (e && e.code) return s.xlsxOther(e.message);
  return s.failed(e && e.message ? e.message : String(e));
}

async function open({ file: blob, name, encoding, lang, pack }) {
  // the engines load (download, compile) while the file is read
  checkEngine(pack || null).catch(() => {});
  if (blob.size >= 1 << 20) startHelper(pack || null);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  file = { bytes, name, kind: isXlsx(name, bytes) ? 'xlsx' : 'csv' };
  let all;
  let enc = null;
  if (file.kind === 'xlsx') {
    const { readXlsx } = await import('./xlsx.js');
    all = await readXlsx(bytes, { maxUncompressed: XLSX_LIMIT_MB << 20 });
  } else {
    enc = decodeBytes(bytes, encoding);
    all = parseCSV(enc.text, { skipBlank: true });
  }
  const numbers = all.numbers;
  if (all.length < 2) throw new Error(S(lang).empty);
  const header = all[0].map((h) => String(h).trim());
  const rows = all.slice(1);
  sheet = { header, rows, numbers: numbers.slice(1) };
  results = null;
  const stats = columnStats(header, rows);
  while (header.length < stats.length) header.push('');
  const text = guessTextColumn(stats);
  postMessage({
    type: 'opened',
    kind: file.kind,
    encoding: enc && enc.encoding,
    detected: enc && enc.detected,
    replaced: enc ? enc.replaced : 0,
    header,
    preview: rows.slice(0, PREVIEW_ROWS),
    rows: rows.length,
    stats,
    textCol: text,
    idCols: guessIdColumns(header, rows, stats, [text]),
  });
}

const HELPER_MIN_ROWS = 2000; // below this a second engine costs more than it saves
const CHUNK = 4000; // rows checked between looks at the helper's messages
let helper = null;

function startHelper(pack) {
  if (!helper && typeof Worker === 'function') {
    helper = new Worker(new URL('./sheet-check.js', import.meta.url), { type: 'module' });
    helper.postMessage({ type: 'load', pack });
  }
  return helper;
}

/** The helper's half: resolves with its results, calls onProgress(done) as it goes. */
function helperCheck(rows, textCols, category, pack, onProgress) {
  return new Promise((resolve, reject) => {
    helper.onmessage = (ev) => {
      const m = ev.data;
      if (m.type === 'progress') onProgress(m.done);
      else if (m.type === 'done') resolve(m.results);
      else reject(new Error(m.message));
    };
    helper.onerror = (ev) => {
      ev.preventDefault();
      helper = null;
      reject(new Error(ev.message || 'helper worker failed'));
    };
    helper.postMessage({ type: 'check', rows, textCols, category, pack });
  });
}

const pause = () => new Promise((r) => setTimeout(r, 0));

async function check({ textCols, idCols, category, pack, lang }) {
  if (!sheet) throw new Error('no file');
  const { rows } = sheet;
  const total = rows.length;
  run = { textCols, idCols };
  // two engines, one per core: this worker checks the first half, a helper worker the second
  const split = total >= HELPER_MIN_ROWS && startHelper(pack) ? Math.ceil(total / 2) : total;
  let own = 0;
  let other = 0;
  let last = 0;
  const report = () => {
    const now = performance.now();
    if (now - last > 100) {
      last = now;
      postMessage({ type: 'progress', done: own + other, total });
    }
  };
  const second = split < total ? helperCheck(rows.slice(split), textCols, category, pack, (d) => ((other = d), report())) : Promise.resolve([]);
  second.catch(() => {}); // awaited below
  const eng = await checkEngine(pack);
  const first = [];
  for (let from = 0; from < split; from += CHUNK) {
    const to = Math.min(split, from + CHUNK);
    const part = checkRows(eng, rows, from, to, textCols, category, (d) => ((own = from + d), report()));
    for (const r of part) first.push(r);
    own = to;
    report();
    await pause(); // lets the helper's progress messages in
  }
  results = first.concat(await second);
  let bad = 0;
  let errors = 0;
  for (const r of results) {
    const v = rowVerdict(r).key;
    if (v === 'error') errors++;
    else if (v === 'bad') bad++;
  }
  const s = S(lang);
  const firstCol = textCols[0];
  const table = rows.slice(0, TABLE_ROWS).map((row, i) => {
    const r = results[i];
    return {
      row: sheet.numbers[i],
      id: idCols.length ? row[idCols[0]] || '' : '',
      text: row[firstCol] || '',
      verdict: rowVerdict(r).key,
      error: r.error || '',
      findings: r.findings.map(({ f }) => ({ match: f.match, family: f.family, severity: f.severity })),
    };
  });
  postMessage({ type: 'done', total, bad, errors, table, idName: idCols.length ? sheet.header[idCols[0]] : '', textName: sheet.header[firstCol] || s.colText });
}

function exportFile({ format, lang }) {
  const base = (file.name || 'zicha').replace(/\.[^.]*$/, '');
  const s = S(lang);
  if (format === 'json') {
    const out = sheet.rows.map((row, i) => {
      const r = results[i];
      const values = {};
      sheet.header.forEach((h, c) => (values[h || `#${c + 1}`] = row[c] || ''));
      return {
        row: sheet.numbers[i],
        text: row[run.textCols[0]] || '',
        values,
        verdict: rowVerdict(r).key,
        ...(r.error ? { error: r.error } : {}),
        findings: r.findings.map(({ col, f }) => ({ column: sheet.header[col] || `#${col + 1}`, ...f })),
      };
    });
    return { name: `${base}-zicha.json`, mime: 'application/json', data: new TextEncoder().encode(JSON.stringify(out, null, 2) + '\n') };
  }
  const { main, findings } = buildOutputs(sheet, results, { ...run, lang });
  if (format === 'csv' || format === 'findings-csv') {
    const text = '\ufeff' + toCSV(format === 'csv' ? main : findings);
    const suffix = format === 'csv' ? s.sheetResults : s.sheetFindings;
    return { name: `${base}-${suffix}.csv`, mime: 'text/csv;charset=utf-8', data: new TextEncoder().encode(text) };
  }
  return import('./xlsx.js').then(({ writeXlsx }) => ({
    name: `${base}-zicha.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    data: writeXlsx([
      { name: s.sheetResults, rows: main },
      { name: s.sheetFindings, rows: findings },
    ]),
  }));
}

let chain = Promise.resolve();
self.onmessage = (ev) => {
  const m = ev.data;
  chain = chain.then(async () => {
    try {
      if (m.type === 'open') await open(m);
      else if (m.type === 'run') await check(m);
      else if (m.type === 'export') {
        const f = await exportFile(m);
        const buf = f.data.buffer.byteLength === f.data.byteLength ? f.data.buffer : f.data.slice().buffer;
        postMessage({ type: 'file', format: m.format, name: f.name, mime: f.mime, data: buf }, [buf]);
      }
    } catch (e) {
      postMessage({ type: 'error', during: m.type, message: explain(e, m.lang) });
    }
  });
};
