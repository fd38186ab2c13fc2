// Parity test: the native CLI and the wasm engine (Node, web/cli.mjs, the same
// web/gen/zicha.wasm the page runs) must give byte-identical output on every example text of every rule.
//
//   node tests/parity.test.mjs            (needs build/zicha and web/gen/zicha.{mjs,wasm}: make all wasm)
//
// Every `match` and `no_match` example of every rule in rules/*.json, with its category, becomes one JSONL
// line; the lines go through `build/zicha batch` and `node web/cli.mjs batch`, and each output line is
// compared. A few `check` runs (exit code and stdout) and malformed batch lines are compared as well.
// TAP output.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tap } from './e2e/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE = process.env.ZICHA_NATIVE || join(ROOT, 'build', 'zicha');
const WEB = process.env.ZICHA_WEB_ROOT ? resolve(process.env.ZICHA_WEB_ROOT) : join(ROOT, 'web');
const CLI = join(WEB, 'cli.mjs');
const RULES = join(ROOT, 'rules');

const T = tap(); // TAP output (tests/e2e/lib.mjs)
const out = (s) => process.stdout.write(s + '\n');
const ok = (cond, name, diag) => T.ok(cond, name, diag === undefined || typeof diag === 'string' ? diag : JSON.stringify(diag));
function finish() {
  process.exitCode = T.end() ? 1 : 0;
}

const missing = [
  [NATIVE, 'build/zicha (make)'],
  [join(WEB, 'gen', 'zicha.wasm'), 'web/gen/zicha.wasm (make wasm)'],
  [join(WEB, 'gen', 'zicha.mjs'), 'web/gen/zicha.mjs (make wasm)'],
].filter(([p]) => !existsSync(p));
if (missing.length) {
  T.skip('parity', `missing ${missing.map((m) => m[1]).join(', ')}`);
  // ------------------------------------------------------------------ fixes through the page's path
// The page's worker calls engine.check(), which expands the compact wasm report (fixes included): for every rule
// example with an `output`, that report must serialise to the native CLI's bytes, and applying the first fix of
// the rule's finding must give the output (build/test_rules checks the same natively).
{
  const { loadEngine } = await import(join(WEB, 'engine.js'));
  const engine = await loadEngine({ wasmBinary: readFileSync(join(WEB, 'gen', 'zicha.wasm')) });
  for (const [id, e] of outputs) {
    const report = engine.check(e.text, e.category || '');
    const nat = native(['check', ...(e.category ? ['--category', e.category] : []), '--format', 'json', '-'], Buffer.from(e.text));
    ok(JSON.stringify(report) + '\n' === nat.stdout.toString('utf8'), `${id}: check() of "${e.text}" serialises to the native report`,
      `native: ${nat.stdout}\nwasm:   ${JSON.stringify(report)}`);
    const f = report.findings.find((x) => x.rule_id === id && x.fixes && x.match.includes(e.match));
    const cps = Array.from(e.text);
    const got = f ? cps.slice(0, f.fixes[0].start).join('') + f.fixes[0].text + cps.slice(f.fixes[0].end).join('') : null;
    ok(got === e.output, `${id}: the wasm's first fix of "${e.match}" gives the output`, `want: ${e.output}\ngot:  ${got}`);
  }
  ok(outputs.length > 0, `${outputs.length} rule examples with an output`);
}

finish();
  process.exit();
}

// ------------------------------------------------------------------ collect the examples
const examples = [];
const outputs = []; // match examples with an `output`: [rule id, example]
for (const file of readdirSync(RULES).filter((f) => /\.json$/.test(f)).sort()) {
  let pack;
  try {
    pack = JSON.parse(readFileSync(join(RULES, file), 'utf8'));
  } catch (e) {
    ok(false, `rules/${file} parses as JSON`, e.message);
    continue;
  }
  for (const rule of pack.rules || []) {
    const ex = rule.examples || {};
    const add = (kind, i, e) => {
      const item = typeof e === 'string' ? { text: e } : e;
      if (!item || typeof item.text !== 'string') return;
      const line = { id: `${rule.id} ${kind}[${i}]`, text: item.text };
      if (item.category) line.category = item.category;
      examples.push(line);
      if (kind === 'match' && typeof item.output === 'string') outputs.push([rule.id, item]);
    };
    (ex.match || []).forEach((e, i) => add('match', i, e));
    (ex.no_match || []).forEach((e, i) => add('no_match', i, e));
  }
}
ok(examples.length > 0, `collected ${examples.length} rule examples from rules/*.json`);

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 28, timeout: 120000 });
  return { status: r.status, stdout: r.stdout || Buffer.alloc(0), stderr: (r.stderr || '').toString(), error: r.error };
}
const native = (args, input) => run(NATIVE, args, input);
const wasm = (args, input) => run(process.execPath, [CLI, ...args], input);

function compareBatch(label, lines, extra = []) {
  const input = Buffer.concat(lines.map((l) => Buffer.concat([Buffer.isBuffer(l) ? l : Buffer.from(typeof l === 'string' ? l : JSON.stringify(l)), Buffer.from('\n')])));
  const a = native(['batch', ...extra], input);
  const b = wasm(['batch', ...extra], input);
  ok(a.status === 0 && b.status === 0, `${label}: both batch runs exit 0`, `native ${a.status} ${a.stderr}\nwasm ${b.status} ${b.stderr}`);
  const al = a.stdout.toString('utf8').split('\n');
  const bl = b.stdout.toString('utf8').split('\n');
  ok(al.length === bl.length, `${label}: same number of output lines (${al.length - 1})`, `native ${al.length} wasm ${bl.length}`);
  return [al, bl];
}

// ------------------------------------------------------------------ every rule example through batch
{
  const [al, bl] = compareBatch('rule examples', examples);
  examples.forEach((e, i) => {
    ok(al[i] !== undefined && al[i] === bl[i], `identical: ${e.id}${e.category ? ' (' + e.category + ')' : ''}`,
      `text:   ${JSON.stringify(e.text)}\nnative: ${al[i]}\nwasm:   ${bl[i]}`);
  });
}

// ------------------------------------------------------------------ awkward batch lines
// Run twice: without and with a default category (`--category food`).
{
  const lines = [
    '{"id":1,"text":"全网最好的面膜"}',
    '{"id":"x","text":"全网最好的面膜","category":"food"}',
    '{"id":null,"text":""}',
    '{"text":"最好"}',
    '{"id":2.5,"text":"全網最好"}',
    '{"id":{"k":[1,2]},"text":"最\\u200b好"}',
    '{"id":3,"text":"😀全网最好"}',
    '{"id":4}',
    '{"id":5,"text":42}',
    'not json',
    '[1,2]',
    '',
    '   \t',
    '{"id":6,"text":"最好","category":"no_such_category"}',
    '{"id":7,"text":"最好"}\r',
    '{"id":8,"text":"最好","category":null} trailing text',
    '{"id":1e15,"id":2,"text":"a最好","text":5}',
    '{"id":[1.5e-7,-0,123456789012345678,"\\u0001é"],"text":"te\\u0000最好"}',
    '{"id":"\\ud800","text":"x"}',
    '{"id":"a","text":"最好',
    '\ufeff{"id":9,"text":"最好"}',
    Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x31, 0x30, 0x2c, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xe6, 0x9c, 0x80, 0xff, 0xe5, 0xa5, 0xbd, 0x22, 0x7d]),
  ];
  for (const extra of [[], ['--category', 'food']]) {
    const tag = extra.length ? ' (--category food)' : '';
    const [al, bl] = compareBatch('awkward lines' + tag, lines, extra);
    // blank lines give no output: compare the outputs in order, not line by line with the input
    const n = Math.max(al.length, bl.length);
    for (let i = 0; i < n - 1; i++) {
      ok(al[i] === bl[i], `identical output line ${i + 1}${tag}`, `native: ${al[i]}\nwasm:   ${bl[i]}`);
    }
  }
  const [al, bl] = compareBatch('rule examples (--category food)', examples.slice(0, 200), ['--category', 'food']);
  ok(al.join('\n') === bl.join('\n'), `the first ${Math.min(200, examples.length)} examples with --category food give identical output`,
    al.map((l, i) => (l === bl[i] ? null : `native: ${l}\nwasm:   ${bl[i]}`)).filter(Boolean).slice(0, 3).join('\n'));
}

// ------------------------------------------------------------------ random JSON-ish lines (seeded)
// Malformed and odd JSON through both batch filters: error positions, numbers, escapes, NULs, blank lines.
{
  let seed = 20240501;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const atoms = ['null', 'true', 'false', 'nul', '0', '-0', '1.5', '1e5', '1E+5', '1.5e-7', '123456789012345678',
    '0.1', '1e400', '2147483648', '3.14159265358979', '1.', '-', '01', '1e', '0x1', '"a"', '"\\u0000x"',
    '"\\ud800"', '"\\ud83d\\ude00"', '"\\uZZZZ"', '"\\x"', '"é"', '"\\/\\b\\f\\n\\r\\t"', '"\u0001"',
    '"abc', '[', ']', '{', '}', ',', ':', ' ', '"最好"', '[]', '{}', '[1,]', '{"a":}'];
  const value = (d) => {
    const r = rnd();
    if (d > 2 || r < 0.4) return pick(atoms);
    if (r < 0.6) return '[' + Array.from({ length: Math.floor(rnd() * 3) }, () => value(d + 1)).join(',') + ']';
    return '{' + Array.from({ length: Math.floor(rnd() * 3) }, () => `${pick(atoms)}:${value(d + 1)}`).join(',') + '}';
  };
  const lines = [];
  for (let i = 0; i < 600; i++) {
    const r = rnd();
    let l;
    if (r < 0.5) l = `{"id":${value(0)},"text":${pick(['"全网最好的面膜"', '"研究表明\\u0000最好"', value(1), '"最\\u200b好"'])}${rnd() < 0.3 ? ',"category":' + pick(['"food"', 'null', '"x"', '1']) : ''}}`;
    else l = value(0);
    if (rnd() < 0.15) l = l.slice(0, Math.floor(rnd() * l.length));
    if (rnd() < 0.1) l += ' trailing';
    lines.push(l);
  }
  const [al, bl] = compareBatch('600 random lines (--category food)', lines, ['--category', 'food']);
  const diff = al.map((l, i) => (l === bl[i] ? null : `line ${i + 1}\nnative: ${l}\nwasm:   ${bl[i]}`)).filter(Boolean);
  ok(diff.length === 0, '600 random lines give identical output', diff.slice(0, 3).join('\n'));
}

// ------------------------------------------------------------------ over-long lines (4 MiB or more)
{
  const big = 'x'.repeat(4 * 1024 * 1024 + 10);
  const lines = ['{"id": "big-1", "text": "' + big + '"}', '{"id":-42,"text":"' + big + '"}', '{"text":"' + big + '"}', '{"id":1,"text":"最好"}'];
  const [al, bl] = compareBatch('over-long lines', lines);
  ok(al.join('\n') === bl.join('\n') && /line longer than/.test(al[0]), 'over-long lines: identical error objects, the stream goes on',
    `native: ${al.map((l) => l.slice(0, 120)).join(' | ')}\nwasm:   ${bl.map((l) => l.slice(0, 120)).join(' | ')}`);
}

// ------------------------------------------------------------------ check: stdout bytes and exit code
{
  const cases = [
    ['全网最好的面膜', []],
    ['最新款连衣裙，最近很火', []],
    ['第一次购买送券', []],
    ['全网最 好', []],
    ['全网最*好', []],
    ['全網最好', []],
    ['全网最\u200b好', []],
    ['', []],
    ['全网最好的面膜', ['--category', 'food']],
    // --mode: the page's 标题/商品详情 (listing) and 店铺首页 (shop); a short listing without a licence line
    ['夏季新款纯棉T恤男短袖\n宽松圆领打底衫\n面料：100%棉\n正品保证，七天无理由退货', ['--mode', 'listing']],
    ['夏季新款纯棉T恤男短袖\n宽松圆领打底衫\n面料：100%棉\n正品保证，七天无理由退货', ['--mode', 'shop']],
    ['夏季新款纯棉T恤男短袖\n宽松圆领打底衫\n面料：100%棉\n正品保证，七天无理由退货', ['--mode', 'auto']],
    [Buffer.from([0xe5, 0x85, 0xa8, 0xff, 0xfe, 0xe6, 0x9c, 0x80, 0xe5, 0xa5, 0xbd]), []], // invalid UTF-8 bytes
  ];
  for (const [text, extra] of cases) {
    const input = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const a = native(['check', ...extra, '--format', 'json', '-'], input);
    const b = wasm(['check', ...extra, '-'], input);
    const name = `check ${Buffer.isBuffer(text) ? '<invalid UTF-8>' : JSON.stringify(text)} ${extra.join(' ')}`.trim();
    ok(a.status === b.status && a.stdout.equals(b.stdout), name,
      `native exit ${a.status}: ${a.stdout}${a.stderr}\nwasm   exit ${b.status}: ${b.stdout}${b.stderr}`);
  }
  // --format text: LINE:COL positions (code points, '\n' only), with multi-line and invalid UTF-8 input
  const texts = [
    '全网最好的面膜\n第二行：研究表明效果显著\r\n第三行 最佳选择',
    Buffer.concat([Buffer.from('\xff\xfe\n', 'latin1'), Buffer.from('\u{1F600}x\xe6\x9c\n最好的', 'latin1'), Buffer.from('研究表明最好')]),
  ];
  for (const text of texts) {
    const input = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const a = native(['check', '--format', 'text', '-'], input);
    const b = wasm(['check', '--format', 'text', '-'], input);
    ok(a.status === b.status && a.stdout.equals(b.stdout) && a.stdout.length > 0, `check --format text ${JSON.stringify(input.toString('utf8').slice(0, 20))}…`,
      `native exit ${a.status}:\n${a.stdout}${a.stderr}\nwasm exit ${b.status}:\n${b.stdout}${b.stderr}`);
  }
  const a = native(['check', '--category', 'bogus', '-'], Buffer.from('x'));
  const b = wasm(['check', '--category', 'bogus', '-'], Buffer.from('x'));
  ok(a.status === 2 && b.status === 2, 'check --category bogus: both exit 2', `native ${a.status} wasm ${b.status}`);
  {
    const e = native(['check', '--mode', 'bogus', '-'], Buffer.from('x'));
    const f = wasm(['check', '--mode', 'bogus', '-'], Buffer.from('x'));
    ok(e.status === 2 && f.status === 2, 'check --mode bogus: both exit 2', `native ${e.status} wasm ${f.status}`);
  }
  const c = native(['check', '/nonexistent/file'], Buffer.alloc(0));
  const d = wasm(['check', '/nonexistent/file'], Buffer.alloc(0));
  ok(c.status === 2 && d.status === 2, 'check of a missing file: both exit 2', `native ${c.status} wasm ${d.status}`);
}

// ------------------------------------------------------------------ fixes through the page's path
// The page's worker calls engine.check(), which expands the compact wasm report (fixes included): for every rule
// example with an `output`, that report must serialise to the native CLI's bytes, and applying the first fix of
// the rule's finding must give the output (build/test_rules checks the same natively).
{
  const { loadEngine } = await import(join(WEB, 'engine.js'));
  const engine = await loadEngine({ wasmBinary: readFileSync(join(WEB, 'gen', 'zicha.wasm')) });
  let n = 0;
  for (const file of readdirSync(RULES).filter((f) => /\.json$/.test(f)).sort()) {
    const pack = JSON.parse(readFileSync(join(RULES, file), 'utf8'));
    for (const rule of pack.rules || []) {
      for (const e of (rule.examples || {}).match || []) {
        if (typeof e !== 'object' || typeof e.output !== 'string') continue;
        n++;
        const report = engine.check(e.text, e.category || '');
        const nat = native(['check', ...(e.category ? ['--category', e.category] : []), '--format', 'json', '-'], Buffer.from(e.text));
        ok(JSON.stringify(report) + '\n' === nat.stdout.toString('utf8'), `${rule.id}: check() of "${e.text}" serialises to the native report`,
          `native: ${nat.stdout}\nwasm:   ${JSON.stringify(report)}`);
        const f = report.findings.find((x) => x.rule_id === rule.id && x.fixes && x.match.includes(e.match));
        const cps = Array.from(e.text);
        const got = f ? cps.slice(0, f.fixes[0].start).join('') + f.fixes[0].text + cps.slice(f.fixes[0].end).join('') : null;
        ok(got === e.output, `${rule.id}: the wasm's first fix of "${e.match}" gives the output`, `want: ${e.output}\ngot:  ${got}`);
      }
    }
  }
  ok(outputs.length > 0, `${outputs.length} rule examples with an output`);
}

finish();
