# --- batch check of CSV / .xlsx files (web/sheet.js, web/sheet-worker.js, web/xlsx.js) -----------------
# web/gen/fflate.mjs: the zip library web/xlsx.js reads and writes .xlsx with, copied from node_modules (npm ci,
# pinned in package.json) with its MIT licence prepended; the page loads it only when an .xlsx is read or
# written. Built with `make wasm` (and so before `make test`, `make serve`, `make dist`).
# `make bench-batch-page`: 100,000 rows through the page in headless Chromium (bench/batch-page.mjs): rows/s
# and the longest main-thread task. Not part of `make test`. BATCH_BENCH_ARGS passes options (--rows N).
FFLATE_SRC := node_modules/fflate/esm/browser.js
.PHONY: web-sheet-assets bench-batch-page
web-sheet-assets: $(WEBGEN)/fflate.mjs
wasm test serve dist: web-sheet-assets
$(WEBGEN)/fflate.mjs: $(FFLATE_SRC) node_modules/fflate/LICENSE mk/sheet.mk
	$(call msg,COPY,$@)
	$(Q)mkdir -p $(@D)
	$(Q){ printf '// fflate %s (esm/browser.js from the npm package), copied by mk/sheet.mk. Its licence:\n' \
	      "$$($(NODE) -p 'require("./node_modules/fflate/package.json").version')"; \
	      sed 's|^|// |' node_modules/fflate/LICENSE; echo; cat $(FFLATE_SRC); } > $@.tmp && mv $@.tmp $@
$(FFLATE_SRC) node_modules/fflate/LICENSE:
	@echo 'missing $@: run npm ci' >&2; exit 1
BATCH_BENCH_ARGS ?=
bench-batch-page: wasm
	$(Q)$(NODE) bench/batch-page.mjs $(BATCH_BENCH_ARGS)
# --- end batch check ------------------------------------------------------------------------------------
