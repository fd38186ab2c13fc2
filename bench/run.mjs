#!/usr/bin/env node
// `make bench`: every performance figure of issue 6 in one run; prints a table and writes
// build/bench/results.json. Inputs come from bench/gen-corpus.mjs (fixed seed), binaries from `make` and
// `make wasm`, the peer from build/bench/node_modules (mint-filter, pinned in mk/bench.mk).
//
//   node bench/run.mjs [--quick] [--no-e2e]
//
// Native: build/zicha (the CLI, wall time and max RSS from /usr/bin/time -v) and build/bench/native-bench (the
// same library in process: creation, throughput, latency, automaton memory). WebAssembly: bench/wasm.mjs in
// Node with web/gen/zicha.wasm. Time to first result: the web engineer's tests/e2e/page.test.mjs (headless
// chromium), whose timing lines are parsed.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, statSync, openSync, closeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const B = join(ROOT, 'build', 'bench');
const QUICK = process.argv.includes('--quick');
const E2E = !process.argv.includes('--no-e2e');
const ZICHA = join(ROOT, 'build', 'zicha');
const NB = join(B, 'native-bench');
const round = (x, d = 1) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const log = (s) => process.stderr.write(`bench: ${s}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30, encoding: 'utf8', ...opts });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}
// wall time (s, best of n; process.hrtime around the spawn, so start-up is included and the resolution is not
// /usr/bin/time's 10 ms, 11 % of a 90 ms run) and max RSS (KB, via /usr/bin/time -v in one more run)
function timed(args, stdinFile, n) {
  let best = null;
  for (let i = 0; i < n; i++) {
    const fd = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
    const t0 = process.hrtime.bigint();
    const r = spawnSync(args[0], args.slice(1), { stdio: [fd, 'ignore', 'pipe'] });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (stdinFile) closeSync(fd);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    if (!best || s < best.s) best = { s };
  }
  const sh = `/usr/bin/time -v ${args.map((a) => `'${a}'`).join(' ')} ${stdinFile ? `< '${stdinFile}'` : ''} > /dev/null`;
  const r = spawnSync('sh', ['-c', sh], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!rss) throw new Error(`time failed: ${r.stderr}`);
  best.rss_kb = +rss[1];
  return best;
}
const reps = QUICK ? 1 : 3;
const size = (f) => statSync(f).size;

// ---- inputs ----
log('generating inputs (bench/gen-corpus.mjs)');
run('node', [join(ROOT, 'bench', 'gen-corpus.mjs'), B]);
writeFileSync(join(B, 'terms-rules.txt'), run(ZICHA, ['rules', '--terms']).stdout);
const corpus = join(B, 'corpus.txt');
const jsonl = join(B, 'corpus.jsonl');
const corpusBytes = size(corpus);
const textBytes = readFileSync(corpus, 'utf8').split('\n').reduce((a, l) => a + Buffer.byteLength(l), 0);

const R = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model, cores: os.cpus().length, mem_gb: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`, node: process.version, loadavg_at_start: os.loadavg().map((x) => round(x, 2)),
  },
  corpus: { file: 'build/bench/corpus.txt', bytes: corpusBytes, listings: readFileSync(corpus, 'utf8').split('\n').filter(Boolean).length },
};

// ---- native ----
log('native CLI');
const empty = join(B, 'empty.txt');
writeFileSync(empty, '');
const cliStart = timed([ZICHA, 'check', '--format', 'json', empty], null, QUICK ? 3 : 7);
const cliCheck = timed([ZICHA, 'check', '--format', 'json', corpus], null, reps);
const cliBatch = timed([ZICHA, 'batch'], jsonl, reps);
R.native_cli = {
  startup_s: round(cliStart.s, 3), startup_rss_kb: cliStart.rss_kb,
  check: { s: round(cliCheck.s, 4), mb_s: round(corpusBytes / 1e6 / cliCheck.s), mb_s_excl_startup: round(corpusBytes / 1e6 / Math.max(1e-3, cliCheck.s - cliStart.s)), max_rss_kb: cliCheck.rss_kb },
  batch: { s: round(cliBatch.s, 4), text_bytes: textBytes, mb_s: round(textBytes / 1e6 / cliBatch.s), max_rss_kb: cliBatch.rss_kb },
};
log('native in-process');
R.native = JSON.parse(run(NB, ['--text', corpus, '--lines', corpus, '--listing', join(B, 'listing-500.txt'), '--listing', join(B, 'listing-5000.txt'), '--reps', String(reps)]).stdout);

// ---- wasm + peers ----
log('wasm engine and peers (Node)');
const wasmArgs = [join(ROOT, 'bench', 'wasm.mjs'), '--terms', join(B, 'terms-rules.txt'), '--dir', B];
if (QUICK) wasmArgs.push('--quick');
R.wasm = JSON.parse(run('node', ['--expose-gc', ...wasmArgs]).stdout);
// latency in its own process with GC on the measuring thread (see bench/wasm.mjs --only latency)
R.wasm.latency = JSON.parse(run('node', ['--single-threaded-gc', ...wasmArgs, '--only', 'latency']).stdout).latency;
R.wasm.ratio_to_native_lines = round(R.wasm.lines.mb_s / R.native.lines.mb_s, 2);

// ---- size ----
{
  const wasm = readFileSync(join(ROOT, 'web', 'gen', 'zicha.wasm'));
  const glue = readFileSync(join(ROOT, 'web', 'gen', 'zicha.mjs'));
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  // section breakdown: code vs data (the data holds the embedded rule packs and tables)
  const sec = {};
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = wasm[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  while (i < wasm.length) {
    const id = wasm[i++];
    const n = leb();
    const name = { 10: 'code', 11: 'data' }[id] || 'other';
    const body = wasm.subarray(i, i + n);
    sec[name] = sec[name] || { raw: 0, gzip: 0 };
    sec[name].raw += n;
    sec[name].gzip += gz(body);
    i += n;
  }
  let packsRaw = 0, packsGz = 0;
  // (rules/licence.json is compiled into the licence module, not a pack of the core)
  for (const f of run('sh', ['-c', `ls ${ROOT}/rules/*.json`]).stdout.split('\n').filter((f) => f && !f.endsWith('/licence.json'))) {
    const b = readFileSync(f);
    packsRaw += b.length;
    packsGz += gz(b);
  }
  R.size = {
    wasm_raw: wasm.length, wasm_gzip: gz(wasm), glue_raw: glue.length, glue_gzip: gz(glue),
    total_gzip: gz(wasm) + gz(glue), sections: sec, rule_packs_json: { raw: packsRaw, gzip_each_file: packsGz },
  };
}

// ---- cost growth ----
log('cost growth (1k, 10k, 100k generated terms)');
R.growth = [];
for (const k of ['1k', '10k', '100k']) {
  const pack = join(B, `terms-${k}.json`);
  const nb = JSON.parse(run(NB, ['--no-builtin', '--pack', pack, '--text', corpus, '--lines', corpus, '--reps', '1']).stdout);
  const cli = timed([ZICHA, '--no-builtin', '--rules', pack, 'check', '--format', 'json', corpus], null, 1);
  const w = JSON.parse(run('node', [join(ROOT, 'bench', 'wasm.mjs'), '--dir', B, '--pack', pack, '--only', 'growth', '--quick']).stdout);
  R.growth.push({
    terms: k, patterns: nb.patterns, create_ms: nb.create_ms, matcher_bytes: nb.matcher_bytes,
    bytes_per_pattern: nb.matcher_bytes_per_pattern, native_whole_mb_s: nb.whole.mb_s, native_lines_mb_s: nb.lines.mb_s,
    native_whole_mb_s_cpu: nb.whole.mb_s_cpu, native_lines_mb_s_cpu: nb.lines.mb_s_cpu, wasm_lines_mb_s_cpu: w.lines.mb_s_cpu,
    native_cli_max_rss_kb: cli.rss_kb,
    wasm_create_ms: w.create_ms.median, wasm_lines_mb_s: w.lines.mb_s, wasm_memory_bytes: w.memory_bytes,
  });
}

// ---- time to first result (page) ----
if (E2E && existsSync(join(ROOT, 'tests', 'e2e', 'page.test.mjs'))) {
  log('time to first result (tests/e2e/page.test.mjs, headless chromium)');
  const r = run('node', [join(ROOT, 'tests', 'e2e', 'page.test.mjs')], { allowFail: true, timeout: 600000 });
  const first = /first visit \(empty text\): ([^\n]*)/.exec(r.stdout);
  const repeat = /repeat visit with a restored draft: median (\d+) ms \(min (\d+), max (\d+)\)/.exec(r.stdout);
  R.first_result = {
    source: 'tests/e2e/page.test.mjs',
    first_visit_ms: first ? first[1].split(',').map((x) => parseInt(x, 10)).filter((x) => !Number.isNaN(x)) : null,
    repeat_visit_median_ms: repeat ? +repeat[1] : null, repeat_visit_min_ms: repeat ? +repeat[2] : null, repeat_visit_max_ms: repeat ? +repeat[3] : null,
    test_exit: r.status,
  };
}
if (E2E && existsSync(join(ROOT, 'bench', 'first-result.mjs'))) {
  log('first result breakdown (bench/first-result.mjs, cold visits)');
  const r = run('node', [join(ROOT, 'bench', 'first-result.mjs'), QUICK ? '3' : '5'], { allowFail: true, timeout: 300000 });
  try {
    R.first_result_breakdown = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    R.first_result_breakdown = { error: (r.stderr || '').slice(0, 500) };
  }
}
R.machine.loadavg_at_end = os.loadavg().map((x) => round(x, 2));

// ---- targets ----
const T = [];
const tgt = (name, value, goal, ok, note = '') => T.push({ name, value, goal, met: ok, note });
// the same measure another way: printed under its target, not judged (`info: true`)
const also = (name, value) => T.push({ name, value, info: true });
if (R.native.whole_scratch) tgt('native throughput, whole corpus, reused scratch (zc_check_json)', `${R.native.whole_scratch.mb_s} MB/s wall, ${R.native.whole_scratch.mb_s_cpu} MB/s CPU`, '≥ 150 MB/s', R.native.whole_scratch.mb_s_cpu >= 150);
also('native, whole corpus, one-shot zc_check', `${R.native.whole.mb_s} MB/s wall, ${R.native.whole.mb_s_cpu} MB/s CPU`);
if (R.native.lines_scratch) also('native, one check per listing (scratch)', `${R.native.lines_scratch.mb_s} MB/s wall, ${R.native.lines_scratch.mb_s_cpu} MB/s CPU`);
also('native CLI check / batch, wall incl. start-up', `${R.native_cli.check.mb_s} / ${R.native_cli.batch.mb_s} MB/s`);
// the issue's throughput is MB/s on the ≥ 10 MB corpus: the whole text, for zicha and mint-filter alike; the
// per-listing ratio (one call per listing, where a call's fixed cost dominates) is reported next to it. Judged in
// CPU time like the other targets; the wall ratio is lower because V8 runs mint-filter's GC on another core.
if (R.wasm.peers?.mint_whole) tgt('wasm vs mint-filter throughput (10.5 MB corpus, same terms and text)', `${R.wasm.peers.ratio_zicha_mint_whole}× wall, ${R.wasm.peers.ratio_zicha_mint_whole_cpu}× CPU`, '≥ 10×', R.wasm.peers.ratio_zicha_mint_whole_cpu >= 10);
if (R.wasm.peers?.mint_whole) also('first (cold) runs', `${round(R.wasm.whole.first_mb_s / R.wasm.peers.mint_whole.first_mb_s, 2)}× wall, ${round(R.wasm.whole.first_mb_s_cpu / R.wasm.peers.mint_whole.first_mb_s_cpu, 2)}× CPU`);
if (R.wasm.peers?.mint) also('one call per listing', `${R.wasm.peers.ratio_zicha_mint}× wall, ${R.wasm.peers.ratio_zicha_mint_cpu}× CPU; page path ${R.wasm.peers.ratio_zicha_page_mint_cpu ?? 'n/a'}× CPU`);
tgt('wasm 5,000-char listing p99', `${R.wasm.latency['5000'].p99_ms} ms wall, ${R.wasm.latency['5000'].p99_ms_cpu} ms CPU`, '≤ 1 ms', R.wasm.latency['5000'].p99_ms_cpu <= 1);
tgt('core .wasm + glue, gzip', `${round(R.size.total_gzip / 1024)} KB`, '≤ 180,000 B with Node zlib (tests/wasm-modules.test.mjs: ≤ 175,000 B with GNU gzip -9; 150 KB before the claim grammar)', R.size.total_gzip <= 180000);
if (R.first_result?.first_visit_ms?.length) {
  const f = Math.max(...R.first_result.first_visit_ms);
  tgt('first result after navigation (headless chromium)', `${f} ms (worst first visit)`, '≤ 300 ms', f <= 300);
}
R.targets = T;
writeFileSync(join(B, 'results.json'), JSON.stringify(R, null, 2) + '\n');

// ---- table ----
const rows = [
  ['native CLI `check` 10.5 MB file (wall, incl. startup)', `${R.native_cli.check.mb_s} MB/s`, `max RSS ${round(R.native_cli.check.max_rss_kb / 1024)} MB`],
  ['native CLI `batch` JSONL', `${R.native_cli.batch.mb_s} MB/s`, `max RSS ${round(R.native_cli.batch.max_rss_kb / 1024)} MB`],
  ['native in process, whole text', `${R.native.whole.mb_s} MB/s (CPU ${R.native.whole.mb_s_cpu})`, `${R.native.whole.ms} ms`],
  ...(R.native.whole_scratch ? [['native whole text, zc_check_json + reused scratch', `${R.native.whole_scratch.mb_s} MB/s (CPU ${R.native.whole_scratch.mb_s_cpu})`, `${R.native.whole_scratch.ms} ms`]] : []),
  ['native in process, per listing', `${R.native.lines.mb_s} MB/s (CPU ${R.native.lines.mb_s_cpu})`, `${R.native.lines.listings} listings`],
  ...(R.native.lines_scratch ? [['native per listing, zc_check_json + reused scratch', `${R.native.lines_scratch.mb_s} MB/s (CPU ${R.native.lines_scratch.mb_s_cpu})`, 'the batch and wasm path']] : []),
  ['wasm (Node), whole text', `${R.wasm.whole.mb_s} MB/s (CPU ${R.wasm.whole.mb_s_cpu})`, ''],
  ['wasm (Node), per listing', `${R.wasm.lines.mb_s} MB/s (CPU ${R.wasm.lines.mb_s_cpu})`, `${R.wasm.ratio_to_native_lines}× native`],
  ...(R.wasm.lines_page ? [['wasm (Node), per listing, page path (engine.js check: string → parsed report)', `${R.wasm.lines_page.mb_s} MB/s (CPU ${R.wasm.lines_page.mb_s_cpu})`, `zicha/mint ${R.wasm.peers?.ratio_zicha_page_mint}× (CPU ${R.wasm.peers?.ratio_zicha_page_mint_cpu}×)`]] : []),
  ['mint-filter ' + (R.wasm.peers?.mint_version || ''), R.wasm.peers?.mint ? `${R.wasm.peers.mint.mb_s} MB/s (CPU ${R.wasm.peers.mint.mb_s_cpu})` : 'n/a', R.wasm.peers?.mint ? `zicha/mint ${R.wasm.peers.ratio_zicha_mint}× (CPU ${R.wasm.peers.ratio_zicha_mint_cpu}×)` : ''],
  ['mint-filter, whole text as one string', R.wasm.peers?.mint_whole ? `${R.wasm.peers.mint_whole.mb_s} MB/s (CPU ${R.wasm.peers.mint_whole.mb_s_cpu})` : 'n/a', R.wasm.peers?.mint_whole ? `zicha/mint whole text ${R.wasm.peers.ratio_zicha_mint_whole}× (CPU ${R.wasm.peers.ratio_zicha_mint_whole_cpu}×)` : ''],
  ['indexOf loop', `${R.wasm.peers?.indexof.mb_s} MB/s (CPU ${R.wasm.peers?.indexof.mb_s_cpu})`, `zicha/indexOf ${R.wasm.peers?.ratio_zicha_indexof}× (CPU ${R.wasm.peers?.ratio_zicha_indexof_cpu}×; ${round(R.wasm.peers?.indexof.bytes / 1e6)} MB measured)`],
  ['latency 500 chars (wasm)', `p50 ${R.wasm.latency['500'].p50_ms} ms (CPU ${R.wasm.latency['500'].p50_ms_cpu})`, `p99 ${R.wasm.latency['500'].p99_ms} ms (CPU ${R.wasm.latency['500'].p99_ms_cpu})`],
  ['latency 5,000 chars (wasm)', `p50 ${R.wasm.latency['5000'].p50_ms} ms (CPU ${R.wasm.latency['5000'].p50_ms_cpu})`, `p99 ${R.wasm.latency['5000'].p99_ms} ms (CPU ${R.wasm.latency['5000'].p99_ms_cpu})`],
  ['latency 500 / 5,000 chars (native)', `p50 ${R.native.latency['listing-500.txt'].p50_ms} / ${R.native.latency['listing-5000.txt'].p50_ms} ms`, `p99 ${R.native.latency['listing-500.txt'].p99_ms} / ${R.native.latency['listing-5000.txt'].p99_ms} ms (CPU ${R.native.latency['listing-500.txt'].p99_ms_cpu} / ${R.native.latency['listing-5000.txt'].p99_ms_cpu})`],
  ['engine creation', `native ${round(R.native.create_ms)} ms`, `wasm ${R.wasm.create_ms.median} ms (instantiate + init)`],
  ['memory', `native RSS ${round(R.native_cli.startup_rss_kb / 1024)} MB idle`, `wasm heap ${round(R.wasm.memory_bytes / 2 ** 20)} MB after the runs`],
  ['automaton', `${R.native.patterns} patterns`, `${round(R.native.matcher_bytes / 1024)} KB, ${R.native.matcher_bytes_per_pattern} B/pattern`],
  ['size', `wasm ${round(R.size.wasm_raw / 1024)} KB raw, glue ${round(R.size.glue_raw / 1024)} KB`, `gzip ${round(R.size.total_gzip / 1024)} KB (code ${round(R.size.sections.code.gzip / 1024)}, data ${round(R.size.sections.data.gzip / 1024)})`],
];
for (const g of R.growth)
  rows.push([`growth ${g.terms} generated terms (CPU time)`, `native ${g.native_whole_mb_s_cpu} / ${g.native_lines_mb_s_cpu} MB/s, wasm(+built-in) ${g.wasm_lines_mb_s_cpu} MB/s`, `create ${round(g.create_ms)} ms, ${g.bytes_per_pattern} B/pattern, RSS ${round(g.native_cli_max_rss_kb / 1024)} MB`]);
if (R.first_result) rows.push(['first result (chromium, e2e test)', `first visit ${R.first_result.first_visit_ms?.join(', ')} ms`, `repeat visit median ${R.first_result.repeat_visit_median_ms} ms`]);
const fb = R.first_result_breakdown?.median;
if (fb) rows.push(['first result, cold visit medians', `DOMContentLoaded ${(fb.dom_content_loaded_ms ?? fb.dom_content_loaded)} ms`, `engine ready ${(fb.engine_ready_ms ?? fb.engine_ready)} ms, first result ${(fb.first_result_ms ?? fb.first_result)} ms`]);
const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`zicha bench — ${R.machine.cpu}, ${R.machine.cores} cores, ${R.machine.os}, Node ${R.machine.node}; corpus ${round(corpusBytes / 1e6, 2)} MB, ${R.corpus.listings} listings`);
for (const r of rows) console.log(`  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`);
console.log('targets (judged on CPU time where given: the machine is shared, see the load average):');
for (const t of T) console.log(t.info ? `           also: ${t.name}: ${t.value}` : `  ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.value} (goal ${t.goal})`);
console.log(`load average ${R.machine.loadavg_at_start.join(' ')} → ${R.machine.loadavg_at_end.join(' ')}; results: build/bench/results.json`);
