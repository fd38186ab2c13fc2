#!/usr/bin/env node
// Typing in a very long text on the page: loads N characters of listing text (default 1,000,000) into the box,
// waits for its result, then types three characters at the end as a user would, and reports what the main
// thread did meanwhile (PerformanceObserver 'longtask': every task over 50 ms) and how long until the result
// for the typed text was rendered. Headless Chromium (playwright-core, /usr/bin/chromium). Not a test.
//
//   node bench/page-long.mjs [--chars N]        (make bench-page-long)
import { launch, startServer, missingPrerequisite, traceMainThread } from '../tests/e2e/lib.mjs';

const arg = process.argv.indexOf('--chars');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1000000;
const why = missingPrerequisite();
if (why) {
  console.error(`bench-page-long: ${why}`);
  process.exit(2);
}
const server = await startServer();
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await page.goto(server.url, { waitUntil: 'load' });
await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
const unit = '夏季新款纯棉T恤男短袖，全网最好的面料，宽松圆领打底衫，透气吸汗，好评返现。\n';
const text = unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
const settled = (seq) =>
  page.waitForFunction((s) => Number(document.documentElement.dataset.seq) > s && !document.documentElement.dataset.checking
    && document.getElementById('preview').dataset.checked === document.documentElement.dataset.seq
    && document.getElementById('findings').dataset.complete === '1', seq, { timeout: 120000, polling: 20 });
const seqNow = () => page.evaluate(() => Number(document.documentElement.dataset.seq || 0));

let seq = await seqNow();
const t0 = Date.now();
await page.evaluate((t) => {
  const ta = document.getElementById('text');
  ta.value = t;
  ta.dispatchEvent(new Event('input'));
}, text);
await settled(seq);
const loadMs = Date.now() - t0;
await page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
});
// the text box: the textarea, or past LONG_TEXT (web/editor.js) the windowed editor that replaced it
const box = (await page.isVisible('#text')) ? '#text' : '.long-editor .cm-content';
// Besides the long-task observer (wall time, which a loaded machine stretches), a 'toplevel' trace gives every
// main-thread task's own CPU time (tdur): the page's cost, whatever else the machine runs.
const trace = await traceMainThread(page);
await page.click(box);
await page.keyboard.press('Control+End');
seq = await seqNow();
const t1 = Date.now();
for (const ch of 'abc') await page.keyboard.type(ch, { delay: 80 });
const typed = Date.now() - t1;
await settled(seq);
const resultMs = Date.now() - t1;
await page.waitForTimeout(2500); // the draft save comes after a pause: count it too
const cpu = await trace.stop();
const info = await page.evaluate(() => ({
  long: window.__long,
  findings: document.querySelectorAll('#findings li.finding').length,
  highlightOff: !document.getElementById('highlight-off').hidden,
  len: document.getElementById('text').value.length,
  editor: !!document.querySelector('.editor.long'),
  marks: document.querySelectorAll('#preview mark').length + (document.querySelector('.long-editor')?.shadowRoot?.querySelectorAll('mark').length || 0),
}));
const longest = info.long.length ? Math.max(...info.long) : 0;
console.log(`chars: ${info.len}  findings listed: ${info.findings}  highlighting off: ${info.highlightOff}  text box: ${info.editor ? 'windowed editor' : 'textarea'}, ${info.marks} marks drawn`);
console.log(`first result for the pasted text: ${loadMs} ms`);
console.log(`typing 3 characters: ${typed} ms of key events; result for the typed text ${resultMs} ms after the first key`);
console.log(`long tasks while typing and after: ${info.long.length}, longest ${longest.toFixed(0)} ms (${info.long.map((d) => d.toFixed(0)).join(', ') || 'none'})`);
console.log(`main-thread tasks over 50 ms of wall time: ${cpu.map((t) => `${t.wall}/${t.cpu}`).join(', ') || 'none'} (wall/CPU ms); longest CPU ${Math.max(0, ...cpu.map((t) => t.cpu))} ms`);
console.log(`JSON ${JSON.stringify({ chars: info.len, resultMs, longest: Math.round(longest), longestCpu: Math.max(0, ...cpu.map((t) => t.cpu)), tasks: cpu })}`);

// Baseline: the same typing in a bare textarea holding the same text (no page script at all): what the
// browser's own editing and layout of a megabyte of text costs on this machine.
const bare = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await bare.setContent('<textarea id=t style="width:600px;height:300px"></textarea>');
await bare.evaluate((t) => (document.getElementById('t').value = t), text);
await bare.waitForTimeout(1500);
await bare.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
});
const bareTrace = await traceMainThread(bare);
await bare.click('#t');
await bare.keyboard.press('Control+End');
for (const ch of 'abc') await bare.keyboard.type(ch, { delay: 80 });
await bare.waitForTimeout(1000);
const base = await bare.evaluate(() => window.__long);
const baseCpu = await bareTrace.stop();
console.log(`baseline, bare textarea with the same text: ${base.length} long tasks, longest ${(base.length ? Math.max(...base) : 0).toFixed(0)} ms; longest CPU ${Math.max(0, ...baseCpu.map((t) => t.cpu))} ms`);
await browser.close();
await server.close();

