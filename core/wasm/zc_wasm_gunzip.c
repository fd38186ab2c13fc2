/* The gunzip module (web/gen/zicha-gunzip.{mjs,wasm}): zlib's inflate for gzip-compressed custom rule packs,
 * kept out of the core module, which the page downloads before its first check (issue 6). web/engine.js loads
 * this module only when a custom pack starts with the gzip magic 1F 8B, inflates the pack here, and hands the
 * result to the core module (core/wasm/zc_wasm_zstub.c), whose pack loader (core/src/pack.c gunzip) then reads
 * it through the same loop, limits and messages as the native library.
 *
 *   char *zc_wasm_gunzip(const unsigned char *in, size_t len, const char *name, size_t *out_len, int *status)
 *       status 0: returns the inflated bytes (*out_len of them); else returns the error message
 *       ("NAME: corrupt or truncated gzip data", …) and *status is the zc_status code.
 *
 * The returned buffer is malloc'd: the caller releases it with _free. NULL only when out of memory.
 * This is core/src/pack.c's gunzip() step for step (same zlib calls, growth, limits and messages): keep the two
 * in step. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "zicha.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ZC_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define ZC_EXPORT
#endif

static char *fail(int *status, zc_status code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    *status = code;
    size_t n = strlen(msg) + 1;
    char *s = malloc(n);
    if (s)
        memcpy(s, msg, n);
    return s;
}

ZC_EXPORT char *zc_wasm_gunzip(const unsigned char *in, size_t len, const char *name, size_t *out_len, int *status)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    *out_len = 0;
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return fail(status, ZC_ERR_NOMEM, "%s: cannot start gzip decoder", name);
    size_t limit = (size_t)len * ZC_MAX_GZIP_RATIO;
    if (limit > ZC_MAX_PACK_BYTES || limit / ZC_MAX_GZIP_RATIO != len)
        limit = ZC_MAX_PACK_BYTES;
    size_t cap = len * 4 + 1024, n = 0;
    if (cap > limit + 1)
        cap = limit + 1;
    char *buf = malloc(cap);
    if (!buf) {
        inflateEnd(&zs);
        return fail(status, ZC_ERR_NOMEM, "%s: out of memory", name);
    }
    zs.next_in = (unsigned char *)in;
    zs.avail_in = (uInt)len;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (n == cap) {
            if (cap > limit) {
                free(buf);
                inflateEnd(&zs);
                return fail(status, ZC_ERR_PACK_GZIP,
                            "%s: gzip pack expands beyond the limit (%u MB, or %u× its compressed size)", name,
                            (unsigned)(ZC_MAX_PACK_BYTES >> 20), (unsigned)ZC_MAX_GZIP_RATIO);
            }
            size_t nc = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *q = realloc(buf, nc);
            if (!q) {
                free(buf);
                inflateEnd(&zs);
                return fail(status, ZC_ERR_NOMEM, "%s: out of memory", name);
            }
            buf = q;
            cap = nc;
        }
        zs.next_out = (unsigned char *)buf + n;
        zs.avail_out = (uInt)(cap - n);
        rc = inflate(&zs, Z_NO_FLUSH);
        n = cap - zs.avail_out;
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK || (zs.avail_in == 0 && zs.avail_out != 0)) {
            free(buf);
            inflateEnd(&zs);
            return fail(status, ZC_ERR_PACK_GZIP, "%s: corrupt or truncated gzip data", name);
        }
    }
    inflateEnd(&zs);
    *status = 0;
    *out_len = n;
    return buf;
}
