// JSONL batch for `node web/cli.mjs batch`: one input line {"id": ..., "text": "...", "category"?: "..."} gives
// one output line {"id": ..., <the report's fields>} or {"id": ..., "error": "..."} (contract.md). Each line
// goes through core/src/batch.c (zc_batch_line) inside the wasm, via the export zc_wasm_batch_line, so the
// output is the native CLI's byte for byte; this file only does what core/cli/main.c's loop does around it
// (blank lines, over-long lines).

export { CATEGORY_NAMES as CATEGORIES } from './gen/registry.js';

const enc = new TextEncoder();

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

/** One JSONL line (UTF-8 bytes, without its '\n') through the C zc_batch_line; returns bytes, no newline. */
export function batchLine(engine, line, defaultCategory = '') {
  const bytes = typeof line === 'string' ? enc.encode(line) : line;
  return engine.batchLineRaw(bytes, defaultCategory);
}
