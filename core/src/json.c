/* The JSON reader and printer (see json.h for what they accept and write). */
#include "json.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Nodes come from blocks of 1024 (a few allocations for a pack of thousands of strings; a document parsed again,
 * as the batch lines of one scratch are, reuses its blocks). */
#define ZC_JSON_BLOCK 1024
struct zc_json_block {
    zc_json_block *prev;
    size_t used;
    zc_json v[ZC_JSON_BLOCK];
};

typedef struct reader {
    char *s; /* the document's copy of the text: strings are unescaped in place */
    size_t len, off;
    zc_json_doc *d;
    int nomem;
} reader;

static zc_json *new_node(reader *R, int type)
{
    zc_json_doc *d = R->d;
    zc_json_block *b = d->blocks;
    if (!b || b->used == ZC_JSON_BLOCK) {
        zc_json_block *nb = d->spare;
        if (nb)
            d->spare = nb->prev;
        else if (!(nb = malloc(sizeof *nb))) {
            R->nomem = 1;
            return NULL;
        }
        nb->prev = b;
        nb->used = 0;
        d->blocks = b = nb;
    }
    zc_json *v = &b->v[b->used++];
    memset(v, 0, sizeof *v);
    v->type = type;
    return v;
}

/* Whitespace: every byte up to 0x20. At the end of the text the offset stays on the last byte, so that an error
 * there points at the text rather than past it. */
static void skip_ws(reader *R)
{
    if (R->off >= R->len)
        return;
    while (R->off < R->len && (unsigned char)R->s[R->off] <= 32)
        R->off++;
    if (R->off == R->len)
        R->off--;
}

/* Four hex digits; any other character makes the whole escape read as 0. */
static unsigned hex4(const char *p)
{
    unsigned h = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned v = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                                            : 16u;
        if (v == 16)
            return 0;
        h = h << 4 | v;
    }
    return h;
}

/* A \u escape at s[i] (string body ends at `end`): writes its UTF-8 at *w and returns the bytes it spans (6, or 12
 * for a surrogate pair), 0 when invalid. */
static size_t unicode_escape(const char *s, size_t i, size_t end, char **w)
{
    if (end - i < 6)
        return 0;
    unsigned cp = hex4(s + i + 2), n = 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return 0;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (end - (i + 6) < 6 || s[i + 6] != '\\' || s[i + 7] != 'u')
            return 0;
        unsigned lo = hex4(s + i + 8);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return 0;
        cp = 0x10000 + ((cp & 0x3FF) << 10 | (lo & 0x3FF));
        n = 12;
    }
    *w += zc_utf8_encode(cp, *w);
    return n;
}

/* At '"' (or where a member name should start): the string, unescaped in place; NULL on error with R->off at the
 * offending byte (just after the opening quote when the string never ends). */
static const char *read_string(reader *R)
{
    char *s = R->s;
    size_t start = R->off + 1, e = start;
    int escaped = 0;
    if (s[R->off] != '"') {
        R->off = start;
        return NULL;
    }
    /* find the closing quote, eight bytes at a time while none of them is a quote or a backslash */
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (;;) {
        while (R->len - e >= 8) {
            uint64_t x, q, b;
            memcpy(&x, s + e, 8);
            q = x ^ (ones * '"');
            b = x ^ (ones * '\\');
            if (((q - ones) & ~q & highs) | ((b - ones) & ~b & highs))
                break;
            e += 8;
        }
        while (e < R->len && s[e] != '"' && s[e] != '\\')
            e++;
        if (e >= R->len) {
            R->off = start;
            return NULL;
        }
        if (s[e] == '"')
            break;
        if (e + 1 >= R->len) { /* a backslash as the last byte */
            R->off = start;
            return NULL;
        }
        escaped = 1;
        e += 2;
    }
    if (escaped) {
        char *w = s + start;
        for (size_t i = start; i < e;) {
            if (s[i] != '\\') {
                *w++ = s[i++];
                continue;
            }
            size_t n = 2;
            switch (s[i + 1]) {
            case 'b':
                *w++ = '\b';
                break;
            case 'f':
                *w++ = '\f';
                break;
            case 'n':
                *w++ = '\n';
                break;
            case 'r':
                *w++ = '\r';
                break;
            case 't':
                *w++ = '\t';
                break;
            case '"':
            case '\\':
            case '/':
                *w++ = s[i + 1];
                break;
            case 'u':
                n = unicode_escape(s, i, e, &w);
                break;
            default:
                n = 0;
            }
            if (!n) {
                R->off = i;
                return NULL;
            }
            i += n;
        }
        *w = 0;
    } else {
        s[e] = 0;
    }
    R->off = e + 1;
    return s + start;
}

static int number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

/* At '-' or a digit: strtod over the run of number characters, as far as it reads. 0 when it reads nothing. */
static int read_number(reader *R, zc_json *v)
{
    size_t n = 0;
    while (R->off + n < R->len && number_char(R->s[R->off + n]))
        n++;
    char small[64], *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf) {
        R->nomem = 1;
        return 0;
    }
    memcpy(buf, R->s + R->off, n);
    buf[n] = 0;
    char *after = buf;
    double d = strtod(buf, &after);
    size_t used = (size_t)(after - buf);
    if (buf != small)
        free(buf);
    if (!used)
        return 0;
    v->num = d;
    v->num_int = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
    R->off += used;
    return 1;
}

static zc_json *read_value(reader *R, size_t depth);

/* At '[' or '{': the members up to the closing bracket. */
static zc_json *read_container(reader *R, size_t depth)
{
    int obj = R->s[R->off] == '{';
    char close = obj ? '}' : ']';
    if (depth >= ZC_JSON_MAX_DEPTH)
        return NULL;
    zc_json *v = new_node(R, obj ? ZC_JSON_OBJECT : ZC_JSON_ARRAY);
    if (!v)
        return NULL;
    R->off++;
    skip_ws(R);
    if (R->off < R->len && R->s[R->off] == close) {
        R->off++;
        return v;
    }
    if (R->off >= R->len) {
        R->off--;
        return NULL;
    }
    zc_json **tail = &v->child;
    R->off--; /* on the byte before the first member, as after a comma */
    do {
        const char *key = NULL;
        if (obj) {
            if (R->off + 1 >= R->len)
                return NULL;
            R->off++;
            skip_ws(R);
            if (!(key = read_string(R)))
                return NULL;
            skip_ws(R);
            if (R->off >= R->len || R->s[R->off] != ':')
                return NULL;
        }
        R->off++;
        skip_ws(R);
        zc_json *item = read_value(R, depth + 1);
        if (!item)
            return NULL;
        item->key = key;
        *tail = item;
        tail = &item->next;
        skip_ws(R);
    } while (R->off < R->len && R->s[R->off] == ',');
    if (R->off >= R->len || R->s[R->off] != close)
        return NULL;
    R->off++;
    return v;
}

static zc_json *read_value(reader *R, size_t depth)
{
    const char *p = R->s + R->off;
    size_t left = R->len - R->off;
    if (left >= 4 && memcmp(p, "null", 4) == 0) {
        R->off += 4;
        return new_node(R, ZC_JSON_NULL);
    }
    if (left >= 5 && memcmp(p, "false", 5) == 0) {
        R->off += 5;
        return new_node(R, ZC_JSON_FALSE);
    }
    if (left >= 4 && memcmp(p, "true", 4) == 0) {
        R->off += 4;
        return new_node(R, ZC_JSON_TRUE);
    }
    if (!left)
        return NULL;
    if (*p == '"') {
        zc_json *v = new_node(R, ZC_JSON_STRING);
        return v && (v->str = read_string(R)) ? v : NULL;
    }
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
        zc_json *v = new_node(R, ZC_JSON_NUMBER);
        return v && read_number(R, v) ? v : NULL;
    }
    if (*p == '[' || *p == '{')
        return read_container(R, depth);
    return NULL;
}

static void release_blocks(zc_json_doc *d)
{
    while (d->blocks) { /* keep the blocks for the next parse */
        zc_json_block *b = d->blocks;
        d->blocks = b->prev;
        b->prev = d->spare;
        d->spare = b;
    }
}

const zc_json *zc_json_parse(zc_json_doc *d, const char *data, size_t len, size_t *end, size_t *err_pos, int *nomem)
{
    reader R = {NULL, len, 0, d, 0};
    *err_pos = 0;
    *nomem = 0;
    release_blocks(d);
    if (!len)
        return NULL;
    if (d->text_cap < len + 1) {
        char *t = realloc(d->text, len + 1);
        if (!t) {
            *nomem = 1;
            return NULL;
        }
        d->text = t;
        d->text_cap = len + 1;
    }
    memcpy(d->text, data, len);
    d->text[len] = 0;
    R.s = d->text;
    if (len > 4 && memcmp(R.s, "\xEF\xBB\xBF", 3) == 0)
        R.off = 3;
    skip_ws(&R);
    const zc_json *root = read_value(&R, 0);
    if (!root) {
        *err_pos = R.off < len ? R.off : len - 1;
        *nomem = R.nomem;
        return NULL;
    }
    *end = R.off;
    return root;
}

void zc_json_doc_free(zc_json_doc *d)
{
    release_blocks(d);
    while (d->spare) {
        zc_json_block *b = d->spare;
        d->spare = b->prev;
        free(b);
    }
    free(d->text);
    memset(d, 0, sizeof *d);
}

const zc_json *zc_json_get(const zc_json *obj, const char *key)
{
    if (!zc_json_is(obj, ZC_JSON_OBJECT))
        return NULL;
    for (const zc_json *it = obj->child; it; it = it->next)
        if (it->key[0] == key[0] && strcmp(key, it->key) == 0)
            return it;
    return NULL;
}

size_t zc_json_size(const zc_json *a)
{
    size_t n = 0;
    for (const zc_json *it = a ? a->child : NULL; it; it = it->next)
        n++;
    return n;
}

static void print_number(zc_buf *b, double d)
{
    char s[32];
    if (isnan(d) || isinf(d)) {
        zc_buf_puts(b, "null");
        return;
    }
    /* %.15g is kept when it reads back as the same double, within one unit of rounding */
    snprintf(s, sizeof s, "%1.15g", d);
    double back = strtod(s, NULL);
    double scale = fabs(d) > fabs(back) ? fabs(d) : fabs(back);
    if (!(fabs(back - d) <= scale * DBL_EPSILON))
        snprintf(s, sizeof s, "%1.17g", d);
    zc_buf_puts(b, s);
}

void zc_json_print(zc_buf *b, const zc_json *v)
{
    switch (v->type) {
    case ZC_JSON_NULL:
        zc_buf_puts(b, "null");
        return;
    case ZC_JSON_FALSE:
        zc_buf_puts(b, "false");
        return;
    case ZC_JSON_TRUE:
        zc_buf_puts(b, "true");
        return;
    case ZC_JSON_NUMBER:
        print_number(b, v->num);
        return;
    case ZC_JSON_STRING:
        zc_buf_json_str_minimal(b, v->str, strlen(v->str));
        return;
    default: {
        int obj = v->type == ZC_JSON_OBJECT;
        zc_buf_putc(b, obj ? '{' : '[');
        for (const zc_json *it = v->child; it; it = it->next) {
            if (it != v->child)
                zc_buf_putc(b, ',');
            if (obj) {
                zc_buf_json_str_minimal(b, it->key, strlen(it->key));
                zc_buf_putc(b, ':');
            }
            zc_json_print(b, it);
        }
        zc_buf_putc(b, obj ? '}' : ']');
    }
    }
}
