#ifndef ZC_TEST_SUITES_H
#define ZC_TEST_SUITES_H
#include "harness.h"

int zc_test_core(zc_tap *t);       /* test_core.c: UTF-8, normalisation, matcher, rules, report */
int zc_test_identifier(zc_tap *t); /* test_identifier.c */
int zc_test_grammar(zc_tap *t);    /* test_grammar.c: lexicons, permitted_in, evidence, clauses, merge */
int zc_test_scratch(zc_tap *t);    /* test_scratch.c: zc_check_json, zc_batch_line_json */
int zc_test_budget(zc_tap *t);     /* test_budget.c: the work budget, strict pack validation */
int zc_test_json(zc_tap *t);       /* test_json.c: the JSON reader against cJSON (the reading it replaced) */
#endif
