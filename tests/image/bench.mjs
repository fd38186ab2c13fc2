#!/usr/bin/env node
// Speed and memory of the product image check in headless Chromium, through the page's OCR worker
// (web/ocr-worker.js, kind 'image'), served by tools/serve.mjs. A benchmark, not a test: it prints figures.
//
//   node tests/image/bench.mjs [--runs N] [--only NAME,…]
//
// Images (tests/image/gen.mjs, seed 11, Debian fonts): a 1080 × 1500 poster, a 790 × 6,000 and a 790 × 20,000
// long image (JPEG). The worker first reads a small warm-up image (models downloaded, compiled and cached, as on
// any use after the first), then each image N times (default 2; the best and the mean are printed), each handed
// over as a picked file is (a File from a file input).
// Memory: the worker runs in the page's renderer process; its resident set (VmRSS in /proc) is sampled every
// 50 ms, and the peak above the level before the worker was started is the worker's peak (decoded image, OCR
// runtime and models, intermediate tensors).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startServer, launch } = await import(pathToFileURL(join(ROOT, 'tests', 'e2e', 'lib.mjs')).href);
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 2;
// --only NAME[,NAME]: the warm-up and these images only (e.g. long-790x20000, for its memory in a fresh worker)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const dir = join(ROOT, 'build', 'image-bench');

async function one(name, filter, longHeight = 0) {
  const meta = join(dir, name, 'case.json');
  if (!existsSync(meta)) {
    const [c] = await generate({ out: join(dir, name), seed: 11, count: 400, filter, limit: 1, longHeight, systemFonts: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(meta, JSON.stringify(c));
  }
  const c = JSON.parse(readFileSync(meta, 'utf8'));
  return { name, c, bytes: readFileSync(join(dir, name, c.file)) };
}
const images = [
  await one('warmup', (p) => p.kind === 'poster' && p.width === 750 && p.height === 750),
  await one('poster-1080x1500', (p) => p.kind === 'poster' && p.width === 1080 && p.height === 1500),
  await one('long-790x6000', (p) => p.kind === 'long' && p.width === 790 && p.jpeg, 6000),
  await one('long-790x20000', (p) => p.kind === 'long' && p.width === 790 && p.jpeg, 20000),
];

// ------------------------------------------------------------------ renderer memory
function rendererPids() {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (/chrom/.test(cmd) && cmd.includes('--type=renderer')) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}
// CPU seconds (user + system) the renderer has used: the machine may be shared, so wall time alone can mislead
const cpu = (pid) => {
  try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; } catch { return 0; }
};
const rss = (pid) => {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024; } catch { return 0; }
};

const server = await startServer();
// the renderers of other browsers on this (shared) machine are not ours: only those started after the launch count
const others = new Set(rendererPids());
const browser = await launch();
const page = await browser.newPage();
await page.goto(server.url + 'index.html');
await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 60000 });
const pids = rendererPids().filter((p) => !others.has(p));
const base = new Map(pids.map((p) => [p, rss(p)]));
let peak = new Map(base);
// where each image's peak falls: the worker's last progress message (stage and fraction) before it
let top = { mb: 0, at: 0 };
// every sample of the run (time, MB above start), to give the peak of each stage of the worker
let samples = [];
const timer = setInterval(() => {
  for (const p of pids) {
    const v = rss(p);
    peak.set(p, Math.max(peak.get(p) || 0, v));
    samples.push({ at: Date.now(), mb: (v - base.get(p)) / 1e6 });
    if ((v - base.get(p)) / 1e6 > top.mb) top = { mb: (v - base.get(p)) / 1e6, at: Date.now() };
  }
}, 50);

await page.evaluate(() => {
  window.__w = new Worker(new URL('./ocr-worker.js', location.href), { type: 'module' });
  window.__progress = [];
  let id = 0;
  window.__run = (file, name) => new Promise((resolve, reject) => {
    const my = ++id;
    const t0 = performance.now();
    window.__w.onmessage = ({ data }) => {
      if (data.type === 'progress') window.__progress.push({ at: Date.now(), stage: data.stage, progress: data.progress });
      if (data.id !== my || data.type === 'progress') return;
      if (data.type === 'result') resolve({ ms: performance.now() - t0, ocr_ms: data.result.timing.ocr_ms, bands: data.result.timing.bands, lines: data.result.lines.length, findings: data.result.findings.length });
      else reject(new Error(data.message));
    };
    window.__w.postMessage({ id: my, kind: 'image', file });
  });
});
// the image reaches the worker as a picked file does, a disk-backed File from a file input: a base64 string
// through page.evaluate, and its decoding to bytes, would add tens of MB of the page's own garbage to the
// renderer's peak, which is not the worker's
await page.evaluate(() => { const i = document.createElement('input'); i.type = 'file'; i.id = '__bench_file'; i.hidden = true; document.body.append(i); });
const run = async (im) => {
  await page.setInputFiles('#__bench_file', join(dir, im.name, im.c.file));
  return page.evaluate((name) => window.__run(document.getElementById('__bench_file').files[0], name), im.c.file);
};

const rows = [];
for (const im of images) {
  if (only && im.name !== 'warmup' && !only.includes(im.name)) continue;
  const times = [];
  let r;
  const cpus = [];
  for (let k = 0; k < (im.name === 'warmup' ? 1 : runs); k++) {
    top = { mb: 0, at: 0 };
    samples = [];
    const c0 = pids.reduce((a, p) => a + cpu(p), 0);
    r = await run(im);
    times.push(r.ms);
    cpus.push(pids.reduce((a, p) => a + cpu(p), 0) - c0);
  }
  const peakMB = Math.max(...pids.map((p) => (peak.get(p) - base.get(p)) / 1e6));
  const before = (await page.evaluate(() => window.__progress)).filter((e) => e.at <= top.at).pop();
  const peakAt = before ? `${before.stage || 'start'} ${Math.round((before.progress || 0) * 100)} %` : 'before the first progress message';
  // the last run's peak by stage (decode, load-ocr, ocr, check): each sample belongs to the last message before it
  const prog = await page.evaluate(() => window.__progress);
  const byStage = {};
  for (const x of samples) {
    const m = prog.filter((e) => e.at <= x.at).pop();
    const st = m ? m.stage : 'start';
    byStage[st] = Math.max(byStage[st] || 0, Math.round(x.mb));
  }
  rows.push({ image: im.name, size: `${im.c.width}×${im.c.height}`, file_kb: Math.round(im.bytes.length / 1024), best_s: (Math.min(...times) / 1000).toFixed(2), mean_s: (times.reduce((a, b) => a + b, 0) / times.length / 1000).toFixed(2), cpu_s: im.name === 'warmup' ? '—' : Math.min(...cpus).toFixed(2), bands: r.bands, lines: r.lines, worker_peak_mb_so_far: Math.round(peakMB), last_run_peak_mb: Math.round(top.mb), last_run_peak_at: peakAt, last_run_peak_by_stage: byStage });
  console.log(JSON.stringify(rows[rows.length - 1]));
}
clearInterval(timer);
console.log('\nimage               size         file KB  best s  mean s  CPU s  bands  lines  renderer peak above start (MB, cumulative)');
for (const r of rows) console.log(`${r.image.padEnd(20)}${r.size.padEnd(13)}${String(r.file_kb).padStart(7)}  ${r.best_s.padStart(6)}  ${r.mean_s.padStart(6)}  ${r.cpu_s.padStart(5)}  ${String(r.bands).padStart(5)}  ${String(r.lines).padStart(5)}  ${r.worker_peak_mb_so_far}`);
console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (${(await import('node:os')).cpus().length} cores)`);
console.log(`(runs per image: ${runs}; the warm-up includes the models' download and compilation)`);
await browser.close();
await server.close?.();
