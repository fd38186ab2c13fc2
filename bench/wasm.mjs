#!/usr/bin/env node
// WebAssembly engine and peers, in one Node process, on the bench inputs (node bench/gen-corpus.mjs).
//
//   node bench/wasm.mjs --terms FILE [--dir build/bench] [--wasm web/gen/zicha.wasm] [--quick]
//
// Prints one JSON object on stdout (bench/run.sh folds it into build/bench/results.json):
//   create      engine creation (instantiate the module from wasmBinary + zc_wasm_init with the built-in packs), ms
//   corpus      one check of the whole corpus.txt, and one check per corpus line (the batch case), MB/s: the
//               median of 3 timed runs after an untimed warm-up run, for zicha and the peers alike
//   lines_page  one check per corpus line the way the page's worker does it: web/engine.js check(string) →
//               parsed report (encode, call, decode, JSON.parse), MB/s
//   latency     p50/p99 of a 500- and a 5,000-character listing, many iterations in process
//   memory      wasm memory.buffer.byteLength after the runs
//   peers       mint-filter (npm, from build/bench/node_modules) and a plain indexOf loop over the same terms,
//               per corpus line, MB/s (UTF-8 bytes of the texts / time), and the zicha/peer ratios
// The module is driven the way web/engine.js does it (copy the UTF-8 text into the heap, call zc_wasm_check,
// copy the report JSON out), with the same .wasm the page loads, passed as wasmBinary like web/cli.mjs.
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const DIR = resolve(opt('--dir', join(ROOT, 'build', 'bench')));
const WASM = resolve(opt('--wasm', join(ROOT, 'web', 'gen', 'zicha.wasm')));
const GLUE = WASM.replace(/\.wasm$/, '.mjs');
const TERMS = opt('--terms');
const PACK = opt('--pack'); // optional extra pack (the growth runs); with --no-builtin ignored here
const QUICK = args.includes('--quick');
const ONLY = opt('--only', ''); // "growth": only create + corpus-lines throughput + memory (cost-growth runs)
// "latency": only the latency runs; bench/run.mjs runs them in their own process with --single-threaded-gc, so
// that the CPU time of one check is this thread's alone (GC included), not V8's parallel GC helpers' as well,
// which process.cpuUsage() would add to whichever iteration they overlap

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
// CPU time of this process (user + system), ms, 1 µs resolution: on a shared, loaded machine it is what an idle
// one would show as wall time (Node runs the checks on this one thread; GC helpers may add a little)
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const mb = (bytes, ms) => bytes / 1e6 / (ms / 1e3);
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const { default: createZicha } = await import(pathToFileURL(GLUE).href);
const wasmBinary = readFileSync(WASM);
const encoder = new TextEncoder();

async function makeEngine(extraPack) {
  const mod = await createZicha({ wasmBinary, print: () => {}, printErr: () => {} });
  let rc;
  if (extraPack) {
    const p = mod._malloc(extraPack.length + 1);
    mod.HEAPU8.set(extraPack, p);
    mod.HEAPU8[p + extraPack.length] = 0;
    rc = mod._zc_wasm_init(p, extraPack.length);
    mod._free(p);
  } else rc = mod._zc_wasm_init(0, 0);
  if (rc !== 0) throw new Error(`zc_wasm_init failed: ${rc}`);
  const catPtr = mod._malloc(1);
  mod.HEAPU8[catPtr] = 0;
  let buf = 0,
    cap = 0;
  // check UTF-8 bytes; returns the report length (the JSON is copied out, as web/engine.js does)
  function check(bytes) {
    if (bytes.length + 1 > cap) {
      if (buf) mod._free(buf);
      cap = Math.max(bytes.length + 1, 1 << 16);
      buf = mod._malloc(cap);
    }
    mod.HEAPU8.set(bytes, buf);
    mod.HEAPU8[buf + bytes.length] = 0;
    const out = mod._zc_wasm_check(buf, bytes.length, catPtr);
    if (!out) throw new Error('zc_wasm_check failed');
    const heap = mod.HEAPU8;
    return heap.slice(out, heap.indexOf(0, out)).length; // as engine.js checkRaw: native indexOf, one copy
  }
  return { mod, check, memory: () => mod.HEAPU8.buffer.byteLength };
}

const result = {};
const extraPack = PACK ? readFileSync(PACK) : null;

// ---- engine creation ----
{
  const times = [],
    ctimes = [];
  for (let i = 0; i < (QUICK ? 2 : 5); i++) {
    const t0 = now(),
      c0 = cpu();
    await makeEngine(extraPack);
    times.push(now() - t0);
    ctimes.push(cpu() - c0);
  }
  times.sort((a, b) => a - b);
  ctimes.sort((a, b) => a - b);
  // the first creation in a process includes compiling the module (no code cache), as in a fresh page
  result.create_ms = { median: round(pct(times, 50)), min: round(times[0]), median_cpu: round(pct(ctimes, 50)) };
}

const eng = await makeEngine(extraPack);
const corpusBytes = readFileSync(join(DIR, 'corpus.txt'));
const lines = corpusBytes.toString('utf8').split('\n').filter((l) => l.length);
const lineBytes = lines.map((l) => encoder.encode(l));
const lineTotal = lineBytes.reduce((a, b) => a + b.length, 0);

function timeLines(fn, budgetMs = Infinity) {
  const t0 = now(),
    c0 = cpu();
  let bytes = 0,
    n = 0;
  for (let i = 0; i < lines.length; i++) {
    fn(i);
    bytes += lineBytes[i].length;
    n++;
    if ((i & 255) === 0 && now() - t0 > budgetMs) break;
  }
  const ms = now() - t0,
    cms = cpu() - c0;
  return { bytes, listings: n, ms: round(ms), mb_s: round(mb(bytes, ms)), cpu_ms: round(cms), mb_s_cpu: round(mb(bytes, cms)) };
}

// Throughput is a steady state: one untimed warm-up run (V8's tier-up, the wasm memory and the
// peers' heaps grown to size), then RUNS timed runs; the run with the median CPU time is reported, with the
// first (cold) run's figures alongside. The same for zicha and for the peers.
const RUNS = QUICK ? 1 : 3;
// With --expose-gc (bench/run.mjs passes it) a full collection before each run, untimed: a run is then charged
// for the garbage it makes itself, not for what an earlier phase left to V8's concurrent GC threads (whose CPU
// time process.cpuUsage() counts).
const settle = async () => {
  if (!globalThis.gc) return;
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 100)); // (its concurrent sweeping)
};
async function steady(runOnce) {
  await settle();
  const first = runOnce();
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    await settle();
    runs.push(runOnce());
  }
  runs.sort((a, b) => a.cpu_ms - b.cpu_ms);
  const m = runs[Math.floor(runs.length / 2)];
  return { ...m, runs: RUNS, first_mb_s: first.mb_s, first_mb_s_cpu: first.mb_s_cpu };
}
function timeOnce(bytes, fn) {
  const t0 = now(),
    c0 = cpu();
  fn();
  const ms = now() - t0,
    cms = cpu() - c0;
  return { bytes, ms: round(ms), mb_s: round(mb(bytes, ms)), cpu_ms: round(cms), mb_s_cpu: round(mb(bytes, cms)) };
}

// ---- throughput ----
{
  // (steady's untimed first run is the warm-up)
  if (ONLY !== 'latency') result.lines = await steady(() => timeLines((i) => eng.check(lineBytes[i])));
  if (ONLY === '') {
    result.whole = await steady(() => timeOnce(corpusBytes.length, () => eng.check(corpusBytes)));
  }
}

// ---- the page's path per listing: web/engine.js check(string) -> parsed report object ----
// (UTF-8 encoding, the call, decoding and JSON.parse included), with the default web/gen module only
if (ONLY === '' && WASM === resolve(join(ROOT, 'web', 'gen', 'zicha.wasm'))) {
  const { loadEngine } = await import(pathToFileURL(join(ROOT, 'web', 'engine.js')).href);
  const page = await loadEngine({ wasmBinary });
  let found = 0;
  result.lines_page = await steady(() => {
    found = 0;
    return timeLines((i) => {
      found += page.check(lines[i]).findings.length;
    });
  });
  result.lines_page.findings = found;
}

// ---- latency ----
if (ONLY !== 'growth') {
  // a pass over the corpus first: V8's tier-up compiles in background threads, whose CPU time would count too
  if (ONLY === 'latency') for (let i = 0; i < lineBytes.length; i++) eng.check(lineBytes[i]);
  result.latency = {};
  for (const [label, iters] of [
    ['500', QUICK ? 500 : 5000],
    ['5000', QUICK ? 200 : 2000],
  ]) {
    const bytes = readFileSync(join(DIR, `listing-${label}.txt`));
    for (let i = 0; i < 100; i++) eng.check(bytes);
    const t = [],
      tc = [];
    for (let i = 0; i < iters; i++) {
      const c0 = cpu(),
        t0 = now();
      eng.check(bytes);
      t.push(now() - t0);
      tc.push(cpu() - c0);
    }
    t.sort((a, b) => a - b);
    tc.sort((a, b) => a - b);
    result.latency[label] = {
      chars: Array.from(bytes.toString('utf8')).length,
      iterations: iters,
      p50_ms: round(pct(t, 50), 4),
      p99_ms: round(pct(t, 99), 4),
      max_ms: round(t[t.length - 1], 4),
      p50_ms_cpu: round(pct(tc, 50), 4),
      p99_ms_cpu: round(pct(tc, 99), 4),
    };
  }
}
result.memory_bytes = eng.memory();

// ---- peers ----
if (TERMS && ONLY === '') {
  const terms = readFileSync(TERMS, 'utf8').split('\n').filter((t) => t.length);
  result.peers = { terms: terms.length };
  const require = createRequire(join(DIR, 'package.json'));
  let Mint = null;
  try {
    const m = require('mint-filter');
    Mint = m.Mint || m.default || m;
    result.peers.mint_version = require('mint-filter/package.json').version;
  } catch (e) {
    result.peers.mint_error = String(e.message || e);
  }
  if (Mint) {
    const t0 = now();
    const mint = new Mint(terms);
    result.peers.mint_create_ms = round(now() - t0);
    let hits = 0;
    result.peers.mint = await steady(() => {
      hits = 0;
      return timeLines((i) => {
        hits += mint.filter(lines[i], { replace: false }).words.length;
      });
    });
    result.peers.mint.hits = hits;
    if (result.whole) {
      // the whole corpus as one string, as zicha's whole-text check
      const whole = corpusBytes.toString('utf8');
      let found = 0;
      result.peers.mint_whole = await steady(() =>
        timeOnce(corpusBytes.length, () => {
          found = mint.filter(whole, { replace: false }).words.length;
        }),
      );
      result.peers.mint_whole.hits = found;
      result.peers.ratio_zicha_mint_whole = round(result.whole.mb_s / result.peers.mint_whole.mb_s);
      result.peers.ratio_zicha_mint_whole_cpu = round(result.whole.mb_s_cpu / result.peers.mint_whole.mb_s_cpu);
    }
    result.peers.ratio_zicha_mint = round(result.lines.mb_s / result.peers.mint.mb_s);
    result.peers.ratio_zicha_mint_cpu = round(result.lines.mb_s_cpu / result.peers.mint.mb_s_cpu);
    if (result.lines_page) {
      result.peers.ratio_zicha_page_mint = round(result.lines_page.mb_s / result.peers.mint.mb_s);
      result.peers.ratio_zicha_page_mint_cpu = round(result.lines_page.mb_s_cpu / result.peers.mint.mb_s_cpu);
    }
  }
  {
    // a plain indexOf loop: every occurrence of every term in every listing (time-boxed on the big corpus)
    let hits = 0;
    result.peers.indexof = timeLines(
      (i) => {
        const s = lines[i];
        for (let k = 0; k < terms.length; k++) {
          const t = terms[k];
          for (let p = s.indexOf(t); p >= 0; p = s.indexOf(t, p + 1)) hits++;
        }
      },
      QUICK ? 2000 : 15000,
    );
    result.peers.indexof.hits_in_measured = hits;
    result.peers.ratio_zicha_indexof = round(result.lines.mb_s / result.peers.indexof.mb_s);
    result.peers.ratio_zicha_indexof_cpu = round(result.lines.mb_s_cpu / result.peers.indexof.mb_s_cpu);
  }
  // the same terms in zicha alone (no built-in packs would need a --no-builtin wasm init; the built-in set
  // already holds exactly these terms plus allow/context/cue terms and the structured patterns)
}
process.stdout.write(JSON.stringify(result) + '\n');
