/* One step of the JSONL batch filter, shared by the native CLI and the wasm build. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"
#include "report.h"
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

static void error_line(zc_buf *b, const cJSON *id, const char *message)
{
    zc_buf_reset(b);
    zc_buf_puts(b, "{\"id\":");
    put_id(b, id);
    zc_buf_puts(b, ",\"error\":");
    zc_buf_json_str(b, message, strlen(message));
    zc_buf_putc(b, '}');
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

/* The key named twice among id, text and category at the top of the line, or NULL: cJSON keeps both and reads the
 * first, so {"text":"最好","text":"ok"} would check one text while the caller may mean the other. */
static const char *duplicate_key(const cJSON *root)
{
    static const char *const keys[] = {"id", "text", "category"};
    int seen[3] = {0, 0, 0};
    for (const cJSON *it = root->child; it; it = it->next)
        for (int k = 0; k < 3; k++)
            if (it->string && strcmp(it->string, keys[k]) == 0 && seen[k]++)
                return keys[k];
    return NULL;
}

/* The general path: cJSON parses the line; every malformed or unusual line gets its answer here. Writes the
 * output line to `b` (emptied first). */
static void batch_slow(const zc_engine *e, zc_scratch *s, zc_buf *b, const char *line, size_t len,
                       const char *default_category)
{
    zc_buf_reset(b);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    if (!root) {
        char msg[96];
        size_t col = end && end >= line ? (size_t)(end - line) + 1 : 1;
        snprintf(msg, sizeof msg, "invalid JSON at byte %zu", col);
        error_line(b, NULL, msg);
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(root, "category");
    /* [reliability fix, issue 7] only whitespace may follow the object: `{…} {…}` on one line was accepted and the
     * second text silently not checked (tests/determinism.sh, tests/hostile.sh) */
    size_t rest = end && end >= line && end <= line + len ? (size_t)(end - line) : len;
    while (rest < len && (line[rest] == ' ' || line[rest] == '\t' || line[rest] == '\r'))
        rest++;
    if (rest < len) {
        char msg[96];
        snprintf(msg, sizeof msg, "unexpected text after the JSON object at byte %zu", rest + 1);
        error_line(b, cJSON_IsObject(root) ? id : NULL, msg);
    } else if (!cJSON_IsObject(root)) {
        error_line(b, NULL, "each line must be a JSON object {\"id\", \"text\", \"category\"?}");
    } else if (!cJSON_IsString(text)) {
        error_line(b, id, "missing \"text\" (a string)");
    } else if (cat && !cJSON_IsNull(cat) && (!cJSON_IsString(cat) || !zc_category_valid(cat->valuestring))) {
        error_line(b, id, "unknown \"category\"");
    } else if (duplicate_key(root)) {
        char msg[96];
        const char *dup = duplicate_key(root);
        snprintf(msg, sizeof msg, "duplicate key \"%s\": each key may appear once per line", dup);
        error_line(b, strcmp(dup, "id") ? id : NULL, msg);
    } else if (has_nul(line, len)) { /* reliability fix, see has_nul */
        error_line(b, id,
                   "line contains a NUL character (\\u0000): the text after it could not be checked; "
                   "remove NUL characters");
    } else {
        zc_options opt;
        memset(&opt, 0, sizeof opt);
        opt.category = cJSON_IsString(cat) ? cat->valuestring : default_category;
        opt.mode = ZC_MODE_AUTO;
        zc_error err;
        /* the report is {"category":…,"findings":…}: the id goes in front of its first key */
        zc_buf_puts(b, "{\"id\":");
        put_id(b, id);
        zc_buf_putc(b, ',');
        if (zc_check_write(e, s, text->valuestring, strlen(text->valuestring), &opt, b, ZC_JSON_NO_BRACE, &err))
            error_line(b, id, err.message);
    }
    cJSON_Delete(root);
}

/* ---- [perf, issue 6] the fast path: the usual line shape, parsed in place without cJSON ----
 * {"id": "ascii" | small integer | true | false | null, "text": "…", "category"?: "name" | null, other keys with
 * string, small integer or literal values}. The text is used in place when it has no escapes. Anything else
 * (nesting, numbers with fractions, escaped ids or keys, \u0000, surrogate escapes, raw control characters,
 * duplicate keys, errors of any kind) returns 0 and the line goes to batch_slow, so every output is the one
 * cJSON's reading gives. */

typedef struct zc_fast_line {
    const char *id; /* raw JSON of the id, NULL when absent */
    size_t id_len;
    const char *text; /* raw string body (between the quotes) */
    size_t text_len;
    int text_escaped;
    char category[32]; /* "" when absent or null */
    int seen_id, seen_text, seen_cat;
} zc_fast_line;

static int json_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Skips bytes that need no attention inside a string (not '"', not '\\', not a control character), eight at a
 * time: a word is skipped when none of its bytes is '"' or '\\' and none is below 0x20. */
static const char *skip_plain(const char *p, const char *end)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (end - p >= 8) {
        uint64_t x, q, b;
        memcpy(&x, p, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        if (((q - ones) & ~q & highs) | ((b - ones) & ~b & highs) | ((x - ones * 0x20) & ~x & highs))
            break;
        p += 8;
    }
    return p;
}

/* A string at p (p[0] == '"'): returns the position after its closing quote, or NULL to fall back. Sets
 * *escaped when it holds an escape. */
static const char *fast_string(const char *p, const char *end, int *escaped)
{
    *escaped = 0;
    for (p++; p < end; p++) {
        p = skip_plain(p, end);
        if (p >= end)
            break;
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            return p + 1;
        if (c < 0x20)
            return NULL;
        if (c != '\\')
            continue;
        *escaped = 1;
        if (++p >= end)
            return NULL;
        switch (*p) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            break;
        case 'u': {
            if (end - p < 5)
                return NULL;
            int v = 0;
            for (int k = 1; k <= 4; k++) {
                int h = hexval(p[k]);
                if (h < 0)
                    return NULL;
                v = v << 4 | h;
            }
            if (v == 0 || (v >= 0xD800 && v <= 0xDFFF)) /* NUL, surrogates: cJSON's reading decides */
                return NULL;
            p += 4;
            break;
        }
        default:
            return NULL;
        }
    }
    return NULL;
}

/* A small integer that cJSON prints back exactly as written: 0 or -?[1-9][0-9]{0,8}. */
static const char *fast_int(const char *p, const char *end)
{
    const char *q = p;
    if (q < end && *q == '-')
        q++;
    if (q >= end || *q < '0' || *q > '9')
        return NULL;
    if (*q == '0')
        return q == p && (q + 1 >= end || *(q + 1) < '0' || *(q + 1) > '9') ? q + 1 : NULL;
    const char *d = q;
    while (q < end && *q >= '0' && *q <= '9')
        q++;
    if (q - d > 9 || (q < end && (*q == '.' || *q == 'e' || *q == 'E')))
        return NULL;
    return q;
}

static const char *fast_literal(const char *p, const char *end)
{
    static const char *const lits[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(lits[k]);
        if ((size_t)(end - p) >= n && memcmp(p, lits[k], n) == 0)
            return p + n;
    }
    return NULL;
}

static int fast_parse(const char *line, size_t len, zc_fast_line *f)
{
    const char *p = line, *end = line + len;
    memset(f, 0, sizeof *f);
    while (p < end && json_ws(*p))
        p++;
    if (p >= end || *p != '{')
        return 0;
    p++;
    for (;;) {
        while (p < end && json_ws(*p))
            p++;
        if (p >= end || *p != '"')
            return 0;
        int esc;
        const char *k = p + 1, *q = fast_string(p, end, &esc);
        if (!q || esc)
            return 0;
        size_t klen = (size_t)(q - 1 - k);
        p = q;
        while (p < end && json_ws(*p))
            p++;
        if (p >= end || *p != ':')
            return 0;
        p++;
        while (p < end && json_ws(*p))
            p++;
        if (p >= end)
            return 0;
        const char *v = p;
        if (klen == 2 && memcmp(k, "id", 2) == 0) {
            if (f->seen_id++)
                return 0;
            if (*p == '"') {
                p = fast_string(p, end, &esc);
                if (!p || esc)
                    return 0;
                for (const char *c = v; c < p; c++)
                    if ((unsigned char)*c >= 0x80) /* non-ASCII ids: put_id's UTF-8 repair decides */
                        return 0;
            } else if (!(p = fast_int(p, end)) && !(p = fast_literal(v, end))) {
                return 0;
            }
            f->id = v;
            f->id_len = (size_t)(p - v);
        } else if (klen == 4 && memcmp(k, "text", 4) == 0) {
            if (f->seen_text++ || *p != '"' || !(p = fast_string(p, end, &f->text_escaped)))
                return 0;
            f->text = v + 1;
            f->text_len = (size_t)(p - 1 - f->text);
        } else if (klen == 8 && memcmp(k, "category", 8) == 0) {
            if (f->seen_cat++)
                return 0;
            if (*p == '"') {
                p = fast_string(p, end, &esc);
                size_t n = p ? (size_t)(p - 1 - (v + 1)) : 0;
                if (!p || esc || n >= sizeof f->category)
                    return 0;
                memcpy(f->category, v + 1, n);
                f->category[n] = 0;
                if (!zc_category_valid(f->category))
                    return 0;
            } else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
                p += 4;
            } else {
                return 0;
            }
        } else if (*p == '"') {
            if (!(p = fast_string(p, end, &esc)))
                return 0;
        } else if (!(p = fast_int(p, end)) && !(p = fast_literal(v, end))) {
            return 0;
        }
        while (p < end && json_ws(*p))
            p++;
        if (p >= end)
            return 0;
        if (*p == '}')
            break;
        if (*p != ',')
            return 0;
        p++;
    }
    for (p++; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r')
            return 0;
    return f->seen_text;
}

/* Unescapes a string body that fast_string accepted (no \u0000, no surrogates) into `out`; returns its length. */
static size_t unescape(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\') {
            out[k++] = c;
            continue;
        }
        c = s[++i];
        switch (c) {
        case 'b':
            out[k++] = '\b';
            break;
        case 'f':
            out[k++] = '\f';
            break;
        case 'n':
            out[k++] = '\n';
            break;
        case 'r':
            out[k++] = '\r';
            break;
        case 't':
            out[k++] = '\t';
            break;
        case 'u': {
            uint32_t v = 0;
            for (int j = 1; j <= 4; j++)
                v = v << 4 | (uint32_t)hexval(s[i + j]);
            i += 4;
            k += zc_utf8_encode(v, out + k);
            break;
        }
        default:
            out[k++] = c;
            break; /* " \ / */
        }
    }
    return k;
}

static int batch_fast(const zc_engine *e, zc_scratch *s, zc_buf *b, const char *line, size_t len,
                      const char *default_category)
{
    zc_fast_line f;
    if (!fast_parse(line, len, &f))
        return 0;
    const char *text = f.text;
    size_t tlen = f.text_len;
    if (f.text_escaped) {
        char *t = zc_scratch_text(s, tlen + 1);
        if (!t)
            return 0;
        tlen = unescape(f.text, f.text_len, t);
        text = t;
    }
    zc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.category = f.category[0] ? f.category : default_category;
    opt.mode = ZC_MODE_AUTO;
    zc_error err;
    zc_buf_reset(b);
    zc_buf_puts(b, "{\"id\":");
    if (f.id)
        zc_buf_put(b, f.id, f.id_len);
    else
        zc_buf_puts(b, "null");
    zc_buf_putc(b, ',');
    return zc_check_write(e, s, text, tlen, &opt, b, ZC_JSON_NO_BRACE, &err) == 0 && !b->failed;
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
    if (!batch_fast(e, s, b, line ? line : "", len, default_category))
        batch_slow(e, s, b, line ? line : "", len, default_category);
    if (b->failed || !b->data)
        return NULL;
    if (out_len)
        *out_len = b->len;
    return b->data;
}

/* [perf, issue 6] The slow path alone, for differential tests of the fast path (bench/batch-diff.c). */
const char *zc_batch_line_json_slow(const zc_engine *e, zc_scratch *s, const char *line, size_t len,
                                    const char *default_category, size_t *out_len)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    zc_buf *b = zc_scratch_out(s);
    batch_slow(e, s, b, line, len, default_category);
    if (b->failed || !b->data)
        return NULL;
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
