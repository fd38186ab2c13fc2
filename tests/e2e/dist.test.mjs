// `make dist` end to end: builds the site with tools/dist.mjs into build/e2e-dist/,
// serves it under a subpath of a static server that sends the production CSP header, checks a text, checks
// that every asset has a content-hashed name and a relative URL, that the service worker precached the core
// (precache.json), then goes offline and reloads; and the share target: a POST to ./share is answered by the
// service worker, the shared text is offered, lands in the box when taken, and never reaches the server. TAP output.
//
//   node tests/e2e/dist.test.mjs

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, WEB_ROOT, startSuite, launch, pageRunner, setText, okStaysLocal, shot, waitForResult, renderedFindings,
  waitForServiceWorker,
} from './lib.mjs';

const t = startSuite('dist');

// ------------------------------------------------------------------ build
const OUT = join(ROOT, 'build', 'e2e-dist');
const { buildDist } = await import(pathToFileURL(join(ROOT, 'tools', 'dist.mjs')).href);
let built;
const t0 = Date.now();
try {
  built = buildDist({ web: WEB_ROOT, out: OUT, log: (s) => t.diag(s) });
} catch (e) {
  t.ok(false, 'dist: tools/dist.mjs builds the site', e.message);
  process.exit(t.end() ? 1 : 0);
}
t.ok(true, `dist: tools/dist.mjs builds the site (${Date.now() - t0} ms, ${built.files.length} files)`);
const mk = readFileSync(join(ROOT, 'mk', 'web.mk'), 'utf8');
t.ok(/^dist:/m.test(mk) && mk.includes('tools/dist.mjs'), 'dist: `make dist` is defined in mk/web.mk');

const HASHED = /\.[0-9a-f]{8}\.[a-z]+$/;
const shipped = built.files;
const unhashed = shipped.filter((f) => !HASHED.test(f) && !/^(index\.html|sw\.js|precache\.json)$/.test(f) && !f.startsWith(built.ocrDir + '/'));
t.ok(unhashed.length === 0, 'dist: every asset except index.html, sw.js and precache.json has a content-hashed name', unhashed.join('\n'));
t.ok(!shipped.some((f) => /(^|\/)(cli\.mjs|batch\.js|README\.md)$/.test(f)), 'dist: Node-only files are not shipped');
const ocrShipped = built.ocrDir && ['ch_PP-OCRv4_det_infer.zq.gz', 'ch_PP-OCRv4_rec_infer.zq.gz', 'ort-wasm-simd-threaded.wasm.zst', 'fzstd.mjs', 'jpeg-decode.mjs']
  .every((n) => shipped.includes(`${built.ocrDir}/${n}`));
if (existsSync(join(WEB_ROOT, 'gen', 'paddle'))) t.ok(ocrShipped && /^gen\/paddle\.[0-9a-f]{8}$/.test(built.ocrDir), `dist: the OCR assets (PaddleOCR) are shipped under ${built.ocrDir}/`);
t.ok(!shipped.some((f) => f.startsWith('gen/ocr')), 'dist: the tesseract assets (gen/ocr, not used by the page) are not shipped');
const html = readFileSync(join(OUT, 'index.html'), 'utf8');
const urls = [...html.matchAll(/(?:href|src)="([^"#]+)"/g)].map((m) => m[1]);
t.ok(urls.length >= 4 && urls.every((u) => !/^(\/|[a-z]+:)/i.test(u)), 'dist: index.html uses relative URLs only', urls.join(' '));
const precache = JSON.parse(readFileSync(join(OUT, 'precache.json'), 'utf8'));
t.ok(precache.includes('index.html') && precache.some((u) => /^gen\/zicha\.[0-9a-f]{8}\.wasm$/.test(u)) && !precache.some((u) => u.includes('/paddle.')),
  'dist: precache.json lists the core (not the OCR assets)', precache.join(' '));

// ------------------------------------------------------------------ serve under a subpath with the CSP header
const serve = await import(pathToFileURL(join(ROOT, 'tools', 'serve.mjs')).href);
const server = await serve.startServer({ root: OUT, port: 0 });
const serverLog = [];
server.server.on('request', (req) => serverLog.push({ method: req.method, url: req.url }));
const origin = new URL(server.url).origin;
const BASE = server.url + 'sub/path/'; // tools/serve.mjs serves the tree under /sub/path/ too
const browser = await launch();

const statuses = [];
const recordStatuses = (context) =>
  context.on('response', (r) => statuses.push({ url: r.url(), status: r.status(), sw: r.fromServiceWorker(), type: r.headers()['content-type'] || '' }));
const withPage = pageRunner(browser, t, 'dist');
await withPage('page', { setup: recordStatuses }, async (page, { context, requests, problems }) => {
  page.on('console', (m) => {
    // (tesseract's LSTM-only model logs "Warning: Parameter not found: …" as console errors: not ours)
    if (m.type() === 'error' && !/^Warning: Parameter not found/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  const res = await page.goto(BASE, { waitUntil: 'load' });
  const csp = res.headers()['content-security-policy'] || '';
  t.ok(csp.includes("default-src 'none'") && csp.includes("script-src 'self' 'wasm-unsafe-eval'"), 'serve: the page is served with the CSP header', csp);
  await waitForResult(page);
  await setText(page, '全网最好的面膜');
  let found = await renderedFindings(page);
  t.ok(found.some((f) => f.text === '最好' && f.start === 2 && f.end === 4), 'dist: the page checks text under a subpath with the CSP header', JSON.stringify(found));
  const wasm = statuses.find((s) => /zicha\.[0-9a-f]{8}\.wasm$/.test(s.url));
  t.ok(wasm && wasm.status === 200 && wasm.type.startsWith('application/wasm'), 'dist: the hashed wasm is fetched as application/wasm', JSON.stringify(wasm));
  const bad = statuses.filter((s) => s.status >= 400);
  t.ok(bad.length === 0, 'dist: no request fails', bad.map((s) => `${s.status} ${s.url}`).join('\n'));
  const fetched = statuses.filter((s) => !s.url.endsWith('/') && !/\/(sw\.js|precache\.json|index\.html)$/.test(new URL(s.url).pathname)).map((s) => new URL(s.url).pathname);
  const plain = fetched.filter((p) => !HASHED.test(p));
  t.ok(plain.length === 0, 'dist: every asset the page loads has a hashed name', plain.join('\n'));

  // The service worker controls the page and has precached the whole core list.
  await waitForServiceWorker(page);
  const sw = await page.evaluate(async () => {
    const list = await (await fetch('./precache.json')).json();
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => /^zicha-[0-9a-f]{8}$/.test(n)));
    const missing = [];
    for (const u of list) if (!(await cache.match(new URL(u, location.href).href))) missing.push(u);
    return { controlled: !!navigator.serviceWorker.controller, names, missing };
  });
  t.ok(sw.controlled && sw.missing.length === 0, 'dist: the service worker precached every file of precache.json', JSON.stringify(sw));

  // Offline reload.
  await context.setOffline(true);
  const t1 = Date.now();
  await page.reload({ waitUntil: 'load' });
  await waitForResult(page);
  const offlineMs = Date.now() - t1;
  await setText(page, '本品能治疗失眠，全网最低价');
  found = await renderedFindings(page);
  t.ok(found.length >= 2 && found.some((f) => f.text.includes('最低价')), `dist: offline reload works and checks (${offlineMs} ms to first result)`, JSON.stringify(found));
  await context.setOffline(false);

  // Share target: POST multipart to ./share from another page (as the OS share sheet does).
  const shared = '分享来的文案：全网最好的面膜';
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
  t.ok(manifest.share_target && manifest.share_target.method === 'POST' && manifest.share_target.action === './share'
    && manifest.share_target.enctype === 'multipart/form-data', 'share: the manifest declares a POST share target', JSON.stringify(manifest.share_target));
  const before = serverLog.length;
  const page2 = await context.newPage();
  await page2.goto('about:blank');
  await page2.setContent(`<form method="post" enctype="multipart/form-data" action="${BASE}share"><input name="title" value=""><textarea name="text"></textarea></form>`);
  await page2.fill('textarea', shared);
  await Promise.all([page2.waitForURL(BASE), page2.evaluate(() => document.forms[0].submit())]);
  await waitForResult(page2);
  // offered, never applied by itself: the draft stays until the offer is taken
  await page2.click('#notice-action');
  await waitForResult(page2);
  const value = await page2.inputValue('#text');
  const search = await page2.evaluate(() => location.search);
  t.ok(value === shared && search === '', 'share: a POSTed share is offered, lands in the text box when taken, and the URL carries nothing', `${JSON.stringify(value)} ${search}`);
  const leaked = serverLog.slice(before).filter((r) => r.method !== 'GET' || r.url.includes('share') || decodeURIComponent(r.url).includes('面膜'));
  t.ok(leaked.length === 0, 'share: the shared text never reaches the server (the service worker answers the POST)', JSON.stringify(serverLog.slice(before)));
  const found2 = await renderedFindings(page2);
  t.ok(found2.some((f) => f.text === '最好'), 'share: and is checked');
  const leftover = await page2.evaluate(async () => (await caches.open('zicha-share')).keys().then((k) => k.length));
  t.ok(leftover === 0, 'share: the service worker\'s copy of the shared text is deleted once taken');
  await page2.close();

  // The licence check from dist/ (OCR assets under gen/paddle.<hash>/, rewritten paths in ocr-worker.js).
  if (built.ocrDir && existsSync('/usr/bin/qrencode')) {
    const dir = join(ROOT, 'build', 'e2e-licence');
    if (!existsSync(join(dir, 'lic005.json'))) {
      const { generate } = await import(pathToFileURL(join(ROOT, 'tests', 'licence', 'gen.mjs')).href);
      await generate({ out: dir, only: ['lic005'] });
    }
    const truth = JSON.parse(readFileSync(join(dir, 'lic005.json'), 'utf8'));
    const t2 = Date.now();
    await page.setInputFiles('#licencefile', { name: 'lic005.png', mimeType: 'image/png', buffer: readFileSync(join(dir, truth.file)) });
    await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.licence), null, { timeout: 240000, polling: 250 });
    const out = await page.evaluate(() => ({
      state: document.documentElement.dataset.licence,
      error: document.getElementById('licence-error').textContent,
      uscc: document.querySelector('#licence-fields dd[data-field=uscc]')?.textContent,
    }));
    const ocrReq = statuses.filter((s) => s.url.includes(`/${built.ocrDir}/`));
    t.ok(out.state === 'done' && out.uscc === truth.fields.uscc && ocrReq.length >= 3 && ocrReq.every((s) => s.status === 200),
      `dist: the licence check loads its OCR assets from ${built.ocrDir}/ (${Date.now() - t2} ms)`, JSON.stringify(out));
  } else t.skip('dist: licence check from dist/', 'no OCR assets or no qrencode');

  okStaysLocal(t, 'dist', requests, origin);
  t.ok(problems.length === 0, 'dist: no page errors', problems.join('\n'));
  await shot(page, 'dist');
});
await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
