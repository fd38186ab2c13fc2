/* Fuzz target: the QR decoder's input path (core/src/qr.h over quirc). Input: width-1 and height-1 as 16-bit
 * little-endian numbers (each taken modulo 384), the extra stride bytes, the `max` codes wanted, then the pixels
 * (8-bit gray, row by row with the stride; missing bytes are white). The image buffer is exactly
 * (height-1)*stride + width bytes, so a read outside the image is an ASan error. Also checks that bad or
 * oversized dimensions are refused before any pixel is read. Invariants: 0..max codes, each payload
 * NUL-terminated at its length (or NULL with length 0 for a located, undecoded code), a decoded code's corners
 * inside a generous box around the image. */
#include "qr.h"

#include "fuzz.h"

#define ZC_FUZZ_QR_SIDE 384

ZC_FUZZ_ENTRY(qr)
{
    if (size < 6)
        return 0;
    const int w = (int)((data[0] | (data[1] << 8)) % ZC_FUZZ_QR_SIDE) + 1;
    const int h = (int)((data[2] | (data[3] << 8)) % ZC_FUZZ_QR_SIDE) + 1;
    const int stride = w + (data[4] & 7);
    const size_t max = data[5] % 5;
    const uint8_t *pix = data + 6;
    size_t npix = size - 6;
    size_t need = (size_t)(h - 1) * (size_t)stride + (size_t)w;
    uint8_t *img = malloc(need);
    if (!img)
        abort();
    for (size_t i = 0; i < need; i++)
        img[i] = i < npix ? pix[i] : 0xFF;

    zc_qr_code codes[4];
    zc_error err;
    memset(codes, 0, sizeof codes);
    /* refused before decoding: a one-byte buffer must never be read past */
    static const int bad[][3] = {{0, 10, 10}, {10, 0, 10}, {-5, 10, 10}, {10, 10, 9}, {100000, 1000, 100000},
                                 {8000, 5001, 8000}, {2147483647, 2147483647, 2147483647}};
    if (data[4] & 8) {
        uint8_t one = 0;
        const int *b = bad[(data[4] >> 4) % (sizeof bad / sizeof bad[0])];
        memset(&err, 0, sizeof err);
        ZC_FUZZ_ASSERT(zc_qr_decode(&one, b[0], b[1], b[2], codes, 4, &err) == -1, "bad dimensions accepted");
        ZC_FUZZ_ASSERT(err.code != ZC_OK && err.message[0], "no error message");
    }
    memset(&err, 0, sizeof err);
    int n = zc_qr_decode(img, w, h, stride, codes, max, &err);
    if (n < 0) {
        ZC_FUZZ_ASSERT(err.code == ZC_ERR_NOMEM, err.message);
    } else {
        ZC_FUZZ_ASSERT((size_t)n <= max, "more codes than max");
        for (int i = 0; i < n; i++) {
            /* payload NULL: located but not decoded (then len 0); else NUL-terminated at len */
            ZC_FUZZ_ASSERT(codes[i].payload ? codes[i].payload[codes[i].len] == 0 : codes[i].len == 0, "payload");
            /* a located, undecoded code's corners are extrapolated and may lie far outside the image
             * (regressions/qr/located-code-corners-far-outside: (-135,-1087) in a 74×74 image) */
            for (int c = 0; codes[i].payload && c < 4; c++) {
                ZC_FUZZ_ASSERT(codes[i].corners[2 * c] > -4 * w && codes[i].corners[2 * c] < 5 * w, "corner x");
                ZC_FUZZ_ASSERT(codes[i].corners[2 * c + 1] > -4 * h && codes[i].corners[2 * c + 1] < 5 * h,
                               "corner y");
            }
        }
        zc_qr_codes_free(codes, (size_t)n);
    }
    free(img);
    return 0;
}
