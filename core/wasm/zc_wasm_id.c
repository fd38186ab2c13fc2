/* `zicha id CODE` in WebAssembly, linked into the licence module (web/gen/zicha-licence.wasm), which has the
 * division table with names; the core module's table has the codes only.
 *
 *   char *zc_wasm_id(const char *code, size_t len)
 *       → the identifier JSON, as `zicha id` prints it (identifier.h zc_id_json)
 *
 *   char *zc_wasm_id_scan(const char *text, size_t len, int year)
 *       → {"id": <zc_id_identify_ex of the whole text>, "spans": [[byte_start, byte_end, cp_start, cp_end, kind, valid,
 *         severity], …]} with date checks for `year` (0: none), for tests/id-vectors.test.mjs
 *
 * Both return a malloc'd NUL-terminated string that the caller releases with _free, like the module's other
 * exports; NULL only when out of memory. */
#include <stdio.h>
#include <stdlib.h>

#include "identifier.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ZC_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define ZC_EXPORT
#endif

ZC_EXPORT char *zc_wasm_id(const char *code, size_t len)
{
    zc_id_info info;
    zc_id_identify(code, len, &info);
    size_t need = zc_id_json(&info, NULL, 0);
    char *buf = malloc(need + 1);
    if (!buf)
        return NULL;
    zc_id_json(&info, buf, need + 1);
    return buf;
}

typedef struct zc_wasm_spans {
    char *buf;
    size_t cap, len;
} zc_wasm_spans;

static int zc_wasm_span_json(void *ctx, const zc_id_span *sp)
{
    zc_wasm_spans *w = ctx;
    size_t room = w->len < w->cap ? w->cap - w->len : 0;
    int n = snprintf(w->buf ? w->buf + w->len : NULL, room, "%s[%zu, %zu, %zu, %zu, \"%s\", %s, \"%s\"]",
                     w->len > 0 ? ", " : "", sp->byte_start, sp->byte_end, sp->cp_start, sp->cp_end,
                     zc_id_kind_name(sp->kind), sp->valid ? "true" : "false", zc_id_severity_name(sp->severity));
    w->len += n > 0 ? (size_t)n : 0;
    return 0;
}

ZC_EXPORT char *zc_wasm_id_scan(const char *text, size_t len, int year)
{
    zc_id_options opts = {year};
    zc_id_info info;
    zc_id_identify_ex(text, len, &opts, &info);
    size_t id_len = zc_id_json(&info, NULL, 0);
    zc_wasm_spans measure = {NULL, 0, 0};
    zc_id_scan_each(text, len, &opts, zc_wasm_span_json, &measure);
    size_t cap = id_len + measure.len + 32;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t at = (size_t)snprintf(buf, cap, "{\"id\": ");
    at += zc_id_json(&info, buf + at, cap - at);
    at += (size_t)snprintf(buf + at, cap - at, ", \"spans\": [");
    zc_wasm_spans w = {buf + at, cap - at, 0};
    zc_id_scan_each(text, len, &opts, zc_wasm_span_json, &w);
    at += w.len;
    snprintf(buf + at, cap - at, "]}");
    return buf;
}
