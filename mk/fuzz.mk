# fuzz: `make fuzz` builds one libFuzzer binary per tests/fuzz/fuzz_<target>.c with clang
# (-fsanitize=fuzzer,address,undefined) under $(FUZZ_DIR)/ and runs each for FUZZ_SECONDS (default 60) from the seeds
# in tests/fuzz/corpus/<target>/ (new inputs go to $(FUZZ_DIR)/<target>/corpus/, crashes to
# $(FUZZ_DIR)/<target>/crashes/). FUZZ_TARGETS picks targets, FUZZ_ARGS adds libFuzzer flags, FUZZ_UB_CONTINUE lists
# targets that keep going past UB (tests/fuzz/README.md). Exit 1 when any target crashed. Needs clang +
# libclang-rt-14-dev. `make fuzz-build` only builds them. The seeds and every crash found are replayed under
# `make test` by mk/tests.mk's test_fuzz_replay, whose variant-build helpers (ZCV_*, zcv_obj) this reuses.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_ARGS    ?=
FUZZ_UB_CONTINUE ?=
.PHONY: fuzz fuzz-build
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

-include $(wildcard $(FUZZ_OBJ)/*/*.d $(FUZZ_OBJ)/*/*/*.d $(FUZZ_OBJ)/*/*/*/*.d)
