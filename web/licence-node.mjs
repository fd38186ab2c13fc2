// The Node side of the licence check (web/licence.js): decoding image files, loading the licence wasm and the
// OCR models from the repository's files, and the `node web/cli.mjs licence` command. Not served to the page.
//
//   decodeImageNode(bytes) → {width, height, data: RGBA}     (jpeg-js, fast-png, @jsquash/webp)
//   loadWasmNode([paths]), createPaddleOcrNode(root), licenceCli(argv, {root})
//   checkLicenceBytes(bytes, opts) → result                  decode + analyseLicence

import { CATEGORIES, LIMITS, LicenceError, sniffImage, decodeJpegWith, analyseLicence } from './licence.js';

export async function decodeImageNode(bytes) {
  const info = sniffImage(bytes);
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    if (info.type === 'jpeg') {
      const { default: jpeg } = await import('jpeg-js');
      return decodeJpegWith(jpeg.decode, buf);
    }
    if (info.type === 'png') {
      const { decode } = await import('fast-png');
      const im = decode(buf);
      return { width: im.width, height: im.height, data: toRgba(im) };
    }
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    const req = createRequire(import.meta.url);
    const wasmPath = req.resolve('@jsquash/webp/codec/dec/webp_dec.wasm');
    const mod = await import('@jsquash/webp/decode.js');
    await mod.init(await WebAssembly.compile(await readFile(wasmPath)));
    const im = await mod.default(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    return { width: im.width, height: im.height, data: im.data };
  } catch (e) {
    if (e instanceof LicenceError) throw e;
    // a decoder's own bug on a damaged file (TypeError: Cannot read properties of undefined) says nothing to the
    // user: the file is damaged; a decoder's own message (e.g. "marker was not found") is kept
    const own = e && typeof e.message === 'string' && !(e instanceof TypeError) && !(e instanceof RangeError);
    throw new LicenceError('bad_image', `图片解码失败（${info.type.toUpperCase()} 文件已损坏或不完整${own ? `：${e.message}` : ''}）`);
  }
}

function toRgba(im) {
  const { width, height, channels } = im;
  const src = im.data;
  const depth = im.depth || 8;
  const out = new Uint8ClampedArray(width * height * 4);
  const pal = im.palette;
  // depths 1, 2, 4 come packed, rows padded to whole bytes
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const sub = (x, y) => {
    const bit = x * depth, byte = src[y * rowBytes + (bit >> 3)];
    return (byte >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
  };
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    let r, g, b, a = 255;
    if (depth < 8) {
      const v = sub(i % width, Math.floor(i / width));
      if (pal) {
        const p = pal[v] || [0, 0, 0];
        [r, g, b] = p;
        if (p.length > 3) a = p[3];
      } else {
        r = g = b = Math.round((v * 255) / ((1 << depth) - 1));
      }
    } else if (pal) {
      const p = pal[src[i]] || [0, 0, 0];
      [r, g, b] = p;
      if (p.length > 3) a = p[3];
    } else {
      const k = i * channels;
      const v = (x) => (depth === 16 ? x >> 8 : x);
      if (channels >= 3) { r = v(src[k]); g = v(src[k + 1]); b = v(src[k + 2]); if (channels === 4) a = v(src[k + 3]); }
      else { r = g = b = v(src[k]); if (channels === 2) a = v(src[k + 1]); }
    }
    // composite transparency over white
    out[j] = (r * a + 255 * (255 - a)) / 255;
    out[j + 1] = (g * a + 255 * (255 - a)) / 255;
    out[j + 2] = (b * a + 255 * (255 - a)) / 255;
    out[j + 3] = 255;
  }
  return out;
}

// ---------------------------------------------------------------- Node helpers
export async function checkLicenceBytes(bytes, opts) {
  return analyseLicence(await decodeImageNode(bytes), opts);
}

// Loads the core wasm in Node from an Emscripten ES6 module path (its .wasm next to it) via wasmBinary
// (tech-notes §5.2). Candidates in order; the first that exists and exports _zc_wasm_licence wins.
export async function loadWasmNode(candidates) {
  const { readFileSync, existsSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const tried = [];
  for (const js of candidates) {
    const wasmFile = js.replace(/\.m?js$/, '.wasm');
    if (!existsSync(js) || !existsSync(wasmFile)) { tried.push(js); continue; }
    const { default: factory } = await import(pathToFileURL(js).href);
    const mod = await factory({ wasmBinary: readFileSync(wasmFile) });
    if (typeof mod._zc_wasm_licence === 'function' && typeof mod._zc_wasm_qr === 'function') return mod;
    tried.push(`${js} (no _zc_wasm_licence export)`);
  }
  throw new LicenceError('no_wasm', `licence wasm not found; tried: ${tried.join(', ')} (run: make)`);
}

// PaddleOCR in Node from exactly the files the page loads (web/gen/paddle/, make paddle-assets): packed det/rec
// models and dictionary; onnxruntime-web itself from node_modules (its Node build).
export async function createPaddleOcrNode(root, opts = {}) {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = join(root, 'web', 'gen', 'paddle');
  const files = { det: 'ch_PP-OCRv4_det_infer.zq.gz', rec: 'ch_PP-OCRv4_rec_infer.zq.gz', dict: 'ppocr_keys_v1.txt' };
  for (const f of Object.values(files)) {
    if (!existsSync(join(dir, f))) throw new LicenceError('no_ocr', `OCR model ${join(dir, f)} not found (run: make paddle-assets)`);
  }
  const { createPaddleOcr } = await import('./ocr-paddle.js');
  return createPaddleOcr({ ...opts, det: join(dir, files.det), rec: join(dir, files.rec), dict: join(dir, files.dict) });
}

// The listing's category as the text engine detects it (web/engine.js on the same core wasm), '' when none.
async function detectCategoryNode(root, listing) {
  try {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const { loadEngine } = await import(pathToFileURL(join(root, 'web', 'engine.js')).href);
    const eng = await loadEngine({ wasmBinary: readFileSync(join(root, 'web', 'gen', 'zicha.wasm')) });
    const rep = eng.check(listing);
    return rep.category && rep.category !== 'general' ? rep.category : '';
  } catch {
    return '';
  }
}

// Node CLI entry: `node web/cli.mjs licence IMAGE [--listing FILE] [--category CAT] [--today YYYY-MM-DD]`.
// Without --category, the listing's category is detected by the text engine.
// Returns the exit code (0 no error/warning findings, 1 some, 2 usage or input error).
export async function licenceCli(argv, { root, out = process.stdout, err = process.stderr } = {}) {
  const { openSync, readSync, fstatSync, closeSync } = await import('node:fs');
  const { join } = await import('node:path');
  // A file read up to `limit` + 1 bytes (a device or a pipe may never end); a directory, an unreadable or a
  // too large file is an input error with the native CLI's wording.
  const readBounded = (file, limit, what, unit) => {
    let fd;
    const chunks = [];
    let n = 0;
    try {
      fd = openSync(file, 'r');
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new LicenceError('usage', `${file}: 是目录，不是文件（is a directory）`);
      if (st.isFile() && st.size > limit) throw new LicenceError('too_large', `${file}: ${what}：${st.size} 字节，上限 ${limit} 字节${unit}`);
      const block = Buffer.allocUnsafe(1 << 20);
      for (let got; (got = readSync(fd, block, 0, block.length, null)); ) {
        chunks.push(Buffer.from(block.subarray(0, got)));
        if ((n += got) > limit) throw new LicenceError('too_large', `${file}: ${what}：至少 ${limit + 1} 字节，上限 ${limit} 字节${unit}`);
      }
    } catch (e) {
      if (e instanceof LicenceError) throw e;
      throw new LicenceError('usage', `cannot read ${file}: ${e.code || e.message}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return Buffer.concat(chunks, n);
  };
  const usage = 'usage: node web/cli.mjs licence IMAGE [--listing FILE] [--category CAT] [--today YYYY-MM-DD] [--verbose]\n';
  let image = null, listing = null, category = '', today = null, verbose = false;
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const val = () => { if (i + 1 >= argv.length) throw new LicenceError('usage', `${a} needs a value`); return argv[++i]; };
      if (a === '--listing') listing = readBounded(val(), 16 * 1024 * 1024, '文本过大', '（16 MB）').toString('utf8');
      else if (a === '--category') {
        category = val();
        if (!CATEGORIES.includes(category)) throw new LicenceError('usage', `unknown category '${category}'`);
      }
      else if (a === '--today') { today = val(); if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new LicenceError('usage', '--today must be YYYY-MM-DD'); }
      else if (a === '--verbose') verbose = true;
      else if (a === '-h' || a === '--help') { out.write(usage); return 0; }
      else if (a.startsWith('-')) throw new LicenceError('usage', `unknown option '${a}'`);
      else if (image === null) image = a;
      else throw new LicenceError('usage', `unexpected argument '${a}'`);
    }
    if (image === null) throw new LicenceError('usage', 'IMAGE is required');
    const bytes = new Uint8Array(readBounded(image, LIMITS.maxBytes, '图片过大', '（20 MB）'));
    const img = await decodeImageNode(bytes);
    if (listing && !category) category = await detectCategoryNode(root, listing);
    const wasm = await loadWasmNode([join(root, 'web', 'gen', 'zicha-licence.mjs'), join(root, 'build', 'licence-wasm', 'licence.mjs')]);
    const ocr = await createPaddleOcrNode(root);
    let result;
    try {
      result = await analyseLicence(img, { wasm, ocr, listing, category, today: today || undefined });
    } finally { await ocr.terminate(); }
    const { ocr: o, timing, uscc_corrected, ...contract } = result;
    out.write(JSON.stringify(verbose ? { ...contract, uscc_corrected, ocr: o, timing } : contract, null, 2) + '\n');
    return result.findings.some((f) => f.severity !== 'info') ? 1 : 0;
  } catch (e) {
    if (e instanceof LicenceError) { err.write(`licence: ${e.message}\n`); if (e.code === 'usage') err.write(usage); return 2; }
    throw e;
  }
}

