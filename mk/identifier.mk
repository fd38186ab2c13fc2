# Identifier table (core/src/identifier_kinds.h) compiled by tools/gen-id-table.mjs into $(GEN)/zc_id_table.h:
# anchors, the scan's perfect hash and prefilters (see the generator). Only identifier_scan.c includes it.
ID_TABLE_H := $(GEN)/zc_id_table.h

$(ID_TABLE_H): tools/gen-id-table.mjs core/src/identifier_kinds.h
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(NODE) tools/gen-id-table.mjs core/src/identifier_kinds.h $@

# (the sanitizer and fuzz builds of mk/reliability.mk compile it under $(BUILD)/asan/obj and $(BUILD)/fuzz/obj)
$(addsuffix /core/src/identifier_scan.o,$(OBJ) $(WOBJ) $(WOBJ)/codes $(BUILD)/asan/obj $(BUILD)/fuzz/obj): $(ID_TABLE_H)

# zc_wasm_id_scan (core/wasm/zc_wasm_id.c): identify and scan with a given year, for tests/id-vectors.test.mjs.
WASM_LIC_EXPORTS += _zc_wasm_id_scan
