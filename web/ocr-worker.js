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
// gen/zicha-licence.mjs + .wasm (quirc + licence checks), gen/ocr/tesseract.esm.min.js, gen/ocr/worker.min.js,
// gen/ocr/tesseract-core-*-lstm.{js,wasm} (one of three, by CPU features), gen/ocr/lang/chi_sim.traineddata.gz,
// gen/ocr/lang-std/chi_sim.traineddata.gz (the second model for the name line),
// and gen/ocr/jpeg-decode.mjs with the first JPEG.
// The image never leaves the worker; nothing is stored (tesseract cacheMethod 'none').
import { decodeImageBrowser, analyseLicence, createOcr, LicenceError } from './licence.js';

const here = (p) => new URL(p, import.meta.url).href;
let wasmPromise = null;
let ocrPromise = null;
let jpegPromise = null;
let current = null; // id of the job whose progress tesseract's logger reports

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

// jpeg-js's decoder (gen/ocr/jpeg-decode.mjs), loaded with the first JPEG; null when missing (the browser decodes).
function loadJpeg() {
  if (!jpegPromise) jpegPromise = import(here('./gen/ocr/jpeg-decode.mjs')).then((m) => m.default).catch(() => null);
  return jpegPromise;
}

// The fastest LSTM-only core this browser runs (same probes as wasm-feature-detect, which tesseract.js uses).
function coreFile() {
  const v = (bytes) => { try { return WebAssembly.validate(new Uint8Array(bytes)); } catch { return false; } };
  const head = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10];
  if (v([...head, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11])) return 'tesseract-core-relaxedsimd-lstm.js';
  if (v([...head, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11])) return 'tesseract-core-simd-lstm.js';
  return 'tesseract-core-lstm.js';
}

function loadOcr() {
  if (!ocrPromise) {
    ocrPromise = import(here('./gen/ocr/tesseract.esm.min.js')).then((T) => createOcr({
      tesseract: T.default || T,
      workerPath: here('./gen/ocr/worker.min.js'),
      corePath: here(`./gen/ocr/${coreFile()}`),
      langPath: here('./gen/ocr/lang'),
      altLangPath: here('./gen/ocr/lang-std'),
      workerBlobURL: false,
      cacheMethod: 'none',
      logger: (m) => {
        if (current === null) return;
        const stage = /recogniz/.test(m.status) ? 'ocr' : 'load-ocr';
        post({ id: current, type: 'progress', stage, progress: m.progress || 0, status: m.status });
      },
    }));
    ocrPromise.catch(() => { ocrPromise = null; });
  }
  return ocrPromise;
}

self.onmessage = async (e) => {
  const { id, file, listing = null, category = '', today } = e.data || {};
  current = id;
  try {
    if (!(file instanceof Blob)) throw new LicenceError('bad_input', '请选择一张营业执照图片');
    post({ id, type: 'progress', stage: 'decode', progress: 0 });
    const [img, wasm] = await Promise.all([decodeImageBrowser(file, { jpegDecoder: loadJpeg }), loadWasm()]);
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
