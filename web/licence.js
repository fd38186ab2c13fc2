// Business-licence (营业执照) image check: the JS half of the pipeline, used by the page's worker
// (web/ocr-worker.js) and, through web/licence-node.mjs, by the Node CLI (`node web/cli.mjs licence IMAGE`) and
// the tests. Everything runs locally.
//
//   image bytes ─ sniffImage (type + size, refused before decoding when > 20 MB or > 40 MP)
//     → decode (page: jpeg-js for JPEG, else createImageBitmap + OffscreenCanvas; Node: licence-node.mjs)
//     → gray (red channel: the red title and seal fade out), downscaled to ≤ 2600 px
//     → QR: quirc in the licence wasm (_zc_wasm_qr, with filtered retries); its corners give the rotation, so the
//       photo is turned upright (without a QR code, 0/90/180/270 are tried when OCR confidence is low)
//     → 3×3 median when grainy, flat-field for uneven light, desk around the licence blanked, enlarged when the
//       QR code (hence the text) is small
//     → OCR: PaddleOCR PP-OCRv4 (web/ocr-paddle.js on onnxruntime-web, models in web/gen/paddle/), self-hosted,
//       loaded lazily (tesseract.js, kept for comparison, is tests/licence/tesseract.mjs)
//     → two-column layout: words right of the detected column gap are moved after the left column; the name
//       value (after the 名称 label) is cropped, cleaned (contrast stretch, neighbouring lines blanked) and read
//       again as one line in 13 variants (scales 0.75–2×, Otsu, thickened, thinned, sharpened), and the readings
//       are voted per character with symbol confidences (the page reading at half weight), keeping only
//       readings that end in an organisation form (有限公司, 合作社, 店, 厂, …)
//     → extraction + checks in C (_zc_wasm_licence) → {fields, qr, findings}
//
// Public API (all async unless noted):
//   LIMITS                                     {maxBytes, maxPixels}
//   sniffImage(bytes) → {type, width, height}  sync; throws LicenceError on unknown type / too large
//   decodeImageBrowser(blob, {jpegDecoder}) → {width, height, data: RGBA}
//   analyseLicence(rgbaImage, {wasm, ocr, listing, category, today, onProgress, reread}) → result
//   decodeQr(wasm, gray) → [{payload|null, corners}];  licenceCheck(wasm, {ocrText, qr, listing, category, today})
// `wasm` is the instantiated licence module (exports _zc_wasm_qr, _zc_wasm_licence, _malloc, _free, HEAPU8,
// UTF8ToString). result = {fields, qr, findings, uscc_corrected, ocr: {text, confidence, rotation, noise}, timing}.
// `ocr` is an OCR engine ({recognize, recognizeLine, recognizeLineAlt, terminate}: web/ocr-paddle.js).

import { CATEGORY_NAMES as CATEGORIES } from './gen/registry.js';

export { CATEGORIES };

export const LIMITS = Object.freeze({ maxBytes: 20 * 1024 * 1024, maxPixels: 40 * 1000 * 1000 });

export class LicenceError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------- image header sniffing
function u16be(b, i) { return (b[i] << 8) | b[i + 1]; }
function u32be(b, i) { return ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3]; }
function u24le(b, i) { return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16); }

// The size in the PNG's IHDR, read by walking the chunks: IHDR must be the first chunk and the only one (the PNG
// specification; browsers refuse anything else), so that a small IHDR-like chunk placed before the real header
// cannot pass the pixel limit while a decoder that looks further reads a 30000×30000 image. [0, 0] when refused.
function pngSize(b) {
  let size = [0, 0];
  for (let i = 8, k = 0; i + 8 <= b.length; k++) {
    const len = u32be(b, i);
    const type = String.fromCharCode(b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
    if (type === 'IHDR') {
      if (k !== 0 || len !== 13 || i + 16 > b.length) return [0, 0];
      size = [u32be(b, i + 8), u32be(b, i + 12)];
    } else if (k === 0) return [0, 0];
    if (type === 'IEND') break;
    i += 12 + len;
  }
  return size;
}

export function sniffImage(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b.length > LIMITS.maxBytes) throw new LicenceError('too_large', `图片超过 20 MB（${(b.length / 1048576).toFixed(1)} MB），请压缩后再试`);
  let type = null, width = 0, height = 0;
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    type = 'png';
    [width, height] = pngSize(b);
  } else if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    type = 'jpeg';
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) { i++; continue; }
      const m = b[i + 1];
      if (m === 0xff) { i++; continue; }
      if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { i += 2; continue; }
      const len = u16be(b, i + 2);
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
        height = u16be(b, i + 5);
        width = u16be(b, i + 7);
        break;
      }
      if (m === 0xd9 || m === 0xda) break;
      i += 2 + len;
    }
  } else if (b.length >= 30 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') {
    type = 'webp';
    const chunk = String.fromCharCode(...b.subarray(12, 16));
    if (chunk === 'VP8 ') {
      width = (b[26] | (b[27] << 8)) & 0x3fff;
      height = (b[28] | (b[29] << 8)) & 0x3fff;
    } else if (chunk === 'VP8L') {
      width = 1 + (b[21] | ((b[22] & 0x3f) << 8));
      height = 1 + ((b[22] >> 6) | (b[23] << 2) | ((b[24] & 0x0f) << 10));
    } else if (chunk === 'VP8X') {
      width = 1 + u24le(b, 24);
      height = 1 + u24le(b, 27);
    }
  }
  if (!type) throw new LicenceError('bad_type', '不支持的图片格式：请上传 PNG、JPEG 或 WebP 图片');
  if (!width || !height) throw new LicenceError('bad_image', `无法读取 ${type.toUpperCase()} 图片的尺寸，文件可能已损坏`);
  if (width * height > LIMITS.maxPixels) throw new LicenceError('too_large', `图片像素过多（${width}×${height}，超过 4000 万像素），请缩小后再试`);
  return { type, width, height };
}

// ---------------------------------------------------------------- decoding
// jpeg-js's decode (Node: the npm package; page: gen/paddle/jpeg-decode.mjs) → {width, height, data: RGBA}
export function decodeJpegWith(decode, buf) {
  const im = decode(buf, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 41, maxMemoryUsageInMB: 1024 });
  return { width: im.width, height: im.height, data: new Uint8ClampedArray(im.data.buffer, im.data.byteOffset, im.data.length) };
}

// opts.jpegDecoder: async () → jpeg-js's decode function (or null). JPEGs are then decoded by it, the same
// decoder as in Node: Chromium's own JPEG decoder gives pixels up to ~40 levels apart, enough to change what
// Tesseract reads. Without it, or when it throws, createImageBitmap decodes (as for PNG and WebP).
export async function decodeImageBrowser(blob, opts = {}) {
  const head = new Uint8Array(await blob.slice(0, 65536).arrayBuffer());
  if (blob.size > LIMITS.maxBytes) throw new LicenceError('too_large', `图片超过 20 MB（${(blob.size / 1048576).toFixed(1)} MB），请压缩后再试`);
  // type and pixel count from the header, before decoding; a JPEG's size marker may follow more than 64 KB of
  // EXIF/XMP, and a PNG's chunks are walked to their end: then the whole file (at most 20 MB, checked above)
  let info;
  try {
    info = sniffImage(head);
  } catch (e) {
    if (!(e instanceof LicenceError) || e.code !== 'bad_image' || blob.size <= head.length) throw e;
    info = sniffImage(new Uint8Array(await blob.arrayBuffer()));
  }
  if (info.type === 'jpeg' && opts.jpegDecoder) {
    try {
      const decode = await opts.jpegDecoder();
      if (typeof decode === 'function') return decodeJpegWith(decode, new Uint8Array(await blob.arrayBuffer()));
    } catch { /* the browser's decoder below */ }
  }
  const bmp = await createImageBitmap(blob);
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext('2d', { willReadFrequently: true });
  g.fillStyle = '#fff';
  g.fillRect(0, 0, bmp.width, bmp.height);
  g.drawImage(bmp, 0, 0);
  bmp.close?.();
  const im = g.getImageData(0, 0, c.width, c.height);
  return { width: im.width, height: im.height, data: im.data };
}

// ---------------------------------------------------------------- pixels
function toGray(img) {
  const { width, height, data } = img;
  const g = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < g.length; i++, j += 4) g[i] = data[j]; // red channel
  return { width, height, data: g };
}

function downscale(gray, maxSide) {
  const s = Math.max(gray.width, gray.height) / maxSide;
  if (s <= 1) return gray;
  const w = Math.max(1, Math.round(gray.width / s)), h = Math.max(1, Math.round(gray.height / s));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * s), y1 = Math.min(gray.height, Math.max(y0 + 1, Math.floor((y + 1) * s)));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * s), x1 = Math.min(gray.width, Math.max(x0 + 1, Math.floor((x + 1) * s)));
      let sum = 0, n = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) { sum += gray.data[yy * gray.width + xx]; n++; }
      out[y * w + x] = sum / n;
    }
  }
  return { width: w, height: h, data: out };
}

// Mean absolute difference between horizontally adjacent pixels in flat areas (grain), sampled.
function noiseLevel(gray) {
  const { width: w, height: h, data } = gray;
  let sum = 0, n = 0;
  for (let y = 1; y < h - 1; y += 7) {
    for (let x = 1; x < w - 2; x += 3) {
      const i = y * w + x;
      const d = Math.abs(data[i] - data[i + 1]);
      const edge = Math.abs(data[i - 1] - data[i + 2]);
      if (edge < 40 && data[i] > 90) { sum += d; n++; }
    }
  }
  return n ? sum / n : 0;
}

// Uneven light: divide by a background estimate (block maxima over 32 px, bilinear), then stretch to 0..255.
function flatten(gray, blocks = 32) {
  const { width: w, height: h, data } = gray;
  const B = blocks, bw = Math.ceil(w / B), bh = Math.ceil(h / B);
  const bg = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) for (let bx = 0; bx < bw; bx++) {
    // 90th percentile would be ideal; the max of a 4-px-step sample is close enough and cheap
    let m = 0;
    for (let y = by * B; y < Math.min(h, by * B + B); y += 2) for (let x = bx * B; x < Math.min(w, bx * B + B); x += 2) {
      const v = data[y * w + x];
      if (v > m) m = v;
    }
    bg[by * bw + bx] = Math.max(m, 24);
  }
  // smooth the block grid (3×3 mean) so that text-heavy blocks borrow from their neighbours
  const sm = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) for (let bx = 0; bx < bw; bx++) {
    let s = 0, n = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const yy = by + dy, xx = bx + dx;
      if (yy >= 0 && xx >= 0 && yy < bh && xx < bw) { s += bg[yy * bw + xx]; n++; }
    }
    sm[by * bw + bx] = s / n;
  }
  // blocks much darker than the paper are background (a desk around a photographed licence): blank them
  const sorted = Float32Array.from(bg).sort();
  const paper = sorted[Math.floor(sorted.length * 0.9)];
  const dark = new Uint8Array(bw * bh);
  for (let i = 0; i < bg.length; i++) dark[i] = sm[i] < 0.72 * paper && bg[i] < 0.8 * paper ? 1 : 0;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y - B / 2) / B)), y0 = Math.floor(fy), y1 = Math.min(bh - 1, y0 + 1), ay = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x - B / 2) / B)), x0 = Math.floor(fx), x1 = Math.min(bw - 1, x0 + 1), ax = fx - x0;
      const b = (sm[y0 * bw + x0] * (1 - ax) + sm[y0 * bw + x1] * ax) * (1 - ay) + (sm[y1 * bw + x0] * (1 - ax) + sm[y1 * bw + x1] * ax) * ay;
      if (dark[Math.min(bh - 1, (y / B) | 0) * bw + Math.min(bw - 1, (x / B) | 0)]) { out[y * w + x] = 255; continue; }
      const v = (255 * data[y * w + x]) / b;
      out[y * w + x] = v > 255 ? 255 : v;
    }
  }
  // stretch: 1st percentile → 0
  const hist = new Uint32Array(256);
  for (let i = 0; i < out.length; i += 5) hist[out[i]]++;
  let acc = 0, lo = 0;
  const total = Math.ceil(out.length / 5);
  for (; lo < 255 && acc < total * 0.01; lo++) acc += hist[lo];
  if (lo > 0 && lo < 200) for (let i = 0; i < out.length; i++) out[i] = out[i] <= lo ? 0 : ((out[i] - lo) * 255) / (255 - lo);
  return { width: w, height: h, data: out };
}

function median3(gray) {
  const { width: w, height: h, data } = gray;
  const out = new Uint8Array(w * h);
  const v = new Uint8Array(9);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy < 0 ? 0 : y + dy >= h ? h - 1 : y + dy;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx < 0 ? 0 : x + dx >= w ? w - 1 : x + dx;
          v[k++] = data[yy * w + xx];
        }
      }
      v.sort();
      out[y * w + x] = v[4];
    }
  }
  return { width: w, height: h, data: out };
}

// sin and cos of `deg` degrees from + − × ÷ only, which IEEE 754 rounds exactly in every engine: Math.sin/cos
// differ in the last bits between V8 builds (Node 20 vs Chromium), enough to move rotate()'s samples and change
// what Tesseract reads. 90° steps are exact; the rest (|r| ≤ π/4) is a 13-term Taylor series (error < 1e-17).
function sinCosDeg(deg) {
  const q = Math.round(deg / 90);
  const r = ((deg - 90 * q) * 3.141592653589793) / 180;
  const r2 = r * r;
  let s = 0, c = 0, ts = r, tc = 1;
  for (let k = 1; k <= 13; k++) {
    s += ts;
    c += tc;
    ts *= -r2 / ((2 * k) * (2 * k + 1));
    tc *= -r2 / ((2 * k - 1) * (2 * k));
  }
  switch (((q % 4) + 4) % 4) {
    case 0: return [s, c];
    case 1: return [c, -s];
    case 2: return [-s, -c];
    default: return [-c, s];
  }
}

// Rotates by `deg` (counter-clockwise positive in image coordinates turned upright), bilinear, white fill.
function rotate(gray, deg) {
  const r90 = ((Math.round(deg) % 360) + 360) % 360;
  const { width: W, height: H, data } = gray;
  if (r90 === 0 && Math.abs(deg - Math.round(deg)) < 1e-9) return gray;
  if ([90, 180, 270].includes(r90) && Math.abs(deg - Math.round(deg)) < 1e-9) {
    const w = r90 === 180 ? W : H, h = r90 === 180 ? H : W;
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      let sx, sy;
      if (r90 === 90) { sx = W - 1 - y; sy = x; } else if (r90 === 180) { sx = W - 1 - x; sy = H - 1 - y; } else { sx = y; sy = H - 1 - x; }
      out[y * w + x] = data[sy * W + sx];
    }
    return { width: w, height: h, data: out };
  }
  const [s, c] = sinCosDeg(deg);
  const w = Math.ceil(Math.abs(W * c) + Math.abs(H * s)), h = Math.ceil(Math.abs(W * s) + Math.abs(H * c));
  const out = new Uint8Array(w * h);
  const cx = W / 2, cy = H / 2, ox = w / 2, oy = h / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // destination → source (inverse rotation)
      const dx = x - ox, dy = y - oy;
      const sx = c * dx - s * dy + cx, sy = s * dx + c * dy + cy;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= W - 1 || y0 >= H - 1) { out[y * w + x] = 255; continue; }
      const fx = sx - x0, fy = sy - y0, i = y0 * W + x0;
      const v = data[i] * (1 - fx) * (1 - fy) + data[i + 1] * fx * (1 - fy) + data[i + W] * (1 - fx) * fy + data[i + W + 1] * fx * fy;
      out[y * w + x] = v;
    }
  }
  return { width: w, height: h, data: out };
}

// ---------------------------------------------------------------- wasm calls
function wasmString(wasm, ptr) {
  if (!ptr) throw new LicenceError('nomem', 'wasm: out of memory');
  try { return wasm.UTF8ToString(ptr); } finally { wasm._free(ptr); }
}

function allocBytes(wasm, bytes) {
  const p = wasm._malloc(bytes.length + 1);
  if (!p) throw new LicenceError('nomem', 'wasm: out of memory');
  wasm.HEAPU8.set(bytes, p);
  wasm.HEAPU8[p + bytes.length] = 0;
  return p;
}

export function decodeQr(wasm, gray) {
  const p = allocBytes(wasm, gray.data);
  try {
    const out = JSON.parse(wasmString(wasm, wasm._zc_wasm_qr(p, gray.width, gray.height)));
    if (out.error) throw new LicenceError('qr', out.error);
    return out.codes;
  } finally { wasm._free(p); }
}

const enc = new TextEncoder();
export function licenceCheck(wasm, { ocrText, qr, listing, category, today }) {
  const ptrs = [];
  const str = (s) => { if (s == null) return [0, 0]; const b = enc.encode(s); const p = allocBytes(wasm, b); ptrs.push(p); return [p, b.length]; };
  try {
    const [po, lo] = str(ocrText || '');
    const [pq, lq] = str(qr);
    const [pl, ll] = str(listing);
    const [pc] = str(category || '');
    const [pt] = str(today);
    const out = JSON.parse(wasmString(wasm, wasm._zc_wasm_licence(po, lo, pq, lq, pl, ll, pc, pt)));
    if (out.error) throw new LicenceError('check', out.error);
    return out;
  } finally { ptrs.forEach((p) => wasm._free(p)); }
}

// Lines of text from tesseract's blocks, with two-column layouts untangled: a column gap is an x position where
// ≥ 3 lines have a wide gap before a word; words right of it are emitted after the left column.
export function layoutLines(data) {
  const lay = layout(data);
  return lay.lines ? lay.render() : (data.text || '').split('\n');
}

// Lines with their words and the column split (null when one column); render() gives the text lines.
function layout(data) {
  const lines = [];
  for (const b of data.blocks || []) for (const p of b.paragraphs || []) for (const l of p.lines || []) {
    const words = (l.words || []).filter((w) => w.text && w.text.trim());
    if (words.length) lines.push({ words, bbox: l.bbox });
  }
  if (!lines.length) return { lines: null };
  const hs = lines.map((l) => l.bbox.y1 - l.bbox.y0).sort((a, b) => a - b);
  const h = hs[Math.floor(hs.length / 2)] || 20;
  const minX = Math.min(...lines.map((l) => l.bbox.x0)), maxX = Math.max(...lines.map((l) => l.bbox.x1));
  const span = Math.max(1, maxX - minX);
  const starts = [];
  for (const l of lines) {
    for (let i = 1; i < l.words.length; i++) {
      const gap = l.words[i].bbox.x0 - l.words[i - 1].bbox.x1;
      const x = l.words[i].bbox.x0;
      if (gap > 1.3 * h && x > minX + 0.3 * span && x < minX + 0.85 * span) starts.push(x);
    }
  }
  starts.sort((a, b) => a - b);
  let split = null;
  for (let i = 0; i < starts.length && split === null; i++) {
    let n = 0;
    for (let j = i; j < starts.length && starts[j] - starts[i] < 1.5 * h; j++) n++;
    if (n >= 3) split = starts[i] - 0.5 * h;
  }
  const join = (ws) => ws.map((w) => w.text).join(' ');
  const render = () => {
    if (split === null) return lines.map((l) => join(l.words));
    const left = [], right = [];
    for (const l of lines) {
      const L = l.words.filter((w) => w.bbox.x0 < split), R = l.words.filter((w) => w.bbox.x0 >= split);
      if (L.length) left.push(join(L));
      if (R.length) right.push(join(R));
    }
    return [...left, ...right];
  };
  return { lines, split, h, render };
}

// Crop (with margin) and upscale by `k`, bilinear.
function cropScale(gray, x0, y0, x1, y1, k) {
  x0 = Math.max(0, Math.floor(x0)); y0 = Math.max(0, Math.floor(y0));
  x1 = Math.min(gray.width, Math.ceil(x1)); y1 = Math.min(gray.height, Math.ceil(y1));
  const w = Math.max(1, Math.round((x1 - x0) * k)), h = Math.max(1, Math.round((y1 - y0) * k));
  const out = new Uint8Array(w * h);
  const W = gray.width, d = gray.data;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(y1 - 1.001, Math.max(y0, y0 + (y + 0.5) / k - 0.5)), iy = Math.floor(sy), fy = sy - iy;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(x1 - 1.001, Math.max(x0, x0 + (x + 0.5) / k - 0.5)), ix = Math.floor(sx), fx = sx - ix;
      const i = iy * W + ix;
      const iy1 = iy + 1 < gray.height ? W : 0, ix1 = ix + 1 < W ? 1 : 0;
      out[y * w + x] = d[i] * (1 - fx) * (1 - fy) + d[i + ix1] * fx * (1 - fy) + d[i + iy1] * (1 - fx) * fy + d[i + iy1 + ix1] * fx * fy;
    }
  }
  return { width: w, height: h, data: out };
}

// Otsu threshold of a gray image → black/white copy.
function binarise(g) {
  const h = new Float64Array(256);
  for (const v of g.data) h[v]++;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * h[i];
  let sB = 0, wB = 0, best = -1, t = 128;
  const n = g.data.length;
  for (let i = 0; i < 256; i++) {
    wB += h[i];
    if (!wB) continue;
    const wF = n - wB;
    if (!wF) break;
    sB += i * h[i];
    const v = wB * wF * (sB / wB - (sum - sB) / wF) ** 2;
    if (v > best) { best = v; t = i; }
  }
  return { width: g.width, height: g.height, data: g.data.map((v) => (v > t ? 255 : 0)) };
}

// A re-read crop cleaned up: contrast stretched (2nd percentile → black, 90th, the paper → white), and every row
// outside the text line's band made white. The band grows from the rows [top, bottom) where the symbols are
// while rows hold ink (Otsu), at most half a line height each way: the neighbouring lines' descenders and
// ascenders that the margin takes in are gone, they made Tesseract read a second, garbled line into the name.
function cleanLine(g, top, bottom) {
  const { width: W, height: H } = g;
  const hist = new Uint32Array(256);
  for (const v of g.data) hist[v]++;
  const pct = (p) => { let acc = 0; for (let i = 0; i < 256; i++) { acc += hist[i]; if (acc >= p * g.data.length) return i; } return 255; };
  const lo = pct(0.02), hi = pct(0.9);
  const data = new Uint8Array(g.data.length);
  if (hi - lo >= 16) for (let i = 0; i < data.length; i++) { const v = ((g.data[i] - lo) * 255) / (hi - lo); data[i] = v < 0 ? 0 : v > 255 ? 255 : v; }
  else data.set(g.data);
  const bw = binarise({ width: W, height: H, data });
  const ink = new Uint32Array(H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (!bw.data[y * W + x]) ink[y]++;
  top = Math.max(0, Math.min(H - 1, Math.round(top)));
  bottom = Math.max(top + 1, Math.min(H, Math.round(bottom)));
  const reach = Math.ceil(0.5 * (bottom - top)), minInk = Math.max(1, Math.round(0.004 * W));
  let a = top, b = bottom;
  while (a > 0 && top - a < reach && (ink[a - 1] >= minInk || (a > 1 && ink[a - 2] >= minInk))) a--;
  while (b < H && b - bottom < reach && (ink[b] >= minInk || (b + 1 < H && ink[b + 1] >= minInk))) b++;
  a = Math.max(0, a - 2);
  b = Math.min(H, b + 2);
  data.fill(255, 0, a * W);
  data.fill(255, b * W);
  return { width: W, height: H, data };
}

// Unsharp mask: v + amount · (v − 3×3 mean), clamped.
function sharpen(g, amount) {
  const { width: W, height: H, data: d } = g, o = new Uint8Array(d.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let sum = 0, n = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(H - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(W - 1, x + 1); xx++) { sum += d[yy * W + xx]; n++; }
      }
      const v = d[y * W + x] + amount * (d[y * W + x] - sum / n);
      o[y * W + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { width: W, height: H, data: o };
}

// 3×3 minimum (dark strokes thicker) or maximum (thinner) filter.
function morph(g, thicker) {
  const { width: W, height: H, data: d } = g, o = new Uint8Array(d.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let m = thicker ? 255 : 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(H - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(W - 1, x + 1); xx++) {
          const v = d[yy * W + xx];
          m = thicker ? Math.min(m, v) : Math.max(m, v);
        }
      }
      o[y * W + x] = m;
    }
  }
  return { width: W, height: H, data: o };
}

// Levenshtein alignment of reading q onto the pivot p (arrays of {t, c}): for each pivot position, the aligned
// symbol of q, or null when q has nothing there. Ties prefer the diagonal from the end, so an extra split-off
// radical ("人恒" for 恒) leaves the earlier pivot symbol unmatched.
function alignTo(p, q) {
  const m = p.length, n = q.length;
  const d = Array.from({ length: m + 1 }, (_, i) => { const r = new Array(n + 1).fill(0); r[0] = i; return r; });
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (p[i - 1].t === q[j - 1].t ? 0 : 1));
  }
  const out = new Array(m).fill(null);
  let i = m, j = n;
  while (i > 0 && j > 0) {
    if (d[i][j] === d[i - 1][j - 1] + (p[i - 1].t === q[j - 1].t ? 0 : 1)) { out[i - 1] = q[j - 1]; i--; j--; }
    else if (d[i][j] === d[i - 1][j] + 1) i--;
    else j--;
  }
  return { out, dist: d[m][n] };
}

// Organisation forms a 营业执照 name ends with (公司法, 合伙企业法, 农民专业合作社法, 个体工商户 shop names).
const NAME_FORM = /(公司|合作社|合伙[)）]|企业|商行|商店|店|厂|部|中心|工作室|事务所|馆|场|社|院|所|站|坊|行)$/;

// Character-level vote over several readings of the same text ({t, c} arrays, c = symbol confidence 0–100),
// reads[0] being the page reading. When the page reading ends in a plausible organisation form it is the
// pivot: the other plausible readings are aligned to it and each of its positions takes the symbol with the
// largest confidence sum (its length is kept: line re-readings tend to merge two characters into one, or to
// split off a radical, "人恒" for 恒). Otherwise the medoid of the plausible readings (all of them when none is)
// is the pivot, and a position is also dropped when the readings that have nothing there weigh more. The page
// reading votes with half weight: it comes from the whole page at a worse scale, the re-readings from a cleaned
// crop (on the generated cases its 便 for 恒 otherwise outweighed the re-readings' 恒 and 人恒).
const PAGE_WEIGHT = 0.5;
const PLACE_WEIGHT = 150;
function voteReadings(reads, places = []) {
  const str = (r) => r.map((s) => s.t).join('');
  const page = reads[0];
  const anchored = reads.length > 0 && reads[0].length >= 2 && NAME_FORM.test(str(reads[0]));
  reads = reads.filter((r) => r.length >= 2);
  const plausible = reads.filter((r) => NAME_FORM.test(str(r)));
  const pool = plausible.length ? plausible : reads;
  if (!pool.length) return '';
  let pivot = pool[0], bestSum = Infinity;
  if (!anchored) {
    for (const p of pool) {
      let sum = 0;
      for (const q of pool) sum += alignTo(p, q).dist;
      if (sum < bestSum) { bestSum = sum; pivot = p; }
    }
  }
  const tally = pivot.map(() => new Map());
  // the second model (readings marked .alt): where all its readings, at least three, agree on a character, that
  // character wins; an independently trained network agreeing with itself over every variant of the crop is the
  // best evidence there is (best_int reads 鼎 as 易, 启 as 局, 耀 as 兆 in every variant, the standard model not)
  const alts = reads.filter((q) => q.alt); // plausible or not: 厦门云帆科技有限公可 still tells 帆
  const sure = pivot.map(() => null);
  if (alts.length >= 3) {
    const aligned = alts.map((q) => alignTo(pivot, q).out);
    pivot.forEach((_, i) => {
      const t = aligned[0][i] && aligned[0][i].t;
      if (t && aligned.every((o) => o[i] && o[i].t === t)) sure[i] = t;
    });
  }
  for (const q of pool) {
    const mean = q.reduce((a, s) => a + s.c, 0) / q.length;
    const weight = q === page ? PAGE_WEIGHT : q.w ?? 1;
    alignTo(pivot, q).out.forEach((s, i) => {
      if (!s && anchored) return;
      const k = s ? s.t : '';
      tally[i].set(k, (tally[i].get(k) || 0) + weight * Math.max(1, s ? s.c : mean));
    });
  }
  // place names printed elsewhere on the licence: a name usually starts with its registration area (行政区划 +
  // 字号 + 行业 + 组织形式); a prefix one character away from such a place gets that place's characters as one
  // and a half extra readings. That tips a split vote (到汉 / 武汉), never a character the readings agree on.
  for (const p of places) {
    const n = [...p].length;
    if (pivot.length < n + 4) continue;
    let diff = 0;
    [...p].forEach((ch, i) => { if (pivot[i].t !== ch) diff++; });
    if (diff !== 1) continue;
    [...p].forEach((ch, i) => tally[i].set(ch, (tally[i].get(ch) || 0) + PLACE_WEIGHT));
  }
  return tally.map((m, i) => sure[i] ?? (m.size ? [...m.entries()].sort((a, b) => b[1] - a[1])[0][0] : pivot[i].t)).join('');
}

// Province and city names (without 省/市) written in the page's text lines: 湖北省武汉市… → 湖北, 武汉 (and three-
// character ones, 黑龙江); not the 市 of 市场监督管理局 (西湖区市场… gives nothing).
function placesOf(lines) {
  const out = new Set();
  for (const l of lines) {
    for (const m of l.replace(/[^\u3400-\u9fff]/g, '').matchAll(/([\u3400-\u9fff]{2,3}?)(?:省|市(?!场))/g)) {
      out.add(m[1].slice(-2)); // a label may precede it: 住所湖北省 → 湖北
      if (m[1].length === 3) out.add(m[1]);
    }
  }
  return [...out];
}

// CJK symbols (with confidences) of a tesseract result's words; words without symbols give their own.
function symbolsOf(words) {
  const out = [];
  for (const w of words) {
    const syms = w.symbols && w.symbols.length ? w.symbols : [...(w.text || '')].map((t) => ({ text: t, confidence: w.confidence, bbox: w.bbox }));
    for (const s of syms) if (/^[\u3400-\u9fff()（）]$/.test(s.text)) out.push({ t: s.text, c: s.confidence ?? 0, bbox: s.bbox });
  }
  return out;
}

// Labels whose values are worth a second, closer look: the name (arbitrary brand words defeat the language
// model at page scale). The value after the 名称 label (cut at the label's last symbol in the page reading) is
// cropped, cleaned (cleanLine: contrast, neighbouring lines blanked) and read again as one text line at several
// scales, binarised, thickened, thinned and sharpened; the readings and
// the page reading are voted character by character (voteReadings). The vote replaces the page reading only
// when it ends in an organisation form.
// The label: 称 among the line's first four CJK characters (名称, misread 和称/上各称, or after a speck read as 外).
const REREAD = [/^[\u3400-\u9fff]{0,3}称/];
const VARIANTS = [
  (g) => cropScale(g, 0, 0, g.width, g.height, 1.5),
  (g) => g,
  (g) => cropScale(g, 0, 0, g.width, g.height, 0.75),
  (g) => cropScale(g, 0, 0, g.width, g.height, 2),
  (g) => cropScale(g, 0, 0, g.width, g.height, 1.2),
  (g) => binarise(cropScale(g, 0, 0, g.width, g.height, 1.5)),
  (g) => morph(cropScale(g, 0, 0, g.width, g.height, 1.5), true),
  (g) => morph(cropScale(g, 0, 0, g.width, g.height, 1.5), false),
  (g) => binarise(g),
  // sharpened: phone-photo blur and JPEG smear merge the strokes of dense characters (博 read 塌 or 地)
  (g) => sharpen(cropScale(g, 0, 0, g.width, g.height, 1.5), 1),
  (g) => sharpen(cropScale(g, 0, 0, g.width, g.height, 2), 1.5),
  (g) => cropScale(sharpen(g, 1), 0, 0, g.width, g.height, 1.5),
  (g) => binarise(sharpen(cropScale(g, 0, 0, g.width, g.height, 2), 1)),
];
// the second model (createOcr's altLangPath) on the cleaned crop
const ALT_VARIANTS = [
  (g) => g,
  (g) => cropScale(g, 0, 0, g.width, g.height, 1.5),
  (g) => cropScale(g, 0, 0, g.width, g.height, 2),
  (g) => sharpen(cropScale(g, 0, 0, g.width, g.height, 1.5), 1),
];
const ALT_WEIGHT = 1;
async function rereadLines(ocr, img, lay, onReread) {
  if (!lay.lines || !ocr.recognizeLine) return 0;
  let n = 0;
  for (const l of lay.lines) {
    const words = lay.split === null ? l.words : l.words.filter((w) => w.bbox.x0 < lay.split);
    if (!words.length) continue;
    const compact = words.map((w) => w.text).join('').replace(/[\s。.,，:：;；"“”'‘’|_·〈《（(]/g, '').replace(/^[^\u3400-\u9fff]+/, '');
    if (!REREAD.some((re) => re.test(compact))) continue;
    // the value: the symbols after the label's 称 (among the first four CJK symbols of the line)
    const syms = symbolsOf(words);
    const li = syms.slice(0, 4).findIndex((s) => s.t === '称');
    if (li < 0) continue;
    const value = syms.slice(li + 1).filter((s) => s.bbox);
    if (value.length < 2) continue;
    const med = (a) => a.sort((p, q) => p - q)[a.length >> 1];
    // symbol boxes are approximate: start just right of the label's 称, at most 0.8 line heights before the value
    const x0 = Math.max(syms[li].bbox ? syms[li].bbox.x1 + 0.15 * lay.h : 0, value[0].bbox.x0 - 0.8 * lay.h);
    const x1 = Math.max(...value.map((s) => s.bbox.x1));
    const y0 = med(value.map((s) => s.bbox.y0)), y1 = med(value.map((s) => s.bbox.y1));
    const m = 0.35 * lay.h;
    const cy0 = Math.max(0, Math.floor(y0 - m));
    const raw = cropScale(img, x0, y0 - m, x1 + m, y1 + m, 1);
    const crop = cleanLine(raw, y0 - cy0, y1 - cy0);
    const reads = [value];
    const str = (r) => r.map((s) => s.t).join('');
    const symsOf = (r) => symbolsOf((r.blocks || []).flatMap((b) => (b.paragraphs || []).flatMap((p) => (p.lines || []).flatMap((ln) => ln.words || []))));
    // the second model's readings, each weighing ALT_WEIGHT best_int readings
    const alt = [];
    if (ocr.recognizeLineAlt) {
      for (const v of ALT_VARIANTS) {
        const q = symsOf(await ocr.recognizeLineAlt(v(crop)));
        q.w = ALT_WEIGHT;
        q.alt = true;
        alt.push(q);
      }
    }
    for (const v of VARIANTS) {
      reads.push(symsOf(await ocr.recognizeLine(v(crop))));
      // the page reading, the first three re-readings and the second model agree on a plausible name: no need for more
      if (reads.length === 4 && NAME_FORM.test(str(value)) && [...reads, ...alt].every((q) => str(q) === str(value))) break;
    }
    reads.push(...alt);
    const voted = voteReadings(reads, placesOf(lay.render().filter((t) => !REREAD.some((re) => re.test(t.replace(/[^\u3400-\u9fff]/g, ''))))));
    if (onReread) onReread({ raw, band: [y0 - cy0, y1 - cy0], crop, reads, voted });
    if (voted.length < 4 || !NAME_FORM.test(voted)) continue;
    // replace the left-column words of this line by the label and the voted value
    const keep = lay.split === null ? [] : l.words.filter((w) => w.bbox.x0 >= lay.split);
    l.words = [{ text: `名称 ${voted}`, bbox: { x0: words[0].bbox.x0, y0, x1, y1 } }, ...keep];
    n++;
  }
  return n;
}

// ---------------------------------------------------------------- the pipeline
// Mean edge length of a located code, in pixels.
function qrSide(code) {
  const c = code.corners;
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    s += Math.hypot(c[2 * j] - c[2 * i], c[2 * j + 1] - c[2 * i + 1]);
  }
  return s / 4;
}

// The code's rotation in the image: the mean direction of its top and bottom edges and of its left and right
// edges turned by 90° (corners are top-left, top-right, bottom-right, bottom-left as printed).
function qrAngle(code) {
  const c = code.corners;
  const P = (i) => [c[2 * i], c[2 * i + 1]];
  const [a, b, d, e] = [P(0), P(1), P(2), P(3)];
  // sum of unit vectors: top (a→b), bottom (e→d), left (a→e) and right (b→d) turned by -90°
  const add = (acc, x, y) => { const n = Math.hypot(x, y) || 1; acc[0] += x / n; acc[1] += y / n; };
  const acc = [0, 0];
  add(acc, b[0] - a[0], b[1] - a[1]);
  add(acc, d[0] - e[0], d[1] - e[1]);
  add(acc, e[1] - a[1], -(e[0] - a[0]));
  add(acc, d[1] - b[1], -(d[0] - b[0]));
  // in 1/100 degrees: the same angle in every engine even if atan2's last bits differed
  return Math.round((Math.atan2(acc[1], acc[0]) * 18000) / Math.PI) / 100;
}

// The code whose corners may drive the rotation and the scale, or null: quirc reports codes it located but
// could not decode, and their corners (perspective maths on a false finder pattern) can be NaN or lie far
// outside the image. A code qualifies when its corners are finite and within the image (a margin of 2 % of
// the longer side), and it is roughly square: every edge ≥ 12 px and within 0.6–1.67× of the others, both
// diagonals alike. A decoded code is preferred to a located one.
function pickCode(codes, width, height) {
  const m = 0.02 * Math.max(width, height);
  const ok = (code) => {
    const c = code && code.corners;
    if (!Array.isArray(c) || c.length !== 8 || !c.every(Number.isFinite)) return false;
    for (let i = 0; i < 4; i++) {
      if (c[2 * i] < -m || c[2 * i + 1] < -m || c[2 * i] > width + m || c[2 * i + 1] > height + m) return false;
    }
    const len = (i, j) => Math.hypot(c[2 * j] - c[2 * i], c[2 * j + 1] - c[2 * i + 1]);
    const edges = [len(0, 1), len(1, 2), len(2, 3), len(3, 0)];
    const lo = Math.min(...edges), hi = Math.max(...edges);
    const d1 = len(0, 2), d2 = len(1, 3);
    return lo >= 12 && hi <= 1.67 * lo && Math.max(d1, d2) <= 1.3 * Math.min(d1, d2);
  };
  return codes.find((c) => c.payload != null && ok(c)) || codes.find(ok) || null;
}

// One reading of the page: QR (angle, payload), denoise + flat field, rotation, OCR, name re-reading, text.
// `gray` is the prepared gray image; prep.blocks: the flat-field block size; prep.levels: a white point for
// half-transparent marks (see enhance).
async function readPage(gray, opts, ocr, wasm, timing, progress, prep = {}) {
  let t = performance.now();
  let codes = decodeQr(wasm, gray);
  if (!codes.some((c) => c.payload != null)) {
    // low contrast (shadow, a gray photo) or small blurred modules (a screenshot): quirc's own threshold misses;
    // a contrast stretch or a sharpened copy often decodes. The first reading takes only the payload from it
    // (its rotation path stays as it was); the second also its corners.
    const again = decodeQrRetry(wasm, gray);
    if (again) codes = prep.retryQr ? [again, ...codes] : [...codes, { payload: again.payload, corners: null }];
  }
  let angle = null;
  const code = pickCode(codes, gray.width, gray.height);
  if (code) angle = qrAngle(code); // a located but undecodable code still gives the orientation
  timing.qr = (timing.qr || 0) + Math.round(performance.now() - t);
  let qr = codes.find((c) => c.payload != null)?.payload ?? null;
  // noisy photos: a 3×3 median before OCR (Tesseract's global threshold turns grain into specks)
  const noise = noiseLevel(gray);
  if (noise > 6) gray = median3(gray);
  gray = flatten(gray, prep.blocks);
  const level = prep.levels === 'force' ? 165 : prep.levels ? watermarkLevel(gray) : 0;
  if (level) gray = whitePoint(gray, level);

  progress({ stage: 'ocr', progress: 0 });
  t = performance.now();
  let rotation = 0, data, page = gray;
  if (angle !== null) {
    rotation = angle; // rotating by the code's own angle turns it (and the licence) upright
    page = rotate(gray, rotation);
    // photos taken from further away: enlarge so that the QR code is ~180 px wide (on a 营业执照 副本 the
    // text is then ~28 px high, where Tesseract reads Chinese best); at most 2×, at most 3200 px
    const side = qrSide(code);
    const k = Math.min(2, opts.targetQr === 0 ? 1 : (opts.targetQr || 180) / Math.max(1, side), 3200 / Math.max(page.width, page.height));
    if (k > 1.15) page = cropScale(page, 0, 0, page.width, page.height, k);
    data = await ocr.recognize(page);
  } else {
    if (prep.minSide && Math.max(gray.width, gray.height) < prep.minSide) {
      // a small screenshot: text ~10 px high reads better enlarged
      gray = cropScale(gray, 0, 0, gray.width, gray.height, Math.min(2.5, prep.minSide / Math.max(gray.width, gray.height)));
      page = gray;
    }
    data = await ocr.recognize(gray);
    if ((data.confidence || 0) < 60) {
      // no QR code to tell the orientation: try the other three on a smaller copy, keep the best
      const small = downscale(gray, 1400);
      let best = { conf: data.confidence || 0, rot: 0 };
      for (const rot of [90, 180, 270]) {
        const d = await ocr.recognize(rotate(small, rot));
        if ((d.confidence || 0) > best.conf + 5) best = { conf: d.confidence, rot };
      }
      if (best.rot) {
        rotation = best.rot;
        page = rotate(gray, rotation);
        data = await ocr.recognize(page);
      }
    }
  }
  timing.ocr = (timing.ocr || 0) + Math.round(performance.now() - t);
  progress({ stage: 'ocr', progress: 1 });

  const lay = layout(data);
  t = performance.now();
  if (opts.reread !== false) await rereadLines(ocr, page, lay, opts.onReread);
  timing.reread = (timing.reread || 0) + Math.round(performance.now() - t);
  const lines = splitMergedLabels(lay.lines ? lay.render() : (data.text || '').split('\n'));
  return { qr, text: lines.join('\n'), confidence: data.confidence, rotation, noise };
}

// The first decoded code of a contrast-stretched (gray 60 → black, 180 → white) or a sharpened copy, or null.
function decodeQrRetry(wasm, gray) {
  const stretch = new Uint8Array(gray.data.length);
  for (let i = 0; i < stretch.length; i++) { const v = ((gray.data[i] - 60) * 255) / 120; stretch[i] = v < 0 ? 0 : v > 255 ? 255 : v; }
  for (const g of [{ width: gray.width, height: gray.height, data: stretch }, sharpen(gray, 2)]) {
    const c = decodeQr(wasm, g).find((x) => x.payload != null);
    if (c) return c;
  }
  return null;
}

// A right-column label glued to the end of the name in one detected box (a shadow or a seal joins them):
// 某某有限公司注册资本 → the name, and the label on a line of its own.
const GLUED_LABEL = /^(.*(?:公司|合作社|企业|商行|厂|店))\s*((?:注册资本?|成立日期?|营业期限|住\s*所|登记机关?|类\s*型).*)$/;
function splitMergedLabels(lines) {
  const out = [];
  for (const l of lines) {
    const m = /^\s*名\s*称/.test(l) ? GLUED_LABEL.exec(l) : null;
    if (m) out.push(m[1], m[2]);
    else out.push(l);
  }
  return out;
}

// What a merchant's upload hides: watermark words, a name that does not end in an organisation form (a seal's
// words or the next line run into it), a code failing its check characters, fields not found. A reading with
// none of these is final; otherwise the page is read again from enhanced pixels and the better reading kept.
const WATERMARK_WORDS = /仅供|他用无效|复印无效|他用/;
function readingScore(res, text) {
  const f = res.fields || {};
  const fams = new Set((res.findings || []).map((x) => x.family));
  let s = 0;
  if (f.uscc && f.uscc.length === 18 && !fams.has('licence_uscc_checksum')) s += 4;
  const name = (f.name || '').replace(/\s+/g, '');
  if (name.length >= 5 && name.length <= 40 && NAME_FORM.test(name)) s += 4;
  for (const k of ['type', 'representative', 'founded', 'term', 'address', 'authority']) if (f[k]) s += 1;
  if (f.scope && f.scope.length >= 20) s += 1;
  if (f.term && /(\d{4}年.*至|长期)/.test(f.term)) s += 1;
  if (res.qr || fams.has('licence_qr_mismatch')) s += 0.5;
  if (WATERMARK_WORDS.test(text.replace(/\s+/g, ''))) s -= 2;
  return s;
}
const FULL_SCORE = 16;

export async function analyseLicence(img, opts) {
  const { wasm, ocr } = opts;
  const progress = opts.onProgress || (() => {});
  const today = opts.today || new Date().toISOString().slice(0, 10);
  const check = (r) => licenceCheck(wasm, { ocrText: r.text, qr: r.qr, listing: opts.listing ?? null, category: opts.category || '', today });
  const timing = {};
  let t = performance.now();
  // very large photos: OCR does not need more than ~2600 px on the long side
  const gray = downscale(toGray(img), 2600);
  timing.prepare = Math.round(performance.now() - t);
  progress({ stage: 'qr', progress: 0 });
  let read = await readPage(gray, opts, ocr, wasm, timing, progress);
  t = performance.now();
  let result = check(read);
  timing.check = Math.round(performance.now() - t);
  let score = readingScore(result, read.text), pass = 1;
  if (opts.enhance !== false && score < FULL_SCORE) {
    // second reading: the document straightened, coloured marks (seals, coloured watermarks) whitened,
    // half-transparent marks cut by a white point, finer flat field for hard shadows, small pages enlarged
    t = performance.now();
    const e = enhance(img);
    timing.enhance = Math.round(performance.now() - t);
    const read2 = await readPage(e.gray, opts, ocr, wasm, timing, progress, { blocks: 16, levels: WATERMARK_WORDS.test(read.text.replace(/\s+/g, '')) ? 'force' : true, retryQr: true, minSide: 1400 });
    if (read2.qr === null && read.qr !== null) read2.qr = read.qr;
    const result2 = check(read2);
    const score2 = readingScore(result2, read2.text);
    if (score2 > score) { read = read2; result = result2; score = score2; pass = 2; }
    else if (read.qr === null && read2.qr !== null) { read.qr = read2.qr; result = check(read); }
  }
  result.ocr = { text: read.text, confidence: read.confidence, rotation: Math.round(read.rotation * 10) / 10, noise: Math.round(read.noise * 10) / 10, pass };
  result.timing = timing;
  return result;
}

// ---------------------------------------------------------------- enhancement for the second reading
// Gray from RGBA that whitens coloured ink: the brightest channel plus the colour's saturation (a red seal, a
// blue or red watermark go white; black and gray print stay), the document straightened when a photo shows
// it on a darker background, and a white point when half-transparent gray marks (a watermark) cover the page.
function enhance(img) {
  const { width, height, data } = img;
  let g = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < g.length; i++, j += 4) {
    const r = data[j], gg = data[j + 1], b = data[j + 2];
    const mx = r > gg ? (r > b ? r : b) : gg > b ? gg : b, mn = r < gg ? (r < b ? r : b) : gg < b ? gg : b;
    const v = mx + 1.5 * (mx - mn);
    g[i] = v > 255 ? 255 : v;
  }
  let gray = downscale({ width, height, data: g }, 2600);
  gray = straighten(gray);
  return { gray };
}

// The paper as a quadrilateral (the largest bright region of a downscaled copy, Otsu) and its corners; when it
// fills less than 85 % of the picture and more than 20 %, the quad is mapped onto an upright rectangle
// (perspective from a phone held at an angle). Returns the input otherwise.
function straighten(gray) {
  const small = downscale(gray, 400);
  const { width: w, height: h, data } = small;
  const bw = binarise(small).data;
  const lab = new Int32Array(w * h).fill(-1);
  let best = null;
  const stack = new Int32Array(w * h);
  for (let s0 = 0; s0 < w * h; s0++) {
    if (!bw[s0] || lab[s0] >= 0) continue;
    let sp = 0, n = 0;
    const pts = { tl: [0, 0, Infinity], tr: [0, 0, -Infinity], bl: [0, 0, -Infinity], br: [0, 0, -Infinity] };
    stack[sp++] = s0;
    lab[s0] = s0;
    while (sp) {
      const i = stack[--sp], x = i % w, y = (i - x) / w;
      n++;
      if (x + y < pts.tl[2]) pts.tl = [x, y, x + y];
      if (x - y > pts.tr[2]) pts.tr = [x, y, x - y];
      if (y - x > pts.bl[2]) pts.bl = [x, y, y - x];
      if (x + y > pts.br[2]) pts.br = [x, y, x + y];
      const nb = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1];
      for (const j of nb) if (j >= 0 && bw[j] && lab[j] < 0) { lab[j] = s0; stack[sp++] = j; }
    }
    if (!best || n > best.n) best = { n, pts };
  }
  void data;
  if (!best || best.n < 0.2 * w * h || best.n > 0.85 * w * h) return gray;
  const k = gray.width / w;
  const P = ['tl', 'tr', 'br', 'bl'].map((c) => [(best.pts[c][0] + 0.5) * k, (best.pts[c][1] + 0.5) * k]);
  const d = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const W = Math.round((d(P[0], P[1]) + d(P[3], P[2])) / 2), H = Math.round((d(P[0], P[3]) + d(P[1], P[2])) / 2);
  // a licence is about √2 : 1 (either way up); anything else is a shadow or the desk cutting the paper
  const ar = Math.max(W, H) / Math.min(W, H);
  if (W < 200 || H < 200 || ar < 1.2 || ar > 1.75) return gray;
  // the quad's area against its corners' box: a near-rectangle (a flat scan with a margin) is left alone
  const Hm = homography([[0, 0], [W, 0], [W, H], [0, H]], P);
  if (!Hm) return gray;
  const out = new Uint8Array(W * H);
  const G = gray.width, src = gray.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const X = x + 0.5, Y = y + 0.5;
      const z = Hm[6] * X + Hm[7] * Y + 1;
      const sx = (Hm[0] * X + Hm[1] * Y + Hm[2]) / z - 0.5, sy = (Hm[3] * X + Hm[4] * Y + Hm[5]) / z - 0.5;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= G - 1 || y0 >= gray.height - 1) { out[y * W + x] = 255; continue; }
      const fx = sx - x0, fy = sy - y0, i = y0 * G + x0;
      out[y * W + x] = src[i] * (1 - fx) * (1 - fy) + src[i + 1] * fx * (1 - fy) + src[i + G] * (1 - fx) * fy + src[i + G + 1] * fx * fy;
    }
  }
  return { width: W, height: H, data: out };
}

// The 3×3 homography (8 coefficients, h33 = 1) mapping the points `from` onto `to` (4 pairs), or null.
function homography(from, to) {
  const A = [], b = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i], [u, v] = to[i];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]); b.push(v);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (Math.abs(A[p][c]) < 1e-12) return null;
    [A[c], A[p]] = [A[p], A[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      for (let k = c; k < 8; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  return b.map((v, i) => v / A[i][i]);
}

// A white point for half-transparent marks: when many pixels are mid-gray (a watermark's strokes) compared
// with dark ones (print), everything lighter than a level between them becomes paper. 0 when not needed.
function watermarkLevel(gray) {
  const hist = new Uint32Array(256);
  const d = gray.data;
  for (let i = 0; i < d.length; i += 3) hist[d[i]]++;
  let ink = 0, mid = 0;
  for (let v = 0; v < 110; v++) ink += hist[v];
  for (let v = 150; v < 230; v++) mid += hist[v];
  return ink && mid > 2 * ink ? 165 : 0;
}

function whitePoint(gray, level) {
  const out = new Uint8Array(gray.data.length);
  for (let i = 0; i < out.length; i++) { const v = (gray.data[i] * 255) / level; out[i] = v > 255 ? 255 : v; }
  return { width: gray.width, height: gray.height, data: out };
}

// Internals for tests and experiments (not part of the API).
export const _internals = { layout, cropScale, binarise, morph, voteReadings, rotate, toGray, flatten, median3, cleanLine, noiseLevel, downscale, qrAngle, pickCode, sinCosDeg, symbolsOf, sharpen, placesOf, enhance, straighten, homography, watermarkLevel, readingScore, splitMergedLabels };
