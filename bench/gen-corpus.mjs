#!/usr/bin/env node
// Generates the benchmark inputs under build/bench/ (deterministic: fixed seed).
//
//   node bench/gen-corpus.mjs [OUT_DIR]            (default build/bench)
//
// corpus.txt     ≥ 10 MB mixed text, one listing per line: real listing texts (tests/corpus/*.jsonl and
//                /work/shared/corpus/public-titles.jsonl when present) repeated and shuffled, about one line in
//                four replaced by random Chinese (characters drawn half from the real texts' distribution,
//                half uniformly from U+4E00–U+9FA5, with ， and 。).
// corpus.jsonl   the same listings as {"id","text"} lines, for `zicha batch`.
// listing-500.txt, listing-5000.txt   real listing texts joined by newlines, cut to exactly 500 / 5,000
//                code points (the latency inputs).
// terms-1k.json, terms-10k.json, terms-100k.json   rule packs with one rule of N generated terms (2–6
//                characters from a 3,000-character pool), for the cost-growth runs; terms-*.txt the same terms
//                one per line (for the peers).
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.argv[2] || join(ROOT, 'build', 'bench');
const TARGET_BYTES = 10.5e6; // ≥ 10 MB, below the engine's 16 MiB per-text limit
mkdirSync(OUT, { recursive: true });

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20240601);
const randInt = (n) => Math.floor(rand() * n);
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// ---- real texts ----
const files = readdirSync(join(ROOT, 'tests', 'corpus'))
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .map((f) => join(ROOT, 'tests', 'corpus', f));
const shared = '/work/shared/corpus/public-titles.jsonl';
if (existsSync(shared)) files.push(shared);
const real = [];
for (const f of files) {
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line);
      if (typeof o.text === 'string' && o.text.trim()) real.push(o.text.replace(/[\r\n]+/g, ' '));
    } catch {
      /* not a JSON line: skip */
    }
  }
}
if (!real.length) throw new Error('no listing texts found in tests/corpus');

// ---- random Chinese ----
const realChars = Array.from(real.join('')).filter((c) => c >= '\u4e00' && c <= '\u9fa5');
function randomChinese() {
  const n = 20 + randInt(180);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.06) s += '，';
    else if (r < 0.09) s += '。';
    else if (r < 0.55) s += realChars[randInt(realChars.length)];
    else s += String.fromCharCode(0x4e00 + randInt(0x9fa5 - 0x4e00 + 1));
  }
  return s;
}

// ---- the mixed corpus ----
const lines = [];
let bytes = 0;
let pool = [];
while (bytes < TARGET_BYTES) {
  let t;
  if (rand() < 0.25) t = randomChinese();
  else {
    if (!pool.length) pool = shuffle(real.slice());
    t = pool.pop();
  }
  lines.push(t);
  bytes += Buffer.byteLength(t) + 1;
}
writeFileSync(join(OUT, 'corpus.txt'), lines.join('\n') + '\n');
writeFileSync(join(OUT, 'corpus.jsonl'), lines.map((t, i) => JSON.stringify({ id: `b${i}`, text: t })).join('\n') + '\n');
// 1 MB subsets for instruction counts under callgrind (bench/ab.sh)
{
  const sub = [];
  let b = 0;
  for (const t of lines) {
    if (b >= 1e6) break;
    sub.push(t);
    b += Buffer.byteLength(t) + 1;
  }
  writeFileSync(join(OUT, 'corpus-1m.txt'), sub.join('\n') + '\n');
  writeFileSync(join(OUT, 'corpus-1m.jsonl'), sub.map((t, i) => JSON.stringify({ id: `b${i}`, text: t })).join('\n') + '\n');
}

// ---- latency listings ----
function listingOf(nChars) {
  const shuffled = shuffle(real.slice());
  const out = [];
  let n = 0;
  for (let i = 0; n < nChars; i = (i + 1) % shuffled.length) {
    const cps = Array.from(shuffled[i]);
    out.push(...cps, '\n');
    n += cps.length + 1;
  }
  return out.slice(0, nChars).join('');
}
writeFileSync(join(OUT, 'listing-500.txt'), listingOf(500));
writeFileSync(join(OUT, 'listing-5000.txt'), listingOf(5000));

// ---- generated term sets ----
const termPool = [];
{
  const seen = new Set();
  for (const c of realChars) if (!seen.has(c) && seen.size < 3000) seen.add(c);
  while (seen.size < 3000) seen.add(String.fromCharCode(0x4e00 + randInt(0x9fa5 - 0x4e00 + 1)));
  termPool.push(...seen);
}
for (const [label, n] of [['1k', 1000], ['10k', 10000], ['100k', 100000]]) {
  const terms = new Set();
  while (terms.size < n) {
    const len = 2 + randInt(5);
    let t = '';
    for (let i = 0; i < len; i++) t += termPool[randInt(termPool.length)];
    terms.add(t);
  }
  const list = [...terms];
  const pack = {
    pack: `bench-${label}`,
    description: `benchmark: ${n} generated terms`,
    rules: [
      {
        id: `bench.generated.${label}`,
        family: 'absolute_term',
        severity: 'warning',
        basis: 'benchmark',
        message: 'benchmark term',
        suggestion: 'none',
        terms: list,
      },
    ],
  };
  writeFileSync(join(OUT, `terms-${label}.json`), JSON.stringify(pack));
  writeFileSync(join(OUT, `terms-${label}.txt`), list.join('\n') + '\n');
}
const total = Buffer.byteLength(lines.join('\n') + '\n');
console.log(`corpus: ${lines.length} listings, ${total} bytes (${real.length} distinct real texts from ${files.length} files)`);
