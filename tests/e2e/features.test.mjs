// Browser tests of the page's features: apply suggestion, family filter and keyboard navigation,
// consumer mode, draft autosave/restore/clear, .txt pick and drop, JSON/Markdown export, print stylesheet,
// CSV batch with downloads, custom rule pack, English toggle, accessibility (axe-core), 375-px phone
// layout, service worker offline reload, manifest and share target. TAP output.
//
//   node tests/e2e/features.test.mjs
//
// Screenshots: build/screenshots/{consumer-desktop,consumer-phone,merchant-phone,english}.png, fail-*.png.

import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, WEB_ROOT, startSuite, startServer, launch, pageRunner, open, setText, download, okStaysLocal, shot,
  waitForResult, renderedFindings, waitForServiceWorker,
} from './lib.mjs';

const t = startSuite('feature', { shots: 'features' });
const server = await startServer();
const browser = await launch();
const origin = new URL(server.url).origin;
const BASE = server.url + 'sub/path/';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

const withPage = pageRunner(browser, t, 'features');

// ------------------------------------------------------------------ apply suggestion
await withPage('apply', {}, async (page) => {
  await open(page, BASE);
  await setText(page, '全网最好的面膜');
  const btn = page.locator('#findings li.finding[data-family="absolute_term"] button.apply').first();
  t.ok((await btn.count()) === 1, 'apply: the absolute-term finding has an apply-suggestion button');
  if ((await btn.count()) === 0) return;
  const title = await btn.getAttribute('title');
  await btn.click();
  await waitForResult(page);
  const text = await page.inputValue('#text');
  const left = (await renderedFindings(page)).filter((f) => f.family === 'absolute_term');
  t.ok(!text.includes('最好') && text.startsWith('全网') && text.endsWith('的面膜'),
    'apply: the suggestion replaced exactly the flagged words', `${title} -> ${text}`);
  t.ok(left.length === 0, 'apply: the rewritten text has no absolute-term finding', JSON.stringify(left));
});

// ------------------------------------------------------------------ family filter and keyboard navigation
await withPage('navigate', {}, async (page) => {
  await open(page, BASE);
  await setText(page, '研究表明，全网最好的面膜，最好的选择');
  const found = await renderedFindings(page);
  t.ok(found.length >= 2, `navigate: a text with several findings (${found.length})`, JSON.stringify(found));
  await page.click('#text');
  await page.keyboard.press('Alt+ArrowDown');
  const first = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press('Alt+ArrowDown');
  const second = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press('ArrowUp');
  const back = await page.evaluate(() => document.activeElement.id);
  t.ok(first === 'finding-0' && second === 'finding-1' && back === 'finding-0',
    'navigate: Alt+↓ moves focus through the findings, ↑ goes back', `${first} ${second} ${back}`);
  const current = await page.locator('#preview mark.current').count();
  t.ok(current >= 1, 'navigate: the focused finding is outlined in the text');
  await page.keyboard.press('Enter');
  const sel = await page.evaluate(() => {
    const ta = document.getElementById('text');
    return document.activeElement === ta ? ta.value.slice(ta.selectionStart, ta.selectionEnd) : null;
  });
  t.ok(sel === found[0].text, 'navigate: Enter selects the finding in the text box', `${sel} vs ${found[0].text}`);

  const families = [...new Set(found.map((f) => f.family))];
  const options = await page.$$eval('#family-filter option', (os) => os.map((o) => o.value));
  t.ok(options.length === families.length + 1, 'filter: one option per family present, plus all', options.join(','));
  await page.selectOption('#family-filter', families[0]);
  const shown = await page.$$eval('#findings li.finding', (ls) => ls.filter((l) => !l.hidden).map((l) => l.dataset.family));
  t.ok(shown.length > 0 && shown.every((f) => f === families[0]), `filter: only ${families[0]} findings are listed`, shown.join(','));
});

// ------------------------------------------------------------------ consumer mode (desktop and phone)
for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  await withPage(`consumer-${label}`, { viewport }, async (page) => {
    await open(page, BASE);
    await page.check('input[name=mode][value=consumer]');
    await setText(page, '全网最好的面膜');
    const risk = await page.locator('#risk').getAttribute('class');
    const items = await page.$$eval('#risk-list li', (ls) => ls.map((l) => l.textContent));
    const listVisible = await page.locator('#findings').isVisible();
    t.ok(await page.locator('#consumer').isVisible(), `consumer-${label}: the risk summary is shown`);
    t.ok(/high/.test(risk) && items.some((i) => i.includes('绝对化用语')),
      `consumer-${label}: high risk, explained in plain language`, `${risk} ${items.join(' | ')}`);
    t.ok(!listVisible, `consumer-${label}: the merchant's findings list is hidden`);
    t.ok((await page.$$eval('#checklist li', (l) => l.length)) >= 3, `consumer-${label}: a before-you-pay checklist`);
    await shot(page, `consumer-${label}`);
    await page.reload();
    await waitForResult(page);
    t.ok(await page.isChecked('input[name=mode][value=consumer]'), `consumer-${label}: the mode is remembered`);
  });
}

// ------------------------------------------------------------------ draft autosave, restore, clear
await withPage('draft', {}, async (page) => {
  await open(page, BASE);
  await page.locator('#text').pressSequentially('全网最好的面膜', { delay: 5 });
  await waitForResult(page);
  await page.waitForTimeout(400); // autosave is debounced
  await page.reload();
  await waitForResult(page);
  t.ok((await page.inputValue('#text')) === '全网最好的面膜', 'draft: restored after reload');
  t.ok(await page.locator('#notice').isVisible(), 'draft: the page says it restored a draft');
  const restored = await renderedFindings(page);
  t.ok(restored.some((f) => f.text === '最好'), 'draft: the restored draft is checked at once');
  await page.click('#clear');
  await waitForResult(page);
  await page.reload();
  await waitForResult(page);
  const stored = await page.evaluate(() => localStorage.getItem('zicha.draft'));
  t.ok((await page.inputValue('#text')) === '' && stored === null, 'draft: clear empties the box and the stored draft');
});

// ------------------------------------------------------------------ .txt pick and drop
await withPage('txt', {}, async (page) => {
  await open(page, BASE);
  await page.setInputFiles('#txtfile', { name: 'listing.txt', mimeType: 'text/plain', buffer: Buffer.from('\ufeff全网最好的面膜') });
  await page.waitForFunction(() => document.getElementById('text').value === '全网最好的面膜');
  await waitForResult(page);
  t.ok((await renderedFindings(page)).some((f) => f.text === '最好' && f.start === 2), 'txt: a picked .txt file (with BOM) is loaded and checked');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['最新款连衣裙，最近很火'], 'drop.txt', { type: 'text/plain' }));
    const ta = document.getElementById('text');
    ta.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    ta.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.getElementById('text').value === '最新款连衣裙，最近很火');
  await waitForResult(page);
  t.ok((await renderedFindings(page)).length === 0, 'txt: a dropped .txt file replaces the text and is checked');
});

// ------------------------------------------------------------------ exports and print
await withPage('export', {}, async (page) => {
  await open(page, BASE);
  await setText(page, '全网最好的面膜');
  const json = await download(page, '#export-json');
  let parsed = null;
  try {
    parsed = JSON.parse(json.text);
  } catch { /* reported below */ }
  t.ok(parsed && parsed.text === '全网最好的面膜' && parsed.findings.some((f) => f.start === 2 && f.end === 4 && f.match === '最好'),
    `export: JSON report download (${json.name})`, json.text.slice(0, 300));
  const md = await download(page, '#export-md');
  t.ok(/^# /.test(md.text) && md.text.includes('最好') && md.text.includes('《广告法》'), `export: Markdown report download (${md.name})`, md.text.slice(0, 300));
  await page.emulateMedia({ media: 'print' });
  const printView = await page.evaluate(() => ({
    textarea: getComputedStyle(document.getElementById('text')).display,
    tools: getComputedStyle(document.querySelector('.tools')).display,
    preview: getComputedStyle(document.getElementById('preview')).display,
    findings: getComputedStyle(document.getElementById('findings')).display,
  }));
  t.ok(printView.textarea === 'none' && printView.tools === 'none' && printView.preview !== 'none' && printView.findings !== 'none',
    'print: the print stylesheet shows the annotated text and findings, hides the controls', JSON.stringify(printView));
});

// ------------------------------------------------------------------ CSV batch
await withPage('csv', {}, async (page) => {
  await open(page, BASE);
  const csv = 'sku,标题,价格\r\nA1,全网最好的面膜,99\r\nA2,"最新款连衣裙，最近很火",199\r\nA3,"纯棉T恤 ""夏季新款""",5\r\n';
  await page.setInputFiles('#csvfile', { name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#csv-controls:not([hidden])');
  t.ok(await page.isChecked('input[name=csv-col][value="1"]'), 'csv: the text column is guessed from its content');
  await page.click('#csv-run');
  await page.waitForSelector('#csv-table:not([hidden]) tbody tr');
  const rows = await page.$$eval('#csv-table tbody tr', (trs) => trs.map((tr) => tr.className));
  t.ok(rows.join(',') === 'bad,ok,ok', 'csv: one result row per listing, only the first has problems', rows.join(','));
  const out = await download(page, '#csv-dl-csv');
  t.ok(out.text.includes('最好') && out.text.split('\r\n').length >= 4, `csv: CSV results download (${out.name})`, out.text.slice(0, 300));
  const js = await download(page, '#csv-dl-json');
  let arr = null;
  try {
    arr = JSON.parse(js.text);
  } catch { /* below */ }
  t.ok(Array.isArray(arr) && arr.length === 3 && arr[2].text === '纯棉T恤 "夏季新款"', `csv: JSON results download (${js.name})`, js.text.slice(0, 300));
});

// ------------------------------------------------------------------ custom rule pack
await withPage('pack', {}, async (page) => {
  await open(page, BASE);
  await page.setInputFiles('#packfile', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"pack": "brand", "rules": [{"id": 5}]}') });
  await page.waitForFunction(() => document.getElementById('pack-status').textContent !== '');
  const err = await page.textContent('#pack-status');
  t.ok(/规则包有误/.test(err) && err.length > 8, 'pack: a malformed pack is rejected with a clear message', err);
  await setText(page, '全网最好的面膜');
  t.ok((await renderedFindings(page)).some((f) => f.text === '最好'), 'pack: the built-in rules still work after a rejected pack');
  const pack = {
    pack: 'brand-words',
    description: '品牌方禁用词',
    rules: [{
      id: 'brand.banned.shanzhai', family: 'counterfeit', severity: 'warning', basis: '《电子商务法》第十七条',
      message: '品牌方禁用词', suggestion: '删除该词', terms: ['山寨货'],
      examples: { match: [{ text: '不是山寨货', match: '山寨货' }], no_match: ['正品'] },
    }],
  };
  await page.setInputFiles('#packfile', { name: 'brand.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pack)) });
  await page.waitForFunction(() => /brand\.json/.test(document.getElementById('pack-status').textContent));
  await setText(page, '这款包绝对不是山寨货');
  const found = await renderedFindings(page);
  t.ok(found.some((f) => f.rule === 'brand.banned.shanzhai' && f.text === '山寨货'), 'pack: a valid pack adds its rules', JSON.stringify(found));
  await page.reload();
  await waitForResult(page);
  await page.waitForTimeout(300);
  await setText(page, '这款包绝对不是山寨货 ');
  t.ok((await renderedFindings(page)).some((f) => f.rule === 'brand.banned.shanzhai'), 'pack: the pack is kept locally across reloads');
  await page.click('#pack-remove');
  await setText(page, '这款包绝对不是山寨货');
  t.ok(!(await renderedFindings(page)).some((f) => f.rule === 'brand.banned.shanzhai'), 'pack: remove drops it');
});

// ------------------------------------------------------------------ English toggle
await withPage('english', {}, async (page) => {
  await open(page, BASE);
  await page.click('#lang');
  await setText(page, '全网最好的面膜');
  const h1 = await page.textContent('h1');
  const lang = await page.getAttribute('html', 'lang');
  const opt = await page.$eval('#category option', (o) => o.textContent);
  t.ok(/listing compliance/.test(h1) && lang === 'en' && opt === 'Auto-detect', 'english: the toggle switches the interface', `${h1} ${lang} ${opt}`);
  await shot(page, 'english');
  await page.reload();
  await waitForResult(page);
  t.ok((await page.getAttribute('html', 'lang')) === 'en', 'english: the choice is remembered');
  await page.click('#lang');
  t.ok((await page.getAttribute('html', 'lang')) === 'zh-CN' && /自查/.test(await page.textContent('h1')), 'english: and back to Chinese');
});

// ------------------------------------------------------------------ accessibility (axe-core)
const axeSource = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
for (const [label, viewport, mode] of [['merchant', DESKTOP, 'merchant'], ['consumer', PHONE, 'consumer']]) {
  // bypassCSP only so that the test can inject axe; the page itself is unchanged.
  await withPage(`axe-${label}`, { viewport, bypassCSP: true }, async (page) => {
    await open(page, BASE);
    if (mode === 'consumer') await page.check('input[name=mode][value=consumer]');
    await setText(page, '研究表明，全网最好的面膜');
    await page.evaluate(axeSource);
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    t.ok(serious.length === 0, `axe-${label}: no serious or critical accessibility violations`,
      serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n'));
    const minor = res.violations.filter((v) => !serious.includes(v));
    if (minor.length) t.diag(`axe-${label} minor: ${minor.map((v) => v.id).join(', ')}`);
  });
}

// ------------------------------------------------------------------ 375-px phone layout
await withPage('phone', { viewport: PHONE }, async (page) => {
  await open(page, BASE);
  await setText(page, '全网最好的面膜，研究表明效果显著');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 375, `phone: no horizontal scrolling at 375 px (scrollWidth ${width})`);
  const ta = await page.locator('#text').boundingBox();
  t.ok(ta && ta.width >= 300, `phone: the text box uses the width (${ta && ta.width} px)`);
  await shot(page, 'merchant-phone');
});

// ------------------------------------------------------------------ service worker: offline, manifest, share target
await withPage('offline', {}, async (page, { context, requests }) => {
  await open(page, BASE);
  const controlled = await waitForServiceWorker(page);
  t.ok(controlled, 'offline: a service worker controls the page after the first visit');
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel=manifest]').href;
    return (await fetch(href)).json();
  });
  t.ok(manifest.share_target && manifest.start_url === './' && manifest.icons.length > 0, 'offline: a web app manifest with a share target');

  await context.setOffline(true);
  await page.reload({ waitUntil: 'load' });
  await waitForResult(page);
  await setText(page, '全网最好的面膜');
  const found = await renderedFindings(page);
  t.ok(found.some((f) => f.text === '最好' && f.start === 2 && f.end === 4), 'offline: after reload with the network off the page still checks');

  // Share target: the shared text arrives in the query string, is answered by the service worker from its
  // cache (even offline), is removed from the address bar and offered; taking the offer puts it in the box.
  const shared = '全网最好的面膜，限时特价';
  const res = await page.goto(BASE + '?text=' + encodeURIComponent(shared), { waitUntil: 'load' });
  await waitForResult(page);
  await page.click('#notice-action');
  await waitForResult(page);
  t.ok(res.fromServiceWorker() && (await page.inputValue('#text')) === shared && (await page.evaluate(() => location.search)) === '',
    'share: shared text is offered, served by the service worker, and leaves the URL');
  await context.setOffline(false);
  // (the share target's own ?text= request is the browser's, not the page's)
  okStaysLocal(t, 'offline', requests.filter((r) => !r.url.includes('?text=')), origin, { carrying: ['全网最好的面膜'] });
});

// ------------------------------------------------------------------ engine missing: a clear error, no crash
{
  const broken = mkdtempSync(join(tmpdir(), 'zicha-broken-'));
  cpSync(WEB_ROOT, broken, { recursive: true, filter: (src) => !src.endsWith('zicha.wasm') });
  const { startServer: start2 } = await import(new URL('../../tools/serve.mjs', import.meta.url).href);
  const s2 = await start2({ root: broken, port: 0 });
  await withPage('no-engine', {}, async (page, { problems }) => {
    await page.goto(s2.url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.engine === 'failed', null, { timeout: 15000 });
    const status = await page.textContent('#status');
    t.ok(/检查引擎加载失败/.test(status) && /zicha\.wasm|404/.test(status), 'no-engine: a missing engine gives a clear message', status);
    t.ok(problems.length === 0, 'no-engine: and no uncaught page error', problems.join('\n'));
  });
  await s2.close();
  rmSync(broken, { recursive: true, force: true });
}

await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
