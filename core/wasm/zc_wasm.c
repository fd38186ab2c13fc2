/* WebAssembly entry points (docs/design.md). The page's worker owns exactly one module instance; the engine
 * handle below is the module's state, not the library's: the library itself keeps no global state. */
#include <stdlib.h>
#include <string.h>

#include "zicha.h"

typedef struct zc_wasm_state {
    zc_engine *engine;
    char *last; /* last string returned to JavaScript; freed on the next call */
    zc_error err;
} zc_wasm_state;

static zc_wasm_state state;

static const char *keep(char *s)
{
    free(state.last);
    state.last = s;
    return s;
}

/* Creates the engine with the built-in packs and an optional extra pack (JSON or gzip). 0 ok, else an error
 * code; the message is available from zc_wasm_error(). */
int zc_wasm_init(const char *extra, size_t len)
{
    zc_engine *e = zc_engine_new();
    if (!e) {
        state.err.code = ZC_ERR_NOMEM;
        strcpy(state.err.message, "out of memory");
        return ZC_ERR_NOMEM;
    }
    zc_status st = zc_engine_add_builtin_packs(e, &state.err);
    if (!st && extra && len)
        st = zc_engine_add_pack(e, "custom-rules.json", extra, len, &state.err);
    if (!st)
        st = zc_engine_compile(e, &state.err);
    if (st) {
        zc_engine_free(e);
        return st;
    }
    zc_engine_free(state.engine);
    state.engine = e;
    return 0;
}

const char *zc_wasm_error(void)
{
    return state.err.message;
}

/* Returns the report JSON, or NULL with zc_wasm_error() set. Valid until the next call. */
const char *zc_wasm_check(const char *text, size_t len, const char *category)
{
    if (!state.engine) {
        strcpy(state.err.message, "engine not initialised");
        return NULL;
    }
    zc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.category = category && category[0] ? category : NULL;
    zc_report *r = zc_check(state.engine, text, len, &opt, &state.err);
    if (!r)
        return NULL;
    char *json = zc_report_json(r);
    zc_report_free(r);
    if (!json)
        strcpy(state.err.message, "out of memory");
    return keep(json);
}

/* One JSONL batch output line (core/src/batch.c, the same code as the native `zicha batch`). `category` is the
 * default category for lines without one ("" or NULL: auto-detect). */
const char *zc_wasm_batch_line(const char *line, size_t len, const char *category)
{
    if (!state.engine) {
        strcpy(state.err.message, "engine not initialised");
        return NULL;
    }
    return keep(zc_batch_line(state.engine, line, len, category && category[0] ? category : NULL));
}

const char *zc_wasm_rules(void)
{
    if (!state.engine)
        return NULL;
    return keep(zc_rules_json(state.engine));
}
