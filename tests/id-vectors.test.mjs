// The identifier vectors (tests/id/vectors.jsonl) through the WebAssembly build: the licence module's
// zc_wasm_id_scan (core/wasm/zc_wasm_id.c) identifies each code with the date checks of 2026 and must give what the
// vector says, and each valid vector must be found by the scan inside running text, exactly once. The native run
// of the same file is in tests/unit/test_identifier.c (same fields, same contexts). TAP output.
//
//   node tests/id-vectors.test.mjs      (needs `make wasm`)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tap } from './e2e/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GEN = join(ROOT, 'web', 'gen');
const T = tap();

if (!existsSync(join(GEN, 'zicha-licence.mjs')) || !existsSync(join(GEN, 'zicha-licence.wasm'))) {
  T.skip('identifier vectors in wasm', 'web/gen/zicha-licence.{mjs,wasm} not built: make wasm');
  T.end();
  process.exit(0);
}
const { default: create } = await import(pathToFileURL(join(GEN, 'zicha-licence.mjs')).href);
const lic = await create({ wasmBinary: readFileSync(join(GEN, 'zicha-licence.wasm')), print: () => {}, printErr: () => {} });
if (typeof lic._zc_wasm_id_scan !== 'function') {
  T.ok(false, 'the licence module exports zc_wasm_id_scan');
  process.exit(T.end() ? 1 : 0);
}

const enc = new TextEncoder();
function idScan(text) {
  const bytes = enc.encode(text);
  const p = lic._malloc(bytes.length + 1);
  lic.HEAPU8.set(bytes, p);
  lic.HEAPU8[p + bytes.length] = 0;
  const r = lic._zc_wasm_id_scan(p, bytes.length, 2026);
  const out = JSON.parse(lic.UTF8ToString(r));
  lic._free(r);
  lic._free(p);
  return out;
}

// Why the identify JSON differs from the vector, or null (tests/unit/test_identifier.c vector_mismatch).
function mismatch(v, j) {
  if (j.kind !== v.kind) return 'kind';
  if (j.valid !== v.valid) return 'valid';
  if (v.problem !== undefined && !j.problems.some((p) => p.includes(v.problem))) return 'problem';
  if (v.severity !== undefined && j.severity !== v.severity) return 'severity';
  if (v.region !== undefined && (j.region ?? '') !== v.region) return 'region';
  if (v.description !== undefined && !j.description.includes(v.description)) return 'description';
  if (v.normalised !== undefined && j.code !== v.normalised) return 'normalised';
  for (const [k, want] of Object.entries(v.parts ?? {})) if (j.parts[k] !== want) return 'parts';
  return null;
}

const contexts = [['产品资质：', '，详见包装。'], ['本品', '详见包装'], ['See ', ' now.']];
const labelContexts = [['营业执照注册号：', '，详见包装。'], ['证照编号 ', ' 详见']];
const lines = readFileSync(join(ROOT, 'tests', 'id', 'vectors.jsonl'), 'utf8').split('\n');
const kinds = new Set();
lines.forEach((line, i) => {
  if (!line.trim()) return;
  const v = JSON.parse(line);
  const { id } = idScan(v.code);
  kinds.add(id.kind);
  const why = mismatch(v, id);
  T.ok(why === null, `wasm vectors.jsonl:${i + 1} ${JSON.stringify(v.code)} → ${v.kind}, ${v.valid ? 'valid' : 'invalid'}`,
    why && `${why} differs: ${JSON.stringify(id)}`);
  if (!v.valid || v.scan === 'no') return;
  const ctx = v.scan === 'label' ? labelContexts : contexts;
  const bad = ctx.filter(([pre, post]) => {
    const { spans } = idScan(pre + v.code + post);
    const at = enc.encode(pre).length;
    return !(spans.length === 1 && spans[0][0] === at && spans[0][1] === at + enc.encode(v.code).length &&
      spans[0][4] === v.kind && spans[0][5] === true);
  });
  T.ok(bad.length === 0, `wasm vectors.jsonl:${i + 1} ${JSON.stringify(v.code)} found by the scan in running text${v.scan === 'label' ? ' after a label' : ''}`,
    bad.map(([pre, post]) => JSON.stringify(idScan(pre + v.code + post).spans)).join('\n'));
});
const table = [...readFileSync(join(ROOT, 'core', 'src', 'identifier_kinds.h'), 'utf8').matchAll(/^ZC_ID_KIND\(\w+, "([^"]+)"/gm)]
  .map((m) => m[1]);
const missing = table.filter((k) => !kinds.has(k));
T.ok(table.length > 0 && missing.length === 0, 'the vectors cover every kind of identifier_kinds.h', `missing: ${missing.join(', ')}`);
process.exit(T.end() ? 1 : 0);
