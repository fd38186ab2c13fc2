// Browser tests of the batch check (web/sheet.js, web/sheet-worker.js, web/csv.js, web/xlsx.js): merchants'
// files as they come out of Excel and seller back-ends. GBK and UTF-16 CSV, .xlsx in and out, the text column
// picked by content (a long 详情文案 beats a short 标题), the ID column kept, Chinese headers and values (English
// in English mode), the per-finding table, formula cells neutralised, a correct summary, bounded input (size
// limit, unclosed quote, not-a-zip, zip bomb), cancel, the 结论 column on one line, and no request leaving the
// page with the xlsx library loaded. TAP output.
//
//   node tests/e2e/batch.test.mjs
//
// The GBK file is made with Debian's iconv (skipped when it is missing); the .xlsx files with fflate.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';
import {
  ROOT, startSuite, startServer, launch, recordRequests, open, download, okStaysLocal, okNothingSent, shot,
} from './lib.mjs';

const t = startSuite('batch', { also: [[existsSync(join(ROOT, 'web', 'gen', 'fflate.mjs')), 'web/gen/fflate.mjs not copied (make wasm)']] });
const { zipSync, unzipSync, strToU8, strFromU8 } = await import(pathToFileURL(join(ROOT, 'web', 'gen', 'fflate.mjs')).href);

const server = await startServer();
const browser = await launch();
const origin = new URL(server.url).origin;
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
const requests = recordRequests(context);

// A merchant's table: an ID, a short title, the long description (where the problems are), a price. Row A3's
// title is a formula and its price starts with @: both must come out inert.
const HEADER = ['商品ID', '标题', '详情文案', '价格'];
const ROWS = [
  ['A1001', '面膜', '这款补水面膜是全网最好的面膜，采用天然植物精华，深层滋润，适合各种肤质日常使用。', '99'],
  ['A1002', '连衣裙', '夏季新款连衣裙，纯棉面料柔软透气，版型修身显瘦，适合日常通勤和约会穿着，多色可选。', '199'],
  ['A1003', '=1+2', '国家级品质，第一品牌，销量遥遥领先，让你的肌肤回到十八岁，无效退款，放心购买。', '@SUM(1)'],
  ['A1004', 'T恤', '基础款纯棉短袖T恤，圆领设计，简约百搭，机洗不变形，男女同款，尺码齐全可放心选购。', '59'],
];
const BAD_IDS = ['A1001', 'A1003']; // rows with error/warning findings in 详情文案
const csvText = (rows, sep = ',') =>
  rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(sep)).join('\r\n') + '\r\n';

async function newPage(name) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await open(page, server.url);
  return { page, problems, name };
}

async function openFile(page, name, buffer, mimeType = 'text/csv') {
  await page.setInputFiles('#csvfile', { name, mimeType, buffer });
}
async function waitOpened(page) {
  await page.waitForFunction(() => document.documentElement.dataset.batch === 'opened' || !document.getElementById('csv-error').hidden, null, { timeout: 20000 });
}
async function runBatch(page) {
  await page.click('#csv-run');
  await page.waitForFunction(() => document.documentElement.dataset.batch === 'done' || !document.getElementById('csv-error').hidden, null, { timeout: 60000 });
}
const checkedCols = (page) => page.$$eval('input[name=csv-col]:checked', (els) => els.map((e) => Number(e.value)));

/** Rows of a CSV download (BOM dropped, apostrophes kept). */
function parseOut(buf) {
  let s = buf.toString('utf8');
  const bom = s.charCodeAt(0) === 0xfeff;
  if (bom) s = s.slice(1);
  const rows = [];
  let row = [];
  let f = '';
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"' && s[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(f), (f = '');
    else if (c === '\r') continue;
    else if (c === '\n') row.push(f), rows.push(row), (row = []), (f = '');
    else f += c;
  }
  return { bom, rows };
}

/** Checks shared by every input format: the text column, the summary, both CSV outputs. */
async function checkCommon(page, label, { textCol = 2 } = {}) {
  t.ok(JSON.stringify(await checkedCols(page)) === JSON.stringify([textCol]), `${label}: the long 详情文案 column is picked by content, not 标题`, JSON.stringify(await checkedCols(page)));
  const preview = await page.textContent('#csv-preview');
  t.ok(preview.includes('全网最好的面膜') && preview.includes('详情文案'), `${label}: the preview shows the decoded text`, preview.slice(0, 200));
  await runBatch(page);
  const info = await page.textContent('#csv-info');
  t.ok(info.includes(`已检查 ${ROWS.length} 行，其中 ${BAD_IDS.length} 行有问题`), `${label}: the summary counts rows with error/warning findings`, info);
  const classes = await page.$$eval('#csv-table tbody tr', (trs) => trs.map((tr) => tr.className).join(','));
  t.ok(classes === 'bad,ok,bad,ok', `${label}: one table row per listing`, classes);

  const main = await download(page, '#csv-dl-csv');
  const m = parseOut(main.bytes);
  t.ok(m.bom && m.rows[0].join(',') === [...HEADER, '结论', '问题数', '主要问题', '修改建议'].join(','), `${label}: results CSV has a BOM, every original column and Chinese headers (${main.name})`, m.rows[0].join(','));
  const byId = Object.fromEntries(m.rows.slice(1).map((r) => [r[0], r]));
  t.ok(
    m.rows.length === ROWS.length + 1 && byId.A1001 && byId.A1001[4] === '有问题' && Number(byId.A1001[5]) >= 1 && byId.A1001[6].includes('最好') && byId.A1002[4] === '通过',
    `${label}: each row keeps its ID and gets 结论 / 问题数 / 主要问题 / 修改建议 in Chinese`,
    JSON.stringify(byId.A1001),
  );
  t.ok(byId.A1003 && byId.A1003[1] === "'=1+2" && byId.A1003[3] === "'@SUM(1)", `${label}: formula-like cells are written with a leading apostrophe`, JSON.stringify(byId.A1003));
  const fnd = parseOut((await download(page, '#csv-dl-findings')).bytes);
  t.ok(fnd.bom && fnd.rows[0].join(',') === '行号,商品ID,所在列,严重程度,问题,原文,依据,修改建议', `${label}: per-finding CSV header`, fnd.rows[0].join(','));
  const ids = new Set(fnd.rows.slice(1).map((r) => r[1]));
  const best = fnd.rows.find((r) => r[1] === 'A1001' && r[5].includes('【最好】'));
  t.ok(best && best[0] === '2' && best[2] === '详情文案' && best[6] && BAD_IDS.every((id) => ids.has(id)), `${label}: one row per finding with row number, ID, column, 原文 and 依据`, JSON.stringify(fnd.rows.slice(0, 3)));
}

async function guarded(name, fn) {
  const ctx = await newPage(name);
  try {
    await fn(ctx.page);
    t.ok(ctx.problems.length === 0, `${name}: no uncaught page error`, ctx.problems.join('\n'));
  } catch (e) {
    t.ok(false, `${name}: ${e.message.split('\n')[0]}`, e.stack);
    await shot(ctx.page, `fail-batch-${name}`).catch(() => {});
  } finally {
    await ctx.page.close();
  }
}

// ------------------------------------------------------------------ GBK CSV (Excel on Chinese Windows)
let iconvOk = true;
try {
  execFileSync('iconv', ['--version'], { stdio: 'ignore' });
} catch {
  iconvOk = false;
}
if (!iconvOk) t.skip('gbk: GBK CSV', 'iconv not installed');
else
  await guarded('gbk', async (page) => {
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: csvText([HEADER, ...ROWS]) });
    t.ok(!isUtf8(gbk), 'gbk: the test file is not valid UTF-8');
    await openFile(page, 'goods.csv', gbk);
    await waitOpened(page);
    const enc = await page.$eval('#csv-encoding', (s) => ({ value: s.value, label: s.selectedOptions[0].textContent }));
    t.ok(enc.value === 'auto' && /GBK/.test(enc.label), 'gbk: the encoding is detected as GBK / GB18030 and shown', JSON.stringify(enc));
    await checkCommon(page, 'gbk');
    // a wrong override is visible in the preview, and switching back fixes it
    await page.selectOption('#csv-encoding', 'utf-8');
    await page.waitForFunction(() => document.getElementById('csv-encoding').value === 'utf-8' && document.documentElement.dataset.batch === 'opened');
    const bad = await page.textContent('#csv-preview');
    const warn = await page.textContent('#csv-kind');
    t.ok(!bad.includes('全网最好') && bad.includes('\ufffd') && /编码可能不对/.test(warn), 'gbk: reading it as UTF-8 shows the mojibake and a warning', warn);
  });

function isUtf8(buf) {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ UTF-16 (Excel's "Unicode text": tab-separated)
await guarded('utf16', async (page) => {
  const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText([HEADER, ...ROWS], '\t'), 'utf16le')]);
  await openFile(page, 'goods.txt', body, 'text/plain');
  await waitOpened(page);
  const label = await page.$eval('#csv-encoding', (s) => s.selectedOptions[0].textContent);
  t.ok(/UTF-16/.test(label), 'utf16: detected as UTF-16', label);
  await checkCommon(page, 'utf16');
});

// ------------------------------------------------------------------ .xlsx in and out
function xlsxOf(rows) {
  // as Excel writes it: shared strings, a first sheet reached through the workbook's relationships
  const strings = [];
  const idx = new Map();
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const si = (s) => {
    if (!idx.has(s)) idx.set(s, strings.push(s) - 1);
    return idx.get(s);
  };
  const col = (c) => String.fromCharCode(65 + c);
  const sheet = rows
    .map((r, i) => `<row r="${i + 1}">` + r.map((v, c) => (/^\d+$/.test(v) ? `<c r="${col(c)}${i + 1}"><v>${v}</v></c>` : `<c r="${col(c)}${i + 1}" t="s"><v>${si(v)}</v></c>`)).join('') + '</row>')
    .join('');
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="商品" sheetId="1" r:id="rId7"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="worksheet" Target="worksheets/goods.xml"/></Relationships>'),
      'xl/worksheets/goods.xml': strToU8(`<?xml version="1.0"?><worksheet ${ns}><sheetData>${sheet}</sheetData></worksheet>`),
      'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst ${ns}>${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`),
    }),
  );
}

await guarded('xlsx', async (page) => {
  await openFile(page, 'export.xlsx', xlsxOf([HEADER, ...ROWS]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await waitOpened(page);
  t.ok(await page.isHidden('#csv-enc-row'), 'xlsx: no encoding choice for a workbook');
  await checkCommon(page, 'xlsx');
  const out = await download(page, '#csv-dl-xlsx');
  const files = unzipSync(new Uint8Array(out.bytes));
  const wb = strFromU8(files['xl/workbook.xml'] || new Uint8Array());
  const s1 = strFromU8(files['xl/worksheets/sheet1.xml'] || new Uint8Array());
  const s2 = strFromU8(files['xl/worksheets/sheet2.xml'] || new Uint8Array());
  t.ok(/name="检查结果"/.test(wb) && /name="问题明细"/.test(wb), `xlsx: the workbook has a results sheet and a findings sheet (${out.name})`, wb);
  t.ok(s1.includes('<t>结论</t>') && s1.includes('<t>修改建议</t>') && s1.includes('<t>A1001</t>') && s1.includes('<t>有问题</t>'), 'xlsx: results sheet keeps the ID and has Chinese headers and values');
  t.ok(/<c r="B4" t="inlineStr"><is><t>=1\+2<\/t><\/is><\/c>/.test(s1) && /t="inlineStr"><is><t>@SUM\(1\)<\/t>/.test(s1) && !/<f>/.test(s1 + s2), 'xlsx: formula-like cells are string cells, no formula anywhere');
  t.ok(s2.includes('<t>行号</t>') && s2.includes('<t>商品ID</t>') && s2.includes('【最好】'), 'xlsx: findings sheet, one row per finding with the ID');
  // English mode: headers and values in English
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const en = parseOut((await download(page, '#csv-dl-csv')).bytes);
  t.ok(en.rows[0].slice(-4).join(',') === 'Verdict,Problems,Main problems,Suggestions' && en.rows[1][4] === 'Problems', 'english: output headers and values in English', en.rows[0].join(','));
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang !== 'en');
});

// ------------------------------------------------------------------ several text columns, the 结论 column on a phone
await guarded('columns', async (page) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await openFile(page, 'goods.csv', Buffer.from('\ufeff' + csvText([HEADER, ...ROWS])));
  await waitOpened(page);
  await page.check('input[name=csv-col][value="1"]');
  await runBatch(page);
  const fnd = parseOut((await download(page, '#csv-dl-findings')).bytes);
  const cols = new Set(fnd.rows.slice(1).map((r) => r[2]));
  t.ok(cols.has('详情文案') && fnd.rows.length > 2, 'columns: 标题 and 详情文案 checked together, each finding names its column', [...cols].join(','));
  // one line: the cell's text is as tall as one line of it (a Range over the text, so padding does not count)
  const cells = await page.$$eval('#csv-table td.verdict', (tds) =>
    tds.map((td) => {
      const r = document.createRange();
      r.selectNodeContents(td);
      return { text: td.textContent, lines: r.getClientRects().length, h: r.getBoundingClientRect().height, fs: parseFloat(getComputedStyle(td).fontSize) };
    }),
  );
  t.ok(cells.length === ROWS.length && cells.every((c) => c.lines === 1 && c.h < c.fs * 2), 'columns: the 结论 cells stay on one line on a 375-px screen', JSON.stringify(cells));
  await shot(page, 'batch-phone');
});

// ------------------------------------------------------------------ bounded input
await guarded('limits', async (page) => {
  // playwright passes files over 50 MB by path: a sparse file just over the limit
  const huge = join(mkdtempSync(join(tmpdir(), 'zicha-batch-')), 'huge.csv');
  writeFileSync(huge, '');
  truncateSync(huge, 64 * 1048576 + 1);
  await page.setInputFiles('#csvfile', huge);
  rmSync(dirname(huge), { recursive: true, force: true });
  await page.waitForSelector('#csv-error:not([hidden])');
  t.ok(/文件太大.*64 MB/.test(await page.textContent('#csv-error')), 'limits: a file over 64 MB is refused with a Chinese message', await page.textContent('#csv-error'));

  await openFile(page, 'broken.csv', Buffer.from('商品ID,详情文案\r\nA1,全网最好\r\nA2,"没有闭合的引号\r\nA3,正常\r\n'));
  await page.waitForSelector('#csv-error:not([hidden])');
  const q = await page.textContent('#csv-error');
  t.ok(/第 3 行/.test(q) && /引号/.test(q), 'limits: an unclosed quote names its row', q);

  await openFile(page, 'fake.xlsx', Buffer.from('this is not a zip file at all'), 'application/octet-stream');
  await page.waitForSelector('#csv-error:not([hidden])');
  t.ok(/不是有效的 Excel/.test(await page.textContent('#csv-error')), 'limits: an .xlsx that is not a zip gives a clear message', await page.textContent('#csv-error'));

  // 512 MB of zeros behind a 0.5 MB zip whose size fields claim 1 KB (so only the counted output stops it)
  // (1 MB of zeros deflated with a full flush is a self-contained, non-final piece: 512 of them, then an empty
  // final block)
  const piece = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  const lie = zipOneEntry('xl/worksheets/sheet1.xml', Buffer.concat([...Array(512).fill(piece), Buffer.from([3, 0])]), 1024);
  const started = Date.now();
  await openFile(page, 'bomb.xlsx', lie, 'application/octet-stream');
  await page.waitForSelector('#csv-error:not([hidden])', { timeout: 30000 });
  const b = await page.textContent('#csv-error');
  t.ok(/压缩炸弹|解压后超过/.test(b), `limits: a zip bomb stops at the uncompressed limit (${((Date.now() - started) / 1000).toFixed(1)} s)`, b);
});

/** A zip with one deflated entry whose header claims `usize` uncompressed bytes (CRC left at 0). */
function zipOneEntry(name, data, usize) {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(usize, 22);
  local.writeUInt16LE(n.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(20, 4);
  cd.writeUInt16LE(20, 6);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(data.length, 20);
  cd.writeUInt32LE(usize, 24);
  cd.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, cd, n, end]);
}

// ------------------------------------------------------------------ progress and cancel
await guarded('cancel', async (page) => {
  const many = [HEADER];
  for (let i = 0; i < 60000; i++) many.push([`B${i}`, '面膜', ROWS[i % 4][2] + i, '10']);
  await openFile(page, 'many.csv', Buffer.from(csvText(many)));
  await waitOpened(page);
  await page.click('#csv-run');
  await page.waitForFunction(() => document.getElementById('csv-progress').value > 0, null, { timeout: 20000 });
  t.ok(await page.isVisible('#csv-cancel'), 'cancel: a progress bar and a cancel button while checking');
  await page.click('#csv-cancel');
  await page.waitForFunction(() => document.documentElement.dataset.batch === 'opened', null, { timeout: 20000 });
  const info = await page.textContent('#csv-info');
  t.ok(/已取消/.test(info) && (await page.isHidden('#csv-downloads')) && !(await page.isDisabled('#csv-run')), 'cancel: cancelling stops the batch and the file can be checked again', info);
});

// ------------------------------------------------------------------ privacy: nothing leaves the page
{
  const loadedXlsx = requests.some((r) => /\/gen\/fflate\.mjs$/.test(r.url)) && requests.some((r) => /\/xlsx\.js$/.test(r.url));
  t.ok(loadedXlsx, 'privacy: the xlsx library was loaded from the same origin during these tests');
  okStaysLocal(t, 'privacy', requests, origin, { carrying: ['全网最好的面膜', 'A1001'], what: 'the file content' });
  okNothingSent(t, 'privacy: no request sends anything (GET of static files only)', requests);
}

await context.close();
await browser.close();
await server.close();
process.exitCode = t.end() ? 1 : 0;
