# bench: speed, memory and size measurements. None is part of `make test`; each prints a table.
#
# `make bench`: throughput, latency, engine creation, memory, size, peers (mint-filter, indexOf), cost growth
# and time to first result; prints a table and writes $(BUILD)/bench/results.json (bench/run.mjs).
# BENCH_ARGS passes options, e.g. `make bench BENCH_ARGS='--quick --no-e2e'`.
# mint-filter (the peer) is installed pinned into $(BUILD)/bench, never into the repo's package.json.
BENCH_DIR        := $(BUILD)/bench
MINT_VER         := 4.0.3
MINT_STAMP       := $(BENCH_DIR)/.mint-filter-$(MINT_VER)
BENCH_NATIVE     := $(BENCH_DIR)/native-bench
BENCH_ARGS       ?=
.PHONY: bench bench-page-long bench-batch-page bench-extension image-bench
$(MINT_STAMP):
	$(call msg,NPM,mint-filter@$(MINT_VER) into $(BENCH_DIR))
	$(Q)mkdir -p $(BENCH_DIR)
	$(Q)npm install --prefix $(BENCH_DIR) --no-audit --no-fund --loglevel=error mint-filter@$(MINT_VER) >/dev/null
	$(Q)touch $@
$(BENCH_NATIVE): bench/native-bench.c $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)
bench: all $(BENCH_NATIVE) $(MINT_STAMP)
	$(Q)$(MAKE) wasm
	$(Q)$(NODE) bench/run.mjs $(BENCH_ARGS)

# `make bench-page-long`: typing in a 1,000,000-character text on the page (longest main-thread task, time to
# result); headless Chromium. BENCH_CHARS sets the length.
BENCH_CHARS ?= 1000000
bench-page-long: wasm
	$(Q)$(NODE) bench/page-long.mjs --chars $(BENCH_CHARS)

# `make bench-batch-page`: 100,000 rows through the page's CSV / .xlsx batch check in headless Chromium
# (bench/batch-page.mjs): rows/s and the longest main-thread task. BATCH_BENCH_ARGS passes options (--rows N).
BATCH_BENCH_ARGS ?=
bench-batch-page: wasm
	$(Q)$(NODE) bench/batch-page.mjs $(BATCH_BENCH_ARGS)

# `make bench-extension`: keystroke-to-underline time in headless Chromium (bench/extension.mjs), on a test build
# of the extension (mk/extension.mk) whose host permissions the headless browser needs.
bench-extension:
	$(Q)$(MAKE) extension EXT_DIR=$(BUILD)/extension/test EXT_ZIP=$(BUILD)/extension/test.zip EXT_TEST_HOSTS='http://127.0.0.1/*'
	$(Q)$(NODE) bench/extension.mjs $(BUILD)/extension/test

# `make image-bench`: product-image speed and worker memory in headless Chromium (tests/image/bench.mjs): a
# 1080 × 1500 poster, a 790 × 6,000 and a 790 × 20,000 long image through the page's OCR worker, models cached.
image-bench: wasm paddle-assets image-fonts
	$(Q)$(NODE) tests/image/bench.mjs $(IMAGE_BENCH_ARGS)
