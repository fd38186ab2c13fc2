/* zicha — compliance self-check for Chinese online listings.
 *
 * One engine object holds the compiled rule packs; checking a text never modifies it, so one engine may be
 * shared by any number of checks, also from several threads at once (no global mutable state anywhere in the
 * library). A zc_scratch (below) is the per-thread working memory for repeated checks.
 *
 *   zc_error err;
 *   zc_engine *e = zc_engine_new();
 *   if (zc_engine_add_builtin_packs(e, &err) || zc_engine_compile(e, &err)) { report err.message }
 *   zc_report *r = zc_check(e, text, len, NULL, &err);     // NULL options: auto-detect the category
 *   char *json = zc_report_json(r);                       // caller frees with free()
 *   zc_report_free(r);
 *   zc_engine_free(e);
 *
 * Offsets in reports are Unicode code points of the original input, half-open [start, end).
 *
 * Many checks (a platform's millions of listings): give each thread its own scratch and get the JSON directly;
 * after the first calls a check of a listing reuses the scratch's memory instead of allocating.
 *
 *   zc_scratch *s = zc_scratch_new();                      // one per thread; the engine stays shared
 *   size_t n;
 *   const char *json = zc_check_json(e, s, text, len, NULL, &n, &err);  // owned by s, valid until its next use
 *   zc_scratch_free(s);
 */
#ifndef ZICHA_H
#define ZICHA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZC_VERSION "0.1.0"

/* Largest text zc_check accepts, in bytes of UTF-8 (documented limit; larger input gets ZC_ERR_TOO_LARGE). */
#define ZC_MAX_TEXT_BYTES (16u * 1024u * 1024u)
/* Largest rule pack after gunzip, and the largest gzip expansion ratio accepted. */
#define ZC_MAX_PACK_BYTES (32u * 1024u * 1024u)
#define ZC_MAX_GZIP_RATIO 200u
/* The work budget (README "Security"): what any rule pack, built-in or custom, may cost a check.
 * Pack validation (zc_engine_add_pack, zc_engine_compile) refuses with ZC_ERR_PACK_SCHEMA, "规则包过于复杂":
 *   - a term, allow phrase, near/unless term, cue or evidence prefix longer than ZC_MAX_TERM_CHARS code points
 *     (after folding), which bounds every finding's match and so the report's size per finding;
 *   - rule terms that overlap so much that more than ZC_MAX_HITS_AT matches can end at one character (好, 好好,
 *     好好好, …: n nested terms give n matches at every character of 好好好…).
 * A check stops with ZC_ERR_BUDGET once ZC_MAX_HITS matches plus one per byte of input (of terms, allow phrases,
 * near/unless terms and structured patterns together) have been found, instead of spending time and memory without
 * bound: a long text of ordinary listings (about one match per 2–3 bytes) stays within it. */
#define ZC_MAX_TERM_CHARS 100u
#define ZC_MAX_HITS_AT 128u
#define ZC_MAX_HITS (4u * 1024u * 1024u)
/* Findings kept per report by default; the summary still counts all of them. */
#define ZC_DEFAULT_MAX_FINDINGS 1000u

typedef enum zc_status {
    ZC_OK = 0,
    ZC_ERR_NOMEM = 1,
    ZC_ERR_PACK_SYNTAX = 2, /* rule pack is not valid JSON (message has file:line:col) */
    ZC_ERR_PACK_SCHEMA = 3, /* rule pack is JSON but a field is wrong (message names rule and field) */
    ZC_ERR_PACK_GZIP = 4,   /* gzip pack is corrupt, too large or expands absurdly */
    ZC_ERR_STATE = 5,       /* API used in the wrong order (e.g. check before compile) */
    ZC_ERR_CATEGORY = 6,    /* unknown category name */
    ZC_ERR_TOO_LARGE = 7,   /* text over ZC_MAX_TEXT_BYTES */
    ZC_ERR_INPUT = 8,       /* other bad input (message says what) */
    ZC_ERR_BUDGET = 9       /* the check hit its work budget (ZC_MAX_HITS): the rule packs are too complex */
} zc_status;

typedef struct zc_error {
    zc_status code;
    char message[512]; /* NUL-terminated, Chinese or English, names file/rule/field where known */
} zc_error;

typedef enum zc_severity { ZC_INFO = 0, ZC_WARNING = 1, ZC_ERROR = 2 } zc_severity;

typedef struct zc_engine zc_engine;
typedef struct zc_report zc_report;

/* ## Engine */

/* Returns a new empty engine, or NULL when out of memory. Free with zc_engine_free. */
zc_engine *zc_engine_new(void);
void zc_engine_free(zc_engine *engine);

/* Adds one rule pack: JSON text, or gzip-compressed JSON (detected by its magic bytes). `name` (e.g. the file
 * path) is used in error messages. The bytes are copied; the caller keeps ownership of `data`.
 * Must be called before zc_engine_compile. Returns ZC_OK or an error code with err->message set. */
zc_status zc_engine_add_pack(zc_engine *engine, const char *name, const void *data, size_t len, zc_error *err);

/* Adds the packs built into the library (every rules/ pack, embedded at build time). */
zc_status zc_engine_add_builtin_packs(zc_engine *engine, zc_error *err);

/* Compiles every pack added so far into the matcher. After this the engine is read-only. */
zc_status zc_engine_compile(zc_engine *engine, zc_error *err);

/* ## Rules (read-only views into the engine; valid until zc_engine_free) */

typedef struct zc_example {
    const char *text;
    const char *match;    /* for match examples: the substring that must be reported; NULL for no_match */
    const char *category; /* NULL when the example does not set one */
    const char *output;   /* match examples: the text after applying the first fix of that finding; NULL if none */
    int still_flagged;    /* output's rule may still fire where the fix was applied (documented per example) */
} zc_example;

/* One entry of a rule's "replace": the fixes offered for a term (as written in the rule's terms) or, with term
 * "*", for any match of the rule. texts[0] is the default fix; "" deletes. Strings point into the engine. */
typedef struct zc_replace {
    const char *term;
    const char *const *texts;
    size_t n_texts;
} zc_replace;

typedef struct zc_rule_info {
    const char *id;
    const char *family;
    zc_severity severity;
    const char *basis;
    const char *message;
    const char *suggestion;
    const char *pack; /* name of the pack the rule came from */
    const char *const *terms;
    size_t n_terms;
    const zc_example *match_examples;
    size_t n_match_examples;
    const zc_example *no_match_examples;
    size_t n_no_match_examples;
    const zc_replace *replace; /* the rule's "replace" entries in pack order (NULL when it has none) */
    size_t n_replace;
} zc_rule_info;

/* A named term list shared between rules (a pack's "lexicons"; a rule names it as "@name" in terms, allow, near or
 * unless). `terms` is the list as written until zc_engine_compile, then with every "@other" reference expanded. */
typedef struct zc_lexicon_info {
    const char *name;
    const char *pack;
    const char *const *terms;
    size_t n_terms;
    const zc_example *match_examples; /* texts in which some term of the lexicon occurs */
    size_t n_match_examples;
    const zc_example *no_match_examples; /* texts in which none occurs */
    size_t n_no_match_examples;
} zc_lexicon_info;

size_t zc_engine_lexicon_count(const zc_engine *engine);
const zc_lexicon_info *zc_engine_lexicon(const zc_engine *engine, size_t i);

size_t zc_engine_rule_count(const zc_engine *engine);
/* Returns rule `i` (0-based, in load order), or NULL when out of range. */
const zc_rule_info *zc_engine_rule(const zc_engine *engine, size_t i);

/* ## Checking */

typedef enum zc_mode {
    ZC_MODE_AUTO = 0,    /* shop-page rules run when the text looks like a whole shop page */
    ZC_MODE_LISTING = 1, /* a title or description: shop-page rules never run */
    ZC_MODE_SHOP = 2     /* a whole shop page: disclosure rules run */
} zc_mode;

typedef struct zc_options {
    const char *category; /* NULL or "": auto-detect; otherwise one of contract.md's categories */
    zc_mode mode;
    size_t max_findings; /* 0: ZC_DEFAULT_MAX_FINDINGS */
} zc_options;

/* Checks `len` bytes of UTF-8 `text` (invalid bytes are read as U+FFFD and counted in the summary).
 * `options` may be NULL. Returns a report the caller frees with zc_report_free, or NULL with err set. */
zc_report *zc_check(const zc_engine *engine, const char *text, size_t len, const zc_options *options, zc_error *err);
void zc_report_free(zc_report *report);

typedef struct zc_finding {
    const char *rule_id; /* points into the engine */
    const char *family;
    zc_severity severity;
    size_t start, end; /* code points of the original input, half-open */
    const char *match; /* owned by the report: the original substring [start, end) */
    const char *message, *basis, *suggestion;
    size_t line, column; /* 1-based line and column (code points) of start */
    /* Other findings of the same family on an overlapping span, folded into this one (the strongest severity
     * leads; [start, end) covers them all). Owned by the report. */
    const struct zc_finding_also *also;
    size_t n_also;
    size_t rule_start, rule_end; /* the leading rule's own span: [start, end) without the folded-in findings */
    /* The leading rule's fixes (its "replace" entry for the matched term, else its "*" entry), in the entry's
     * order; none when no entry applies. Owned by the report; fix_term is that entry's key (engine string). */
    const struct zc_fix *fixes;
    size_t n_fixes;
    const char *fix_term;
} zc_finding;

/* Replace original code points [start, end) by `text` (UTF-8, points into the engine; "" deletes). A deletion's
 * span also covers the separator or space it would leave doubled or dangling (core/src/fix.c). */
typedef struct zc_fix {
    const char *text;
    size_t start, end;
} zc_fix;

typedef struct zc_finding_also {
    const char *rule_id, *family, *basis; /* point into the engine */
    zc_severity severity;
    size_t start, end; /* this rule's own span */
} zc_finding_also;

size_t zc_report_count(const zc_report *report);
const zc_finding *zc_report_finding(const zc_report *report, size_t i);
const char *zc_report_category(const zc_report *report);
int zc_report_category_detected(const zc_report *report);
/* Number of error / warning / info findings (all of them, also those beyond max_findings). */
size_t zc_report_severity_count(const zc_report *report, zc_severity severity);

/* Renders the report as compact JSON (contract.md). Returns a malloc'd NUL-terminated string the caller
 * frees with free(), or NULL when out of memory. Deterministic: same engine + input → same bytes. */
char *zc_report_json(const zc_report *report);

/* One step of the JSONL batch filter: `line` is one input line {"id":…, "text":…, "category"?:…}; returns a
 * malloc'd output line (no trailing newline) {"id":…,"category":…,"findings":[…]} or {"id":…,"error":"…"}.
 * Never NULL unless out of memory. `default_category` may be NULL. */
char *zc_batch_line(const zc_engine *engine, const char *line, size_t len, const char *default_category);

/* ## Repeated checks without allocation
 *
 * A scratch holds the working memory of a check (hit lists, candidates, the output JSON) and keeps it from one
 * call to the next. Ownership: the caller owns the scratch and frees it with zc_scratch_free, after the engine
 * or before, in any order. A scratch is not thread-safe: one thread uses it at a time (one scratch per thread);
 * the engine itself is never modified by checks and may be shared by all threads and scratches. */
typedef struct zc_scratch zc_scratch;

/* Returns a new empty scratch, or NULL when out of memory. */
zc_scratch *zc_scratch_new(void);
void zc_scratch_free(zc_scratch *scratch);

/* zc_check + zc_report_json in one call: the same JSON bytes, written into the scratch. Returns the
 * NUL-terminated JSON (its length in *json_len, which may be NULL), owned by `scratch` and valid until the next
 * call that uses the same scratch or zc_scratch_free; or NULL with err set (same errors as zc_check). */
const char *zc_check_json(const zc_engine *engine, zc_scratch *scratch, const char *text, size_t len,
                          const zc_options *options, size_t *json_len, zc_error *err);

/* zc_check_json with the findings written compactly, for callers that keep the rule list (web/engine.js builds
 * the contract's report objects from it): each finding is [rule, start, end, "match"] (followed, when it has them, by
 * its `also` as [[rule, start, end], …] or 0, then its `fixes` as [["text", start, end], …]), `rule` being its index
 * for zc_engine_rule (and in zc_rules_json), whose id, family, severity, message, basis and suggestion complete
 * it; every other field is as in the report. Not the contract's report format. Same ownership as zc_check_json. */
const char *zc_check_json_compact(const zc_engine *engine, zc_scratch *scratch, const char *text, size_t len,
                                  const zc_options *options, size_t *json_len, zc_error *err);

/* zc_batch_line into the scratch: the same output line (no trailing newline), owned by `scratch` and valid until
 * its next use; its length in *out_len (may be NULL). NULL only when out of memory. */
const char *zc_batch_line_json(const zc_engine *engine, zc_scratch *scratch, const char *line, size_t len,
                               const char *default_category, size_t *out_len);

/* Rules as JSON: [{"id","family","severity","basis","message","suggestion","pack"},…]. Caller frees. */
char *zc_rules_json(const zc_engine *engine);

const char *zc_severity_name(zc_severity severity);
/* 1 if `name` is one of contract.md's categories. */
int zc_category_valid(const char *name);

#ifdef __cplusplus
}
#endif
#endif
