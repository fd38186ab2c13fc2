#!/usr/bin/env node
// Accuracy runner for the licence image check (make licence-eval).
//
//   node tests/licence/eval.mjs [--engine paddle|tesseract] [--cases DIR] [--count N] [--only id,id]
//        [--from N --to M] [--regen] [--verbose] [--json OUT] [--no-alt] [--set upload --seeds 1,2]
//
// Generates the cases (tests/licence/gen.mjs) when DIR has none, runs the same pipeline as
// `node web/cli.mjs licence` (web/licence.js: quirc in our wasm, OCR, C extraction) on every image and
// prints: USCC exact-read rate, name exact rate, planted-problem detection by family, false licence findings on
// clean valid cases, time per image. Exit 1 when a target is missed (USCC ≥ 95 %, name ≥ 90 %, planted ≥ 95 %,
// no false findings on clean valid cases). --engine: paddle (default; the page's and the CLI's engine: PaddleOCR
// PP-OCRv4 from web/gen/paddle/, make paddle-assets) or tesseract (tesseract.js, kept for comparison). --no-alt
// (tesseract only): without the second OCR model for the name line (build/tesseract/lang-std, built by
// `make ocr-assets`; it is used whenever it exists). --from/--to: only cases whose number is in that range.
// --set upload: the licences as merchants upload them (gen.mjs --set upload: watermark, perspective, rotated,
// low resolution, shadow, seal), one directory per seed (build/licence-upload-N, 42 cases each by default),
// a table per seed by condition (summariseUpload); seed 1 is the tuning set, seed 2 the held-out one.
// Results and method: tests/licence/RESULTS.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen.mjs';
import { analyseLicence } from '../../web/licence.js';
import { decodeImageNode, createPaddleOcrNode, loadWasmNode } from '../../web/licence-node.mjs';
import { createOcr, altLangPathNode } from './tesseract.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

function norm(s) {
  // compare as printed: ignore spacing and full/half-width bracket forms
  return (s || '').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/〈/g, '(');
}

export async function evaluate({ dir, engine = 'paddle', only = null, from = 1, to = 1e9, verbose = false, log = console.log, psm, reread, alt = true } = {}) {
  const num = (id) => +id.replace(/\D/g, '');
  const cases = readdirSync(dir).filter((f) => /^lic\d+\.json$/.test(f)).sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((c) => (!only || only.includes(c.id)) && num(c.id) >= from && num(c.id) <= to);
  const wasm = await loadWasmNode([join(ROOT, 'web', 'gen', 'zicha-licence.mjs'), join(ROOT, 'build', 'licence-wasm', 'licence.mjs')]);
  const t0 = performance.now();
  let ocr;
  if (engine === 'paddle') ocr = await createPaddleOcrNode(ROOT);
  else if (engine === 'tesseract') {
    ocr = await createOcr({ psm, langPath: join(ROOT, 'node_modules', '@tesseract.js-data', 'chi_sim', '4.0.0_best_int'),
      altLangPath: alt ? await altLangPathNode(ROOT) : undefined });
  } else throw new Error(`eval.mjs: unknown engine '${engine}' (paddle or tesseract)`);
  const setupMs = performance.now() - t0;
  const rows = [];
  try {
    for (const c of cases) {
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const img = await decodeImageNode(new Uint8Array(readFileSync(join(dir, c.file))));
      const listing = c.listing ?? null;
      const r = await analyseLicence(img, { wasm, ocr, listing, category: c.category || '', today: c.today, reread });
      const ms = performance.now() - t;
      const cu = process.cpuUsage(cpu0);
      const cpuMs = (cu.user + cu.system) / 1000;
      const fams = [...new Set(r.findings.map((f) => f.family))];
      const row = {
        id: c.id, degraded: c.degraded, problem: c.problem, planted: c.planted, ms, cpuMs,
        uscc_ok: r.fields.uscc === c.fields.uscc, name_ok: norm(r.fields.name) === norm(c.fields.name),
        got_uscc: r.fields.uscc, got_name: r.fields.name, families: fams, qr: r.qr, rotation: r.ocr.rotation,
        confidence: r.ocr.confidence, condition: c.condition || null,
      };
      row.detected = c.planted.every((f) => fams.includes(f));
      row.extra = fams.filter((f) => !c.planted.includes(f));
      rows.push(row);
      if (verbose) {
        log(`${c.id} ${c.condition ? c.condition.padEnd(11) : c.degraded ? 'photo' : 'scan '} ${c.problem.padEnd(13)} ${(ms / 1000).toFixed(2)}s uscc:${row.uscc_ok ? 'ok' : 'BAD ' + row.got_uscc} name:${row.name_ok ? 'ok' : 'BAD ' + row.got_name} qr:${r.qr ? 'y' : 'n'} rot:${row.rotation} conf:${row.confidence} pass:${r.ocr.pass ?? 1} findings:[${fams.join(',')}]${row.detected ? '' : ' MISSED'}`);
        if (verbose === 'text') log(r.ocr.text);
      }
    }
  } finally {
    await ocr.terminate();
  }
  return { rows, setupMs, engine };
}

export function summarise({ rows, setupMs, engine }, log = console.log) {
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : 'n/a');
  const sub = (f) => rows.filter(f);
  const line = (label, set, key) => `${label.padEnd(34)} ${String(set.filter((r) => r[key]).length).padStart(3)}/${String(set.length).padEnd(3)} ${pct(set.filter((r) => r[key]).length, set.length).padStart(6)} %`;
  const scans = sub((r) => !r.degraded), photos = sub((r) => r.degraded);
  log(`licence image check — accuracy${engine ? ` (OCR engine: ${engine})` : ''}`);
  log(line('USCC exact (all)', rows, 'uscc_ok'));
  log(line('  clean scans', scans, 'uscc_ok'));
  log(line('  degraded photos', photos, 'uscc_ok'));
  log(line('name exact (all)', rows, 'name_ok'));
  log(line('  clean scans', scans, 'name_ok'));
  log(line('  degraded photos', photos, 'name_ok'));
  const planted = sub((r) => r.planted.length);
  log(line('planted problems detected (all)', planted, 'detected'));
  const fams = [...new Set(planted.flatMap((r) => r.planted))].sort();
  for (const f of fams) log(line(`  ${f}`, planted.filter((r) => r.planted.includes(f)), 'detected'));
  const cleanValid = sub((r) => !r.planted.length && !r.degraded);
  const photoValid = sub((r) => !r.planted.length && r.degraded);
  const falseOn = (set) => set.filter((r) => r.extra.length);
  log(`false findings on clean valid scans  ${falseOn(cleanValid).length} of ${cleanValid.length}${falseOn(cleanValid).length ? ' (' + falseOn(cleanValid).map((r) => `${r.id}:${r.extra.join('+')}`).join(', ') + ')' : ''}`);
  log(`false findings on valid photos       ${falseOn(photoValid).length} of ${photoValid.length}${falseOn(photoValid).length ? ' (' + falseOn(photoValid).map((r) => `${r.id}:${r.extra.join('+')}`).join(', ') + ')' : ''}`);
  const extraPlanted = planted.filter((r) => r.extra.length);
  log(`extra families on planted cases      ${extraPlanted.length} of ${planted.length}${extraPlanted.length ? ' (' + extraPlanted.map((r) => `${r.id}:${r.extra.join('+')}`).join(', ') + ')' : ''}`);
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
  const cpu = rows.map((r) => r.cpuMs || 0).sort((a, b) => a - b);
  log(`CPU time per image (all threads of the Node process; robust to other load on the machine): mean ${(mean(cpu) / 1000).toFixed(2)} s, median ${(cpu[Math.floor(cpu.length / 2)] / 1000).toFixed(2)} s, max ${(cpu[cpu.length - 1] / 1000).toFixed(2)} s`);
  log(`time per image (Node): mean ${(mean(ms) / 1000).toFixed(2)} s, median ${(ms[Math.floor(ms.length / 2)] / 1000).toFixed(2)} s, max ${(ms[ms.length - 1] / 1000).toFixed(2)} s; scans ${(mean(scans.map((r) => r.ms)) / 1000).toFixed(2)} s, photos ${(mean(photos.map((r) => r.ms)) / 1000).toFixed(2)} s; OCR setup ${(setupMs / 1000).toFixed(2)} s`);
  const ok = rows.filter((r) => r.uscc_ok).length >= 0.95 * rows.length && rows.filter((r) => r.name_ok).length >= 0.9 * rows.length &&
    planted.filter((r) => r.detected).length >= 0.95 * planted.length && falseOn(cleanValid).length === 0;
  log(ok ? 'targets met' : 'TARGETS MISSED');
  return ok;
}

// Upload sets (gen.mjs --set upload): one row per condition and overall. "problem/clean ok": a planted problem
// found with its family, or, on a case without one, no licence finding at all. Targets: USCC ≥ 95 %, name ≥ 90 %,
// problem/clean ok ≥ 90 %.
export function summariseUpload({ rows, engine }, log = console.log) {
  const ok = (r) => (r.planted.length ? r.detected : !r.extra.length);
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)} %` : 'n/a');
  const cell = (set, f) => `${set.filter(f).length}/${set.length} ${pct(set.filter(f).length, set.length)}`.padEnd(16);
  const conds = [...new Set(rows.map((r) => r.condition || 'base'))];
  log(`licence uploads — accuracy by condition${engine ? ` (OCR engine: ${engine})` : ''}`);
  log(`${'condition'.padEnd(12)} ${'USCC exact'.padEnd(16)} ${'name exact'.padEnd(16)} ${'problem/clean ok'.padEnd(16)} misses`);
  for (const k of [...conds, 'all']) {
    const set = k === 'all' ? rows : rows.filter((r) => (r.condition || 'base') === k);
    const miss = set.filter((r) => !r.uscc_ok || !r.name_ok || !ok(r)).map((r) => `${r.id}:${[!r.uscc_ok && 'uscc', !r.name_ok && 'name', !ok(r) && (r.planted.length ? 'missed' : r.extra.join('+'))].filter(Boolean).join(',')}`);
    log(`${k.padEnd(12)} ${cell(set, (r) => r.uscc_ok)} ${cell(set, (r) => r.name_ok)} ${cell(set, ok)} ${k === 'all' ? '' : miss.join(' ')}`);
  }
  const n = rows.length;
  const met = rows.filter((r) => r.uscc_ok).length >= 0.95 * n && rows.filter((r) => r.name_ok).length >= 0.9 * n && rows.filter(ok).length >= 0.9 * n;
  log(met ? 'targets met (USCC ≥ 95 %, name ≥ 90 %, problem/clean ≥ 90 %)' : 'TARGETS MISSED (USCC ≥ 95 %, name ≥ 90 %, problem/clean ≥ 90 %)');
  return met;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let dir = join(ROOT, 'build', 'licence-cases'), count = 36, only = null, regen = false, verbose = false, jsonOut = null, psm, reread, alt = true;
  let engine = 'paddle', from = 1, to = 1e9, set = 'base', seeds = null, countGiven = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--cases') dir = args[++i];
    else if (args[i] === '--count') { count = +args[++i]; countGiven = true; }
    else if (args[i] === '--only') only = args[++i].split(',');
    else if (args[i] === '--regen') regen = true;
    else if (args[i] === '--verbose') verbose = true;
    else if (args[i] === '--text') verbose = 'text';
    else if (args[i] === '--json') jsonOut = args[++i];
    else if (args[i] === '--psm') psm = args[++i];
    else if (args[i] === '--no-reread') reread = false;
    else if (args[i] === '--no-alt') alt = false;
    else if (args[i] === '--engine') engine = args[++i];
    else if (args[i] === '--from') from = +args[++i];
    else if (args[i] === '--to') to = +args[++i];
    else if (args[i] === '--set') set = args[++i];
    else if (args[i] === '--seeds') seeds = args[++i].split(',').map(Number);
    else { console.error(`eval.mjs: unknown argument ${args[i]}`); process.exit(2); }
  }
  if (!['paddle', 'tesseract'].includes(engine)) { console.error(`eval.mjs: unknown engine '${engine}' (paddle or tesseract)`); process.exit(2); }
  if (set === 'upload') {
    // one directory per seed (build/licence-upload-N unless --cases names one directory for a single seed)
    seeds ??= [1];
    if (!countGiven) count = 42;
    let met = true;
    const all = [];
    for (const seed of seeds) {
      const d = seeds.length === 1 && args.includes('--cases') ? dir : join(ROOT, 'build', `licence-upload-${seed}`);
      const n = existsSync(d) ? readdirSync(d).filter((f) => /^lic\d+\.json$/.test(f)).length : 0;
      if (regen || n < count) {
        const t = performance.now();
        await generate({ out: d, count, set, seed });
        console.log(`generated ${count} upload cases (seed ${seed}) in ${d} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      }
      const res = await evaluate({ dir: d, engine, only, from, to: Math.min(to, count), verbose, psm, reread, alt });
      res.rows.forEach((r) => { r.seed = seed; });
      all.push(...res.rows);
      console.log(`\nseed ${seed}${seed === 1 ? ' (tuning set)' : ' (held out)'}:`);
      met = summariseUpload(res) && met;
      console.log('');
    }
    if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows: all }, null, 1));
    process.exit(met ? 0 : 1);
  }
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => /^lic\d+\.json$/.test(f)).length : 0;
  if (regen || have < count) {
    const t = performance.now();
    await generate({ out: dir, count });
    console.log(`generated ${count} cases in ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  const res = await evaluate({ dir, engine, only, from, to, verbose, psm, reread, alt });
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(res, null, 1));
  process.exitCode = summarise(res) ? 0 : 1;
}
