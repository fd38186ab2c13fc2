#!/usr/bin/env node
// Builds the lexicon packs rules/lexicon-wildlife.json and rules/lexicon-health.json from the data files in
// rules/data/ (each names its source, date and licence in its header; tools/lexicons/ holds the scripts that
// extracted them from the sources). Deterministic: `node tools/gen-lexicons.mjs --check` exits 1 when a committed
// pack differs from what the data gives (make test runs it).
//
// What is derived here, and why:
//   - wildlife_species: every name of the 2021 list except those listed for wild populations only (仅限野外种群:
//     captive-bred animals and their products are outside the list, e.g. farmed 梅花鹿), names of one character
//     (虎, 豹, 貉: too ambiguous on their own) and rank suffixes dropped from group entries (海马属 → 海马).
//   - health_function_name: the function names of the 保健食品 function lists (2023 and the 2003 names it replaced),
//     "功能" dropped; body_function: the objects of those names (辅助降血脂 → 血脂), read by stripping the
//     predicate words of the grammar lexicon function_verb.
//   - disease: the disease and symptom names of the medical vocabulary (rules/data/diseases.tsv) of 2 to 8
//     characters, without the entries flagged as ordinary words.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const DATA = path.join(ROOT, 'rules', 'data');

function readTsv(file) {
  const lines = fs.readFileSync(path.join(DATA, file), 'utf8').split('\n');
  const body = lines.filter((l) => l && !l.startsWith('#'));
  const head = body.shift().split('\t');
  return body.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i], v ?? ''])));
}
function headerOf(file) {
  return fs.readFileSync(path.join(DATA, file), 'utf8').split('\n').filter((l) => l.startsWith('#'))
    .map((l) => l.replace(/^#\s?/, '')).join(' ');
}
const uniq = (xs) => [...new Set(xs)];
const len = (s) => [...s].length;

function wildlifePack() {
  const rows = readTsv('wildlife-npwa2021.tsv');
  const names = [];
  for (const r of rows) {
    if (/仅限野外种群/.test(r.note)) continue;
    let n = r.name;
    const m = n.match(/^(.+?)(属|科|目)$/);
    if (m && len(m[1]) >= 2) n = m[1];
    if (len(n) < 2) continue;
    names.push(n);
    const old = r.note.match(/原名“([^”]+)”/);
    if (old && len(old[1]) >= 2) names.push(old[1]);
  }
  return {
    pack: 'lexicon-wildlife',
    description: '受保护野生动物物种名（由 rules/data/wildlife-npwa2021.tsv 生成：node tools/gen-lexicons.mjs）。',
    lexicons: {
      wildlife_species: {
        description: '《国家重点保护野生动物名录》（2021）中的物种名：一级、二级，不含“仅限野外种群”的物种和单字名，类群条目去掉“属/科/目”。',
        source: headerOf('wildlife-npwa2021.tsv'),
        date: '2021-02-01',
        licence: 'list: state-organ document (著作权法第五条); transcription: CC BY-SA 4.0 (Wikipedia contributors)',
        script: 'tools/lexicons/extract_wildlife.py → rules/data/wildlife-npwa2021.tsv → tools/gen-lexicons.mjs',
        terms: uniq(names),
        examples: { match: ['穿山甲鳞片', '黑熊胆', '玳瑁手镯'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      wildlife_allow: {
        description: '与受保护物种同名的合法商品说法（陷阱）：宠物虎皮鹦鹉、玳瑁色、仿制品等。由项目编写。',
        terms: ['虎皮鹦鹉', '玳瑁色', '玳瑁纹', '玳瑁框', '玳瑁猫', '仿玳瑁', '仿象牙', '仿穿山甲', '树脂', '亚克力', '螺蛳粉'],
        examples: { match: ['虎皮鹦鹉活体', '玳瑁色眼镜框', '仿玳瑁发夹'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
    },
  };
}

function out(pack) {
  return JSON.stringify(pack, null, 2) + '\n';
}

const packs = { 'lexicon-wildlife.json': wildlifePack() };
if (fs.existsSync(path.join(DATA, 'healthfood-functions.tsv'))) {
  const { healthPack } = await import('./lexicons/health.mjs');
  packs['lexicon-health.json'] = healthPack({ readTsv, headerOf, uniq, len, ROOT });
}
const check = process.argv.includes('--check');
let bad = 0;
for (const [name, pack] of Object.entries(packs)) {
  const file = path.join(ROOT, 'rules', name);
  const text = out(pack);
  if (check) {
    const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (cur !== text) { process.stderr.write(`gen-lexicons: rules/${name} is not what rules/data gives (run node tools/gen-lexicons.mjs)\n`); bad++; }
  } else {
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote rules/${name}: ${Object.entries(pack.lexicons).map(([k, v]) => `${k} ${v.terms.length}`).join(', ')}\n`);
  }
}
process.exit(bad ? 1 : 0);
