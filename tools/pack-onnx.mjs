#!/usr/bin/env node
// Packs ONNX models for download (weights in a few bits per block of 64, web/onnx-pack.js):
//   node tools/pack-onnx.mjs [--bits N] IN.onnx OUT.zq      (N: 1–8, default 8)
import { readFileSync, writeFileSync } from 'node:fs';
import { packOnnx } from '../web/onnx-pack.js';

const args = process.argv.slice(2);
let bits = 8;
const i = args.indexOf('--bits');
if (i >= 0) bits = Number(args.splice(i, 2)[1]);
const [src, dst] = args;
if (!src || !dst || !(bits >= 1 && bits <= 8)) {
  console.error('usage: node tools/pack-onnx.mjs [--bits N] IN.onnx OUT.zq');
  process.exit(2);
}
writeFileSync(dst, packOnnx(new Uint8Array(readFileSync(src)), { bits }));
