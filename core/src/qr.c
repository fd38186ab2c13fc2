/* QR decoding glue over quirc. See qr.h. */
#include "qr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quirc.h"

static void qr_seterr(zc_error *err, zc_status code, const char *msg)
{
    if (!err)
        return;
    err->code = code;
    snprintf(err->message, sizeof err->message, "%s", msg);
}

/* Runs quirc over one image; appends decoded codes to out (skipping duplicate payloads). Returns the new count,
 * or -1 when out of memory. `scale` maps corner coordinates back to the caller's image. */
static int scan(struct quirc *q, const uint8_t *gray, int w, int h, int stride, int scale, zc_qr_code *out,
                size_t max, size_t n)
{
    if (quirc_resize(q, w, h) < 0)
        return -1;
    uint8_t *buf = quirc_begin(q, NULL, NULL);
    for (int y = 0; y < h; y++)
        memcpy(buf + (size_t)y * (size_t)w, gray + (size_t)y * (size_t)stride, (size_t)w);
    quirc_end(q);
    int count = quirc_count(q);
    struct quirc_code *code = malloc(sizeof *code);
    struct quirc_data *data = malloc(sizeof *data);
    if (!code || !data) {
        free(code);
        free(data);
        return -1;
    }
    for (int i = 0; i < count && n < max; i++) {
        quirc_extract(q, i, code);
        quirc_decode_error_t e = quirc_decode(code, data);
        if (e == QUIRC_ERROR_DATA_ECC) {
            quirc_flip(code);
            e = quirc_decode(code, data);
        }
        if (e != QUIRC_SUCCESS)
            continue;
        size_t len = (size_t)data->payload_len;
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= out[k].len == len && memcmp(out[k].payload, data->payload, len) == 0;
        if (dup)
            continue;
        char *p = malloc(len + 1);
        if (!p) {
            free(code);
            free(data);
            return -1;
        }
        memcpy(p, data->payload, len);
        p[len] = 0;
        out[n].payload = p;
        out[n].len = len;
        for (int c = 0; c < 4; c++) {
            out[n].corners[2 * c] = code->corners[c].x * scale;
            out[n].corners[2 * c + 1] = code->corners[c].y * scale;
        }
        n++;
    }
    free(code);
    free(data);
    return (int)n;
}

int zc_qr_decode(const uint8_t *gray, int width, int height, int stride, zc_qr_code *out, size_t max, zc_error *err)
{
    if (!gray || !out || width <= 0 || height <= 0 || stride < width) {
        qr_seterr(err, ZC_ERR_INPUT, "qr: bad image dimensions");
        return -1;
    }
    if ((uint64_t)width * (uint64_t)height > ZC_QR_MAX_PIXELS) {
        qr_seterr(err, ZC_ERR_TOO_LARGE, "qr: image larger than 40 megapixels");
        return -1;
    }
    if (max == 0)
        return 0;
    struct quirc *q = quirc_new();
    if (!q) {
        qr_seterr(err, ZC_ERR_NOMEM, "qr: out of memory");
        return -1;
    }
    int n = scan(q, gray, width, height, stride, 1, out, max, 0);
    if (n == 0 && width >= 64 && height >= 64) {
        /* noisy photos: a 2× box-filtered copy often thresholds better */
        int w2 = width / 2, h2 = height / 2;
        uint8_t *small = malloc((size_t)w2 * (size_t)h2);
        if (!small) {
            n = -1;
        } else {
            for (int y = 0; y < h2; y++)
                for (int x = 0; x < w2; x++) {
                    const uint8_t *p = gray + (size_t)(2 * y) * (size_t)stride + (size_t)(2 * x);
                    small[(size_t)y * (size_t)w2 + (size_t)x] =
                        (uint8_t)((p[0] + p[1] + p[stride] + p[stride + 1] + 2) / 4);
                }
            n = scan(q, small, w2, h2, w2, 2, out, max, 0);
            free(small);
        }
    }
    quirc_destroy(q);
    if (n < 0) {
        qr_seterr(err, ZC_ERR_NOMEM, "qr: out of memory");
        return -1;
    }
    return n;
}

void zc_qr_codes_free(zc_qr_code *codes, size_t n)
{
    if (!codes)
        return;
    for (size_t i = 0; i < n; i++) {
        free(codes[i].payload);
        codes[i].payload = NULL;
    }
}
