/* gzip decoding of rule packs, with the pack limits (ZC_MAX_PACK_BYTES, ZC_MAX_GZIP_RATIO) and messages.
 *
 * The WebAssembly core is built with ZC_NO_GZIP: zlib is not part of the page's first download, and its caller
 * (web/engine.js) inflates a gzip pack with the platform's DecompressionStream, with the same limits and
 * messages, before handing over the JSON. There a pack is never taken for gzip, so a gzip stream inside a gzip
 * pack is read as JSON (and refused) exactly as the native library reads it after its one inflation. */
#ifndef ZC_GUNZIP_H
#define ZC_GUNZIP_H

#include <stddef.h>

#include "zicha.h"

#ifdef ZC_NO_GZIP
static inline int zc_is_gzip(const unsigned char *data, size_t len)
{
    (void)data;
    (void)len;
    return 0;
}
static inline zc_status zc_gunzip(const char *name, const unsigned char *in, size_t len, char **out, size_t *out_len,
                                  zc_error *err)
{
    (void)name;
    (void)in;
    (void)len;
    (void)out;
    (void)out_len;
    (void)err;
    return ZC_ERR_PACK_GZIP;
}
#else
/* True when the pack starts with the gzip magic 1F 8B. */
static inline int zc_is_gzip(const unsigned char *data, size_t len)
{
    return len >= 2 && data[0] == 0x1F && data[1] == 0x8B;
}

/* Inflates the gzip member in[0..len); bytes after it make the data corrupt, as they do for the web's
 * DecompressionStream. ZC_OK: *out is a malloc'd buffer the caller frees, *out_len its length (at most
 * min(len × ZC_MAX_GZIP_RATIO, ZC_MAX_PACK_BYTES)). Otherwise returns the error code (ZC_ERR_NOMEM,
 * ZC_ERR_PACK_GZIP) and fills *err (if not NULL) with a message starting with `name`; *out is untouched. */
zc_status zc_gunzip(const char *name, const unsigned char *in, size_t len, char **out, size_t *out_len, zc_error *err);
#endif

#endif
