// .xlsx for the batch check (web/sheet-worker.js, loaded only when an .xlsx is read or written): the first
// worksheet's cell values as text, and a workbook of string/number cells. The zip layer is fflate
// (gen/fflate.mjs, copied from node_modules by mk/web.mk); the SpreadsheetML is read with a small scanner
// (workers have no DOMParser) and written by hand: only what a listing table needs (no styles, dates are
// their serial numbers, formulas give their cached value and are never written).
//
// Bounded input: the zip's central directory is read here, and each needed entry is inflated in small pieces
// while its real output is counted, so a zip bomb (or a lying size field) stops at `maxUncompressed` bytes
// instead of filling memory or inflating for minutes.

import { Inflate, zipSync, strToU8, strFromU8 } from './gen/fflate.mjs';

export class XlsxError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code; // 'notZip' | 'tooBig' | 'ratio' | 'noSheet' | 'xls' | 'zip64' | 'method'
  }
}

export const MAX_RATIO = 100;
const RATIO_GRACE = 16 << 20;

const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const u16 = (b, o) => b[o] | (b[o + 1] << 8);

/** Central directory of a zip: Map name → {method, csize, usize, offset}. */
function zipEntries(b) {
  if (b.length >= 8 && u32(b, 0) === 0xe011cfd0 && u32(b, 4) === 0xe11ab1a1) throw new XlsxError('xls', 'an old binary .xls file');
  if (b.length < 22 || u32(b, 0) !== 0x04034b50) throw new XlsxError('notZip', 'not a zip file');
  let e = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (u32(b, i) === 0x06054b50) {
      e = i;
      break;
    }
  }
  if (e < 0) throw new XlsxError('notZip', 'no zip central directory');
  const count = u16(b, e + 10);
  let p = u32(b, e + 16);
  if (p === 0xffffffff || count === 0xffff) throw new XlsxError('zip64', 'zip64 archives are not supported');
  const out = new Map();
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw new XlsxError('notZip', 'damaged zip central directory');
    const method = u16(b, p + 10);
    const csize = u32(b, p + 20);
    const usize = u32(b, p + 24);
    const nlen = u16(b, p + 28);
    const xlen = u16(b, p + 30);
    const clen = u16(b, p + 32);
    const offset = u32(b, p + 42);
    const name = strFromU8(b.subarray(p + 46, p + 46 + nlen));
    out.set(name.replace(/^\/+/, ''), { method, csize, usize, offset });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** Bytes of one entry, inflating at most `budget.left` bytes of output (decremented). */
async function readEntry(b, ent, budget) {
  const h = ent.offset;
  if (h + 30 > b.length || u32(b, h) !== 0x04034b50) throw new XlsxError('notZip', 'damaged zip entry');
  const start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
  const data = b.subarray(start, Math.min(b.length, start + ent.csize));
  const tooBig = () => new XlsxError('tooBig', 'uncompressed size over the limit');
  if (ent.method === 0) {
    if (data.length > budget.left) throw tooBig();
    budget.left -= data.length;
    return data;
  }
  if (ent.method !== 8) throw new XlsxError('method', `zip compression method ${ent.method}`);
  if (ent.usize > budget.left) throw tooBig(); // honest sizes fail fast; lying ones are caught by the count below
  const parts = [];
  let total = 0;
  const take = (chunk) => {
    total += chunk.length;
    if (total > budget.left) throw tooBig();
    // Apache POI's zip-bomb rule: past a grace size, an entry may not inflate more than 100-fold (sheet XML
    // is ~5-30-fold); this stops a bomb after a fraction of the budget, so it is refused in a second or two.
    if (total > RATIO_GRACE && total > data.length * MAX_RATIO) throw new XlsxError('ratio', `compression ratio over ${MAX_RATIO}`);
    parts.push(chunk);
  };
  // The input goes in 16 KB pieces, so one piece gives at most ~16 MB (deflate's ratio is bounded near 1032:1)
  // before the count is checked.
  const STEP = 16384;
  if (nativeInflate()) await inflateNative(data, STEP, take);
  else {
    const inf = new Inflate(take);
    for (let i = 0; i < data.length; i += STEP) inf.push(data.subarray(i, i + STEP), i + STEP >= data.length);
    if (!data.length) inf.push(new Uint8Array(0), true);
  }
  budget.left -= total;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of parts) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

// The platform's DecompressionStream inflates several times faster than JavaScript (a zip bomb is refused in
// about a second instead of many); fflate's Inflate is the fallback where 'deflate-raw' is missing.
let native;
function nativeInflate() {
  if (native === undefined) {
    try {
      new DecompressionStream('deflate-raw');
      native = true;
    } catch {
      native = false;
    }
  }
  return native;
}
async function inflateNative(data, step, take) {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let failed = null;
  const feeding = (async () => {
    try {
      for (let i = 0; i < data.length && !failed; i += step) await writer.write(data.slice(i, i + step));
      if (!failed) await writer.close();
    } catch (e) {
      failed = failed || e;
    }
  })();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      take(value);
    }
  } catch (e) {
    failed = e;
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    await feeding;
    throw e instanceof XlsxError ? e : new XlsxError('notZip', 'damaged compressed data');
  }
  await feeding;
  if (failed) throw new XlsxError('notZip', 'damaged compressed data');
}

const ENT = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unescapeXml(s) {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return ENT[e] ?? m;
    });
  }
  // OOXML escapes characters XML cannot hold as _xHHHH_
  if (s.indexOf('_x') >= 0) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** Text of a run container (<si> or <is>): its <t> elements, without phonetic runs (<rPh>). */
function runText(xml) {
  if (xml.indexOf('<rPh') >= 0) xml = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let s = '';
  const re = /<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g;
  let m;
  while ((m = re.exec(xml))) if (m[1]) s += m[1];
  return unescapeXml(s);
}

function colIndex(ref) {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const k = ref.charCodeAt(i);
    if (k < 65 || k > 90) break;
    c = c * 26 + (k - 64);
  }
  return c - 1;
}

const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : null;
};

/**
 * Rows of the first worksheet of an .xlsx (Uint8Array) as arrays of strings; rows.numbers[i] is the sheet row
 * number of rows[i]. Empty rows are dropped. Rejects with an XlsxError.
 */
export async function readXlsx(bytes, { maxUncompressed = 256 << 20 } = {}) {
  const entries = zipEntries(bytes);
  const budget = { left: maxUncompressed };
  const text = async (name) => {
    const ent = entries.get(name);
    return ent ? strFromU8(await readEntry(bytes, ent, budget)) : null;
  };
  // the first sheet in the workbook's order, through the workbook's relationships
  let sheetPath = null;
  const wb = await text('xl/workbook.xml');
  const rels = await text('xl/_rels/workbook.xml.rels');
  if (wb && rels) {
    const first = /<(?:\w+:)?sheet\b[^>]*>/.exec(wb);
    const rid = first && (attr(first[0], 'r:id') || attr(first[0], '[\\w]+:id'));
    if (rid) {
      const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => attr(r, 'Id') === rid);
      const target = rel && attr(rel, 'Target');
      if (target) sheetPath = target.startsWith('/') ? target.slice(1) : 'xl/' + target.replace(/^\.\//, '');
    }
  }
  if (!sheetPath || !entries.has(sheetPath)) sheetPath = [...entries.keys()].filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)).sort()[0];
  if (!sheetPath) throw new XlsxError('noSheet', 'no worksheet in the file');

  const shared = [];
  const sst = await text('xl/sharedStrings.xml');
  if (sst) {
    const re = /<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g;
    let m;
    while ((m = re.exec(sst))) shared.push(m[1] ? runText(m[1]) : '');
  }

  const xml = await text(sheetPath);
  const rows = [];
  const numbers = [];
  const rowRe = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
  const cellRe = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
  let rm;
  let lastRow = 0;
  while ((rm = rowRe.exec(xml))) {
    const rAttr = attr(rm[1], 'r');
    const rowNo = rAttr ? Number(rAttr) : lastRow + 1;
    lastRow = rowNo;
    if (!rm[2]) continue;
    const row = [];
    let next = 0;
    let cm;
    cellRe.lastIndex = 0;
    while ((cm = cellRe.exec(rm[2]))) {
      const ref = attr(cm[1], 'r');
      const c = ref ? colIndex(ref) : next;
      next = c + 1;
      const body = cm[2] || '';
      const type = attr(cm[1], 't') || 'n';
      let v = '';
      if (type === 'inlineStr') {
        const is = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/.exec(body);
        v = is ? runText(is[1]) : '';
      } else {
        const vm = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body);
        const raw = vm ? unescapeXml(vm[1]) : '';
        if (type === 's') v = shared[Number(raw)] ?? '';
        else if (type === 'b') v = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
        else v = raw;
      }
      if (c < 0 || c > 16383) continue;
      while (row.length < c) row.push('');
      row[c] = v;
    }
    if (row.some((v) => v !== '')) {
      rows.push(row);
      numbers.push(rowNo);
    }
  }
  rows.numbers = numbers;
  return rows;
}

// ---------------------------------------------------------------- writing
// Characters XML 1.0 cannot hold are dropped; everything is escaped.
const escapeXml = (s) =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

function colName(c) {
  let s = '';
  for (c++; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

// The http://schemas.openxmlformats.org/… strings below are XML namespace names that the .xlsx format requires
// inside the file; they identify vocabularies and are never fetched (the e2e network audits cover the export).
function sheetXml(rows) {
  const parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'];
  rows.forEach((row, r) => {
    let s = `<row r="${r + 1}">`;
    row.forEach((v, c) => {
      const ref = colName(c) + (r + 1);
      if (typeof v === 'number' && Number.isFinite(v)) s += `<c r="${ref}"><v>${v}</v></c>`;
      else if (v != null && v !== '') {
        // always a string cell: whatever it starts with (= + - @), a spreadsheet shows it, never evaluates it
        const t = escapeXml(String(v));
        s += `<c r="${ref}" t="inlineStr"><is><t${/^\s|\s$/.test(t) ? ' xml:space="preserve"' : ''}>${t}</t></is></c>`;
      }
    });
    parts.push(s + '</row>');
  });
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

/** An .xlsx (Uint8Array) with one worksheet per {name, rows}; cells are numbers or strings. */
export function writeXlsx(sheets) {
  const n = sheets.length;
  const ids = sheets.map((_, i) => i + 1);
  const files = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      ids.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
      sheets.map((s, i) => `<sheet name="${escapeXml(s.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      ids.map((i) => `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('') +
      '</Relationships>',
  };
  for (let i = 0; i < n; i++) files[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(sheets[i].rows);
  const zipped = {};
  for (const [k, v] of Object.entries(files)) zipped[k] = strToU8(v);
  return zipSync(zipped, { level: 6 });
}
