#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int zc_buf_reserve(zc_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->len + extra + 1)
        nc *= 2;
    char *q = realloc(b->data, nc);
    if (!q) {
        b->failed = 1;
        return -1;
    }
    b->data = q;
    b->cap = nc;
    return 0;
}

void zc_buf_uint(zc_buf *b, unsigned long long v)
{
    if ((b->len + 21 > b->cap || b->failed) && zc_buf_reserve(b, 20))
        return;
    char *o = b->data + b->len;
    if (v < 10) { /* most numbers of a report are small */
        o[0] = (char)('0' + v);
        o[1] = 0;
        b->len++;
        return;
    }
    char tmp[24];
    size_t i = sizeof tmp;
    unsigned v32;
    while (v > 0xFFFFFFFFu) {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    }
    for (v32 = (unsigned)v; v32; v32 /= 10)
        tmp[--i] = (char)('0' + v32 % 10);
    size_t n = sizeof tmp - i;
    memcpy(o, tmp + i, n);
    o[n] = 0;
    b->len += n;
}

/* ---- the one JSON string writer ----
 * Both forms below write the same bytes for the same text: printable ASCII as is, except " and \ (escaped);
 * \n \r \t; other C0 controls and DEL as \u00XX; U+2028 and U+2029 as \u2028 / \u2029 (so the JSON is valid as
 * JavaScript too); every other character as its UTF-8. The minimal form (zc_buf_json_str_minimal) escapes only what
 * JSON requires. */

/* Writes the escape of an ASCII byte that is not copied as is (see json_plain) to o; returns its length. */
static size_t json_escape_ascii(unsigned char c, char *o, int minimal)
{
    static const char hex[] = "0123456789abcdef";
    o[0] = '\\';
    switch (c) {
    case '"':
    case '\\':
        o[1] = (char)c;
        return 2;
    case '\n':
        o[1] = 'n';
        return 2;
    case '\r':
        o[1] = 'r';
        return 2;
    case '\t':
        o[1] = 't';
        return 2;
    case '\b':
    case '\f':
        if (minimal) {
            o[1] = c == '\b' ? 'b' : 'f';
            return 2;
        }
        /* fall through */
    default:
        memcpy(o + 1, "u00", 3);
        o[4] = hex[c >> 4];
        o[5] = hex[c & 15];
        return 6;
    }
}

static int json_plain(unsigned char c, int minimal)
{
    return c >= 0x20 && (c < 0x7F || minimal) && c != '"' && c != '\\';
}

static void json_str(zc_buf *b, const char *str, size_t n, int minimal)
{
    const unsigned char *s = (const unsigned char *)str;
    char e[6];
    zc_buf_putc(b, '"');
    size_t i = 0, run = 0; /* s[run, i) is copied verbatim in one go */
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80 && json_plain(c, minimal)) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp;
            int bad;
            size_t len = zc_utf8_next(s, n, i, &cp, &bad);
            if (!bad && ((cp != 0x2028 && cp != 0x2029) || minimal)) {
                i += len;
                continue;
            }
            zc_buf_put(b, str + run, i - run);
            if (bad)
                zc_buf_put(b, "\xEF\xBF\xBD", 3); /* one bad byte → U+FFFD */
            else
                zc_buf_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
            i += len;
            run = i;
            continue;
        }
        zc_buf_put(b, str + run, i - run);
        zc_buf_put(b, e, json_escape_ascii(c, e, minimal));
        i++;
        run = i;
    }
    zc_buf_put(b, str + run, i - run);
    zc_buf_putc(b, '"');
}

void zc_buf_json_str(zc_buf *b, const char *s, size_t n)
{
    json_str(b, s, n, 0);
}

void zc_buf_json_str_minimal(zc_buf *b, const char *s, size_t n)
{
    json_str(b, s, n, 1);
}

void zc_buf_json_cps(zc_buf *b, const uint32_t *cps, size_t n)
{
    /* one reserve for the worst case (six bytes a code point), then no check per character */
    if (zc_buf_reserve(b, n * 6 + 2))
        return;
    char *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c >= 0x80) {
            if (c == 0x2028 || c == 0x2029) {
                memcpy(o, c == 0x2028 ? "\\u2028" : "\\u2029", 6);
                o += 6;
            } else {
                o += zc_utf8_encode(c, o);
            }
        } else if (json_plain((unsigned char)c, 0)) {
            *o++ = (char)c;
        } else {
            o += json_escape_ascii((unsigned char)c, o, 0);
        }
    }
    *o++ = '"';
    *o = 0;
    b->len = (size_t)(o - b->data);
}

char *zc_buf_take(zc_buf *b)
{
    if (b->failed || zc_buf_reserve(b, 0)) {
        free(b->data);
        b->data = NULL;
        b->len = b->cap = 0;
        return NULL;
    }
    char *d = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}
