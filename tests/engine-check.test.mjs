// web/engine.js check() (the page worker's call) builds its report from the module's compact findings and the
// rule list. It must give exactly the object JSON.parse(checkJSON()) gives, keys in the same order, for
// every text: the test corpora, odd input (U+2028, control characters, lone surrogates, invalid UTF-8 bytes,
// NUL), every category and a custom rule pack; and the raw and batch paths must keep working after it.
//   node tests/engine-check.test.mjs   (needs web/gen/zicha.{mjs,wasm}: make wasm)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WASM = join(ROOT, 'web', 'gen', 'zicha.wasm');
const have = existsSync(WASM);
const { loadEngine } = have ? await import(pathToFileURL(join(ROOT, 'web', 'engine.js')).href) : {};

function corpusTexts() {
  const dir = join(ROOT, 'tests', 'corpus');
  const texts = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const o = JSON.parse(line);
        if (typeof o.text === 'string') texts.push([o.text, typeof o.category === 'string' ? o.category : '']);
      } catch {
        // not a listing line
      }
    }
  }
  // every example of every rule pack, with its category
  const rdir = join(ROOT, 'rules');
  for (const f of readdirSync(rdir).filter((f) => f.endsWith('.json')).sort()) {
    const pack = JSON.parse(readFileSync(join(rdir, f), 'utf8'));
    for (const r of pack.rules || []) {
      for (const ex of [...(r.examples?.match || []), ...(r.examples?.no_match || [])]) {
        if (typeof ex === 'string') texts.push([ex, '']);
        else if (ex && typeof ex.text === 'string') texts.push([ex.text, ex.category || '']);
      }
    }
  }
  return texts;
}

const odd = [
  '',
  '全网最好的面膜',
  '最\u2028好 "第一" \\ \t\u0001\u007f 国药准字H12345678',
  '最\ud800好，第一\udfff次',
  '零\u0000食 最好 百分之九十九有效，3天见效，10倍，¥199，2024年5月1日',
  '不是最好的？全网第一吗？',
  '🐼最好𝟗 ①⑩ ＮＯ．１',
  '营业执照\n第二行\n第三行\n第四行\n第五行，全网最低价，假一赔十，' + '最好'.repeat(40),
];

test('check() equals JSON.parse(checkJSON()) on the corpora and odd texts', { skip: !have && 'make wasm first' }, async () => {
  const wasmBinary = readFileSync(WASM);
  const engine = await loadEngine({ wasmBinary });
  const texts = corpusTexts().concat(odd.map((t) => [t, '']));
  const cats = ['', 'food', 'cosmetics', 'drug', 'publication'];
  let findings = 0;
  for (let i = 0; i < texts.length; i++) {
    const [text, cat0] = texts[i];
    const cat = cat0 || cats[i % cats.length];
    const a = engine.check(text, cat);
    const b = JSON.parse(engine.checkJSON(text, cat));
    findings += b.findings.length;
    if (JSON.stringify(a) !== JSON.stringify(b)) assert.deepStrictEqual(a, b, `text ${i}: ${text.slice(0, 60)}`);
    assert.equal(JSON.stringify(a), JSON.stringify(b), `key order, text ${i}`);
  }
  assert.ok(texts.length > 2000 && findings > 1000, `${texts.length} texts, ${findings} findings compared`);
  // bytes in, the raw path, and a batch line still work after many checks
  const raw = new TextDecoder().decode(engine.checkRaw(new TextEncoder().encode('全网最好')));
  assert.deepStrictEqual(engine.check(new TextEncoder().encode('全网最好')), JSON.parse(raw));
  if (engine.batchLineRaw) {
    const line = JSON.parse(new TextDecoder().decode(engine.batchLineRaw('{"id":1,"text":"全网最好"}')));
    assert.equal(line.id, 1);
    assert.equal(line.findings[0].match, '最好');
  }
  // a long text (the input buffer grows, then is released) and a short one after it
  const long = '全网最好的面膜。'.repeat(300000);
  assert.equal(engine.check(long).summary.total, JSON.parse(engine.checkJSON(long)).summary.total);
  assert.deepStrictEqual(engine.check('最好'), JSON.parse(engine.checkJSON('最好')));
});

test('check() with a custom rule pack uses that engine\'s rule list', { skip: !have && 'make wasm first' }, async () => {
  const pack = JSON.stringify({
    pack: 'brand',
    rules: [
      {
        id: 'brand.banned',
        family: 'counterfeit',
        severity: 'error',
        basis: '平台规则',
        message: '品牌禁用词',
        suggestion: '删除',
        terms: ['高仿'],
      },
    ],
  });
  const engine = await loadEngine({ wasmBinary: readFileSync(WASM), extraPack: pack });
  const text = '高仿名牌包，全网最好';
  const a = engine.check(text);
  assert.deepStrictEqual(a, JSON.parse(engine.checkJSON(text)));
  assert.ok(a.findings.some((f) => f.rule_id === 'brand.banned' && f.message === '品牌禁用词'));
});
