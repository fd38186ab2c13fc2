# --- PaddleOCR comparison for the licence check (owner: lic-paddle, issue 4) -----------------------------
# `make paddle-assets`        copies onnxruntime-web (wasm backend) + PP-OCRv4 det/rec ONNX + dictionary into
#                             web/gen/paddle/ (tools/copy-paddle-assets.sh; only needed if the page uses Paddle)
# `make paddle-eval`          the licence cases through web/licence.js with PaddleOCR instead of tesseract.js
#                             (PADDLE_ENGINE=paddle|hybrid|tesseract, PADDLE_EVAL_ARGS for more options)
# `make paddle-eval-browser`  the same in headless Chromium through a module worker (production CSP), with the
#                             bytes fetched on first use
PADDLE_ENGINE ?= paddle
.PHONY: paddle-assets paddle-eval paddle-eval-browser
paddle-assets:
	$(Q)tools/copy-paddle-assets.sh $(WEBGEN)/paddle

paddle-eval: wasm
	$(Q)$(NODE) tests/licence/paddle-eval.mjs --engine $(PADDLE_ENGINE) --verbose $(PADDLE_EVAL_ARGS)

paddle-eval-browser: wasm ocr-assets paddle-assets
	$(Q)$(NODE) tests/licence/paddle-browser-eval.mjs --engine $(PADDLE_ENGINE) $(PADDLE_EVAL_ARGS)
# --- end paddle -------------------------------------------------------------------------------------------
