// Browser test of the page: headless Debian chromium via playwright-core against
// tools/serve.mjs on a random port, at the root and under the subpath /sub/path/. TAP output.
//
//   node tests/e2e/page.test.mjs
//
// Screenshots go to build/screenshots/ (desktop.png, phone.png, and fail-*.png on failure).
// Prints the time from navigation to the first rendered check result (performance.now() at first render).

import { startSuite, startServer, launch, pageRunner, open, okStaysLocal, shot, waitForResult, renderedFindings } from './lib.mjs';

const t = startSuite('page');
const server = await startServer();
const browser = await launch();
const origin = new URL(server.url).origin;
const firstResultTimes = [];

const withPage = pageRunner(browser, t, 'page', { defaults: { deviceScaleFactor: 1 }, consoleErrors: true });

async function typeAndWait(page, text) {
  await page.fill('#text', '');
  await page.locator('#text').pressSequentially(text, { delay: 5 });
  await waitForResult(page);
}

async function checkFlow(label, base, viewport, shotName) {
  await withPage(label, { viewport }, async (page, { requests, problems }) => {
    await open(page, base); // the empty text is checked once at start
    const timing = await page.evaluate(() => window.zichaTimings);
    t.ok(timing && timing.sinceNavigationMs > 0, `${label}: first check result rendered`, JSON.stringify(timing));
    if (timing) firstResultTimes.push(timing.sinceNavigationMs);

    await typeAndWait(page, '全网最好的面膜');
    const found = await renderedFindings(page);
    const abs = found.find((f) => f.family === 'absolute_term');
    t.ok(abs, `${label}: 全网最好的面膜 gives an absolute_term finding`, JSON.stringify(found));
    if (abs) {
      t.ok(abs.text === '最好' && abs.start === 2 && abs.end === 4,
        `${label}: highlight covers exactly 最好, code points [2,4)`, JSON.stringify(abs));
    }
    const verdictClass = await page.getAttribute('#verdict', 'class');
    t.ok(/error/.test(verdictClass || ''), `${label}: verdict shows an error`, verdictClass);
    const used = await page.textContent('#category-used');
    t.ok(/类目/.test(used || ''), `${label}: category used is shown`, used);
    if (shotName) await shot(page, shotName);

    await typeAndWait(page, '🎉全网最好');
    const astral = (await renderedFindings(page)).find((f) => f.family === 'absolute_term');
    t.ok(astral && astral.start === 3 && astral.end === 5 && astral.text === '最好',
      `${label}: offsets are code points (emoji before the term)`, JSON.stringify(astral));

    await typeAndWait(page, '最新款连衣裙，最近很火');
    const none = await renderedFindings(page);
    t.ok(none.length === 0, `${label}: 最新款连衣裙，最近很火 gives no findings`, JSON.stringify(none));
    const marks = await page.locator('#preview mark').count();
    t.ok(marks === 0, `${label}: and no highlight`, `marks=${marks}`);

    okStaysLocal(t, label, requests, origin, { carrying: ['全网最好的面膜', '最新款连衣裙'] });
    const base0 = new URL(base, origin).pathname;
    const outside = requests.filter((r) => r.url.startsWith(origin) && !new URL(r.url).pathname.startsWith(base0));
    t.ok(outside.length === 0, `${label}: every request stays under ${base0}`, outside.map((r) => r.url).join('\n'));
    t.ok(problems.length === 0, `${label}: no page errors or console errors (CSP)`, problems.join('\n'));
  });
}

await checkFlow('root', server.url, { width: 1280, height: 900 }, 'desktop');
await checkFlow('subpath', server.url + 'sub/path/', { width: 1280, height: 900 }, null);
await checkFlow('phone', server.url + 'sub/path/', { width: 375, height: 740 }, 'phone');

// The page's own CSP meta is present and matches the served header's directives.
await withPage('csp', { viewport: { width: 1000, height: 700 } }, async (page) => {
  const res = await page.goto(server.url);
  const header = res.headers()['content-security-policy'] || '';
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  const dirs = (s) => new Set(s.split(';').map((d) => d.trim()).filter(Boolean));
  // frame-ancestors is header-only: browsers ignore it in a <meta> CSP
  const missing = [...dirs(header)].filter((d) => !d.startsWith('frame-ancestors') && !dirs(meta || '').has(d));
  t.ok(meta && missing.length === 0, 'csp: the <meta> CSP has every directive the server sends', missing.join('\n'));
  // the HTML as served: no inline <script>, <style> or style="" (scripts may set CSSOM properties later)
  const html = await res.text();
  const inline = {
    scripts: (html.match(/<script(?![^>]*\bsrc=)[^>]*>/gi) || []).length,
    styles: (html.match(/<style\b|\sstyle=/gi) || []).length,
    handlers: (html.match(/\son[a-z]+=/gi) || []).length,
  };
  t.ok(inline.scripts === 0 && inline.styles === 0 && inline.handlers === 0, 'csp: no inline script, style or event handler', JSON.stringify(inline));
});

// Timing: navigation -> first rendered check result (engine fetched, compiled and run in the worker), a
// restored draft so that the first check has real text; a fresh browser context each time, second visit (the
// first visit installed the service worker, so the page and engine come from its cache).
const timed = [];
for (let k = 0; k < 5; k++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + 'sub/path/');
  await page.evaluate(() => localStorage.setItem('zicha.draft', JSON.stringify({ text: '全网最好的面膜', category: '' })));
  await context.clearCookies();
  const page2 = await context.newPage();
  await page.close();
  await page2.goto(server.url + 'sub/path/');
  await waitForResult(page2);
  const tm = await page2.evaluate(() => window.zichaTimings);
  const n = await page2.locator('#preview mark').count();
  if (tm && n > 0) timed.push(tm.sinceNavigationMs);
  await context.close();
}
t.ok(timed.length === 5, `timing: 5 loads with a restored draft rendered their findings (${timed.length})`);
if (timed.length) {
  const s = [...timed].sort((a, b) => a - b);
  t.diag(`navigation -> first rendered check result, repeat visit with a restored draft: median ${s[Math.floor(s.length / 2)].toFixed(0)} ms (min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)})`);
}

if (firstResultTimes.length) {
  const sorted = [...firstResultTimes].sort((a, b) => a - b);
  t.diag(`navigation -> first rendered check result, first visit (empty text): ${sorted.map((x) => x.toFixed(0) + ' ms').join(', ')}`);
}

await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
