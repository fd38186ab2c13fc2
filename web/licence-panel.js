// 营业执照图片核验: the licence image panel. The image is read, decoded and checked in web/ocr-worker.js.

import { SupervisedWorker, WorkerFailure } from './supervisor.js';
import { findingItem } from './findings.js';
import { $, T, TEST, store, notice, techInfo, familyName, dropTarget } from './ui.js';

// The image goes to a module worker (decode, QR, OCR with self-hosted PaddleOCR, checks in the core wasm);
// it never leaves the page. The worker is supervised (web/supervisor.js): an error event or no progress for
// LICENCE_STALL_MS terminates it, and the check is retried once in a fresh one.
const LICENCE_STALL_MS = (TEST && TEST.timeout) || 90000;
const LICENCE_WEIGHT = { decode: [0, 5], qr: [5, 10], 'load-ocr': [10, 40], ocr: [40, 95], check: [95, 100] };
const licence = { result: null, thumb: null };
const ocr = new SupervisedWorker({ url: new URL('./ocr-worker.js', import.meta.url), timeout: LICENCE_STALL_MS });

function licenceProgress(stage, fraction) {
  const [a, b] = LICENCE_WEIGHT[stage] || [0, 100];
  const bar = $('licence-bar');
  const v = Math.round(a + (b - a) * Math.max(0, Math.min(1, fraction || 0)));
  if (v >= Number(bar.value) || stage === 'decode') bar.value = v;
  $('licence-stage').textContent = (T().licenceStage[stage] || stage) + ` ${Math.round(bar.value)}%`;
}

// What the first licence check downloads: the OCR runtime and the PP-OCRv4 models under gen/paddle/
// (ort-wasm-simd-threaded.wasm.zst 1.94 MB, ch_PP-OCRv4_rec_infer.zq.gz 1.99 MB, ch_PP-OCRv4_det_infer.zq.gz
// 0.88 MB, the dictionary and the JS glue): tests/e2e/workflow.test.mjs checks this against the files.
export const OCR_DOWNLOAD_BYTES = 4970000;
const KEY_OCR = 'zicha.ocrReady'; // set after the first successful recognition: the models are in the cache

function showLicenceImage(file) {
  const t = T();
  $('licence-file').textContent = t.licenceFile(file.name || '');
  $('licence-file').hidden = false;
  if (licence.thumb) URL.revokeObjectURL(licence.thumb);
  licence.thumb = URL.createObjectURL(file);
  $('licence-thumb').src = licence.thumb;
  $('licence-thumb').alt = t.licenceFile(file.name || '');
  $('licence-boxes').textContent = '';
  $('licence-thumb-note').textContent = '';
  $('licence-figure').hidden = false;
}
/** Outlines of the recognised fields on the thumbnail when the result has their boxes; otherwise say so. */
function showLicenceBoxes(result) {
  const t = T();
  const boxes = $('licence-boxes');
  boxes.textContent = '';
  const list = result.boxes && result.image ? Object.entries(result.boxes) : [];
  for (const [field, b] of list) {
    const d = document.createElement('div');
    d.className = 'fieldbox';
    d.title = t.licenceFields[field] || field;
    Object.assign(d.style, {
      left: (100 * b.x0) / result.image.width + '%', top: (100 * b.y0) / result.image.height + '%',
      width: (100 * (b.x1 - b.x0)) / result.image.width + '%', height: (100 * (b.y1 - b.y0)) / result.image.height + '%',
    });
    boxes.append(d);
  }
  $('licence-thumb-note').textContent = list.length ? '' : t.licenceThumbNoBoxes;
}
const looksOffline = (e) => !navigator.onLine || /fetch|network|import|load/i.test(String((e && e.message) || e));

async function checkLicenceFile(file) {
  if (!file) return;
  const t = T();
  const err = $('licence-error');
  err.hidden = true;
  err.textContent = '';
  // the previous image's verdict must not stay under this one's progress or error
  licence.result = null;
  $('licence-result').hidden = true;
  showLicenceImage(file);
  $('licence-progress').hidden = false;
  licenceProgress('decode', 0);
  document.documentElement.dataset.licence = 'running';
  const text = $('text').value;
  // The shop's own disclosure (if pasted) lets the check compare names; the core takes up to 1 MiB of it.
  const listing = text && new TextEncoder().encode(text).length <= 1048576 ? text : null;
  const category = $('category').value;
  const t0 = performance.now();
  try {
    const { result } = await ocr.retryOnce({ file, listing, category }, {
      onProgress: (m) => licenceProgress(m.stage, m.progress),
      onRetry: (e) => notice(e.kind === 'hang' ? t.licenceHung : t.licenceCrashed),
    });
    licence.result = result;
    store.set(KEY_OCR, true);
    renderLicence(result);
    $('licence-bar').value = 100;
    $('licence-stage').textContent = t.licenceDone(performance.now() - t0);
    document.documentElement.dataset.licence = 'done';
  } catch (e) {
    $('licence-progress').hidden = true;
    // before the first download the models are not cached: without a network that is the cause, not the image
    const offline = !store.get(KEY_OCR) && looksOffline(e);
    const known = !offline && !(e instanceof WorkerFailure);
    err.textContent = offline ? t.licenceOffline((OCR_DOWNLOAD_BYTES / 1e6).toFixed(0)) : e instanceof WorkerFailure ? t.licenceGaveUp : licenceErrorText(e, t);
    // the worker's own message (possibly the browser's, in its language) only behind 技术信息
    if (known && e.message) err.append(techInfo(t, e.message));
    err.dataset.cause = offline ? 'offline' : '';
    err.dataset.code = known ? e.code || 'internal' : '';
    err.hidden = false;
    document.documentElement.dataset.licence = 'error';
  }
}

/** A failed licence check in the page's language, by the worker's error code (ocr-worker.js, licence.js). */
function licenceErrorText(e, t) {
  if (e.code === 'too_large') return t.licenceTooLarge;
  if (e.code === 'bad_type') return t.licenceBadType;
  if (e.code === 'bad_image' || e.code === 'bad_input') return t.licenceBadImage;
  return t.licenceFailed;
}

export function renderLicence(result) {
  const t = T();
  const dl = $('licence-fields');
  dl.textContent = '';
  const fields = result.fields || {};
  for (const key of Object.keys(t.licenceFields)) {
    const dt = document.createElement('dt');
    dt.textContent = t.licenceFields[key];
    const dd = document.createElement('dd');
    dd.dataset.field = key;
    dd.lang = 'zh-CN';
    if (fields[key] != null && fields[key] !== '') dd.textContent = fields[key];
    else {
      dd.textContent = t.licenceNoField;
      dd.className = 'meta';
    }
    dl.append(dt, dd);
  }
  const qr = $('licence-qr');
  qr.textContent = result.qr != null ? t.licenceQr + result.qr : t.licenceNoQr;
  qr.dataset.qr = result.qr != null ? result.qr : '';
  const list = $('licence-findings');
  list.textContent = '';
  const findings = result.findings || [];
  for (const f of findings) list.append(findingItem(f, t, { familyName, match: 'last' }));
  const serious = findings.filter((f) => f.severity !== 'info').length;
  const v = $('licence-verdict');
  v.textContent = serious ? t.licenceProblems(serious) : t.licenceClean;
  v.className = 'verdict ' + (findings.some((f) => f.severity === 'error') ? 'error' : serious ? 'warning' : 'clean');
  showLicenceBoxes(result);
  $('licence-result').hidden = false;
}

$('licencefile').addEventListener('change', (e) => {
  const file = e.target.files[0];
  checkLicenceFile(file).finally(() => (e.target.value = ''));
});
dropTarget($('licence-drop'), (files) => checkLicenceFile(files[0]));

/** Re-render in the page's language. */
export function relabelLicence() {
  if (licence.result) renderLicence(licence.result);
}
