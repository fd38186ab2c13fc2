/* QR-code decoding of a grayscale image (quirc, fetched by tools/fetch-quirc.sh into build/third_party/quirc).
 *
 * Ownership: zc_qr_decode fills caller-owned zc_qr_code structs; each payload is malloc'd and freed by
 * zc_qr_codes_free. No global mutable state. */
#ifndef ZC_QR_H
#define ZC_QR_H

#include <stddef.h>
#include <stdint.h>

#include "zicha.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest image accepted, in pixels (40 megapixels, as the licence check's image limit). */
#define ZC_QR_MAX_PIXELS (40u * 1000u * 1000u)

typedef struct zc_qr_code {
    char *payload;  /* NUL-terminated payload bytes (QR byte mode: usually UTF-8), owned; NULL when the code
                     * was located but could not be decoded (its corners still give the orientation) */
    size_t len;     /* payload length in bytes */
    int corners[8]; /* x0,y0 … x3,y3 in the input image: top-left, top-right, bottom-right, bottom-left of
                     * the code as printed (so the code's rotation in the image follows from them) */
} zc_qr_code;

/* Decodes every QR code in an 8-bit grayscale image (`stride` bytes per row, ≥ width). Photos are noisy, so when
 * nothing decodes it retries on filtered copies: 3×3 median, 3×3 box blur, 2× bilinear upscale (images up to
 * 2000 px), 2× downscale; mirrored codes are tried too. Decoded codes come first; when none decodes, one located
 * code with payload NULL may be returned for its corners. Returns the number of codes written (≤ max; 0 when
 * none), or -1 with err set (bad dimensions, too large, out of memory). */
int zc_qr_decode(const uint8_t *gray, int width, int height, int stride, zc_qr_code *out, size_t max, zc_error *err);
void zc_qr_codes_free(zc_qr_code *codes, size_t n);

#ifdef __cplusplus
}
#endif
#endif
