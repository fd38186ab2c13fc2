#!/usr/bin/env node
// Packs ONNX models for download (weights in a few bits per block of 64, web/onnx-pack.js):
//   node tools/pack-onnx.mjs [--bits PLAN] IN.onnx OUT.zq
// PLAN: bits for every weight tensor (1–8, default 8), then exceptions by kind, e.g. 6,depthwise=8,classifier=4
// (web/onnx-pack.js weightKind).
import { readFileSync, writeFileSync } from 'node:fs';
import { packOnnx, bitsByKind } from '../web/onnx-pack.js';

const args = process.argv.slice(2);
let plan = '8';
const i = args.indexOf('--bits');
if (i >= 0) plan = args.splice(i, 2)[1];
const [src, dst] = args;
let bits;
try { bits = bitsByKind(plan); } catch (e) { console.error(e.message); }
if (!src || !dst || !bits) {
  console.error('usage: node tools/pack-onnx.mjs [--bits N[,kind=N…]] IN.onnx OUT.zq');
  process.exit(2);
}
writeFileSync(dst, packOnnx(new Uint8Array(readFileSync(src)), { bits }));
