// zicha engine wrapper: the one JS layer over the C core compiled to WebAssembly.
// Used by the page's worker (web/worker.js) and by the Node CLI (web/cli.mjs), so both run the very same
// wasm and the very same JS.
//
// The wasm exports (docs/design.md):
//   zc_wasm_init(const char *extra_pack_or_null, size_t len) -> int   (0 ok)
//   zc_wasm_error() -> const char *
//   zc_wasm_check(const char *text, size_t len, const char *category_or_empty, int mode) -> const char *
//   zc_wasm_check_compact(same) -> const char *   (findings as [rule, start, end, "match", also, fixes])
//   zc_wasm_batch_line(const char *line, size_t len, const char *default_category) -> const char *
//   zc_wasm_rules() -> const char *
//   zc_wasm_version() -> const char *   (the library version)
// mode: 'auto' | 'listing' | 'shop' (or 0 | 1 | 2), as the native CLI's --mode.
// Returned strings belong to the module and are valid until the next call: they are copied out at once.
// Every buffer this file allocates with _malloc is freed before the function returns.

import createZicha from './gen/zicha.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Error raised by this module: `kind` is 'load' (wasm could not start), 'pack' (extra rule pack rejected),
 * 'check' (a check failed) or 'input' (bad argument). */
export class EngineError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
  }
}

// Strings are encoded with TextEncoder rather than stringToUTF8: for a lone UTF-16 surrogate TextEncoder
// writes one U+FFFD (one code point, like Array.from counts it), whereas stringToUTF8 writes three bytes that
// the C decoder would turn into three U+FFFD and shift every later offset.
function toBytes(textOrBytes) {
  if (textOrBytes instanceof Uint8Array) return textOrBytes;
  if (typeof textOrBytes === 'string') return encoder.encode(textOrBytes);
  if (textOrBytes instanceof ArrayBuffer) return new Uint8Array(textOrBytes);
  throw new EngineError('input', 'text must be a string or a Uint8Array');
}

function instantiate(wasmBinary, wasmModule) {
  const opts = {
    // Route the glue's diagnostics to the console instead of letting it pick its own.
    print: (s) => console.log(s),
    printErr: (s) => console.warn(s),
  };
  if (wasmModule) {
    // An already compiled module (the worker compiles while downloading and keeps it for pack reloads): the
    // glue's instantiateWasm hook; a failure rejects here, since the glue would wait for it forever.
    let fail;
    const failed = new Promise((resolve, reject) => {
      fail = reject;
    });
    opts.instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), fail);
      return {};
    };
    return Promise.race([createZicha(opts), failed]);
  }
  if (wasmBinary) opts.wasmBinary = wasmBinary;
  return createZicha(opts);
}

// ---- gzip custom packs
// The core has no zlib (it is not part of the page's first download; core/src/gunzip.h): a pack that starts with
// the gzip magic is inflated here with DecompressionStream (browsers, and Node >= 18), with the native loader's
// limits and messages (core/src/gunzip.c, core/include/zicha.h), and the core reads the JSON.
const PACK_NAME = 'custom-rules.json'; // the name zc_wasm_init gives the extra pack
export const MAX_PACK_BYTES = 32 * 1024 * 1024; // ZC_MAX_PACK_BYTES
const MAX_GZIP_RATIO = 200; // ZC_MAX_GZIP_RATIO
const isGzip = (b) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Inflate one gzip member; throws EngineError 'pack' with the native library's message when it is refused. */
async function gunzipPack(bytes) {
  const limit = Math.min(bytes.length * MAX_GZIP_RATIO, MAX_PACK_BYTES);
  const corrupt = () => new EngineError('pack', `${PACK_NAME}: corrupt or truncated gzip data`);
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        throw new EngineError('pack', `${PACK_NAME}: gzip pack expands beyond the limit (${MAX_PACK_BYTES >> 20} MB, or ${MAX_GZIP_RATIO}× its compressed size)`);
      }
      parts.push(value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e instanceof EngineError ? e : corrupt();
  }
  // Browsers refuse data after the gzip member; Node's stream reads further members: the last trailer's size
  // (ISIZE, the member's length mod 2^32) must be this output's, as for one member.
  const n = bytes.length;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  if (isize !== total >>> 0) throw corrupt();
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}

/** Copy the NUL-terminated bytes at ptr out of the module's memory. */
function cBytes(mod, ptr) {
  if (!ptr) return null;
  const heap = mod.HEAPU8;
  let end = ptr;
  while (heap[end] !== 0) end++;
  return heap.slice(ptr, end);
}

function withBytes(mod, bytes, fn) {
  const n = bytes.length;
  const ptr = mod._malloc(n + 1);
  if (!ptr) throw new EngineError('input', `out of memory allocating ${n + 1} bytes`);
  try {
    mod.HEAPU8.set(bytes, ptr);
    mod.HEAPU8[ptr + n] = 0;
    return fn(ptr, n);
  } finally {
    mod._free(ptr);
  }
}

/**
 * Load the engine.
 * @param {object} [options]
 * @param {Uint8Array|ArrayBuffer} [options.wasmBinary] the bytes of gen/zicha.wasm (in Node, unless wasmModule;
 *   in the browser the glue fetches gen/zicha.wasm next to gen/zicha.mjs when both are omitted)
 * @param {WebAssembly.Module} [options.wasmModule] gen/zicha.wasm already compiled (instantiated, not recompiled)
 * @param {object} [options.timings] receives performance.now() at `instantiated` and `initialised`
 * @param {string|Uint8Array} [options.extraPack] a user rule pack (JSON text, same format as rules/*.json)
 * @returns {Promise<{check, checkRaw, checkJSON, rules, rulesJSON, error}>}
 * @throws {EngineError} kind 'load' when the module cannot start, kind 'pack' when the engine rejects the
 *   built-in packs or extraPack (message from zc_wasm_error, e.g. "user.json:3:5: …").
 */
export async function loadEngine({ wasmBinary, wasmModule, extraPack, timings } = {}) {
  let mod;
  try {
    mod = await instantiate(wasmBinary, wasmModule);
    if (timings) timings.instantiated = performance.now();
  } catch (e) {
    throw new EngineError('load', `could not start the WebAssembly engine: ${e && e.message ? e.message : e}`);
  }
  const EXPORTS = ['_zc_wasm_init', '_zc_wasm_error', '_zc_wasm_check', '_zc_wasm_check_compact', '_zc_wasm_rules',
    '_zc_wasm_batch_line', '_zc_wasm_version', '_malloc', '_free'];
  for (const f of EXPORTS) {
    if (typeof mod[f] !== 'function') {
      throw new EngineError('load', `the WebAssembly module does not export ${f.slice(1)}`);
    }
  }

  const lastError = () => {
    const b = cBytes(mod, mod._zc_wasm_error());
    return b && b.length ? decoder.decode(b) : '';
  };

  let rc;
  if (extraPack != null && extraPack !== '') {
    const bytes = toBytes(extraPack);
    // (a pack over the size limit goes as it is: the core refuses it with its own message, before any inflating)
    const json = isGzip(bytes) && bytes.length <= MAX_PACK_BYTES ? await gunzipPack(bytes) : bytes;
    rc = withBytes(mod, json, (p, n) => mod._zc_wasm_init(p, n));
  } else {
    rc = mod._zc_wasm_init(0, 0);
  }
  if (timings) timings.initialised = performance.now();
  if (rc !== 0) {
    const msg = lastError() || `zc_wasm_init failed with code ${rc}`;
    throw new EngineError('pack', msg);
  }

  // check and batch keep one input buffer in the heap (grown as needed, released after a large
  // text) instead of _malloc/_free per call, encode a string straight into it, find the result's NUL with the
  // native indexOf and decode the JSON from a view of the heap (no intermediate copy).
  let inPtr = 0;
  let inCap = 0;
  let catPtr = 0;
  let catKey = null;
  function reserveInput(n) {
    if (n > inCap) {
      const cap = Math.max(n, 65536, Math.min(inCap * 2, 1 << 22));
      const p = mod._malloc(cap);
      if (!p) throw new EngineError('input', `out of memory allocating ${cap} bytes`);
      if (inPtr) mod._free(inPtr);
      inPtr = p;
      inCap = cap;
    }
    return inPtr;
  }
  function releaseLargeInput() {
    if (inCap > 1 << 22) {
      mod._free(inPtr);
      inPtr = 0;
      inCap = 0;
    }
  }
  function putText(text) {
    if (typeof text === 'string') {
      const max = text.length * 3; // UTF-8 bytes per UTF-16 unit: at most 3 (a surrogate pair: 4 for 2)
      const p = reserveInput(max + 1);
      const { written } = encoder.encodeInto(text, mod.HEAPU8.subarray(p, p + max));
      mod.HEAPU8[p + written] = 0;
      return [p, written];
    }
    const bytes = toBytes(text);
    const p = reserveInput(bytes.length + 1);
    mod.HEAPU8.set(bytes, p);
    mod.HEAPU8[p + bytes.length] = 0;
    return [p, bytes.length];
  }
  function putCategory(category) {
    const c = category || '';
    if (c !== catKey) {
      const b = encoder.encode(c);
      const p = mod._malloc(b.length + 1);
      if (!p) throw new EngineError('input', `out of memory allocating ${b.length + 1} bytes`);
      if (catPtr) mod._free(catPtr);
      mod.HEAPU8.set(b, p);
      mod.HEAPU8[p + b.length] = 0;
      catPtr = p;
      catKey = c;
    }
    return catPtr;
  }
  /** The NUL-terminated bytes at ptr as a view of the heap (valid until the next call into the module). */
  function heapView(ptr) {
    const heap = mod.HEAPU8;
    return heap.subarray(ptr, heap.indexOf(0, ptr));
  }
  function callCheck(text, category, fn = mod._zc_wasm_check, mode = 'auto') {
    const cat = putCategory(category);
    const [p, n] = putText(text);
    const out = fn(p, n, cat, modeNumber(mode));
    releaseLargeInput();
    if (!out) throw new EngineError('check', lastError() || 'zc_wasm_check failed');
    return out;
  }

  /** Check text (string or UTF-8 bytes); returns the report JSON as raw UTF-8 bytes, exactly as C wrote it. */
  function checkRaw(text, category = '', mode = 'auto') {
    return heapView(callCheck(text, category, mod._zc_wasm_check, mode)).slice();
  }
  const checkJSON = (text, category, mode) => decoder.decode(heapView(callCheck(text, category, mod._zc_wasm_check, mode)));

  /** Check text; returns the report object (contract.md), the same as JSON.parse(checkJSON(text, category)). */
  // zc_wasm_check_compact writes each finding as [rule, start, end, "match"] and the finding objects are
  // completed here from the rule list (parsed once), in the report's key order: the long message, basis and
  // suggestion strings are neither written, decoded nor parsed per finding.
  function check(text, category, mode) {
    const report = JSON.parse(decoder.decode(heapView(callCheck(text, category, mod._zc_wasm_check_compact, mode))));
    const list = report.findings.length ? rules() : null;
    report.findings = report.findings.map(([i, start, end, match, also, fixes]) => {
      const r = list[i];
      const f = {
        rule_id: r.id,
        family: r.family,
        severity: r.severity,
        start,
        end,
        match,
        message: r.message,
        basis: r.basis,
        suggestion: r.suggestion,
      };
      // the lead rule's fixes, computed in C (core/src/fix.c): [["text", start, end], …] → the report's "fixes"
      if (fixes) f.fixes = fixes.map(([text, s, e]) => ({ text, start: s, end: e }));
      // findings of the same family or family group folded into this one: [[rule, start, end], …] → the report's "also"
      if (also) {
        f.also = also.map(([j, s, e]) => ({
          rule_id: list[j].id, family: list[j].family, severity: list[j].severity, start: s, end: e,
          basis: list[j].basis,
        }));
      }
      return f;
    });
    return report;
  }

  let rulesCache = null;
  function rulesJSON() {
    const out = mod._zc_wasm_rules();
    if (!out) throw new EngineError('check', lastError() || 'zc_wasm_rules failed');
    return decoder.decode(cBytes(mod, out));
  }
  function rules() {
    if (!rulesCache) rulesCache = JSON.parse(rulesJSON());
    return rulesCache;
  }

  /** One JSONL batch line through core/src/batch.c's zc_batch_line (the native `zicha batch`); returns its bytes. */
  function batchLineRaw(line, category = '') {
    const cat = putCategory(category);
    const [p, n] = putText(line);
    const out = mod._zc_wasm_batch_line(p, n, cat);
    releaseLargeInput();
    if (!out) throw new EngineError('check', lastError() || 'zc_wasm_batch_line failed');
    return heapView(out).slice();
  }

  const version = () => decoder.decode(cBytes(mod, mod._zc_wasm_version()));

  return { check, checkJSON, checkRaw, rules, rulesJSON, batchLineRaw, version, error: lastError };
}

/** zc_mode of a mode name (the native CLI's --mode values); unknown names are refused. */
export function modeNumber(mode) {
  if (mode === undefined || mode === null || mode === '' || mode === 'auto' || mode === 0) return 0;
  if (mode === 'listing' || mode === 1) return 1;
  if (mode === 'shop' || mode === 2) return 2;
  throw new EngineError('input', `unknown mode "${mode}" (auto, listing, shop)`);
}

/** Unicode code-point helpers: report offsets are code points of the input, not UTF-16 units. */
export function codePoints(text) {
  return Array.from(text);
}
export function sliceCodePoints(text, start, end) {
  return Array.from(text).slice(start, end).join('');
}
