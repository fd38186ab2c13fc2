# --- bench (owner: performance engineer, issue 6) ----------------------------------------------------
# `make bench`: throughput, latency, engine creation, memory, size, peers (mint-filter, indexOf), cost growth
# and time to first result; prints a table and writes $(BUILD)/bench/results.json (bench/run.mjs).
# Not part of `make test`. BENCH_ARGS passes options, e.g. `make bench BENCH_ARGS='--quick --no-e2e'`.
# mint-filter (the peer) is installed pinned into $(BUILD)/bench, never into the repo's package.json.
BENCH_DIR        := $(BUILD)/bench
MINT_VER         := 4.0.3
MINT_STAMP       := $(BENCH_DIR)/.mint-filter-$(MINT_VER)
BENCH_NATIVE     := $(BENCH_DIR)/native-bench
BENCH_ARGS       ?=
.PHONY: bench
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
# --- end bench ---------------------------------------------------------------------------------------

# --- bench-page-long: typing in a 1,000,000-character text on the page (longest main-thread task, time to
# result); headless Chromium. BENCH_CHARS sets the length. Not part of `make test`.
BENCH_CHARS ?= 1000000
.PHONY: bench-page-long
bench-page-long: wasm
	$(Q)$(NODE) bench/page-long.mjs --chars $(BENCH_CHARS)
