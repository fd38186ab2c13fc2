# --- static site (owner: web engineer, issue 5 item 8): `make dist` ----------------------------------
# Writes dist/ (contract.md): the page and every asset it needs, content-hashed names, relative URLs,
# precache.json for the service worker, the OCR assets (PaddleOCR: onnxruntime-web + PP-OCRv4) under
# gen/paddle.<hash>/. See tools/dist.mjs and web/DEPLOY.md. The OCR assets are copied into web/gen/paddle first
# (tools/copy-paddle-assets.sh, from node_modules; idempotent), also before `make test` and `make serve`
# (tests/e2e/licence.test.mjs and dist.test.mjs use them).
DIST ?= dist
.PHONY: dist web-ocr-assets
web-ocr-assets: deps
	$(Q)tools/copy-paddle-assets.sh $(WEBGEN)/paddle
test serve: web-ocr-assets
dist: wasm web-ocr-assets
	$(call msg,DIST,$(DIST)/)
	$(Q)$(NODE) tools/dist.mjs --out $(DIST)
# --- end dist ----------------------------------------------------------------------------------------
