// `node web/cli.mjs image IMAGE [--category CAT] [--mode listing|shop] [--rules PACK.json] [--verbose]`:
// the product image check (web/image-check.js) in Node, on exactly the files the page uses (web/gen/zicha.wasm,
// web/gen/paddle/). Prints one JSON report (docs/contract.md "Image report"); exit codes as `check`:
// 0 no error/warning finding, 1 some, 2 usage or input error (message on stderr).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, LicenceError } from './licence.js';
import { decodeImageNode, createPaddleOcrNode } from './licence-node.mjs';
import { analyseImage, publicReport, IMAGE_LIMITS } from './image-check.js';

export const IMAGE_USAGE = 'usage: node web/cli.mjs image IMAGE [--category CAT] [--mode listing|shop] [--rules PACK.json] [--verbose]\n';

export async function imageCli(argv, { root, out = process.stdout, err = process.stderr } = {}) {
  let image = null, category = '', mode = 'listing', rules = null, verbose = false;
  const fail = (m) => { throw new LicenceError('usage', m); };
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const eq = a.indexOf('=');
      const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
      const val = () => (eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : i + 1 < argv.length ? argv[++i] : fail(`${a} needs a value`));
      if (name === '--category') {
        category = val();
        if (!CATEGORIES.includes(category)) fail(`unknown category '${category}'`);
      } else if (name === '--mode') {
        mode = val();
        if (!['auto', 'listing', 'shop'].includes(mode)) fail(`unknown mode "${mode}" (listing, shop)`);
      } else if (name === '--rules') rules = val();
      else if (a === '--verbose') verbose = true;
      else if (a === '-h' || a === '--help') { out.write(IMAGE_USAGE); return 0; }
      else if (a.startsWith('-')) fail(`unknown option '${a}'`);
      else if (image === null) image = a;
      else fail(`unexpected argument '${a}'`);
    }
    if (image === null) fail('IMAGE is required');
    let st;
    try { st = statSync(image); } catch (e) { throw new LicenceError('usage', `cannot read ${image}: ${e.code || e.message}`); }
    if (st.size > IMAGE_LIMITS.maxBytes) throw new LicenceError('too_large', `${image}: larger than 20 MB`);
    let extraPack;
    if (rules) {
      try { extraPack = readFileSync(rules); } catch (e) { fail(`cannot read ${rules}: ${e.code || e.message}`); }
    }
    const img = await decodeImageNode(new Uint8Array(readFileSync(image)));
    const { loadEngine } = await import('./engine.js');
    let engine;
    try {
      engine = await loadEngine({ wasmBinary: readFileSync(join(root, 'web', 'gen', 'zicha.wasm')), extraPack });
    } catch (e) { throw new LicenceError('usage', rules ? e.message.replace(/^custom-rules\.json/, rules) : e.message); }
    const ocr = await createPaddleOcrNode(root);
    let report;
    try {
      report = await analyseImage(img, { ocr, engine, category, mode });
    } finally { await ocr.terminate(); }
    const printed = verbose ? { ...publicReport(report), timing: report.timing } : publicReport(report);
    await new Promise((res) => out.write(JSON.stringify(printed, null, 2) + '\n', res));
    return report.findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
  } catch (e) {
    if (e instanceof LicenceError) {
      err.write(`image: ${e.message}\n`);
      if (e.code === 'usage') err.write(IMAGE_USAGE);
      return 2;
    }
    throw e;
  }
}
