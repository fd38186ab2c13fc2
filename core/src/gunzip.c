/* gzip decoding of rule packs: see gunzip.h. */
#include "gunzip.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Sets *err (when given) and returns `code`. */
static zc_status fail(zc_error *err, zc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static zc_status fail(zc_error *err, zc_status code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

static zc_status expands_too_far(zc_error *err, const char *name)
{
    return fail(err, ZC_ERR_PACK_GZIP, "%s: gzip pack expands beyond the limit (%u MB, or %u× its compressed size)",
                name, (unsigned)(ZC_MAX_PACK_BYTES >> 20), (unsigned)ZC_MAX_GZIP_RATIO);
}

zc_status zc_gunzip(const char *name, const unsigned char *in, size_t len, char **out, size_t *out_len, zc_error *err)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return fail(err, ZC_ERR_NOMEM, "%s: cannot start gzip decoder", name);
    size_t limit = (size_t)len * ZC_MAX_GZIP_RATIO;
    if (limit > ZC_MAX_PACK_BYTES || limit / ZC_MAX_GZIP_RATIO != len)
        limit = ZC_MAX_PACK_BYTES;
    size_t cap = len * 4 + 1024, n = 0;
    if (cap > limit + 1)
        cap = limit + 1;
    char *buf = malloc(cap);
    if (!buf) {
        inflateEnd(&zs);
        return fail(err, ZC_ERR_NOMEM, "%s: out of memory", name);
    }
    zs.next_in = (unsigned char *)in;
    zs.avail_in = (uInt)len;
    zc_status st = ZC_OK;
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                st = expands_too_far(err, name);
                break;
            }
            size_t nc = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *q = realloc(buf, nc);
            if (!q) {
                st = fail(err, ZC_ERR_NOMEM, "%s: out of memory", name);
                break;
            }
            buf = q;
            cap = nc;
        }
        zs.next_out = (unsigned char *)buf + n;
        zs.avail_out = (uInt)(cap - n);
        int rc = inflate(&zs, Z_NO_FLUSH);
        n = cap - zs.avail_out;
        if (rc == Z_STREAM_END) {
            /* one gzip member and nothing after it; the output limit holds even when the stream ends exactly
             * at the buffer's extra byte */
            if (zs.avail_in != 0)
                st = fail(err, ZC_ERR_PACK_GZIP, "%s: corrupt or truncated gzip data", name);
            else if (n > limit)
                st = expands_too_far(err, name);
            break;
        }
        if (rc != Z_OK || (zs.avail_in == 0 && zs.avail_out != 0)) {
            st = fail(err, ZC_ERR_PACK_GZIP, "%s: corrupt or truncated gzip data", name);
            break;
        }
    }
    inflateEnd(&zs);
    if (st != ZC_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    *out_len = n;
    return ZC_OK;
}
