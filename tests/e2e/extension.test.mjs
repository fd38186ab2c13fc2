// Browser tests of the extension (extension/): loaded unpacked into headless Chromium, against local fixture pages
// (tests/e2e/ext-fixtures/) that imitate a seller back-end form and a product page, served with a strict CSP.
// TAP output.
//
//   node tests/e2e/extension.test.mjs
//
// The suite builds a test variant of the extension into build/extension/test/ with http://127.0.0.1/* in
// host_permissions: a headless browser cannot click the permission prompt of the popup's "启用" button. The popup
// is opened as a tab (popup.html?tab=ID). localhost serves the same fixtures as a site that is never switched on.
// Screenshots: build/screenshots/extension-*.png; with ZICHA_SHOTS=DIR also into DIR.

import { createServer } from 'node:http';
import { readFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, extname } from 'node:path';
import { ROOT, CHROMIUM, startSuite, shot, foreignRequests, requestsCarrying, traceMainThread } from './lib.mjs';

const t = startSuite('extension');
const EXT = join(ROOT, 'build', 'extension', 'test');
const FIX = join(ROOT, 'tests', 'e2e', 'ext-fixtures');
const EXTRA_SHOTS = process.env.ZICHA_SHOTS || '';
execFileSync(process.execPath, [join(ROOT, 'extension', 'build.mjs'), '--out', EXT, '--test-hosts', 'http://127.0.0.1/*'], { stdio: 'inherit' });

// ------------------------------------------------------------------ fixture server (strict CSP, as many back-ends)
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; frame-src 'self'; img-src 'self'; connect-src 'self'";
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const name = new URL(req.url, 'http://x').pathname.replace(/^\/+/, '') || 'seller.html';
  const file = join(FIX, name);
  if (name.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': MIME[extname(file)] || 'application/octet-stream', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const PORT = server.address().port;
const ON = `http://127.0.0.1:${PORT}`; // the site switched on in the test
const OFF = `http://localhost:${PORT}`; // the same pages on a site never switched on

const { chromium } = await import('playwright-core');
const context = await chromium.launchPersistentContext('', {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 900, height: 700 },
  locale: 'zh-CN',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
const requests = [];
context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), post: r.postData() || '' }));
let [sw] = context.serviceWorkers();
if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 15000 });
const ID = new URL(sw.url()).host;
const problems = [];

async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    t.ok(false, `${name}: ${e.message.split('\n')[0]}`, e.stack);
    for (const p of context.pages()) await shot(p, `fail-extension-${name.replace(/\W+/g, '-')}-${context.pages().indexOf(p)}`).catch(() => {});
  }
}
async function extraShot(page, name, opts = {}) {
  await shot(page, `extension-${name}`);
  if (EXTRA_SHOTS) {
    mkdirSync(EXTRA_SHOTS, { recursive: true });
    await page.screenshot({ path: join(EXTRA_SHOTS, name + '.png'), ...opts });
  }
}
async function tabIdOf(url) {
  return sw.evaluate(async (u) => (await chrome.tabs.query({})).find((x) => x.url === u).id, url);
}
async function openPopup(forUrl) {
  const id = await tabIdOf(forUrl);
  const p = await context.newPage();
  await p.setViewportSize({ width: 400, height: 640 });
  p.on('pageerror', (e) => problems.push(`popup: ${e.message}`));
  await p.goto(`chrome-extension://${ID}/popup.html?tab=${id}`);
  return p;
}
const count = (page, sel) => page.$eval(sel, (el) => el.getAttribute('data-zicha-count'));
const underlines = (page) => page.evaluate(() => {
  const h = document.querySelector('zicha-overlay');
  return h && h.shadowRoot ? h.shadowRoot.querySelectorAll('.u').length : 0;
});
// The extension's first check waits for the page script, the service worker and the wasm engine: on a loaded
// two-core machine that took more than 8 s twice (reload, settings). The wait ends as soon as the count is there.
async function waitCount(page, sel, min = 1, timeout = 30000) {
  await page.waitForFunction(([s, m]) => {
    const el = document.querySelector(s);
    const v = el && el.getAttribute('data-zicha-count');
    return v !== null && Number(v) >= m;
  }, [sel, min], { timeout });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); // underlines follow in the next frame
  return Number(await count(page, sel));
}

const seller = await context.newPage();
seller.on('pageerror', (e) => problems.push(`seller: ${e.message}`));
await seller.goto(`${ON}/seller.html`);

await step('not switched on', async () => {
  await seller.click('#title');
  await seller.keyboard.type('全网最好的面膜');
  await seller.waitForTimeout(800);
  const touched = await seller.evaluate(() => !!document.querySelector('zicha-overlay, [data-zicha-count]'));
  t.ok(!touched, 'before the site is switched on, the page is untouched (no overlay, no data-zicha-count)');
});

let popup;
await step('switch on', async () => {
  popup = await openPopup(`${ON}/seller.html`);
  await popup.waitForSelector('#site-toggle:not([hidden])');
  await popup.click('#site-toggle');
  await popup.waitForFunction(() => document.documentElement.dataset.site === 'on');
  const reg = await sw.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  t.ok(reg.length === 1 && reg[0].matches.includes('http://127.0.0.1/*') && reg[0].allFrames, 'popup switches the site on: content script registered for http://127.0.0.1/* (all frames)', JSON.stringify(reg));
  await extraShot(popup, 'popup-merchant');
  await popup.close();
});

await step('input', async () => {
  const n = await waitCount(seller, '#title'); // the script injected into the open tab checks the focused field
  t.ok(n >= 1, `title input: data-zicha-count=${n} for 全网最好的面膜`);
  t.ok((await underlines(seller)) >= 1, 'title input: underline drawn in the overlay');
  t.ok((await seller.$eval('#title', (el) => el.value)) === '全网最好的面膜', 'the field value is unchanged by checking');
});

await step('textarea fix and undo', async () => {
  await seller.click('#detail');
  await seller.keyboard.type('这是最好的面膜，效果很好');
  const n = await waitCount(seller, '#detail');
  t.ok(n >= 1, `textarea: data-zicha-count=${n}`);
  // hover the underline: the tooltip shows message, basis and the rule data's fixes
  const box = await seller.evaluate(() => {
    const root = document.querySelector('zicha-overlay').shadowRoot;
    const detail = document.getElementById('detail').getBoundingClientRect();
    const u = [...root.querySelectorAll('.u')].map((x) => x.getBoundingClientRect()).find((r) => r.top >= detail.top && r.bottom <= detail.bottom + 4);
    return u && { x: u.left + u.width / 2, y: u.top + u.height / 2 };
  });
  t.ok(!!box, 'textarea: underline inside the field box');
  await seller.mouse.move(box.x, box.y);
  await seller.waitForFunction(() => !document.querySelector('zicha-overlay').shadowRoot.querySelector('.tip').hidden);
  const tip = await seller.evaluate(() => document.querySelector('zicha-overlay').shadowRoot.querySelector('.tip').innerText);
  t.ok(/最/.test(tip) && /依据：《广告法》/.test(tip) && /改为“/.test(tip), 'hover: tooltip with message, basis (《广告法》) and fix buttons', tip);
  await extraShot(seller, 'merchant-tooltip', { clip: { x: 0, y: 0, width: 900, height: 520 } });
  await seller.evaluate(() => (window.__inputs.length = 0));
  const fixLabel = await seller.evaluate(() => document.querySelector('zicha-overlay').shadowRoot.querySelector('.tip button.fix').textContent);
  const fixBox = await seller.evaluate(() => {
    const r = document.querySelector('zicha-overlay').shadowRoot.querySelector('.tip button.fix').getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await seller.mouse.click(fixBox.x, fixBox.y);
  const after = await seller.$eval('#detail', (el) => el.value);
  const to = /改为“(.*)”/.exec(fixLabel)[1];
  t.ok(after === `这是${to}的面膜，效果很好`, `fix applied: ${fixLabel} → ${after}`);
  const inputs = await seller.evaluate(() => window.__inputs);
  t.ok(inputs.some((i) => i.id === 'detail' && i.type === 'insertText'), 'the fix reached the page as an input event (inputType insertText)', JSON.stringify(inputs));
  await seller.waitForFunction(() => document.getElementById('detail').getAttribute('data-zicha-count') === '0', null, { timeout: 8000 }).catch(() => {});
  t.ok((await count(seller, '#detail')) === '0', 'after the fix: data-zicha-count=0');
  await seller.keyboard.press('Control+z');
  t.ok((await seller.$eval('#detail', (el) => el.value)) === '这是最好的面膜，效果很好', 'Ctrl+Z undoes the fix (the browser\'s own undo stack)');
  await waitCount(seller, '#detail');
});

await step('contenteditable', async () => {
  await seller.click('#rich p');
  await seller.keyboard.press('End');
  await seller.keyboard.type('能治疗痘痘，销量第一');
  const n = await waitCount(seller, '#rich');
  t.ok(n >= 1, `contenteditable editor: data-zicha-count=${n}`);
  // alignment: the first underline sits under the matched words' own text rects
  const align = async () => seller.evaluate(() => {
    const root = document.querySelector('zicha-overlay').shadowRoot;
    const el = document.getElementById('rich');
    const tn = [...el.querySelectorAll('p')].map((p) => p.firstChild).find((x) => x && x.data.includes('第一'));
    const r = document.createRange();
    const i = tn.data.indexOf('第一');
    r.setStart(tn, i);
    r.setEnd(tn, i + 2);
    const want = r.getBoundingClientRect();
    const got = [...root.querySelectorAll('.u')].map((u) => u.getBoundingClientRect()).find((u) => Math.abs(u.left - want.left) < 40 && Math.abs(u.bottom - want.bottom) < 40);
    return got ? Math.max(Math.abs(got.right - want.right), Math.abs(got.bottom - want.bottom)) : 999;
  });
  const d0 = await align();
  t.ok(d0 <= 2, `contenteditable: underline under 第一 (off by ${d0.toFixed(1)} px)`);
  await seller.mouse.wheel(0, 180);
  await seller.waitForTimeout(150);
  const d1 = await align();
  await seller.setViewportSize({ width: 640, height: 700 });
  await seller.waitForTimeout(300);
  const d2 = await align();
  await seller.setViewportSize({ width: 900, height: 700 });
  await seller.mouse.wheel(0, -180);
  await seller.waitForTimeout(300);
  t.ok(d1 <= 2 && d2 <= 2, `overlay stays aligned after scrolling (${d1.toFixed(1)} px) and resizing (${d2.toFixed(1)} px)`);
  // caret inside a finding shows its tooltip; apply through it, then undo with the toast's 撤销
  await seller.evaluate(() => {
    const el = document.getElementById('rich');
    const tn = [...el.querySelectorAll('p')].map((p) => p.firstChild).find((x) => x && x.data.includes('第一'));
    const r = document.createRange();
    r.setStart(tn, tn.data.indexOf('第一') + 1);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await seller.waitForFunction(() => !document.querySelector('zicha-overlay').shadowRoot.querySelector('.tip').hidden, null, { timeout: 4000 });
  const before = await seller.$eval('#rich', (el) => el.textContent);
  await seller.evaluate(() => (window.__inputs.length = 0));
  const hasFix = await seller.evaluate(() => !!document.querySelector('zicha-overlay').shadowRoot.querySelector('.tip button.fix'));
  if (hasFix) {
    await seller.evaluate(() => document.querySelector('zicha-overlay').shadowRoot.querySelector('.tip button.fix').click());
    const changed = await seller.$eval('#rich', (el) => el.textContent);
    const inputs = await seller.evaluate(() => window.__inputs);
    t.ok(changed !== before && inputs.some((i) => i.id === 'rich'), `contenteditable: caret on the finding → tooltip → fix applied with an input event (${changed})`, JSON.stringify(inputs));
    await seller.evaluate(() => [...document.querySelector('zicha-overlay').shadowRoot.querySelectorAll('.toast button')].pop().click());
    t.ok((await seller.$eval('#rich', (el) => el.textContent)) === before, 'contenteditable: the toast\'s 撤销 undoes the fix');
  } else t.ok(false, 'contenteditable: the 第一 finding has a fix button');
});

await step('rewriting editor', async () => {
  await seller.click('#rewrite');
  await seller.keyboard.type('家人们，这款是全网最低价！');
  const n = await waitCount(seller, '#rewrite');
  const spans = await seller.$$eval('#rewrite span', (s) => s.length);
  t.ok(n >= 1 && spans >= 2, `editor that rebuilds its DOM on every key: data-zicha-count=${n} (${spans} spans)`);
  await seller.waitForTimeout(200);
  t.ok((await underlines(seller)) >= 3, 'its underlines are redrawn on the rebuilt DOM');
});

await step('spa', async () => {
  await seller.click('#add');
  await seller.waitForSelector('#spec');
  await seller.click('#spec');
  await seller.keyboard.type('假一赔十，100%有效');
  const n = await waitCount(seller, '#spec');
  t.ok(n >= 1, `field added later by the page (SPA): data-zicha-count=${n}`);
});

await step('iframe', async () => {
  const frame = seller.frame({ url: /frame\.html/ });
  await frame.click('#framed');
  await seller.keyboard.type('国家级产品，销量第一');
  const n = await waitCount(frame, '#framed');
  t.ok(n >= 1, `same-site iframe: data-zicha-count=${n}`);
  await extraShot(seller, 'merchant-form', { clip: { x: 0, y: 0, width: 900, height: 700 } });
});

await step('reload', async () => {
  await seller.reload();
  const n = await waitCount(seller, '#prefilled');
  t.ok(n >= 1, `after a reload the registered script checks a pre-filled field without typing: data-zicha-count=${n}`);
});

await step('settings', async () => {
  const opt = await context.newPage();
  opt.on('pageerror', (e) => problems.push(`options: ${e.message}`));
  await opt.goto(`chrome-extension://${ID}/options.html`);
  const before = Number(await count(seller, '#prefilled'));
  const json = JSON.stringify({ 'zicha.ignore': { rules: ['ad.absolute.first'], occurrences: [] }, 'zicha.category': 'cosmetics' });
  await opt.fill('#json', json);
  await opt.click('#import');
  await opt.waitForSelector('#io-status.ok');
  const s = await sw.evaluate(() => chrome.storage.local.get(['ignore', 'category']));
  t.ok(s.category === 'cosmetics' && s.ignore.rules.includes('ad.absolute.first'), 'options: the page\'s JSON imports the ignore list and category', JSON.stringify(s));
  const after = await waitCount(seller, '#prefilled', 0).then(() => seller.waitForTimeout(600)).then(() => count(seller, '#prefilled'));
  const rules = await seller.evaluate(() => 1);
  t.ok(Number(after) < before || rules === 0, `an ignored rule disappears from the fields (${before} → ${after})`);
  await opt.click('#export');
  const out = JSON.parse(await opt.$eval('#json', (el) => el.value));
  t.ok(out['zicha.category'] === 'cosmetics' && out['zicha.ignore'].rules[0] === 'ad.absolute.first', 'options: export gives the page\'s JSON keys');
  await extraShot(opt, 'options');
  await opt.evaluate(() => chrome.storage.local.set({ ignore: { rules: [], occurrences: [] }, category: '' }));
  await opt.close();
});

await step('consumer', async () => {
  const product = await context.newPage();
  await product.goto(`${ON}/product.html`);
  const p = await openPopup(`${ON}/product.html`);
  await p.waitForFunction(() => document.documentElement.dataset.verdict, null, { timeout: 10000 });
  const v = await p.evaluate(() => ({
    level: document.documentElement.dataset.verdict,
    text: document.getElementById('risk').innerText,
    families: [...document.querySelectorAll('#risk-list li')].map((li) => li.dataset.family),
    read: document.getElementById('vet-text').textContent,
  }));
  t.ok(v.level === 'high' && /高风险/.test(v.text), `consumer popup: verdict ${v.level} (${v.text})`);
  t.ok(v.families.includes('absolute_term') && v.families.includes('fake_review'), `consumer popup: reasons per family (${v.families.join(', ')})`);
  t.ok(!v.read.includes('包治百病') && v.read.includes('好评返现'), 'consumer popup: reads the visible title and description only (not hidden text)');
  await extraShot(p, 'popup-consumer');
  await p.close();
  await product.close();
});

await step('site not switched on', async () => {
  const other = await context.newPage();
  await other.goto(`${OFF}/seller.html`);
  await other.click('#detail');
  await other.keyboard.type('全网最好的面膜');
  await other.waitForTimeout(800);
  const touched = await other.evaluate(() => !!document.querySelector('zicha-overlay, [data-zicha-count]'));
  t.ok(!touched, 'a site not switched on (localhost) is untouched');
  await other.close();
});

await step('robustness', async () => {
  const measure = async (origin) => {
    const p = await context.newPage();
    await p.goto(`${origin}/robust.html`);
    await p.waitForTimeout(1500); // pre-filled fields are checked in idle time
    await p.evaluate(() => (window.__longtasks.length = 0));
    const trace = await traceMainThread(p, { min: 0, scripts: true });
    await p.click('#huge');
    await p.keyboard.press('Control+End');
    await p.keyboard.type('最好', { delay: 60 });
    for (const i of [0, 5, 150, 399]) {
      await p.click(`#f${i}`);
      await p.keyboard.type('第一', { delay: 30 });
    }
    await p.mouse.wheel(0, 3000);
    await p.waitForTimeout(1500);
    const tasks = await trace.stop();
    const r = await p.evaluate(() => ({
      tasks: window.__longtasks.slice(),
      huge: document.getElementById('huge').getAttribute('data-zicha-count'),
      many: document.querySelectorAll('input[data-zicha-count]').length,
      len: document.getElementById('huge').value.length,
    }));
    await p.close();
    return { ...r, traced: tasks };
  };
  const base = await measure(OFF);
  const on = await measure(ON);
  t.diag(`long tasks (ms) without the extension: [${base.tasks}], with it: [${on.tasks}]`);
  t.ok(Number(on.huge) >= 100, `1 MB field (${on.len} characters): data-zicha-count=${on.huge}`);
  t.ok(on.many >= 4, `400 inputs: ${on.many} checked (typed in or pre-filled)`);
  // Tasks over 50 ms of wall time, with and without the extension, are reported: on a loaded shared machine
  // their count varies from run to run. What is asserted is the extension's own work, from a trace of the main
  // thread: the CPU time of its scripts in any one task (event handlers, timers, animation frames, with the
  // layouts they force) stays under 50 ms, wherever the wall clock puts it.
  const over = (ts) => ts.filter((d) => d > 50).length;
  t.diag(`tasks over 50 ms: ${over(on.tasks)} with the extension, ${over(base.tasks)} without`);
  const ours = on.traced.filter((x) => x.ext > 0).sort((a, b) => b.ext - a.ext);
  const worst = ours[0] || { ext: 0, cpu: 0, wall: 0 };
  t.diag(`tasks running the extension's scripts: ${ours.length}; the heaviest ${worst.ext} ms of its scripts (task ${worst.cpu} ms CPU, ${worst.wall} ms wall); over 50 ms of wall time: ${ours.filter((x) => x.wall > 50).map((x) => `${x.wall}/${x.cpu}/${x.ext}`).join(', ') || 'none'} (wall/CPU/extension ms)`);
  t.ok(ours.length > 0 && worst.ext < 50, `robustness: no task runs more than 50 ms of the extension's work (heaviest ${worst.ext} ms, ${ours.length} tasks traced)`);
});

await step('switch off', async () => {
  const p = await openPopup(`${ON}/seller.html`);
  await p.waitForFunction(() => document.documentElement.dataset.site === 'on');
  await p.click('#site-toggle');
  await p.waitForFunction(() => document.documentElement.dataset.site === 'off');
  await p.close();
  await seller.waitForTimeout(300);
  const left = await seller.evaluate(() => !!document.querySelector('zicha-overlay, [data-zicha-count]'));
  const reg = await sw.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  t.ok(!left && reg.length === 0, 'switching off removes the overlay, the attributes and the registration');
});

// ------------------------------------------------------------------ privacy
const foreign = foreignRequests(requests, [ON, OFF]);
t.ok(requests.length > 0 && foreign.length === 0, `no request leaves the fixtures' origins (${requests.length} requests seen)`, foreign.map((r) => r.url).join('\n'));
const carrying = ['全网最好', '最好的面膜', '好评返现'].flatMap((s) => requestsCarrying(requests, s));
t.ok(carrying.length === 0, 'no request carries the checked text', carrying.map((r) => r.url).join('\n'));
const manifest = JSON.parse(readFileSync(join(ROOT, 'extension', 'manifest.json'), 'utf8'));
t.ok(!manifest.host_permissions && !(manifest.content_scripts || []).length && /connect-src 'self'/.test(manifest.content_security_policy.extension_pages),
  'shipped manifest: no host permission, no static content script, connect-src \'self\'');
t.ok(problems.length === 0, 'no uncaught page error', problems.join('\n'));

await context.close();
server.close();
process.exit(t.end() ? 1 : 0);
