#!/usr/bin/env node
// Runs the licence check in headless Chromium exactly as the page does (web/ocr-worker.js in a module worker:
// jpeg-js / createImageBitmap decoding, quirc in web/gen/zicha-licence.wasm, PaddleOCR through onnxruntime-web from
// web/gen/paddle/), on the generated cases, and reports accuracy, time per image and the bytes fetched on first use.
//
//   node tests/licence/browser-eval.mjs [--cases DIR] [--only id,id] [--from N --to M] [--verbose] [--json OUT]
//
// web/ is served by tools/serve.mjs on 127.0.0.1 (random port) with the production CSP; the images are handed to
// the page as bytes. "fetched" lists every file the page and its workers loaded from the server.
import { readFileSync, readdirSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

export async function browserEval({ dir, only = null, from = 1, to = 1e9, verbose = false, log = console.log } = {}) {
  const { chromium } = await import('playwright-core');
  const num = (id) => +id.replace(/\D/g, '');
  const cases = readdirSync(dir).filter((f) => /^lic\d+\.json$/.test(f)).sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((c) => (!only || only.includes(c.id)) && num(c.id) >= from && num(c.id) <= to);
  if (!existsSync(join(ROOT, 'web', 'gen', 'paddle', 'ch_PP-OCRv4_rec_infer.zq.gz'))) throw new Error('web/gen/paddle missing (make paddle-assets)');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const fetched = new Map();
  const { startServer } = await import('../../tools/serve.mjs');
  const srv = await startServer({ root: join(ROOT, 'web'), port: 0 });
  try {
    const ctx = await browser.newContext();
    ctx.on('response', async (resp) => {
      const u = new URL(resp.url());
      if (u.origin === new URL(srv.url).origin && resp.status() === 200) {
        try { fetched.set(u.pathname, (await resp.body()).length); } catch { fetched.set(u.pathname, -1); }
      }
    });
    const page = await ctx.newPage();
    page.on('console', (m) => { if (verbose) log(`  [page] ${m.text()}`); });
    await page.goto(srv.url);
    const rows = [];
    await page.evaluate((v) => { window.verbose = v; }, verbose);
    await page.evaluate(() => {
      window.w = new Worker(new URL('ocr-worker.js', location.href), { type: 'module' });
      window.pending = new Map();
      window.w.onmessage = ({ data }) => {
        if (data.type === 'progress') { if (window.verbose) console.log('progress ' + JSON.stringify(data)); return; }
        const p = window.pending.get(data.id);
        if (p) { window.pending.delete(data.id); p(data); }
      };
      window.w.onerror = (e) => console.log('worker error ' + e.message);
      window.runOne = async (id, b64, type, listing, category, today) => {
        const bin = atob(b64), u8 = new Uint8Array(bin.length);
        for (let k = 0; k < bin.length; k++) u8[k] = bin.charCodeAt(k);
        const blob = new Blob([u8], { type });
        const t = performance.now();
        const data = await new Promise((res) => { window.pending.set(id, res); window.w.postMessage({ id, file: blob, listing, category, today }); });
        return { ms: performance.now() - t, data };
      };
    });
    let i = 0;
    for (const c of cases) {
      const b64 = readFileSync(join(dir, c.file)).toString('base64');
      const r = await page.evaluate(([id, b, type, listing, category, today]) => window.runOne(id, b, type, listing, category, today),
        [++i, b64, c.file.endsWith('.png') ? 'image/png' : 'image/jpeg', c.listing ?? null, c.category || '', c.today]);
      if (r.data.type !== 'result') { log(`${c.id}: ${r.data.code} ${r.data.message}`); rows.push({ id: c.id, ms: r.ms, error: true, planted: c.planted, degraded: c.degraded, extra: ['error'] }); continue; }
      const res = r.data.result;
      const fams = [...new Set(res.findings.map((f) => f.family))];
      const norm = (s) => (s || '').replace(/\s+/g, '').replace(/[()（）〈]/g, '');
      const row = { id: c.id, ms: r.ms, degraded: c.degraded, planted: c.planted, uscc_ok: res.fields.uscc === c.fields.uscc, got_name: res.fields.name, got_uscc: res.fields.uscc,
        name_ok: norm(res.fields.name) === norm(c.fields.name),
        detected: c.planted.every((f) => fams.includes(f)), extra: fams.filter((f) => !c.planted.includes(f)) };
      rows.push(row);
      if (verbose) log(`${c.id} ${(r.ms / 1000).toFixed(2)}s uscc:${row.uscc_ok ? 'ok' : 'BAD ' + res.fields.uscc} name:${row.name_ok ? 'ok' : 'BAD ' + res.fields.name} [${fams.join(',')}]${i === 1 ? ' (first: includes loading)' : ''}`);
    }
    await page.evaluate(() => window.w.terminate());
    return { rows, fetched };
  } finally {
    await browser.close();
    await srv.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let dir = join(ROOT, 'build', 'licence-cases'), only = null, verbose = false, jsonOut = null, from = 1, to = 1e9;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--cases') dir = args[++i];
    else if (args[i] === '--only') only = args[++i].split(',');
    else if (args[i] === '--verbose') verbose = true;
    else if (args[i] === '--from') from = +args[++i];
    else if (args[i] === '--to') to = +args[++i];
    else if (args[i] === '--json') jsonOut = args[++i];
    else { console.error(`browser-eval.mjs: unknown argument ${args[i]}`); process.exit(2); }
  }
  if (!existsSync(dir) || !readdirSync(dir).some((f) => /^lic\d+\.json$/.test(f))) {
    const { generate } = await import('./gen.mjs');
    await generate({ out: dir, count: 36 });
  }
  const { rows, fetched } = await browserEval({ dir, only, from, to, verbose });
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows, fetched: Object.fromEntries(fetched) }, null, 1));
  const ok = (k) => rows.filter((r) => r[k]).length;
  const planted = rows.filter((r) => r.planted.length);
  const clean = rows.filter((r) => !r.planted.length && !r.degraded);
  console.log(`headless Chromium: USCC ${ok('uscc_ok')}/${rows.length}, name ${ok('name_ok')}/${rows.length}, planted ${planted.filter((r) => r.detected).length}/${planted.length}, false findings on clean valid ${clean.filter((r) => r.extra.length).length}/${clean.length}`);
  const ms = rows.slice(1).map((r) => r.ms).sort((a, b) => a - b);
  if (rows.length) console.log(`time per image: first (incl. loading) ${(rows[0].ms / 1000).toFixed(2)} s; then mean ${(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length) / 1000).toFixed(2)} s, median ${((ms[Math.floor(ms.length / 2)] || 0) / 1000).toFixed(2)} s`);
  let raw = 0, gz = 0, lraw = 0, lgz = 0;
  for (const [path] of [...fetched].sort()) {
    const file = join(ROOT, 'web', decodeURIComponent(path));
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const body = readFileSync(file);
    const g = /\.gz$/.test(path) ? body.length : gzipSync(body, { level: 9 }).length;
    raw += body.length; gz += g;
    if (/\/gen\/(ocr|paddle)\/|\/licence\.js$|\/ocr-worker\.js$|\/ocr-paddle\.js$|\/onnx-pack\.js$/.test(path)) { lraw += body.length; lgz += g; }
    console.log(`  fetched ${path.padEnd(52)} ${String(body.length).padStart(9)} B  (gzip -9: ${g} B)`);
  }
  console.log(`bytes fetched by the page and the check on first use: ${raw} B raw, ${gz} B with gzip transfer (the .gz models count as they are)`);
  console.log(`  of which the licence check alone (ocr-worker.js, licence.js, ocr-paddle.js, onnx-pack.js, gen/paddle/*): ${lraw} B raw, ${lgz} B gzip; plus gen/zicha-licence.{mjs,wasm}, listed above`);
}
