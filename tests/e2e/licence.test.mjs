// Licence upload in the page: a generated 营业执照 image
// (tests/licence/gen.mjs, case lic005: a QR code pointing to a look-alike domain) is picked in the page; the
// progress bar moves through model download and recognition; the fields, the QR payload and the licence_*
// finding are shown; no request goes to another origin and the image is never sent anywhere. Then, with the
// network off, a reload and a second check work from the service worker's cache (OCR assets cached after first
// use). TAP output; timings as # diagnostics.
//
//   node tests/e2e/licence.test.mjs

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, startSuite, startServer, launch, pageRunner, paddleAssets, okStaysLocal, okNothingSent, shot, waitForServiceWorker,
} from './lib.mjs';

const t = startSuite('licence', {
  also: [paddleAssets(), [existsSync('/usr/bin/qrencode'), 'qrencode not installed (tests/licence/gen.mjs needs it)']],
});

// ------------------------------------------------------------------ a small generated licence image
const CASE = 'lic005';
const dir = join(ROOT, 'build', 'e2e-licence');
if (!existsSync(join(dir, `${CASE}.json`))) {
  const { generate } = await import(pathToFileURL(join(ROOT, 'tests', 'licence', 'gen.mjs')).href);
  await generate({ out: dir, only: [CASE] });
}
const truth = JSON.parse(readFileSync(join(dir, `${CASE}.json`), 'utf8'));
const image = readFileSync(join(dir, truth.file));
t.diag(`image ${truth.file}: ${(image.length / 1024).toFixed(0)} KB, planted ${truth.planted.join(', ')}`);

const server = await startServer();
const browser = await launch();
const origin = new URL(server.url).origin;
const BASE = server.url + 'sub/path/';
const withPage = pageRunner(browser, t, 'licence');

async function runLicence(page, label) {
  await page.evaluate(() => {
    delete document.documentElement.dataset.licence;
    window.__bar = [];
    const bar = document.getElementById('licence-bar');
    const stage = document.getElementById('licence-stage');
    new MutationObserver(() => window.__bar.push([bar.value, stage.textContent])).observe(stage, { childList: true, characterData: true, subtree: true });
  });
  const t0 = Date.now();
  await page.setInputFiles('#licencefile', { name: truth.file, mimeType: 'image/png', buffer: image });
  await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.licence), null, { timeout: 240000, polling: 250 });
  const ms = Date.now() - t0;
  const out = await page.evaluate(() => ({
    state: document.documentElement.dataset.licence,
    error: document.getElementById('licence-error').textContent,
    fields: Object.fromEntries([...document.querySelectorAll('#licence-fields dd')].map((d) => [d.dataset.field, d.textContent])),
    qr: document.getElementById('licence-qr').dataset.qr,
    families: [...document.querySelectorAll('#licence-findings li')].map((li) => li.dataset.family),
    verdict: document.getElementById('licence-verdict').textContent,
    bar: window.__bar,
  }));
  t.diag(`${label}: ${ms} ms; fields ${JSON.stringify(out.fields)}; findings ${out.families.join(', ')}`);
  return { ...out, ms };
}

await withPage('flow', {}, async (page, { context, requests, problems }) => {
  await page.goto(BASE, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
  // The service worker has taken control (first visit); the OCR assets are fetched only now, on first use.
  await waitForServiceWorker(page);
  const first = await runLicence(page, 'first check (downloads the model)');
  t.ok(first.state === 'done', `licence: the image is checked in the page (${first.ms} ms including the model download)`, first.error);
  t.ok(first.fields.uscc === truth.fields.uscc && first.fields.name === truth.fields.name,
    'licence: the USCC and the name are read correctly', JSON.stringify(first.fields));
  const readable = Object.keys(truth.fields).filter((k) => first.fields[k] && !/未能识别/.test(first.fields[k]));
  t.ok(readable.length >= 8, `licence: ${readable.length}/10 fields shown`, JSON.stringify(first.fields));
  t.ok(first.qr === truth.qr, 'licence: the QR payload is shown', first.qr);
  t.ok(first.families.includes('licence_qr_not_official') && /营业执照问题/.test(first.verdict),
    'licence: the planted licence_qr_not_official finding is shown', `${first.families} ${first.verdict}`);
  const values = first.bar.map(([v]) => v);
  const stages = first.bar.map(([, s]) => s).join(' | ');
  t.ok(values.length >= 3 && values.some((v) => v > 0 && v < 100) && /加载文字识别模型/.test(stages) && /识别文字/.test(stages),
    'licence: the progress bar moves through the model download and the recognition', stages.slice(0, 400));
  await shot(page, 'licence');

  okStaysLocal(t, 'licence', requests, origin);
  okNothingSent(t, 'licence: the image is never sent (no POST, no request for it)', requests, /\.png($|\?)/);

  // OCR assets are cached after first use: offline reload and a second check.
  await context.setOffline(true);
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
  const offline = await runLicence(page, 'offline check');
  await context.setOffline(false);
  t.ok(offline.state === 'done' && offline.fields.uscc === truth.fields.uscc && offline.families.includes('licence_qr_not_official'),
    `licence: after first use the licence check works offline (${offline.ms} ms)`, offline.error);
  t.ok(problems.length === 0, 'licence: no uncaught page error', problems.join('\n'));
});

// ------------------------------------------------------------------ results: accessibility and the phone layout
const axeSource = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
// bypassCSP only so that the test can inject axe; the page itself is unchanged.
await withPage('phone', { viewport: { width: 375, height: 740 }, bypassCSP: true }, async (p) => {
  await p.goto(BASE, { waitUntil: 'load' });
  await p.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
  await p.setInputFiles('#licencefile', { name: truth.file, mimeType: 'image/png', buffer: image });
  await p.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.licence), null, { timeout: 240000, polling: 250 });
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 375, `licence-phone: the results fit a 375-px phone (scrollWidth ${width})`);
  await p.evaluate(axeSource);
  const res = await p.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  t.ok(serious.length === 0, 'licence-phone: no serious or critical accessibility violations with results shown',
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n'));
  await p.locator('#licence-tool').screenshot({ path: join(ROOT, 'build', 'screenshots', 'licence-phone.png') });
});
await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
