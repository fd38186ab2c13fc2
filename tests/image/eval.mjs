#!/usr/bin/env node
// Accuracy of the product image check (web/image-check.js) on generated images (tests/image/gen.mjs).
//
//   node tests/image/eval.mjs [--seeds 1,2,3] [--count 60] [--out build/image-eval] [--only ID,…] [--verbose]
//
// For each seed the cases are generated into OUT/seed<N>/ when missing (seed 1 is the tuning set; seed 2 was
// held out until its misses were read and the line joining was tuned on them; seed 3 is held out: generated once
// that work was done and not looked at while tuning), then every image goes through the
// same pipeline as `node web/cli.mjs image` (one OCR engine for all). Per seed it prints:
//   planted   images with planted claims where every claim is found: a finding of the claim's family (its own
//             or folded in `also`) with a box overlapping the claim's rendered rectangle (intersection ≥ 50 % of
//             the smaller of the two); also counted per claim
//   clean     images with only ordinary selling points and no error or warning finding
//   false     false alarms: error/warning findings on any image that are neither over a planted claim nor in the
//             true text's own findings (a misread that the engine flags)
// broken down by kind (poster, long), font, background and effect, with the OCR time per image.
// Exit 1 when a target (≥ 90 % planted, ≥ 90 % clean, per seed) is missed.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImageNode, createPaddleOcrNode } from '../../web/licence-node.mjs';
import { analyseImage } from '../../web/image-check.js';
import { loadEngine } from '../../web/engine.js';
import { generate } from './gen.mjs';
import { overlapsRect } from './score.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const seeds = opt('--seeds', '1,2,3').split(',').map(Number);
const count = Number(opt('--count', 60));
const outBase = opt('--out', join(ROOT, 'build', 'image-eval'));
const only = opt('--only', null)?.split(',');
const verbose = args.includes('--verbose');
const TARGET = 0.9;

const overlaps = overlapsRect;
const serious = (f) => f.severity === 'error' || f.severity === 'warning';
const families = (f) => [f.family, ...(f.also || []).map((a) => a.family)];

function score(c, rep) {
  const res = { claims: [], extra: [], serious: rep.findings.filter(serious) };
  for (const p of c.planted) {
    const hit = rep.findings.find((f) => families(f).includes(p.family) && f.boxes.some((b) => p.rects.some((r) => overlaps(b, r))));
    res.claims.push({ ...p, found: !!hit, got: hit ? hit.match : null });
  }
  // a false alarm: an error/warning away from every planted claim that the true text does not have either (the
  // rule examples often carry a second flagged phrase: that one is right, not an OCR artefact)
  const truth = new Set(c.truth_findings || []);
  res.extra = res.serious.filter((f) => !c.planted.some((p) => f.boxes.some((b) => p.rects.some((r) => overlaps(b, r)))) && !truth.has(`${f.family}:${f.match}`));
  res.ok = c.clean ? res.serious.length === 0 : res.claims.every((x) => x.found);
  return res;
}

const pct = (a, n) => (n ? `${((100 * a) / n).toFixed(1)} %` : '—');
function table(title, rows) {
  const w0 = Math.max(title.length, ...rows.map((r) => r[0].length));
  const head = `${title.padEnd(w0)}  planted ok        claims found      clean ok          false  ocr s (mean/max)`;
  console.log(head);
  for (const r of rows) console.log(`${r[0].padEnd(w0)}  ${r.slice(1).map((x, i) => (i < 3 ? x.padEnd(18) : x.padEnd(7))).join('')}`);
}
function summarise(results, key) {
  const groups = new Map();
  for (const r of results) for (const k of [].concat(key(r))) { if (!groups.has(k)) groups.set(k, []); groups.get(k).push(r); }
  return [...groups.entries()].sort().map(([k, rs]) => {
    const pl = rs.filter((r) => !r.c.clean), cl = rs.filter((r) => r.c.clean);
    const claims = pl.flatMap((r) => r.s.claims);
    const t = rs.map((r) => r.ms / 1000);
    return [k, `${pl.filter((r) => r.s.ok).length}/${pl.length} ${pct(pl.filter((r) => r.s.ok).length, pl.length)}`,
      `${claims.filter((x) => x.found).length}/${claims.length} ${pct(claims.filter((x) => x.found).length, claims.length)}`,
      `${cl.filter((r) => r.s.ok).length}/${cl.length} ${pct(cl.filter((r) => r.s.ok).length, cl.length)}`,
      String(rs.reduce((a, r) => a + r.s.extra.length, 0)),
      `${(t.reduce((a, b) => a + b, 0) / t.length).toFixed(1)}/${Math.max(...t).toFixed(1)}`];
  });
}

const engine = await loadEngine({ wasmBinary: readFileSync(join(ROOT, 'web', 'gen', 'zicha.wasm')) });
const ocr = await createPaddleOcrNode(ROOT);
let failed = 0;
const all = {};
for (const seed of seeds) {
  const dir = join(outBase, `seed${seed}`);
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => /^img.*\.json$/.test(f)).length : 0;
  if (have < count) {
    console.log(`# generating ${count} cases, seed ${seed}, into ${dir}`);
    // only the cases not there yet (an interrupted generation resumes)
    await generate({ out: dir, seed, count, filter: (p) => !existsSync(join(dir, `${p.id}.json`)) });
  }
  const cases = readdirSync(dir).filter((f) => /^img.*\.json$/.test(f)).sort().slice(0, count)
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))).filter((c) => !only || only.includes(c.id));
  const results = [];
  for (const c of cases) {
    const img = await decodeImageNode(new Uint8Array(readFileSync(join(dir, c.file))));
    const t0 = Date.now();
    const rep = await analyseImage(img, { ocr, engine, category: c.category, mode: 'listing' });
    const ms = Date.now() - t0;
    const s = score(c, rep);
    results.push({ c, s, ms });
    if (verbose || !s.ok) {
      const what = c.clean ? `clean: ${s.serious.map((f) => `${f.family}「${f.match}」`).join(' ') || 'ok'}`
        : s.claims.map((x) => `${x.found ? 'found' : 'MISSED'} ${x.family}「${x.match}」`).join('; ');
      console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${c.id} ${c.kind} ${c.width}×${c.height} ${c.font} ${c.background}${c.jpeg ? ` q${c.jpeg}` : ''} ${(ms / 1000).toFixed(1)} s  ${what}${s.extra.length ? `  false alarms: ${s.extra.map((f) => f.match).join(',')}` : ''}`);
      if (!s.ok && verbose) console.log(`       text: ${JSON.stringify(rep.text)}`);
    }
  }
  all[seed] = results;
  console.log(`\n== seed ${seed}${seed === 1 ? ' (tuning set)' : seed === 2 ? ' (tuned on: its misses were read)' : ' (held out)'}: ${results.length} images, ${dir}`);
  table('all', summarise(results, () => 'all'));
  table('kind', summarise(results, (r) => r.c.kind));
  table('font', summarise(results, (r) => r.c.font));
  table('background', summarise(results, (r) => r.c.background));
  table('effect', summarise(results, (r) => [...Object.entries(r.c.effects).filter(([, v]) => v).map(([k]) => k), r.c.jpeg ? 'jpeg' : 'png']));
  const pl = results.filter((r) => !r.c.clean), cl = results.filter((r) => r.c.clean);
  const pr = pl.filter((r) => r.s.ok).length / Math.max(1, pl.length), cr = cl.filter((r) => r.s.ok).length / Math.max(1, cl.length);
  console.log(`targets (≥ 90 %): planted ${pct(pr * pl.length, pl.length)} ${pr >= TARGET ? 'met' : 'MISSED'}, clean ${pct(cr * cl.length, cl.length)} ${cr >= TARGET ? 'met' : 'MISSED'}\n`);
  if (pr < TARGET || cr < TARGET) failed++;
}
await ocr.terminate();
writeFileSync(join(outBase, `results-${seeds.join('-')}.json`), JSON.stringify(Object.fromEntries(Object.entries(all).map(([k, rs]) => [k, rs.map((r) => ({ id: r.c.id, ok: r.s.ok, ms: r.ms, claims: r.s.claims.map((x) => ({ match: x.match, found: x.found, got: x.got })), extra: r.s.extra.map((f) => f.match) }))]))));
process.exitCode = failed ? 1 : 0;
