#!/usr/bin/env bash
# Builds the second tesseract model that the tesseract comparison of the licence check uses in Node
# (`node tests/licence/eval.mjs --engine tesseract`; the page reads licences with PaddleOCR, web/gen/paddle/):
#   lang-std/chi_sim.traineddata.gz   the LSTM parts of @tesseract.js-data/chi_sim 4.0.0 (the standard tessdata model,
#                             a network trained apart from best_int; its legacy-engine parts, 40 of its 44 MB, are
#                             dropped): a second reader for the name line, it reads rare characters best_int
#                             confuses (鼎 → 易, 启 → 局, 耀 → 兆). ~1.6 MB, built when missing or older than its source.
# tesseract.js itself and best_int are read from node_modules. The output stays under build/, outside the folder
# the page is served from.
# Usage: tools/copy-ocr-assets.sh [DEST]   (default <repo>/build/tesseract). Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/build/tesseract}
nm=$root/node_modules
need() { [[ -f $1 ]] || { echo "copy-ocr-assets: missing $1 (run: npm ci)" >&2; exit 1; }; }
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
