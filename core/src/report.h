/* Reports: building them from the checked candidates, accessors, and JSON rendering. */
#ifndef ZC_REPORT_H
#define ZC_REPORT_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "engine.h"
#include "json.h"

/* Same layout as the candidates check.c collects: a rule and an original code-point range. */
typedef struct zc_report_cand {
    uint32_t rule;
    uint32_t start, end;
    uint32_t also_off, also_n;   /* findings of the same family folded into this one: zc_report_input.also[off, +n) */
    uint32_t own_start, own_end; /* the rule's own span */
} zc_report_cand;

/* A rule that would have reported something but stood down because the product is in one of its `permitted_in`
 * categories, given by the caller or proven by an approval number in the text. */
typedef struct zc_report_relaxed {
    uint32_t rule;
    int category;
    int by_evidence; /* 0: the caller's category */
} zc_report_relaxed;

/* An approval number that proves a category (国药准字… → drug): original code points, half-open. */
typedef struct zc_report_evidence {
    int category;
    uint32_t start, end;
} zc_report_evidence;

typedef struct zc_report_input {
    const zc_engine *engine;
    const uint32_t *cps; /* decoded original text */
    size_t n_cps;
    const char *category;
    int category_detected, given, shop;
    size_t n_invalid;
    int cue_category;
    int cue_n;
    uint32_t cue_start[4], cue_end[4]; /* original code points of the first cues that decided the category */
    int evidenced;                     /* the category comes from evidence[0] */
    zc_report_evidence ev[ZC_N_CATEGORIES];
    int n_ev;
    const zc_report_cand *also;
    const zc_report_relaxed *relaxed;
    size_t n_relaxed;
} zc_report_input;

/* Escapes the fixed JSON parts of a rule's findings (zc_rule.json_head/json_tail). 0, or -1 out of memory. */
int zc_rule_prepare_json(zc_rule *rule);

/* Builds a report from candidates sorted by (start, end, rule); keeps at most max_findings findings. Its JSON
 * (zc_report_json) is written by zc_report_write_json. Returns NULL when out of memory. */
zc_report *zc_report_build(const zc_report_input *in, const zc_report_cand *cands, size_t n, size_t max_findings);

/* The report writer. Writes the report JSON of the candidates (sorted by (start, end, rule)) to `b`. Flags:
 * ZC_JSON_NO_BRACE leaves out the opening brace (batch lines put the id first); ZC_JSON_COMPACT writes each
 * finding as [rule, start, end, "match"], then its also [[rule, start, end]…] (0 when it has none but has fixes),
 * then its fixes [["text", start, end]…] (zc_check_json_compact). Out of memory sets b->failed. */
enum { ZC_JSON_NO_BRACE = 1, ZC_JSON_COMPACT = 2 };
void zc_report_write_json(zc_buf *b, const zc_report_input *in, const zc_report_cand *cands, size_t n,
                          size_t max_findings, int flags);

/* Checks `text` with the scratch's memory and appends the report JSON to `out` (see zc_report_write_json for
 * the flags). 0, or -1 with err set (out may then hold a partial report). */
int zc_check_write(const zc_engine *e, zc_scratch *s, const char *text, size_t len, const zc_options *opt, zc_buf *out,
                   int flags, zc_error *err);
/* The scratch's output buffer (zc_check_json and the batch lines write there). */
zc_buf *zc_scratch_out(zc_scratch *s);
/* The scratch's JSON document for batch lines (zc_batch_line_json parses each line into it). */
zc_json_doc *zc_scratch_json(zc_scratch *s);
#endif
