/* Fuzz target: licence field extraction from OCR lines (core/src/licence.h). The input is split at the first
 * two 0xFF bytes (never valid UTF-8, so the split is unambiguous): OCR text, then the QR payload (absent when
 * there is no second part), then the listing text; the first byte picks the category and whether "today" is
 * valid. Invariants: a result or a clear error; every field and finding string is UTF-8; the JSON is well
 * formed and deterministic; zc_licence_uscc_normalise's output is 18 characters with a valid checksum when it
 * reports success. */
#include "licence.h"

#include "fuzz.h"

static const uint8_t *next_part(const uint8_t *p, const uint8_t *end, size_t *n)
{
    const uint8_t *q = memchr(p, 0xFF, (size_t)(end - p));
    *n = (size_t)((q ? q : end) - p);
    return q ? q + 1 : NULL;
}

ZC_FUZZ_ENTRY(licence)
{
    if (size < 1)
        return 0;
    const uint8_t flags = data[0];
    const uint8_t *p = data + 1, *end = data + size;
    size_t n_ocr = 0, n_qr = 0, n_listing = 0;
    const uint8_t *qr = next_part(p, end, &n_ocr), *listing = NULL;
    if (qr)
        listing = next_part(qr, end, &n_qr);
    if (listing)
        n_listing = (size_t)(end - listing);
    char *ocr_s = zc_fuzz_dup(p, n_ocr), *qr_s = qr ? zc_fuzz_dup(qr, n_qr) : NULL;
    char *listing_s = listing ? zc_fuzz_dup(listing, n_listing) : NULL;
    if (qr && !qr_s)
        qr_s = malloc(1); /* an empty QR payload that was decoded */
    zc_licence_input in;
    memset(&in, 0, sizeof in);
    in.ocr = ocr_s;
    in.ocr_len = n_ocr;
    in.qr = qr_s;
    in.qr_len = n_qr;
    in.listing = listing_s;
    in.listing_len = n_listing;
    in.category = zc_fuzz_category((uint8_t)(flags >> 2));
    static const char *const todays[] = {"2026-11-28", "2000-02-29", "2026-13-01", "today"};
    in.today = todays[flags & 3];
    zc_error err;
    memset(&err, 0, sizeof err);
    zc_licence_result *r = zc_licence_check(&in, &err);
    if (!r) {
        ZC_FUZZ_ASSERT(err.code != ZC_OK && err.message[0], "no result and no error");
    } else {
        for (int f = 0; f < ZC_LF_COUNT; f++) {
            ZC_FUZZ_ASSERT(zc_licence_field_name((zc_licence_field)f) != NULL, "field name");
            if (r->fields[f])
                ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)r->fields[f]), r->fields[f]);
        }
        if (r->qr)
            ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)r->qr), "qr is not UTF-8");
        for (size_t i = 0; i < r->n_findings; i++) {
            const zc_licence_finding *f = &r->findings[i];
            ZC_FUZZ_ASSERT(f->rule_id && f->family && f->basis && f->message && f->suggestion, "finding field");
            ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)f->message), f->message);
        }
        char *json = zc_licence_json(r);
        zc_fuzz_check_json(json);
        zc_licence_result *r2 = zc_licence_check(&in, &err);
        ZC_FUZZ_ASSERT(r2 != NULL, "second check failed");
        char *json2 = zc_licence_json(r2);
        ZC_FUZZ_ASSERT(json2 && strcmp(json, json2) == 0, "two checks differ");
        free(json2);
        zc_licence_free(r2);
        free(json);
        zc_licence_free(r);
    }
    char out[19];
    int u = zc_licence_uscc_normalise(ocr_s ? ocr_s : "", n_ocr, out);
    ZC_FUZZ_ASSERT(u >= 0 && u <= 2, "uscc_normalise result");
    if (u) {
        ZC_FUZZ_ASSERT(strlen(out) == 18, out);
    }
    free(ocr_s);
    free(qr_s);
    free(listing_s);
    return 0;
}
