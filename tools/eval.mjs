#!/usr/bin/env node
// zicha corpus evaluation: runs every labelled text in tests/corpus/*.jsonl through the native CLI
// (`zicha batch`, streaming JSONL) and prints per-family and overall TP/FP/FN, recall, precision, the
// false-positive rate on clean texts, and the list of misses and false alarms. Writes the same table as
// JSON (default build/eval.json).
//
// Counting rules:
//   - a text is a true positive for family F when it expects F and some finding of family F appears
//     (any severity); it is a false negative when it expects F and no finding of F appears;
//   - a text is a false positive for family F when it does not expect F and an error/warning finding of
//     F appears (info findings are advice and never count as false alarms);
//   - a clean text (expected = []) is a false alarm when it gets any error/warning finding;
//     clean FP rate = false-alarm clean texts / clean texts.
//   - overall recall/precision are micro-averaged over (text, family) pairs.
//
// Exit status: 0 whenever the measurement ran (eval is a measurement, not a gate; the targets are
// printed, not enforced); 2 when it could not run (no corpus, binary missing or not startable, bad
// arguments).
//
// Usage: node tools/eval.mjs [--bin build/zicha] [--corpus tests/corpus] [--json build/eval.json]
//                            [--rules FILE]... [--family F] [--max-list N] [--quiet]
//   --family F   only the texts that expect F, plus the clean texts
//   --all        also run every held-out set in the corpus directory's subdirectories and print all side by side
//   A set still held out (a holdout* directory whose README does not say "development data") is measured without
//   its listing of misses and false alarms and without the rules behind them: reading them is tuning on it.
//   --show-held-out  print them anyway (once the round that measures it is closed)
//        node tools/eval.mjs --check      validate the corpus files only (no binary needed, only
//                                          web/gen/registry.js, which `make` writes); exit 1 on problems

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';

// The listing families, the categories and the family groups come from the registry
// (rules/registry/vocabulary.json; `make` generates web/gen/registry.js).
import { LISTING_FAMILIES as FAMILIES, CATEGORY_NAMES as CATEGORIES, FAMILY_GROUP } from '../web/gen/registry.js';

const TARGET_RECALL = 0.92;
const TARGET_CLEAN_FP = 0.01;

function usage(msg) {
  if (msg) process.stderr.write(`eval: ${msg}\n`);
  process.stderr.write('usage: node tools/eval.mjs [--bin build/zicha] [--corpus tests/corpus] ' +
    '[--json build/eval.json] [--rules FILE]... [--family F] [--max-list N] [--quiet] [--show-held-out] [--check]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { bin: 'build/zicha', corpus: 'tests/corpus', json: 'build/eval.json', rules: [],
    family: null, maxList: Infinity, quiet: false, check: false, showHeldOut: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--bin') o.bin = val();
    else if (a === '--corpus') o.corpus = val();
    else if (a === '--json') o.json = val();
    else if (a === '--rules') o.rules.push(val());
    else if (a === '--family') o.family = val();
    else if (a === '--max-list') { o.maxList = Number(val()); if (!(o.maxList >= 0)) usage('--max-list needs a number'); }
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--show-held-out') o.showHeldOut = true;
    else if (a === '--check') o.check = true;
    else if (a === '--all') o.all = true;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (o.family && !FAMILIES.includes(o.family)) usage(`unknown family ${o.family}`);
  return o;
}

// Reads every *.jsonl under dir (sorted). Returns {items, problems}; a malformed line is reported and skipped.
function loadCorpus(dir) {
  let files;
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (e) {
    return { items: [], problems: [`cannot read corpus directory ${dir}: ${e.message}`], files: [] };
  }
  const items = [];
  const problems = [];
  const seen = new Map();
  for (const f of files) {
    const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
    lines.forEach((line, n) => {
      if (line.trim() === '') return;
      const where = `${f}:${n + 1}`;
      let o;
      try { o = JSON.parse(line); } catch (e) { problems.push(`${where}: not JSON (${e.message})`); return; }
      if (typeof o !== 'object' || o === null || Array.isArray(o)) { problems.push(`${where}: not an object`); return; }
      if (typeof o.id !== 'string' || o.id === '') { problems.push(`${where}: missing string id`); return; }
      if (seen.has(o.id)) { problems.push(`${where}: duplicate id ${o.id} (first at ${seen.get(o.id)})`); return; }
      if (typeof o.text !== 'string' || o.text === '') { problems.push(`${where}: ${o.id}: missing text`); return; }
      if (typeof o.source !== 'string' || o.source === '') { problems.push(`${where}: ${o.id}: missing source`); return; }
      if (!Array.isArray(o.expected)) { problems.push(`${where}: ${o.id}: expected must be a list`); return; }
      const bad = o.expected.filter((x) => !FAMILIES.includes(x));
      if (bad.length) { problems.push(`${where}: ${o.id}: unknown family ${bad.join(', ')}`); return; }
      if (o.category !== undefined && !CATEGORIES.includes(o.category)) {
        problems.push(`${where}: ${o.id}: unknown category ${o.category}`); return;
      }
      seen.set(o.id, where);
      items.push({ id: o.id, text: o.text, source: o.source, expected: [...new Set(o.expected)],
        category: o.category, file: f, synthetic: o.source.startsWith('synthetic'),
        hard: o.hard_negative === true || /hard negative/i.test(`${o.note ?? ''} ${o.source}`) });
    });
  }
  return { items, problems, files };
}

// A held-out set becomes development data once rules were written from its misses: its README's title says so
// ("development data"), and the evaluation then shows it as tuned on and does not judge the targets on it.
function tunedOn(dir) {
  try {
    return /development data/.test(fs.readFileSync(path.join(dir, 'README.md'), 'utf8').split('\n')[0]);
  } catch {
    return false;
  }
}

// Streams the items through `zicha batch`; resolves to Map id -> {findings} | {error}.
function runBatch(bin, rules, items) {
  return new Promise((resolve, reject) => {
    const args = [];
    for (const r of rules) args.push('--rules', r);
    args.push('batch');
    let child;
    try {
      child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) { reject(e); return; }
    const out = new Map();
    let stderr = '';
    let spawnError = null;
    child.on('error', (e) => { spawnError = e; });
    child.stderr.on('data', (d) => { stderr += d; });
    const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
    let n = 0;
    rl.on('line', (line) => {
      if (line.trim() === '') return;
      let o;
      try { o = JSON.parse(line); } catch {
        out.set(`#line${n}`, { error: `unparsable output line: ${line.slice(0, 200)}` }); n++; return;
      }
      // The contract keeps output in input order; key by id (ids are unique), fall back to position.
      const key = (o && typeof o.id === 'string' && o.id) ? o.id : (items[n] ? items[n].id : `#line${n}`);
      out.set(key, o);
      n++;
    });
    child.on('close', (code, signal) => {
      if (spawnError) { reject(spawnError); return; }
      resolve({ out, code, signal, stderr });
    });
    child.stdin.on('error', () => { /* EPIPE if the child died; reported through close */ });
    for (const it of items) {
      const line = { id: it.id, text: it.text };
      if (it.category) line.category = it.category;
      child.stdin.write(JSON.stringify(line) + '\n');
    }
    child.stdin.end();
  });
}

const ratio = (a, b) => (b === 0 ? null : a / b);
const fmt = (x) => (x === null ? '   -  ' : x.toFixed(3).padStart(6));
const clip = (s, n = 70) => {
  const t = s.replace(/\s+/g, ' ');
  return [...t].length > n ? [...t].slice(0, n).join('') + '…' : t;
};
const isAlarm = (f) => f.severity === 'error' || f.severity === 'warning';
// A finding and the findings of the same family folded into it (report field `also`).
const withAlso = (findings) => findings.flatMap((f) => [f, ...(f.also ?? []).map((a) => ({ ...a, match: f.match }))]);
// A family group of the registry counts as one family (the claims group: a product-type claim rule and the
// general medical rule often both apply to one phrase; the independent evaluation counts them as one).
const groupOf = (f) => (Object.hasOwn(FAMILY_GROUP, f) ? FAMILY_GROUP[f] : f);

// Text-level measures (as the independent evaluation counts): a violating text is detected when it gets any
// error/warning finding; the family is right when one of its expected families (claims group as one) is among
// the families of those findings; a clean text is a false alarm when it gets any error/warning finding.
function summarize(items, out) {
  const s = { texts: items.length, violating: 0, detected: 0, right_family: 0, clean: 0, clean_flagged: 0, hard: 0,
    hard_flagged: 0, pairs: 0, pairs_tp: 0, pairs_fp: 0, family: {} };
  const fam = (f) => (s.family[f] ??= { support: 0, tp: 0, fp: 0 });
  for (const it of items) {
    const r = out.get(it.id);
    const findings = r && Array.isArray(r.findings) ? withAlso(r.findings) : [];
    const alarms = findings.filter(isAlarm);
    const got = new Set(findings.map((f) => f.family));
    if (it.expected.length) {
      s.violating++;
      if (alarms.length) s.detected++;
      const g = new Set(alarms.map((f) => groupOf(f.family)));
      if (it.expected.some((f) => g.has(groupOf(f)))) s.right_family++;
      for (const f of it.expected) { s.pairs++; fam(f).support++; if (got.has(f)) { s.pairs_tp++; fam(f).tp++; } }
    }
    for (const f of new Set(alarms.map((x) => x.family))) if (!it.expected.includes(f)) { s.pairs_fp++; fam(f).fp++; }
    if (!it.expected.length) {
      s.clean++;
      if (it.hard) s.hard++;
      if (alarms.length) { s.clean_flagged++; if (it.hard) s.hard_flagged++; }
    }
  }
  return { ...s, recall: ratio(s.detected, s.violating), right_family_rate: ratio(s.right_family, s.violating),
    clean_fp_rate: ratio(s.clean_flagged, s.clean), hard_fp_rate: ratio(s.hard_flagged, s.hard),
    family_recall: ratio(s.pairs_tp, s.pairs), precision: ratio(s.pairs_tp, s.pairs_tp + s.pairs_fp) };
}

function summaryTable(rows) {
  const pct = (x) => (x === null ? '-' : (100 * x).toFixed(1) + '%');
  const lines = [];
  lines.push(`${'set'.padEnd(22)} ${'texts'.padStart(5)} ${'viol.'.padStart(5)} ${'clean'.padStart(5)} ${'hard'.padStart(4)} ` +
    `${'recall'.padStart(6)} ${'right fam.'.padStart(10)} ${'fam. recall'.padStart(11)} ${'precision'.padStart(9)} ${'clean FP'.padStart(8)} ${'hard FP'.padStart(8)}`);
  for (const [name, s] of rows) {
    lines.push(`${name.padEnd(22)} ${String(s.texts).padStart(5)} ${String(s.violating).padStart(5)} ${String(s.clean).padStart(5)} ` +
      `${String(s.hard).padStart(4)} ${fmt(s.recall)} ${fmt(s.right_family_rate).padStart(10)} ${fmt(s.family_recall).padStart(11)} ${fmt(s.precision).padStart(9)} ` +
      `${pct(s.clean_fp_rate).padStart(8)} ${pct(s.hard_fp_rate).padStart(8)}`);
  }
  if (rows.length > 1) {
    // family recall per set (texts expecting the family that got a finding of it), side by side
    lines.push('', `${'family recall by set'.padEnd(28)} ${rows.map(([n]) => n.replace(' (tuned on)', '*').slice(0, 11).padStart(11)).join(' ')}`);
    for (const f of FAMILIES) {
      const cells = rows.map(([, x]) => {
        const c = x.family[f];
        return (c && c.support ? `${(c.tp / c.support).toFixed(2)} (${c.support})` : '-').padStart(11);
      });
      if (cells.some((c) => c.trim() !== '-')) lines.push(`${f.padEnd(28)} ${cells.join(' ')}`);
    }
    if (rows.some(([n]) => n.endsWith('(tuned on)'))) lines.push('* tuned on: development data since a later round (see the set\'s README)');
  }
  return lines.join('\n');
}
const findingTag = (f) => `${f.family}:${f.rule_id}${f.severity === 'error' || f.severity === 'warning' ? '' : '(' + f.severity + ')'}[${f.match ?? ''}]`;

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const { items: all, problems, files } = loadCorpus(opt.corpus);
  for (const p of problems) process.stderr.write(`eval: corpus: ${p}\n`);
  if (all.length === 0) { process.stderr.write(`eval: no corpus texts under ${opt.corpus}\n`); process.exit(2); }
  if (opt.check) {
    const fams = {};
    let clean = 0; let synthetic = 0;
    for (const it of all) {
      if (it.expected.length === 0) clean++;
      if (it.synthetic) synthetic++;
      for (const f of it.expected) fams[f] = (fams[f] ?? 0) + 1;
    }
    process.stdout.write(`corpus: ${all.length} texts in ${files.length} files, ${clean} clean, ${synthetic} synthetic ` +
      `(${(100 * synthetic / all.length).toFixed(1)}%), ${problems.length} problem line(s)\n`);
    for (const f of FAMILIES) process.stdout.write(`  ${f.padEnd(28)} ${fams[f] ?? 0}\n`);
    process.exit(problems.length ? 1 : 0);
  }
  if (!fs.existsSync(opt.bin)) {
    process.stderr.write(`eval: ${opt.bin} not found; build it first (make)\n`);
    process.exit(2);
  }
  const items = opt.family ? all.filter((it) => it.expected.includes(opt.family) || it.expected.length === 0) : all;

  const t0 = Date.now();
  let res;
  try { res = await runBatch(opt.bin, opt.rules, items); } catch (e) {
    process.stderr.write(`eval: cannot run ${opt.bin}: ${e.message}\n`); process.exit(2);
  }
  const ms = Date.now() - t0;
  if (res.code !== 0) {
    process.stderr.write(`eval: ${opt.bin} batch exited with ${res.code ?? res.signal}${res.stderr ? ': ' + clip(res.stderr, 400) : ''}\n`);
  }

  const fam = Object.fromEntries(FAMILIES.map((f) => [f, { support: 0, tp: 0, fp: 0, fn: 0 }]));
  const unknownFamilies = new Map();
  const misses = [];
  const falseAlarms = [];
  const errors = [];
  let cleanTexts = 0;
  let cleanFlagged = 0;
  let hardTexts = 0;
  let hardFlagged = 0;
  const bySource = {};
  const ruleFP = new Map();  // rule_id -> count of false-alarm findings
  const ruleHits = new Map(); // rule_id -> number of findings it produced

  for (const it of items) {
    const r = res.out.get(it.id);
    let findings = [];
    if (!r) errors.push({ id: it.id, error: 'no output line for this id' });
    else if (r.error !== undefined) errors.push({ id: it.id, error: String(r.error) });
    else if (!Array.isArray(r.findings)) errors.push({ id: it.id, error: 'output has no findings list' });
    else findings = r.findings;

    const kind = it.synthetic ? 'synthetic' : 'public';
    const sk = (bySource[kind] ??= { texts: 0, positives: 0, clean: 0, tp: 0, fn: 0, clean_flagged: 0 });
    sk.texts++;

    findings = withAlso(findings);
    for (const f of findings) {
      if (!FAMILIES.includes(f.family)) unknownFamilies.set(f.family, (unknownFamilies.get(f.family) ?? 0) + 1);
      ruleHits.set(f.rule_id, (ruleHits.get(f.rule_id) ?? 0) + 1);
    }
    const got = new Set(findings.map((f) => f.family));
    const gotAlarm = new Set(findings.filter(isAlarm).map((f) => f.family));
    const exp = new Set(it.expected);
    const item = { id: it.id, text: it.text, category: it.category ?? null, expected: it.expected,
      got: findings.map(findingTag) };

    const missed = [];
    for (const f of exp) {
      if (!fam[f]) continue;
      fam[f].support++;
      if (got.has(f)) { fam[f].tp++; sk.tp++; } else { fam[f].fn++; sk.fn++; missed.push(f); }
    }
    const extra = [];
    for (const f of gotAlarm) {
      if (exp.has(f) || !fam[f]) continue;
      fam[f].fp++;
      extra.push(f);
      for (const x of findings) if (x.family === f && isAlarm(x)) ruleFP.set(x.rule_id, (ruleFP.get(x.rule_id) ?? 0) + 1);
    }
    if (exp.size === 0) {
      cleanTexts++; sk.clean++;
      if (it.hard) hardTexts++;
      if (gotAlarm.size > 0) { cleanFlagged++; sk.clean_flagged++; if (it.hard) hardFlagged++; }
    } else sk.positives++;
    if (missed.length) misses.push({ ...item, missed });
    if (extra.length) falseAlarms.push({ ...item, extra, clean: exp.size === 0 });
  }

  const famRows = {};
  let TP = 0; let FP = 0; let FN = 0;
  for (const f of FAMILIES) {
    const c = fam[f];
    TP += c.tp; FP += c.fp; FN += c.fn;
    famRows[f] = { ...c, recall: ratio(c.tp, c.tp + c.fn), precision: ratio(c.tp, c.tp + c.fp) };
  }
  const overall = { support: TP + FN, tp: TP, fp: FP, fn: FN, recall: ratio(TP, TP + FN), precision: ratio(TP, TP + FP) };
  const cleanRate = ratio(cleanFlagged, cleanTexts);
  const recallMet = overall.recall !== null && overall.recall >= TARGET_RECALL;
  const fpMet = cleanRate !== null && cleanRate <= TARGET_CLEAN_FP;

  const print = (s = '') => process.stdout.write(s + '\n');
  print(`zicha eval: ${items.length} texts from ${files.length} files in ${opt.corpus} (${cleanTexts} clean, ` +
    `${items.length - cleanTexts} with violations), ${opt.bin} batch in ${ms} ms` +
    (opt.rules.length ? `, extra packs: ${opt.rules.join(', ')}` : ''));
  if (problems.length) print(`corpus problems: ${problems.length} line(s) skipped (see stderr)`);
  print();
  print(`${'family'.padEnd(28)} ${'texts'.padStart(5)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} ${'recall'.padStart(6)} ${'prec.'.padStart(6)}`);
  for (const f of FAMILIES) {
    const r = famRows[f];
    if (opt.family && f !== opt.family && r.support === 0 && r.fp === 0) continue;
    print(`${f.padEnd(28)} ${String(r.support).padStart(5)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${fmt(r.recall)} ${fmt(r.precision)}`);
  }
  print(`${'OVERALL (micro)'.padEnd(28)} ${String(overall.support).padStart(5)} ${String(TP).padStart(4)} ${String(FP).padStart(4)} ${String(FN).padStart(4)} ${fmt(overall.recall)} ${fmt(overall.precision)}`);
  print();
  print(`clean texts: ${cleanTexts}, flagged with error/warning: ${cleanFlagged}, false-positive rate ${cleanRate === null ? '-' : (100 * cleanRate).toFixed(2) + '%'}`);
  if (hardTexts) print(`  of which hard negatives (hard_negative: true, or note or source says "hard negative"): ${hardTexts}, flagged ${hardFlagged} (${(100 * hardFlagged / hardTexts).toFixed(2)}%)`);
  for (const [k, s] of Object.entries(bySource)) {
    print(`  ${k.padEnd(9)} texts ${s.texts}, recall ${fmt(ratio(s.tp, s.tp + s.fn)).trim()}, clean FP ${s.clean_flagged}/${s.clean}`);
  }
  if (unknownFamilies.size) print(`findings with families outside contract.md: ${[...unknownFamilies].map(([k, v]) => `${k}×${v}`).join(', ')}`);
  if (errors.length) print(`texts with batch errors or no output: ${errors.length} (first: ${errors[0].id}: ${clip(errors[0].error, 120)})`);

  const heldOut = /^holdout/.test(path.basename(path.resolve(opt.corpus))) && !tunedOn(opt.corpus) && !opt.showHeldOut;
  if (heldOut) {
    print('(a set still held out: its misses and false alarms are not listed; --show-held-out lists them)');
  }
  const topFP = heldOut ? [] : [...ruleFP].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (topFP.length) print(`rules behind most false alarms: ${topFP.map(([k, v]) => `${k}×${v}`).join(', ')}`);

  const listMax = opt.quiet || heldOut ? 0 : opt.maxList;
  if (listMax > 0) {
    print();
    print(`MISSES (${misses.length}): id | expected → missed | text | got`);
    for (const m of misses.slice(0, listMax)) {
      print(`  ${m.id} | ${m.expected.join(',')} → ${m.missed.join(',')}${m.category ? ' [' + m.category + ']' : ''} | ${clip(m.text)} | ${m.got.length ? m.got.join(' ') : '-'}`);
    }
    if (misses.length > listMax) print(`  … ${misses.length - listMax} more`);
    print();
    print(`FALSE ALARMS (${falseAlarms.length}; ${falseAlarms.filter((x) => x.clean).length} on clean texts): id | expected | extra | text | got`);
    for (const m of falseAlarms.slice(0, listMax)) {
      print(`  ${m.id} | ${m.expected.join(',') || 'clean'} | ${m.extra.join(',')}${m.category ? ' [' + m.category + ']' : ''} | ${clip(m.text)} | ${m.got.join(' ')}`);
    }
    if (falseAlarms.length > listMax) print(`  … ${falseAlarms.length - listMax} more`);
  }
  const setRows = [[path.basename(opt.corpus) === 'corpus' ? 'development' : path.basename(opt.corpus), summarize(items, res.out)]];
  if (opt.all) {
    // every held-out set under the corpus directory, side by side with it (see their READMEs)
    const subs = fs.readdirSync(opt.corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    for (const d of subs) {
      const c = loadCorpus(path.join(opt.corpus, d));
      if (!c.items.length) continue;
      const r = await runBatch(opt.bin, opt.rules, c.items);
      setRows.push([tunedOn(path.join(opt.corpus, d)) ? `${d} (tuned on)` : d, summarize(c.items, r.out)]);
    }
  }
  print();
  print('Per set (text level: recall = violating texts with an error/warning finding; right family = one expected family');
  print('among them, the claims families medical/health food/cosmetic/efficacy as one; family recall = (text, family) pairs):');
  print(summaryTable(setRows));
  // the generalisation targets, judged on every held-out set (the development corpus and sets tuned on: not judged)
  const judge = (x, t, ge) => (x === null ? '-' : `${ge ? x >= t ? 'met' : 'NOT met' : x <= t ? 'met' : 'NOT met'}`);
  for (const [name, x] of setRows.filter(([n]) => n !== 'development' && !n.endsWith('(tuned on)'))) {
    print(`held-out targets ${name}: recall ≥ 0.90 ${judge(x.recall, 0.9, true)}, clean FP ≤ 1% ${judge(x.clean_fp_rate, 0.01, false)}, ` +
      `hard-negative FP ≤ 5% ${judge(x.hard_fp_rate, 0.05, false)}, right family ≥ 0.90 ${judge(x.right_family_rate, 0.9, true)}`);
  }
  print();
  print(`targets: recall ≥ ${TARGET_RECALL} ${recallMet ? 'MET' : 'NOT MET'} (${overall.recall === null ? '-' : overall.recall.toFixed(3)}); ` +
    `clean FP rate ≤ ${100 * TARGET_CLEAN_FP}% ${fpMet ? 'MET' : 'NOT MET'} (${cleanRate === null ? '-' : (100 * cleanRate).toFixed(2) + '%'})` +
    (errors.length || res.code !== 0 ? ` — INCOMPLETE: ${errors.length} text(s) without a result, batch exit ${res.code ?? res.signal}` : ''));

  const report = {
    generated: new Date().toISOString(), bin: opt.bin, rules: opt.rules, corpus: opt.corpus, files,
    family_filter: opt.family, texts: items.length, clean_texts: cleanTexts, elapsed_ms: ms,
    corpus_problems: problems, families: famRows, overall,
    clean: { texts: cleanTexts, flagged: cleanFlagged, fp_rate: cleanRate,
      hard_negatives: { texts: hardTexts, flagged: hardFlagged, fp_rate: ratio(hardFlagged, hardTexts) } },
    by_source_kind: bySource, sets: Object.fromEntries(setRows),
    targets: { recall: TARGET_RECALL, clean_fp_rate: TARGET_CLEAN_FP, recall_met: recallMet, clean_fp_met: fpMet,
      complete: errors.length === 0 && res.code === 0 },
    batch_exit: res.code ?? res.signal,
    rules_behind_false_alarms: Object.fromEntries([...ruleFP].sort((a, b) => b[1] - a[1])),
    rule_hits: Object.fromEntries([...ruleHits].sort((a, b) => b[1] - a[1])),
    unknown_families: Object.fromEntries(unknownFamilies), errors, misses, false_alarms: falseAlarms,
  };
  try {
    fs.mkdirSync(path.dirname(opt.json), { recursive: true });
    fs.writeFileSync(opt.json, JSON.stringify(report, null, 1) + '\n');
    print(`wrote ${opt.json}`);
  } catch (e) {
    process.stderr.write(`eval: cannot write ${opt.json}: ${e.message}\n`);
  }
  process.exit(0);
}

main().catch((e) => { process.stderr.write(`eval: ${e.stack || e}\n`); process.exit(2); });
