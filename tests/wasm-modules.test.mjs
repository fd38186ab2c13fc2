// The two WebAssembly modules (the page's first download, Makefile "WebAssembly" section). TAP output.
//
//   node tests/wasm-modules.test.mjs      (needs `make all wasm`; the qsort check also needs cc)
//
// - size: the core module the page needs for its first check (web/gen/zicha.wasm + zicha.mjs) stays within the
//   budget below (150 KB was set before the claim grammar and its lexicons); the sizes of both modules are printed;
// - the split: the core exports the text check only; the licence module exports the QR/licence/id functions, and
//   its zc_wasm_id (division table with names) prints what `build/zicha id` prints;
// - gzip custom packs: no zlib in the wasm, web/engine.js inflates with DecompressionStream and the core reads the
//   JSON: `node web/cli.mjs` and `build/zicha` give byte-identical output, messages and exit codes on good,
//   truncated, garbage, bomb, empty, doubly compressed, trailing-junk and two-member packs;
// - core/wasm/zc_wasm_qsort.c (the core's qsort) sorts exactly like glibc's stable qsort, natively.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tap } from './e2e/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GEN = join(ROOT, 'web', 'gen');
const NATIVE = join(ROOT, 'build', 'zicha');
// bytes, gzip -9 of zicha.wasm + zicha.mjs. Issue 6 set 150 KB for the engine and the rules of the time (142.7 KB
// then); the generalising rules added the claim grammar and lexicons from authoritative lists (保健功能目录, ICD-10
// names, the 2021 野生动物名录: about 24 KB gzip of rule data), so the core now has 175 KB. The first result after
// navigation stays under 300 ms (tests/e2e/page.test.mjs).
// Fixes as data (core/src/fix.c and the packs' "replace") measured +2,003 B (173,367 → 175,370): budget raised by that.
// The second round of claim shapes (symptoms by body part, slimming, appreciation, rankings, drug comparisons,
// tissue claims, invoice and exam-cheating goods, book superlatives, protection grades) and the mode and version
// exports measured +5,232 B (175,370 → 180,602). The work budget and strict pack validation (term length, matches
// per character, match and step budgets per check; NUL, control characters and duplicate keys refused) add about
// 1,190 B of code and messages (182,116 B measured after both): raised to 182,500.
// Identifier kinds as a table (core/src/identifier_kinds.h compiled into anchors, lists and one hash) measured +568 B
// against the hand-written parsers with everything else equal (182,130 → 182,698): raised to 182,750.
// The engine's own JSON reader (core/src/json.c) replaced cJSON in the wasm: −6,304 B. The third round of claim
// shapes (height figures, tooth regrowth, calamity threats, home-purchase perks, exam guarantees, replicas, principal
// guarantees, covert recording, price pressure, peer price comparisons, endorsements by authorities, comparison
// figures, counterfeit price gaps: 18 rules and their lexicons) measured +6,750 B of rule data (182,116 → 188,866
// before the reader landed). Both together: 183,980 B measured: raised to 184,250. The fourth round's shapes (body fat,
// drug withdrawal, blessings, unsourced rates, earning and wealth promises, scope superlatives, prepaid refusals,
// decision rights, admission rates, germ claims, investment potential, epidemic claims on food: 17 rules and their
// lexicons) measured +4,878 B of rule data (183,980 → 188,858): raised to 189,250. The fifth round's shapes (outcome
// rates, e-book downloads, rival smears, review pressure, history claims, longevity, organ youth, stock tips, cure-alls,
// meridians, gift warranties, efficacy speed, privileged supply: 15 rules and their lexicons) measured +4,143 B
// (188,858 → 193,001): raised to 193,500. The sixth round's shapes (shop terms: reserved rights, own decision
// final, transit risk, refusal in any case, liability for any loss; grey hair turned black, high returns and
// investment safety, rewards for reviews, covert shipping of medicines, exercise equivalence: 11 rules and their
// lexicons), the register cues of the negation guard and Taiwan's and Hong Kong's approval numbers as evidence
// measured +4,618 B (193,001 → 197,619): raised to 198,000 (197,689 B with the absolute slang). The seventh round's
// shapes (no-treatment claims, resource bundles by size, task-platform brushing, admission guarantees, farm yield
// promises, orders that cannot be cancelled, wild Yangtze fish: 7 rules and their lexicons) measured +2,253 B
// (197,689 → 199,942): raised to 200,500. The eighth round's shapes (clause shapes: changes at any time, silence as
// consent, refund fees, original-price deductions, short defect windows, own drinks, objections barred; a symptom and
// a use cue, slimming words on food, looks eaten into being, pain gone, one-use results, sales figures, scoped
// superlatives, crushing rivals, return multiples, career promises, game cheats, shop-price comparisons, talismans,
// spot removal: 23 rules and 41 lexicons) measured +6,464 B (199,942 → 206,406): raised to 207,000. Its precision
// follow-up and the ninth round's shapes (school places, certain price rises and metro lines in property ads, vague
// benefits and nicknames for diseases, 止鼾, food called a medicine, injections promising looks, effect rates,
// self-waivers, paid likes, certain payback, approving shares of people, hair regrowth: 14 rules and 29 lexicons)
// measured +3,325 B (206,406 → 209,731): raised to 210,000. The tenth round's shapes (refusals of returns and
// cancellations, short return windows, delivery disclaimers, barred rejection, fish of the Yangtze ban, lash and hair
// growth, disguised cameras, luck raised by objects, TCM efficacy, refunds when it does not work: 8 new rules, 2 widened, 19
// lexicons) measured +4,301 B (209,731 → 214,032): raised to 214,500. The eleventh round (vision restored, permanent
// effects, 最多 … 选用, body functions better than before, disease counts: 5 new rules; ordinals and 国家级
// designations as composed allow terms, aspirations, given 保健食品 category relaxing unregistered functions, 9
// lexicons) measured +2,368 B (214,032 → 216,400): raised to 216,750. The twelfth round (gambling-cheat devices, lexicon
// additions, precision guards) measured +833 B (216,400 → 217,233): raised to 217,500. The thirteenth round (all risks
// put on the customer, named-exam pass promises, easy lending, dealing in diplomas, 之王/之首, food for patients,
// knock-out drugs, online gambling, selling fakes, promised dividends: 10 new rules, 12 lexicons, contraindication
// cues in the register guard) measured +3,646 B (217,008 → 220,654): raised to 221,000. The fourteenth round
// (surrogacy, bank cards, look-ups of personal records, free activation codes, 开创…先河, eye bags, consent hidden in
// terms, 无中文标签, secret recipes: 9 new rules, 2 lexicons, statute and warning cues in the register guard) measured
// +2,585 B (220,654 → 223,239): raised to 223,500. The fifteenth round (VPN services, account trade, sex-service
// touting, private detectives, fraud source code, pyramid recruiting, hair loss on cosmetics, luck said to improve: 8
// new rules, 2 lexicons) measured +2,252 B (223,239 → 225,491): raised to 225,750. The sixteenth round (book and other
// sales counts, effect figures, multiple-of comparisons, slimming without gaining, bulk e-books, score jumps, forged
// diplomas by craft, luck brought by objects: 8 new rules, 11 lexicons, 册 as a counting unit) measured +2,896 B
// (225,491 → 228,387): raised to 228,750. The seventeenth round (employment guarantees, ghost-writing, fees charged
// regardless, market-share and disease-share figures, protected species offered for sale; register cues for quoted
// rules and disclaimers: 6 new rules, 7 lexicons) measured +2,711 B (228,387 → 231,098): raised to 231,250.
const CORE_BUDGET = 231250;

const T = tap(); // TAP output (tests/e2e/lib.mjs)
const out = (s) => process.stdout.write(s + '\n');
const ok = (cond, name, diag) => T.ok(cond, name, diag === undefined || typeof diag === 'string' ? diag : JSON.stringify(diag));
const skip = (name, why) => T.skip(name, why);

const modules = ['zicha', 'zicha-licence'];
const missing = modules.flatMap((m) => [`${m}.wasm`, `${m}.mjs`]).filter((f) => !existsSync(join(GEN, f)));
if (missing.length || !existsSync(NATIVE)) {
  skip('wasm modules', `not built (${[...missing, ...(existsSync(NATIVE) ? [] : ['build/zicha'])].join(', ')}): make all wasm`);
  T.end();
  process.exit(0);
}

// ---- sizes: GNU gzip -9 as the issue measures (Node's zlib at level 9, a few % larger, without it)
const hasGzip = spawnSync('gzip', ['--version']).status === 0;
const gz = (f) => (hasGzip
  ? spawnSync('gzip', ['-9c', join(GEN, f)], { maxBuffer: 64 << 20 }).stdout.length
  : gzipSync(readFileSync(join(GEN, f)), { level: 9 }).length);
const sizes = Object.fromEntries(modules.map((m) => [m, { wasm: gz(`${m}.wasm`), glue: gz(`${m}.mjs`) }]));
for (const m of modules) out(`# ${m}: wasm ${sizes[m].wasm} B + glue ${sizes[m].glue} B gzip -9 = ${sizes[m].wasm + sizes[m].glue} B`);
const core = sizes.zicha.wasm + sizes.zicha.glue;
ok(core <= CORE_BUDGET, `core module (first check) is ${core} B gzip -9, within ${CORE_BUDGET} B`);

// ---- what each module exports
async function instantiate(m) {
  const { default: create } = await import(pathToFileURL(join(GEN, `${m}.mjs`)).href);
  return create({ wasmBinary: readFileSync(join(GEN, `${m}.wasm`)), print: () => {}, printErr: () => {} });
}
const coreMod = await instantiate('zicha');
const lic = await instantiate('zicha-licence');
const has = (mod, f) => typeof mod[f] === 'function';
ok(['_zc_wasm_init', '_zc_wasm_check', '_zc_wasm_rules', '_zc_wasm_batch_line'].every((f) => has(coreMod, f)) &&
  !['_zc_wasm_qr', '_zc_wasm_licence', '_zc_wasm_id', '_zc_wasm_gunzip', '_zc_wasm_preinflated'].some((f) => has(coreMod, f)),
'the core module exports the text check and none of the lazily loaded functions');
ok(['_zc_wasm_qr', '_zc_wasm_licence', '_zc_wasm_id', '_malloc', '_free'].every((f) => has(lic, f)) && !has(lic, '_zc_wasm_check'),
  'the licence module exports zc_wasm_qr, zc_wasm_licence and zc_wasm_id');

for (const code of ['9144030071526726XG', 'SC11233010600123', '91330106MA2B0XXXXX', '京ICP备12345678号']) {
  const bytes = new TextEncoder().encode(code);
  const p = lic._malloc(bytes.length + 1);
  lic.HEAPU8.set(bytes, p);
  lic.HEAPU8[p + bytes.length] = 0;
  const r = lic._zc_wasm_id(p, bytes.length);
  const wasm = lic.UTF8ToString(r);
  lic._free(r);
  lic._free(p);
  const nat = spawnSync(NATIVE, ['id', code], { encoding: 'utf8' });
  let same = false;
  try {
    same = JSON.stringify(JSON.parse(wasm)) === JSON.stringify(JSON.parse(nat.stdout));
  } catch {
    same = false;
  }
  ok(same, `licence module zc_wasm_id(${code}) = build/zicha id (region names included)`, `${wasm}\n${nat.stdout}`);
}

// ---- gzip custom packs: native vs the page's engine (node web/cli.mjs)
const dir = mkdtempSync(join(tmpdir(), 'zc-wasm-modules-'));
try {
  const pack = JSON.stringify({
    pack: 'x',
    rules: [{ id: 'x.y', family: 'absolute_term', severity: 'error', basis: 'b', message: 'm', suggestion: 's', terms: ['最棒'] }],
  });
  const full = gzipSync(readFileSync(join(ROOT, 'rules', 'ad-absolute.json')), { level: 9 });
  const good = gzipSync(Buffer.from(pack));
  const cases = {
    'full.json.gz': full,
    'good.json.gz': good,
    'truncated.json.gz': full.subarray(0, full.length >> 1),
    'garbage.json': Buffer.from('\x1f\x8bnot gzip at all', 'latin1'),
    'bomb.json.gz': gzipSync(Buffer.concat([Buffer.from('{"rules":[]'), Buffer.alloc(40 << 20, 0x20), Buffer.from('}')]), { level: 9 }),
    'twice.json.gz': gzipSync(good),
    'junk.json.gz': Buffer.concat([good, Buffer.from('trailing junk')]),
    'two-members.json.gz': Buffer.concat([good, good]),
    'bad-json.json.gz': gzipSync(Buffer.from('{"pack": "x", "rules": [')),
    'empty.json.gz': gzipSync(Buffer.alloc(0)),
  };
  writeFileSync(join(dir, 'text.txt'), '全网最棒的面膜，最好用\n');
  for (const [name, bytes] of Object.entries(cases)) {
    writeFileSync(join(dir, name), bytes);
    const args = ['check', '--rules', name, '--format', 'json', 'text.txt'];
    const a = spawnSync(NATIVE, args, { cwd: dir, encoding: 'utf8' });
    const b = spawnSync(process.execPath, [join(ROOT, 'web', 'cli.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
    const same = a.status === b.status && a.stdout === b.stdout && a.stderr === b.stderr;
    ok(same, `gzip pack ${name}: wasm (DecompressionStream + core) = native (exit ${a.status}${a.stderr ? ', ' + a.stderr.trim().slice(0, 80) : ''})`,
      `native ${a.status} ${a.stdout.slice(0, 200)} ${a.stderr}\nwasm   ${b.status} ${b.stdout.slice(0, 200)} ${b.stderr}`);
  }

  // ---- the core's qsort, natively against glibc (stable merge sort): same order, ties included
  const cc = spawnSync('cc', ['--version']);
  if (cc.status !== 0) skip('zc_wasm_qsort.c against glibc qsort', 'no cc');
  else {
    writeFileSync(join(dir, 'qs.c'), `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void zc_test_qsort(void *, size_t, size_t, int (*)(const void *, const void *));
typedef struct { unsigned k, v, w; } e12;
static int c12(const void *a, const void *b) { const e12 *x = a, *y = b; return x->k < y->k ? -1 : x->k > y->k; }
static int c1(const void *a, const void *b) { return *(const unsigned char *)a - *(const unsigned char *)b; }
typedef struct { char s[7]; } e7;
static int c7(const void *a, const void *b) { return memcmp(a, b, 3); }
int main(void) {
  unsigned long long x = 12345;
  for (int t = 0; t < 2000; t++) {
    size_t n = (size_t)(t % 300) * (t % 7 == 0 ? 30 : 1);
    e12 *a = malloc(n * sizeof *a + 1), *b = malloc(n * sizeof *b + 1);
    unsigned char *p = malloc(n + 1), *q = malloc(n + 1);
    e7 *r = malloc(n * sizeof *r + 1), *s = malloc(n * sizeof *s + 1);
    for (size_t i = 0; i < n; i++) {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      a[i].k = (unsigned)(x % (t % 5 == 0 ? 4 : 1000)); a[i].v = (unsigned)i; a[i].w = (unsigned)x; p[i] = (unsigned char)x;
      for (int j = 0; j < 7; j++) r[i].s[j] = (char)((x >> (j * 3)) % 4);
    }
    memcpy(b, a, n * sizeof *a); memcpy(q, p, n); memcpy(s, r, n * sizeof *r);
    zc_test_qsort(a, n, sizeof *a, c12); qsort(b, n, sizeof *b, c12);
    zc_test_qsort(p, n, 1, c1); qsort(q, n, 1, c1);
    zc_test_qsort(r, n, sizeof *r, c7); qsort(s, n, sizeof *s, c7);
    if (memcmp(a, b, n * sizeof *a) || memcmp(p, q, n) || memcmp(r, s, n * sizeof *r)) { printf("differs: t=%d n=%zu\\n", t, n); return 1; }
    free(a); free(b); free(p); free(q); free(r); free(s);
  }
  return 0;
}
`);
    const exe = join(dir, 'qs');
    const obj = join(dir, 'zc_wasm_qsort.o');
    let build = spawnSync('cc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-Dqsort=zc_test_qsort', '-c', '-o', obj,
      join(ROOT, 'core', 'wasm', 'zc_wasm_qsort.c')], { encoding: 'utf8' });
    if (build.status === 0) build = spawnSync('cc', ['-std=c11', '-O2', '-o', exe, join(dir, 'qs.c'), obj], { encoding: 'utf8' });
    const run = build.status === 0 ? spawnSync(exe, { encoding: 'utf8' }) : null;
    ok(build.status === 0 && run.status === 0, 'zc_wasm_qsort.c sorts 2000 random arrays (sizes 12/1/7, with ties) exactly like glibc qsort',
      build.status !== 0 ? build.stderr : `${run.stdout}${run.stderr}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

process.exitCode = T.end() ? 1 : 0;
