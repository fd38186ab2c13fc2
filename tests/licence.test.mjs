// Licence image check, fast subset for `make test` (the full accuracy run is `make licence-eval`).
//
//   node tests/licence.test.mjs     (needs web/gen/zicha.{mjs,wasm} from `make wasm`, node_modules, chromium)
//
// Image limits are refused from the header before decoding; QR decoding through our wasm (quirc) on qrencode
// output, upright and turned; three generated licences (a clean valid scan with a consistent listing, a degraded
// phone photo with a wrong check character, a clean scan whose QR points off gsxt.gov.cn) through the whole
// pipeline, the last one re-encoded as WebP through `node web/cli.mjs licence`. TAP output.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tap } from './e2e/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const T = tap(); // TAP output (tests/e2e/lib.mjs)
const out = (s) => process.stdout.write(s + '\n');
const ok = (cond, name, diag) => T.ok(cond, name, diag === undefined || typeof diag === 'string' ? diag : JSON.stringify(diag));
function throwsCode(fn, code) {
  try { fn(); return false; } catch (e) { return e.code === code; }
}

const L = { ...(await import('../web/licence.js')), ...(await import('../web/licence-node.mjs')) };
const t0 = performance.now();

// ---- limits, checked on the header before any decoding
{
  const png = new Uint8Array(33);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const dv = new DataView(png.buffer);
  dv.setUint32(16, 10000); dv.setUint32(20, 5000);
  ok(throwsCode(() => L.sniffImage(png), 'too_large'), 'PNG of 50 megapixels refused from its header');
  dv.setUint32(16, 1600); dv.setUint32(20, 1130);
  const s = L.sniffImage(png);
  ok(s.type === 'png' && s.width === 1600 && s.height === 1130, 'PNG header: type and size', s);
  const jpg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x04, 0x6a, 0x06, 0x40, 3, 0, 0, 0]);
  const j = L.sniffImage(jpg);
  ok(j.type === 'jpeg' && j.width === 1600 && j.height === 1130, 'JPEG header: size from SOF0 after an APP0 segment', j);
  const big = new Uint8Array([0xff, 0xd8, 0xff, 0xc2, 0, 11, 8, 0x1f, 0x40, 0x1f, 0x40, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  ok(throwsCode(() => L.sniffImage(big), 'too_large'), 'JPEG of 8000×8000 refused from its SOF');
  const webp = new Uint8Array(30);
  webp.set([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8X')]);
  webp[24] = 0x3f; webp[25] = 0x1f; webp[27] = 0x3f; webp[28] = 0x1f; // 8000 × 8000
  ok(throwsCode(() => L.sniffImage(webp), 'too_large'), 'WebP (VP8X) of 64 megapixels refused');
  ok(throwsCode(() => L.sniffImage(new Uint8Array(21 * 1024 * 1024)), 'too_large'), 'file over 20 MB refused');
  ok(throwsCode(() => L.sniffImage(Buffer.from('GIF89a........')), 'bad_type'), 'GIF refused as unsupported');
  let msg = '';
  try { await L.decodeImageNode(png); } catch (e) { msg = e.code; }
  ok(msg === 'bad_image', 'truncated PNG: bad_image error, no crash', msg);
}

// ---- name re-reading: character vote over several readings (symbols with confidences)
{
  const R = (s, c = 90) => [...s].map((t) => ({ t, c }));
  const vote = L._internals.voteReadings;
  ok(vote([R('武汉便信贸易有限公司'), R('武汉恒信贸易有限公司'), R('武汉人恒信贸易有限公司'), R('武汉人恒信贸易有限公司')]) === '武汉恒信贸易有限公司',
    'vote: a split-off radical (人恒) is outvoted as an insertion, the majority character wins');
  ok(vote([R('北京鼎盛科技有限公司', 60), R('北京易盛科技有限', 99), R('北京易盛科技有限', 99), R('北京鼎盛科技有限公司', 60)]) === '北京鼎盛科技有限公司',
    'vote: readings ending in an organisation form (公司) are preferred');
  ok(vote([R('和人'), R('人')]) === '和人' && vote([]) === '', 'vote: no plausible reading → the others; none → empty');
  const A = (s) => Object.assign(R(s, 95), { alt: true });
  const yi = [R('苏州易盛科技有限公司'), R('苏州易盛科技有限公司'), R('苏州易盛科技有限公司'), R('苏州易盛科技有限公司'), R('苏州易盛科技有限公司')];
  ok(vote([...yi, A('苏州鼎盛科技有限公司'), A('苏州鼎盛科技有限公司'), A('苏州鼎盛科技有限公司')]) === '苏州鼎盛科技有限公司',
    'vote: the second model, unanimous over three readings, decides a character');
  ok(vote([...yi, A('苏州鼎盛科技有限公司'), A('苏州鼎盛科技有限公司'), A('苏州县盛科技有限公司')]) === '苏州易盛科技有限公司',
    'vote: the second model split → the weighted vote decides');
  ok(L._internals.voteReadings([R('到汉恒信贸易有限公司'), R('到汉恒信贸易有限公司'), R('武汉恒信贸易有限公司')], ['武汉']) === '武汉恒信贸易有限公司' &&
    L._internals.voteReadings([R('好汉餐饮有限公司'), R('好汉餐饮有限公司'), R('好汉餐饮有限公司')], ['武汉']) === '好汉餐饮有限公司',
    'vote: a place written on the licence tips a split first character, never a consistent one');
  ok(JSON.stringify(L._internals.placesOf(['住所 湖北省武汉市武昌区中南路88号', '登记机关 杭州市西湖区市场监督管理局'])) === '["湖北","所湖北","武汉","杭州","关杭州"]',
    'placesOf: provinces and cities, not the 市 of 市场监督管理局', L._internals.placesOf(['住所 湖北省武汉市武昌区中南路88号', '登记机关 杭州市西湖区市场监督管理局']));
}

// ---- engine-independent geometry and line clean-up
{
  const { sinCosDeg, pickCode, cleanLine } = L._internals;
  let err = 0;
  for (let d = -400; d <= 400; d += 0.37) {
    const [s, c] = sinCosDeg(d);
    err = Math.max(err, Math.abs(s - Math.sin((d * Math.PI) / 180)), Math.abs(c - Math.cos((d * Math.PI) / 180)));
  }
  const q = [0, 90, 180, 270, -90].map((d) => sinCosDeg(d).map((v) => v + 0));
  ok(err < 1e-13 && JSON.stringify(q) === '[[0,1],[1,0],[0,-1],[-1,0],[-1,0]]', 'sinCosDeg: within 1e-13 of Math.sin/cos, exact on 90° steps', { err, q });
  const sq = (x, y, s) => [x, y, x + s, y, x + s, y + s, x, y + s];
  const good = { payload: 'x', corners: sq(100, 100, 80) };
  const far = { payload: null, corners: sq(-5000, 40, 80) };
  const skew = { payload: null, corners: [100, 100, 180, 100, 400, 900, 100, 180] };
  const nan = { payload: 'y', corners: [NaN, 0, 1, 1, 1, 1, 0, 1] };
  ok(pickCode([far, skew, nan, good], 1000, 800) === good && pickCode([far, skew, nan], 1000, 800) === null &&
    pickCode([{ payload: null, corners: sq(10, 10, 60) }, good], 1000, 800) === good,
    'pickCode: corners outside the image, NaN or a non-square quadrilateral never drive the rotation; decoded codes first');
  const W = 60, H = 50, g = { width: W, height: H, data: new Uint8Array(W * H).fill(190) };
  for (let y = 12; y < 24; y++) for (let x = 5; x < 55; x += 3) g.data[y * W + x] = 20; // the text line
  for (let y = 38; y < 46; y++) for (let x = 5; x < 55; x += 2) g.data[y * W + x] = 30; // the next line's tops
  const c = cleanLine(g, 12, 24);
  ok(c.data[40 * W + 5] === 255 && c.data[15 * W + 5] === 0 && c.data[15 * W + 6] === 255, 'cleanLine: contrast stretched, the neighbouring line blanked',
    [c.data[40 * W + 5], c.data[15 * W + 5], c.data[15 * W + 6]]);
}

// ---- QR through the wasm
const wasm = await L.loadWasmNode([join(ROOT, 'web', 'gen', 'zicha-licence.mjs')]);
{
  const payload = 'https://www.gsxt.gov.cn/corp-query-homepage.html?uniscid=91310115MA93PMK506';
  const png = execFileSync('qrencode', ['-o', '-', '-t', 'PNG', '-s', '5', '-m', '4', payload]);
  const img = await L.decodeImageNode(new Uint8Array(png));
  const gray = { width: img.width, height: img.height, data: new Uint8Array(img.width * img.height) };
  for (let i = 0; i < gray.data.length; i++) gray.data[i] = img.data[i * 4];
  const codes = L.decodeQr(wasm, gray);
  ok(codes.length === 1 && codes[0].payload === payload, 'wasm quirc decodes a qrencode PNG', codes);
  // turned by 90°: the corners say so
  const r = { width: gray.height, height: gray.width, data: new Uint8Array(gray.data.length) };
  for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) r.data[y * r.width + x] = gray.data[(gray.height - 1 - x) * gray.width + y];
  const c2 = L.decodeQr(wasm, r);
  const c = c2[0]?.corners || [];
  const angle = Math.round((Math.atan2(c[3] - c[1], c[2] - c[0]) * 180) / Math.PI);
  ok(c2.length === 1 && c2[0].payload === payload && Math.abs(Math.abs(angle) - 90) <= 2, 'turned code decodes, corners give ±90°', { angle });
  const blank = { width: 64, height: 64, data: new Uint8Array(64 * 64).fill(255) };
  ok(L.decodeQr(wasm, blank).length === 0, 'blank image: no code');
}

// ---- rules/licence.json: every rule's examples through the wasm (build/test_licence_rules runs them natively)
{
  const data = JSON.parse(readFileSync(join(ROOT, 'rules', 'licence.json'), 'utf8'));
  const ids = new Set(data.licence_rules.map((r) => r.id));
  for (const rule of data.licence_rules) {
    const bad = [];
    for (const kind of ['match', 'no_match']) {
      rule.examples[kind].forEach((e, i) => {
        const r = L.licenceCheck(wasm, { ocrText: e.ocr.join('\n'), qr: e.qr ?? null, listing: e.listing ?? null, category: e.category || '', today: e.today || data.today });
        const mine = r.findings.filter((f) => f.rule_id === rule.id);
        let good = r.findings.every((f) => ids.has(f.rule_id));
        if (kind === 'no_match') good = good && mine.length === 0;
        else good = good && mine.length === 1 && mine[0].message === (e.message ?? rule.message) &&
          (!e.basis || mine[0].basis === e.basis) && (!e.suggestion || mine[0].suggestion === e.suggestion);
        if (!good) bad.push({ example: `${kind}[${i}]`, findings: r.findings });
      });
    }
    ok(bad.length === 0, `wasm: ${rule.id} examples hold (${rule.examples.match.length} match, ${rule.examples.no_match.length} no_match)`, bad);
  }
}

// ---- three generated licences
const dir = join(ROOT, 'build', 'licence-test-cases');
mkdirSync(dir, { recursive: true });
const want = ['lic001', 'lic002', 'lic005'];
let cases = [];
try {
  const { generate } = await import('./licence/gen.mjs');
  cases = await generate({ out: dir, count: 5, only: want });
  ok(cases.length === 3, 'generated 3 licence images in headless Chromium');
} catch (e) {
  ok(false, 'generated 3 licence images in headless Chromium', e.stack);
}
const byId = Object.fromEntries(cases.map((c) => [c.id, c]));
if (byId.lic001 && byId.lic002) {
  // the engine the page and the CLI use: PaddleOCR from web/gen/paddle/ (make paddle-assets)
  const ocr = await L.createPaddleOcrNode(ROOT);
  try {
    for (const id of ['lic001', 'lic002']) {
      const c = byId[id];
      const img = await L.decodeImageNode(new Uint8Array(readFileSync(join(dir, c.file))));
      const r = await L.analyseLicence(img, { wasm, ocr, listing: c.listing, category: c.category || '', today: c.today });
      const fams = [...new Set(r.findings.map((f) => f.family))].sort();
      ok(r.fields.uscc === c.fields.uscc, `${id} (${c.degraded ? 'photo' : 'scan'}): USCC read exactly`, { got: r.fields.uscc, want: c.fields.uscc });
      ok((r.fields.name || '').replace(/[()（）]/g, '') === c.fields.name.replace(/[()（）]/g, ''), `${id}: name read exactly`, { got: r.fields.name, want: c.fields.name });
      ok(JSON.stringify(fams) === JSON.stringify([...c.planted].sort()), `${id}: findings are exactly the planted families ${JSON.stringify(c.planted)}`, { fams, findings: r.findings });
      ok(r.qr === c.qr, `${id}: QR payload read`, { got: r.qr });
    }
  } finally {
    await ocr.terminate();
  }
}
// the CLI on a WebP (lic005 re-encoded by Chromium's canvas): exercises the third decoder too
let webp = null;
if (byId.lic005) {
  try {
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
    try {
      const p = await b.newPage();
      const src = 'data:image/png;base64,' + readFileSync(join(dir, byId.lic005.file)).toString('base64');
      const url = await p.evaluate(async (s) => {
        const im = new Image(); im.src = s; await im.decode();
        const c = document.createElement('canvas'); c.width = im.width; c.height = im.height;
        c.getContext('2d').drawImage(im, 0, 0);
        return c.toDataURL('image/webp', 0.85);
      }, src);
      webp = join(dir, 'lic005.webp');
      writeFileSync(webp, Buffer.from(url.split(',')[1], 'base64'));
    } finally { await b.close(); }
  } catch (e) { out(`# webp encoding failed: ${e.message}`); }
  ok(webp && L.sniffImage(new Uint8Array(readFileSync(webp))).type === 'webp', 'lic005 re-encoded as WebP');
}
if (byId.lic005) {
  const c = byId.lic005;
  const res = spawnSync(process.execPath, [join(ROOT, 'web', 'cli.mjs'), 'licence', webp || join(dir, c.file), '--today', c.today], { encoding: 'utf8' });
  let j = null;
  try { j = JSON.parse(res.stdout); } catch { /* reported below */ }
  ok(res.status === 1 && j && Object.keys(j).join() === 'fields,qr,findings', 'cli licence: exit 1, {fields, qr, findings}', { status: res.status, stderr: res.stderr, stdout: res.stdout.slice(0, 300) });
  ok(j && j.findings.some((f) => f.family === 'licence_qr_not_official' && f.rule_id && f.basis && f.message && f.suggestion), 'cli licence: unofficial QR host reported', j && j.findings);
  ok(j && j.fields.uscc === c.fields.uscc, 'cli licence: USCC', j && j.fields);
}
{
  const res = spawnSync(process.execPath, [join(ROOT, 'web', 'cli.mjs'), 'licence'], { encoding: 'utf8' });
  ok(res.status === 2 && /IMAGE is required/.test(res.stderr), 'cli licence without IMAGE: usage error, exit 2', res.stderr);
  const res2 = spawnSync(process.execPath, [join(ROOT, 'web', 'cli.mjs'), 'licence', join(ROOT, 'package.json')], { encoding: 'utf8' });
  ok(res2.status === 2 && /不支持的图片格式/.test(res2.stderr), 'cli licence on a non-image: clear error, exit 2', res2.stderr);
}
{
  // without the OCR assets (web/gen/paddle/ not built): a clear error naming the make target, not a crash
  let e = null;
  try { await L.createPaddleOcrNode(join(ROOT, 'build', 'no-such-root')); } catch (err) { e = err; }
  ok(e instanceof L.LicenceError && e.code === 'no_ocr' && /make paddle-assets/.test(e.message), 'licence OCR without web/gen/paddle: clear error (make paddle-assets)', e && e.message);
}
out(`# ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exitCode = T.end() ? 1 : 0;
