# --- per-check cost --------------------------------------------------------------
# zc_wasm_check_compact: the report with compact findings, which web/engine.js check() completes from the rule
# list (core/wasm/zc_wasm.c).
WASM_EXPORTS += _zc_wasm_check_compact
# --- end per-check cost --------------------------------------------------------------------------------
