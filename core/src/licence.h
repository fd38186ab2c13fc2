/* Business-licence (营业执照) check: field extraction from OCR lines and the licence_* findings.
 *
 * Input: the OCR text of a licence image (UTF-8, one recognised line per line; Tesseract's spacing between
 * Chinese characters is tolerated), optionally the payload of the licence's QR code, optionally the listing /
 * shop text the licence is shown with and the listing's category. Output: contract.md's licence JSON
 *   {"fields": {...}, "qr": "..." | null, "findings": [...]}
 * Everything is deterministic: "today" is passed in by the caller.
 *
 * Ownership: zc_licence_check returns a result the caller frees with zc_licence_free; every string inside it is
 * owned by the result. zc_licence_json returns a malloc'd string the caller frees with free(). No global
 * mutable state. */
#ifndef ZC_LICENCE_H
#define ZC_LICENCE_H

#include <stddef.h>

#include "zicha.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest OCR text / listing text / QR payload accepted, in bytes. */
#define ZC_LICENCE_MAX_TEXT (1024u * 1024u)
#define ZC_LICENCE_MAX_QR 8192u

typedef enum zc_licence_field {
    ZC_LF_USCC = 0,
    ZC_LF_NAME,
    ZC_LF_TYPE,
    ZC_LF_REPRESENTATIVE,
    ZC_LF_SCOPE,
    ZC_LF_FOUNDED,
    ZC_LF_TERM,
    ZC_LF_ADDRESS,
    ZC_LF_AUTHORITY,
    ZC_LF_ISSUED,
    ZC_LF_COUNT
} zc_licence_field;

/* contract.md field name ("uscc", "name", ...) of a field. */
const char *zc_licence_field_name(zc_licence_field field);

typedef struct zc_licence_input {
    const char *ocr; /* OCR lines, UTF-8; may be NULL/empty (then only licence_unreadable) */
    size_t ocr_len;
    const char *qr; /* QR payload bytes, NULL when no QR code was decoded */
    size_t qr_len;
    const char *listing; /* listing / shop text shown with the licence, NULL when none */
    size_t listing_len;
    const char *category; /* contract.md category of the listing, NULL or "" when unknown */
    const char *today;    /* "YYYY-MM-DD" (required): the date the expiry is judged against */
} zc_licence_input;

/* The rules the check can emit, in rules/licence.json order (compiled in: build/gen/zc_licence_rules.h), as
 * zc_rule_info with id, family, severity, basis, message and suggestion set (message and suggestion are templates
 * whose {name} placeholders the check fills in) and pack "licence"; no terms, examples or fixes (the examples stay
 * in the JSON). Static data; zc_licence_rule_at returns NULL past the end. */
size_t zc_licence_rule_count(void);
const zc_rule_info *zc_licence_rule_at(size_t i);

typedef struct zc_licence_finding {
    const char *rule_id; /* static strings */
    const char *family;
    zc_severity severity;
    const char *basis;
    char *message;    /* owned by the result */
    char *suggestion; /* owned by the result */
} zc_licence_finding;

typedef struct zc_licence_result {
    char *fields[ZC_LF_COUNT]; /* NULL when the field was not read */
    char *qr;                  /* the QR payload as given (invalid UTF-8 replaced), NULL when none */
    int uscc_corrected;        /* 1 when OCR confusions in the code were corrected (or the QR code was used) */
    zc_licence_finding *findings;
    size_t n_findings;
} zc_licence_result;

/* Runs extraction and checks. Returns NULL with err set (ZC_ERR_INPUT for a missing/malformed `today` or
 * oversized input, ZC_ERR_NOMEM). */
zc_licence_result *zc_licence_check(const zc_licence_input *in, zc_error *err);
void zc_licence_free(zc_licence_result *result);

/* {"fields": {...}, "qr": ..., "findings": [...]}; compact, deterministic. Caller frees; NULL when out of memory. */
char *zc_licence_json(const zc_licence_result *result);

/* ## Helpers (also used by tests) */

/* 1 when `code` (exactly 18 bytes) has the USCC shape and a correct GB 32100 check character. */
int zc_licence_uscc_checksum_ok(const char *code);
/* 1 when characters 9–17 of an 18-character code pass the GB 11714 check. */
int zc_licence_uscc_orgcheck_ok(const char *code);

/* Normalises an OCR reading of a code (`len` bytes, spaces and full-width forms allowed) into out[19]:
 * uppercase, the letters a USCC never uses mapped to their digit look-alikes (O→0, I→1, Z→2, S→5), letters in
 * the six division digits mapped (B→8 …), then, if the check character fails, a unique single B/8-style
 * substitution that makes both checks pass. Returns 0 when no 18-character code could be formed, 1 when the
 * result is unchanged apart from case/spacing, 2 when characters were corrected. */
int zc_licence_uscc_normalise(const char *text, size_t len, char out[19]);

#ifdef __cplusplus
}
#endif
#endif
