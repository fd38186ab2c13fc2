#!/usr/bin/env node
// Licence check accuracy with a choice of OCR engine (issue 4: PaddleOCR vs tesseract.js), on the same cases and
// through the same pipeline as tests/licence/eval.mjs (web/licence.js analyseLicence: QR, rotation, clean-up,
// layout, name re-reading, C extraction), only the `ocr` object differs:
//
//   node tests/licence/paddle-eval.mjs [--engine tesseract|paddle|hybrid] [--cases DIR] [--only id,id]
//        [--from N --to M] [--det-max-side PX] [--packed] [--no-reread] [--verbose|--text] [--json OUT]
//
//   tesseract  createOcr() of web/licence.js (chi_sim best_int, LSTM only)
//   paddle     web/ocr-paddle.js: PP-OCRv4 detection + recognition (onnxruntime-web, wasm, 1 thread)
//   hybrid     tesseract for the page, Paddle's recogniser for the re-read name crop
//
// Prints eval.mjs's table, plus USCC/name per case range (1–36 / 37–54 / 55–90) and the model load time.
//
// Measured 2026-11-28 (2 shared cores under heavy load: CPU time is the comparable figure; cases from
// tests/licence/gen.mjs --count 90; 55–90 generated after the last change to web/ocr-paddle.js and first
// looked at in this measurement):
//                      USCC 1–54   name 1–36    name 37–54   name 55–90   CPU/image Node   first-use gzip
//   tesseract          53/54       33/36        15/18        29/36        4.14 s           2,868,319 B
//   paddle (packed)    54/54       36/36        18/18        36/36        3.68 s           8,044,126 B
//   hybrid             53/54       36/36        17/18        –            4.13 s           ≈ 9.6 MB
// planted problems 37/37 (paddle 61/61 on 1–90), no false findings on clean valid scans, for all three.
// headless Chromium, paddle: USCC 90/90, name 90/90, planted 61/61; cases 1–18 back to back: tesseract
// 4.93 s/image, paddle 7.96 s/image (first image with loading 3.4 s and 17.4 s), wall clock under load.
// Paddle's bytes: ort-wasm-simd-threaded.wasm 3,687,160, det 1,323,862, rec 2,966,294 (8-bit packed; float32
// would be 4,382,145 + 9,959,760), dictionary 17,006, ort JS 25,294, ocr-paddle.js + onnx-pack.js 8,706.
// --det-max-side 1280 (default 1600): also 90/90 names and USCC, 61/61 planted; on cases 1–18 3.23 s instead of
// 3.84 s CPU per image (not the default: CPU time moves by ±20 % with the load here).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from './eval.mjs';
import { decodeImageNode, analyseLicence, createOcr, loadWasmNode } from '../../web/licence.js';
import { createPaddleOcr, hybridOcr } from '../../web/ocr-paddle.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const MODELS = join(ROOT, 'node_modules', '@gutenye', 'ocr-models', 'assets');
export const PADDLE_FILES = {
  det: join(MODELS, 'ch_PP-OCRv4_det_infer.onnx'),
  rec: join(MODELS, 'ch_PP-OCRv4_rec_infer.onnx'),
  dict: join(MODELS, 'ppocr_keys_v1.txt'),
};

function norm(s) {
  return (s || '').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/〈/g, '(');
}

// --packed: the 8-bit packed models that the page downloads (tools/copy-paddle-assets.sh → web/gen/paddle/)
export function paddleFiles(packed) {
  if (!packed) return PADDLE_FILES;
  const G = join(ROOT, 'web', 'gen', 'paddle');
  return { det: join(G, 'ch_PP-OCRv4_det_infer.zq8.gz'), rec: join(G, 'ch_PP-OCRv4_rec_infer.zq8.gz'), dict: PADDLE_FILES.dict };
}

export async function makeOcr(engine, { detMaxSide, packed } = {}) {
  const tess = () => createOcr({ langPath: join(ROOT, 'node_modules', '@tesseract.js-data', 'chi_sim', '4.0.0_best_int') });
  if (engine === 'tesseract') return tess();
  if (engine === 'paddle') return createPaddleOcr({ ...paddleFiles(packed), detMaxSide });
  if (engine === 'hybrid') return hybridOcr(await tess(), await createPaddleOcr({ ...paddleFiles(packed), recOnly: true }));
  throw new Error(`unknown engine ${engine}`);
}

export async function evaluateEngine({ dir, engine, only = null, from = 1, to = 1e9, verbose = false, reread, detMaxSide, packed, log = console.log }) {
  const num = (id) => +id.replace(/\D/g, '');
  const cases = readdirSync(dir).filter((f) => /^lic\d+\.json$/.test(f)).sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((c) => (!only || only.includes(c.id)) && num(c.id) >= from && num(c.id) <= to);
  // the licence wasm (main splits it off as gen/zicha-licence.mjs; before that it is in gen/zicha.mjs)
  const wasm = await loadWasmNode(['zicha-licence.mjs', 'zicha.mjs'].map((f) => join(ROOT, 'web', 'gen', f)).concat(join(ROOT, 'build', 'licence-wasm', 'licence.mjs')));
  const t0 = performance.now();
  const ocr = await makeOcr(engine, { detMaxSide, packed });
  const setupMs = performance.now() - t0;
  const rows = [];
  try {
    for (const c of cases) {
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const img = await decodeImageNode(new Uint8Array(readFileSync(join(dir, c.file))));
      const r = await analyseLicence(img, { wasm, ocr, listing: c.listing ?? null, category: c.category || '', today: c.today, reread });
      const ms = performance.now() - t;
      const cu = process.cpuUsage(cpu0);
      const fams = [...new Set(r.findings.map((f) => f.family))];
      const row = {
        id: c.id, degraded: c.degraded, problem: c.problem, planted: c.planted, ms, cpuMs: (cu.user + cu.system) / 1000,
        uscc_ok: r.fields.uscc === c.fields.uscc, name_ok: norm(r.fields.name) === norm(c.fields.name),
        got_uscc: r.fields.uscc, got_name: r.fields.name, want_name: c.fields.name, families: fams, qr: r.qr,
        rotation: r.ocr.rotation, confidence: r.ocr.confidence, timing: r.timing,
      };
      row.detected = c.planted.every((f) => fams.includes(f));
      row.extra = fams.filter((f) => !c.planted.includes(f));
      rows.push(row);
      if (verbose) {
        log(`${c.id} ${c.degraded ? 'photo' : 'scan '} ${c.problem.padEnd(13)} ${(ms / 1000).toFixed(2)}s (cpu ${(row.cpuMs / 1000).toFixed(2)}) uscc:${row.uscc_ok ? 'ok' : 'BAD ' + row.got_uscc} name:${row.name_ok ? 'ok' : `BAD ${row.got_name} (want ${c.fields.name})`} rot:${row.rotation} conf:${row.confidence} findings:[${fams.join(',')}]${row.detected ? '' : ' MISSED'}${row.extra.length ? ' EXTRA' : ''}`);
        if (verbose === 'text') log(r.ocr.text);
      }
    }
  } finally {
    await ocr.terminate();
  }
  return { rows, setupMs };
}

export function rangeTable(rows, log = console.log) {
  const num = (id) => +id.replace(/\D/g, '');
  for (const [label, lo, hi] of [['cases 1–36', 1, 36], ['cases 37–54', 37, 54], ['cases 55–90', 55, 90]]) {
    const set = rows.filter((r) => num(r.id) >= lo && num(r.id) <= hi);
    if (!set.length) continue;
    const n = (k) => set.filter((r) => r[k]).length;
    const pl = set.filter((r) => r.planted.length);
    log(`${label.padEnd(22)} USCC ${n('uscc_ok')}/${set.length}, name ${n('name_ok')}/${set.length} (${((100 * n('name_ok')) / set.length).toFixed(1)} %), planted ${pl.filter((r) => r.detected).length}/${pl.length}, false on clean valid ${set.filter((r) => !r.planted.length && !r.degraded && r.extra.length).length}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let dir = join(ROOT, 'build', 'licence-cases'), engine = 'paddle', only = null, verbose = false, jsonOut = null, reread, from = 1, to = 1e9, detMaxSide, packed = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--cases') dir = args[++i];
    else if (args[i] === '--engine') engine = args[++i];
    else if (args[i] === '--only') only = args[++i].split(',');
    else if (args[i] === '--from') from = +args[++i];
    else if (args[i] === '--to') to = +args[++i];
    else if (args[i] === '--det-max-side') detMaxSide = +args[++i];
    else if (args[i] === '--verbose') verbose = true;
    else if (args[i] === '--text') verbose = 'text';
    else if (args[i] === '--json') jsonOut = args[++i];
    else if (args[i] === '--no-reread') reread = false;
    else if (args[i] === '--packed') packed = true;
    else { console.error(`paddle-eval.mjs: unknown argument ${args[i]}`); process.exit(2); }
  }
  console.log(`engine: ${engine}${packed ? ' (packed 8-bit models)' : ''}`);
  const res = await evaluateEngine({ dir, engine, only, from, to, verbose, reread, detMaxSide, packed });
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ engine, ...res }, null, 1));
  const ok = summarise(res);
  rangeTable(res.rows);
  console.log(`engine setup (model load) ${(res.setupMs / 1000).toFixed(2)} s`);
  process.exitCode = ok ? 0 : 1;
}
