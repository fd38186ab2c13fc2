// Keystroke-to-underline time of the extension in headless Chromium (`make bench-extension`).
//
//   node bench/extension.mjs [UNPACKED_TEST_BUILD]   (default build/extension/test, built with EXT_TEST_HOSTS)
//
// On the seller fixture (tests/e2e/ext-fixtures/seller.html), for each field kind and text length: the time from the
// input event of a key that makes or removes a finding (typing 好 after 最, then Backspace) to the moment the content
// script has drawn that check's underlines (its `zicha-drawn` event, fired in the frame that draws them), both on the
// page's clock. Keys are 300 ms apart, so each one is measured alone (typing faster coalesces checks). The first
// keystroke (engine start in the service worker) is reported apart. Then the host page's main thread on the
// robustness fixture (robust.html: a 1 MB textarea and 400 inputs; typing in several, then scrolling), traced: the
// tasks over 50 ms of wall time and, for each task, the CPU time of the extension's scripts in it (what the
// e2e suite asserts under 50 ms). `--robust-only` runs that part alone. Results: build/bench/extension.json.
import { createServer } from 'node:http';
import { readFileSync, existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { join, resolve, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { traceMainThread } from '../tests/e2e/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROBUST_ONLY = process.argv.includes('--robust-only');
const EXT = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) || join(ROOT, 'build', 'extension', 'test'));
const FIX = join(ROOT, 'tests', 'e2e', 'ext-fixtures');
const N = Number(process.env.BENCH_KEYS || 40);
if (!existsSync(join(EXT, 'manifest.json'))) {
  console.error(`${EXT}: not built (make bench-extension builds it)`);
  process.exit(2);
}
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const file = join(FIX, new URL(req.url, 'http://x').pathname.replace(/^\/+/, ''));
  if (!file.startsWith(FIX) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': MIME[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const ON = `http://127.0.0.1:${server.address().port}`;

const { chromium } = await import('playwright-core');
const context = await chromium.launchPersistentContext('', {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 900, height: 700 },
  args: ['--no-sandbox', '--disable-gpu', `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
let [sw] = context.serviceWorkers();
if (!sw) sw = await context.waitForEvent('serviceworker');
const ID = new URL(sw.url()).host;
const opt = await context.newPage();
await opt.goto(`chrome-extension://${ID}/options.html`);
await opt.evaluate(async () => {
  await chrome.storage.local.set({ sites: ['http://127.0.0.1/*'] });
  await chrome.runtime.sendMessage({ type: 'sites-changed' });
});
await opt.close();

const page = await context.newPage();
await page.goto(`${ON}/seller.html`);
await page.evaluate(() => {
  window.__drawn = [];
  window.__keys = [];
  addEventListener('zicha-drawn', () => window.__drawn.push(performance.now()));
  // the key's input event, stamped when the browser created it (a typed CJK character has no keydown)
  document.addEventListener('input', (e) => window.__keys.push(e.timeStamp), true);
});

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +s[s.length - 1].toFixed(1) };
};

async function run(name, sel, prefix) {
  await page.click(sel);
  await page.evaluate(([s, p]) => {
    const el = document.querySelector(s);
    if ('value' in el && el.localName !== 'div') el.value = p;
    else el.textContent = p;
    el.focus();
  }, [sel, prefix]);
  await page.keyboard.press('Control+End');
  const times = [];
  let first = null;
  for (let i = 0; i < N; i++) {
    await page.evaluate(() => {
      window.__drawn.length = 0;
      window.__keys.length = 0;
    });
    if (i % 2 === 0) await page.keyboard.type('好');
    else await page.keyboard.press('Backspace');
    const dt = await page.waitForFunction(() => window.__drawn.length && window.__keys.length && window.__drawn[0] - window.__keys[0], null, { timeout: 5000 })
      .then((h) => h.jsonValue()).catch(() => null);
    if (dt == null) {
      console.log(`    key ${i}: no draw within 5 s`);
      continue;
    }
    if (i === 0) first = dt;
    else times.push(dt);
    await page.waitForTimeout(300);
  }
  const r = { field: name, chars: prefix.length + 1, first: first && +first.toFixed(1), ...stat(times) };
  console.log(`  ${name.padEnd(34)} ${String(r.chars).padStart(7)} chars  median ${String(r.median).padStart(6)} ms  p95 ${String(r.p95).padStart(6)} ms  (n=${r.n}, first ${r.first} ms)`);
  return r;
}

const filler = '本店商品质量可靠，欢迎选购。';
let results = [];
if (!ROBUST_ONLY) {
  console.log('keystroke to underline (headless Chromium, input event -> overlay drawn):');
  results = [
    await run('textarea (mirror layout)', '#detail', '这是一款面膜，全网最'),
    await run('textarea (mirror layout)', '#detail', filler.repeat(357) + '全网最'),
    await run('contenteditable rich editor', '#rich', '这款面膜全网最'),
    await run('input (title)', '#title', '面膜 全网最'),
    await run('editor rebuilding its DOM per key', '#rewrite', '家人们，全网最'),
  ];
}

// the host page's tasks on the robustness fixture, and the extension's share of each
const rp = await context.newPage();
await rp.goto(`${ON}/robust.html`);
await rp.waitForTimeout(1500); // pre-filled fields are checked in idle time
const trace = await traceMainThread(rp, { min: 0, scripts: true });
await rp.click('#huge');
await rp.keyboard.press('Control+End');
await rp.keyboard.type('最好', { delay: 60 });
for (const i of [0, 5, 150, 399]) {
  await rp.click(`#f${i}`);
  await rp.keyboard.type('第一', { delay: 30 });
}
await rp.mouse.wheel(0, 3000);
await rp.waitForTimeout(1500);
const tasks = await trace.stop();
await rp.close();
const ours = tasks.filter((x) => x.ext > 0).sort((a, b) => b.ext - a.ext);
const robust = {
  tasksWithExtension: ours.length,
  heaviestExtensionMs: ours.length ? ours[0].ext : 0,
  longTasks: tasks.filter((x) => x.wall > 50).map((x) => ({ wall: x.wall, cpu: x.cpu, ext: x.ext })),
};
console.log(`robust.html (1 MB textarea, 400 inputs): ${ours.length} tasks ran the extension; heaviest ${robust.heaviestExtensionMs} ms of its scripts`);
console.log(`  tasks over 50 ms wall (wall/CPU/extension ms): ${robust.longTasks.map((x) => `${x.wall}/${x.cpu}/${x.ext}`).join(', ') || 'none'}`);
const zip = join(ROOT, 'build', 'extension', 'zicha-extension.zip');
const out = { date: new Date().toISOString(), chromium: context.browser() ? context.browser().version() : '', keys: N, results, robust,
  zipBytes: existsSync(zip) ? statSync(zip).size : null };
mkdirSync(join(ROOT, 'build', 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'build', 'bench', 'extension.json'), JSON.stringify(out, null, 2) + '\n');
console.log('  -> build/bench/extension.json');
await context.close();
server.close();
