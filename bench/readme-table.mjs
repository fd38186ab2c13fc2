#!/usr/bin/env node
// Prints the Markdown table of bench/README-performance.md from build/bench/results.json (`make bench`).
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const R = JSON.parse(readFileSync(process.argv[2] || join(ROOT, 'build', 'bench', 'results.json'), 'utf8'));
const r1 = (x) => (x == null ? 'n/a' : Math.round(x * 10) / 10);
const r2 = (x) => (x == null ? 'n/a' : Math.round(x * 100) / 100);
const kb = (b) => `${r1(b / 1024)} KB`;
const w = R.wasm, n = R.native, p = w.peers || {};
// Throughput rows: the median of 3 timed runs after an untimed warm-up run (bench/wasm.mjs, native-bench best of reps).
const rows = [
  ['Native, whole 10.5 MB text in one check (in process)', `${r1(n.whole.mb_s_cpu)} MB/s`, `${r1(n.whole.mb_s)} MB/s`],
  ...(n.whole_scratch ? [['Native, whole text with `zc_check_json` and a reused scratch (a service or batch job checking text after text)', `${r1(n.whole_scratch.mb_s_cpu)} MB/s`, `${r1(n.whole_scratch.mb_s)} MB/s`]] : []),
  ['Native, one check per listing (in process)', `${r1(n.lines.mb_s_cpu)} MB/s`, `${r1(n.lines.mb_s)} MB/s`],
  ...(n.lines_scratch ? [['Native, one check per listing with `zc_check_json` and one reused scratch (the batch and wasm path)', `${r1(n.lines_scratch.mb_s_cpu)} MB/s`, `${r1(n.lines_scratch.mb_s)} MB/s`]] : []),
  ['Native CLI `zicha check` 10.5 MB file / `zicha batch` JSONL', '', `${r1(R.native_cli.check.mb_s)} / ${r1(R.native_cli.batch.mb_s)} MB/s`],
  ['WebAssembly (Node), whole text (first, cold run: the wasm memory grows to size)', `${r1(w.whole.mb_s_cpu)} MB/s (first ${r1(w.whole.first_mb_s_cpu)})`, `${r1(w.whole.mb_s)} MB/s (first ${r1(w.whole.first_mb_s)})`],
  ['WebAssembly (Node), one check per listing', `${r1(w.lines.mb_s_cpu)} MB/s`, `${r1(w.lines.mb_s)} MB/s`],
  ...(w.lines_page ? [['WebAssembly (Node), per listing as the page does it (web/engine.js `check`: string in, parsed report out)', `${r1(w.lines_page.mb_s_cpu)} MB/s`, `${r1(w.lines_page.mb_s)} MB/s`]] : []),
  [`mint-filter ${p.mint_version || ''} (same terms, same listings, same process)`, `${r1(p.mint?.mb_s_cpu)} MB/s`, `${r1(p.mint?.mb_s)} MB/s`],
  [`mint-filter, the whole text as one string (first run)`, `${r1(p.mint_whole?.mb_s_cpu)} MB/s (first ${r1(p.mint_whole?.first_mb_s_cpu)})`, `${r1(p.mint_whole?.mb_s)} MB/s (first ${r1(p.mint_whole?.first_mb_s)})`],
  ['plain `indexOf` loop over the same terms', `${r2(p.indexof?.mb_s_cpu)} MB/s`, `${r2(p.indexof?.mb_s)} MB/s`],
  ...(p.ratio_zicha_page_mint_cpu ? [['zicha (wasm, page path) / mint-filter per listing', `${r2(p.ratio_zicha_page_mint_cpu)}×`, `${r2(p.ratio_zicha_page_mint)}×`]] : []),
  ['zicha (wasm) / mint-filter per listing; whole text; zicha / indexOf', `${r2(p.ratio_zicha_mint_cpu)}× ; ${r2(p.ratio_zicha_mint_whole_cpu)}× ; ${r1(p.ratio_zicha_indexof_cpu)}×`, `${r2(p.ratio_zicha_mint)}× ; ${r2(p.ratio_zicha_mint_whole)}× ; ${r1(p.ratio_zicha_indexof)}×`],
  ['Latency, 500-character listing, wasm: p50 / p99', `${r2(w.latency['500'].p50_ms_cpu)} / ${r2(w.latency['500'].p99_ms_cpu)} ms`, `${r2(w.latency['500'].p50_ms)} / ${r2(w.latency['500'].p99_ms)} ms`],
  ['Latency, 5,000-character listing, wasm: p50 / p99', `${r2(w.latency['5000'].p50_ms_cpu)} / ${r2(w.latency['5000'].p99_ms_cpu)} ms`, `${r2(w.latency['5000'].p50_ms)} / ${r2(w.latency['5000'].p99_ms)} ms`],
  ['Latency, 500 / 5,000 characters, native: p99', `${r2(n.latency['listing-500.txt'].p99_ms_cpu)} / ${r2(n.latency['listing-5000.txt'].p99_ms_cpu)} ms`, `${r2(n.latency['listing-500.txt'].p99_ms)} / ${r2(n.latency['listing-5000.txt'].p99_ms)} ms`],
  ['Engine creation, built-in rules (native / wasm incl. instantiation)', `${r1(n.create_ms_cpu)} / ${r1(w.create_ms.median_cpu)} ms`, `${r1(n.create_ms)} / ${r1(w.create_ms.median)} ms`],
  ['Peak memory: native `check` 10.5 MB (max RSS) / wasm heap after the runs', '', `${r1(R.native_cli.check.max_rss_kb / 1024)} MB / ${r1(w.memory_bytes / 2 ** 20)} MB`],
  [`Automaton: ${n.patterns} patterns of ${n.rules} rules`, '', `${kb(n.matcher_bytes)}, ${n.matcher_bytes_per_pattern} B/pattern`],
  ['Size: zicha.wasm + zicha.mjs raw / gzip -9', '', `${kb(R.size.wasm_raw + R.size.glue_raw)} / ${kb(R.size.total_gzip)} (code ${kb(R.size.sections.code.gzip)}, data ${kb(R.size.sections.data.gzip)})`],
];
for (const g of R.growth)
  rows.push([`Growth: ${g.terms} generated terms only (native whole / per listing; wasm per listing with the built-in rules too)`, `${r1(g.native_whole_mb_s_cpu)} / ${r1(g.native_lines_mb_s_cpu)}; ${r1(g.wasm_lines_mb_s_cpu)} MB/s`, `create ${r1(g.create_ms)} ms, ${g.bytes_per_pattern} B/pattern, RSS ${r1(g.native_cli_max_rss_kb / 1024)} MB`]);
if (R.first_result?.first_visit_ms) rows.push(['First result after navigation, headless Chromium (tests/e2e/page.test.mjs): first visits; repeat median', '', `${R.first_result.first_visit_ms.join(', ')} ms; ${R.first_result.repeat_visit_median_ms} ms`]);
const fb = R.first_result_breakdown?.median;
if (fb) rows.push(['Cold visit medians (bench/first-result.mjs): DOMContentLoaded → engine ready → first result', '', `${(fb.dom_content_loaded_ms ?? fb.dom_content_loaded)} → ${(fb.engine_ready_ms ?? fb.engine_ready)} → ${(fb.first_result_ms ?? fb.first_result)} ms`]);
console.log('| measure | CPU time | wall time / value |');
console.log('|---|---|---|');
for (const r of rows) console.log(`| ${r[0]} | ${r[1]} | ${r[2]} |`);
console.log(`\nMachine: ${R.machine.cpu}, ${R.machine.cores} cores, ${R.machine.mem_gb} GB, ${R.machine.os}, Node ${R.machine.node}; load average ${R.machine.loadavg_at_start.join(' ')} at the start (a shared machine). Corpus: ${r2(R.corpus.bytes / 1e6)} MB, ${R.corpus.listings} listings. ${R.date}.`);
