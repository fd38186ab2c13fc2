// Browser tests of the page against hostile input: the Markdown report stays inert whatever the text and the
// rule pack say; text arriving from a share or a link never replaces the draft (it is offered, the old draft one
// click away) and never reaches the server beyond the request the browser itself makes; a rule pack too big for
// localStorage stays saved (IndexedDB) or is shown as session-only with its remove button; the settings file
// (导出设置 / 导入设置) carries the ignore list, pack and category into a fresh browser; a broken licence
// image after a good one says so in the page's language and clears the old verdict. TAP output.
//
//   node tests/e2e/hardening.test.mjs
//
// Screenshots of failures: build/screenshots/fail-hardening-*.png.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  WEB_ROOT, startSuite, startServer, launch, pageRunner, open, setText, download, waitForResult, renderedFindings,
  requestsCarrying, waitForServiceWorker,
} from './lib.mjs';

const t = startSuite('hardening');
const { STRINGS } = await import(pathToFileURL(join(WEB_ROOT, 'i18n.js')).href);
const ZH = STRINGS.zh;
const server = await startServer();
const browser = await launch();
const BASE = server.url;

const withPage = pageRunner(browser, t, 'hardening', { defaults: { acceptDownloads: true }, clean: true });
const savedDraft = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('zicha.draft') || 'null'));
async function waitDraftSaved(page, text) {
  await page.waitForFunction((x) => (JSON.parse(localStorage.getItem('zicha.draft') || 'null') || {}).text === x, text);
}

// ------------------------------------------------------------------ row 2: the Markdown report is inert
await withPage('markdown', {}, async (page) => {
  await open(page, BASE);
  // a word list whose file name and message are hostile too: pack text goes into the report as well
  await page.fill('#pack-reason', '<script>alert(9)</script>[y](javascript:alert(10)) 未授权品牌');
  await page.setInputFiles('#packfile', { name: 'evil<img src=x onerror=alert(11)>.txt', mimeType: 'text/plain', buffer: Buffer.from('神仙水\n') });
  await page.waitForFunction(() => !document.getElementById('pack-remove').hidden);
  const text = '最好 <img src=x onerror=alert(7)> [x](javascript:alert(8)) 神仙水 `code` **b** <!-- c --> &lt;i&gt;';
  await setText(page, text);
  const found = await renderedFindings(page);
  t.ok(found.some((f) => f.text === '最好') && found.some((f) => f.text === '神仙水'), 'markdown: the hostile text is checked (最好 and the word-list word)', JSON.stringify(found));
  const md = (await download(page, '#export-md')).text;
  t.ok(!md.includes('<'), 'markdown: no raw < anywhere (no HTML tag, comment or autolink can form)', md);
  t.ok(!/(^|[^\\])\]\(/.test(md) && !/(^|[^\\])\(javascript:/.test(md), 'markdown: no link syntax survives ([..](javascript:..) escaped)', md);
  t.ok(!/(^|[^\\])`/.test(md) && !/(^|[^\\])\*\*/.test(md), 'markdown: code spans and emphasis from the text are escaped', md);
  t.ok(md.includes('&lt;img src=x onerror=alert\\(7\\)&gt;') && md.includes('\\[x\\]\\(javascript:alert\\(8\\)\\)'), 'markdown: the words are all still there, escaped', md);
  t.ok(md.includes('evil&lt;img src=x onerror=alert\\(11\\)&gt;.txt') && md.includes('&lt;script&gt;alert\\(9\\)&lt;/script&gt;'),
    'markdown: the pack name and the pack message are escaped as well', md);
  const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  t.ok(rows.length >= 2 && rows.every((l) => l.split(/(?<!\\)\|/).length === 9), 'markdown: every table row keeps its 7 cells', rows.join('\n'));
  const json = JSON.parse((await download(page, '#export-json')).text);
  t.ok(json.text === text && json.rules.custom_pack === 'evil<img src=x onerror=alert(11)>.txt'
    && json.findings.some((f) => f.message === '<script>alert(9)</script>[y](javascript:alert(10)) 未授权品牌'),
    'markdown: the JSON export keeps the text, the pack name and the message exactly', JSON.stringify({ text: json.text, pack: json.rules.custom_pack }));
});

// ------------------------------------------------------------------ row 6: share target and links never destroy work
// A page on another origin (its own server, another port) that posts a form to the share target.
const evilPage = (target) => `<!doctype html><form method="post" enctype="multipart/form-data" action="${target}share">
<input name="title" value=""><textarea name="text">外站塞进来的文字：全网最好</textarea></form>`;
const evil = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(evilPage(BASE));
});
await new Promise((r) => evil.listen(0, '127.0.0.1', r));
const EVIL = `http://127.0.0.1:${evil.address().port}/`;

await withPage('share', {}, async (page, { context }) => {
  await open(page, BASE);
  t.ok(await waitForServiceWorker(page), 'share: a service worker controls the page');
  const draft = '原来的草稿：本店销量第一';
  await setText(page, draft);
  await waitDraftSaved(page, draft);

  // 1. a cross-origin page posts to ./share (it sends its referrer): nothing is kept, nothing replaced
  const p2 = await context.newPage();
  await p2.goto(EVIL);
  await Promise.all([p2.waitForURL((u) => u.href.startsWith(BASE)), p2.evaluate(() => document.forms[0].submit())]);
  await waitForResult(p2);
  const s1 = await p2.evaluate(() => ({ value: document.getElementById('text').value, offered: document.documentElement.dataset.offered || '', search: location.search }));
  t.ok(s1.value === draft && !s1.offered && s1.search === '', 'share: a form posted from another site replaces nothing and is not even offered', JSON.stringify(s1));
  t.ok((await savedDraft(p2)).text === draft, 'share: the saved draft is unchanged after the cross-origin post');
  await p2.close();

  // 2. a post without a referrer (as the share sheet sends): offered, the draft kept until the user accepts
  const shared = '分享来的文案：全网最好的面膜';
  const p3 = await context.newPage();
  await p3.goto('about:blank');
  await p3.setContent(`<form method="post" enctype="multipart/form-data" action="${BASE}share"><input name="title" value=""><textarea name="text"></textarea></form>`);
  await p3.fill('textarea', shared);
  await Promise.all([p3.waitForURL(BASE), p3.evaluate(() => document.forms[0].submit())]);
  await waitForResult(p3);
  await p3.waitForFunction(() => !document.getElementById('notice').hidden);
  const s2 = await p3.evaluate(() => ({
    value: document.getElementById('text').value, notice: document.getElementById('notice-text').textContent,
    action: document.getElementById('notice-action').textContent, search: location.search,
  }));
  t.ok(s2.value === draft && s2.notice.includes('分享来的文案') && s2.action === ZH.sharedOpen && s2.search === '',
    'share: shared text is offered, the draft stays in the box and in storage', JSON.stringify(s2));
  t.ok((await savedDraft(p3)).text === draft, 'share: the saved draft is untouched until the offer is taken');
  await p3.click('#notice-action');
  await waitForResult(p3);
  const found = await renderedFindings(p3);
  t.ok((await p3.inputValue('#text')) === shared && found.some((f) => f.text === '最好'), 'share: 用这段文字新建草稿 puts it in the box and checks it');
  t.ok((await p3.textContent('#notice-action')) === ZH.restorePrevious, 'share: and offers the previous draft back');
  await p3.click('#notice-action');
  await waitForResult(p3);
  t.ok((await p3.inputValue('#text')) === draft, 'share: one click brings the previous draft back');
  await p3.close();
});

await withPage('link', {}, async (page, { context, requests }) => {
  // first visit, no service worker: the browser itself requests ?text=…; nothing else may carry it
  const secret = '链接里的秘密文案最好';
  const heads = [];
  context.on('request', async (r) => heads.push({ url: r.url(), referer: (await r.allHeaders().catch(() => ({})))['referer'] || '' }));
  await open(page, BASE + '?text=' + encodeURIComponent(secret));
  const s1 = await page.evaluate(() => ({ value: document.getElementById('text').value, search: location.search, hash: location.hash, offered: document.documentElement.dataset.offered || '' }));
  t.ok(s1.value === '' && s1.search === '' && s1.offered, 'link: ?text= is taken out of the address bar and offered, not applied', JSON.stringify(s1));
  await page.waitForTimeout(300);
  const carrying = requestsCarrying(requests, secret);
  const withReferer = heads.filter((h) => decodeURIComponent(h.referer).includes(secret) || h.referer.includes(encodeURIComponent(secret)));
  t.ok(carrying.length === 1 && carrying[0].url.startsWith(BASE + '?text=') && withReferer.length === 0,
    'link: only the browser\'s own first request carries ?text= (no later URL, body or Referer)', JSON.stringify({ carrying: carrying.map((r) => r.url), withReferer }));

  // with a draft: #text= (what the page documents) is offered; the draft stays
  const draft = '我的草稿：限时特价';
  await setText(page, draft);
  await waitDraftSaved(page, draft);
  const secret2 = '片段里的文字第一品牌';
  const before = requests.length;
  await page.goto(BASE + '#text=' + encodeURIComponent(secret2), { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' }); // a same-document hash change does not reload: open it fresh
  await waitForResult(page);
  const s2 = await page.evaluate(() => ({ value: document.getElementById('text').value, hash: location.hash, notice: document.getElementById('notice-text').textContent }));
  t.ok(s2.value === draft && s2.hash === '' && s2.notice.includes('片段里的文字'), 'link: #text= is offered and removed from the address bar, the draft kept', JSON.stringify(s2));
  t.ok(requestsCarrying(requests.slice(before), secret2).length === 0, 'link: #text= never reaches the server');
});

// ------------------------------------------------------------------ row 7: a pack too big for localStorage
const BIG_TERM = '巨无霸测试词';
function bigPack(mb) {
  // ASCII padding: localStorage counts UTF-16 units, so this is what overflows it (about 5 M units in Chromium)
  const pad = 'padding for a long rule-pack description; '.repeat(Math.ceil((mb * 1e6) / 42));
  return JSON.stringify({
    pack: 'big-pack', description: pad,
    rules: [{ id: 'big.word', family: 'counterfeit', severity: 'warning', basis: '测试', message: '大规则包里的词', suggestion: '删除该词。', terms: [BIG_TERM] }],
  });
}
const BIG = Buffer.from(bigPack(6.9));
t.diag(`big pack: ${(BIG.length / 1e6).toFixed(1)} MB`);
const packActive = async (page) => {
  await setText(page, `本店热卖${BIG_TERM}`);
  return (await page.$$eval('#findings li.finding', (els) => els.map((e) => e.dataset.rule))).includes('big.word');
};

await withPage('bigpack', {}, async (page) => {
  await open(page, BASE);
  await page.setInputFiles('#packfile', { name: 'big-pack.json', mimeType: 'application/json', buffer: BIG });
  await page.waitForFunction(() => document.getElementById('pack-status').dataset.saved, null, { timeout: 60000 });
  const st = await page.evaluate(() => ({ text: document.getElementById('pack-status').textContent, saved: document.getElementById('pack-status').dataset.saved, remove: !document.getElementById('pack-remove').hidden }));
  t.ok(st.text.includes('big-pack.json') && st.remove && st.saved === 'idb', 'bigpack: a 6.9 MB pack is shown, with 移除规则包, and saved in IndexedDB', JSON.stringify(st));
  t.ok(await packActive(page), 'bigpack: its rules fire');
  await page.reload({ waitUntil: 'load' });
  await waitForResult(page);
  await page.waitForFunction(() => document.getElementById('pack-status').textContent.includes('big-pack.json'), null, { timeout: 60000 });
  t.ok(await packActive(page), 'bigpack: after a reload it is still there and still fires');
  await page.click('#pack-remove');
  await page.waitForFunction(() => document.getElementById('pack-remove').hidden);
  t.ok(!(await packActive(page)), 'bigpack: 移除规则包 removes it');
  await page.reload({ waitUntil: 'load' });
  await waitForResult(page);
  t.ok(!(await packActive(page)) && (await page.textContent('#pack-status')) === '', 'bigpack: and it stays removed after a reload');
});

await withPage('bigpack-session', {}, async (page, { context }) => {
  // no IndexedDB either: the pack works for this session, and the page says so
  await context.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await open(page, BASE);
  await page.setInputFiles('#packfile', { name: 'big-pack.json', mimeType: 'application/json', buffer: BIG });
  await page.waitForFunction(() => document.getElementById('pack-status').dataset.saved, null, { timeout: 60000 });
  const st = await page.evaluate(() => ({ text: document.getElementById('pack-status').textContent, saved: document.getElementById('pack-status').dataset.saved, remove: !document.getElementById('pack-remove').hidden }));
  t.ok(st.saved === 'session' && st.text.includes('big-pack.json') && st.text.includes(ZH.packSessionOnly) && st.remove,
    'bigpack-session: a pack that can be saved nowhere is shown as session-only, with 移除规则包', JSON.stringify(st));
  t.ok(await packActive(page), 'bigpack-session: its rules fire');
  await page.click('#pack-remove');
  await page.waitForFunction(() => document.getElementById('pack-remove').hidden);
  t.ok(!(await packActive(page)), 'bigpack-session: and 移除规则包 removes it');
});

// ------------------------------------------------------------------ the settings file: 导出设置 / 导入设置
// The page writes its ignore list, rule pack and category as the settings file the extension's options page
// imports (web/settings-file.js, shared by both), and reads it back into a fresh browser.
const { parseSettings } = await import(pathToFileURL(join(WEB_ROOT, 'settings-file.js')).href);
let settingsFile = null;
const rulesOf = (page) => page.$$eval('#findings li.finding', (els) => els.map((e) => e.dataset.rule));
await withPage('settings-export', {}, async (page) => {
  await open(page, BASE);
  await page.fill('#pack-reason', '未授权品牌');
  await page.setInputFiles('#packfile', { name: 'brands.txt', mimeType: 'text/plain', buffer: Buffer.from('神仙水\n') });
  await page.waitForFunction(() => !document.getElementById('pack-remove').hidden);
  await page.selectOption('#category', 'cosmetics');
  await setText(page, '全网最好的神仙水');
  await page.click('#findings li.finding[data-rule="ad.absolute.superlative"] button.ignore-rule');
  await page.waitForFunction(() => document.getElementById('ignored-rules').textContent.includes('ad.absolute.superlative'));
  await page.click('#settings summary');
  settingsFile = (await download(page, '#settings-export')).text;
  const raw = JSON.parse(settingsFile);
  const s = parseSettings(settingsFile, ['general', 'cosmetics']);
  t.ok(s.ignore.rules.includes('ad.absolute.superlative') && s.category === 'cosmetics' && s.pack.name === 'brands.txt' &&
    JSON.parse(s.pack.json).rules.some((r) => r.terms.includes('神仙水')) && Object.keys(raw).every((k) => k.startsWith('zicha.')),
  'settings-export: 导出设置 writes the ignore list, the word list as a pack and the category, in the extension\'s format', settingsFile.slice(0, 400));
});
await withPage('settings-import', {}, async (page) => {
  await open(page, BASE);
  await page.click('#settings summary');
  await page.setInputFiles('#settings-import', { name: 'zicha-settings.json', mimeType: 'application/json', buffer: Buffer.from(settingsFile || '{}') });
  await page.waitForFunction(() => document.getElementById('settings-status').textContent !== '', null, { timeout: 60000 });
  const st = await page.evaluate(() => ({
    status: document.getElementById('settings-status').textContent,
    ignored: document.getElementById('ignored-rules').textContent,
    pack: document.getElementById('pack-status').textContent,
    reason: document.getElementById('pack-reason').value,
    category: document.getElementById('category').value,
  }));
  t.ok(st.status === ZH.settingsImported && st.ignored.includes('ad.absolute.superlative') && st.pack.includes('brands.txt') &&
    st.reason === '未授权品牌' && st.category === 'cosmetics', 'settings-import: 导入设置 restores the ignore list, the word list and the category', JSON.stringify(st));
  await setText(page, '全网最好的神仙水');
  const rules = await rulesOf(page);
  t.ok(rules.some((r) => r.startsWith('user.words')) && !rules.includes('ad.absolute.superlative'), 'settings-import: the imported word list fires and the ignored rule stays quiet', JSON.stringify(rules));
  await page.setInputFiles('#settings-import', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"zicha.category": "no-such"}') });
  await page.waitForFunction(() => document.getElementById('settings-status').classList.contains('error'));
  t.ok(/no-such/.test(await page.textContent('#settings-status')) && (await page.inputValue('#category')) === 'cosmetics',
    'settings-import: a file that cannot be used says why and changes nothing');
});

// ------------------------------------------------------------------ row 13: a broken licence image after a good one
// The good image's result is canned (the worker as served, answering good.png itself), so the test needs no
// OCR models; the broken image goes through the real decoder and its error.
async function stubLicenceWorker(context) {
  const src = readFileSync(join(WEB_ROOT, 'ocr-worker.js'), 'utf8');
  const canned = {
    fields: { name: '某某商贸有限公司', uscc: '91310000MA1FL0000X' }, qr: null,
    findings: [{ severity: 'error', family: 'licence_expired', rule_id: 'licence.expired', match: '', message: '营业期限已过', basis: '测试', suggestion: '' }],
  };
  const stub = `self.addEventListener('message', (e) => {
  const d = e.data || {};
  if (d.file && d.file.name === 'good.png') {
    e.stopImmediatePropagation();
    self.postMessage({ id: d.id, type: 'result', result: ${JSON.stringify(canned)} });
  }
});
`;
  await context.route(/\/ocr-worker\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: stub + src }));
}
function brokenPng() {
  const b = Buffer.alloc(400, 0x5a);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 2, 0, 0, 0]).copy(b);
  return b;
}
for (const lang of ['zh', 'en']) {
  await withPage(`licence-error-${lang}`, {}, async (page, { context }) => {
    await stubLicenceWorker(context);
    if (lang === 'en') await context.addInitScript(() => localStorage.setItem('zicha.prefs', JSON.stringify({ lang: 'en' })));
    await open(page, BASE);
    const S = STRINGS[lang];
    await page.setInputFiles('#licencefile', { name: 'good.png', mimeType: 'image/png', buffer: brokenPng() });
    await page.waitForFunction(() => document.documentElement.dataset.licence === 'done');
    t.ok(!(await page.isHidden('#licence-result')), `licence-error-${lang}: the good image's verdict is shown`);
    await page.evaluate(() => delete document.documentElement.dataset.licence);
    await page.setInputFiles('#licencefile', { name: 'broken.png', mimeType: 'image/png', buffer: brokenPng() });
    await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.licence));
    const out = await page.evaluate(() => {
      const err = document.getElementById('licence-error');
      return {
        state: document.documentElement.dataset.licence,
        said: err.firstChild ? err.firstChild.textContent : '',
        tech: err.querySelector('details') ? err.querySelector('details').textContent : '',
        resultHidden: document.getElementById('licence-result').hidden,
      };
    });
    t.ok(out.state === 'error' && out.said === S.licenceBadImage, `licence-error-${lang}: the broken image is explained in the page's language`, JSON.stringify(out));
    t.ok(out.resultHidden, `licence-error-${lang}: the previous image's verdict is no longer shown`, JSON.stringify(out));
    t.ok(out.tech.length > 0, `licence-error-${lang}: the raw message is kept behind ${S.tech}`, JSON.stringify(out));
  });
}

evil.close();
await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
