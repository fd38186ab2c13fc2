// Browser tests of long texts on the page (web/editor.js): past LONG_TEXT UTF-16 units the textarea gives way to a
// windowed editor that keeps highlights on, with exact code-point offsets (astral characters before the findings),
// also on one line of millions of characters; cards select their words, fixes apply and undo (Ctrl+Z and 撤销),
// ignoring works, typing re-checks, the draft comes back after a reload, and a short text brings the textarea back.
// The main thread's long tasks while typing are reported (diagnostics), not asserted: `make bench-page-long`
// measures them. TAP output.
//
//   node tests/e2e/long-text.test.mjs

import { startSuite, startServer, launch, pageRunner } from './lib.mjs';

const t = startSuite('long-text', { shots: 'long' });
const server = await startServer();
const browser = await launch();

const withPage = pageRunner(browser, t, 'long', {
  defaults: { viewport: { width: 1280, height: 800 } }, consoleErrors: true, clean: 'no uncaught page error or CSP violation',
});

const seqOf = (page) => page.evaluate(() => Number(document.documentElement.dataset.seq || 0));
/** Wait for the result of a check started after `seq` to be rendered, cards and highlights included. */
function settled(page, seq, timeout = 120000) {
  return page.waitForFunction((s) => {
    const d = document.documentElement.dataset;
    return Number(d.seq) > s && !d.checking && document.getElementById('preview').dataset.checked === d.seq
      && document.getElementById('findings').dataset.complete === '1';
  }, seq, { timeout, polling: 50 });
}
async function setLong(page, text) {
  const seq = await seqOf(page);
  await page.evaluate((s) => {
    const ta = document.getElementById('text');
    ta.value = s;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.waitForSelector('.editor.long .cm-content', { timeout: 30000 });
  await settled(page, seq);
}
/** Each drawn mark's text against the code-point range of its card (技术信息: `rule · [start, end)`). */
const marksAgainstCards = (page) => page.evaluate(() => {
  const text = Array.from(document.getElementById('text').value);
  const out = { marks: 0, bad: [] };
  for (const m of document.querySelector('.long-editor').shadowRoot.querySelectorAll('mark[data-findings]')) {
    out.marks++;
    const li = document.getElementById('finding-' + m.dataset.findings);
    if (!li) continue; // a card still to be built
    const [, a, b] = /\[(\d+), (\d+)\)/.exec(li.querySelector('.rule-id').textContent).map(Number);
    const want = text.slice(a, b).join('');
    if (!want.includes(m.textContent) || li.querySelector('.match').textContent !== want) out.bad.push([m.textContent, want, a, b]);
  }
  return out;
});

const unit = '𠀀纯棉T恤😀，全网最好的面料，透气吸汗。\n'; // two astral characters before each 最好
const TEXT = unit.repeat(Math.ceil(300000 / unit.length));

await withPage('editor', {}, async (page) => {
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
  await setLong(page, TEXT);
  t.ok(!(await page.isVisible('#text')) && (await page.isVisible('.long-editor .cm-editor')), 'long: past 100,000 characters the windowed editor replaces the textarea');
  t.ok(await page.evaluate((n) => document.getElementById('text').value.length === n, TEXT.length), 'long: #text still holds the whole text');
  t.ok(!(await page.isVisible('#highlight-off')), 'long: highlighting stays on');
  const lines = await page.$$eval('.long-editor .cm-line', (l) => l.length);
  t.ok(lines > 0 && lines < 2000, `long: only the lines near the screen are in the DOM (${lines} of ${TEXT.split('\n').length})`);
  let chk = await marksAgainstCards(page);
  t.ok(chk.marks > 0 && chk.bad.length === 0, `long: every drawn mark covers its finding's code points exactly (${chk.marks} marks)`, JSON.stringify(chk.bad.slice(0, 3)));

  // a card far down selects its words, scrolls the editor there and outlines its mark
  await page.click('#findings li.finding >> nth=400 >> .message');
  const sel = await page.evaluate(() => {
    const ta = document.getElementById('text');
    return ta.value.slice(ta.selectionStart, ta.selectionEnd);
  });
  t.ok(sel === '最好', 'long: a card far down selects its words in the text', sel);
  const cur = await page.$$eval('.long-editor mark.current', (m) => m.map((x) => x.dataset.findings));
  t.ok(cur.length > 0 && cur.every((i) => i === cur[0]), 'long: and its mark is drawn and outlined', JSON.stringify(cur));
  chk = await marksAgainstCards(page);
  t.ok(chk.marks > 0 && chk.bad.length === 0, `long: the marks there are exact too (${chk.marks})`, JSON.stringify(chk.bad.slice(0, 3)));

  // typing in the editor re-checks; the long tasks meanwhile are reported
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
  });
  await page.click('.long-editor .cm-content');
  await page.keyboard.press('Control+End');
  let seq = await seqOf(page);
  await page.keyboard.type('全网最好', { delay: 60 });
  await settled(page, seq);
  const end = await page.evaluate(() => document.getElementById('text').value.slice(-4));
  t.ok(end === '全网最好', 'long: typing in the editor edits #text and is checked', end);
  t.diag(`long tasks while typing 4 characters in ${TEXT.length.toLocaleString('en')} characters (wall ms, loaded machine): ${JSON.stringify(await page.evaluate(() => window.__long))}`);

  // a fix button edits the text, Ctrl+Z and 撤销 undo it, 重做 redoes it
  const before = await page.evaluate(() => document.getElementById('text').value);
  const fix = page.locator('#findings li.finding button.apply').first();
  t.ok((await fix.count()) === 1, 'long: the cards offer fixes');
  const label = await fix.textContent();
  seq = await seqOf(page);
  await fix.click();
  await settled(page, seq);
  const after = await page.evaluate(() => document.getElementById('text').value);
  t.ok(after !== before && after.length !== 0, `long: 「${label}」 applies in the editor`);
  chk = await marksAgainstCards(page);
  t.ok(chk.bad.length === 0, 'long: the marks after the fix are exact', JSON.stringify(chk.bad.slice(0, 3)));
  await page.click('.long-editor .cm-content');
  await page.keyboard.press('Control+z');
  t.ok(await page.evaluate((b) => document.getElementById('text').value === b, before), 'long: Ctrl+Z undoes the fix');
  await page.click('#redo');
  t.ok(await page.evaluate((a) => document.getElementById('text').value === a, after), 'long: 重做 redoes it');
  await page.click('#undo');
  t.ok(await page.evaluate((b) => document.getElementById('text').value === b, before), 'long: 撤销 undoes it again');

  // ignoring a place takes its card and its mark away
  await settled(page, (await seqOf(page)) - 1);
  const first = await page.$eval('#findings li.finding', (li) => li.dataset.index);
  await page.click('.long-editor .cm-content');
  await page.keyboard.press('Control+Home');
  const drawn = await page.$$eval(`.long-editor mark[data-findings="${first}"]`, (m) => m.length);
  await page.click('#findings li.finding >> nth=0 >> button.ignore-here');
  const gone = await page.waitForFunction((i) => !document.querySelector('.long-editor').shadowRoot.querySelector(`mark[data-findings="${i}"]`) && !document.getElementById('finding-' + i), first)
    .then(() => true, () => false);
  t.ok(drawn > 0 && gone, 'long: 忽略此处 removes the card and its mark');

  // the draft (IndexedDB for a long text) comes back in the editor after a reload
  await page.waitForTimeout(2600);
  const len = await page.evaluate(() => document.getElementById('text').value.length);
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('.editor.long .cm-content', { timeout: 30000 });
  t.ok(await page.evaluate((n) => document.getElementById('text').value.length === n, len), 'long: the draft is restored into the editor after a reload');

  // a short text set as a whole brings the textarea back
  await page.evaluate(() => (document.getElementById('text').value = ''));
  await page.fill('#text', '全网最好的面膜');
  await page.waitForFunction(() => document.getElementById('preview').textContent === document.getElementById('text').value && document.querySelector('#preview mark'));
  t.ok((await page.isVisible('#text')) && !(await page.isVisible('.long-editor')), 'long: a short text is back in the textarea, highlighted as before');
  await page.evaluate(() => localStorage.clear());
});

await withPage('one-line', {}, async (page) => {
  // two million characters without a line break, the finding at the very end
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
  const text = '纯棉面料舒适透气'.repeat(250000) + '😀全网最好';
  await setLong(page, text);
  const n = await page.$$eval('#findings li.finding', (l) => l.length);
  await page.click('#findings li.finding >> nth=-1 >> .message');
  await page.waitForSelector('.long-editor mark.current');
  const chk = await marksAgainstCards(page);
  t.ok(n >= 1 && chk.marks > 0 && chk.bad.length === 0, `one-line: a finding at the end of a 2,000,000-character line is drawn exactly (${chk.marks} marks)`, JSON.stringify(chk.bad));
  const chars = await page.$$eval('.long-editor .cm-line', (l) => l.reduce((k, x) => k + x.textContent.length, 0));
  t.ok(chars < 200000, `one-line: only part of the line is in the DOM (${chars} characters)`);
  await page.evaluate(() => localStorage.clear());
});

await browser.close();
await server.close();
t.end();
