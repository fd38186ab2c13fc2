/* The gunzip module (web/gen/zicha-gunzip.{mjs,wasm}): zlib's inflate for gzip-compressed custom rule packs,
 * kept out of the core module, which the page downloads before its first check (issue 6). web/engine.js loads
 * this module only when a custom pack starts with the gzip magic 1F 8B, inflates the pack here, and hands the
 * result to the core module (core/wasm/zc_wasm_zstub.c), whose pack loader (core/src/pack.c → zc_gunzip) then reads
 * it through the same loop, limits and messages as the native library.
 *
 *   char *zc_wasm_gunzip(const unsigned char *in, size_t len, const char *name, size_t *out_len, int *status)
 *       status 0: returns the inflated bytes (*out_len of them); else returns the error message
 *       ("NAME: corrupt or truncated gzip data", …) and *status is the zc_status code.
 *
 * The returned buffer is malloc'd: the caller releases it with _free. NULL only when out of memory.
 * The inflating is core/src/gunzip.c's zc_gunzip, the function pack.c uses natively. */
#include <stdlib.h>
#include <string.h>

#include "gunzip.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ZC_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define ZC_EXPORT
#endif

ZC_EXPORT char *zc_wasm_gunzip(const unsigned char *in, size_t len, const char *name, size_t *out_len, int *status)
{
    char *out = NULL;
    zc_error err;
    *out_len = 0;
    zc_status st = zc_gunzip(name, in, len, &out, out_len, &err);
    *status = st;
    if (st == ZC_OK)
        return out;
    size_t n = strlen(err.message) + 1;
    char *msg = malloc(n);
    if (msg)
        memcpy(msg, err.message, n);
    return msg;
}
