// The registry of the contract's vocabulary (rules/registry/vocabulary.json): it is well formed, the files built
// from it (build/gen/zc_registry.h, web/gen/registry.js) are what tools/gen-registry.mjs gives for it now, every
// name the rule packs and the corpora use is in it, the engine (native and wasm) refuses a user pack naming a
// family, category or pattern it lacks, and no source file keeps its own copy of the lists.
//   node tests/registry.test.mjs   (after make and make wasm)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, loadRegistry, validate, renderC, renderJs } from '../tools/gen-registry.mjs';

const BUILD = join(ROOT, process.env.BUILD_DIR || 'build');
const reg = loadRegistry();
const FAMILIES = new Set(reg.families.map((f) => f.name));
const LISTING = new Set(reg.families.filter((f) => f.source === 'listing').map((f) => f.name));
const CATEGORIES = new Set(reg.categories.map((c) => c.name));
const PATTERNS = new Set(reg.patterns.map((p) => p.name));
const last = (a) => a[a.length - 1].name;

test('the registry is well formed', () => {
  assert.deepEqual(validate(reg), []);
  // the validator does catch what the C tables cannot take
  const broken = structuredClone(reg);
  broken.families.push({ ...broken.families[0] });
  broken.categories.unshift({ name: 'Bad-Name', zh: 'x', en: 'x' });
  broken.categories[1].checklist = { zh: [] };
  broken.patterns[0].zh = '';
  const problems = validate(broken).join('\n');
  for (const want of ['appears twice', 'must match', 'first category must be "general"', '"checklist" must be', '"zh"']) {
    assert.ok(problems.includes(want), `validate reports ${want}:\n${problems}`);
  }
});

test('the generated files are current (make regenerates them when the registry changes)', () => {
  for (const [file, text] of [[join(BUILD, 'gen', 'zc_registry.h'), renderC(reg)], [join(ROOT, 'web', 'gen', 'registry.js'), renderJs(reg)]]) {
    assert.ok(existsSync(file), `${file} exists (run make)`);
    assert.ok(readFileSync(file, 'utf8') === text, `${file} is what tools/gen-registry.mjs gives for the registry now (run make)`);
  }
});

function packs() {
  const dir = join(ROOT, 'rules');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]);
}

test('every family, category and pattern name in rules/*.json is in the registry', () => {
  const bad = [];
  const need = (set, what, where, name) => { if (!set.has(name)) bad.push(`${where}: ${what} "${name}" is not in the registry`); };
  let rules = 0;
  for (const [f, pack] of packs()) {
    for (const key of ['categories', 'evidence']) for (const c of Object.keys(pack[key] || {})) need(CATEGORIES, 'category', `${f} ${key}`, c);
    for (const r of pack.rules || []) {
      rules++;
      const where = `${f} ${r.id}`;
      need(FAMILIES, 'family', where, r.family);
      for (const key of ['categories', 'not_categories', 'permitted_in']) for (const c of r[key] || []) need(CATEGORIES, 'category', `${where} ${key}`, c);
      for (const p of [...(r.patterns || []), ...(r.near?.patterns || []), ...(r.unless?.patterns || [])]) need(PATTERNS, 'pattern', where, p);
      for (const ex of [...(r.examples?.match || []), ...(r.examples?.no_match || [])]) {
        if (ex && typeof ex === 'object' && ex.category) need(CATEGORIES, 'category', `${where} example`, ex.category);
      }
    }
    // the licence image check's findings (rules/licence.json "licence_rules") and the categories of their scope needs
    for (const r of pack.licence_rules || []) {
      need(FAMILIES, 'family', `${f} ${r.id}`, r.family);
      for (const n of r.scope_needs || []) need(CATEGORIES, 'category', `${f} ${r.id} scope_needs`, n.category);
      for (const ex of [...(r.examples?.match || []), ...(r.examples?.no_match || [])]) {
        if (ex && typeof ex === 'object' && ex.category) need(CATEGORIES, 'category', `${f} ${r.id} example`, ex.category);
      }
    }
  }
  assert.ok(rules > 100, `read ${rules} rules`);
  assert.deepEqual(bad, []);
});

test('the corpora label texts with registry names only', () => {
  const bad = [];
  let n = 0;
  (function walk(dir) {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.jsonl')) {
        readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
          if (!line.trim()) return;
          let o;
          try { o = JSON.parse(line); } catch { return; }
          n++;
          for (const fam of o.expected || []) if (!LISTING.has(fam)) bad.push(`${p}:${i + 1}: family ${fam}`);
          if (o.category && !CATEGORIES.has(o.category)) bad.push(`${p}:${i + 1}: category ${o.category}`);
        });
      }
    }
  })(join(ROOT, 'tests', 'corpus'));
  assert.ok(n > 1000, `read ${n} corpus lines`);
  assert.deepEqual(bad, []);
});

// User packs: one rule that names `family`, `categories` and `patterns` as given.
const userPack = ({ family = 'absolute_term', categories, patterns }) => JSON.stringify({
  pack: 'registry-test',
  rules: [{ id: 'registry.test', family, severity: 'warning', basis: 'b', message: 'm', suggestion: 's', terms: ['注册表测试'],
    ...(categories ? { categories } : {}), ...(patterns ? { patterns } : {}) }],
});
const CASES = [
  ['the last family, category and pattern of the registry', { family: last(reg.families), categories: [last(reg.categories)], patterns: [last(reg.patterns)] }, null],
  ['an unknown family', { family: 'no_such_family' }, /family/],
  ['an unknown category', { categories: ['no_such_category'] }, /categor/],
  ['an unknown pattern', { patterns: ['no_such_pattern'] }, new RegExp(`known: ${[...PATTERNS].join(', ')}\\)`)],
];

test('the native engine takes the registry names in a user pack and refuses others', { skip: !existsSync(join(BUILD, 'zicha')) && 'make first' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'zicha-registry-'));
  try {
    for (const [what, spec, refused] of CASES) {
      const file = join(dir, 'pack.json');
      writeFileSync(file, userPack(spec));
      const r = spawnSync(join(BUILD, 'zicha'), ['--rules', file, 'rules'], { encoding: 'utf8' });
      if (!refused) assert.equal(r.status, 0, `${what}: accepted (${r.stderr})`);
      else {
        assert.equal(r.status, 2, `${what}: refused with exit 2`);
        assert.match(r.stderr, refused, `${what}: the message says why`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const WASM = join(ROOT, 'web', 'gen', 'zicha.wasm');
test('the wasm engine takes the registry names in a user pack and refuses others', { skip: !existsSync(WASM) && 'make wasm first' }, async () => {
  const { loadEngine } = await import(pathToFileURL(join(ROOT, 'web', 'engine.js')).href);
  const wasmBinary = readFileSync(WASM);
  for (const [what, spec, refused] of CASES) {
    let err = null;
    try {
      await loadEngine({ wasmBinary, extraPack: userPack(spec) });
    } catch (e) {
      err = e;
    }
    if (!refused) assert.equal(err, null, `${what}: accepted`);
    else assert.ok(err && err.kind === 'pack' && refused.test(err.message), `${what}: refused (${err && err.message})`);
  }
});

// A hand-written list of the vocabulary is five or more names of one kind within a few lines: quoted ('food',
// "food") or as object keys (food: …). Usage sites name one or two at a time.
test('no source file keeps its own list of families, categories or pattern names', () => {
  const kinds = { families: [...FAMILIES], categories: [...CATEGORIES], patterns: [...PATTERNS] };
  const WINDOW = 400;
  const MIN = 5;
  const dirs = [['core/src', /\.[ch]$/], ['core/cli', /\.[ch]$/], ['core/wasm', /\.[ch]$/], ['web', /\.(m?js|html)$/],
    ['extension', /\.(m?js|html)$/], ['tools', /\.(m?js|py|sh|c)$/], ['tests/fuzz', /\.(c|h|py)$/], ['bench', /\.(m?js|c|sh|py)$/]];
  // test input, not a table: a fuzz seed pack whose rule names seven patterns; and licence.c's table of what a
  // licence's business scope must contain per category, until it moves to rules/licence.json (checked above)
  const exempt = new Set(['tests/fuzz/make-seeds.py patterns']);
  const copies = [];
  let files = 0;
  for (const [d, re] of dirs) {
    if (!existsSync(join(ROOT, d))) continue;
    for (const f of readdirSync(join(ROOT, d)).filter((x) => re.test(x))) {
      files++;
      const text = readFileSync(join(ROOT, d, f), 'utf8');
      for (const [kind, names] of Object.entries(kinds)) {
        const hits = [];
        for (const n of names) {
          for (const m of text.matchAll(new RegExp(`(['"\`])${n}\\1|(?:^|[\\s{,])${n}\\s*:(?!:)`, 'gm'))) hits.push([m.index, n]);
        }
        hits.sort((a, b) => a[0] - b[0]);
        let most = 0;
        for (let i = 0, j = 0; i < hits.length; i++) {
          while (hits[i][0] - hits[j][0] > WINDOW) j++;
          most = Math.max(most, new Set(hits.slice(j, i + 1).map((h) => h[1])).size);
        }
        if (most >= MIN && !exempt.has(`${d}/${f} ${kind}`)) copies.push(`${d}/${f}: ${most} ${kind} within ${WINDOW} characters (use the registry's generated tables)`);
      }
    }
  }
  assert.ok(files > 50, `looked at ${files} files`);
  assert.deepEqual(copies, []);
});
