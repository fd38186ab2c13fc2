// JSONL batch line handling for `node web/cli.mjs batch`: one input line {"id": ..., "text": "...",
// "category"?: "..."} gives one output line {"id": ..., <the report's fields>} or {"id": ..., "error": "..."}
// (contract.md). Mirrors core/src/batch.c (zc_batch_line) byte for byte. When the wasm module exports
// zc_wasm_batch_line, the engine's own C code is used instead and this file only splits lines.

import { parse, getItem, printValue } from './cjson.js';

export const CATEGORIES = [
  'general', 'food', 'health_food', 'cosmetics', 'drug', 'medical_device', 'epidemic_supplies', 'children',
  'apparel', 'home', 'auto_parts', 'education', 'finance', 'real_estate', 'publication', 'collectibles',
];
const CATEGORY_SET = new Set(CATEGORIES);

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

/** zc_buf_json_str for a JS string: like JSON.stringify, but \u00XX for all C0 controls and DEL, and
 * \u2028/\u2029 escaped. */
export function jsonStr(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16);
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out + '"';
}

function concat(parts) {
  const arrs = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const n = arrs.reduce((s, a) => s + a.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const a of arrs) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

/** Length of the valid UTF-8 sequence at bytes[i] (the C core's decoder: no overlongs, surrogates or
 * > U+10FFFF), or 0 when bytes[i] is a bad byte (read as one U+FFFD). ASCII gives 1. */
export function utf8SeqLen(bytes, i) {
  const n = bytes.length;
  const c = bytes[i];
  if (c < 0x80) return 1;
  let len;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) len = 3;
  else if (c >= 0xf0 && c <= 0xf4) len = 4;
  else return 0;
  if (i + len > n) return 0;
  const d = bytes[i + 1];
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
  const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
  if (d < lo || d > hi) return 0;
  for (let k = 2; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  return len;
}

/** Each bad byte replaced by U+FFFD (EF BF BD); valid input is returned unchanged. */
export function sanitizeUtf8(bytes) {
  const out = [];
  let bad = false;
  for (let i = 0; i < bytes.length; ) {
    const len = utf8SeqLen(bytes, i);
    if (len === 0) {
      bad = true;
      out.push(0xef, 0xbf, 0xbd);
      i++;
    } else {
      for (let k = 0; k < len; k++) out.push(bytes[i + k]);
      i += len;
    }
  }
  return bad ? Uint8Array.from(out) : bytes;
}

/** batch.c put_id: cJSON_PrintUnformatted(id), re-encoded when it holds invalid UTF-8. */
function idBytesOf(id) {
  return id ? sanitizeUtf8(Uint8Array.from(printValue(id))) : null;
}

/** batch.c has_nul: a raw 0 byte or an escaped \u0000 anywhere in the (trimmed) line. */
function hasNul(line) {
  const len = line.length;
  if (line.includes(0)) return true;
  for (let i = 0; i + 1 < len; i++) {
    if (line[i] !== 0x5c) continue;
    if (line[i + 1] === 0x75 && i + 5 < len && line[i + 2] === 0x30 && line[i + 3] === 0x30 && line[i + 4] === 0x30 && line[i + 5] === 0x30) {
      return true;
    }
    i++;
  }
  return false;
}

function errorLine(idBytes, message) {
  return concat(['{"id":', idBytes || 'null', ',"error":', jsonStr(message), '}']);
}

/** Longest line the native CLI reads in full (core/cli/main.c ZC_BATCH_MAX_LINE); it keeps 4 MiB - 1 bytes. */
export const MAX_LINE = 4 * 1024 * 1024;

/**
 * What the native `zicha batch` loop does with one stdin line (bytes without its '\n'): null for a blank line
 * (only CR, spaces, tabs), an error object for a line of MAX_LINE bytes or more (keeping the id when the
 * prefix shows one), else batchLine(). Returns bytes without the newline.
 */
export function cliBatchLine(engine, line, defaultCategory = '') {
  if (line.length >= MAX_LINE) return longLineError(line.subarray(0, MAX_LINE - 1));
  let k = line.length;
  while (k && (line[k - 1] === 0x0d || line[k - 1] === 0x20 || line[k - 1] === 0x09)) k--;
  if (k === 0) return null;
  return batchLine(engine, line, defaultCategory);
}

function longLineError(prefix) {
  const n = prefix.length;
  let p = -1;
  for (let i = 0; i + 4 < n; i++) {
    if (prefix[i] === 0x22 && prefix[i + 1] === 0x69 && prefix[i + 2] === 0x64 && prefix[i + 3] === 0x22) {
      p = i + 4;
      break;
    }
  }
  let id = null;
  if (p >= 0) {
    while (p < n && (prefix[p] === 0x20 || prefix[p] === 0x3a)) p++;
    let q = p;
    if (q < n && prefix[q] === 0x22) {
      q++;
      while (q < n && prefix[q] !== 0x22) {
        if (prefix[q] === 0x5c && q + 1 < n) q++;
        q++;
      }
      if (q < n) id = prefix.subarray(p, q + 1);
    } else {
      while (q < n && ((prefix[q] >= 0x30 && prefix[q] <= 0x39) || prefix[q] === 0x2d)) q++;
      if (q > p) id = prefix.subarray(p, q);
    }
  }
  return concat(['{"id":', id || 'null', `,"error":"line longer than ${MAX_LINE} bytes"}`]);
}

/**
 * Process one JSONL line (UTF-8 bytes, without its '\n'). Returns the output line as bytes, without newline.
 * `engine` is the object loadEngine() returns.
 */
export function batchLine(engine, line, defaultCategory = '') {
  const bytes = typeof line === 'string' ? enc.encode(line) : line;
  // The C export (core/src/batch.c) takes the default category too: native and wasm share one code path.
  if (engine.batchLineRaw) return engine.batchLineRaw(bytes, defaultCategory);
  let len = bytes.length;
  while (len && (bytes[len - 1] === 0x0a || bytes[len - 1] === 0x0d)) len--;
  const trimmed = bytes.subarray(0, len);
  const res = parse(trimmed);
  if (res.error) return errorLine(null, `invalid JSON at byte ${res.end + 1}`);
  const root = res.value;
  const id = getItem(root, 'id');
  const text = getItem(root, 'text');
  const cat = getItem(root, 'category');
  const idBytes = idBytesOf(id);
  if (root.t !== 'obj') return errorLine(null, 'each line must be a JSON object {"id", "text", "category"?}');
  if (!text || text.t !== 'str') return errorLine(idBytes, 'missing "text" (a string)');
  if (cat && cat.t !== 'null' && (cat.t !== 'str' || !CATEGORY_SET.has(dec.decode(cat.b)))) {
    return errorLine(idBytes, 'unknown "category"');
  }
  if (hasNul(trimmed)) {
    return errorLine(idBytes, 'line contains a NUL character (\\u0000): the text after it could not be checked; remove NUL characters');
  }
  const category = cat && cat.t === 'str' ? dec.decode(cat.b) : defaultCategory;
  let report;
  try {
    report = engine.checkRaw(text.b, category);
  } catch (e) {
    return errorLine(idBytes, e.message);
  }
  // the report is {"category":…,"findings":…}: splice the id in front
  return concat(['{"id":', idBytes || 'null', ',', report.subarray(1)]);
}
