/* Fuzz target: zc_check on arbitrary bytes. data[0] picks the category (auto, "", every contract category, an
 * unknown name), data[1] the mode and max_findings; the rest is the text. Invariants: a report or a clear error
 * (never both, never neither); findings lie inside the text, in code points; each `match` is exactly the
 * original [start, end) (invalid bytes read as U+FFFD); the JSON is well formed UTF-8 and deterministic. */
#include "buf.h"
#include "fuzz.h"

ZC_FUZZ_ENTRY(check)
{
    if (size < 2)
        return 0;
    const zc_engine *e = zc_fuzz_builtin_engine();
    zc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.category = zc_fuzz_category(data[0]);
    opt.mode = (zc_mode)(data[1] % 3);
    opt.max_findings = (data[1] >> 2) & 1 ? (size_t)(data[1] >> 3) : 0;
    const uint8_t *text = data + 2;
    size_t len = size - 2;
    char *copy = zc_fuzz_dup(text, len);
    zc_error err;
    memset(&err, 0, sizeof err);
    zc_report *r = zc_check(e, copy, len, &opt, &err);
    if (!r) {
        ZC_FUZZ_ASSERT(err.code != ZC_OK && err.message[0], "no report and no error");
        ZC_FUZZ_ASSERT(err.code == ZC_ERR_CATEGORY, err.message); /* the only error these inputs can cause */
        free(copy);
        return 0;
    }
    ZC_FUZZ_ASSERT(!opt.category || !opt.category[0] || zc_category_valid(opt.category), "bad category accepted");
    size_t ncp;
    uint32_t *cps = zc_fuzz_decode(text, len, &ncp);
    size_t count = zc_report_count(r);
    size_t total = zc_report_severity_count(r, ZC_ERROR) + zc_report_severity_count(r, ZC_WARNING) +
                   zc_report_severity_count(r, ZC_INFO);
    ZC_FUZZ_ASSERT(count <= total, "summary counts fewer findings than the report holds");
    if (opt.max_findings)
        ZC_FUZZ_ASSERT(count <= opt.max_findings, "more findings than max_findings");
    ZC_FUZZ_ASSERT(zc_report_category(r) && zc_category_valid(zc_report_category(r)), "report category");
    for (size_t i = 0; i < count; i++) {
        const zc_finding *f = zc_report_finding(r, i);
        ZC_FUZZ_ASSERT(f && f->rule_id && f->family && f->message && f->basis && f->suggestion && f->match,
                       "finding with a NULL field");
        ZC_FUZZ_ASSERT(f->start <= f->end && f->end <= ncp, f->rule_id);
        ZC_FUZZ_ASSERT(f->line >= 1 && f->column >= 1, f->rule_id);
        char *want = zc_fuzz_encode(cps, f->start, f->end, NULL);
        if (strcmp(want, f->match) != 0) {
            fprintf(stderr, "rule %s [%zu,%zu): match \"%s\", original \"%s\"\n", f->rule_id, f->start, f->end,
                    f->match, want);
            zc_fuzz_fail("match is not the original substring", f->rule_id);
        }
        free(want);
    }
    ZC_FUZZ_ASSERT(zc_report_finding(r, count) == NULL, "finding past the end");
    char *json = zc_report_json(r);
    zc_fuzz_check_json(json);
    /* the JSON "match" is the whole original substring, also past a NUL (zc_finding.match, a C string, is not) */
    for (size_t i = 0; i < count; i++) {
        const zc_finding *f = zc_report_finding(r, i);
        size_t wlen;
        char *want = zc_fuzz_encode(cps, f->start, f->end, &wlen);
        zc_buf b = {0};
        zc_buf_puts(&b, ",\"match\":");
        zc_buf_json_str(&b, want, wlen);
        zc_buf_putc(&b, ',');
        char *frag = zc_buf_take(&b);
        ZC_FUZZ_ASSERT(frag && strstr(json, frag), frag);
        free(frag);
        free(want);
    }
    /* determinism: a second check of the same bytes renders the same JSON */
    zc_report *r2 = zc_check(e, copy, len, &opt, &err);
    ZC_FUZZ_ASSERT(r2 != NULL, "second check failed");
    char *json2 = zc_report_json(r2);
    ZC_FUZZ_ASSERT(json2 && strcmp(json, json2) == 0, "two checks of the same text differ");
    free(json2);
    zc_report_free(r2);
    free(json);
    zc_report_free(r);
    free(cps);
    free(copy);
    return 0;
}
