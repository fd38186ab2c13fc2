/* gzip decoding of rule packs, with the pack limits (ZC_MAX_PACK_BYTES, ZC_MAX_GZIP_RATIO) and messages.
 * Used by pack.c (native and the core wasm, where zlib is core/wasm/zc_wasm_zstub.c) and by the gunzip wasm
 * module (core/wasm/zc_wasm_gunzip.c, real zlib), so both report the same errors. */
#ifndef ZC_GUNZIP_H
#define ZC_GUNZIP_H

#include <stddef.h>

#include "zicha.h"

/* Inflates the gzip data in[0..len). ZC_OK: *out is a malloc'd buffer the caller frees, *out_len its length.
 * Otherwise returns the error code (ZC_ERR_NOMEM, ZC_ERR_PACK_GZIP) and fills *err (if not NULL) with a message
 * starting with `name`; *out is untouched. */
zc_status zc_gunzip(const char *name, const unsigned char *in, size_t len, char **out, size_t *out_len, zc_error *err);

#endif
