#!/usr/bin/env bash
# Copies the self-hosted OCR assets from node_modules into web/gen/ocr/ (build output, gitignored), flat:
#   tesseract.esm.min.js      tesseract.js main-thread API (ES module)
#   worker.min.js             tesseract.js worker script (workerPath)
#   tesseract-core-{lstm,simd-lstm,relaxedsimd-lstm}.{js,wasm}
#                             LSTM-only cores; web/licence.js picks one by CPU features and passes its .js as
#                             corePath. The .wasm sits next to worker.min.js because the Emscripten glue looks for
#                             it in the worker's directory. (The .wasm.js variants, with the wasm inlined as
#                             base64, would cost ~430 KB more after gzip.)
#   lang/chi_sim.traineddata.gz   @tesseract.js-data/chi_sim 4.0.0_best_int (langPath)
#   jpeg-decode.mjs           jpeg-js's lib/decoder.js wrapped as an ES module (default export: decode). The worker
#                             decodes JPEGs with it, so the page sees the same pixels as Node (Chromium's own decoder
#                             differs by up to ~40 levels per channel, enough to change OCR readings); it falls back
#                             to createImageBitmap when this file is missing or fails.
# Usage: tools/copy-ocr-assets.sh [DEST]   (default <repo>/web/gen/ocr). Idempotent (cp -u).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/web/gen/ocr}
nm=$root/node_modules
need() { [[ -f $1 ]] || { echo "copy-ocr-assets: missing $1 (run: npm ci)" >&2; exit 1; }; }
files=("$nm/tesseract.js/dist/tesseract.esm.min.js" "$nm/tesseract.js/dist/worker.min.js")
for v in lstm simd-lstm relaxedsimd-lstm; do
    files+=("$nm/tesseract.js-core/tesseract-core-$v.js" "$nm/tesseract.js-core/tesseract-core-$v.wasm")
done
lang=$nm/@tesseract.js-data/chi_sim/4.0.0_best_int/chi_sim.traineddata.gz
for f in "${files[@]}" "$lang"; do need "$f"; done
mkdir -p "$dest/lang"
rm -rf "$dest/core" # layout of an earlier version
cp -u "${files[@]}" "$dest/"
cp -u "$lang" "$dest/lang/"
# jpeg-js (CommonJS, no requires) → ES module; rewritten only when the content changes (keeps mtimes stable)
jpeg=$nm/jpeg-js/lib/decoder.js
need "$jpeg"
jver=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$nm/jpeg-js/package.json" | head -n1)
tmp=$(mktemp "$dest/.jpeg-decode.XXXXXX")
{
    printf '// jpeg-js %s lib/decoder.js (see LICENSE.jpeg-js), wrapped as an ES module by tools/copy-ocr-assets.sh.\n' "$jver"
    printf 'const module = { exports: {} };\n'
    cat "$jpeg"
    printf '\nexport default module.exports;\n'
} >"$tmp"
if cmp -s "$tmp" "$dest/jpeg-decode.mjs"; then rm -f "$tmp"; else chmod 644 "$tmp"; mv "$tmp" "$dest/jpeg-decode.mjs"; fi
# licences of what is redistributed
cp -u "$nm/tesseract.js/LICENSE.md" "$dest/LICENSE.tesseract.js.md"
cp -u "$nm/tesseract.js-core/LICENSE" "$dest/LICENSE.tesseract.js-core"
cp -u "$nm/jpeg-js/LICENSE" "$dest/LICENSE.jpeg-js"
