// 商品图片检查 panel in the page (web/image-panel.js): a generated poster with a planted claim
// (tests/image/gen.mjs, Debian fonts only, PNG) is picked; the progress bar runs; a box in the claim's family is
// drawn over the claim's rendered rectangle; the boxes are reachable with Tab and show their finding; correcting
// the recognised text re-checks it (the claim removed → its box goes); the JSON / Markdown / PNG exports work;
// a second image pasted from the clipboard is checked too; no request leaves the origin and nothing is POSTed.
// Desktop and phone screenshots go to build/screenshots/ (and to $IMG_SHOTS_DIR when set).
//
//   node tests/e2e/images.test.mjs
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, startSuite, startServer, launch, pageRunner, paddleAssets, download, okStaysLocal, okNothingSent, shot } from './lib.mjs';

const t = startSuite('images', { also: [paddleAssets()] });

// ------------------------------------------------------------------ a generated poster with a planted claim
const dir = join(ROOT, 'build', 'e2e-images');
const { generate } = await import(pathToFileURL(join(ROOT, 'tests', 'image', 'gen.mjs')).href);
const { overlapsRect } = await import(pathToFileURL(join(ROOT, 'tests', 'image', 'score.mjs')).href);
const pickCase = (p) => p.kind === 'poster' && !p.clean && !p.jpeg && p.claims.length === 1 && !p.effects.rotate && !p.effects.blur && p.width <= 800;
let truth = existsSync(join(dir, 'case.json')) ? JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) : null;
if (!truth) {
  const [c] = await generate({ out: dir, seed: 7, count: 60, filter: pickCase, limit: 1, systemFonts: true });
  truth = c;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'case.json'), JSON.stringify(c));
}
const image = readFileSync(join(dir, truth.file));
const claim = truth.planted[0];
t.diag(`image ${truth.file} ${truth.width}×${truth.height}: planted ${claim.family}「${claim.match}」 at ${JSON.stringify(claim.rects)}`);

const server = await startServer();
const browser = await launch();
const origin = new URL(server.url).origin;
const withPage = pageRunner(browser, t, 'images', { defaults: { acceptDownloads: true }, consoleErrors: true });

await withPage('poster', {}, async (page, { requests, problems }) => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
  t.ok(await page.isVisible('#image-tool'), 'the 商品图片检查 panel is on the page');

  // progress observed while the image is read
  await page.evaluate(() => {
    window.__bar = [];
    const stage = document.getElementById('image-stage');
    new MutationObserver(() => window.__bar.push([document.getElementById('image-bar').value, stage.textContent])).observe(stage, { childList: true, characterData: true, subtree: true });
  });
  const t0 = Date.now();
  await page.setInputFiles('#imagefile', { name: truth.file, mimeType: 'image/png', buffer: image });
  await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.images), null, { timeout: 240000, polling: 250 });
  t.diag(`first image (model download + OCR + check): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  t.ok(await page.evaluate(() => document.documentElement.dataset.images) === 'done', 'the image is read and checked', await page.textContent('#image-error'));
  const bar = await page.evaluate(() => window.__bar);
  t.ok(bar.length >= 3 && bar.some(([v]) => v > 0 && v < 100) && bar.some(([, s]) => /识别文字/.test(s)), 'the progress bar moves through the stages', JSON.stringify(bar.slice(0, 8)));

  // boxes where the claim is
  const boxes = await page.$$eval('#image-results .imgcase:first-child .imgbox', (bs) => bs.map((b) => ({ family: b.dataset.family, box: b.dataset.box.split(',').map(Number), cls: b.className })));
  const mine = boxes.filter((b) => b.family === claim.family);
  t.ok(mine.some((b) => claim.rects.some((r) => overlapsRect(b.box, r))), `a ${claim.family} box is drawn over「${claim.match}」`, JSON.stringify(boxes));
  t.ok(mine.every((b) => /sev-(error|warning)/.test(b.cls)), 'the box has the severity colour class', JSON.stringify(mine));
  // the box is where the pixels are: its on-screen rectangle scaled back to image pixels matches data-box
  const geo = await page.evaluate(() => {
    const img = document.querySelector('#image-results .imgcase:first-child img');
    const b = document.querySelector('#image-results .imgcase:first-child .imgbox');
    const ir = img.getBoundingClientRect(), br = b.getBoundingClientRect();
    const k = img.naturalWidth / ir.width;
    return { got: [(br.left - ir.left) * k, (br.top - ir.top) * k, br.width * k, br.height * k], want: b.dataset.box.split(',').map(Number) };
  });
  t.ok(geo.got.every((v, i) => Math.abs(v - geo.want[i]) <= 4 + 0.02 * geo.want[i]), 'the drawn box scales with the displayed image', JSON.stringify(geo));

  // keyboard: Tab from the file input reaches a box, which shows its finding
  await page.focus('#imagefile');
  let reached = null;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => (document.activeElement?.classList.contains('imgbox') ? document.activeElement.dataset.family : null));
  }
  t.ok(reached !== null, 'a box is reachable with Tab');
  const detail = await page.evaluate(() => {
    const d = document.querySelector('#image-results .imgcase:first-child .imgdetail');
    return { hidden: d.hidden, text: d.textContent };
  });
  t.ok(!detail.hidden && /依据/.test(detail.text) && detail.text.length > 20, 'the focused box shows its finding (message, basis, suggestion)', JSON.stringify(detail));
  await page.hover('#image-results .imgcase:first-child .imgbox');
  t.ok(await page.isVisible('#image-results .imgcase:first-child .imgdetail'), 'hovering a box shows its finding');

  await shot(page, 'images-desktop');

  // correction: the claim's phrase replaced by hand → re-checked, its box goes
  const textBefore = await page.inputValue('#image-results .imgcase:first-child .imgtext');
  t.ok(textBefore.includes(claim.match.slice(0, 2)), 'the recognised text is shown beside the image', textBefore);
  // the whole line of the planted phrase is rewritten: a phrase may hold a second claim of the same family
  // (晒图返现 带图追评送小样), which a correction of the first alone would leave flagged
  const corrected = textBefore.split('\n').map((l) => (l.includes(claim.match.slice(0, 2)) ? '优质面料' : l)).join('\n');
  await page.fill('#image-results .imgcase:first-child .imgtext', corrected);
  await page.waitForFunction((fam) => {
    const c = document.querySelector('#image-results .imgcase:first-child');
    return c.dataset.state === 'done' && ![...c.querySelectorAll('.imgbox')].some((b) => b.dataset.family === fam);
  }, claim.family, { timeout: 15000 }).then(() => t.ok(true, 'a correction is re-checked at once (the claim removed, its box gone)'),
    async (e) => t.ok(false, 'a correction is re-checked at once (the claim removed, its box gone)', e.message));
  // and typed back in: the box comes back over the same place
  await page.fill('#image-results .imgcase:first-child .imgtext', textBefore);
  await page.waitForFunction((fam) => [...document.querySelectorAll('#image-results .imgcase:first-child .imgbox')].some((b) => b.dataset.family === fam), claim.family, { timeout: 15000 })
    .then(() => t.ok(true, 'the original text re-checked brings the box back'), (e) => t.ok(false, 'the original text re-checked brings the box back', e.message));

  // exports
  const dl = (x) => download(page, `#image-results .imgcase:first-child [data-x=${x}]`);
  const j = await dl('json');
  const rep = JSON.parse(j.bytes.toString('utf8'));
  t.ok(Array.isArray(rep.lines) && rep.lines.every((l) => l.box.length === 4) && rep.findings.some((f) => f.family === claim.family && f.boxes.length), 'JSON export: lines with boxes, findings with boxes', j.bytes.toString('utf8').slice(0, 300));
  const md = await dl('md');
  t.ok(/# 商品图片检查/.test(md.bytes.toString('utf8')) && md.bytes.toString('utf8').includes(claim.family), 'Markdown export', md.bytes.toString('utf8').slice(0, 200));
  const png = await dl('png');
  t.ok(png.bytes.subarray(1, 4).toString() === 'PNG' && png.bytes.length > 1000, `PNG export of the image with the boxes (${png.name}, ${png.bytes.length} B)`);

  // paste: the same poster as a JPEG (q 85) from the clipboard (a paste event carrying a file)
  const { decode } = await import('fast-png');
  const { default: jpeg } = await import('jpeg-js');
  const px = decode(image);
  const rgba = new Uint8Array(px.width * px.height * 4);
  for (let i = 0; i < px.width * px.height; i++) for (let k = 0; k < 4; k++) rgba[4 * i + k] = k < 3 ? px.data[i * px.channels + k] : 255;
  const jpg = Buffer.from(jpeg.encode({ data: rgba, width: px.width, height: px.height }, 85).data);
  const before = await page.$$eval('#image-results .imgcase', (a) => a.length);
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'image.jpg', { type: 'image/jpeg' }));
    const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    document.getElementById('image-drop').dispatchEvent(ev);
  }, jpg.toString('base64'));
  await page.waitForFunction((n) => document.querySelectorAll('#image-results .imgcase').length > n && document.documentElement.dataset.images === 'done', before, { timeout: 120000, polling: 250 });
  const pasted = await page.$$eval('#image-results .imgcase:first-child .imgbox', (bs) => bs.map((b) => ({ family: b.dataset.family, box: b.dataset.box.split(',').map(Number) })));
  t.ok(pasted.some((b) => b.family === claim.family && claim.rects.some((r) => overlapsRect(b.box, r))), 'a pasted JPEG is checked too, the claim boxed', JSON.stringify(pasted));

  // phone layout
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => document.getElementById('image-tool').scrollIntoView());
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  t.ok(overflow <= 1, 'phone width: the panel fits (no horizontal scroll)', `overflow ${overflow}px`);
  await shot(page, 'images-phone');

  // nothing leaves the browser
  okStaysLocal(t, 'images', requests, origin, {
    carrying: [claim.match, truth.file, ...textBefore.split('\n').filter((l) => l.length >= 4)],
    what: 'the image name or its recognised text',
  });
  okNothingSent(t, 'images: nothing is sent (no POST/PUT)', requests);
  t.ok(problems.length === 0, 'no page errors', problems.join('\n'));

  const out = process.env.IMG_SHOTS_DIR;
  if (out) {
    mkdirSync(out, { recursive: true });
    for (const n of ['images-desktop', 'images-phone']) copyFileSync(join(ROOT, 'build', 'screenshots', `${n}.png`), join(out, `${n}.png`));
  }
});
await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
