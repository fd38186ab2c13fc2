#!/usr/bin/env node
// Time to first result in the page, with a breakdown: headless chromium (tests/e2e/lib.mjs: /usr/bin/chromium via
// playwright-core, tools/serve.mjs on localhost), a fresh browser context per visit.
//
//   node bench/first-result.mjs [VISITS] [--repeat] [--no-sw] [--root DIR] [--verbose]
//
// VISITS (default 10) cold visits: a new context each (no HTTP cache, no service worker). With --repeat each
// visit is a second visit in its context (the first one installed the service worker and cached the page),
// with a restored draft, as tests/e2e/page.test.mjs times it. --no-sw blocks the service worker (what the page
// costs without it). --root serves another folder (e.g. dist/).
// Prints one JSON object: per visit, in ms since navigation: DOMContentLoaded, the worker's milestones
// (worker started, engine.js imported, wasm response, wasm compiled, instantiated, engine initialised), engine
// ready as the page saw it, and the first rendered result; then the medians.
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const optv = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : null);
if (optv('--root')) process.env.ZICHA_WEB_ROOT = resolve(optv('--root'));
const lib = await import(pathToFileURL(join(ROOT, 'tests', 'e2e', 'lib.mjs')).href);
const why = lib.missingPrerequisite();
if (why) {
  process.stdout.write(JSON.stringify({ skipped: why }) + '\n');
  process.exit(0);
}
const visits = +(args.find((a) => /^\d+$/.test(a)) || 10);
const repeat = flag('--repeat');
const server = await lib.startServer();
const browser = await lib.launch();
const out = [];

async function measure(page, workers) {
  await lib.waitForResult(page);
  const p = await page.evaluate(() => {
    const mark = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      timeOrigin: performance.timeOrigin,
      dom_content_loaded: nav ? nav.domContentLoadedEventEnd : null,
      engine_ready: mark('zicha-engine-ready'),
      first_result: window.zichaTimings ? window.zichaTimings.sinceNavigationMs : mark('zicha-first-result'),
      findings: document.querySelectorAll('#preview mark').length,
      nav_response_end: nav ? nav.responseEnd : null,
      resources: performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseEnd)]),
    };
  });
  let w = null;
  for (const wk of workers) {
    const t = await wk.evaluate(() => self.zichaWorkerTimings || null).catch(() => null);
    if (t && t.timeOrigin) w = t;
  }
  const rel = (x) => (w && x != null ? w.timeOrigin + x - p.timeOrigin : null);
  return {
    dom_content_loaded: p.dom_content_loaded,
    worker_start: rel(w?.start),
    engine_js: rel(w?.engineJs),
    wasm_response: rel(w?.wasmResponse),
    wasm_compiled: rel(w?.wasmCompiled),
    instantiated: rel(w?.instantiated),
    initialised: rel(w?.initialised),
    engine_ready: p.engine_ready,
    first_result: p.first_result,
    findings: p.findings,
    html: p.nav_response_end,
    ...(flag('--verbose') ? { resources: p.resources } : {}),
  };
}

try {
  for (let k = 0; k < visits; k++) {
    const context = await browser.newContext(flag('--no-sw') ? { serviceWorkers: 'block' } : {});
    let page = await context.newPage();
    if (repeat) {
      await page.goto(server.url, { waitUntil: 'load' });
      await lib.waitForResult(page);
      await page.evaluate(() => localStorage.setItem('zicha.draft', JSON.stringify({ text: '全网最好的面膜', category: '' })));
      if (!flag('--no-sw')) await page.evaluate(() => navigator.serviceWorker && navigator.serviceWorker.ready);
      const page2 = await context.newPage();
      await page.close();
      page = page2;
    }
    const workers = [];
    page.on('worker', (wk) => workers.push(wk));
    await page.goto(server.url, { waitUntil: 'load' });
    out.push(await measure(page, workers));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close?.();
}
const keys = Object.keys(out[0] || {}).filter((k) => k !== 'resources');
const res = out.map((t) => Object.fromEntries(keys.map((k) => [k, t[k] == null ? null : Math.round(t[k])])));
const med = (k) => {
  const v = res.map((x) => x[k]).filter((x) => x != null).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};
const median = Object.fromEntries(keys.map((k) => [k, med(k)]));
if (flag('--verbose')) for (const [i, v] of res.entries()) process.stdout.write(JSON.stringify({ ...v, resources: out[i].resources }) + '\n');
process.stdout.write(JSON.stringify({ mode: (repeat ? 'repeat' : 'cold') + (flag('--no-sw') ? ' no-sw' : ''), n: res.length, median }) + '\n');
process.exit(0);
