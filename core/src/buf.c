#include "buf.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static int reserve(zc_buf *b, size_t extra)
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

void zc_buf_put(zc_buf *b, const char *s, size_t n)
{
    if (reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void zc_buf_puts(zc_buf *b, const char *s)
{
    zc_buf_put(b, s, strlen(s));
}

void zc_buf_putc(zc_buf *b, char c)
{
    zc_buf_put(b, &c, 1);
}

void zc_buf_uint(zc_buf *b, unsigned long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    zc_buf_put(b, tmp + i, sizeof tmp - i);
}

void zc_buf_json_str(zc_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    zc_buf_putc(b, '"');
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '"' || c == '\\') {
                char e[2] = {'\\', (char)c};
                zc_buf_put(b, e, 2);
            } else if (c == '\n') {
                zc_buf_put(b, "\\n", 2);
            } else if (c == '\r') {
                zc_buf_put(b, "\\r", 2);
            } else if (c == '\t') {
                zc_buf_put(b, "\\t", 2);
            } else if (c < 0x20 || c == 0x7F) {
                char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                zc_buf_put(b, e, 6);
            } else {
                zc_buf_putc(b, (char)c);
            }
            i++;
            continue;
        }
        /* copy one valid UTF-8 sequence, or write U+FFFD for one bad byte */
        uint32_t cps[4], cp = 0;
        size_t nbad = 0;
        size_t len = 1;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        if (len > 1 && i + len <= n && zc_utf8_decode((const unsigned char *)s + i, len, cps, &nbad) == 1 &&
            nbad == 0) {
            cp = cps[0];
            if (cp == 0x2028 || cp == 0x2029) { /* keep JSON valid as JavaScript too */
                zc_buf_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
            } else {
                zc_buf_put(b, s + i, len);
            }
            i += len;
        } else {
            zc_buf_put(b, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
    zc_buf_putc(b, '"');
}

char *zc_buf_take(zc_buf *b)
{
    if (b->failed || reserve(b, 0)) {
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
