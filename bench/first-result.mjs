#!/usr/bin/env node
// Time to first result in the page, with a breakdown: headless chromium (tests/e2e/lib.mjs: /usr/bin/chromium via
// playwright-core, tools/serve.mjs on localhost), a fresh browser context per visit (cold: no HTTP cache, no
// service worker). Prints one JSON object: per visit the navigation → DOMContentLoaded, → engine ready (worker
// fetched, compiled and initialised the wasm), → first rendered result, and the fetch of gen/zicha.wasm.
//
//   node bench/first-result.mjs [VISITS]       (default 5)
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = await import(pathToFileURL(join(ROOT, 'tests', 'e2e', 'lib.mjs')).href);
const why = lib.missingPrerequisite();
if (why) {
  process.stdout.write(JSON.stringify({ skipped: why }) + '\n');
  process.exit(0);
}
const visits = +(process.argv[2] || 5);
const server = await lib.startServer();
const browser = await lib.launch();
const out = [];
try {
  for (let k = 0; k < visits; k++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    await lib.waitForResult(page);
    const t = await page.evaluate(() => {
      const mark = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
      const nav = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').filter((r) => /zicha\.wasm/.test(r.name));
      return {
        dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
        engine_ready_ms: mark('zicha-engine-ready'),
        first_result_ms: window.zichaTimings ? window.zichaTimings.sinceNavigationMs : mark('zicha-first-result'),
        wasm_fetch: wasm.map((r) => ({ start_ms: r.startTime, end_ms: r.responseEnd, bytes: r.encodedBodySize })),
      };
    });
    out.push(t);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close?.();
}
const r = (x) => (x == null ? null : Math.round(x));
const res = out.map((t) => ({
  dom_content_loaded_ms: r(t.dom_content_loaded_ms),
  engine_ready_ms: r(t.engine_ready_ms),
  first_result_ms: r(t.first_result_ms),
  wasm_fetch_ms: t.wasm_fetch.length ? r(t.wasm_fetch[0].end_ms - t.wasm_fetch[0].start_ms) : null,
  wasm_fetch_start_ms: t.wasm_fetch.length ? r(t.wasm_fetch[0].start_ms) : null,
}));
const med = (k) => {
  const v = res.map((x) => x[k]).filter((x) => x != null).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};
process.stdout.write(
  JSON.stringify({
    visits: res,
    median: Object.fromEntries(['dom_content_loaded_ms', 'wasm_fetch_start_ms', 'wasm_fetch_ms', 'engine_ready_ms', 'first_result_ms'].map((k) => [k, med(k)])),
  }) + '\n',
);
process.exit(0);
