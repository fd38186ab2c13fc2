# extension: `make extension`, the Chromium extension (Manifest V3) from extension/ plus the page's engine.js,
# workflow.js, settings-file.js, i18n.js, the registry's gen/registry.js and the core wasm, copied in at build time
# (extension/build.mjs). Output: $(EXT_DIR)/ (load unpacked) and $(EXT_ZIP) (store).
# EXT_TEST_HOSTS="http://127.0.0.1/*" builds a test variant with those hosts in host_permissions (headless tests
# cannot click the permission prompt); the shipped manifest has optional_host_permissions only.
# (its speed: `make bench-extension`, mk/bench.mk)
EXT_DIR        ?= $(BUILD)/extension/unpacked
EXT_ZIP        ?= $(BUILD)/extension/zicha-extension.zip
EXT_TEST_HOSTS ?=
EXT_SRC        := $(sort $(wildcard extension/*)) web/engine.js web/workflow.js web/settings-file.js web/i18n.js $(REGISTRY_JS) package.json
.PHONY: extension
extension: $(EXT_ZIP)
$(EXT_ZIP): $(EXT_SRC) $(WASM_MJS) $(WASM_BIN) $(BUILD)/extension.flags
	$(call msg,EXT,$(EXT_DIR)/ $(EXT_ZIP)$(if $(EXT_TEST_HOSTS), (test hosts: $(EXT_TEST_HOSTS))))
	$(Q)$(NODE) extension/build.mjs --out $(EXT_DIR) --zip $@ $(if $(EXT_TEST_HOSTS),--test-hosts '$(EXT_TEST_HOSTS)')
$(BUILD)/extension.flags: FORCE
	$(call flagstamp,$(EXT_DIR) $(EXT_TEST_HOSTS))
