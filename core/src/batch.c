/* One step of the JSONL batch filter, shared by the native CLI and the wasm build. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"
#include "text.h" /* reliability fix: zc_utf8_decode for put_id */

/* [reliability fix, issue 7] Echoes the line's id. cJSON_PrintUnformatted copies the bytes of strings as they
 * are, so an id holding invalid UTF-8 made the output line (and a strict consumer's whole stream) invalid UTF-8
 * (tests/fuzz/regressions/batch/id-invalid-utf8). The printed id is re-encoded with each bad byte as U+FFFD,
 * like the text everywhere else; valid ids are unchanged. */
static void put_id(zc_buf *b, const cJSON *id)
{
    char *ids = id ? cJSON_PrintUnformatted(id) : NULL;
    if (!ids) {
        zc_buf_puts(b, "null");
        return;
    }
    size_t n = strlen(ids);
    uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
    if (cps) {
        size_t bad = 0, k = zc_utf8_decode((const unsigned char *)ids, n, cps, &bad);
        char enc[4];
        for (size_t i = 0; bad && i < k; i++)
            zc_buf_put(b, enc, zc_utf8_encode(cps[i], enc));
        if (!bad)
            zc_buf_put(b, ids, n);
        free(cps);
    } else {
        b->failed = 1;
    }
    free(ids);
}

static char *error_line(const cJSON *id, const char *message)
{
    zc_buf b = {0};
    zc_buf_puts(&b, "{\"id\":");
    put_id(&b, id);
    zc_buf_puts(&b, ",\"error\":");
    zc_buf_json_str(&b, message, strlen(message));
    zc_buf_putc(&b, '}');
    return zc_buf_take(&b);
}

/* [reliability fix, issue 7] 1 when the line holds a NUL: a raw 0 byte or an unescaped \u0000. cJSON's strings
 * end at the first NUL, so the text after it was silently not checked: {"text":"\u0000最好"} came back with no
 * findings while `zicha check` finds 最好 (tests/hostile.sh). Such lines now get an error instead. */
static int has_nul(const char *line, size_t len)
{
    if (memchr(line, 0, len))
        return 1;
    for (size_t i = 0; i + 1 < len; i++) {
        if (line[i] != '\\')
            continue;
        if (line[i + 1] == 'u' && i + 5 < len && memcmp(line + i + 2, "0000", 4) == 0)
            return 1;
        i++; /* skip the escaped character (also a second backslash) */
    }
    return 0;
}

char *zc_batch_line(const zc_engine *e, const char *line, size_t len, const char *default_category)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    if (!root) {
        char msg[96];
        size_t col = end && end >= line ? (size_t)(end - line) + 1 : 1;
        snprintf(msg, sizeof msg, "invalid JSON at byte %zu", col);
        return error_line(NULL, msg);
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(root, "category");
    char *out = NULL;
    /* [reliability fix, issue 7] only whitespace may follow the object: `{…} {…}` on one line was accepted and the
     * second text silently not checked (tests/determinism.sh, tests/hostile.sh) */
    size_t rest = end && end >= line && end <= line + len ? (size_t)(end - line) : len;
    while (rest < len && (line[rest] == ' ' || line[rest] == '\t' || line[rest] == '\r'))
        rest++;
    if (rest < len) {
        char msg[96];
        snprintf(msg, sizeof msg, "unexpected text after the JSON object at byte %zu", rest + 1);
        out = error_line(cJSON_IsObject(root) ? id : NULL, msg);
    } else if (!cJSON_IsObject(root)) {
        out = error_line(NULL, "each line must be a JSON object {\"id\", \"text\", \"category\"?}");
    } else if (!cJSON_IsString(text)) {
        out = error_line(id, "missing \"text\" (a string)");
    } else if (cat && !cJSON_IsNull(cat) && (!cJSON_IsString(cat) || !zc_category_valid(cat->valuestring))) {
        out = error_line(id, "unknown \"category\"");
    } else if (has_nul(line, len)) { /* reliability fix, see has_nul */
        out = error_line(id, "line contains a NUL character (\\u0000): the text after it could not be checked; "
                             "remove NUL characters");
    } else {
        zc_options opt;
        memset(&opt, 0, sizeof opt);
        opt.category = cJSON_IsString(cat) ? cat->valuestring : default_category;
        opt.mode = ZC_MODE_AUTO;
        zc_error err;
        /* cJSON strings stop at an embedded NUL (\u0000); what follows is not checked */
        zc_report *r = zc_check(e, text->valuestring, strlen(text->valuestring), &opt, &err);
        if (!r) {
            out = error_line(id, err.message);
        } else {
            char *json = zc_report_json(r);
            zc_report_free(r);
            if (json) {
                /* the report is {"category":…,"findings":…}: splice the id in front */
                zc_buf b = {0};
                zc_buf_puts(&b, "{\"id\":");
                put_id(&b, id);
                zc_buf_putc(&b, ',');
                zc_buf_puts(&b, json + 1);
                free(json);
                out = zc_buf_take(&b);
            }
        }
    }
    cJSON_Delete(root);
    return out;
}
