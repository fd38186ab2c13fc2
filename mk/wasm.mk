# wasm: the two WebAssembly modules (the Makefile's settings say what each holds), `make wasm`. Read after
# mk/licence.mk: the link lines and prerequisites below list what it adds to the WASM_* hook variables.
WASM_PRE            = $(WASM_EXTRA_DEPS)
WASM_LIC_ONLY       := $(filter $(WASM_LIC_ONLY_SRC),$(CORE_SRC))
WASM_LIC_GLUE       := $(filter $(WASM_LIC_GLUE_SRC),$(GLUE_SRC))

.PHONY: wasm
wasm: $(REGISTRY_JS) $(WASM_MJS) $(WASM_BIN) $(if $(WASM_LIC_GLUE),$(WASM_LIC_MJS) $(WASM_LIC_BIN))

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
# mk/core.mk); the licence module links the ordinary object with the full table.
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

# Flag stamps
$(BUILD)/wasm.flags: FORCE
	$(call flagstamp,$(EMCC) $(WASM_CFLAGS) $(WASM_TP_CFLAGS) $(WASM_CPPFLAGS) hot: $(WASM_HOT_SRC) $(WASM_HOT_OPT))
$(BUILD)/wasm-ld.flags: FORCE
	$(call flagstamp,$(EMCC) $(WASM_LDFLAGS))
$(BUILD)/wasm-lic-ld.flags: FORCE
	$(call flagstamp,$(EMCC) $(WASM_LIC_LDFLAGS))

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

-include $(wildcard $(WOBJ)/*/*.d $(WOBJ)/*/*/*.d $(WOBJ)/*/*/*/*.d)
