// Licence image check in a module worker, so the page stays responsive and can terminate() it.
//
//   const w = new Worker(new URL('./ocr-worker.js', import.meta.url), { type: 'module' });
//   w.postMessage({ id: 1, file, listing, category, today });      // file: File/Blob (PNG, JPEG, WebP ≤ 20 MB)
//   w.onmessage = ({ data }) => {
//     data.type === 'progress'  → { id, stage: 'decode'|'qr'|'load-ocr'|'ocr'|'check', progress: 0..1, status }
//     data.type === 'result'    → { id, result: { fields, qr, findings, uscc_corrected, ocr, timing } }
//     data.type === 'error'     → { id, code, message }   (code: too_large, bad_type, bad_image, …)
//   };
//
// Every asset is self-hosted and loaded relative to this file, only when the first image arrives:
// gen/zicha-licence.mjs + .wasm (quirc + licence checks), ocr-paddle.js + onnx-pack.js (PaddleOCR pre/post-
// processing), and under gen/paddle/ (make paddle-assets): ort.wasm.min.mjs + ort-wasm-simd-threaded.{mjs,wasm.zst}
// (onnxruntime-web, wasm backend, 1 thread: no COOP/COEP needed) + fzstd.mjs (its zstd decoder),
// ch_PP-OCRv4_{det,rec}_infer.zq.gz (PP-OCRv4 detection + recognition, weights packed in a few bits), ppocr_keys_v1.txt, and
// gen/paddle/jpeg-decode.mjs with the first JPEG.
// The image never leaves the worker; nothing is stored.
//
// The product image check (web/image-panel.js) uses this worker too, so that both panels share its loading,
// progress and supervision:
//   {id, kind: 'image', file, category, mode, pack}        → result: web/image-check.js analyseImage's report
//   {id, kind: 'image-text', read, text, category, mode, pack} → result: the report for a hand-corrected text
// (pack: the user's rule pack as the page's text check has it, or null)
// The text check runs on gen/zicha.wasm through engine.js, loaded with the first product image.
import { decodeImageBrowser, analyseLicence, LicenceError } from './licence.js';
import { createPaddleOcr, paddleAssets } from './ocr-paddle.js';

const here = (p) => new URL(p, import.meta.url).href;
let wasmPromise = null;
let ocrPromise = null;
let jpegPromise = null;
let current = null; // id of the job whose progress the OCR engine's logger reports

function post(msg) {
  self.postMessage(msg);
}

function loadWasm() {
  if (!wasmPromise) {
    wasmPromise = import(here('./gen/zicha-licence.mjs')).then(({ default: create }) => create({
      locateFile: (f) => here(`./gen/${f}`),
      print: () => {},
      printErr: (s) => console.warn(s),
    }));
  }
  return wasmPromise;
}

// jpeg-js's decoder (gen/paddle/jpeg-decode.mjs), loaded with the first JPEG; null when missing (the browser decodes).
function loadJpeg() {
  if (!jpegPromise) jpegPromise = import(here('./gen/paddle/jpeg-decode.mjs')).then((m) => m.default).catch(() => null);
  return jpegPromise;
}

// PaddleOCR (web/ocr-paddle.js) on onnxruntime-web's wasm backend, models and runtime from gen/paddle/.
function loadOcr() {
  if (!ocrPromise) {
    ocrPromise = createPaddleOcr({
      ...paddleAssets(here('./gen/paddle/')),
      logger: (m) => {
        if (current === null) return;
        const stage = /recogniz/.test(m.status) ? 'ocr' : 'load-ocr';
        post({ id: current, type: 'progress', stage, progress: m.progress || 0, status: m.status });
      },
    });
    ocrPromise.catch(() => { ocrPromise = null; });
  }
  return ocrPromise;
}

// The text engine with the user's rule pack (JSON text or gzip bytes, as the page's text check gets it), reloaded
// only when the pack changes.
let enginePromise = null;
let enginePack = null;
const samePack = (a, b) => a === b || (a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]));
function loadTextEngine(pack = null) {
  if (!enginePromise || !samePack(pack, enginePack)) {
    enginePack = pack;
    enginePromise = import(here('./engine.js')).then((m) => m.loadEngine(pack ? { extraPack: pack } : {}));
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}

async function productImage(id, msg) {
  const check = await import(here('./image-check.js'));
  const engine = await loadTextEngine(msg.pack || null);
  if (msg.kind === 'image-text') return check.checkImageText(engine, msg.read, String(msg.text || ''), msg);
  if (!(msg.file instanceof Blob)) throw new LicenceError('bad_input', '请选择商品图片');
  post({ id, type: 'progress', stage: 'decode', progress: 0 });
  const gray = await check.decodeGrayBrowser(msg.file);
  post({ id, type: 'progress', stage: 'load-ocr', progress: 0 });
  const ocr = await loadOcr();
  return check.analyseGray(gray, { ocr, engine, category: msg.category || '', mode: msg.mode || 'listing', onProgress: (p) => post({ id, type: 'progress', ...p }) });
}

self.onmessage = async (e) => {
  const { id, file, listing = null, category = '', today, kind } = e.data || {};
  current = id;
  try {
    if (kind === 'image' || kind === 'image-text') {
      post({ id, type: 'result', result: await productImage(id, e.data) });
      return;
    }
    if (!(file instanceof Blob)) throw new LicenceError('bad_input', '请选择一张营业执照图片');
    post({ id, type: 'progress', stage: 'decode', progress: 0 });
    // the browser's decoder rejects a damaged image with its own error (a DOMException in its language): that
    // is still a bad image, and the page explains it by this code
    const decoded = decodeImageBrowser(file, { jpegDecoder: loadJpeg }).catch((err) => {
      throw err instanceof LicenceError ? err : new LicenceError('bad_image', (err && err.message) || String(err));
    });
    const [img, wasm] = await Promise.all([decoded, loadWasm()]);
    post({ id, type: 'progress', stage: 'load-ocr', progress: 0 });
    const ocr = await loadOcr();
    const result = await analyseLicence(img, {
      wasm, ocr, listing, category, today,
      onProgress: (p) => post({ id, type: 'progress', ...p }),
    });
    post({ id, type: 'result', result });
  } catch (err) {
    const code = err instanceof LicenceError ? err.code : 'internal';
    const message = err && typeof err === 'object' && err.message ? err.message : typeof err === 'string' ? err : JSON.stringify(err) || String(err);
    post({ id, type: 'error', code, message });
  } finally {
    current = null;
  }
};
