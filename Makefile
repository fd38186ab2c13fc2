# zicha build: native library + CLI, WebAssembly modules, web assets, tests. `make help` lists the targets.
# Quiet by default (one line per step); `make V=1` echoes every command.
# This file holds what every part reads (layout, tools, flags, source lists, the hook variables) and includes the
# rules of each component from mk/, in the order given at the end. A component extends another through the hook
# variables (WASM_EXPORTS, WASM_LIC_EXPORTS, WASM_EXTRA_SRC, WASM_LIC_EXTRA_SRC, WASM_EXTRA_CPPFLAGS,
# WASM_EXTRA_DEPS, TEST_BINS, CPPFLAGS) rather than by editing the other's rules.

.DEFAULT_GOAL := all
MAKEFLAGS += --no-print-directory
.DELETE_ON_ERROR:
.SUFFIXES:

ifeq ($(V),1)
Q :=
else
Q := @
endif
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'

# ---------------------------------------------------------------------------------------------------
# Layout and tools
BUILD    ?= build
OBJ      := $(BUILD)/obj
GEN      := $(BUILD)/gen
HOST     := $(BUILD)/host
WOBJ     := $(BUILD)/wasm-obj
TP       := $(BUILD)/third_party
WEBGEN   := web/gen

CC       ?= cc
HOSTCC   ?= cc
AR       ?= ar
EMCC     ?= emcc
EMENV    := NODE_PATH=/usr/share/nodejs EM_FROZEN_CACHE=1
NODE     ?= node

# Native flags. EXTRA_CFLAGS / EXTRA_LDFLAGS are for variant builds, e.g.
#   make BUILD=build/asan EXTRA_CFLAGS='-fsanitize=address,undefined' EXTRA_LDFLAGS='-fsanitize=address,undefined'
CFLAGS   := -std=c11 -O2 -g -Wall -Wextra -Werror $(EXTRA_CFLAGS)
CPPFLAGS := -Icore/include -Icore/src -I$(GEN)
DEPFLAGS  = -MMD -MP
LDFLAGS  := $(EXTRA_LDFLAGS)
LDLIBS   := -lz -lm
# The unit tests compare the engine's JSON reader with cJSON, the reader it replaced (tests/unit/test_json.c).
TEST_LDLIBS := -lcjson

# ---------------------------------------------------------------------------------------------------
# Sources (wildcards: new files are picked up automatically)
CORE_SRC  := $(sort $(wildcard core/src/*.c))
CLI_SRC   := $(sort $(wildcard core/cli/*.c))
GLUE_SRC  := $(sort $(wildcard core/wasm/*.c))
# (rules/licence.json holds the licence image check's findings, not a text pack: mk/licence.mk compiles it into licence.c)
RULES     := $(filter-out rules/licence.json,$(sort $(wildcard rules/*.json)))
T2S_H     := $(GEN)/zc_t2s_table.h
# The contract's vocabulary (families, categories, pattern names, labels): one data file, from which
# tools/gen-registry.mjs writes the C header and the page's module (web/gen/registry.js) together.
REGISTRY    := rules/registry/vocabulary.json
REGISTRY_H  := $(GEN)/zc_registry.h
REGISTRY_JS := $(WEBGEN)/registry.js
GEN_H     := $(T2S_H) $(REGISTRY_H)
GEN_C     := $(GEN)/zc_builtin_packs.c
EMBED     := $(HOST)/embed

LIB       := $(BUILD)/libzicha.a
CLI       := $(BUILD)/zicha
LIB_OBJ   := $(CORE_SRC:%.c=$(OBJ)/%.o) $(GEN_C:$(GEN)/%.c=$(OBJ)/gen/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(OBJ)/%.o)

UNIT_SRC  := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ  := $(UNIT_SRC:%.c=$(OBJ)/%.o)
RULEX_SRC := $(wildcard tests/rule_examples.c)
RULEX_OBJ := $(RULEX_SRC:%.c=$(OBJ)/%.o)
TEST_BINS += $(if $(UNIT_SRC),$(BUILD)/test_unit) $(if $(RULEX_SRC),$(BUILD)/test_rules)

# ---------------------------------------------------------------------------------------------------
# WebAssembly: two modules built from the same sources.
#   core     $(WEBGEN)/zicha.{mjs,wasm}          the text check: everything the page's first result needs (engine,
#                                                built-in rule packs, 繁→简 table, identifier checks with a codes-only
#                                                division table)
#   licence  $(WEBGEN)/zicha-licence.{mjs,wasm}  the licence image check (quirc QR decoder, licence extraction and
#                                                checks, identifier details with division names), fetched only when
#                                                an image is chosen (web/ocr-worker.js) or in Node (web/licence.js)
# Neither links zlib: web/engine.js inflates a gzip custom rule pack with DecompressionStream (same limits and
# messages as core/src/gunzip.c) and the core, built with ZC_NO_GZIP, reads the JSON (core/src/gunzip.h).
# Exports are space-separated lists; extend with e.g. `WASM_EXPORTS += _zc_wasm_foo` (core) or
# `WASM_LIC_EXPORTS += _zc_wasm_bar` (licence module).
# (_zc_wasm_check_compact: the report with compact findings, which web/engine.js completes from the rule list;
# _zc_wasm_id_scan: identify and scan with a given year, for tests/id-vectors.test.mjs)
WASM_EXPORTS        += _malloc _free _zc_wasm_init _zc_wasm_error _zc_wasm_check _zc_wasm_rules _zc_wasm_batch_line _zc_wasm_version \
                       _zc_wasm_check_compact
WASM_RUNTIME        +=
WASM_MJS            := $(WEBGEN)/zicha.mjs
WASM_BIN            := $(WEBGEN)/zicha.wasm
WASM_LIC_EXPORTS    += _malloc _free _zc_wasm_id _zc_wasm_id_scan
WASM_LIC_RUNTIME    += UTF8ToString
WASM_LIC_MJS        := $(WEBGEN)/zicha-licence.mjs
WASM_LIC_BIN        := $(WEBGEN)/zicha-licence.wasm
# Core sources that only the licence module links (the native library has everything) and its glue files: a new
# licence-only file under core/src or core/wasm goes here too (`WASM_LIC_ONLY_SRC += core/src/foo.c` in a mk/
# fragment), or it lands in the core module that the page downloads first.
WASM_LIC_ONLY_SRC   += core/src/licence.c core/src/qr.c
WASM_LIC_GLUE_SRC   += core/wasm/zc_wasm_licence.c core/wasm/zc_wasm_id.c
# Hooks: extra third-party C files for the core wasm (WASM_EXTRA_SRC) or the licence module (WASM_LIC_EXTRA_SRC),
# compiled without -Werror, their include flags, and extra prerequisites that must exist first (e.g. a fetch stamp).
WASM_EXTRA_SRC      +=
WASM_LIC_EXTRA_SRC  +=
WASM_EXTRA_CPPFLAGS +=
WASM_EXTRA_DEPS     +=

# Shared by the fragments: FORCE (a rule that always runs) and flagstamp (rewrites the stamp $@ when the text $(1),
# a compiler and its flags, changed, so that what depends on the stamp is rebuilt).
.PHONY: FORCE
FORCE:
define flagstamp
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' '$(1)' > $@.tmp; if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
endef

# ---------------------------------------------------------------------------------------------------
# Components. make expands a rule's prerequisite list when it reads the rule, so a fragment that adds to a hook
# variable (CPPFLAGS, TEST_BINS, WASM_*) comes before the fragments whose rules list that variable: licence.mk
# adds quirc to the library and the licence module before wasm.mk and tests.mk read them, and tests.mk's
# sanitizer builds come before fuzz.mk, which reuses their helpers. The rest only name each other's targets.
include mk/core.mk        # generated sources, identifier tables, native objects, $(LIB), $(CLI), test_unit, test_rules
include mk/licence.mk     # licence image check: quirc, the findings table, its C tests and debugging driver
include mk/wasm.mk        # the two WebAssembly modules (`make wasm`)
include mk/tests.mk       # `make test`, `make tests`, the sanitizer suites (`make sanitize`, fuzz corpus replay)
include mk/fuzz.mk        # libFuzzer targets (`make fuzz`, `make fuzz-build`)
include mk/web.mk         # the page's copied assets (editor, .xlsx), `make serve`, `make dist`
include mk/ocr.mk         # OCR assets: PaddleOCR for the page and Node, tesseract for the comparison
include mk/extension.mk   # the Chromium extension (`make extension`)
include mk/eval.mk        # accuracy: `make eval`, licence-eval(-browser), licence-upload-eval, image-eval
include mk/bench.mk       # speed and memory: `make bench` and the other bench-* targets, image-bench
include mk/platform.mk    # `zicha batch` on Dask: platform-test, platform-bench

# ---------------------------------------------------------------------------------------------------
.PHONY: deps clean help
deps:
	$(Q)tools/install-deps.sh

clean:
	$(call msg,CLEAN,$(BUILD) $(WEBGEN))
	$(Q)rm -rf $(BUILD) $(WEBGEN)

help:
	@echo 'zicha make targets:'
	@echo '  make / make all   native build: $(LIB) and $(CLI)'
	@echo '  make wasm         WebAssembly build: $(WASM_MJS) + $(WASM_BIN) (text check), $(WASM_LIC_MJS) + .wasm'
	@echo '                    (licence image check, loaded only when needed); fetches quirc (npm node-quirc)'
	@echo '  make deps         install missing Debian packages and node_modules (quick when nothing is missing)'
	@echo '  make tests        build the test binaries ($(TEST_BINS))'
	@echo '  make test         deps + all + wasm + test binaries, then tests/run.sh (prints "N passed, N failed")'
	@echo '  make serve        serve web/ on http://127.0.0.1:$$PORT/ (default 8080; also under /sub/path/) with CSP'
	@echo '  make dist         the deployable static site in dist/ (content-hashed assets, relative URLs)'
	@echo '  make extension    Chromium extension (MV3): unpacked in build/extension/unpacked/, store zip'
	@echo '                    build/extension/zicha-extension.zip; make bench-extension: keystroke-to-underline'
	@echo '  make eval         accuracy on the labelled corpus tests/corpus/ (recall, precision, false alarms)'
	@echo '  make bench        throughput, latency, memory, size, peers (build/bench/results.json)'
	@echo '                    (also bench-page-long, bench-batch-page: the page with long texts and 100,000 rows)'
	@echo '  make fuzz         libFuzzer targets, FUZZ_SECONDS each (default 60); make fuzz-build only builds them'
	@echo '  make sanitize     the ASan+UBSan suites of make test alone (unit, rule examples, fuzz corpus replay)'
	@echo '  make licence-eval licence-image accuracy on generated licences (licence-eval-browser: through the page)'
	@echo '  make licence-upload-eval  the same on licences as merchants upload them (two seeds)'
	@echo '  make image-eval   product-image accuracy on generated posters and long images (both seeds)'
	@echo '  make image-bench  product-image speed and OCR-worker memory in headless Chromium'
	@echo '  make paddle-assets  the OCR assets in $(WEBGEN)/paddle; make ocr-assets: tesseract (comparison only)'
	@echo '  make platform-test  `zicha batch` on Dask (2 workers, 1M listings) = single process, also after a worker kill'
	@echo '  make platform-bench listings/s, MB/s, memory: 1 process, parallel -j2, Dask 1 and 2 workers'
	@echo '  make clean        remove $(BUILD)/ and $(WEBGEN)/'
	@echo 'Variables: V=1 (echo commands), BUILD=dir, EXTRA_CFLAGS, EXTRA_LDFLAGS, CC, EMCC, PORT.'

