// CSV for the batch check (web/sheet-worker.js): encoding detection and decoding, an RFC 4180 reader
// (quoted fields, "" escapes, CRLF or LF, newlines inside quotes) and a writer whose cells a spreadsheet never
// evaluates as formulas.

/** Encodings the page can read, in the order the override menu lists them. */
export const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];

/** A reading problem the page explains to the user: `code` names the message (i18n.js), `row` the 1-based
 * record number where it was found. */
export class CsvError extends Error {
  constructor(code, message, row) {
    super(message);
    this.code = code;
    this.row = row;
  }
}

/**
 * Guess how `bytes` are encoded: a BOM decides; without one, many NUL bytes on one side mean UTF-16 (ASCII
 * characters in UTF-16 have a zero high byte), valid UTF-8 means UTF-8, and anything else is taken for
 * GB18030 (a superset of GBK and GB2312: what Excel on Chinese Windows saves as "CSV").
 * Returns {encoding, bom} (bom: bytes to skip).
 */
export function detectEncoding(bytes) {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(b.length, 65536) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  if (n >= 4) {
    if (oddZero > n / 8 && oddZero > evenZero * 4) return { encoding: 'utf-16le', bom: 0 };
    if (evenZero > n / 8 && evenZero > oddZero * 4) return { encoding: 'utf-16be', bom: 0 };
  }
  try {
    // fatal: one invalid sequence anywhere means "not UTF-8"; a sequence cut at the end of the sample is fine
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, Math.min(b.length, 4 << 20)), { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'gb18030', bom: 0 };
  }
}

/** Decode `bytes` as `encoding` ('auto' detects it). Returns {text, encoding, detected, replaced} where
 * `replaced` counts U+FFFD characters (a sign of a wrong encoding). */
export function decodeBytes(bytes, encoding = 'auto') {
  const det = detectEncoding(bytes);
  const enc = encoding === 'auto' || !ENCODINGS.includes(encoding) ? det.encoding : encoding;
  let start = 0;
  if (enc === det.encoding) start = det.bom;
  const text = new TextDecoder(enc).decode(bytes.subarray(start));
  let replaced = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0 && replaced < 1000; i = text.indexOf('\ufffd', i + 1)) replaced++;
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: enc, detected: det.encoding, replaced };
}

/** The field separator: a tab when the first line has tabs and no commas (tab-separated exports), else ','. */
function separatorOf(text) {
  let end = text.indexOf('\n');
  if (end < 0) end = text.length;
  const first = text.slice(0, end);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

/**
 * Parse CSV text into records (arrays of strings). Options: {sep} (default: guessed), {maxRecords}: stop after
 * that many (for a preview). Throws CsvError('unclosedQuote', …, row) when a quoted field never closes, naming
 * the record where it opened. Records keep their number in the file: rows.numbers[i] is the 1-based record
 * number of rows[i] (blank records are dropped when `skipBlank`).
 */
export function parseCSV(text, { sep, maxRecords = Infinity, skipBlank = false } = {}) {
  const SEP = (sep || separatorOf(text)).charCodeAt(0);
  const rows = [];
  const numbers = [];
  const n = text.length;
  let i = 0;
  let record = 0;
  while (i < n && rows.length < maxRecords) {
    record++;
    const row = [];
    for (;;) {
      // one field starting at i
      if (text.charCodeAt(i) === 0x22) {
        let field = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new CsvError('unclosedQuote', `record ${record}: a quoted field is not closed`, record);
          field += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 0x22) {
            field += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          break;
        }
        // anything between the closing quote and the separator is kept (lenient, like spreadsheets)
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === SEP || c === 0x0a || c === 0x0d) break;
          k++;
        }
        row.push(k > j ? field + text.slice(j, k) : field);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === SEP || c === 0x0a || c === 0x0d) break;
          k++;
        }
        row.push(text.slice(i, k));
        i = k;
      }
      if (i < n && text.charCodeAt(i) === SEP) {
        i++;
        continue;
      }
      break;
    }
    if (i < n && text.charCodeAt(i) === 0x0d) i++;
    if (i < n && text.charCodeAt(i) === 0x0a) i++;
    if (skipBlank && row.every((c) => c === '')) continue;
    rows.push(row);
    numbers.push(record);
  }
  rows.numbers = numbers;
  rows.complete = i >= n;
  return rows;
}

/** A cell a spreadsheet would read as a formula (or as a DDE/command payload) starts with = + - @, a tab or a
 * CR: such a value gets a leading apostrophe, which spreadsheets show as text. */
export function neutralise(s) {
  return /^[=+\-@\t\r]/.test(s) ? "'" + s : s;
}

/** CSV text (CRLF) of `rows`; every text cell neutralised (numbers are written as they are). */
export function toCSV(rows) {
  const cell = (v) => {
    if (typeof v === 'number') return String(v);
    const s = neutralise(v == null ? '' : String(v));
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  let out = '';
  for (const r of rows) out += r.map(cell).join(',') + '\r\n';
  return out;
}
