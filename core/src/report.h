/* Reports: building them from the checked candidates, accessors, and JSON rendering. */
#ifndef ZC_REPORT_H
#define ZC_REPORT_H
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* Same layout as the candidates check.c collects: a rule and an original code-point range. */
typedef struct zc_report_cand {
    uint32_t rule;
    uint32_t start, end;
} zc_report_cand;

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
} zc_report_input;

/* Escapes the fixed JSON parts of a rule's findings (zc_rule.json_head/json_tail). 0, or -1 out of memory. */
int zc_rule_prepare_json(zc_rule *rule);

/* Builds a report from candidates sorted by (start, end, rule); keeps at most max_findings findings.
 * Returns NULL when out of memory. */
zc_report *zc_report_build(const zc_report_input *in, const zc_report_cand *cands, size_t n, size_t max_findings);
#endif
