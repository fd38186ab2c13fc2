# --- licence image check (owner: licence engineer, issue 4 items 3-4) ---------------------------------
# quirc (ISC) is fetched from the npm package node-quirc by tools/fetch-quirc.sh into $(TP)/quirc and compiled
# (without -Werror: third-party code) into the native library and the licence wasm module, for core/src/qr.c.
# OCR engine: PaddleOCR (web/ocr-paddle.js, assets in web/gen/paddle/: `make paddle-assets`, mk/paddle.mk).
# `make ocr-assets`   builds the second tesseract model into build/tesseract/ (only for the comparison:
#                     `node tests/licence/eval.mjs --engine tesseract`; the page does not use tesseract).
# `make licence-eval` generates the licence test images (headless Chromium) and prints the accuracy table
#                     (LICENCE_EVAL_ARGS, e.g. `--count 54`, `--cases DIR --from 55 --to 90`, `--engine tesseract`);
# `make licence-eval-browser` runs the same cases in headless Chromium through the page's worker.
LICENCE_QUIRC_DIR   := $(TP)/quirc
LICENCE_QUIRC_NAMES := quirc decode identify version_db
LICENCE_QUIRC_SRC   := $(addprefix $(LICENCE_QUIRC_DIR)/,$(addsuffix .c,$(LICENCE_QUIRC_NAMES)))
LICENCE_QUIRC_STAMP := $(LICENCE_QUIRC_DIR)/.fetched
LICENCE_QUIRC_OBJ   := $(addprefix $(BUILD)/quirc-obj/,$(addsuffix .o,$(LICENCE_QUIRC_NAMES)))

CPPFLAGS            += -I$(LICENCE_QUIRC_DIR)
LIB_OBJ             += $(LICENCE_QUIRC_OBJ)
WASM_LIC_EXTRA_SRC  += $(LICENCE_QUIRC_SRC)
WASM_EXTRA_CPPFLAGS += -I$(LICENCE_QUIRC_DIR)
WASM_EXTRA_DEPS     += $(LICENCE_QUIRC_STAMP)
WASM_LIC_EXPORTS    += _zc_wasm_qr _zc_wasm_licence

$(LICENCE_QUIRC_STAMP): tools/fetch-quirc.sh
	$(call msg,FETCH,quirc from npm node-quirc into $(LICENCE_QUIRC_DIR))
	$(Q)BUILD_DIR=$(abspath $(BUILD)) tools/fetch-quirc.sh
	$(Q)touch $@

# (the sources depend on the stamp through the Makefile's `$(WASM_EXTRA_SRC): $(WASM_EXTRA_DEPS) ;`)

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

.PHONY: ocr-assets licence-eval licence-eval-browser licence-upload-eval
ocr-assets:
	$(Q)tools/copy-ocr-assets.sh $(BUILD)/tesseract

licence-eval: wasm paddle-assets
	$(Q)$(NODE) tests/licence/eval.mjs --verbose $(LICENCE_EVAL_ARGS)

# the same cases through web/ocr-worker.js in headless Chromium (tools/serve.mjs, production CSP); run after
# licence-eval (which generates the cases); also prints the bytes fetched on first use
licence-eval-browser: wasm paddle-assets
	$(Q)$(NODE) tests/licence/browser-eval.mjs $(LICENCE_EVAL_ARGS)

# licences as merchants upload them (watermark, perspective, rotated, low resolution, shadow, seal): generates
# build/licence-upload-1 (tuning set) and build/licence-upload-2 (held out), 42 cases each, and prints a table
# per seed by condition; LICENCE_UPLOAD_ARGS e.g. `--seeds 2 --verbose`
licence-upload-eval: wasm paddle-assets
	$(Q)$(NODE) tests/licence/eval.mjs --set upload --seeds 1,2 $(LICENCE_UPLOAD_ARGS)
# --- end licence -------------------------------------------------------------------------------------
