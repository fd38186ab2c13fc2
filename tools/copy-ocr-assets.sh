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
#   lang-std/chi_sim.traineddata.gz   the LSTM parts of @tesseract.js-data/chi_sim 4.0.0 (the standard tessdata model,
#                             a network trained apart from best_int; its legacy-engine parts, 40 of its 44 MB, are
#                             dropped): a second reader for the name line, it reads rare characters best_int
#                             confuses (鼎 → 易, 启 → 局, 耀 → 兆). ~1.6 MB, built when missing or older than its source.
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
# the standard chi_sim model without its legacy-engine components (traineddata: int32 count, int64 offsets, data)
std=$nm/@tesseract.js-data/chi_sim/4.0.0/chi_sim.traineddata.gz
need "$std"
mkdir -p "$dest/lang-std"
if [[ ! -f $dest/lang-std/chi_sim.traineddata.gz || $std -nt $dest/lang-std/chi_sim.traineddata.gz ]]; then
    node - "$std" "$dest/lang-std/chi_sim.traineddata.gz" <<'JS'
const zlib = require('node:zlib'), fs = require('node:fs');
const [src, dst] = process.argv.slice(2);
const b = zlib.gunzipSync(fs.readFileSync(src));
const n = b.readInt32LE(0);
if (n !== 24) throw new Error(`copy-ocr-assets: ${src}: ${n} components, expected 24`);
const offs = Array.from({ length: n }, (_, i) => Number(b.readBigInt64LE(4 + 8 * i)));
// kept: lang_config, unicharset, lstm, lstm_punc_dawg, lstm_system_dawg, lstm_number_dawg, lstm_unicharset,
// lstm_recoder, version (the others are the legacy engine's)
const keep = new Set([0, 1, 17, 18, 19, 20, 21, 22, 23]);
if (offs[17] < 0) throw new Error(`copy-ocr-assets: ${src} has no LSTM model`);
const head = Buffer.alloc(4 + 8 * n), parts = [];
head.writeInt32LE(n, 0);
let pos = head.length;
for (let i = 0; i < n; i++) {
  let off = -1;
  if (offs[i] >= 0 && keep.has(i)) {
    const end = offs.slice(i + 1).find((o) => o >= 0) ?? b.length;
    parts.push(b.subarray(offs[i], end));
    off = pos;
    pos += end - offs[i];
  }
  head.writeBigInt64LE(BigInt(off), 4 + 8 * i);
}
fs.writeFileSync(dst + '.tmp', zlib.gzipSync(Buffer.concat([head, ...parts]), { level: 9 }));
fs.renameSync(dst + '.tmp', dst);
JS
fi
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
