# --- reliability (owner: reliability engineer, issue 7): fuzzing and sanitizer builds -------------------
# `make fuzz`      builds one libFuzzer binary per tests/fuzz/fuzz_<target>.c with clang
#                  (-fsanitize=fuzzer,address,undefined) under $(FUZZ_DIR)/ and runs each for FUZZ_SECONDS
#                  (default 60) from the seeds in tests/fuzz/corpus/<target>/ (new inputs go to
#                  $(FUZZ_DIR)/<target>/corpus/, crashes to $(FUZZ_DIR)/<target>/crashes/). FUZZ_TARGETS picks
#                  targets, FUZZ_ARGS adds libFuzzer flags, FUZZ_UB_CONTINUE lists targets that keep going past
#                  UB (tests/fuzz/README.md). Exit 1 when any target crashed. Needs clang + libclang-rt-14-dev.
# `make fuzz-build` only builds them.
# `make sanitize`  builds and runs the ASan+UBSan suites below (gcc, leak detection on).
# `make test` runs three extra suites (added to TEST_BINS): $(BUILD)/test_asan_unit and $(BUILD)/test_asan_rules
# (the unit tests and the rule-example runner built with -fsanitize=address,undefined) and
# $(BUILD)/test_fuzz_replay (every fuzz target's entry point, same sanitizers, replaying the seed corpora and
# every crash found so far, tests/fuzz/regressions/<target>/, without libFuzzer).
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_ARGS    ?=
FUZZ_UB_CONTINUE ?=
ASAN_DIR     := $(BUILD)/asan

# The library sources of the variant builds: the core (+ generated packs) and, when core/src/qr.c is there,
# quirc's sources as fetched by tools/fetch-quirc.sh (compiled without -Werror: third-party code).
ZCV_QUIRC_DIR   := $(TP)/quirc
ZCV_QUIRC_SRC   := $(if $(filter core/src/qr.c,$(CORE_SRC)),$(addprefix $(ZCV_QUIRC_DIR)/,quirc.c decode.c identify.c version_db.c))
# (mk/licence.mk fetches quirc for the main build; its stamp is reused when it is there)
ZCV_QUIRC_STAMP := $(if $(ZCV_QUIRC_SRC),$(or $(LICENCE_QUIRC_STAMP),$(BUILD)/.zcv-quirc-fetched))
ZCV_LIB_SRC     := $(CORE_SRC) $(GEN_C)
ZCV_CPPFLAGS     = $(CPPFLAGS) -Itests -Itests/fuzz $(if $(ZCV_QUIRC_SRC),$(if $(filter -I$(ZCV_QUIRC_DIR),$(CPPFLAGS)),,-I$(ZCV_QUIRC_DIR)))
# UB in quirc (node-quirc 2.3.0) that UBSan stops on, found by fuzz_qr (inputs in tests/fuzz/regressions/qr/): the
# first quirc_resize() does memcpy(image, NULL, 0); perspective_map() converts a NaN/huge double to int for
# degenerate finder patterns (x86 gives INT_MIN; wasm's LLVM lowering does not trap), and the alignment-pattern
# search then overflows int arithmetic on those INT_MIN coordinates. Third-party code we do not patch, so these
# checks are off for third-party sources only; ASan still checks every memory access, and libFuzzer's -timeout
# catches a runaway search.
ZCV_TP_SANFLAGS := -fno-sanitize=nonnull-attribute,float-cast-overflow,signed-integer-overflow
ZCV_GEN_DEPS    := $(GEN_H) $(DIVISIONS_H) $(LICENCE_RULES_H) $(ZCV_QUIRC_STAMP)
# object files of sources $(2) under directory $(1): generated sources in gen/, third-party ones in tp/
zcv_obj          = $(patsubst %.c,$(1)/%.o,$(filter-out $(GEN)/% $(TP)/%,$(2))) \
                   $(patsubst $(TP)/%.c,$(1)/tp/%.o,$(filter $(TP)/%,$(2))) \
                   $(patsubst $(GEN)/%.c,$(1)/gen/%.o,$(filter $(GEN)/%,$(2)))

ifneq ($(ZCV_QUIRC_SRC),)
ifeq ($(LICENCE_QUIRC_STAMP),)
$(ZCV_QUIRC_STAMP): tools/fetch-quirc.sh
	$(Q)BUILD_DIR=$(abspath $(BUILD)) tools/fetch-quirc.sh
	$(Q)touch $@
endif
$(ZCV_QUIRC_SRC): $(ZCV_QUIRC_STAMP)
endif

# ---- sanitizer suites (gcc) ----
# (-Werror only for tests/fuzz/: the normal build already enforces it on the rest, and a warning that only -O1 with
# sanitizers produces should not break `make test`)
ASAN_CFLAGS  := -std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
                -Wall -Wextra
ASAN_OBJ     := $(ASAN_DIR)/obj
ASAN_LIB_OBJ := $(call zcv_obj,$(ASAN_OBJ),$(ZCV_LIB_SRC) $(ZCV_QUIRC_SRC))
ASAN_OPT_OBJ := $(ASAN_OBJ)/tests/fuzz/sanitizer_options.o
ASAN_BINS    := $(if $(UNIT_SRC),$(BUILD)/test_asan_unit) $(if $(RULEX_SRC),$(BUILD)/test_asan_rules) \
                $(BUILD)/test_fuzz_replay
TEST_BINS    += $(ASAN_BINS)

$(ASAN_DIR)/flags: FORCE
	$(call flagstamp,$(CC) $(ASAN_CFLAGS) $(ZCV_CPPFLAGS) $(ZCV_TP_SANFLAGS) $(FUZZ_NAMES))
$(ASAN_OBJ)/gen/%.o: $(GEN)/%.c $(ASAN_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-ASAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ZCV_CPPFLAGS) $(ASAN_CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(ASAN_OBJ)/tp/%.o: $(TP)/%.c $(ASAN_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-ASAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ZCV_CPPFLAGS) $(ASAN_CFLAGS) $(ZCV_TP_SANFLAGS) -w -c -o $@ $<
$(ASAN_OBJ)/tests/fuzz/fuzz_%.o: tests/fuzz/fuzz_%.c $(ASAN_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-ASAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ZCV_CPPFLAGS) $(ASAN_CFLAGS) -Werror -DZC_FUZZ_REPLAY $(DEPFLAGS) -c -o $@ $<
$(ASAN_OBJ)/tests/fuzz/replay.o: tests/fuzz/replay.c $(ASAN_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-ASAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ZCV_CPPFLAGS) $(ASAN_CFLAGS) -Werror '-DZC_FUZZ_TARGETS=$(foreach t,$(FUZZ_NAMES),X($(t)))' \
		$(DEPFLAGS) -c -o $@ $<
$(ASAN_OBJ)/%.o: %.c $(ASAN_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-ASAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ZCV_CPPFLAGS) $(ASAN_CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(ASAN_DIR)/libzicha.a: $(ASAN_LIB_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^
$(BUILD)/test_asan_unit: $(call zcv_obj,$(ASAN_OBJ),$(UNIT_SRC)) $(ASAN_OPT_OBJ) $(ASAN_DIR)/libzicha.a
	$(call msg,LD-ASAN,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LDLIBS)
$(BUILD)/test_asan_rules: $(call zcv_obj,$(ASAN_OBJ),$(RULEX_SRC)) $(ASAN_OPT_OBJ) $(ASAN_DIR)/libzicha.a
	$(call msg,LD-ASAN,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/test_fuzz_replay: $(ASAN_OBJ)/tests/fuzz/replay.o $(FUZZ_NAMES:%=$(ASAN_OBJ)/tests/fuzz/fuzz_%.o) \
                           $(ASAN_OPT_OBJ) $(ASAN_DIR)/libzicha.a
	$(call msg,LD-ASAN,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: sanitize fuzz fuzz-build
sanitize: $(ASAN_BINS)
	$(Q)tests/run.sh $(notdir $(ASAN_BINS))

# ---- libFuzzer (clang) ----
# (UBSan is recoverable here; tests/fuzz/run-fuzz.sh sets UBSAN_OPTIONS=halt_on_error=1 unless the target is in
# FUZZ_UB_CONTINUE, which keeps fuzzing past known UB and lists it in the summary)
FUZZ_CFLAGS  := -std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -Wall -Wextra
FUZZ_OBJ     := $(FUZZ_DIR)/obj
FUZZ_LIB_OBJ := $(call zcv_obj,$(FUZZ_OBJ),$(ZCV_LIB_SRC) $(ZCV_QUIRC_SRC))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

$(FUZZ_DIR)/flags: FORCE
	$(call flagstamp,$(FUZZ_CC) $(FUZZ_CFLAGS) $(ZCV_CPPFLAGS) $(ZCV_TP_SANFLAGS))
$(FUZZ_OBJ)/gen/%.o: $(GEN)/%.c $(FUZZ_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-FUZZ,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(ZCV_CPPFLAGS) $(FUZZ_CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(FUZZ_OBJ)/tp/%.o: $(TP)/%.c $(FUZZ_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-FUZZ,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(ZCV_CPPFLAGS) $(FUZZ_CFLAGS) $(ZCV_TP_SANFLAGS) -w -c -o $@ $<
$(FUZZ_OBJ)/%.o: %.c $(FUZZ_DIR)/flags | $(ZCV_GEN_DEPS)
	$(call msg,CC-FUZZ,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(ZCV_CPPFLAGS) $(FUZZ_CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(FUZZ_DIR)/libzicha.a: $(FUZZ_LIB_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^
$(FUZZ_DIR)/fuzz_%: $(FUZZ_OBJ)/tests/fuzz/fuzz_%.o $(FUZZ_DIR)/libzicha.a
	$(call msg,LD-FUZZ,$@)
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)

.SECONDARY: $(FUZZ_NAMES:%=$(FUZZ_OBJ)/tests/fuzz/fuzz_%.o)
fuzz-build: $(FUZZ_BINS)
fuzz: fuzz-build
	$(Q)FUZZ_DIR=$(FUZZ_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_UB_CONTINUE='$(FUZZ_UB_CONTINUE)' \
		tests/fuzz/run-fuzz.sh $(FUZZ_TARGETS) -- $(FUZZ_ARGS)

-include $(wildcard $(ASAN_OBJ)/*/*.d $(ASAN_OBJ)/*/*/*.d $(ASAN_OBJ)/*/*/*/*.d $(FUZZ_OBJ)/*/*.d $(FUZZ_OBJ)/*/*/*.d $(FUZZ_OBJ)/*/*/*/*.d)
# --- end reliability -------------------------------------------------------------------------------------
