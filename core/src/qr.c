/* QR decoding glue over quirc. See qr.h. */
#include "qr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "quirc.h"

typedef struct qimg {
    uint8_t *px; /* owned unless it aliases the caller's buffer */
    int w, h, stride;
    int num, den; /* caller coordinate = coordinate * num / den */
} qimg;

/* A coordinate in the scanned copy → the caller's image, without overflow (quirc may report INT_MIN for a
 * degenerate code), saturated to ±2^30. */
static int scale_coord(int v, const qimg *im)
{
    long long x = (long long)v * im->num / im->den;
    const long long lim = 1LL << 30;
    return (int)(x < -lim ? -lim : x > lim ? lim : x);
}

/* Scans one image with quirc; appends decoded codes to out (no duplicate payloads) and remembers the first
 * located-but-undecodable code in *located. Returns the new count, or -1 when out of memory. */
static int scan(struct quirc *q, const qimg *im, zc_qr_code *out, size_t max, size_t n, zc_qr_code *located,
                int *have_located)
{
    if (quirc_resize(q, im->w, im->h) < 0)
        return -1;
    uint8_t *buf = quirc_begin(q, NULL, NULL);
    for (int y = 0; y < im->h; y++)
        memcpy(buf + (size_t)y * (size_t)im->w, im->px + (size_t)y * (size_t)im->stride, (size_t)im->w);
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
        zc_qr_code *dst = NULL;
        if (e == QUIRC_SUCCESS) {
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
            dst = &out[n++];
            dst->payload = p;
            dst->len = len;
        } else if (!*have_located) {
            dst = located;
            dst->payload = NULL;
            dst->len = 0;
            *have_located = 1;
        } else {
            continue;
        }
        for (int c = 0; c < 4; c++) {
            dst->corners[2 * c] = scale_coord(code->corners[c].x, im);
            dst->corners[2 * c + 1] = scale_coord(code->corners[c].y, im);
        }
    }
    free(code);
    free(data);
    return (int)n;
}

static int cmp_u8(const void *a, const void *b)
{
    return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
}

/* Filtered copies of the input (each malloc'd): 0 median 3×3, 1 box 3×3, 2 upscale 2×, 3 downscale 2×. */
static int variant(const qimg *src, int kind, qimg *dst)
{
    int w = src->w, h = src->h;
    const uint8_t *g = src->px;
    int s = src->stride;
    if (kind == 2) {
        if (w > 2000 || h > 2000)
            return 0;
        dst->w = 2 * w;
        dst->h = 2 * h;
        dst->num = 1;
        dst->den = 2;
    } else if (kind == 3) {
        if (w < 64 || h < 64)
            return 0;
        dst->w = w / 2;
        dst->h = h / 2;
        dst->num = 2;
        dst->den = 1;
    } else {
        dst->w = w;
        dst->h = h;
        dst->num = dst->den = 1;
    }
    dst->stride = dst->w;
    dst->px = malloc((size_t)dst->w * (size_t)dst->h);
    if (!dst->px)
        return -1;
    for (int y = 0; y < dst->h; y++) {
        for (int x = 0; x < dst->w; x++) {
            unsigned v;
            if (kind == 0 || kind == 1) {
                uint8_t nb[9];
                int k = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy < 0 ? 0 : y + dy >= h ? h - 1 : y + dy;
                        int xx = x + dx < 0 ? 0 : x + dx >= w ? w - 1 : x + dx;
                        nb[k++] = g[(size_t)yy * (size_t)s + (size_t)xx];
                    }
                if (kind == 0) {
                    qsort(nb, 9, 1, cmp_u8);
                    v = nb[4];
                } else {
                    v = 0;
                    for (k = 0; k < 9; k++)
                        v += nb[k];
                    v = (v + 4) / 9;
                }
            } else if (kind == 2) {
                /* bilinear, sample centres aligned */
                int fx2 = 2 * x - 1 < 0 ? 0 : 2 * x - 1, fy2 = 2 * y - 1 < 0 ? 0 : 2 * y - 1; /* in quarter pixels */
                int x0 = fx2 / 4, y0 = fy2 / 4;
                int ax = fx2 % 4, ay = fy2 % 4;
                int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
                unsigned p00 = g[(size_t)y0 * (size_t)s + (size_t)x0], p01 = g[(size_t)y0 * (size_t)s + (size_t)x1];
                unsigned p10 = g[(size_t)y1 * (size_t)s + (size_t)x0], p11 = g[(size_t)y1 * (size_t)s + (size_t)x1];
                v = (p00 * (unsigned)(4 - ax) * (unsigned)(4 - ay) + p01 * (unsigned)ax * (unsigned)(4 - ay) +
                     p10 * (unsigned)(4 - ax) * (unsigned)ay + p11 * (unsigned)ax * (unsigned)ay + 8) /
                    16;
                /* fx2 is 2x-1 in half-source-pixel units; quarter fractions approximate well enough */
            } else {
                const uint8_t *p = g + (size_t)(2 * y) * (size_t)s + (size_t)(2 * x);
                v = (p[0] + p[1] + p[s] + p[s + 1] + 2) / 4;
            }
            dst->px[(size_t)y * (size_t)dst->w + (size_t)x] = (uint8_t)v;
        }
    }
    return 1;
}

int zc_qr_decode(const uint8_t *gray, int width, int height, int stride, zc_qr_code *out, size_t max, zc_error *err)
{
    if (!gray || !out || width <= 0 || height <= 0 || stride < width) {
        zc_set_error(err, ZC_ERR_INPUT, "qr: bad image dimensions");
        return -1;
    }
    if ((uint64_t)width * (uint64_t)height > ZC_QR_MAX_PIXELS) {
        zc_set_error(err, ZC_ERR_TOO_LARGE, "qr: image larger than 40 megapixels");
        return -1;
    }
    if (max == 0)
        return 0;
    struct quirc *q = quirc_new();
    if (!q) {
        zc_set_error(err, ZC_ERR_NOMEM, "qr: out of memory");
        return -1;
    }
    qimg src = {(uint8_t *)(uintptr_t)gray, width, height, stride, 1, 1};
    zc_qr_code located;
    int have_located = 0;
    memset(&located, 0, sizeof located);
    int n = scan(q, &src, out, max, 0, &located, &have_located);
    for (int kind = 0; kind < 4 && n == 0; kind++) {
        qimg v;
        int rc = variant(&src, kind, &v);
        if (rc < 0) {
            n = -1;
            break;
        }
        if (rc == 0)
            continue;
        n = scan(q, &v, out, max, 0, &located, &have_located);
        free(v.px);
    }
    if (n == 0 && have_located) {
        /* a code was found but not decoded: enlarge its neighbourhood 3× (bilinear) and try once more, plain and
         * median-filtered */
        /* corners of a located code can be extrapolated far outside the image (even INT_MIN from a NaN in
         * quirc's perspective map): clamp them to the image first, so that no arithmetic below can overflow */
#define ZC_CLAMP(v, hi) ((v) < 0 ? 0 : (v) > (hi) ? (hi) : (v))
        int x0 = ZC_CLAMP(located.corners[0], width), x1 = x0, y0 = ZC_CLAMP(located.corners[1], height), y1 = y0;
        for (int c = 1; c < 4; c++) {
            int x = ZC_CLAMP(located.corners[2 * c], width), y = ZC_CLAMP(located.corners[2 * c + 1], height);
            x0 = x < x0 ? x : x0;
            x1 = x > x1 ? x : x1;
            y0 = y < y0 ? y : y0;
            y1 = y > y1 ? y : y1;
        }
        int mx = (x1 - x0) / 5 + 4, my = (y1 - y0) / 5 + 4;
        x0 = x0 - mx < 0 ? 0 : x0 - mx;
        y0 = y0 - my < 0 ? 0 : y0 - my;
        x1 = x1 + mx > width ? width : x1 + mx;
        y1 = y1 + my > height ? height : y1 + my;
#undef ZC_CLAMP
        if (x1 - x0 >= 16 && y1 - y0 >= 16 && x1 - x0 <= 1000 && y1 - y0 <= 1000) {
            qimg crop = {(uint8_t *)(uintptr_t)(gray + (size_t)y0 * (size_t)stride + (size_t)x0),
                         x1 - x0,
                         y1 - y0,
                         stride,
                         1,
                         1};
            for (int pass = 0; pass < 2 && n == 0; pass++) {
                qimg a, big;
                int rc = pass == 0 ? 1 : variant(&crop, 0, &a);
                if (rc < 0) {
                    n = -1;
                    break;
                }
                const qimg *src = pass == 0 ? &crop : &a;
                /* two 2× steps ≈ 4× */
                qimg tmp;
                rc = variant(src, 2, &tmp);
                if (pass == 1)
                    free(a.px);
                if (rc <= 0) {
                    n = rc < 0 ? -1 : 0;
                    break;
                }
                rc = variant(&tmp, 2, &big);
                free(tmp.px);
                if (rc <= 0) {
                    n = rc < 0 ? -1 : 0;
                    break;
                }
                big.num = 1;
                big.den = 4;
                zc_qr_code spare;
                int spare_have = 1; /* do not overwrite `located` */
                n = scan(q, &big, out, max, 0, &spare, &spare_have);
                free(big.px);
                for (int k = 0; n > 0 && k < n; k++)
                    for (int c = 0; c < 4; c++) {
                        out[k].corners[2 * c] += x0;
                        out[k].corners[2 * c + 1] += y0;
                    }
            }
        }
    }
    quirc_destroy(q);
    if (n < 0) {
        zc_qr_codes_free(out, 0);
        zc_set_error(err, ZC_ERR_NOMEM, "qr: out of memory");
        return -1;
    }
    if (n == 0 && have_located) {
        out[0] = located;
        n = 1;
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
