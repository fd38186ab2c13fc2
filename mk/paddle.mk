# --- PaddleOCR, the licence check's OCR engine (owner: lic-paddle / paddle-switch, issue 4) ----------------
# `make paddle-assets`  copies onnxruntime-web (wasm backend) + PP-OCRv4 det/rec ONNX (8-bit packed) +
#                       dictionary + jpeg-js's decoder into web/gen/paddle/ (tools/copy-paddle-assets.sh, from
#                       node_modules only); the page (web/ocr-worker.js) and `node web/cli.mjs licence` read them
# `make paddle-eval`    engine comparison on the licence cases in Node (PADDLE_ENGINE=paddle|hybrid|tesseract,
#                       PADDLE_EVAL_ARGS for more options); the page's own numbers: make licence-eval(-browser)
PADDLE_ENGINE ?= paddle
.PHONY: paddle-assets paddle-eval
paddle-assets:
	$(Q)tools/copy-paddle-assets.sh $(WEBGEN)/paddle

paddle-eval: wasm paddle-assets
	$(Q)$(NODE) tests/licence/paddle-eval.mjs --engine $(PADDLE_ENGINE) --verbose $(PADDLE_EVAL_ARGS)
# --- end paddle -------------------------------------------------------------------------------------------
