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
    char *payload;      /* NUL-terminated payload bytes (QR byte mode: usually UTF-8), owned */
    size_t len;         /* payload length in bytes */
    int corners[8];     /* x0,y0 … x3,y3 in the input image: top-left, top-right, bottom-right, bottom-left of
                         * the code as printed (so the code's rotation in the image follows from them) */
} zc_qr_code;

/* Decodes every QR code in an 8-bit grayscale image (`stride` bytes per row, ≥ width). Tries the image as given,
 * then mirrored codes, then a 2× downscaled copy when nothing was found. Returns the number of codes written
 * (≤ max; 0 when none), or -1 with err set (bad dimensions, too large, out of memory). */
int zc_qr_decode(const uint8_t *gray, int width, int height, int stride, zc_qr_code *out, size_t max, zc_error *err);
void zc_qr_codes_free(zc_qr_code *codes, size_t n);

#ifdef __cplusplus
}
#endif
#endif
