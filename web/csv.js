// CSV for the batch check (web/sheet-worker.js): an RFC 4180 reader
// (quoted fields, "" escapes, CRLF or LF, newlines inside quotes) and a writer whose cells a spreadsheet never
// evaluates as formulas.

// (the file's encoding is detected and decoded by web/files.js, the reader of every text file the page takes)

/** A reading problem the page explains to the user: `code` names the message (i18n.js), `row` the 1-based
 * record number where it was found. */
export class CsvError extends Error {
  constructor(code, message, row) {
    super(message);
    this.code = code;
    this.row = row;
  }
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
