// tesseract.js as the licence check's OCR engine, kept to compare with PaddleOCR (tests/licence/eval.mjs
// --engine tesseract): the same interface as web/ocr-paddle.js ({recognize, recognizeLine, recognizeLineAlt,
// terminate}), so web/licence.js's analyseLicence takes either.

// 8-bit grayscale BMP (tesseract.js takes encoded images only; BMP needs no compression code).
export function grayToBmp(gray) {
  const { width: w, height: h, data } = gray;
  const row = (w + 3) & ~3;
  const off = 54 + 1024, size = off + row * h;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b[0] = 0x42; b[1] = 0x4d;
  dv.setUint32(2, size, true); dv.setUint32(10, off, true); dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true); dv.setInt32(22, h, true); dv.setUint16(26, 1, true); dv.setUint16(28, 8, true);
  dv.setUint32(34, row * h, true); dv.setUint32(46, 256, true);
  for (let i = 0; i < 256; i++) { b[54 + i * 4] = i; b[55 + i * 4] = i; b[56 + i * 4] = i; }
  for (let y = 0; y < h; y++) b.set(data.subarray((h - 1 - y) * w, (h - y) * w), off + y * row);
  return b;
}

// ---------------------------------------------------------------- OCR
// opts: {tesseract (module namespace; default import('tesseract.js')), corePath, langPath, workerPath, logger, cacheMethod}
export async function createOcr(opts = {}) {
  const T = opts.tesseract || (await import('tesseract.js'));
  const createWorker = T.createWorker || T.default?.createWorker;
  const o = { logger: opts.logger || (() => {}), cacheMethod: opts.cacheMethod || 'none', gzip: true };
  if (opts.langPath) o.langPath = opts.langPath;
  if (opts.corePath) o.corePath = opts.corePath;
  if (opts.workerPath) o.workerPath = opts.workerPath;
  if (opts.workerBlobURL !== undefined) o.workerBlobURL = opts.workerBlobURL;
  // the second model (opts.altLangPath: the standard chi_sim LSTM) reads name lines only; without it, or when it
  // fails to load, the name is voted from best_int's readings alone
  const altWorker = opts.altLangPath
    ? createWorker('chi_sim', 1, { ...o, langPath: opts.altLangPath, logger: () => {} }).then(async (w) => {
      await w.setParameters({ tessedit_pageseg_mode: '7', debug_file: '/dev/null' });
      return w;
    }, () => null)
    : null;
  const worker = await createWorker('chi_sim', 1 /* OEM LSTM_ONLY */, o);
  // page segmentation: the API default (6, one uniform block) unless opts.psm says otherwise
  const psm = String(opts.psm || 6);
  // debug_file: Tesseract's diagnostics ("Estimating resolution as …") go nowhere instead of the console
  await worker.setParameters({ preserve_interword_spaces: '1', tessedit_pageseg_mode: psm, debug_file: '/dev/null' });
  const alt = altWorker ? await altWorker : null;
  return {
    // one text line with the second model (null without it)
    recognizeLineAlt: alt ? async (gray) => (await alt.recognize(grayToBmp(gray), {}, { text: true, blocks: true })).data : null,
    async recognize(gray) {
      if (globalThis.process?.env?.ZC_LICENCE_DUMP) (await import('node:fs')).writeFileSync(process.env.ZC_LICENCE_DUMP, grayToBmp(gray));
      const r = await worker.recognize(grayToBmp(gray), {}, { text: true, blocks: true });
      return r.data;
    },
    async recognizeLine(gray) {
      await worker.setParameters({ tessedit_pageseg_mode: '7' });
      try {
        const r = await worker.recognize(grayToBmp(gray), {}, { text: true, blocks: true });
        return r.data;
      } finally {
        await worker.setParameters({ tessedit_pageseg_mode: psm });
      }
    },
    terminate: () => Promise.all([worker.terminate(), alt && alt.terminate()]),
  };
}


// The second tesseract model for name lines, as tools/copy-ocr-assets.sh builds it (make ocr-assets), or undefined.
export async function altLangPathNode(root) {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = join(root, 'build', 'tesseract', 'lang-std');
  return existsSync(join(dir, 'chi_sim.traineddata.gz')) ? dir : undefined;
}

