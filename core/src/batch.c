/* One step of the JSONL batch filter, shared by the native CLI and the wasm build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"
#include "json.h"
#include "report.h"

/* Echoes the line's id as compact JSON; invalid UTF-8 in it becomes U+FFFD (one per bad byte), so the output line
 * stays valid UTF-8 whatever the input held (tests/fuzz/regressions/batch/id-invalid-utf8). */
static void put_id(zc_buf *b, const zc_json *id)
{
    if (id)
        zc_json_print(b, id);
    else
        zc_buf_puts(b, "null");
}

static void error_line(zc_buf *b, const zc_json *id, const char *message)
{
    zc_buf_reset(b);
    zc_buf_puts(b, "{\"id\":");
    put_id(b, id);
    zc_buf_puts(b, ",\"error\":");
    zc_buf_json_str(b, message, strlen(message));
    zc_buf_putc(b, '}');
}

/* 1 when the line holds a NUL: a raw 0 byte or an escaped \u0000. Strings end at the first NUL, so the text after
 * it would silently not be checked ({"text":"\u0000最好"} would come back clean while `zicha check` finds 最好). */
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

/* The key named twice among id, text and category at the top of the line, or NULL: the first would be read, so
 * {"text":"最好","text":"ok"} would check one text while the caller may mean the other. */
static const char *duplicate_key(const zc_json *root)
{
    static const char *const keys[] = {"id", "text", "category"};
    int seen[3] = {0, 0, 0};
    const zc_json *it;
    zc_json_foreach(it, root)
    {
        for (int k = 0; k < 3; k++)
            if (strcmp(it->key, keys[k]) == 0 && seen[k]++)
                return keys[k];
    }
    return NULL;
}

/* Writes the output line for `line` to `b` (emptied first); b->failed when out of memory. */
static void batch_line(const zc_engine *e, zc_scratch *s, zc_buf *b, const char *line, size_t len,
                       const char *default_category)
{
    zc_buf_reset(b);
    size_t end = 0, pos;
    int nomem;
    const zc_json *root = zc_json_parse(zc_scratch_json(s), line, len, &end, &pos, &nomem);
    if (!root) {
        char msg[96];
        snprintf(msg, sizeof msg, "invalid JSON at byte %zu", pos + 1);
        error_line(b, NULL, msg);
        b->failed |= nomem;
        return;
    }
    int is_object = zc_json_is(root, ZC_JSON_OBJECT);
    const zc_json *id = zc_json_get(root, "id");
    const zc_json *text = zc_json_get(root, "text");
    const zc_json *cat = zc_json_get(root, "category");
    /* only whitespace may follow the object: `{…} {…}` on one line would leave the second text unchecked */
    while (end < len && (line[end] == ' ' || line[end] == '\t' || line[end] == '\r'))
        end++;
    const char *dup;
    if (end < len) {
        char msg[96];
        snprintf(msg, sizeof msg, "unexpected text after the JSON object at byte %zu", end + 1);
        error_line(b, is_object ? id : NULL, msg);
    } else if (!is_object) {
        error_line(b, NULL, "each line must be a JSON object {\"id\", \"text\", \"category\"?}");
    } else if (!zc_json_is(text, ZC_JSON_STRING)) {
        error_line(b, id, "missing \"text\" (a string)");
    } else if (cat && cat->type != ZC_JSON_NULL && (cat->type != ZC_JSON_STRING || !zc_category_valid(cat->str))) {
        error_line(b, id, "unknown \"category\"");
    } else if ((dup = duplicate_key(root)) != NULL) {
        char msg[96];
        snprintf(msg, sizeof msg, "duplicate key \"%s\": each key may appear once per line", dup);
        error_line(b, strcmp(dup, "id") ? id : NULL, msg);
    } else if (has_nul(line, len)) {
        error_line(b, id,
                   "line contains a NUL character (\\u0000): the text after it could not be checked; "
                   "remove NUL characters");
    } else {
        zc_options opt;
        memset(&opt, 0, sizeof opt);
        opt.category = zc_json_is(cat, ZC_JSON_STRING) ? cat->str : default_category;
        opt.mode = ZC_MODE_AUTO;
        zc_error err;
        /* the report is {"category":…,"findings":…}: the id goes in front of its first key */
        zc_buf_puts(b, "{\"id\":");
        put_id(b, id);
        zc_buf_putc(b, ',');
        if (zc_check_write(e, s, text->str, strlen(text->str), &opt, b, ZC_JSON_NO_BRACE, &err))
            error_line(b, id, err.message);
    }
}

const char *zc_batch_line_json(const zc_engine *e, zc_scratch *s, const char *line, size_t len,
                               const char *default_category, size_t *out_len)
{
    if (out_len)
        *out_len = 0;
    if (!s)
        return NULL;
    if (!line)
        len = 0;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    zc_buf *b = zc_scratch_out(s);
    batch_line(e, s, b, line ? line : "", len, default_category);
    if (b->failed || !b->data)
        return NULL;
    if (out_len)
        *out_len = b->len;
    return b->data;
}

char *zc_batch_line(const zc_engine *e, const char *line, size_t len, const char *default_category)
{
    zc_scratch *s = zc_scratch_new();
    if (!s)
        return NULL;
    size_t n;
    const char *out = zc_batch_line_json(e, s, line, len, default_category, &n);
    char *copy = out ? malloc(n + 1) : NULL;
    if (copy)
        memcpy(copy, out, n + 1);
    zc_scratch_free(s);
    return copy;
}
