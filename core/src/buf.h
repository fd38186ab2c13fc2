/* Growable byte buffer used by the JSON writers. */
#ifndef ZC_BUF_H
#define ZC_BUF_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct zc_buf {
    char *data; /* NUL-terminated after every write (once anything was written) */
    size_t len, cap;
    int failed; /* set when an allocation failed; further writes are ignored */
} zc_buf;

/* Makes room for `extra` more bytes plus the NUL; 0, or -1 (and b->failed) when out of memory. */
int zc_buf_reserve(zc_buf *b, size_t extra);

/* The writers are inline: one compare on the fast path, no call per character. */
static inline void zc_buf_put(zc_buf *b, const char *s, size_t n)
{
    if ((b->len + n + 1 > b->cap || b->failed) && zc_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

static inline void zc_buf_puts(zc_buf *b, const char *s)
{
    zc_buf_put(b, s, strlen(s));
}

static inline void zc_buf_putc(zc_buf *b, char c)
{
    if ((b->len + 2 > b->cap || b->failed) && zc_buf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

/* Empties the buffer and keeps its memory (and clears `failed`). */
static inline void zc_buf_reset(zc_buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->data)
        b->data[0] = 0;
}

void zc_buf_uint(zc_buf *b, unsigned long long v);
/* The JSON string writer (every JSON string the engine writes goes through one of these two): writes `s` (n
 * bytes of UTF-8) as a JSON string literal with quotes; each invalid byte becomes U+FFFD (zc_utf8_next). */
void zc_buf_json_str(zc_buf *b, const char *s, size_t n);
/* The same with only the escapes JSON requires (\" \\ \b \f \n \r \t, other C0 controls as \u00XX; DEL,
 * U+2028 and U+2029 as they are): how a batch line's id is echoed (json.c). */
void zc_buf_json_str_minimal(zc_buf *b, const char *s, size_t n);
/* The same for n code points (valid scalars, as zc_utf8_decode gives them): the bytes zc_buf_json_str writes for
 * their UTF-8. */
void zc_buf_json_cps(zc_buf *b, const uint32_t *cps, size_t n);
/* Returns the NUL-terminated data (ownership passes to the caller), or NULL if any write failed. */
char *zc_buf_take(zc_buf *b);
#endif
