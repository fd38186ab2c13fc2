#!/usr/bin/env node
// Build step: the rule packs as the engine needs them, for embedding into the library and the wasm.
// Usage: node tools/strip-packs.mjs OUTDIR rules/a.json rules/b.json ...
// Writes OUTDIR/<name>.json: the same pack, compact, without what only people and tests read (examples,
// notes, sources, descriptions). The rule-example runner and the parity test read rules/*.json themselves,
// so nothing is lost: this only keeps ~40 % of the bytes out of every download of the page.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';

const [outDir, ...packs] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: strip-packs.mjs OUTDIR PACK.json...');
  process.exit(2);
}
const DROP_RULE = new Set(['examples', 'note', 'notes', 'source', 'link', 'tags', 'description']);
const DROP_TOP = new Set(['description', 'note', 'sources']);
mkdirSync(outDir, { recursive: true });
for (const path of packs) {
  let pack;
  try {
    pack = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    // Leave the error to the engine, which names file, line and column: embed the original bytes.
    writeFileSync(join(outDir, basename(path)), readFileSync(path));
    continue;
  }
  if (pack && typeof pack === 'object' && !Array.isArray(pack)) {
    for (const k of Object.keys(pack)) if (DROP_TOP.has(k)) delete pack[k];
    if (pack.lexicons && typeof pack.lexicons === 'object')
      for (const x of Object.values(pack.lexicons))
        if (x && typeof x === 'object') for (const k of Object.keys(x)) if (k !== 'terms') delete x[k];
    if (Array.isArray(pack.rules))
      for (const r of pack.rules)
        if (r && typeof r === 'object') for (const k of Object.keys(r)) if (DROP_RULE.has(k)) delete r[k];
  }
  const out = join(outDir, basename(path));
  writeFileSync(out + '.tmp', JSON.stringify(pack));
  renameSync(out + '.tmp', out);
}
