# --- browser extension: `make extension` -----------------------------------------------------------------
# Chromium extension (Manifest V3) from extension/ plus the page's engine.js, workflow.js, settings-file.js, i18n.js, the
# registry's gen/registry.js and the core wasm, copied in at build time (extension/build.mjs). Output: $(EXT_DIR)/ (load unpacked) and $(EXT_ZIP) (store).
# EXT_TEST_HOSTS="http://127.0.0.1/*" builds a test variant with those hosts in host_permissions (headless tests
# cannot click the permission prompt); the shipped manifest has optional_host_permissions only.
# `make bench-extension`: keystroke-to-underline time in headless Chromium (bench/extension.mjs).
EXT_DIR        ?= $(BUILD)/extension/unpacked
EXT_ZIP        ?= $(BUILD)/extension/zicha-extension.zip
EXT_TEST_HOSTS ?=
EXT_SRC        := $(sort $(wildcard extension/*)) web/engine.js web/workflow.js web/settings-file.js web/i18n.js $(REGISTRY_JS) package.json
.PHONY: extension bench-extension
extension: $(EXT_ZIP)
$(EXT_ZIP): $(EXT_SRC) $(WASM_MJS) $(WASM_BIN) $(BUILD)/extension.flags
	$(call msg,EXT,$(EXT_DIR)/ $(EXT_ZIP)$(if $(EXT_TEST_HOSTS), (test hosts: $(EXT_TEST_HOSTS))))
	$(Q)$(NODE) extension/build.mjs --out $(EXT_DIR) --zip $@ $(if $(EXT_TEST_HOSTS),--test-hosts '$(EXT_TEST_HOSTS)')
$(BUILD)/extension.flags: FORCE
	$(call flagstamp,$(EXT_DIR) $(EXT_TEST_HOSTS))
bench-extension:
	$(Q)$(MAKE) extension EXT_DIR=$(BUILD)/extension/test EXT_ZIP=$(BUILD)/extension/test.zip EXT_TEST_HOSTS='http://127.0.0.1/*'
	$(Q)$(NODE) bench/extension.mjs $(BUILD)/extension/test
# --- end extension --------------------------------------------------------------------------------------
