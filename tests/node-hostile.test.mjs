// Hostile input against the Node CLI (web/cli.mjs, the page's wasm engine) and web/licence.js: the work budget,
// bounded reading, strict packs, inert terminal output, clear errors (exit 2, no stack trace), linear batch,
// image sizes from the real header. TAP; times are measured and printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ROOT, tap } from './e2e/lib.mjs';

const T = tap();
const ok = (cond, name, diag) => T.ok(cond, name, diag === undefined || typeof diag === 'string' ? diag : JSON.stringify(diag));
const CLI = join(ROOT, 'web', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'zicha-node-hostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const file = (name, data) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
// runs the CLI; stdin from a file path (or /dev/zero), or the given input; returns status, stdout, stderr, seconds
function cli(args, { stdinFile, input } = {}) {
  const t0 = performance.now();
  const opts = { input, maxBuffer: 1 << 28, timeout: 120000, encoding: 'utf8' };
  const r = stdinFile
    ? spawnSync('/bin/sh', ['-c', `exec "${process.execPath}" "$@" < "${stdinFile}"`, 'sh', CLI, ...args], opts)
    : spawnSync(process.execPath, [CLI, ...args], opts);
  return { status: r.status, out: r.stdout || '', err: r.stderr || '', secs: (performance.now() - t0) / 1000 };
}
const rule = (id, extra) => ({ id, family: 'absolute_term', severity: 'error', basis: 'b', message: 'm', suggestion: 's', ...extra });
const packFile = (name, rules) => file(name, JSON.stringify({ pack: 'hostile', rules }));
const noStack = (r) => !/\n\s+at /.test(r.err);

// ---- the work budget: hostile packs refused, a validated one stops at the budget --------------------------------
{
  const hao = file('hao.txt', '好'.repeat(100000));
  const nested = packFile('nested.json', [rule('t.n', { terms: Array.from({ length: 500 }, (_, k) => '好'.repeat(k + 1)) })]);
  let r = cli(['--rules', nested, 'check', hao]);
  ok(r.status === 2 && /规则包过于复杂/.test(r.err) && noStack(r) && r.secs < 10,
    `500 nested terms on 100,000 × 好: exit 2, 规则包过于复杂, no stack (${r.secs.toFixed(2)} s)`, r.err.slice(0, 400));
  const wide = packFile('wide.json', Array.from({ length: 100 }, (_, k) => rule(`t.${k}`, { terms: ['好'] })));
  const mb = file('hao-1mb.txt', '好'.repeat(349525));
  r = cli(['--rules', wide, 'check', mb]);
  ok(r.status === 2 && /规则包过于复杂/.test(r.err) && noStack(r) && r.secs < 10,
    `100 rules sharing 好 on 1 MB of 好: the budget error, exit 2 (${r.secs.toFixed(2)} s)`, r.err.slice(0, 400));
}

// ---- bounded reading -----------------------------------------------------------------------------------------------
{
  let r = cli(['check'], { stdinFile: '/dev/zero' });
  ok(r.status === 2 && /文本过大：至少 16777217 字节，上限 16777216 字节（16 MB）/.test(r.err) && noStack(r),
    `check < /dev/zero: exit 2, 文本过大 (${r.secs.toFixed(2)} s)`, r.err.slice(0, 300));
  r = cli(['--rules', '/dev/zero', 'check'], { input: '' });
  ok(r.status === 2 && /文件过大/.test(r.err), `--rules /dev/zero: exit 2, 文件过大 (${r.secs.toFixed(2)} s)`, r.err.slice(0, 300));
  const big = file('20mb.txt', Buffer.alloc(20 * 1024 * 1024, 0x61));
  r = cli(['check', big]);
  ok(r.status === 2 && /20mb\.txt: 文本过大：20971520 字节，上限 16777216 字节/.test(r.err) && noStack(r),
    '20 MB text: the native message, exit 2, no stack trace', r.err.slice(0, 300));
}

// ---- strict packs, inert output, clear errors ---------------------------------------------------------------------
{
  const nul = file('nul.json', `{"rules":[${JSON.stringify(rule('t.x', { terms: ['X'] })).replace('"X"', '"最\\u0000好"')}]}`);
  let r = cli(['--rules', nul, 'check'], { input: '最近' });
  ok(r.status === 2 && /NUL/.test(r.err), 'pack with 最\\u0000好: refused (it flagged 最近)', r.err.slice(0, 300));
  const dup = file('dup.json', `{"rules":[{"id":"t.x","family":"absolute_term","severity":"error","basis":"b","message":"m","suggestion":"s","terms":["最好"],"terms":["最佳"]}]}`);
  r = cli(['--rules', dup, 'check'], { input: '最好' });
  ok(r.status === 2 && /duplicate key "terms"/.test(r.err), 'pack with a key twice: refused', r.err.slice(0, 300));
  const osc = packFile('osc.json', [rule('t.x', { terms: ['最好'], basis: '\u001b]52;c;aGk=\u0007' })]);
  r = cli(['--rules', osc, 'rules']);
  ok(r.status === 2 && !r.out.includes('\u001b') && !r.err.includes('\u001b'), 'pack with an OSC 52 basis: refused, nothing raw printed', r.err.slice(0, 300));
  r = cli(['check', '--format', 'text'], { input: '最\u001b好\r\u001b[K 最\u009b好' });
  ok(r.status === 1 && !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(r.out) && r.out.includes('「最\\x1b好」'),
    'check --format text: control characters of the text shown as escapes', r.out.slice(0, 300));
  mkdirSync(join(dir, 'adir'));
  r = cli(['check', join(dir, 'adir')]);
  ok(r.status === 2 && /是目录/.test(r.err) && noStack(r), 'check DIR: exit 2, says it is a directory', r.err.slice(0, 300));
  r = cli(['check', '--format']);
  ok(r.status === 2 && /--format needs a value/.test(r.err), '--format without a value: says so', r.err.slice(0, 300));
  r = cli(['licence', join(dir, 'adir')]);
  ok(r.status === 2 && /是目录/.test(r.err) && noStack(r), 'licence DIR: exit 2, no EISDIR stack trace', r.err.slice(0, 300));
  const jpg = file('broken.jpg', Buffer.from('ffd8ffe000104a46494600010100000100010000ffc0001108001000100301220002110103110' +
    '1ffda000c03010002110311003f00000000', 'hex'));
  r = cli(['licence', jpg, '--listing', join(dir, 'adir')]);
  ok(r.status === 2 && /是目录/.test(r.err) && noStack(r), 'licence --listing DIR: exit 2, no stack trace', r.err.slice(0, 300));
  r = cli(['licence', jpg]);
  ok(r.status === 2 && /JPEG 文件已损坏/.test(r.err) && !/Cannot read properties/.test(r.err) && noStack(r),
    'broken JPEG: "JPEG 文件已损坏或不完整", exit 2', r.err.slice(0, 300));
}

// ---- images: the size from the real header ------------------------------------------------------------------------
const L = await import('../web/licence.js');
function chunk(type, data) {
  const b = Buffer.alloc(12 + data.length);
  b.writeUInt32BE(data.length, 0);
  b.write(type, 4, 'latin1');
  data.copy(b, 8);
  return b; // CRC left 0: the size check runs before any decoder
}
const ihdr = (w, h) => {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(w, 0);
  d.writeUInt32BE(h, 4);
  d[8] = 8;
  return d;
};
const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
{
  const bomb = Buffer.concat([SIG, chunk('zzZz', ihdr(1, 1)), chunk('IHDR', ihdr(30000, 30000)), chunk('IDAT', deflateSync(Buffer.alloc(0))), chunk('IEND', Buffer.alloc(0))]);
  let threw = null;
  try { L.sniffImage(bomb); } catch (e) { threw = e; }
  ok(threw && threw.code === 'bad_image', 'PNG with a chunk before IHDR: refused before decoding', threw && threw.message);
  const two = Buffer.concat([SIG, chunk('IHDR', ihdr(1, 1)), chunk('IHDR', ihdr(30000, 30000)), chunk('IEND', Buffer.alloc(0))]);
  threw = null;
  try { L.sniffImage(two); } catch (e) { threw = e; }
  ok(threw && threw.code === 'bad_image', 'PNG with a second IHDR: refused', threw && threw.message);
  const fine = Buffer.concat([SIG, chunk('IHDR', ihdr(640, 480)), chunk('tEXt', Buffer.from('a')), chunk('IEND', Buffer.alloc(0))]);
  const s = L.sniffImage(fine);
  ok(s.width === 640 && s.height === 480, 'ordinary PNG: 640×480 from IHDR');
  const r = cli(['licence', file('bomb.png', bomb)]);
  ok(r.status === 2 && r.secs < 10 && noStack(r), `licence on the disguised PNG bomb: exit 2 in ${r.secs.toFixed(2)} s`, r.err.slice(0, 300));
}
{
  // a JPEG whose SOF follows 75 KB of APP1 (EXIF/XMP) segments: the page's path (a Blob, first 64 KB read first)
  const app = [];
  for (let k = 0; k < 3; k++) app.push(Buffer.concat([Buffer.from([0xff, 0xe1, 0x61, 0xa8]), Buffer.alloc(25000 - 2, 0x20)]));
  const sof = Buffer.from('ffc0001108025803200301220002110103110 1'.replace(/ /g, ''), 'hex');
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), ...app, sof, Buffer.from([0xff, 0xd9])]);
  const s = L.sniffImage(jpeg);
  ok(s.width === 800 && s.height === 600, 'JPEG with 75 KB of metadata: size read from the SOF (Node path)', s);
  let got = null;
  try {
    got = await L.decodeImageBrowser(new Blob([jpeg]), { jpegDecoder: async () => () => ({ width: 800, height: 600, data: new Uint8Array(4) }) });
  } catch (e) { got = e; }
  ok(got && got.width === 800, 'JPEG with 75 KB of metadata: the page path sizes it too', got && got.message);
}

// ---- batch: linear in the length of a line ------------------------------------------------------------------------
{
  const line = (mb) => JSON.stringify({ id: 1, text: '好'.repeat(Math.floor((mb * 1024 * 1024) / 3)) }) + '\n' + JSON.stringify({ id: 2, text: '最好' }) + '\n';
  const t10 = cli(['batch'], { stdinFile: file('10.jsonl', line(10)) });
  const t40 = cli(['batch'], { stdinFile: file('40.jsonl', line(40)) });
  const lines = t40.out.trim().split('\n').map((l) => JSON.parse(l));
  ok(t40.status === 0 && /line longer than/.test(lines[0].error) && lines[1].findings.length > 0,
    'batch: a 40 MB line gets the long-line error, the next line is checked', t40.out.slice(0, 300));
  ok(t40.secs < 4 * t10.secs + 1 && t40.secs < 10, `batch: 10 MB line ${t10.secs.toFixed(2)} s, 40 MB ${t40.secs.toFixed(2)} s (linear)`);
}

T.end();
