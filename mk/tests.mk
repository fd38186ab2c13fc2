# tests: `make tests` builds every test binary (TEST_BINS: the Makefile's test_unit and test_rules, mk/licence.mk's,
# and the sanitizer suites below); `make test` installs what is missing, builds everything and runs tests/run.sh
# (every suite: the build/test_* binaries, tests/*.sh, tests/*.test.mjs, tests/e2e/*.test.mjs).
# Sanitizer suites, part of `make test` (gcc, leak detection on): $(BUILD)/test_asan_unit and
# $(BUILD)/test_asan_rules (the unit tests and the rule-example runner built with -fsanitize=address,undefined)
# and $(BUILD)/test_fuzz_replay (every fuzz target's entry point, same sanitizers, replaying the seed corpora and
# every crash found so far, tests/fuzz/regressions/<target>/, without libFuzzer). `make sanitize` builds and runs
# only these. The variant-build helpers here (ZCV_*, zcv_obj) serve mk/fuzz.mk too, which is included after.
.PHONY: test tests sanitize
# The build inside `make test` runs in parallel on all cores unless -j was given.
NPROC := $(shell nproc 2>/dev/null || echo 2)
test: deps
	$(Q)$(MAKE) $(if $(filter -j% j%,$(MAKEFLAGS)),,-j$(NPROC) --output-sync=target) all wasm tests
	$(Q)tests/run.sh

# the fuzz targets (tests/fuzz/fuzz_<name>.c), replayed here and fuzzed by mk/fuzz.mk
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
ASAN_DIR     := $(BUILD)/asan

# The library sources of the variant builds: the core (+ generated packs) and quirc's sources as mk/licence.mk
# fetches them (compiled without -Werror: third-party code; CPPFLAGS already has quirc's include directory).
ZCV_QUIRC_SRC   := $(LICENCE_QUIRC_SRC)
ZCV_QUIRC_STAMP := $(LICENCE_QUIRC_STAMP)
ZCV_LIB_SRC     := $(CORE_SRC) $(GEN_C)
ZCV_CPPFLAGS     = $(CPPFLAGS) -Itests -Itests/fuzz
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

$(ZCV_QUIRC_SRC): $(ZCV_QUIRC_STAMP)

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

sanitize: $(ASAN_BINS)
	$(Q)tests/run.sh $(notdir $(ASAN_BINS))

# (after every fragment that adds to TEST_BINS: make reads this prerequisite list here)
tests: $(TEST_BINS)

-include $(wildcard $(ASAN_OBJ)/*/*.d $(ASAN_OBJ)/*/*/*.d $(ASAN_OBJ)/*/*/*/*.d)
