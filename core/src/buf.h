/* Growable byte buffer used by the JSON writers. */
#ifndef ZC_BUF_H
#define ZC_BUF_H
#include <stddef.h>

typedef struct zc_buf {
    char *data;
    size_t len, cap;
    int failed; /* set when an allocation failed; further writes are ignored */
} zc_buf;

void zc_buf_put(zc_buf *b, const char *s, size_t n);
void zc_buf_puts(zc_buf *b, const char *s);
void zc_buf_putc(zc_buf *b, char c);
void zc_buf_uint(zc_buf *b, unsigned long long v);
/* Writes `s` (n bytes of UTF-8) as a JSON string literal with quotes; invalid UTF-8 becomes U+FFFD. */
void zc_buf_json_str(zc_buf *b, const char *s, size_t n);
/* Returns the NUL-terminated data (ownership passes to the caller), or NULL if any write failed. */
char *zc_buf_take(zc_buf *b);
#endif
