# zicha build: native library + CLI, WebAssembly module, tests. `make help` lists the targets.
# Quiet by default (one line per step); `make V=1` echoes every command.
# Other engineers: extend through the hook variables (WASM_EXPORTS, WASM_LIC_EXPORTS, WASM_EXTRA_SRC,
# WASM_LIC_EXTRA_SRC, WASM_EXTRA_CPPFLAGS, TEST_BINS, ...) with a small delimited block rather than editing the rules.

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
WASM_EXPORTS        += _malloc _free _zc_wasm_init _zc_wasm_error _zc_wasm_check _zc_wasm_rules _zc_wasm_batch_line _zc_wasm_version
WASM_RUNTIME        +=
WASM_MJS            := $(WEBGEN)/zicha.mjs
WASM_BIN            := $(WEBGEN)/zicha.wasm
WASM_LIC_EXPORTS    += _malloc _free _zc_wasm_id
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

# Other parts of the project may keep their own make fragments in mk/*.mk (included here, before the rules,
# so that their `+=` on the hook variables above reach the prerequisite lists below).
include $(sort $(wildcard mk/*.mk))

WASM_PRE            = $(WASM_EXTRA_DEPS)
WASM_LIC_ONLY       := $(filter $(WASM_LIC_ONLY_SRC),$(CORE_SRC))
WASM_LIC_GLUE       := $(filter $(WASM_LIC_GLUE_SRC),$(GLUE_SRC))

WASM_CFLAGS    := -std=c11 -Oz -Wall -Wextra -Werror
# The hot path of a check is compiled with -O2 instead of -Oz: measured on the core module, a 5,000-character
# check takes 0.97 instead of 1.20 ms (Node, after tier-up) for +7 KB gzip (131 -> 138 KB), and engine creation
# in V8's baseline tier is unchanged. `make WASM_HOT_SRC=` builds everything with -Oz.
# check.c and identifier.c stay -Oz: with them at -O2 the module was 149.7 KB gzip (no room for new rules under
# the 150 KB budget) for ~10 % more per-listing throughput (43 vs 38 MB/s, Node, bench/wasm.mjs --quick).
WASM_HOT_SRC   ?= core/src/text.c core/src/matcher.c core/src/patterns.c
WASM_HOT_OPT   ?= -O2
WASM_TP_CFLAGS := -Oz -w
WASM_CPPFLAGS   = $(CPPFLAGS) -DZC_NO_GZIP $(WASM_EXTRA_CPPFLAGS)

comma := ,
empty :=
space := $(empty) $(empty)
commalist = $(subst $(space),$(comma),$(strip $(1)))

# Link flags shared by the two modules. -sEXPORTED_RUNTIME_METHODS only when a module asks for some.
WASM_LDFLAGS_COMMON = -Oz -sMODULARIZE=1 -sEXPORT_ES6=1 -sENVIRONMENT=web,worker \
	-sMALLOC=emmalloc -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0
# The core module is linked with -O3 (binaryen's optimiser after LLVM; the objects keep their own levels):
# measured on the whole bench corpus in Node after tier-up, 107 MB/s with -Oz, 112 with -Os, 124 with -O3, for
# +418 B gzip on this module (bench/build-wasm.sh DIR -Oz "-O3" with BENCH_HOT_OPT=-O2; binaryen then inlines the
# small helpers of the hot loops). The licence module keeps -Oz.
WASM_CORE_LINK_OPT ?= -O3
WASM_LDFLAGS = $(filter-out -Oz,$(WASM_LDFLAGS_COMMON)) $(WASM_CORE_LINK_OPT) -sEXPORT_NAME=createZicha \
	-sEXPORTED_FUNCTIONS=$(call commalist,$(WASM_EXPORTS)) \
	$(if $(strip $(WASM_RUNTIME)),-sEXPORTED_RUNTIME_METHODS=$(call commalist,$(WASM_RUNTIME)))
WASM_LIC_LDFLAGS = $(WASM_LDFLAGS_COMMON) -sEXPORT_NAME=createZichaLicence \
	-sEXPORTED_FUNCTIONS=$(call commalist,$(WASM_LIC_EXPORTS)) \
	$(if $(strip $(WASM_LIC_RUNTIME)),-sEXPORTED_RUNTIME_METHODS=$(call commalist,$(WASM_LIC_RUNTIME)))

# Core objects: identifier.c is compiled against the codes-only division table ($(WOBJ)/codes/…, see
# mk/divisions.mk); the licence module links the ordinary object with the full table.
wasm_tp_obj    = $(patsubst $(TP)/%.c,$(WOBJ)/tp/%.o,$(filter $(TP)/%,$(1))) \
                 $(patsubst %.c,$(WOBJ)/ext/%.o,$(filter-out $(TP)/%,$(1)))
WASM_CORE_SRC := $(filter-out $(WASM_LIC_ONLY) core/src/gunzip.c,$(CORE_SRC))
WASM_OWN_OBJ  := $(patsubst %.c,$(WOBJ)/%.o,$(filter-out core/src/identifier.c,$(WASM_CORE_SRC))) \
                 $(patsubst %.c,$(WOBJ)/codes/%.o,$(filter core/src/identifier.c,$(WASM_CORE_SRC))) \
                 $(patsubst %.c,$(WOBJ)/%.o,$(filter-out $(WASM_LIC_GLUE),$(GLUE_SRC))) \
                 $(GEN_C:$(GEN)/%.c=$(WOBJ)/gen/%.o)
WASM_TP_SRC    = $(WASM_EXTRA_SRC)
WASM_TP_OBJ    = $(call wasm_tp_obj,$(WASM_TP_SRC))
# (text.c, buf.c and error.c for the UTF-8 decoder, the growable buffer and errors: the linker keeps only what licence.c calls)
WASM_LIC_OBJ  := $(patsubst %.c,$(WOBJ)/%.o,$(WASM_LIC_ONLY) \
                 $(filter core/src/identifier%.c core/src/text.c core/src/buf.c core/src/error.c,$(CORE_SRC)) \
                 $(WASM_LIC_GLUE))
WASM_LIC_TP_OBJ = $(call wasm_tp_obj,$(WASM_LIC_EXTRA_SRC))

# ---------------------------------------------------------------------------------------------------
.PHONY: all native wasm deps test tests serve clean help FORCE
FORCE:

all native: $(LIB) $(if $(CLI_SRC),$(CLI))

wasm: $(REGISTRY_JS) $(WASM_MJS) $(WASM_BIN) $(if $(WASM_LIC_GLUE),$(WASM_LIC_MJS) $(WASM_LIC_BIN))

deps:
	$(Q)tools/install-deps.sh

tests: $(TEST_BINS)

# The build inside `make test` runs in parallel on all cores unless -j was given.
NPROC := $(shell nproc 2>/dev/null || echo 2)
test: deps
	$(Q)$(MAKE) $(if $(filter -j% j%,$(MAKEFLAGS)),,-j$(NPROC) --output-sync=target) all wasm tests
	$(Q)tests/run.sh

serve: all wasm
	$(call msg,SERVE,http://127.0.0.1:$(or $(PORT),8080)/)
	$(Q)PORT=$(or $(PORT),8080) $(NODE) tools/serve.mjs

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
	@echo '  make fuzz         libFuzzer targets, FUZZ_SECONDS each (default 60)'
	@echo '  make licence-eval licence-image accuracy on generated licences'
	@echo '  make image-eval   product-image accuracy on generated posters and long images (both seeds)'
	@echo '  make image-bench  product-image speed and OCR-worker memory in headless Chromium'
	@echo '  make platform-test  `zicha batch` on Dask (2 workers, 1M listings) = single process, also after a worker kill'
	@echo '  make platform-bench listings/s, MB/s, memory: 1 process, parallel -j2, Dask 1 and 2 workers'
	@echo '  make clean        remove $(BUILD)/ and $(WEBGEN)/'
	@echo 'Variables: V=1 (echo commands), BUILD=dir, EXTRA_CFLAGS, EXTRA_LDFLAGS, CC, EMCC, PORT.'

# ---------------------------------------------------------------------------------------------------
# Flag stamps: a change of compiler or flags rebuilds what depends on them.
define flagstamp
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' '$(1)' > $@.tmp; if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
endef
$(BUILD)/native.flags: FORCE
	$(call flagstamp,$(CC) $(CFLAGS) $(CPPFLAGS))
$(BUILD)/native-ld.flags: FORCE
	$(call flagstamp,$(CC) $(CFLAGS) $(LDFLAGS) $(LDLIBS))
$(BUILD)/wasm.flags: FORCE
	$(call flagstamp,$(EMCC) $(WASM_CFLAGS) $(WASM_TP_CFLAGS) $(WASM_CPPFLAGS) hot: $(WASM_HOT_SRC) $(WASM_HOT_OPT))
$(BUILD)/wasm-ld.flags: FORCE
	$(call flagstamp,$(EMCC) $(WASM_LDFLAGS))
$(BUILD)/wasm-lic-ld.flags: FORCE
	$(call flagstamp,$(EMCC) $(WASM_LIC_LDFLAGS))
$(GEN)/packs.list: FORCE
	$(call flagstamp,$(RULES))

# ---------------------------------------------------------------------------------------------------
# Generated sources
$(T2S_H): tools/gen-t2s.sh
	$(call msg,GEN,$@)
	$(Q)tools/gen-t2s.sh $@

$(REGISTRY_H) $(REGISTRY_JS) &: $(REGISTRY) tools/gen-registry.mjs
	$(call msg,GEN,$(REGISTRY_H) $(REGISTRY_JS))
	$(Q)$(NODE) tools/gen-registry.mjs --registry $(REGISTRY) --c $(REGISTRY_H) --js $(REGISTRY_JS)

$(EMBED): tools/embed.c
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# The embedded packs leave out examples and notes (tools/strip-packs.mjs); tests read rules/*.json directly.
STRIPPED  := $(RULES:rules/%=$(GEN)/packs/%)
$(GEN_C): $(GEN)/packs.list $(RULES) $(EMBED) tools/strip-packs.mjs
	$(call msg,EMBED,$@ ($(words $(RULES)) packs, examples stripped))
	$(Q)rm -rf $(GEN)/packs
	$(Q)$(if $(RULES),$(NODE) tools/strip-packs.mjs $(GEN)/packs $(RULES))
	$(Q)$(EMBED) $@ $(STRIPPED)

# ---------------------------------------------------------------------------------------------------
# Native objects, library, CLI, test binaries
$(OBJ)/gen/%.o: $(GEN)/%.c $(BUILD)/native.flags | $(GEN_H)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(OBJ)/tests/%.o: tests/%.c $(BUILD)/native.flags | $(GEN_H)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(OBJ)/%.o: %.c $(BUILD)/native.flags | $(GEN_H)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/test_unit: $(UNIT_OBJ) $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(LIB) $(LDLIBS) $(TEST_LDLIBS)

$(BUILD)/test_rules: $(RULEX_OBJ) $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(RULEX_OBJ) $(LIB) $(LDLIBS)

# ---------------------------------------------------------------------------------------------------
# WebAssembly: the only third-party C is quirc (mk/licence.mk fetches it from npm; WASM_EXTRA_DEPS).
ifneq ($(strip $(WASM_EXTRA_SRC) $(WASM_LIC_EXTRA_SRC)),)
$(sort $(WASM_EXTRA_SRC) $(WASM_LIC_EXTRA_SRC)): $(WASM_EXTRA_DEPS)
endif

$(WOBJ)/gen/%.o: $(GEN)/%.c $(BUILD)/wasm.flags | $(GEN_H) $(WASM_PRE)
	$(call msg,EMCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EMENV) $(EMCC) $(WASM_CPPFLAGS) $(WASM_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(WOBJ)/tp/%.o: $(TP)/%.c $(BUILD)/wasm.flags | $(WASM_PRE)
	$(call msg,EMCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EMENV) $(EMCC) $(WASM_CPPFLAGS) $(WASM_TP_CFLAGS) -c -o $@ $<

$(WOBJ)/ext/%.o: %.c $(BUILD)/wasm.flags | $(WASM_PRE)
	$(call msg,EMCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EMENV) $(EMCC) $(WASM_CPPFLAGS) $(WASM_TP_CFLAGS) -c -o $@ $<

# (emcc keeps -Oz's size level when another -O follows it: the hot files get WASM_HOT_OPT instead of -Oz)
$(patsubst %.c,$(WOBJ)/%.o,$(WASM_HOT_SRC)) $(patsubst %.c,$(WOBJ)/codes/%.o,$(WASM_HOT_SRC)): \
	WASM_CFLAGS := $(filter-out -Oz,$(WASM_CFLAGS)) $(WASM_HOT_OPT)

# (the codes-only generated headers of $(GEN)/codes come first on the include path)
$(WOBJ)/codes/%.o: %.c $(BUILD)/wasm.flags | $(GEN_H) $(WASM_PRE)
	$(call msg,EMCC,$< (codes-only tables))
	$(Q)mkdir -p $(@D)
	$(Q)$(EMENV) $(EMCC) -I$(GEN)/codes $(WASM_CPPFLAGS) $(WASM_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(WOBJ)/%.o: %.c $(BUILD)/wasm.flags | $(GEN_H) $(WASM_PRE)
	$(call msg,EMCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EMENV) $(EMCC) $(WASM_CPPFLAGS) $(WASM_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(WASM_MJS) $(WASM_BIN) &: $(WASM_OWN_OBJ) $(WASM_TP_OBJ) $(BUILD)/wasm-ld.flags
	$(call msg,EMLD,$(WASM_MJS) $(WASM_BIN))
	$(Q)mkdir -p $(@D)
	$(Q)$(EMENV) $(EMCC) $(WASM_LDFLAGS) -o $(WASM_MJS) $(filter %.o,$^)

$(WASM_LIC_MJS) $(WASM_LIC_BIN) &: $(WASM_LIC_OBJ) $(WASM_LIC_TP_OBJ) $(BUILD)/wasm-lic-ld.flags
	$(call msg,EMLD,$(WASM_LIC_MJS) $(WASM_LIC_BIN))
	$(Q)mkdir -p $(@D)
	$(Q)$(EMENV) $(EMCC) $(WASM_LIC_LDFLAGS) -o $(WASM_LIC_MJS) $(filter %.o,$^)

-include $(wildcard $(OBJ)/*/*.d $(OBJ)/*/*/*.d $(OBJ)/*/*/*/*.d $(WOBJ)/*/*.d $(WOBJ)/*/*/*.d $(WOBJ)/*/*/*/*.d)
