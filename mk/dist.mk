# --- static site (owner: web engineer, issue 5 item 8): `make dist` ----------------------------------
# Writes dist/ (contract.md): the page and every asset it needs, content-hashed names, relative URLs,
# precache.json for the service worker, the OCR assets under gen/ocr.<hash>/. See tools/dist.mjs and
# web/DEPLOY.md. The OCR assets are copied into web/gen/ocr first when missing (tools/copy-ocr-assets.sh),
# also before `make test` (tests/e2e/licence.test.mjs and dist.test.mjs use them).
DIST ?= dist
.PHONY: dist web-ocr-assets
web-ocr-assets: deps
	$(Q)if [ ! -f $(WEBGEN)/ocr/tesseract.esm.min.js ] && [ -x tools/copy-ocr-assets.sh ]; then tools/copy-ocr-assets.sh $(WEBGEN)/ocr; fi
test serve: web-ocr-assets
dist: wasm
	$(Q)if [ ! -f $(WEBGEN)/ocr/tesseract.esm.min.js ] && [ -x tools/copy-ocr-assets.sh ]; then tools/copy-ocr-assets.sh $(WEBGEN)/ocr; fi
	$(call msg,DIST,$(DIST)/)
	$(Q)$(NODE) tools/dist.mjs --out $(DIST)
# --- end dist ----------------------------------------------------------------------------------------
