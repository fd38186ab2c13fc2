// Tests of the PaddleOCR engine (run by tests/paddle.test.mjs, TAP):
//   onnx-pack   the packed PP-OCRv4 models unpack to the original bytes except the quantised weights, each
//               within half a quantisation step; plain ONNX passes through; truncated input is refused
//   ctcGreedy   repeats collapse, blanks separate repeated characters
//   dbBoxes     one box per region, expanded by area × 1.5 / perimeter; weak regions and specks dropped
//   engine      a line rendered by Chromium (Noto CJK) read exactly, from the packed models; a two-line image
//               read top to bottom with spaced-out label gaps not turned into characters, and a low confidence
//               when turned on its side; bad sources refused
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS = join(ROOT, 'node_modules', '@gutenye', 'ocr-models', 'assets');

export async function run() {
  let n = 0, failed = 0;
  const out = (s) => process.stdout.write(s + '\n');
  const ok = (cond, name, diag) => {
    n++;
    if (cond) out(`ok ${n} - ${name}`);
    else {
      failed++;
      out(`not ok ${n} - ${name}`);
      if (diag !== undefined) out(`  # ${String(typeof diag === 'string' ? diag : JSON.stringify(diag)).replace(/\n/g, '\n  # ')}`);
    }
  };
  const rejects = async (p, re) => { try { await p; return false; } catch (e) { return re.test(String(e.message)); } };
  const P = await import('../../web/onnx-pack.js');
  const O = await import('../../web/ocr-paddle.js');

  // ---- onnx-pack on the real detection model
  const det = new Uint8Array(readFileSync(join(MODELS, 'ch_PP-OCRv4_det_infer.onnx')));
  // the plan the detector ships with (tools/copy-paddle-assets.sh): 5 bits, depthwise kernels 8
  const plan = P.bitsByKind('5,depthwise=8');
  const packed = P.packOnnx(det, { bits: plan });
  const un = P.unpackOnnx(packed);
  ok(P.isPackedOnnx(packed) && !P.isPackedOnnx(det), 'packed model recognised by its magic, plain ONNX not');
  ok(P.unpackOnnx(det) === det, 'plain ONNX passes through unpackOnnx unchanged');
  ok(un.length === det.length, 'unpacked model has the original length', { un: un.length, det: det.length });
  const quant = P._floatTensors(det).filter((t) => t.n >= 1024 && t.dims.length >= 2);
  const inQuant = new Uint8Array(det.length);
  for (const t of quant) inQuant.fill(1, t.off, t.off + 4 * t.n);
  let diffOutside = 0;
  for (let i = 0; i < det.length; i++) if (!inQuant[i] && un[i] !== det[i]) diffOutside++;
  ok(quant.length > 10 && diffOutside === 0, 'bytes outside the quantised weights are identical', { tensors: quant.length, diffOutside });
  const a = new DataView(det.buffer, det.byteOffset), b = new DataView(un.buffer);
  // each block's stored step (f16, after the skeleton and the tensor count: per tensor 12 bytes, then per block
  // f16 min, f16 step), in the order of the quantised tensors
  const pv = new DataView(packed.buffer, packed.byteOffset);
  let at = 8 + pv.getUint32(4, true) + 4, worst = 0, asPlanned = true;
  const kinds = new Set();
  for (const t of quant) {
    kinds.add(P.weightKind(t));
    asPlanned &&= pv.getUint8(at + 10) === (P.weightKind(t) === 'depthwise' ? 8 : 5) && pv.getUint16(at + 8, true) === 64;
    for (let g = 0; g * 64 < t.n; g++) {
      const half = P.fromHalf(pv.getUint16(at + 14 + 4 * g, true)) / 2 + 1e-7 * Math.abs(a.getFloat32(t.off + 4 * g * 64, true));
      for (let i = g * 64; i < Math.min(t.n, g * 64 + 64); i++) {
        const e = Math.abs(a.getFloat32(t.off + 4 * i, true) - b.getFloat32(t.off + 4 * i, true));
        if (e > 0) worst = Math.max(worst, e / half);
      }
    }
    at += 12 + 4 * Math.ceil(t.n / 64);
  }
  ok(asPlanned && kinds.has('depthwise') && kinds.has('pointwise'), 'weights in the bits of their kind (depthwise 8, the rest 5), blocks of 64', [...kinds]);
  const k = (dims) => P.weightKind({ dims });
  ok(k([128, 1, 3, 3]) === 'depthwise' && k([480, 480, 1, 1]) === 'pointwise' && k([60, 960, 1, 3]) === 'conv' && k([120, 6625]) === 'classifier' && k([120, 360]) === 'matmul',
    'weight kinds told from the shapes');
  const p = P.bitsByKind('6,depthwise=8,classifier=4');
  ok(p({ dims: [128, 1, 3, 3] }) === 8 && p({ dims: [120, 6625] }) === 4 && p({ dims: [120, 360] }) === 6, 'a plan: bits for all, exceptions by kind');
  const refused = (plan) => { try { P.bitsByKind(plan); return false; } catch { return true; } };
  ok(refused('6,dw=8') && refused('9') && refused('6,classifier=0'), 'a plan with an unknown kind or bits outside 1–8 refused');
  ok(worst <= 1.05, 'every weight within half its block\'s quantisation step (float32 rounding aside)', { worst });
  const half = [0, 1, -1, 0.5, 65504, -2.5e-3, 6e-8, 1 / 3];
  ok(half.every((v) => Math.abs(P.fromHalf(P.toHalf(v)) - v) <= Math.abs(v) * 2 ** -11 + 2 ** -25), 'f16 round trip within half a unit');
  const gz = gzipSync(packed, { level: 9 }).length, gz0 = gzipSync(det, { level: 9 }).length;
  ok(gz < 0.25 * gz0, 'packed + gzip under 25 % of the float32 model gzipped', { gz, gz0 });
  let threw = false;
  try { P.unpackOnnx(packed.subarray(0, packed.length - 1000)); } catch (e) { threw = /truncated/.test(e.message); }
  ok(threw, 'truncated packed model refused with an error');

  // ---- CTC greedy decoding: classes per step [0 blank, 1 a, 2 b]
  const steps = [1, 1, 0, 1, 2, 2, 0, 0];
  const probs = new Float32Array(steps.length * 3);
  steps.forEach((k, t) => { probs[t * 3] = 0.05; probs[t * 3 + 1] = 0.05; probs[t * 3 + 2] = 0.05; probs[t * 3 + k] = 0.9; });
  const dec = O.ctcGreedy(probs, steps.length, 3);
  ok(dec.map((s) => s.k).join('') === '112', 'CTC: repeats collapse, a blank separates a repeated character', dec);
  ok(dec.map((s) => s.step).join(',') === '0,3,4', 'CTC: each symbol keeps the step where it starts', dec);

  // ---- DB boxes
  const w = 100, h = 40, map = new Float32Array(w * h);
  const fill = (x0, y0, x1, y1, v) => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * w + x] = v; };
  fill(10, 10, 50, 16, 0.95); // a text kernel 40×6
  fill(60, 10, 90, 16, 0.4); // above the bitmap threshold, below the box threshold
  fill(5, 30, 7, 38, 0.9); // 2 px wide: a speck
  const boxes = O.dbBoxes(map, w, h);
  const d = (40 * 6 * 1.5) / (2 * 46);
  ok(boxes.length === 1, 'DB: one box (weak region and speck dropped)', boxes);
  ok(boxes.length === 1 && Math.abs(boxes[0].x0 - (10 - d)) < 1e-9 && Math.abs(boxes[0].y1 - (16 + d)) < 1e-9,
    'DB: box expanded by area × 1.5 / perimeter', boxes[0]);

  // ---- the engine on text rendered by Chromium
  const shots = await render([
    '<div id="a" style="font:32px \'Noto Serif CJK SC\';padding:8px 14px;background:#fff;color:#000;display:inline-block">上海明德供应链管理有限公司</div>',
    '<div id="b" style="font:30px \'Noto Serif CJK SC\';padding:20px;background:#fff;color:#000;display:inline-block;line-height:64px">名　　　称　　上海明德供应链管理有限公司<br>统一社会信用代码　91310115MA93PMK506</div>',
  ]);
  const gzFile = (f) => gzipSync(P.packOnnx(new Uint8Array(readFileSync(join(MODELS, f)))), { level: 1 });
  const t0 = performance.now();
  const ocr = await O.createPaddleOcr({ det: gzFile('ch_PP-OCRv4_det_infer.onnx'), rec: gzFile('ch_PP-OCRv4_rec_infer.onnx'), dict: join(MODELS, 'ppocr_keys_v1.txt') });
  const loadMs = performance.now() - t0;
  try {
    ok(typeof ocr.recognizeLine === 'undefined' && typeof ocr.readImageLine === 'function', 'no recognizeLine (name re-reading) unless asked for');
    const line = await ocr.readImageLine(shots[0]);
    ok(line.text === '上海明德供应链管理有限公司', 'one rendered line read exactly (gzipped packed models)', line.text);
    const words = line.blocks[0].paragraphs[0].lines[0].words;
    ok(words[0].symbols.length === 13 && words[0].symbols.every((s) => s.confidence > 80 && s.bbox.x1 > s.bbox.x0), 'symbols with confidences and boxes', words[0].symbols.slice(0, 2));
    const page = await ocr.recognize(shots[1]);
    const lines = page.text.split('\n').map((s) => s.replace(/\s+/g, ''));
    ok(lines.length === 2 && lines[0] === '名称上海明德供应链管理有限公司' && lines[1] === '统一社会信用代码91310115MA93PMK506',
      'two lines detected and read top to bottom, nothing read in the label gaps', page.text);
    ok(page.confidence > 90, 'page confidence 0–100', page.confidence);
    const L = await import('../../web/licence.js');
    const side = await ocr.recognize(L._internals.rotate(shots[1], 90));
    ok(side.confidence < 60, 'a page on its side has a confidence under 60 (web/licence.js then tries turning it)', side.confidence);
  } finally {
    await ocr.terminate();
  }
  ok(await rejects(O.createPaddleOcr({ rec: join(MODELS, 'no-such.onnx'), dict: join(MODELS, 'ppocr_keys_v1.txt'), recOnly: true }), /ENOENT|no-such/),
    'missing model file: a clear error');
  ok(await rejects(O.createPaddleOcr({ dict: 'x\ny', recOnly: true }), /no recognition model/), 'no model given: a clear error');
  out(`# model load ${(loadMs / 1000).toFixed(2)} s`);
  out(`1..${n}`);
  return failed ? 1 : 0;
}

// Screenshots of HTML snippets (each with an element #a, #b, …) as gray images (red channel, as web/licence.js).
async function render(snippets) {
  const { chromium } = await import('playwright-core');
  const { decode } = await import('fast-png');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    const shots = [];
    for (const html of snippets) {
      await page.setContent(`<html><body style="margin:0;background:#fff">${html}</body></html>`);
      await page.evaluate(() => document.fonts.ready);
      const png = decode(await (await page.$('body > div')).screenshot({ type: 'png' }));
      const g = new Uint8Array(png.width * png.height);
      for (let i = 0; i < g.length; i++) g[i] = png.data[i * png.channels];
      shots.push({ width: png.width, height: png.height, data: g });
    }
    return shots;
  } finally {
    await browser.close();
  }
}
