/* Native driver for the licence extraction (tests and debugging):
 *   licence_tool OCR.txt [--qr PAYLOAD] [--listing FILE] [--category CAT] [--today YYYY-MM-DD]
 *   licence_tool --pgm IMAGE.pgm          decode QR codes in a binary PGM (P5) and print their payloads
 * Prints the licence JSON; exit 0 ok, 2 usage or input error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "licence.h"
#include "qr.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    size_t r;
    while (s && (r = fread(s + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *t = realloc(s, cap *= 2);
            if (!t) {
                free(s);
                s = NULL;
            } else {
                s = t;
            }
        }
    }
    fclose(f);
    if (s) {
        s[n < cap ? n : cap - 1] = 0;
        *len = n;
    }
    return s;
}

/* Minimal binary PGM (P5, maxval ≤ 255) reader. */
static unsigned char *read_pgm(const char *path, int *w, int *h)
{
    size_t len = 0;
    char *s = slurp(path, &len);
    if (!s)
        return NULL;
    int maxv = 0, off = 0;
    if (len < 2 || s[0] != 'P' || s[1] != '5' || sscanf(s + 2, "%d %d %d%n", w, h, &maxv, &off) != 3 || maxv > 255 ||
        *w <= 0 || *h <= 0) {
        free(s);
        return NULL;
    }
    size_t start = 2 + (size_t)off + 1;
    if (start + (size_t)*w * (size_t)*h > len) {
        free(s);
        return NULL;
    }
    unsigned char *img = malloc((size_t)*w * (size_t)*h);
    if (img)
        memcpy(img, s + start, (size_t)*w * (size_t)*h);
    free(s);
    return img;
}

int main(int argc, char **argv)
{
    const char *ocr_path = NULL, *qr = NULL, *listing_path = NULL, *category = NULL, *today = "2026-06-01";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--pgm") && i + 1 < argc) {
            int w, h;
            unsigned char *img = read_pgm(argv[++i], &w, &h);
            if (!img) {
                fprintf(stderr, "licence_tool: cannot read PGM %s\n", argv[i]);
                return 2;
            }
            zc_qr_code codes[4];
            zc_error err = {ZC_OK, ""};
            int n = zc_qr_decode(img, w, h, w, codes, 4, &err);
            free(img);
            if (n < 0) {
                fprintf(stderr, "licence_tool: %s\n", err.message);
                return 2;
            }
            for (int k = 0; k < n; k++)
                printf("%s\n", codes[k].payload);
            zc_qr_codes_free(codes, (size_t)n);
            return n > 0 ? 0 : 1;
        } else if (!strcmp(argv[i], "--qr") && i + 1 < argc)
            qr = argv[++i];
        else if (!strcmp(argv[i], "--listing") && i + 1 < argc)
            listing_path = argv[++i];
        else if (!strcmp(argv[i], "--category") && i + 1 < argc)
            category = argv[++i];
        else if (!strcmp(argv[i], "--today") && i + 1 < argc)
            today = argv[++i];
        else if (!ocr_path && argv[i][0] != '-')
            ocr_path = argv[i];
        else {
            fprintf(stderr, "usage: licence_tool OCR.txt [--qr P] [--listing F] [--category C] [--today D] | --pgm F\n");
            return 2;
        }
    }
    size_t olen = 0, llen = 0;
    char *ocr = ocr_path ? slurp(ocr_path, &olen) : NULL;
    if (ocr_path && !ocr) {
        fprintf(stderr, "licence_tool: cannot read %s\n", ocr_path);
        return 2;
    }
    char *listing = listing_path ? slurp(listing_path, &llen) : NULL;
    zc_licence_input in = {ocr, olen, qr, qr ? strlen(qr) : 0, listing, llen, category, today};
    zc_error err = {ZC_OK, ""};
    zc_licence_result *r = zc_licence_check(&in, &err);
    free(ocr);
    free(listing);
    if (!r) {
        fprintf(stderr, "licence_tool: %s\n", err.message);
        return 2;
    }
    char *json = zc_licence_json(r);
    zc_licence_free(r);
    if (!json)
        return 2;
    printf("%s\n", json);
    free(json);
    return 0;
}
