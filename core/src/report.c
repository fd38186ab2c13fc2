/* Reports and their JSON form (docs/contract.md). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fix.h"
#include "text.h"

struct zc_report {
    const char *category; /* static string */
    int detected;
    size_t by_severity[3];
    zc_finding *findings;
    size_t n;
    zc_fix *fixes; /* ZC_FIX_MAX per finding (zc_finding.fixes points here) */
    zc_finding_also *also_all;
    /* the report's JSON, written by zc_report_write_json when the report is built: one writer for every path */
    char *json;
    size_t json_len;
};

static char *utf8_range(const uint32_t *cps, size_t start, size_t end)
{
    char *s = malloc((end - start) * 4 + 1);
    if (!s)
        return NULL;
    size_t k = 0;
    for (size_t i = start; i < end; i++)
        k += zc_utf8_encode(cps[i], s + k);
    s[k] = 0;
    return s;
}

zc_report *zc_report_build(const zc_report_input *in, const zc_report_cand *cands, size_t n, size_t max_findings)
{
    zc_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    zc_buf j = {0};
    zc_report_write_json(&j, in, cands, n, max_findings, 0);
    r->json_len = j.len;
    if (!(r->json = zc_buf_take(&j))) {
        free(r);
        return NULL;
    }
    r->category = in->category;
    r->detected = in->category_detected;
    size_t keep = n < max_findings ? n : max_findings;
    r->findings = calloc(keep + 1, sizeof *r->findings);
    size_t n_also = 0;
    for (size_t i = 0; i < keep; i++)
        n_also += cands[i].also_n;
    r->also_all = calloc(n_also + 1, sizeof *r->also_all);
    r->fixes = calloc(keep * ZC_FIX_MAX + 1, sizeof *r->fixes);
    size_t also_used = 0; /* entries of also_all taken by the findings so far */
    if (!r->findings || !r->also_all || !r->fixes) {
        zc_report_free(r);
        return NULL;
    }
    /* line/column bookkeeping walks the text once, in order of start */
    size_t line = 1, col = 1, pos = 0;
    for (size_t i = 0; i < n; i++) {
        const zc_rule *rule = &in->engine->rules[cands[i].rule];
        r->by_severity[rule->info.severity]++;
        if (i >= keep)
            continue;
        zc_finding *f = &r->findings[r->n];
        while (pos < cands[i].start && pos < in->n_cps) {
            if (in->cps[pos] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            pos++;
        }
        f->rule_id = rule->info.id;
        f->family = rule->info.family;
        f->severity = rule->info.severity;
        f->start = cands[i].start;
        f->end = cands[i].end;
        f->rule_start = cands[i].own_start;
        f->rule_end = cands[i].own_end;
        f->message = rule->info.message;
        f->basis = rule->info.basis;
        f->suggestion = rule->info.suggestion;
        f->line = line;
        f->column = col;
        f->fixes = r->fixes + r->n * ZC_FIX_MAX;
        f->n_fixes = zc_fixes_of(rule, in->cps, in->n_cps, cands[i].start, cands[i].end, cands[i].own_start,
                                 cands[i].own_end, r->fixes + r->n * ZC_FIX_MAX, &f->fix_term);
        f->match = utf8_range(in->cps, cands[i].start, cands[i].end);
        if (!f->match) {
            zc_report_free(r);
            return NULL;
        }
        if (cands[i].also_n) {
            zc_finding_also *a = r->also_all + also_used;
            also_used += cands[i].also_n;
            for (uint32_t k = 0; k < cands[i].also_n; k++) {
                const zc_report_cand *x = &in->also[cands[i].also_off + k];
                const zc_rule *xr = &in->engine->rules[x->rule];
                a[k] = (zc_finding_also){xr->info.id,       xr->info.family, xr->info.basis,
                                         xr->info.severity, x->start,        x->end};
            }
            f->also = a;
            f->n_also = cands[i].also_n;
        }
        r->n++;
    }
    return r;
}

void zc_report_free(zc_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free((char *)r->findings[i].match);
    free(r->also_all);
    free(r->fixes);
    free(r->findings);
    free(r->json);
    free(r);
}

size_t zc_report_count(const zc_report *r)
{
    return r ? r->n : 0;
}

const zc_finding *zc_report_finding(const zc_report *r, size_t i)
{
    return r && i < r->n ? &r->findings[i] : NULL;
}

const char *zc_report_category(const zc_report *r)
{
    return r ? r->category : NULL;
}

int zc_report_category_detected(const zc_report *r)
{
    return r ? r->detected : 0;
}

size_t zc_report_severity_count(const zc_report *r, zc_severity s)
{
    return r && (int)s >= 0 && (int)s < 3 ? r->by_severity[s] : 0;
}

static void key(zc_buf *b, const char *k)
{
    zc_buf_putc(b, '"');
    zc_buf_puts(b, k);
    zc_buf_puts(b, "\":");
}

static void str(zc_buf *b, const char *s)
{
    zc_buf_json_str(b, s, strlen(s));
}

/* head = {"rule_id":…,"family":…,"severity":…,"start":   tail = ,"message":…,"basis":…,"suggestion":…}
 * so that a finding is head, start, ,"end":, end, ,"match":, match, tail. */
int zc_rule_prepare_json(zc_rule *rule)
{
    const zc_rule_info *ri = &rule->info;
    zc_buf h = {0}, t = {0};
    zc_buf_putc(&h, '{');
    key(&h, "rule_id");
    str(&h, ri->id);
    zc_buf_putc(&h, ',');
    key(&h, "family");
    str(&h, ri->family);
    zc_buf_putc(&h, ',');
    key(&h, "severity");
    str(&h, zc_severity_name(ri->severity));
    zc_buf_putc(&h, ',');
    key(&h, "start");
    zc_buf_putc(&t, ',');
    key(&t, "message");
    str(&t, ri->message);
    zc_buf_putc(&t, ',');
    key(&t, "basis");
    str(&t, ri->basis);
    zc_buf_putc(&t, ',');
    key(&t, "suggestion");
    str(&t, ri->suggestion);
    zc_buf_putc(&t, '}');
    rule->json_head_len = h.len;
    rule->json_tail_len = t.len;
    rule->json_head = zc_buf_take(&h);
    rule->json_tail = zc_buf_take(&t);
    return rule->json_head && rule->json_tail ? 0 : -1;
}

static const char END_KEY[] = ",\"end\":", MATCH_KEY[] = ",\"match\":";

char *zc_report_json(const zc_report *r)
{
    char *j = r ? malloc(r->json_len + 1) : NULL;
    if (j)
        memcpy(j, r->json, r->json_len + 1);
    return j;
}

char *zc_rules_json(const zc_engine *e)
{
    zc_buf b = {0};
    zc_buf_putc(&b, '[');
    for (size_t i = 0; e && i < e->n_rules; i++) {
        const zc_rule_info *ri = &e->rules[i].info;
        if (i)
            zc_buf_putc(&b, ',');
        zc_buf_putc(&b, '{');
        key(&b, "id");
        str(&b, ri->id);
        zc_buf_putc(&b, ',');
        key(&b, "family");
        str(&b, ri->family);
        zc_buf_putc(&b, ',');
        key(&b, "severity");
        str(&b, zc_severity_name(ri->severity));
        zc_buf_putc(&b, ',');
        key(&b, "basis");
        str(&b, ri->basis);
        zc_buf_putc(&b, ',');
        key(&b, "message");
        str(&b, ri->message);
        zc_buf_putc(&b, ',');
        key(&b, "suggestion");
        str(&b, ri->suggestion);
        zc_buf_putc(&b, ',');
        key(&b, "pack");
        str(&b, ri->pack);
        zc_buf_putc(&b, '}');
    }
    zc_buf_putc(&b, ']');
    return zc_buf_take(&b);
}

/* ---- the report JSON, written straight from a check's candidates into one growing buffer ----
 * The one report writer: zc_check's report (zc_report_build), zc_check_json, the compact form and the batch lines
 * all come from here. No string per finding or cue, one reserve per finding instead of one per write. */

/* The code points cps[start, end) as a JSON string literal. */
static void cps_json(zc_buf *b, const uint32_t *cps, size_t start, size_t end)
{
    zc_buf_json_cps(b, cps + start, end - start);
}

/* ,"also":[{"rule_id","family","severity","start","end","basis"}…] of a merged finding. */
static void also_json(zc_buf *b, const zc_report_input *in, const zc_report_cand *c)
{
    zc_buf_puts(b, ",\"also\":[");
    for (uint32_t k = 0; k < c->also_n; k++) {
        const zc_report_cand *x = &in->also[c->also_off + k];
        const zc_rule_info *ri = &in->engine->rules[x->rule].info;
        if (k)
            zc_buf_putc(b, ',');
        zc_buf_putc(b, '{');
        key(b, "rule_id");
        str(b, ri->id);
        zc_buf_putc(b, ',');
        key(b, "family");
        str(b, ri->family);
        zc_buf_putc(b, ',');
        key(b, "severity");
        str(b, zc_severity_name(ri->severity));
        zc_buf_puts(b, ",\"start\":");
        zc_buf_uint(b, x->start);
        zc_buf_puts(b, ",\"end\":");
        zc_buf_uint(b, x->end);
        zc_buf_putc(b, ',');
        key(b, "basis");
        str(b, ri->basis);
        zc_buf_putc(b, '}');
    }
    zc_buf_putc(b, ']');
}

/* ,"evidence":[{"category","match","start","end"}…],"relaxed":[{"rule_id","category","by"}…], each only when
 * not empty: what proved a category, and which rules stood down because of it (or of the caller's category). */
static void extras_json(zc_buf *b, const zc_report_input *in)
{
    if (in->n_ev) {
        zc_buf_puts(b, ",\"evidence\":[");
        for (int k = 0; k < in->n_ev; k++) {
            const zc_report_evidence *v = &in->ev[k];
            zc_buf_puts(b, k ? ",{\"category\":" : "{\"category\":");
            str(b, ZC_CATEGORIES[v->category]);
            zc_buf_puts(b, ",\"match\":");
            cps_json(b, in->cps, v->start, v->end);
            zc_buf_puts(b, ",\"start\":");
            zc_buf_uint(b, v->start);
            zc_buf_puts(b, ",\"end\":");
            zc_buf_uint(b, v->end);
            zc_buf_putc(b, '}');
        }
        zc_buf_putc(b, ']');
    }
    if (in->n_relaxed) {
        zc_buf_puts(b, ",\"relaxed\":[");
        for (size_t k = 0; k < in->n_relaxed; k++) {
            const zc_report_relaxed *x = &in->relaxed[k];
            zc_buf_puts(b, k ? ",{\"rule_id\":" : "{\"rule_id\":");
            str(b, in->engine->rules[x->rule].info.id);
            zc_buf_puts(b, ",\"category\":");
            str(b, x->category >= 0 ? ZC_CATEGORIES[x->category] : "general");
            zc_buf_puts(b, x->by_evidence ? ",\"by\":\"evidence\"}" : ",\"by\":\"given\"}");
        }
        zc_buf_putc(b, ']');
    }
}

/* End of a cue as the report prints it: a cue stops at U+0000 (a NUL in the text is a separator, so a cue may
 * span one; the report format has always cut the cue there, and reports stay byte-stable). */
static size_t cue_end(const uint32_t *cps, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++)
        if (cps[i] == 0)
            return i;
    return end;
}

void zc_report_write_json(zc_buf *b, const zc_report_input *in, const zc_report_cand *cands, size_t n,
                          size_t max_findings, int flags)
{
    size_t keep = n < max_findings ? n : max_findings;
    if (!(flags & ZC_JSON_NO_BRACE))
        zc_buf_putc(b, '{');
    zc_buf_puts(b, "\"category\":\""); /* a contract category name: plain ASCII, nothing to escape */
    zc_buf_puts(b, in->category);
    zc_buf_putc(b, '"');
    zc_buf_puts(b, in->category_detected ? ",\"category_detected\":true" : ",\"category_detected\":false");
    zc_buf_puts(b, in->given               ? ",\"category_source\":\"given\""
                   : in->evidenced         ? ",\"category_source\":\"evidence\""
                   : in->category_detected ? ",\"category_source\":\"detected\""
                                           : ",\"category_source\":\"default\"");
    zc_buf_puts(b, ",\"category_cues\":[");
    size_t cs[4], ce[4];
    int nc = 0;
    for (int k = 0; k < in->cue_n && k < 4; k++) {
        size_t s0 = in->cue_start[k], e0 = cue_end(in->cps, s0, in->cue_end[k]);
        int dup = 0;
        for (int j = 0; j < nc && !dup; j++)
            dup = ce[j] - cs[j] == e0 - s0 && memcmp(in->cps + cs[j], in->cps + s0, (e0 - s0) * sizeof *in->cps) == 0;
        if (dup)
            continue;
        if (nc)
            zc_buf_putc(b, ',');
        cps_json(b, in->cps, s0, e0);
        cs[nc] = s0;
        ce[nc] = e0;
        nc++;
    }
    zc_buf_puts(b, in->shop ? "],\"mode\":\"shop\"" : "],\"mode\":\"listing\"");
    if (in->n_ev || in->n_relaxed)
        extras_json(b, in);
    zc_buf_puts(b, ",\"findings\":[");
    size_t by_sev[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const zc_rule *rule = &in->engine->rules[cands[i].rule];
        by_sev[rule->info.severity]++;
        if (i >= keep)
            continue;
        if (flags & ZC_JSON_COMPACT) { /* [rule, start, end, "match"] */
            zc_buf_puts(b, i ? ",[" : "[");
            zc_buf_uint(b, cands[i].rule);
            zc_buf_putc(b, ',');
            zc_buf_uint(b, cands[i].start);
            zc_buf_putc(b, ',');
            zc_buf_uint(b, cands[i].end);
            zc_buf_putc(b, ',');
            cps_json(b, in->cps, cands[i].start, cands[i].end);
            zc_fix fx[ZC_FIX_MAX];
            const char *term;
            size_t nfx = zc_fixes_of(rule, in->cps, in->n_cps, cands[i].start, cands[i].end, cands[i].own_start,
                                     cands[i].own_end, fx, &term);
            if (nfx && !cands[i].also_n)
                zc_buf_puts(b, ",0");                        /* no also: the fixes are still the sixth element */
            for (uint32_t k = 0; k < cands[i].also_n; k++) { /* ,[[rule, start, end], …] */
                const zc_report_cand *x = &in->also[cands[i].also_off + k];
                zc_buf_puts(b, k ? ",[" : ",[[");
                zc_buf_uint(b, x->rule);
                zc_buf_putc(b, ',');
                zc_buf_uint(b, x->start);
                zc_buf_putc(b, ',');
                zc_buf_uint(b, x->end);
                zc_buf_puts(b, k + 1 == cands[i].also_n ? "]]" : "]");
            }
            zc_fixes_json(b, fx, nfx, 1); /* ,[["text", start, end], …] */
            zc_buf_putc(b, ']');
            continue;
        }
        /* head + two numbers + keys + tail; the match is reserved by cps_json */
        if (zc_buf_reserve(b, rule->json_head_len + rule->json_tail_len + 64))
            return;
        if (i)
            b->data[b->len++] = ',';
        memcpy(b->data + b->len, rule->json_head, rule->json_head_len);
        b->len += rule->json_head_len;
        zc_buf_uint(b, cands[i].start);
        zc_buf_put(b, END_KEY, sizeof END_KEY - 1);
        zc_buf_uint(b, cands[i].end);
        zc_buf_put(b, MATCH_KEY, sizeof MATCH_KEY - 1);
        cps_json(b, in->cps, cands[i].start, cands[i].end);
        zc_fix fx[ZC_FIX_MAX];
        const char *term;
        size_t nfx = zc_fixes_of(rule, in->cps, in->n_cps, cands[i].start, cands[i].end, cands[i].own_start,
                                 cands[i].own_end, fx, &term);
        if (cands[i].also_n || nfx) {
            zc_buf_put(b, rule->json_tail, rule->json_tail_len - 1);
            zc_fixes_json(b, fx, nfx, 0);
            if (cands[i].also_n)
                also_json(b, in, &cands[i]);
            zc_buf_putc(b, '}');
        } else {
            zc_buf_put(b, rule->json_tail, rule->json_tail_len);
        }
    }
    zc_buf_puts(b, "],\"summary\":{\"error\":");
    zc_buf_uint(b, by_sev[ZC_ERROR]);
    zc_buf_puts(b, ",\"warning\":");
    zc_buf_uint(b, by_sev[ZC_WARNING]);
    zc_buf_puts(b, ",\"info\":");
    zc_buf_uint(b, by_sev[ZC_INFO]);
    zc_buf_puts(b, ",\"total\":");
    zc_buf_uint(b, n);
    zc_buf_puts(b, n > keep ? ",\"truncated\":true,\"code_points\":" : ",\"truncated\":false,\"code_points\":");
    zc_buf_uint(b, in->n_cps);
    zc_buf_puts(b, ",\"invalid_utf8_bytes\":");
    zc_buf_uint(b, in->n_invalid);
    zc_buf_puts(b, "}}");
}
