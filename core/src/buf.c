#include "buf.h"

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
    if (v < 10) { /* [perf, issue 6] most numbers of a report are small */
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

/* Length of the valid UTF-8 sequence at s[0] (2–4), or 0 when it is not one (overlong, surrogate, > U+10FFFF,
 * truncated). Same acceptance as zc_utf8_decode. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || len > avail)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0u) != 0x80u)
            return 0;
    unsigned char d = s[1];
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F))
        return 0;
    return len;
}

void zc_buf_json_str(zc_buf *b, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    zc_buf_putc(b, '"');
    size_t i = 0, run = 0; /* s[run, i) is copied verbatim in one go */
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t len = utf8_seq(s + i, n - i);
            /* U+2028/2029 (E2 80 A8/A9) are escaped to keep the JSON valid as JavaScript too */
            if (len && !(len == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))) {
                i += len;
                continue;
            }
            zc_buf_put(b, str + run, i - run);
            if (len) {
                zc_buf_puts(b, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                i += 3;
            } else {
                zc_buf_put(b, "\xEF\xBF\xBD", 3); /* one bad byte → U+FFFD */
                i++;
            }
            run = i;
            continue;
        }
        zc_buf_put(b, str + run, i - run);
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            zc_buf_put(b, e, 2);
        } else if (c == '\n') {
            zc_buf_put(b, "\\n", 2);
        } else if (c == '\r') {
            zc_buf_put(b, "\\r", 2);
        } else if (c == '\t') {
            zc_buf_put(b, "\\t", 2);
        } else {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            zc_buf_put(b, e, 6);
        }
        i++;
        run = i;
    }
    zc_buf_put(b, str + run, i - run);
    zc_buf_putc(b, '"');
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
