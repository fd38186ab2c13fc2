# licence: the licence image check's C parts (core/src/licence.c, core/src/qr.c). quirc (ISC) is fetched from the
# npm package node-quirc by tools/fetch-quirc.sh into $(TP)/quirc and compiled (without -Werror: third-party code)
# into the native library and the licence wasm module, for core/src/qr.c; this fragment adds it to CPPFLAGS, to
# $(LIB) and to the WASM_* hooks, so it is included before mk/wasm.mk and mk/tests.mk. The OCR that reads the
# image is mk/ocr.mk's; the accuracy runs (licence-eval, licence-upload-eval) are in mk/eval.mk.
LICENCE_QUIRC_DIR   := $(TP)/quirc
LICENCE_QUIRC_NAMES := quirc decode identify version_db
LICENCE_QUIRC_SRC   := $(addprefix $(LICENCE_QUIRC_DIR)/,$(addsuffix .c,$(LICENCE_QUIRC_NAMES)))
LICENCE_QUIRC_STAMP := $(LICENCE_QUIRC_DIR)/.fetched
LICENCE_QUIRC_OBJ   := $(addprefix $(BUILD)/quirc-obj/,$(addsuffix .o,$(LICENCE_QUIRC_NAMES)))

CPPFLAGS            += -I$(LICENCE_QUIRC_DIR)
WASM_LIC_EXTRA_SRC  += $(LICENCE_QUIRC_SRC)
WASM_EXTRA_CPPFLAGS += -I$(LICENCE_QUIRC_DIR)
WASM_EXTRA_DEPS     += $(LICENCE_QUIRC_STAMP)
WASM_LIC_EXPORTS    += _zc_wasm_qr _zc_wasm_licence

$(LICENCE_QUIRC_STAMP): tools/fetch-quirc.sh
	$(call msg,FETCH,quirc from npm node-quirc into $(LICENCE_QUIRC_DIR))
	$(Q)BUILD_DIR=$(abspath $(BUILD)) tools/fetch-quirc.sh
	$(Q)touch $@

# (the sources depend on the stamp through mk/wasm.mk's `$(WASM_EXTRA_SRC): $(WASM_EXTRA_DEPS)`)

# quirc's objects go into the native library next to the core's ($(LIB)'s recipe archives every prerequisite)
$(LIB): $(LICENCE_QUIRC_OBJ)

$(BUILD)/quirc-obj/%.o: $(LICENCE_QUIRC_DIR)/%.c $(BUILD)/native.flags
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -I$(LICENCE_QUIRC_DIR) -O2 -g -w $(EXTRA_CFLAGS) -c -o $@ $<

# The findings' ids, families, severities, bases and wordings: rules/licence.json, compiled into a table that
# licence.c includes (tools/gen-licence-rules.mjs; the examples stay in the JSON for tests/licence/test_licence.c
# and tests/licence.test.mjs). A new licence rule: its entry with examples in rules/licence.json, its check in
# licence.c.
LICENCE_RULES_JSON  := rules/licence.json
LICENCE_RULES_H     := $(GEN)/zc_licence_rules.h
$(LICENCE_RULES_H): $(LICENCE_RULES_JSON) tools/gen-licence-rules.mjs
	$(call msg,GEN,$@)
	$(Q)$(NODE) tools/gen-licence-rules.mjs $(LICENCE_RULES_JSON) $@
$(OBJ)/core/src/licence.o $(WOBJ)/core/src/licence.o: $(LICENCE_RULES_H)

# qr.c includes quirc.h: fetch first (native and wasm objects)
$(OBJ)/core/src/qr.o $(WOBJ)/core/src/qr.o: | $(LICENCE_QUIRC_STAMP)

# C unit tests of the extraction/checks and the QR glue (run by tests/run.sh like every build/test_* binary)
TEST_BINS           += $(BUILD)/test_licence
$(BUILD)/test_licence: $(OBJ)/tests/licence/test_licence.o $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ)/tests/licence/test_licence.o $(LIB) $(LDLIBS)

# every rule of rules/licence.json complete, compiled in as written, and its examples holding (natively)
TEST_BINS           += $(BUILD)/test_licence_rules
$(BUILD)/test_licence_rules: $(OBJ)/tests/licence/licence_rules.o $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ)/tests/licence/licence_rules.o $(LIB) $(LDLIBS) $(TEST_LDLIBS)

# Debugging driver: `build/licence_tool OCR.txt [--qr P] [--listing F] [--category C] [--today D]` runs the C
# extraction on saved OCR text; `build/licence_tool --pgm IMAGE.pgm` decodes QR codes natively.
$(BUILD)/licence_tool: $(OBJ)/tests/licence/licence_tool.o $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ)/tests/licence/licence_tool.o $(LIB) $(LDLIBS)
