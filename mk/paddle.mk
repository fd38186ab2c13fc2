# --- PaddleOCR, the licence check's OCR engine (owner: lic-paddle / paddle-switch, issue 4) ----------------
# `make paddle-assets`  copies onnxruntime-web (wasm backend) + PP-OCRv4 det/rec ONNX (packed in 4–8 bits) +
#                       dictionary + jpeg-js's decoder into web/gen/paddle/ (tools/copy-paddle-assets.sh, from
#                       node_modules only); the page (web/ocr-worker.js) and `node web/cli.mjs licence` read them
# Accuracy: make licence-eval(-browser); the tesseract comparison: make licence-eval LICENCE_EVAL_ARGS='--engine
# tesseract' (tests/licence/RESULTS.md)
.PHONY: paddle-assets
paddle-assets:
	$(Q)tools/copy-paddle-assets.sh $(WEBGEN)/paddle
# --- end paddle -------------------------------------------------------------------------------------------
