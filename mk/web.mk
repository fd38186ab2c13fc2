# web: what the page (web/) needs besides its own files. `make wasm` (and so test, serve and dist) copies the
# pinned npm libraries the page loads on demand into $(WEBGEN); `make serve` serves web/ locally; `make dist`
# writes the deployable site.
.PHONY: serve dist web-editor-assets web-sheet-assets

# `make serve`: web/ on http://127.0.0.1:$PORT/ (also under /sub/path/) with the production CSP (tools/serve.mjs).
serve: all wasm
	$(call msg,SERVE,http://127.0.0.1:$(or $(PORT),8080)/)
	$(Q)PORT=$(or $(PORT),8080) $(NODE) tools/serve.mjs

# Long-text editor (web/editor.js). web/gen/cm-*.mjs: CodeMirror 6 (view, state) and its small dependencies, copied
# from node_modules (npm ci, pinned in package.json) with their MIT licences by tools/copy-editor.mjs; the page loads
# them only when a text is longer than the textarea can edit smoothly.
EDITOR_PKGS := @codemirror/view @codemirror/state style-mod w3c-keyname crelt @marijn/find-cluster-break
EDITOR_GEN  := $(WEBGEN)/cm-view.mjs
web-editor-assets: $(EDITOR_GEN)
wasm test serve dist: web-editor-assets
$(EDITOR_GEN): tools/copy-editor.mjs mk/web.mk $(foreach p,$(EDITOR_PKGS),node_modules/$(p)/package.json)
	$(call msg,COPY,$(WEBGEN)/cm-*.mjs)
	$(Q)$(NODE) tools/copy-editor.mjs --out $(WEBGEN)
$(foreach p,$(EDITOR_PKGS),node_modules/$(p)/package.json):
	@echo 'missing $@: run npm ci' >&2; exit 1

# Batch check of CSV / .xlsx files (web/sheet.js, web/sheet-worker.js, web/xlsx.js). web/gen/fflate.mjs: the zip
# library web/xlsx.js reads and writes .xlsx with, copied from node_modules (npm ci, pinned in package.json) with its
# MIT licence prepended; the page loads it only when an .xlsx is read or written.
FFLATE_SRC := node_modules/fflate/esm/browser.js
web-sheet-assets: $(WEBGEN)/fflate.mjs
wasm test serve dist: web-sheet-assets
$(WEBGEN)/fflate.mjs: $(FFLATE_SRC) node_modules/fflate/LICENSE mk/web.mk
	$(call msg,COPY,$@)
	$(Q)mkdir -p $(@D)
	$(Q){ printf '// fflate %s (esm/browser.js from the npm package), copied by mk/web.mk. Its licence:\n' \
	      "$$($(NODE) -p 'require("./node_modules/fflate/package.json").version')"; \
	      sed 's|^|// |' node_modules/fflate/LICENSE; echo; cat $(FFLATE_SRC); } > $@.tmp && mv $@.tmp $@
$(FFLATE_SRC) node_modules/fflate/LICENSE:
	@echo 'missing $@: run npm ci' >&2; exit 1

# `make dist`: the static site in dist/ (docs/contract.md): the page and every asset it needs, content-hashed
# names, relative URLs, precache.json for the service worker, the OCR assets (mk/ocr.mk) under gen/paddle.<hash>/.
# See tools/dist.mjs and web/DEPLOY.md.
DIST ?= dist
dist: wasm web-ocr-assets
	$(call msg,DIST,$(DIST)/)
	$(Q)$(NODE) tools/dist.mjs --out $(DIST)
