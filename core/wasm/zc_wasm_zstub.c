/* The core module's stand-in for zlib's inflate (issue 6: zlib is 11 KB of the page's first download, and only
 * gzip-compressed custom rule packs need it). core/src/pack.c calls inflateInit2/inflate/inflateEnd when a pack
 * starts with the gzip magic; here those calls hand out the bytes that the gunzip module (zc_wasm_gunzip.c,
 * real zlib, the same loop and limits) already inflated for exactly that pack: web/engine.js inflates there
 * first, reports its errors itself, and passes the result with zc_wasm_preinflated() just before zc_wasm_init().
 * pack.c then runs its usual loop over them, so every limit, message and result is the native library's.
 * Without inflated bytes waiting (a gzip pack that did not come through engine.js), inflateInit2 fails and
 * pack.c reports "cannot start gzip decoder".
 *
 *   void zc_wasm_preinflated(const unsigned char *data, size_t len)   the next gzip pack inflates to these
 *                                                                     bytes (the caller keeps them alive until
 *                                                                     zc_wasm_init returns; NULL disarms) */
#include <stddef.h>
#include <string.h>
#include <zlib.h>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ZC_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define ZC_EXPORT
#endif

typedef struct zc_preinflated {
    const unsigned char *data;
    size_t len, pos;
} zc_preinflated;

/* The module's state, like zc_wasm.c's engine handle: one instance per worker. */
static zc_preinflated pre;

ZC_EXPORT void zc_wasm_preinflated(const unsigned char *data, size_t len)
{
    pre.data = data;
    pre.len = data ? len : 0;
    pre.pos = 0;
}

int inflateInit2_(z_streamp strm, int window_bits, const char *version, int stream_size)
{
    (void)window_bits;
    (void)version;
    (void)stream_size;
    if (!strm || !pre.data)
        return Z_MEM_ERROR;
    pre.pos = 0;
    strm->total_out = 0;
    return Z_OK;
}

int inflate(z_streamp strm, int flush)
{
    (void)flush;
    if (!strm || !pre.data)
        return Z_STREAM_ERROR;
    size_t n = pre.len - pre.pos;
    if (n > strm->avail_out)
        n = strm->avail_out;
    if (n)
        memcpy(strm->next_out, pre.data + pre.pos, n);
    pre.pos += n;
    strm->next_out += n;
    strm->avail_out -= (uInt)n;
    strm->total_out += n;
    return pre.pos == pre.len ? Z_STREAM_END : Z_OK;
}

int inflateEnd(z_streamp strm)
{
    (void)strm;
    pre.data = NULL;
    pre.len = pre.pos = 0;
    return Z_OK;
}
