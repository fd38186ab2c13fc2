#!/usr/bin/env node
// Writes tests/image/claims.json: the planted claims (rule examples the text engine flags) and the ordinary selling
// points (none flagged) that tests/image/gen.mjs draws its images from, taken from the current rules and core. Run it
// only to renew the image sets on purpose: every image of every seed changes, so measure both seeds again after.
//
//   node tests/image/freeze-claims.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { claimPool } from './gen.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { loadEngine } = await import(pathToFileURL(join(ROOT, 'web', 'engine.js')).href);
const engine = await loadEngine({ wasmBinary: readFileSync(join(ROOT, 'web', 'gen', 'zicha.wasm')) });
const { pool, points } = claimPool(engine, { live: true });
writeFileSync(join(ROOT, 'tests', 'image', 'claims.json'), JSON.stringify({ pool, points }, null, 1) + '\n');
console.log(`tests/image/claims.json: ${pool.length} claims, ${points.length} selling points`);
