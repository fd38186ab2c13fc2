// PaddleOCR (PP-OCRv4 Chinese detection + recognition, ONNX) through onnxruntime-web's wasm backend, for the
// business-licence image check: an alternative to tesseract.js with the same small interface that
// web/licence.js's analyseLicence() uses (createOcr), so either engine, or a mix, can be plugged in:
//
//   const ocr = await createPaddleOcr({ ort, det, rec, dict });   // sources: bytes, a path (Node) or a URL
//   await ocr.recognize(gray)      → tesseract-shaped result {text, confidence, blocks:[{paragraphs:[{lines:
//                                    [{bbox, words:[{text, confidence, bbox, symbols:[{text, confidence, bbox}]}]}]}]}]}
//   await ocr.readImageLine(gray)  → the same shape for one text line (recognition only, no detection); also
//                                    as recognizeLine (which web/licence.js uses to re-read the name) with reread: true
//   await ocr.terminate()
//
// gray = {width, height, data: Uint8Array} (one byte a pixel). Works in Node (onnxruntime-web resolves to its
// Node build, wasm files from node_modules) and in a module worker (ort.wasm.min.mjs + ort-wasm-simd-threaded.mjs
// self-hosted under gen/paddle/, the runtime's wasm as ort-wasm-simd-threaded.wasm.zst: inflated here by fzstd.mjs
// and handed over as env.wasm.wasmBinary, so its 2.5 MB on the wire do not depend on the server compressing it;
// numThreads 1: no SharedArrayBuffer without COOP/COEP).
//
// Our own pre/post-processing, written from the PaddleOCR papers' description of the pipeline:
//   detection (DB): the page scaled so that its long side is ≤ detMaxSide (multiples of 32), normalised with
//     the ImageNet mean/std → probability map → bitmap (p > 0.3) → connected components → axis-aligned boxes
//     (the page is already turned upright by the QR code), mean probability ≥ 0.6, expanded ("unclipped") by
//     area × 1.5 / perimeter on every side; neighbours on a line that now overlap cut in the middle
//   recognition (SVTR-LCNet + CTC): each box cropped from the full-resolution page, scaled to 48 px high,
//     normalised to [-1, 1] → per-step class probabilities → greedy CTC decode (best class per step, repeats
//     collapsed, blanks dropped) with ppocr_keys_v1 (index 0 blank, last a space); symbol confidence = the
//     step's probability (symbols under 0.35 dropped), symbol position = the step's centre.

import { unpackOnnx } from './onnx-pack.js';

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
const REC_H = 48;

// Compressed files (shipped compressed so that their size on the wire does not depend on the server compressing
// them): gzip (the packed models, .zq.gz) is inflated with the platform's DecompressionStream; zstd (the runtime's
// wasm, .wasm.zst: 2.5 MB where gzip gives 3.7 MB; no DecompressionStream for it) with fzstd's decoder, imported
// from `zstdModule` only when such a file comes.
async function decompressMaybe(b, zstdModule) {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    const stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) {
    if (!zstdModule) throw new Error('ocr-paddle: a zstd file, but no zstdModule to decode it');
    return (await import(zstdModule)).decompress(b);
  }
  return b;
}

async function loadSource(src, kind, zstdModule) {
  return decompressMaybe(await loadRaw(src, kind), zstdModule);
}

async function loadRaw(src, kind) {
  if (src instanceof Uint8Array) return src;
  if (src instanceof ArrayBuffer) return new Uint8Array(src);
  if (typeof src !== 'string' && !(src instanceof URL)) throw new Error(`ocr-paddle: no ${kind} given`);
  const s = String(src);
  if (typeof process !== 'undefined' && process.versions?.node && !/^(https?|blob|data):/.test(s)) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    return new Uint8Array(await readFile(s.startsWith('file:') ? fileURLToPath(s) : s));
  }
  const r = await fetch(s);
  if (!r.ok) throw new Error(`ocr-paddle: ${kind} ${s}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

// Bilinear resample of a gray image region [x0,x1)×[y0,y1) to w×h (into `out` when given).
function resample(gray, x0, y0, x1, y1, w, h, out = new Uint8Array(w * h)) {
  const W = gray.width, H = gray.height, d = gray.data;
  const sx = (x1 - x0) / w, sy = (y1 - y0) / h;
  for (let y = 0; y < h; y++) {
    let fy = y0 + (y + 0.5) * sy - 0.5;
    fy = fy < 0 ? 0 : fy > H - 1 ? H - 1 : fy;
    const iy = Math.min(H - 2 < 0 ? 0 : H - 2, Math.floor(fy)), ay = fy - iy, iy1 = iy + 1 < H ? iy + 1 : iy;
    for (let x = 0; x < w; x++) {
      let fx = x0 + (x + 0.5) * sx - 0.5;
      fx = fx < 0 ? 0 : fx > W - 1 ? W - 1 : fx;
      const ix = Math.min(W - 2 < 0 ? 0 : W - 2, Math.floor(fx)), ax = fx - ix, ix1 = ix + 1 < W ? ix + 1 : ix;
      const a = d[iy * W + ix], b = d[iy * W + ix1], c = d[iy1 * W + ix], e = d[iy1 * W + ix1];
      out[y * w + x] = (a * (1 - ax) + b * ax) * (1 - ay) + (c * (1 - ax) + e * ax) * ay;
    }
  }
  return out;
}

// DB post-processing: boxes (in map pixels) of the connected components of prob > thresh.
// `work` ({seen: Uint8Array, stack: Int32Array}, ≥ w × h each, seen all 0) saves allocating them per call.
export function dbBoxes(prob, w, h, { thresh = 0.3, boxThresh = 0.6, unclip = 1.5, minSize = 3 } = {}, work = null) {
  const seen = work ? work.seen : new Uint8Array(w * h);
  const stack = work ? work.stack : new Int32Array(w * h);
  const boxes = [];
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || prob[start] <= thresh) continue;
    let sp = 0, n = 0, sum = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
    stack[sp++] = start;
    seen[start] = 1;
    while (sp) {
      const i = stack[--sp];
      const x = i % w, y = (i - x) / w;
      n++;
      sum += prob[i];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      // 8-connected neighbours
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w || (!dx && !dy)) continue;
          const j = yy * w + xx;
          if (!seen[j] && prob[j] > thresh) { seen[j] = 1; stack[sp++] = j; }
        }
      }
    }
    const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
    if (Math.min(bw, bh) < minSize) continue;
    const score = sum / n;
    if (score < boxThresh) continue;
    const d = (bw * bh * unclip) / (2 * (bw + bh));
    boxes.push({ x0: x0 - d, y0: y0 - d, x1: x1 + 1 + d, y1: y1 + 1 + d, score });
  }
  return boxes;
}

// CTC greedy decode of a [T, C] probability matrix → symbols [{t (class), p, step}].
export function ctcGreedy(probs, T, C) {
  const out = [];
  let prev = 0;
  for (let t = 0; t < T; t++) {
    let best = 0, bp = -1;
    const o = t * C;
    for (let c = 0; c < C; c++) if (probs[o + c] > bp) { bp = probs[o + c]; best = c; }
    if (best !== 0 && best !== prev) out.push({ k: best, p: bp, step: t });
    else if (best !== 0 && best === prev && out.length) out[out.length - 1].p = Math.max(out[out.length - 1].p, bp);
    prev = best;
  }
  return out;
}

// Neighbouring boxes on one text line overlap once expanded (the label 名称 and its value): both are cut at
// the middle of the overlap, which is the middle of the gap between the texts (both grew by about the same),
// so that the value's crop does not start with the tail of the label (称 read as 尔).
function splitOverlaps(boxes) {
  const bs = boxes.map((b) => ({ ...b })).sort((a, b) => a.x0 - b.x0);
  for (let i = 0; i < bs.length; i++) {
    for (let j = i + 1; j < bs.length; j++) {
      const a = bs[i], b = bs[j];
      if (b.x0 >= a.x1) continue;
      const vov = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      const hov = a.x1 - b.x0;
      if (vov < 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0) || hov > 0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0) || b.x1 <= a.x1) continue;
      const mid = (a.x1 + b.x0) / 2;
      a.x1 = mid;
      b.x0 = mid;
    }
  }
  return bs;
}

// Groups boxes into text lines (vertical overlap ≥ half the smaller height), top to bottom, left to right.
function groupLines(items) {
  const sorted = [...items].sort((a, b) => (a.bbox.y0 + a.bbox.y1) - (b.bbox.y0 + b.bbox.y1));
  const lines = [];
  for (const it of sorted) {
    const h = it.bbox.y1 - it.bbox.y0;
    let best = null, bestOv = 0;
    for (const l of lines.slice(-4)) {
      const ov = Math.min(l.bbox.y1, it.bbox.y1) - Math.max(l.bbox.y0, it.bbox.y0);
      const lh = l.bbox.y1 - l.bbox.y0;
      if (ov >= 0.5 * Math.min(h, lh) && ov > bestOv) { best = l; bestOv = ov; }
    }
    if (best) {
      best.words.push(it);
      best.bbox = { x0: Math.min(best.bbox.x0, it.bbox.x0), y0: Math.min(best.bbox.y0, it.bbox.y0), x1: Math.max(best.bbox.x1, it.bbox.x1), y1: Math.max(best.bbox.y1, it.bbox.y1) };
    } else lines.push({ words: [it], bbox: { ...it.bbox } });
  }
  for (const l of lines) l.words.sort((a, b) => a.bbox.x0 - b.bbox.x0);
  return lines;
}

function shape(lines, dropped = { n: 0, sum: 0 }) {
  const words = lines.flatMap((l) => l.words);
  const nChars = words.reduce((a, w) => a + w.symbols.length, 0) + dropped.n;
  const confidence = nChars ? Math.round((words.reduce((a, w) => a + w.symbols.reduce((s, c) => s + c.confidence, 0), 0) + dropped.sum) / nChars) : 0;
  return {
    text: lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n'),
    confidence,
    blocks: [{ paragraphs: [{ lines }] }],
  };
}

export async function createPaddleOcr(opts = {}) {
  const ort = opts.ort || (await import(opts.ortModule || 'onnxruntime-web'));
  ort.env.wasm.numThreads = opts.numThreads || 1;
  ort.env.wasm.proxy = false;
  if (opts.wasmPaths) ort.env.wasm.wasmPaths = opts.wasmPaths;
  const detMaxSide = opts.detMaxSide || 1600;
  // symbols read with less probability are dropped: in the wide gaps of spaced-out labels (名　　称) and around
  // small specks the recogniser emits a random character at 0.04–0.32 (茶, 業, 正), real ones are ≥ 0.9
  const minConf = 100 * (opts.minSymbolProb ?? 0.35);
  const progress = opts.logger || (() => {});
  // load progress in steps: each file fetched (runtime wasm, det, rec, dictionary), each model session created
  const steps = 6;
  let done = 0;
  const step = (v) => { progress({ status: 'loading paddle models', progress: Math.min(1, ++done / steps) }); return v; };
  progress({ status: 'loading paddle models', progress: 0 });
  const [wasmBinary, detBytes, recBytes, dictBytes] = await Promise.all([
    opts.wasmBinary ? loadSource(opts.wasmBinary, 'onnxruntime wasm', opts.zstdModule).then(step) : step(null),
    opts.recOnly ? step(null) : loadSource(opts.det, 'detection model').then(step),
    loadSource(opts.rec, 'recognition model').then(step),
    typeof opts.dict === 'string' && opts.dict.includes('\n') ? step(null) : loadSource(opts.dict, 'dictionary').then(step),
  ]);
  const dictText = dictBytes ? new TextDecoder().decode(dictBytes) : opts.dict;
  const keys = ['', ...dictText.split(/\r?\n/).filter((k, i, a) => k !== '' || i < a.length - 1), ' '];
  if (wasmBinary) ort.env.wasm.wasmBinary = wasmBinary;
  const so = { executionProviders: ['wasm'], graphOptimizationLevel: 'all', enableCpuMemArena: false, enableMemPattern: false };
  // models packed by tools/copy-paddle-assets.sh (weights in a few bits, web/onnx-pack.js) are unpacked to float32 here
  const det = step(detBytes ? await ort.InferenceSession.create(unpackOnnx(detBytes), so) : null);
  const rec = step(await ort.InferenceSession.create(unpackOnnx(recBytes), so));
  // the runtime is compiled by now: its 11 MB binary need not stay referenced for the worker's lifetime
  if (wasmBinary) ort.env.wasm.wasmBinary = undefined;

  // Work buffers kept from one call to the next (grown when a bigger input comes): each band of a long image
  // would otherwise leave ~17 MB of typed arrays (the detector's input, its resampled pixels, the box search's
  // marks) to the garbage collector, and the worker's memory peaks with what has not been collected yet.
  const scratch = {};
  const buf = (name, Type, n) => {
    if (!scratch[name] || scratch[name].length < n) scratch[name] = new Type(n);
    return scratch[name].subarray(0, n);
  };

  async function detect(gray) {
    if (!det) throw new Error('ocr-paddle: created with recOnly, no detection model');
    const s = Math.min(1, detMaxSide / Math.max(gray.width, gray.height));
    const w = Math.max(32, Math.round((gray.width * s) / 32) * 32), h = Math.max(32, Math.round((gray.height * s) / 32) * 32);
    const px = resample(gray, 0, 0, gray.width, gray.height, w, h, buf('detPx', Uint8Array, w * h));
    const x = buf('detIn', Float32Array, 3 * w * h);
    for (let c = 0; c < 3; c++) {
      const m = DET_MEAN[c], sd = DET_STD[c], o = c * w * h;
      for (let i = 0; i < w * h; i++) x[o + i] = (px[i] / 255 - m) / sd;
    }
    const out = await det.run({ [det.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, h, w]) });
    const prob = out[det.outputNames[0]].data;
    const kx = gray.width / w, ky = gray.height / h;
    const work = { seen: buf('dbSeen', Uint8Array, w * h).fill(0), stack: buf('dbStack', Int32Array, w * h) };
    return dbBoxes(prob, w, h, opts.db, work).map((b) => ({
      x0: Math.max(0, b.x0 * kx), y0: Math.max(0, b.y0 * ky), x1: Math.min(gray.width, b.x1 * kx), y1: Math.min(gray.height, b.y1 * ky), score: b.score,
    }));
  }

  // One text line: the region [x0,x1)×[y0,y1) of gray → {text, symbols:[{text, confidence, bbox}], confidence}
  async function readLine(gray, x0, y0, x1, y1) {
    const bw = x1 - x0, bh = y1 - y0;
    const w = Math.max(8, Math.min(3200, Math.round((REC_H * bw) / Math.max(1, bh))));
    const px = resample(gray, x0, y0, x1, y1, w, REC_H, buf('recPx', Uint8Array, w * REC_H));
    const n = w * REC_H, x = buf('recIn', Float32Array, 3 * n);
    for (let i = 0; i < n; i++) x[i] = px[i] / 127.5 - 1;
    x.copyWithin(n, 0, n);
    x.copyWithin(2 * n, 0, n);
    const out = await rec.run({ [rec.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, REC_H, w]) });
    const t = out[rec.outputNames[0]];
    const [, T, C] = t.dims;
    const step = bw / T;
    const decoded = ctcGreedy(t.data, T, C).map((s) => {
      const cx = x0 + (s.step + 0.5) * step;
      return { text: keys[s.k] ?? '', confidence: 100 * s.p, bbox: { x0: Math.max(x0, cx - bh / 2), y0, x1: Math.min(x1, cx + bh / 2), y1 } };
    }).filter((s) => s.text);
    const symbols = decoded.filter((s) => s.confidence >= minConf);
    // a space is a word break, not a symbol
    const syms = symbols.filter((s) => s.text !== ' ');
    const text = symbols.map((s) => s.text).join('').trim();
    const confidence = syms.length ? syms.reduce((a, s) => a + s.confidence, 0) / syms.length : 0;
    // the dropped symbols still count in the page confidence (a page on its side reads as a few confident
    // characters among many doubtful ones: web/licence.js then tries the other orientations)
    const dropped = decoded.filter((s) => s.text !== ' ' && s.confidence < minConf);
    return { text, symbols: syms, confidence, bbox: { x0, y0, x1, y1 }, dropped: { n: dropped.length, sum: dropped.reduce((a, s) => a + s.confidence, 0) } };
  }

  async function readImageLine(gray) {
    const r = await readLine(gray, 0, 0, gray.width, gray.height);
    return shape(r.text ? [{ words: [r], bbox: r.bbox }] : [], r.dropped);
  }

  return {
    engine: 'paddle',
    detect,
    readLine,
    async recognize(gray) {
      progress({ status: 'recognizing text', progress: 0 });
      const boxes = splitOverlaps(await detect(gray));
      const words = [], dropped = { n: 0, sum: 0 };
      for (let i = 0; i < boxes.length; i++) {
        const b = boxes[i];
        const r = await readLine(gray, b.x0, b.y0, b.x1, b.y1);
        dropped.n += r.dropped.n;
        dropped.sum += r.dropped.sum;
        if (r.text) words.push(r);
        progress({ status: 'recognizing text', progress: (i + 1) / boxes.length });
      }
      // a page on its side has its lines as tall boxes: scale the confidence by the share of the text area in
      // boxes that lie (web/licence.js turns pages without a QR code when the confidence is under 60)
      let wide = 0, all = 0;
      for (const b of boxes) {
        const a = (b.x1 - b.x0) * (b.y1 - b.y0);
        all += a;
        if (b.x1 - b.x0 >= 0.8 * (b.y1 - b.y0)) wide += a;
      }
      const res = shape(groupLines(words), dropped);
      res.confidence = Math.round(res.confidence * (all ? wide / all : 0));
      return res;
    },
    readImageLine,
    // web/licence.js re-reads the name crop with recognizeLine when the engine has it: Paddle's own page
    // reading is better than a vote over nine re-readings (measured: 2 names lost), so only on request
    ...(opts.reread ? { recognizeLine: readImageLine } : {}),
    async terminate() {
      await det?.release?.();
      await rec.release?.();
    },
  };
}

// The self-hosted files under `base` (a URL ending in '/', e.g. the page's gen/paddle/, filled by
// tools/copy-paddle-assets.sh): spread into createPaddleOcr's options; `ort` is the module to import first.
export function paddleAssets(base) {
  const u = (f) => new URL(f, base).href;
  return {
    ortModule: u('ort.wasm.min.mjs'),
    wasmPaths: u('./'),
    wasmBinary: u('ort-wasm-simd-threaded.wasm.zst'),
    zstdModule: u('fzstd.mjs'),
    det: u('ch_PP-OCRv4_det_infer.zq.gz'),
    rec: u('ch_PP-OCRv4_rec_infer.zq.gz'),
    dict: u('ppocr_keys_v1.txt'),
  };
}
