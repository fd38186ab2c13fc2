# ocr: the OCR engine's assets. PaddleOCR reads licence and product images in the page (web/ocr-worker.js,
# web/ocr-paddle.js) and in Node (`node web/cli.mjs licence|image`).
# `make paddle-assets`  copies onnxruntime-web (wasm backend) + PP-OCRv4 det/rec ONNX (packed in 4–8 bits) + dictionary +
#                       jpeg-js's decoder into web/gen/paddle/ (tools/copy-paddle-assets.sh, from node_modules only;
#                       idempotent). web-ocr-assets does the same after `make deps`, before test, serve and dist
#                       (tests/e2e/licence.test.mjs and dist.test.mjs use them).
# `make ocr-assets`     builds the second tesseract model into build/tesseract/, only for the comparison
#                       (`make licence-eval LICENCE_EVAL_ARGS='--engine tesseract'`, tests/licence/RESULTS.md); the
#                       page does not use tesseract.
.PHONY: paddle-assets web-ocr-assets ocr-assets
paddle-assets:
	$(Q)tools/copy-paddle-assets.sh $(WEBGEN)/paddle
web-ocr-assets: deps
	$(Q)tools/copy-paddle-assets.sh $(WEBGEN)/paddle
test serve: web-ocr-assets
ocr-assets:
	$(Q)tools/copy-ocr-assets.sh $(BUILD)/tesseract
