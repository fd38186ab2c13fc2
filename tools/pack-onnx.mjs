#!/usr/bin/env node
// Packs ONNX models for download (8-bit weights per row, web/onnx-pack.js): node tools/pack-onnx.mjs IN.onnx OUT.zq8
import { readFileSync, writeFileSync } from 'node:fs';
import { packOnnx } from '../web/onnx-pack.js';

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: node tools/pack-onnx.mjs IN.onnx OUT.zq8');
  process.exit(2);
}
writeFileSync(dst, packOnnx(new Uint8Array(readFileSync(src))));
