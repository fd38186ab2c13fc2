// Product image check (商品图片检查): the text in a listing's images (posters, detail pages up to 1080 × 20,000 px,
// any image up to 40 MP) read by the licence check's OCR engine (web/ocr-paddle.js, PaddleOCR PP-OCRv4) and
// checked by the text engine (web/engine.js), with every finding mapped back to the image rectangles that
// cover its characters. The same code runs in Node (`node web/cli.mjs image IMAGE`) and in the page's OCR worker
// (web/ocr-worker.js, kind 'image').
//
//   analyseImage(img, { ocr, engine, category, mode, onProgress }) → report
//     img     {width, height, data: RGBA}  (web/licence.js decodeImageNode / decodeImageBrowser)
//     report  { image: {width, height}, lines: [{text, box: [x, y, w, h], confidence}], text,
//               ...the text check's report over `text` (category, mode, findings, summary …), each finding
//               with boxes: [[x, y, w, h], …] }
//   checkImageText(engine, read, text, { category, mode }) → the same report for a hand-corrected `text`
//     (characters the correction kept keep their rectangles; new ones take their neighbours')
//
// Steps:
//   1. bands   a poster (up to 1.5 × max(960, width) tall) is one band, detected at ≤ 960 px a side; a taller
//              image is read in horizontal bands the full width, max(800, width) rows each, overlapping by
//              OVERLAP detection pixels, each detected at ≤ 800 px a side; a line belongs to the band whose
//              middle zone holds its centre, so a line cut by one band's edge is read whole from the next, once
//              (planBands).
//   2. lines   every detected box is recognised from the full-resolution pixels; characters keep their x
//              positions (CTC steps), so that a match can be outlined character by character.
//   3. text    boxes are put in reading order and grouped into blocks (a paragraph, a centred title over two
//              rows): the rows of a block are joined without a break, so a phrase wrapped over two rows is
//              one phrase for the text engine; blocks are joined with '\n', which the engine never matches
//              across (joinLines).
//   4. check   the text engine's report on that text; each finding's [start, end) is mapped through the
//              characters to one rectangle per line it touches (findingBoxes).

export const IMAGE_LIMITS = Object.freeze({ maxBytes: 20 * 1024 * 1024, maxPixels: 40 * 1000 * 1000 });

// Detection pixels: an image up to POSTER × max(DET_SIDE, width) tall (a poster) is one band, scaled down as a
// whole so that its long side is ≤ DET_SIDE; a taller one is cut into bands of max(BAND_SIDE, width) rows, each
// scaled so that its long side is ≤ BAND_SIDE. OVERLAP is more than the tallest line expected at that scale
// (72 px type gives ~100 px boxes).
// Memory: the largest detector input the worker has run sets the high-water mark of the OCR runtime's wasm heap
// (its intermediate tensors grow with the input) and a wasm heap never shrinks. A long image's worker also holds
// its luma (790 × 20,000: 16 MB) and, while decoding, its 63 MB frame; so its bands are detected smaller than a
// poster: at most 800 × 800 (0.64 MP) instead of up to 960 × 960 (0.92 MP). On 790 × 20,000 the bands' detection
// then peaks no higher than the decoding (tests/image/bench.mjs: ~20 MB less than with 960-row bands). Images up
// to 800 px wide (most detail pages: 750, 790) are still detected at full resolution, only in more bands (36
// instead of 28 on 790 × 20,000); a poster, with no large frame, keeps 960.
const DET_SIDE = 960;
const BAND_SIDE = 800;
const OVERLAP = 240;
const POSTER = 1.5;

/** Luma (BT.601) of RGBA pixels; coloured text on a coloured ground keeps its contrast better than one channel. */
export function toLuma(img) {
  const { width, height, data } = img;
  const g = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < g.length; i++, j += 4) g[i] = (data[j] * 77 + data[j + 1] * 150 + data[j + 2] * 29) >> 8;
  return { width, height, data: g };
}

/**
 * Bands covering rows [0, height): [{y0, y1, own0, own1, scale}]; [own0, own1) partition the rows; `scale` is the
 * detector's scale for the band. With an overlap of `ov` rows, a box of height ≤ ov whose centre lies in
 * [own0, own1) is wholly inside [y0, y1), and the part of a line cut by y0 or y1 has its centre outside
 * [own0, own1): each line is kept once, from the band that holds it whole.
 */
export function planBands(width, height, { side = DET_SIDE, bandSide = BAND_SIDE, overlap = OVERLAP } = {}) {
  if (height <= POSTER * Math.max(side, width)) return [{ y0: 0, y1: height, own0: 0, own1: height, scale: Math.min(1, side / Math.max(width, height)) }];
  const rows = Math.max(bandSide, width);
  const scale = Math.min(1, bandSide / rows);
  const ov = Math.ceil(overlap / scale);
  const step = rows - ov;
  const n = Math.ceil((height - ov) / step);
  const bands = [];
  for (let k = 0; k < n; k++) {
    const y0 = k * step;
    const y1 = k === n - 1 ? height : y0 + rows;
    bands.push({ y0, y1, own0: k === 0 ? 0 : y0 + ov / 2, own1: k === n - 1 ? height : y0 + step + ov / 2, scale });
  }
  return bands;
}

/** Area-average downscale of a gray image by `scale` (< 1). */
export function shrink(gray, scale) {
  const { width: W, height: H, data } = gray;
  const w = Math.max(1, Math.round(W * scale)), h = Math.max(1, Math.round(H * scale));
  const out = new Uint8Array(w * h);
  const kx = W / w, ky = H / h;
  for (let y = 0; y < h; y++) {
    const ya = Math.floor(y * ky), yb = Math.max(ya + 1, Math.floor((y + 1) * ky));
    for (let x = 0; x < w; x++) {
      const xa = Math.floor(x * kx), xb = Math.max(xa + 1, Math.floor((x + 1) * kx));
      let sum = 0;
      for (let yy = ya; yy < yb; yy++) for (let xx = xa, o = yy * W; xx < xb; xx++) sum += data[o + xx];
      out[y * w + x] = sum / ((yb - ya) * (xb - xa));
    }
  }
  return { width: w, height: h, data: out, kx, ky };
}

// Characters of one recognised box: the line's text (spaces included) aligned with the symbols' positions.
// Each character spans from the midpoint to its left neighbour's centre to the midpoint to its right one's.
function charsOf(r, box) {
  const cps = Array.from(r.text);
  const syms = r.symbols;
  const centres = syms.map((s) => (s.bbox.x0 + s.bbox.x1) / 2);
  const out = [];
  let k = 0;
  for (const ch of cps) {
    if (ch === ' ') { out.push({ ch, c: null }); continue; }
    out.push({ ch, c: k < centres.length ? centres[k] : null });
    k++;
  }
  // spaces (and any character without a symbol) sit between their neighbours
  for (let i = 0; i < out.length; i++) {
    if (out[i].c !== null) continue;
    let a = i - 1, b = i + 1;
    while (a >= 0 && out[a].c === null) a--;
    while (b < out.length && out[b].c === null) b++;
    const ca = a >= 0 ? out[a].c : box.x0, cb = b < out.length ? out[b].c : box.x1;
    out[i].c = ca + ((cb - ca) * (i - a)) / (b - a);
  }
  return out.map((o, i) => {
    const prev = i > 0 ? out[i - 1].c : null, next = i + 1 < out.length ? out[i + 1].c : null;
    const pitch = prev !== null ? o.c - prev : next !== null ? next - o.c : box.x1 - box.x0;
    const x0 = prev !== null ? (prev + o.c) / 2 : Math.max(box.x0, o.c - pitch / 2);
    const x1 = next !== null ? (o.c + next) / 2 : Math.min(box.x1, o.c + pitch / 2);
    return { ch: o.ch, x0, x1 };
  });
}

/**
 * OCR of the whole image in bands → lines [{text, box: {x0, y0, x1, y1}, confidence, chars: [{ch, x0, x1}]}]
 * in image pixels (unordered). ocr: web/ocr-paddle.js createPaddleOcr's engine (detect, readLine).
 */
export async function readLines(gray, ocr, { onProgress = () => {}, minConfidence = 50 } = {}) {
  const { width, height } = gray;
  const bands = planBands(width, height);
  const lines = [];
  for (let bi = 0; bi < bands.length; bi++) {
    const b = bands[bi];
    // rows are contiguous: a band is a view of the image, no copy
    const band = { width, height: b.y1 - b.y0, data: gray.data.subarray(b.y0 * width, b.y1 * width) };
    // detection on the band scaled down (boxes mapped back); recognition from the full-resolution pixels
    let boxes;
    if (b.scale < 1) {
      const small = shrink(band, b.scale);
      boxes = (await ocr.detect(small)).map((x) => ({ ...x, x0: x.x0 * small.kx, x1: Math.min(width, x.x1 * small.kx), y0: x.y0 * small.ky, y1: Math.min(band.height, x.y1 * small.ky) }));
    } else boxes = await ocr.detect(band);
    const mine = boxes.filter((x) => {
      const cy = b.y0 + (x.y0 + x.y1) / 2;
      return cy >= b.own0 && cy < b.own1;
    });
    for (let i = 0; i < mine.length; i++) {
      const x = mine[i];
      const r = await ocr.readLine(band, x.x0, x.y0, x.x1, x.y1);
      onProgress((bi + (i + 1) / mine.length) / bands.length);
      if (!r.text || r.confidence < minConfidence) continue;
      const box = { x0: x.x0, y0: x.y0 + b.y0, x1: x.x1, y1: x.y1 + b.y0 };
      lines.push({ text: r.text, box, confidence: r.confidence, chars: charsOf(r, box) });
    }
    if (!mine.length) onProgress((bi + 1) / bands.length);
  }
  return lines;
}

const isWordChar = (ch) => /[A-Za-z0-9]/.test(ch || '');
const ENDS_SENTENCE = /[。！？!?；;…]$/u;
const LABEL_START = /^.{1,6}[：:]/u;

// width per character of a row made only of Han characters (at least two): the type size, steadier than a box's
// height; 0 for any other row
const HAN = /^\p{Script=Han}{2,}$/u;
const HAN1 = /^\p{Script=Han}+$/u;
function hanPitch(row) {
  const n = Array.from(row.text).length;
  return HAN.test(row.text) ? (row.box.x1 - row.box.x0) / n : 0;
}

function hOverlap(a, b) {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
}

/**
 * Reading order and blocks: lines [{text, box, …}] → rows (boxes side by side on one text row, left to right),
 * top to bottom, each row marked with whether it continues the block of the row above. Two rows are one block
 * when the second starts right under the first (gap < 0.6 × height: a paragraph's leading), the heights match
 * (±25 %: the same type; ±35 % when two rows of Han characters have the same character pitch), they overlap horizontally and share the left edge, the centre or the right edge, the
 * first is the fuller one (wider and with at least as many characters: a paragraph's or title's inner row; one of
 * under 5 characters only in a left-aligned narrow column; a widow of one or two characters under the left edge of a
 * row of five or more may be up to 50 % taller), and the first does not
 * end a sentence nor the second start a new "label：" item. Anything else starts a new block.
 */
export function orderLines(lines) {
  const items = lines.map((l, i) => ({ ...l, i })).sort((a, b) => (a.box.y0 + a.box.y1) - (b.box.y0 + b.box.y1));
  // side-by-side pieces of one row with a small gap are one row; wider gaps separate columns/items
  const rows = [];
  for (const it of items) {
    const h = it.box.y1 - it.box.y0;
    let best = null;
    for (const r of rows.slice(-6)) {
      const last = r.parts[r.parts.length - 1];
      const vov = Math.min(last.box.y1, it.box.y1) - Math.max(last.box.y0, it.box.y0);
      const lh = last.box.y1 - last.box.y0;
      const gap = it.box.x0 - last.box.x1;
      if (vov >= 0.6 * Math.min(h, lh) && Math.max(h, lh) <= 1.35 * Math.min(h, lh) && gap > -0.3 * h && gap < 0.6 * Math.min(h, lh)) { best = r; break; }
    }
    if (best) {
      best.parts.push(it);
      best.box = { x0: Math.min(best.box.x0, it.box.x0), y0: Math.min(best.box.y0, it.box.y0), x1: Math.max(best.box.x1, it.box.x1), y1: Math.max(best.box.y1, it.box.y1) };
    } else rows.push({ parts: [it], box: { ...it.box } });
  }
  // rows in reading order: by vertical centre, rows on the same band left to right (columns)
  rows.sort((a, b) => {
    const ha = a.box.y1 - a.box.y0, hb = b.box.y1 - b.box.y0;
    const vov = Math.min(a.box.y1, b.box.y1) - Math.max(a.box.y0, b.box.y0);
    if (vov >= 0.5 * Math.min(ha, hb)) return a.box.x0 - b.box.x0;
    return (a.box.y0 + a.box.y1) - (b.box.y0 + b.box.y1);
  });
  for (const r of rows) r.text = r.parts.map((p) => p.text).join('');
  // block continuation: for each row, the nearest row above that it could continue
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    r.cont = false;
    for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
      const p = rows[j];
      if (p.next !== undefined) continue; // already continued by another row
      const hp = p.box.y1 - p.box.y0, hr = r.box.y1 - r.box.y0;
      const gap = r.box.y0 - p.box.y1;
      const h = Math.min(hp, hr);
      if (gap > 0.6 * h || gap < -0.5 * h) continue;
      // the same type: box heights within 25 %, or (a short row's box is often taller than its type) the same
      // character pitch on two rows of Han characters with heights within 35 %
      const pp = hanPitch(p), pr = hanPitch(r);
      const samePitch = pp > 0 && pr > 0 && Math.max(pp, pr) <= 1.2 * Math.min(pp, pr);
      // the last one or two characters of a wrapped phrase (a widow) under the left edge of a full row: the
      // detector pads so small a box the most, up to half again the row's height
      const np = Array.from(p.text).length, nr = Array.from(r.text).length;
      const widow = nr <= 2 && HAN1.test(r.text) && np >= 5 && hr > hp && Math.abs(p.box.x0 - r.box.x0) < 0.6 * h;
      if (Math.max(hp, hr) > (widow ? 1.5 : samePitch ? 1.35 : 1.25) * h) continue;
      const ov = hOverlap(p.box, r.box);
      if (ov < 0.3 * Math.min(p.box.x1 - p.box.x0, r.box.x1 - r.box.x0)) continue;
      const pw = p.box.x1 - p.box.x0, rw = r.box.x1 - r.box.x0;
      // the upper row of a wrapped phrase is the full one (a paragraph wraps at the block's width; a centred
      // title's first row is the longer): a shorter first row ends its item
      // (in characters too: a row ending in narrow punctuation has a narrow box and the same count)
      if (pw < 0.8 * rw && np < nr) continue;
      // the rows of a block share its alignment: left edges, centres or right edges
      const tol = 0.6 * h;
      const aligned = Math.abs(p.box.x0 - r.box.x0) < tol || Math.abs(p.box.x1 - r.box.x1) < tol || Math.abs(p.box.x0 + p.box.x1 - r.box.x0 - r.box.x1) < 2 * tol;
      if (!aligned) continue;
      // a short upper row (under 5 characters) continues only in a narrow column that shares its left edge;
      // centred short rows one above the other are separate items
      if (Array.from(p.text).length < 5 && Math.abs(p.box.x0 - r.box.x0) >= 0.3 * h) continue;
      if (ENDS_SENTENCE.test(p.text) || LABEL_START.test(r.text)) continue;
      r.cont = true;
      p.next = i;
      break;
    }
  }
  return rows;
}

/**
 * The text of ordered rows and, for each code point of it, where it is: {line, x0, x1} (line: index into
 * `lines`) or null for separators. Rows of one block are joined directly (a space between two Latin/digit
 * ends), blocks with '\n'; side-by-side parts of one row directly.
 */
export function joinLines(lines, rows = orderLines(lines)) {
  const cps = [];
  const where = [];
  const push = (ch, w) => { cps.push(ch); where.push(w); };
  rows.forEach((r, ri) => {
    if (ri > 0) {
      const prev = cps[cps.length - 1];
      const first = r.parts[0].chars[0]?.ch;
      if (!r.cont) push('\n', null);
      else if (isWordChar(prev) && isWordChar(first)) push(' ', null);
    }
    r.parts.forEach((p, pi) => {
      if (pi > 0 && isWordChar(cps[cps.length - 1]) && isWordChar(p.chars[0]?.ch)) push(' ', null);
      for (const c of p.chars) push(c.ch, { line: p.i, x0: c.x0, x1: c.x1 });
    });
  });
  return { text: cps.join(''), where };
}

const round = (v) => Math.round(v);
const rect = (b) => [round(b.x0), round(b.y0), round(b.x1) - round(b.x0), round(b.y1) - round(b.y0)];

/** Rectangles covering code points [start, end) of the text: one per line the range touches. */
export function rangeBoxes(where, lines, start, end) {
  const per = new Map();
  for (let i = start; i < end && i < where.length; i++) {
    const w = where[i];
    if (!w) continue;
    const b = per.get(w.line);
    if (b) { b.x0 = Math.min(b.x0, w.x0); b.x1 = Math.max(b.x1, w.x1); } else per.set(w.line, { x0: w.x0, x1: w.x1 });
  }
  return [...per.entries()].map(([li, b]) => {
    const lb = lines[li].box;
    return rect({ x0: Math.max(lb.x0, b.x0), x1: Math.min(lb.x1, b.x1), y0: lb.y0, y1: lb.y1 });
  });
}

/** The report of the text check on `text`, findings with boxes (`where`: code point positions as joinLines gives). */
export function checkMapped(engine, text, where, lines, { category = '', mode = 'listing' } = {}) {
  const report = engine.check(text, category || '', mode);
  for (const f of report.findings) f.boxes = rangeBoxes(where, lines, f.start, f.end);
  return report;
}

/**
 * Positions for an edited text: characters the edit kept (per '\n'-separated segment: common prefix and suffix
 * with the original segment) keep theirs; the changed middle of a segment takes the span of the original
 * middle (or, when the original middle is empty, the neighbouring characters'). Segments are aligned by their
 * common prefix and suffix of segments; an inserted or rewritten run of segments maps to the original run.
 */
export function remap(origText, origWhere, text) {
  const split = (cps, where) => {
    const segs = [];
    let cur = { cps: [], where: [] };
    cps.forEach((ch, i) => {
      if (ch === '\n') { segs.push(cur); cur = { cps: [], where: [] }; } else { cur.cps.push(ch); cur.where.push(where ? where[i] : null); }
    });
    segs.push(cur);
    return segs;
  };
  const A = split(Array.from(origText), origWhere);
  const B = split(Array.from(text), null);
  const same = (a, b) => a.cps.join('') === b.cps.join('');
  let p = 0;
  while (p < A.length && p < B.length && same(A[p], B[p])) p++;
  let s = 0;
  while (s < A.length - p && s < B.length - p && same(A[A.length - 1 - s], B[B.length - 1 - s])) s++;
  const out = [];
  const emit = (seg, where) => { out.push(...where.slice(0, seg.cps.length)); };
  const mapSeg = (a, b) => {
    let q = 0;
    while (q < a.cps.length && q < b.cps.length && a.cps[q] === b.cps[q]) q++;
    let r = 0;
    while (r < a.cps.length - q && r < b.cps.length - q && a.cps[a.cps.length - 1 - r] === b.cps[b.cps.length - 1 - r]) r++;
    const midA = a.where.slice(q, a.cps.length - r).filter(Boolean);
    const nMid = b.cps.length - q - r;
    const mid = [];
    for (let k = 0; k < nMid; k++) {
      let w = null;
      if (midA.length) {
        // spread the new characters over the replaced ones, in order
        const lo = midA[Math.floor((k * midA.length) / nMid)], hi = midA[Math.min(midA.length - 1, Math.floor(((k + 1) * midA.length - 1) / nMid))];
        w = lo.line === hi.line ? { line: lo.line, x0: Math.min(lo.x0, hi.x0), x1: Math.max(lo.x1, hi.x1) } : lo;
      } else {
        w = a.where[q - 1] || a.where[a.cps.length - r] || null;
      }
      mid.push(w);
    }
    return [...a.where.slice(0, q), ...mid, ...a.where.slice(a.cps.length - r)];
  };
  const segsOut = [];
  for (let i = 0; i < p; i++) segsOut.push(A[i].where);
  const midA = A.slice(p, A.length - s), midB = B.slice(p, B.length - s);
  if (midA.length === midB.length) midA.forEach((a, i) => segsOut.push(mapSeg(a, midB[i])));
  else {
    // a different number of segments: each new segment maps onto the nearest original one by position
    midB.forEach((b, i) => {
      const a = midA.length ? midA[Math.min(midA.length - 1, Math.floor((i * midA.length) / midB.length))] : { cps: [], where: [] };
      segsOut.push(mapSeg(a, b));
    });
  }
  for (let i = A.length - s; i < A.length; i++) segsOut.push(A[i].where);
  segsOut.forEach((w, i) => { if (i > 0) out.push(null); emit({ cps: w }, w); });
  return out;
}

/**
 * Full analysis of one decoded image. ocr: createPaddleOcr's engine; engine: web/engine.js loadEngine's.
 * onProgress({stage: 'ocr'|'check', progress}).
 */
export async function analyseImage(img, opts = {}) {
  return analyseGray(toLuma(img), opts);
}

/** The same from the image's luma (decodeGrayBrowser's, or toLuma's). */
export async function analyseGray(gray, { ocr, engine, category = '', mode = 'listing', onProgress = () => {} } = {}) {
  const t0 = Date.now();
  const img = gray;
  const lines = await readLines(gray, ocr, { onProgress: (p) => onProgress({ stage: 'ocr', progress: p }) });
  const t1 = Date.now();
  onProgress({ stage: 'check', progress: 0 });
  const rows = orderLines(lines);
  const { text, where } = joinLines(lines, rows);
  const report = checkMapped(engine, text, where, lines, { category, mode });
  onProgress({ stage: 'check', progress: 1 });
  return {
    image: { width: img.width, height: img.height },
    lines: lines.map((l) => ({ text: l.text, box: rect(l.box), confidence: Math.round(l.confidence * 10) / 10 })),
    text,
    ...report,
    // what a correction needs to keep the characters' rectangles (not part of the printed report)
    read: { text, where, boxes: lines.map((l) => l.box) },
    timing: { ocr_ms: t1 - t0, check_ms: Date.now() - t1, bands: planBands(img.width, img.height).length },
  };
}

/**
 * Browser (worker) decoding straight to luma, a slice of rows at a time, so that only the one-byte-a-pixel image
 * is kept: a 790 × 20,000 image costs ~16 MB here rather than the 63 MB of its RGBA (and jpeg-js's buffers
 * besides). The size and type are checked from the header first, with the licence check's limits and messages.
 * WebCodecs' ImageDecoder first: its frame's rows are copied as RGBA into one reused slice buffer (the same pixels
 * as the canvas path, measured on a JPEG); where it is missing or the frame is to be turned (EXIF orientation), the
 * browser's ImageBitmap drawn slice by slice on a canvas, whose every `getImageData` is a new array left to the
 * garbage collector (the worker's peak on a long image was there: the bitmap plus up to its size again of slices).
 */
export async function decodeGrayBrowser(blob) {
  const { sniffImage, LicenceError } = await import('./licence.js');
  if (blob.size > IMAGE_LIMITS.maxBytes) throw new LicenceError('too_large', `图片超过 20 MB（${(blob.size / 1048576).toFixed(1)} MB），请压缩后再试`);
  const info = sniffImage(new Uint8Array(await blob.slice(0, 65536).arrayBuffer()));
  const viaFrames = await grayFromFrame(blob, info.type).catch(() => null);
  if (viaFrames) return viaFrames;
  let bmp;
  try { bmp = await createImageBitmap(blob); } catch (e) { throw new LicenceError('bad_image', `图片解码失败：${e.message}`); }
  const W = bmp.width, H = bmp.height;
  const rows = sliceRows(W, H);
  const c = new OffscreenCanvas(W, rows);
  const g = c.getContext('2d', { willReadFrequently: true });
  const gray = new Uint8Array(W * H);
  for (let y = 0; y < H; y += rows) {
    const h = Math.min(rows, H - y);
    g.fillStyle = '#fff'; // transparency over white, as the licence check
    g.fillRect(0, 0, W, rows);
    g.drawImage(bmp, 0, y, W, h, 0, 0, W, h);
    lumaOverWhite(g.getImageData(0, 0, W, h).data, gray, y * W, W * h);
  }
  bmp.close?.();
  return { width: W, height: H, data: gray };
}

// ≤ 0.25 MP a slice, an even number of rows (a YUV frame's chroma rows come in pairs, should one come)
const sliceRows = (W, H) => Math.max(1, Math.min(H, 2 * Math.max(1, Math.floor(131072 / W))));

// RGBA → luma into gray[at…], transparency over white (as the canvas path's white fill; opaque pixels as they are)
function lumaOverWhite(d, gray, at, n) {
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const a = d[j + 3], k = 255 - a;
    const r = a === 255 ? d[j] : (d[j] * a + 255 * k) / 255, gg = a === 255 ? d[j + 1] : (d[j + 1] * a + 255 * k) / 255, b = a === 255 ? d[j + 2] : (d[j + 2] * a + 255 * k) / 255;
    gray[at + i] = (r * 77 + gg * 150 + b * 29) >> 8;
  }
}

// null when ImageDecoder cannot do it here (missing, type not supported, a turned frame, no RGBA copies)
async function grayFromFrame(blob, type) {
  if (typeof ImageDecoder === 'undefined' || !type) return null;
  const mime = `image/${type}`;
  if (!(await ImageDecoder.isTypeSupported(mime))) return null;
  const dec = new ImageDecoder({ data: blob.stream(), type: mime });
  let frame = null;
  try {
    frame = (await dec.decode({ frameIndex: 0 })).image;
    if (frame.rotation || frame.flip) return null;
    const W = frame.displayWidth, H = frame.displayHeight;
    if (W !== frame.codedWidth || H !== frame.codedHeight) return null;
    const rows = sliceRows(W, H);
    const slice = new Uint8Array(W * rows * 4);
    const gray = new Uint8Array(W * H);
    for (let y = 0; y < H; y += rows) {
      const h = Math.min(rows, H - y);
      await frame.copyTo(slice, { rect: { x: 0, y, width: W, height: h }, format: 'RGBA', colorSpace: 'srgb' });
      lumaOverWhite(slice, gray, y * W, W * h);
    }
    return { width: W, height: H, data: gray };
  } finally {
    frame?.close();
    dec.close();
  }
}

/** A hand-corrected text re-checked: read = analyseImage's report.read (kept by the caller). */
export function checkImageText(engine, read, text, opts = {}) {
  const where = remap(read.text, read.where, text);
  const lines = read.boxes.map((box) => ({ box }));
  return { text, ...checkMapped(engine, text, where, lines, opts) };
}

/** The report as the CLI prints it and the page exports it: no internals. */
export function publicReport(r) {
  const { read, timing, ...rest } = r;
  return rest;
}
