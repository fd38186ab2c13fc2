#!/usr/bin/env node
// How the OCR models read with their weights packed in fewer bits (web/onnx-pack.js), against the float32 models.
// A measuring tool for choosing the plans in tools/copy-paddle-assets.sh, not a test.
//
//   node tools/ocr-bits.mjs --det PLAN --rec PLAN [--images N]
//       packs both models with the plans (tools/pack-onnx.mjs --bits syntax, or `float32`), prints their gzip -9
//       sizes and the character error rate of the text read from N images of build/image-eval/seed1 (make
//       image-eval; default 16, spread over the set) and the licences in build/licence-test-cases, against the
//       text the float32 models read (cached in build/ocr-bits/).
//   node tools/ocr-bits.mjs --sensitivity det|rec --bits N
//       each weight tensor alone packed in N bits: how far the model's output moves on the same inputs (detection:
//       pixels whose text/no-text call changes; recognition: character steps whose most likely class changes).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const P = await import('../web/onnx-pack.js');
const { createPaddleOcr } = await import('../web/ocr-paddle.js');
const { decodeImageNode } = await import('../web/licence-node.mjs');
const { readLines, orderLines, joinLines, toLuma } = await import('../web/image-check.js');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const MODELS = join(ROOT, 'node_modules', '@gutenye', 'ocr-models', 'assets');
const model = (m) => new Uint8Array(readFileSync(join(MODELS, `ch_PP-OCRv4_${m}_infer.onnx`)));
const DICT = join(MODELS, 'ppocr_keys_v1.txt');

function images(n) {
  const s1 = join(ROOT, 'build', 'image-eval', 'seed1'), lic = join(ROOT, 'build', 'licence-test-cases');
  if (!existsSync(s1)) throw new Error('build/image-eval/seed1 missing (make image-eval)');
  const files = readdirSync(s1).filter((f) => /\.(png|jpg)$/.test(f)).sort();
  const out = [];
  for (let i = 0; i < n && i < files.length; i++) out.push(join(s1, files[Math.floor((i * files.length) / n)]));
  if (existsSync(lic)) for (const f of readdirSync(lic).filter((f) => /\.png$/.test(f)).sort()) out.push(join(lic, f));
  return out;
}
const gray = async (f) => toLuma(await decodeImageNode(new Uint8Array(readFileSync(f))));

function edits(a, b) {
  a = [...a];
  b = [...b];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

async function readAll(det, rec, files) {
  const ocr = await createPaddleOcr({ det, rec, dict: DICT });
  const text = {};
  for (const f of files) {
    const lines = await readLines(await gray(f), ocr);
    text[f.slice(ROOT.length + 1)] = joinLines(lines, orderLines(lines)).text;
  }
  return text;
}

async function compare() {
  const files = images(Number(opt('--images', 16)));
  const plans = { det: opt('--det', '8'), rec: opt('--rec', '8') };
  const cacheDir = join(ROOT, 'build', 'ocr-bits');
  const refFile = join(cacheDir, `float32-${files.length}.json`);
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(refFile)) writeFileSync(refFile, JSON.stringify(await readAll(model('det'), model('rec'), files)));
  const ref = JSON.parse(readFileSync(refFile, 'utf8'));
  const sizes = {}, onnx = {};
  for (const m of ['det', 'rec']) {
    if (plans[m] === 'float32') { onnx[m] = model(m); sizes[m] = gzipSync(onnx[m], { level: 9 }).length; continue; }
    const packed = P.packOnnx(model(m), { bits: P.bitsByKind(plans[m]) });
    sizes[m] = gzipSync(packed, { level: 9 }).length;
    onnx[m] = P.unpackOnnx(packed);
  }
  const got = await readAll(onnx.det, onnx.rec, files);
  let e = 0, n = 0;
  const worst = [];
  for (const [f, t] of Object.entries(ref)) {
    const k = edits(t, got[f] ?? '');
    e += k;
    n += [...t].length;
    if (k) worst.push(`${f.split('/').pop()}:${k}`);
  }
  console.log(JSON.stringify({ det: plans.det, rec: plans.rec, det_gz: sizes.det, rec_gz: sizes.rec, images: files.length, chars: n, edits: e, cer_pct: +((100 * e) / n).toFixed(2), where: worst.join(' ') }));
}

async function sensitivity(which, bits) {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  const orig = model(which);
  const files = images(2);
  const ocr = await createPaddleOcr({ det: model('det'), rec: model('rec'), dict: DICT });
  // inputs as the engine feeds them: whole images scaled to ≤ 960 px (detection) or the lines it finds (recognition)
  const inputs = [];
  for (const f of files) {
    const g = await gray(f);
    if (which === 'det') {
      const s = Math.min(1, 960 / Math.max(g.width, g.height));
      const w = Math.max(32, Math.round((g.width * s) / 32) * 32), h = Math.max(32, Math.round((g.height * s) / 32) * 32);
      const x = new Float32Array(3 * w * h), M = [0.485, 0.456, 0.406], S = [0.229, 0.224, 0.225];
      for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
        const v = g.data[Math.min(g.height - 1, Math.floor(y / s)) * g.width + Math.min(g.width - 1, Math.floor(i / s))] / 255;
        for (let c = 0; c < 3; c++) x[c * w * h + y * w + i] = (v - M[c]) / S[c];
      }
      inputs.push({ x, dims: [1, 3, h, w] });
    } else {
      for (const b of (await ocr.detect(g)).slice(0, 12)) {
        const bw = b.x1 - b.x0, bh = b.y1 - b.y0, w = Math.max(8, Math.min(3200, Math.round((48 * bw) / Math.max(1, bh))));
        const x = new Float32Array(3 * 48 * w);
        for (let y = 0; y < 48; y++) for (let i = 0; i < w; i++) {
          const v = g.data[Math.min(g.height - 1, Math.floor(b.y0 + ((y + 0.5) * bh) / 48)) * g.width + Math.min(g.width - 1, Math.floor(b.x0 + ((i + 0.5) * bw) / w))] / 127.5 - 1;
          for (let c = 0; c < 3; c++) x[c * 48 * w + y * w + i] = v;
        }
        inputs.push({ x, dims: [1, 3, 48, w] });
      }
    }
  }
  const run = async (bytes) => {
    const s = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const outs = [];
    for (const i of inputs) {
      const o = (await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', i.x, i.dims) }))[s.outputNames[0]];
      outs.push({ data: o.data, dims: o.dims });
    }
    await s.release?.();
    return outs;
  };
  const argmax = (d, o, C) => { let a = 0; for (let c = 1; c < C; c++) if (d[o + c] > d[o + a]) a = c; return a; };
  const moved = (ref, out) => {
    let n = 0, changed = 0;
    for (let k = 0; k < ref.length; k++) {
      if (which === 'det') {
        for (let i = 0; i < ref[k].data.length; i++, n++) if ((ref[k].data[i] > 0.3) !== (out[k].data[i] > 0.3)) changed++;
        continue;
      }
      const [, T, C] = ref[k].dims;
      for (let t = 0; t < T; t++) {
        const a = argmax(ref[k].data, t * C, C), b = argmax(out[k].data, t * C, C);
        if (a || b) { n++; if (a !== b) changed++; }
      }
    }
    return +((100 * changed) / n).toFixed(2);
  };
  const ref = await run(orig);
  const tensors = P._floatTensors(orig).filter((t) => t.n >= 1024 && t.dims.length >= 2);
  console.log(`${which}: ${inputs.length} inputs; % of ${which === 'det' ? 'pixels' : 'character steps'} changed with one tensor in ${bits} bits`);
  for (const t of tensors) {
    // pack every tensor, then put back the float32 weights of all but this one
    const un = P.unpackOnnx(P.packOnnx(orig, { bits: (u) => (u.off === t.off ? bits : 8) }));
    for (const u of tensors) if (u.off !== t.off) un.set(orig.subarray(u.off, u.off + 4 * u.n), u.off);
    console.log(`${t.dims.join('×').padEnd(14)} ${P.weightKind(t).padEnd(11)} ${String(moved(ref, await run(un))).padStart(6)} %`);
  }
}

if (args.includes('--sensitivity')) await sensitivity(opt('--sensitivity'), Number(opt('--bits', 4)));
else await compare();
