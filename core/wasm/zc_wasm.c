/* WebAssembly entry points (docs/design.md). The page's worker owns exactly one module instance; the engine
 * handle below is the module's state, not the library's: the library itself keeps no global state. */
#include <stdlib.h>
#include <string.h>

#include "zicha.h"

typedef struct zc_wasm_state {
    zc_engine *engine;
    zc_scratch *scratch; /* check and batch write their JSON here, memory reused between calls */
    char *last;          /* last string returned to JavaScript; freed on the next call */
    zc_error err;
} zc_wasm_state;

static zc_wasm_state state;

static const char *keep(char *s)
{
    free(state.last);
    state.last = s;
    return s;
}

/* Creates the engine with the built-in packs and an optional extra pack (JSON: web/engine.js inflates a gzip
 * pack first; an empty one is refused as natively). 0 ok, else an error code; the message is available from
 * zc_wasm_error(). */
int zc_wasm_init(const char *extra, size_t len)
{
    zc_engine *e = zc_engine_new();
    if (!e) {
        state.err.code = ZC_ERR_NOMEM;
        strcpy(state.err.message, "out of memory");
        return ZC_ERR_NOMEM;
    }
    zc_status st = zc_engine_add_builtin_packs(e, &state.err);
    if (!st && extra)
        st = zc_engine_add_pack(e, "custom-rules.json", extra, len, &state.err);
    if (!st)
        st = zc_engine_compile(e, &state.err);
    if (st) {
        zc_engine_free(e);
        return st;
    }
    if (!state.scratch && !(state.scratch = zc_scratch_new())) {
        zc_engine_free(e);
        state.err.code = ZC_ERR_NOMEM;
        strcpy(state.err.message, "out of memory");
        return ZC_ERR_NOMEM;
    }
    zc_engine_free(state.engine);
    state.engine = e;
    return 0;
}

const char *zc_wasm_error(void)
{
    return state.err.message;
}

/* The page says what the text is (a title or description, or a whole shop page); anything else is auto. */
static zc_mode mode_of(int mode)
{
    return mode == ZC_MODE_LISTING || mode == ZC_MODE_SHOP ? (zc_mode)mode : ZC_MODE_AUTO;
}

/* Returns the report JSON, or NULL with zc_wasm_error() set. Valid until the next call. `mode` is a zc_mode
 * (0 auto, 1 listing, 2 shop page), as the native CLI's --mode. */
const char *zc_wasm_check(const char *text, size_t len, const char *category, int mode)
{
    if (!state.engine) {
        strcpy(state.err.message, "engine not initialised");
        return NULL;
    }
    zc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.category = category && category[0] ? category : NULL;
    opt.mode = mode_of(mode);
    /* the JSON stays in the scratch (no report object, no copy); valid until the next check */
    return zc_check_json(state.engine, state.scratch, text, len, &opt, NULL, &state.err);
}

/* The report with each finding as [rule, start, end, "match"] (zc_check_json_compact), for
 * web/engine.js check(), which completes the findings from the rule list: no long strings to write, decode and
 * parse per finding. Valid until the next check; NULL with zc_wasm_error() set. */
const char *zc_wasm_check_compact(const char *text, size_t len, const char *category, int mode)
{
    if (!state.engine) {
        strcpy(state.err.message, "engine not initialised");
        return NULL;
    }
    zc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.category = category && category[0] ? category : NULL;
    opt.mode = mode_of(mode);
    return zc_check_json_compact(state.engine, state.scratch, text, len, &opt, NULL, &state.err);
}

/* One JSONL batch output line (core/src/batch.c, the same code as the native `zicha batch`). `category` is the
 * default category for lines without one ("" or NULL: auto-detect). */
const char *zc_wasm_batch_line(const char *line, size_t len, const char *category)
{
    if (!state.engine) {
        strcpy(state.err.message, "engine not initialised");
        return NULL;
    }
    const char *out =
        zc_batch_line_json(state.engine, state.scratch, line, len, category && category[0] ? category : NULL, NULL);
    if (!out)
        strcpy(state.err.message, "out of memory");
    return out;
}

/* The library version (ZC_VERSION), for the page's reports. */
const char *zc_wasm_version(void)
{
    return ZC_VERSION;
}

const char *zc_wasm_rules(void)
{
    if (!state.engine)
        return NULL;
    return keep(zc_rules_json(state.engine));
}
