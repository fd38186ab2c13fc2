// The batch check's table logic, without DOM or worker (web/sheet-worker.js runs it; Node can import it):
// which columns hold the listing text and which identify the row, and the two output tables (every original
// column plus a verdict per row; one row per finding).

import { FAMILIES, SHEET } from './i18n.js';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const SAMPLE = 2000; // rows looked at to guess the columns

/** Per column: average Han characters and average length over the first rows. */
export function columnStats(header, rows) {
  const n = Math.min(rows.length, SAMPLE);
  const width = Math.max(header.length, ...rows.slice(0, n).map((r) => r.length));
  const stats = [];
  for (let c = 0; c < width; c++) {
    let han = 0;
    let len = 0;
    for (let i = 0; i < n; i++) {
      const v = rows[i][c] || '';
      len += v.length;
      if (v.length) han += (v.match(HAN) || []).length;
    }
    stats.push({ han: n ? han / n : 0, len: n ? len / n : 0 });
  }
  return stats;
}

/** The listing text column: the most Chinese text on average (the header's name is not trusted: a short
 * 标题 column must lose against a long 详情文案 column); without any Chinese, the longest text. */
export function guessTextColumn(stats) {
  let best = 0;
  const key = (s) => (s.han >= 1 ? 1e9 + s.han : s.len);
  stats.forEach((s, c) => {
    if (key(s) > key(stats[best])) best = c;
  });
  return best;
}

const ID_NAME = /^(id|sku|spu|upc|ean|asin|编号|编码|货号|款号|条码|序号)$|(^|[\s_\-（(])(id|sku|spu)$|商品id|宝贝id|商品编码|商家编码|商品编号|货品编码|产品编号|item.?id|product.?id|offer.?id|outer.?id/i;

/** Columns that identify a row, to repeat in the per-finding table: by header name, else the first column
 * of short, distinct values without Chinese (an item number). At most three, never a text column. */
export function guessIdColumns(header, rows, stats, textCols) {
  const skip = new Set(textCols);
  const named = [];
  header.forEach((h, c) => {
    if (!skip.has(c) && ID_NAME.test(String(h).trim())) named.push(c);
  });
  if (named.length) return named.slice(0, 3);
  const n = Math.min(rows.length, SAMPLE);
  for (let c = 0; c < stats.length; c++) {
    if (skip.has(c) || stats[c].han > 0) continue;
    const seen = new Set();
    let ok = n > 0;
    for (let i = 0; i < n && ok; i++) {
      const v = (rows[i][c] || '').trim();
      if (!v || v.length > 40 || seen.has(v)) ok = false;
      seen.add(v);
    }
    if (ok) return [c];
  }
  return [];
}

const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

/** One finding per phrase: the bases of findings folded into it (`also`), once each. */
export function allBases(f) {
  const seen = new Set([f.basis]);
  for (const a of f.also || []) seen.add(a.basis);
  return [...seen].join('；');
}

/** Summary of one row's findings ({col, f} list, or an error): verdict key, count of error/warning findings. */
export function rowVerdict(r) {
  if (r.error) return { key: 'error', serious: 0 };
  const serious = r.findings.filter((x) => x.f.severity === 'error' || x.f.severity === 'warning').length;
  return { key: serious ? 'bad' : r.findings.length ? 'note' : 'ok', serious };
}

const familyName = (fam, lang) => (FAMILIES[fam] ? FAMILIES[fam][lang === 'en' ? 1 : 0] : fam);

function problemText(f, lang) {
  return lang === 'en' ? `${familyName(f.family, lang)} “${f.match}”: ${f.message}` : `${f.message}（“${f.match}”）`;
}

function joinSome(list, s, max = 3) {
  const uniq = [...new Set(list.filter(Boolean))];
  return uniq.slice(0, max).join(s.sep) + (uniq.length > max ? s.sep + s.more(uniq.length - max) : '');
}

/** The matched phrase with a little of the text around it, 【】 marking the phrase. */
export function context(text, f, around = 12) {
  const cps = Array.from(text);
  const a = Math.max(0, f.start - around);
  const b = Math.min(cps.length, f.end + around);
  return (a > 0 ? '…' : '') + cps.slice(a, f.start).join('') + '【' + cps.slice(f.start, f.end).join('') + '】' + cps.slice(f.end, b).join('') + (b < cps.length ? '…' : '');
}

/**
 * The two output tables. sheet: {header, rows, numbers}; results[i]: {findings: [{col, f}], error?};
 * textCols, idCols: column indices. Returns {main, findings} (arrays of rows, header first).
 */
export function buildOutputs(sheet, results, { textCols, idCols, lang = 'zh' }) {
  const s = SHEET[lang] || SHEET.zh;
  const { header, rows, numbers } = sheet;
  const width = Math.max(header.length, 1);
  const name = (c) => header[c] || `#${c + 1}`;
  const main = [[...header, ...Array(Math.max(0, width - header.length)).fill(''), s.colVerdict, s.colCount, s.colMain, s.colSuggest]];
  const fnd = [[s.colRow, ...idCols.map(name), s.colColumn, s.colSeverity, s.colProblem, s.colMatch, s.colBasis, s.colSuggest]];
  rows.forEach((row, i) => {
    const r = results[i];
    const cells = row.length >= width ? row.slice() : [...row, ...Array(width - row.length).fill('')];
    if (!r) {
      main.push([...cells, '', '', '', '']);
      return;
    }
    const v = rowVerdict(r);
    const sorted = r.findings.slice().sort((a, b) => (SEVERITY_RANK[b.f.severity] || 0) - (SEVERITY_RANK[a.f.severity] || 0));
    main.push([
      ...cells,
      s.verdict[v.key],
      v.serious,
      r.error ? r.error : joinSome(sorted.map((x) => problemText(x.f, lang)), s),
      joinSome(sorted.map((x) => x.f.suggestion), s),
    ]);
    for (const { col, f } of r.findings) {
      fnd.push([
        numbers[i],
        ...idCols.map((c) => row[c] || ''),
        name(col),
        s.severity[f.severity] || f.severity,
        lang === 'en' ? `${familyName(f.family, lang)}: ${f.message}` : f.message,
        context(row[col] || '', f),
        allBases(f),
        f.suggestion || '',
      ]);
    }
  });
  return { main, findings: fnd };
}

let engine = null;
let enginePack;
/** The engine of this worker, with the custom rule pack the page has (loaded once per pack). A rejected pack
 * falls back to the built-in rules: the page already says the pack is wrong. */
export function checkEngine(pack = null) {
  if (!engine || enginePack !== pack) {
    enginePack = pack;
    engine = (async () => {
      const { loadEngine } = await import('./engine.js');
      try {
        return await loadEngine({ extraPack: pack });
      } catch (e) {
        if (!pack) throw e;
        return loadEngine({});
      }
    })();
  }
  return engine;
}

/**
 * Check the text columns of rows [from, to) with `engine`; results[i - from] = {findings: [{col, f}], error?}.
 * `tick(done)` is called about every 100 ms. Used by both batch workers (web/sheet-worker.js, web/sheet-check.js).
 */
export function checkRows(engine, rows, from, to, textCols, category, tick) {
  const out = new Array(to - from);
  let last = performance.now();
  for (let i = from; i < to; i++) {
    const row = rows[i];
    const r = { findings: [] };
    try {
      for (const col of textCols) {
        const text = row[col] || '';
        if (!text.trim()) continue;
        for (const f of engine.check(text, category || '').findings) r.findings.push({ col, f });
      }
    } catch (e) {
      r.error = e && e.message ? e.message : String(e);
      r.findings = [];
    }
    out[i - from] = r;
    if (tick && (i & 63) === 0 && performance.now() - last > 100) {
      last = performance.now();
      tick(i + 1 - from);
    }
  }
  return out;
}
