// Browser tests of the page as a place to work: a button per fix and 全部应用 on the undo stack,
// undo/redo of page edits and 清空, ignoring per place and per rule (kept across reloads, listed in settings),
// 检查对象 (listing vs shop page, page requirements in their own section), long texts, the consumer view,
// words for merchants (verdicts, 技术信息, rule-pack errors, word lists), the licence panel offline before the
// first model download, and report metadata. TAP output.
//
//   node tests/e2e/workflow.test.mjs
//
// Findings with `fixes` ([{text, start, end}]) are not produced by the engine yet: the fix tests stub the
// worker's reply (a route that wraps engine.check in worker.js) to add them to the 最好 finding.
// Screenshots: build/screenshots/workflow-*.png (and fail-workflow-*.png); with ZICHA_SHOTS=DIR also into DIR.

import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  WEB_ROOT, startSuite, startServer, launch, pageRunner, open, setText, download, okStaysLocal, shot, waitForResult,
  renderedFindings,
} from './lib.mjs';

const t = startSuite('workflow');
const server = await startServer();
const browser = await launch();
const origin = new URL(server.url).origin;
const BASE = server.url;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const EXTRA_SHOTS = process.env.ZICHA_SHOTS || '';

const withPage = pageRunner(browser, t, 'workflow', { defaults: { viewport: DESKTOP, acceptDownloads: true }, clean: true });

async function extraShot(page, name) {
  await shot(page, `workflow-${name}`);
  if (EXTRA_SHOTS) {
    mkdirSync(EXTRA_SHOTS, { recursive: true });
    await page.screenshot({ path: join(EXTRA_SHOTS, name + '.png'), fullPage: true });
  }
}

/** The worker as served, with each finding of 最好 given three fixes: 优质, 口碑好 and a deletion. */
async function stubWorkerFixes(context) {
  const src = readFileSync(join(WEB_ROOT, 'worker.js'), 'utf8');
  const call = "engine.check(String(msg.text ?? ''), msg.category || '', msg.mode || 'auto')";
  if (!src.includes(call)) throw new Error('worker.js: engine.check call not found for the stub');
  const patched = src.replace(call, `((r) => { for (const f of r.findings) if (f.match === '最好') f.fixes = [
      { text: '优质', start: f.start, end: f.end }, { text: '口碑好', start: f.start, end: f.end },
      { text: '', start: f.start, end: f.end }]; return r; })(${call})`);
  await context.route(/\/worker\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: patched }));
}

const value = (page) => page.inputValue('#text');
async function settle(page) {
  await page.waitForTimeout(50);
  await waitForResult(page);
}

// ------------------------------------------------------------------ fixes, apply all, undo/redo
await withPage('fixes', { setup: stubWorkerFixes }, async (page) => {
  await open(page, BASE);
  await setText(page, '全网最好的面膜');
  const labels = await page.$$eval('#findings li.finding[data-family="absolute_term"] button.fix', (bs) => bs.map((b) => b.textContent));
  t.ok(JSON.stringify(labels) === JSON.stringify(['最好 → 优质', '最好 → 口碑好', '删除']), 'fixes: one button per fix of the finding', labels.join(' | '));
  await page.click('#findings li.finding[data-family="absolute_term"] button.fix >> nth=1');
  await settle(page);
  t.ok((await value(page)) === '全网口碑好的面膜', 'fixes: the chosen fix replaces exactly its span', await value(page));
  await page.click('#undo');
  await settle(page);
  t.ok((await value(page)) === '全网最好的面膜', 'fixes: 撤销 undoes the fix', await value(page));
  await page.click('#redo');
  await settle(page);
  t.ok((await value(page)) === '全网口碑好的面膜', 'fixes: 重做 redoes it', await value(page));
  await page.focus('#text');
  await page.keyboard.press('Control+z');
  await settle(page);
  t.ok((await value(page)) === '全网最好的面膜', 'fixes: Ctrl+Z undoes a page edit like typing', await value(page));
  await page.keyboard.press('Control+y');
  await settle(page);
  t.ok((await value(page)) === '全网口碑好的面膜', 'fixes: Ctrl+Y redoes it', await value(page));

  // 全部应用: the first fix of each finding (a stubbed one and the engine's own, whose deletion takes the comma
  // with it), one undo step
  await setText(page, '全网最好的面膜，好评返现');
  t.ok(await page.isVisible('#apply-all'), 'apply-all: the 全部应用 button is shown when fixes exist');
  await page.click('#apply-all');
  await settle(page);
  const after = await value(page);
  t.ok(after === '全网优质的面膜', 'apply-all: the first fix of every finding is applied, from the end backwards', after);
  await page.keyboard.press('Control+z');
  await settle(page);
  t.ok((await value(page)) === '全网最好的面膜，好评返现', 'apply-all: one Ctrl+Z undoes all of it', await value(page));
});

// ------------------------------------------------------------------ 清空 is undoable and keeps the text
await withPage('clear', {}, async (page) => {
  await open(page, BASE);
  await page.locator('#text').pressSequentially('全网最好的面膜', { delay: 5 });
  await waitForResult(page);
  await page.click('#clear');
  await settle(page);
  t.ok((await value(page)) === '' && /撤销清空/.test(await page.textContent('#notice')), 'clear: empties the box and offers 撤销清空');
  await page.focus('#text');
  await page.keyboard.press('Control+z');
  await settle(page);
  t.ok((await value(page)) === '全网最好的面膜', 'clear: Ctrl+Z brings the text back', await value(page));
  await page.keyboard.press('Control+y');
  await settle(page);
  t.ok((await value(page)) === '', 'clear: Ctrl+Y clears again', await value(page));
  await page.reload();
  await waitForResult(page);
  t.ok(await page.isVisible('#notice-action'), 'clear: after a reload the page still offers the cleared text', await page.textContent('#notice'));
  await page.click('#notice-action');
  await settle(page);
  t.ok((await value(page)) === '全网最好的面膜', 'clear: and restores it', await value(page));
});

// ------------------------------------------------------------------ ignore per place and per rule
await withPage('ignore', {}, async (page) => {
  await open(page, BASE);
  await setText(page, '全网最好的面膜，最好的选择');
  const before = await renderedFindings(page);
  t.ok(before.filter((f) => f.text === '最好').length === 2, 'ignore: two 最好 findings to start with', JSON.stringify(before));
  await page.click('#findings li.finding >> nth=0 >> button.ignore-here');
  await waitForResult(page);
  let now = await renderedFindings(page);
  t.ok(now.length === before.length - 1 && now.some((f) => f.start === 8), 'ignore: 忽略此处 removes that one place from the list and the highlights', JSON.stringify(now));
  t.ok((await page.locator('#preview mark[data-start="2"]').count()) === 0, 'ignore: no highlight left at the ignored place');
  t.ok(!/2 处违法/.test(await page.textContent('#verdict')), 'ignore: the verdict no longer counts it', await page.textContent('#verdict'));
  await page.reload();
  await waitForResult(page);
  await setText(page, '新款上市！全网最好的面膜，最好的选择');
  now = await renderedFindings(page);
  t.ok(now.filter((f) => f.text === '最好').length === 1 && now.some((f) => f.start === 13),
    'ignore: still ignored after a reload and an edit elsewhere in the text', JSON.stringify(now));
  await page.click('#settings summary');
  const listed = await page.$$eval('#ignored-occurrences li', (ls) => ls.map((l) => l.textContent));
  t.ok(listed.length === 1 && listed[0].includes('最好'), 'ignore: the settings panel lists the ignored place', listed.join(' | '));
  await extraShot(page, 'settings-desktop');
  await page.setViewportSize(PHONE);
  await extraShot(page, 'settings-phone');
  await page.setViewportSize(DESKTOP);
  const json = JSON.parse((await download(page, '#export-json')).text);
  t.ok(json.ignored && json.ignored.occurrences.length === 1 && json.ignored.findings.length === 1 && !json.findings.some((f) => f.start === 7),
    'ignore: the JSON report says what was ignored and leaves it out of the findings', JSON.stringify(json.ignored));
  await page.click('#findings li.finding >> nth=0 >> button.ignore-rule');
  await waitForResult(page);
  now = await renderedFindings(page);
  t.ok(!now.some((f) => f.text === '最好'), 'ignore: 不再提示此规则 hides every finding of the rule', JSON.stringify(now));
  await page.click('#ignored-occurrences button.restore');
  await page.click('#ignored-rules button.restore');
  await waitForResult(page);
  now = await renderedFindings(page);
  t.ok(now.filter((f) => f.text === '最好').length === 2, 'ignore: restoring in settings brings them back', JSON.stringify(now));
});

// ------------------------------------------------------------------ 检查对象: one listing vs a shop page
const TEE = '夏季新款纯棉T恤男短袖 宽松圆领打底衫\n面料：100%棉，透气吸汗，柔软亲肤\n尺码：S M L XL XXL，建议按平时尺码购买\n颜色：白色 黑色 灰色 藏青\n洗涤：建议手洗，不可漂白，低温熨烫\n正品保证，七天无理由退货，欢迎咨询客服，店铺首页还有更多款式';
await withPage('scope', {}, async (page) => {
  await open(page, BASE);
  await page.selectOption('#scope', 'detail');
  await setText(page, TEE);
  const body1 = await page.innerText('main');
  t.ok(!/未公示证照/.test(body1) && (await page.isHidden('#page-reqs')), 'scope: 商品详情 is one listing: no shop-page disclosure finding', body1.slice(0, 300));
  await page.selectOption('#scope', 'shop');
  await settle(page);
  const reqs = await page.$$eval('#page-reqs-list li', (ls) => ls.map((l) => l.dataset.family));
  t.ok(await page.isVisible('#page-reqs') && reqs.includes('missing_license_disclosure'), 'scope: 店铺首页 runs the disclosure checks, listed under 页面要求', reqs.join(','));
  const empties = await page.$$eval('#findings q.match', (qs) => qs.filter((q) => q.textContent === '').length);
  const emptyMarks = await page.$$eval('#preview mark', (ms) => ms.filter((m) => m.textContent === '').length);
  t.ok(empties === 0 && emptyMarks === 0 && !(await page.innerText('main')).includes('“”'), 'scope: a page-level finding is never a card or highlight with an empty quote');
  t.ok(/整页/.test(await page.textContent('#scope-used')), 'scope: the page says it checked a whole page', await page.textContent('#scope-used'));
  await page.selectOption('#scope', 'auto');
  await settle(page);
  t.ok(/自动判断/.test(await page.textContent('#scope-used')), 'scope: 自动 says it decided by itself', await page.textContent('#scope-used'));
  await extraShot(page, 'merchant-desktop');
  await page.setViewportSize(PHONE);
  await extraShot(page, 'merchant-phone');
});

// long texts: tests/e2e/long-text.test.mjs

// ------------------------------------------------------------------ consumer view and verdict wording
await withPage('consumer', {}, async (page) => {
  await open(page, BASE);
  await setText(page, '');
  const clean = (await page.innerText('main')).split('未发现问题').length - 1;
  t.ok(clean === 1, `verdict: an empty box says 未发现问题 once (${clean})`);
  await setText(page, '纯棉T恤男短袖，好评返现，原价199现价99');
  const v = await page.textContent('#verdict');
  t.ok(/建议核实或修改/.test(v) && !/需要资质或证明/.test(v), 'verdict: warnings are to verify or reword, not a permit matter', v);
  t.ok(!(await page.isVisible('#findings .rule-id')) && (await page.locator('#findings details.tech summary').count()) > 0,
    'words: the rule id and offsets are behind 技术信息');
  await page.check('input[name=mode][value=consumer]');
  await waitForResult(page);
  const main = await page.innerText('main');
  const level = await page.textContent('#risk-level');
  const checklist = await page.$$eval('#checklist li', (ls) => ls.map((l) => l.textContent).join(' '));
  t.ok(/中风险/.test(level), 'consumer: a plain risk level', level);
  t.ok(!/发布前/.test(main), 'consumer: nothing about publishing', main.slice(0, 400));
  t.ok(!/SC|蓝帽子/.test(checklist) && /吊牌/.test(checklist), 'consumer: the checklist fits the category (a T-shirt: no SC or 蓝帽子)', checklist);
  const tools = await page.evaluate(() => ['csvfile', 'licencefile', 'packfile', 'apply-all', 'settings'].filter((id) => {
    const el = document.getElementById(id);
    return el && el.getClientRects().length > 0;
  }));
  const buttons = await page.locator('button.fix:visible, button.ignore-here:visible').count();
  t.ok(tools.length === 0 && buttons === 0, 'consumer: no merchant tools (CSV, licence, rule pack, fixes, ignore)', tools.join(','));
  await extraShot(page, 'consumer-desktop');
  await page.setViewportSize(PHONE);
  await extraShot(page, 'consumer-phone');
});

// ------------------------------------------------------------------ rule-pack errors and word lists
await withPage('packs', {}, async (page) => {
  await open(page, BASE);
  const bad = { pack: 'mine', rules: [{ id: 'my.brand', family: 'counterfeit', severty: 'warning', basis: 'x', message: 'm', suggestion: 's', terms: ['山寨'] }] };
  await page.setInputFiles('#packfile', { name: '我的规则.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.waitForFunction(() => document.getElementById('pack-status').textContent !== '');
  const shown = await page.innerText('#pack-status');
  t.ok(/我的规则\.json/.test(shown) && /severty/.test(shown) && /severity/.test(shown) && /第 1 条规则/.test(shown)
    && !/custom-rules\.json|docs\/|unknown field/.test(shown), 'packs: a refused pack is explained in plain Chinese with the user\'s file, rule and field', shown);
  const wrongFamily = { pack: 'mine', rules: [{ id: 'my.brand', family: 'brand', severity: 'warning', basis: 'x', message: 'm', suggestion: 's', terms: ['山寨'] }] };
  await page.evaluate(() => (document.getElementById('pack-status').textContent = ''));
  await page.setInputFiles('#packfile', { name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrongFamily)) });
  await page.waitForFunction(() => document.getElementById('pack-status').textContent !== '');
  const fam = await page.innerText('#pack-status');
  t.ok(/counterfeit/.test(fam) && !/contract\.md/.test(fam), 'packs: a wrong family says which one to use', fam);
  await page.fill('#pack-reason', '未获授权的品牌词');
  await page.selectOption('#pack-severity', 'error');
  await page.setInputFiles('#packfile', { name: 'brands.json', mimeType: 'application/json', buffer: Buffer.from('["完美日记"]') });
  await page.waitForFunction(() => /brands\.json/.test(document.getElementById('pack-status').textContent));
  await setText(page, '完美日记同款口红');
  const card = await page.$$eval('#findings li.finding', (ls) => ls.map((l) => ({ rule: l.dataset.rule, sev: l.className, text: l.textContent })));
  t.ok(card.some((c) => c.rule === 'user.words' && /sev-error/.test(c.sev) && c.text.includes('未获授权的品牌词')),
    'packs: a JSON word list becomes a brand pack with the reason and severity from the form', JSON.stringify(card));
  await page.setInputFiles('#packfile', { name: 'words.txt', mimeType: 'text/plain', buffer: Buffer.from('# 品牌词\n花西子 → 国货彩妆\n完美日记\n') });
  await page.waitForFunction(() => /words\.txt/.test(document.getElementById('pack-status').textContent));
  await setText(page, '花西子同款散粉');
  const fix = await page.$$eval('#findings li.finding button.fix', (bs) => bs.map((b) => b.textContent));
  t.ok(fix.includes('花西子 → 国货彩妆'), 'packs: a .txt list with 词 → 替换 offers the replacement as a fix', fix.join(' | '));
});

// ------------------------------------------------------------------ report metadata
await withPage('report', {}, async (page) => {
  await open(page, BASE);
  await page.selectOption('#scope', 'title');
  await setText(page, '全网最好的面膜');
  await page.waitForTimeout(300);
  const json = JSON.parse((await download(page, '#export-json')).text);
  const age = Date.now() - Date.parse(json.generated_at);
  t.ok(age >= 0 && age < 60000 && json.engine.version === '0.1.0' && json.rules.count > 100 && /^[0-9a-f]{8}$/.test(json.rules.fingerprint)
    && json.scope === 'title' && json.mode === 'listing' && Array.isArray(json.ignored.rules),
    'report: the JSON carries date and time, engine and rule versions, the mode and what was ignored',
    JSON.stringify({ ...json, text: undefined, findings: undefined }));
  const md = (await download(page, '#export-md')).text;
  t.ok(/生成时间：.*\d{4}/.test(md) && /zicha 0\.1\.0/.test(md) && /规则：\d+ · [0-9a-f]{8}/.test(md) && /检查对象：/.test(md) && /已忽略：/.test(md),
    'report: the Markdown says the same', md.slice(0, 500));
});

// ------------------------------------------------------------------ licence panel offline before the first download
await withPage('licence-offline', {}, async (page, { context, requests }) => {
  await open(page, BASE);
  const png = await page.screenshot({ clip: { x: 0, y: 0, width: 240, height: 160 } });
  await context.setOffline(true);
  await page.setInputFiles('#licencefile', { name: '我的执照.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.licence), null, { timeout: 60000 });
  const err = await page.textContent('#licence-error');
  const dir = join(WEB_ROOT, 'gen', 'paddle');
  const bytes = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  const m = /需要联网下载一次文字识别模型（约 (\d+) MB）/.exec(err);
  t.ok(m && Math.abs(Number(m[1]) * 1e6 - bytes) < 1.5e6, `licence-offline: says the model must be downloaded once (real size ${(bytes / 1e6).toFixed(1)} MB)`, err);
  t.ok(!/更清晰|更小的图片/.test(err), 'licence-offline: does not blame the image', err);
  t.ok(/我的执照\.png/.test(await page.textContent('#licence-file')) && (await page.isVisible('#licence-thumb')),
    'licence-offline: the file name stays shown with a thumbnail of the image');
  await context.setOffline(false);
  await page.locator('#licence-tool').scrollIntoViewIfNeeded();
  await extraShot(page, 'licence-desktop');
  await page.setViewportSize(PHONE);
  await extraShot(page, 'licence-phone');
  okStaysLocal(t, 'licence-offline', requests, origin);
});

await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
