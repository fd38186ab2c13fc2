#!/usr/bin/env node
// The licence cases in headless Chromium with PaddleOCR (or the hybrid) in the page's OCR worker, as
// tests/licence/browser-eval.mjs does for tesseract.js: same worker protocol, production CSP (tools/serve.mjs),
// images handed over as bytes; prints accuracy, time per image and the bytes fetched on first use.
//
//   node tests/licence/paddle-browser-eval.mjs [--engine paddle|hybrid|tesseract] [--cases DIR] [--only id,id]
//        [--from N --to M] [--verbose] [--print-patch]
//
// web/ocr-worker.js is not changed: web/ is mirrored (hard links) into build/paddle-web/ and its ocr-worker.js
// replaced by a copy with the engine switch applied (workerPatch below; --print-patch shows the diff). Needs
// web/gen/paddle/ (make paddle-assets) and web/gen/ocr/ (make ocr-assets).
import { readFileSync, readdirSync, existsSync, statSync, rmSync, unlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

// The engine switch in web/ocr-worker.js: one import, the tesseract loader kept as a function, and the choice.
export function workerPatch(src, engine) {
  const from = "ocrPromise = import(here('./gen/ocr/tesseract.esm.min.js')).then((T) => createOcr({";
  const imp = "import { decodeImageBrowser, analyseLicence, createOcr, LicenceError } from './licence.js';";
  if (!src.includes(from) || !src.includes(imp)) throw new Error('paddle-browser-eval: web/ocr-worker.js changed; update workerPatch');
  let out = src.replace(imp, `${imp}\nimport { createPaddleOcr, paddleAssets, hybridOcr } from './ocr-paddle.js';`);
  out = out.replace(from, "const tess = () => import(here('./gen/ocr/tesseract.esm.min.js')).then((T) => createOcr({");
  const at = out.indexOf('\n    }));\n', out.indexOf('const tess = ()'));
  if (at < 0) throw new Error('paddle-browser-eval: end of the createOcr call not found; update workerPatch');
  const insert = `
    const paddle = (o) => createPaddleOcr({ ...paddleAssets(here('./gen/paddle/')), ...o, logger: (m) => {
      if (current !== null) post({ id: current, type: 'progress', stage: /recogniz/.test(m.status) ? 'ocr' : 'load-ocr', progress: m.progress || 0, status: m.status });
    } });
    ocrPromise = ${engine === 'paddle' ? 'paddle({})' : engine === 'hybrid' ? 'Promise.all([tess(), paddle({ recOnly: true })]).then(([t, p]) => hybridOcr(t, p))' : 'tess()'};`;
  const end = at + '\n    }));'.length;
  return out.slice(0, end) + insert + out.slice(end);
}

function mirrorWeb(engine) {
  const dest = join(ROOT, 'build', 'paddle-web');
  rmSync(dest, { recursive: true, force: true });
  execFileSync('cp', ['-al', join(ROOT, 'web'), dest]);
  const w = join(dest, 'ocr-worker.js');
  const src = readFileSync(w, 'utf8');
  unlinkSync(w); // a hard link: never write through it into web/
  writeFileSync(w, workerPatch(src, engine));
  return dest;
}

export async function paddleBrowserEval({ dir, engine, only = null, from = 1, to = 1e9, verbose = false, log = console.log }) {
  const { chromium } = await import('playwright-core');
  const num = (id) => +id.replace(/\D/g, '');
  const cases = readdirSync(dir).filter((f) => /^lic\d+\.json$/.test(f)).sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((c) => (!only || only.includes(c.id)) && num(c.id) >= from && num(c.id) <= to);
  for (const need of ['gen/paddle/ch_PP-OCRv4_rec_infer.zq8.gz', 'gen/ocr/worker.min.js']) {
    if (!existsSync(join(ROOT, 'web', need))) throw new Error(`web/${need} missing (make paddle-assets ocr-assets)`);
  }
  const root = mirrorWeb(engine);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const fetched = new Map();
  const { startServer } = await import('../../tools/serve.mjs');
  const srv = await startServer({ root, port: 0 });
  try {
    const ctx = await browser.newContext();
    ctx.on('response', async (resp) => {
      const u = new URL(resp.url());
      if (u.origin === new URL(srv.url).origin && resp.status() === 200) {
        try { fetched.set(u.pathname, (await resp.body()).length); } catch { fetched.set(u.pathname, -1); }
      }
    });
    const page = await ctx.newPage();
    const errors = [];
    page.on('console', (m) => { if (verbose || m.type() === 'error') log(`  [page] ${m.text()}`); if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(srv.url);
    await page.evaluate(() => {
      window.w = new Worker(new URL('ocr-worker.js', location.href), { type: 'module' });
      window.pending = new Map();
      window.w.onmessage = ({ data }) => {
        if (data.type === 'progress') return;
        const p = window.pending.get(data.id);
        if (p) { window.pending.delete(data.id); p(data); }
      };
      window.w.onerror = (e) => console.error('worker error ' + e.message);
      window.runOne = async (id, b64, type, listing, category, today) => {
        const bin = atob(b64), u8 = new Uint8Array(bin.length);
        for (let k = 0; k < bin.length; k++) u8[k] = bin.charCodeAt(k);
        const t = performance.now();
        const data = await new Promise((res) => { window.pending.set(id, res); window.w.postMessage({ id, file: new Blob([u8], { type }), listing, category, today }); });
        return { ms: performance.now() - t, data };
      };
    });
    const rows = [];
    let i = 0;
    for (const c of cases) {
      const b64 = readFileSync(join(dir, c.file)).toString('base64');
      const r = await page.evaluate(([id, b, type, listing, category, today]) => window.runOne(id, b, type, listing, category, today),
        [++i, b64, c.file.endsWith('.png') ? 'image/png' : 'image/jpeg', c.listing ?? null, c.category || '', c.today]);
      if (r.data.type !== 'result') { log(`${c.id}: ${r.data.code} ${r.data.message}`); rows.push({ id: c.id, ms: r.ms, planted: c.planted, degraded: c.degraded, extra: ['error'] }); continue; }
      const res = r.data.result;
      const fams = [...new Set(res.findings.map((f) => f.family))];
      const norm = (s) => (s || '').replace(/\s+/g, '').replace(/[()（）〈]/g, '');
      const row = { id: c.id, ms: r.ms, degraded: c.degraded, planted: c.planted, uscc_ok: res.fields.uscc === c.fields.uscc,
        name_ok: norm(res.fields.name) === norm(c.fields.name), detected: c.planted.every((f) => fams.includes(f)), extra: fams.filter((f) => !c.planted.includes(f)) };
      rows.push(row);
      if (verbose) log(`${c.id} ${(r.ms / 1000).toFixed(2)}s uscc:${row.uscc_ok ? 'ok' : 'BAD ' + res.fields.uscc} name:${row.name_ok ? 'ok' : 'BAD ' + res.fields.name} [${fams.join(',')}]${i === 1 ? ' (first: includes loading)' : ''}`);
    }
    await page.evaluate(() => window.w.terminate());
    return { rows, fetched, root, errors };
  } finally {
    await browser.close();
    await srv.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let dir = join(ROOT, 'build', 'licence-cases'), engine = 'paddle', only = null, verbose = false, from = 1, to = 1e9, printPatch = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--cases') dir = args[++i];
    else if (args[i] === '--engine') engine = args[++i];
    else if (args[i] === '--only') only = args[++i].split(',');
    else if (args[i] === '--from') from = +args[++i];
    else if (args[i] === '--to') to = +args[++i];
    else if (args[i] === '--verbose') verbose = true;
    else if (args[i] === '--print-patch') printPatch = true;
    else { console.error(`paddle-browser-eval.mjs: unknown argument ${args[i]}`); process.exit(2); }
  }
  if (printPatch) {
    const t = mkdtempSync(join(tmpdir(), 'zc-patch-'));
    writeFileSync(join(t, 'ocr-worker.js'), workerPatch(readFileSync(join(ROOT, 'web', 'ocr-worker.js'), 'utf8'), engine));
    try { execFileSync('diff', ['-u', '--label', 'a/web/ocr-worker.js', '--label', 'b/web/ocr-worker.js', join(ROOT, 'web', 'ocr-worker.js'), join(t, 'ocr-worker.js')], { stdio: 'inherit' }); } catch { /* diff exits 1 */ }
    rmSync(t, { recursive: true, force: true });
    process.exit(0);
  }
  const { rows, fetched, root } = await paddleBrowserEval({ dir, engine, only, from, to, verbose });
  const ok = (k) => rows.filter((r) => r[k]).length;
  const planted = rows.filter((r) => r.planted.length);
  const clean = rows.filter((r) => !r.planted.length && !r.degraded);
  console.log(`headless Chromium, engine ${engine}: USCC ${ok('uscc_ok')}/${rows.length}, name ${ok('name_ok')}/${rows.length}, planted ${planted.filter((r) => r.detected).length}/${planted.length}, false findings on clean valid ${clean.filter((r) => r.extra.length).length}/${clean.length}`);
  const ms = rows.slice(1).map((r) => r.ms).sort((a, b) => a - b);
  if (rows.length) console.log(`time per image: first (incl. loading) ${(rows[0].ms / 1000).toFixed(2)} s; then mean ${(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length) / 1000).toFixed(2)} s, median ${((ms[Math.floor(ms.length / 2)] || 0) / 1000).toFixed(2)} s`);
  let raw = 0, gz = 0, lraw = 0, lgz = 0;
  for (const [path] of [...fetched].sort()) {
    const file = join(root, decodeURIComponent(path));
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const body = readFileSync(file);
    const g = /\.gz$/.test(path) ? body.length : gzipSync(body, { level: 9 }).length;
    raw += body.length; gz += g;
    if (/\/gen\/(ocr|paddle)\/|\/licence\.js$|\/ocr-worker\.js$|\/ocr-paddle\.js$|\/onnx-pack\.js$/.test(path)) { lraw += body.length; lgz += g; }
    console.log(`  fetched ${path.padEnd(52)} ${String(body.length).padStart(9)} B  (gzip -9: ${g} B)`);
  }
  console.log(`bytes fetched on first use: ${raw} B raw, ${gz} B gzip; the licence check alone (worker, licence.js, ocr-paddle.js, onnx-pack.js, gen/ocr, gen/paddle): ${lraw} B raw, ${lgz} B gzip`);
}
