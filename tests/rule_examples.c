/* Rule-example runner: every `match` and `no_match` example of every rule in the built-in packs (and any pack
 * given on the command line) must hold. Failures name the pack, the rule and the example. TAP output.
 *
 *   build/test_rules [PACK.json ...]
 *
 * With no arguments it reads every JSON pack in rules/ (from $ZC_ROOT or the current directory): the packs built
 * into the library have their examples stripped to keep the page small.
 *
 * A match example passes when a finding of that rule covers exactly the `match` substring; a no_match example
 * passes when that rule reports nothing. Also checked: every rule has a basis, a suggestion (unless info) and
 * at least 3 match and 3 no_match examples (warnings for packs given on the command line).
 *
 * Fixes: a match example with "output" must be the lead of a finding of its rule whose first fix, applied to the
 * text, gives exactly `output`; re-checking `output`, the rule must not fire again where the fix was applied
 * (unless the example says "still_flagged": true). Every "replace" entry of a rule needs such an example. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "zicha.h"

/* Code-point length of a UTF-8 prefix. */
static size_t cp_count(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The example text on one line (TAP descriptions cannot contain line breaks), shortened to ~80 characters. */
static const char *oneline(const char *s)
{
    static char buf[400];
    size_t k = 0, cps = 0;
    for (; *s && k < sizeof buf - 8 && cps < 80; s++) {
        if (*s == '\n' || *s == '\r') {
            buf[k++] = '\\';
            buf[k++] = 'n';
        } else {
            buf[k++] = *s;
        }
        cps += ((unsigned char)*s & 0xC0) != 0x80;
    }
    if (*s && cps >= 80) {
        while (*s && ((unsigned char)*s & 0xC0) == 0x80 && k < sizeof buf - 4)
            buf[k++] = *s++;
        buf[k++] = '.';
        buf[k++] = '.';
        buf[k++] = '.';
    }
    buf[k] = 0;
    return buf;
}

/* Byte offset of code point `cp` in the UTF-8 string s. */
static size_t byte_at(const char *s, size_t cp)
{
    size_t i = 0;
    for (; s[i] && cp; i++)
        if (((unsigned char)s[i + 1] & 0xC0) != 0x80)
            cp--;
    return i;
}

static void free_paths(char **paths, int n)
{
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* The k-th span rule `id` reported in finding f (k = 0, 1, …): f's own, then those of the findings folded into it
 * (`also`). 0 when there is no k-th. */
static int rule_span(const zc_finding *f, const char *id, size_t k, size_t *s, size_t *e)
{
    if (strcmp(f->rule_id, id) == 0) {
        if (k-- == 0) {
            *s = f->rule_start;
            *e = f->rule_end;
            return 1;
        }
    }
    for (size_t j = 0; j < f->n_also; j++)
        if (strcmp(f->also[j].rule_id, id) == 0 && k-- == 0) {
            *s = f->also[j].start;
            *e = f->also[j].end;
            return 1;
        }
    return 0;
}

/* The example's `output` check (see the file comment); marks the "replace" entry it used in used[]. */
static void check_output(zc_tap *t, const zc_engine *e, const zc_rule_info *ri, const zc_example *ex,
                         const zc_report *rep, size_t want_s, size_t want_e, unsigned char *used)
{
    char desc[1024];
    const zc_finding *f = NULL;
    for (size_t i = 0; i < zc_report_count(rep) && !f; i++) {
        const zc_finding *g = zc_report_finding(rep, i);
        if (strcmp(g->rule_id, ri->id) == 0 && g->rule_start == want_s && g->rule_end == want_e)
            f = g;
    }
    snprintf(desc, sizeof desc, "%s [%s]: the fix of \"%s\" in \"%s\" gives the output", ri->id, ri->pack, ex->match,
             oneline(ex->text));
    if (!f || !f->n_fixes) {
        zc_tap_ok(t, 0, desc);
        printf("#   %s\n", f ? "the finding has no fixes" : "the rule does not lead a finding on that match");
        return;
    }
    for (size_t x = 0; x < ri->n_replace; x++)
        if (ri->replace[x].term == f->fix_term)
            used[x] = 1;
    const zc_fix *fx = &f->fixes[0];
    size_t bs = byte_at(ex->text, fx->start), be = byte_at(ex->text, fx->end), tl = strlen(fx->text);
    size_t n = bs + tl + strlen(ex->text + be);
    char *got = malloc(n + 1);
    memcpy(got, ex->text, bs);
    memcpy(got + bs, fx->text, tl);
    strcpy(got + bs + tl, ex->text + be);
    if (!zc_tap_ok(t, strcmp(got, ex->output) == 0, desc))
        printf("#   want: %s\n#   got:  %s\n", ex->output, got);
    if (!ex->still_flagged) {
        zc_options opt;
        memset(&opt, 0, sizeof opt);
        opt.category = ex->category;
        zc_error err;
        zc_report *again = zc_check(e, got, n, &opt, &err);
        size_t p = fx->start, q = fx->start + cp_count(fx->text, tl), s0, e0;
        int clean = again != NULL;
        for (size_t i = 0; again && i < zc_report_count(again); i++)
            for (size_t k = 0; rule_span(zc_report_finding(again, i), ri->id, k, &s0, &e0); k++)
                if (p == q ? s0 < p && e0 > p : s0 < q && e0 > p)
                    clean = 0;
        snprintf(desc, sizeof desc, "%s [%s]: nothing where the fix went in \"%s\"", ri->id, ri->pack, oneline(got));
        zc_tap_ok(t, clean, desc);
        zc_report_free(again);
    }
    free(got);
}

/* Lexicons: a match example contains some term of the lexicon, a no_match example none. Checked with a second
 * engine: the same packs plus one rule per lexicon whose only term is "@name". Returns the number of examples. */
static size_t check_lexicons(zc_tap *t, const zc_engine *e, char **paths, int n_paths)
{
    size_t nl = zc_engine_lexicon_count(e), n_examples = 0;
    if (!nl)
        return 0;
    zc_error err;
    zc_engine *x = zc_engine_new();
    for (int i = 0; i < n_paths; i++) {
        size_t len;
        char *data = zc_test_slurp(paths[i], &len);
        if (data && zc_engine_add_pack(x, paths[i], data, len, &err))
            zc_tap_ok(t, 0, err.message);
        free(data);
    }
    size_t cap = 256 + nl * 256, k = 0;
    char *pack = malloc(cap);
    k += (size_t)snprintf(pack + k, cap - k, "{\"pack\":\"lexicon-test\",\"rules\":[");
    for (size_t i = 0; i < nl; i++)
        k += (size_t)snprintf(
            pack + k, cap - k,
            "%s{\"id\":\"lexicon-test.%s\",\"family\":\"absolute_term\",\"severity\":\"info\",\"basis\":"
            "\"-\",\"message\":\"-\",\"terms\":[\"@%s\"],\"boundary\":false}",
            i ? "," : "", zc_engine_lexicon(e, i)->name, zc_engine_lexicon(e, i)->name);
    k += (size_t)snprintf(pack + k, cap - k, "]}");
    if (zc_engine_add_pack(x, "lexicon-test", pack, k, &err) || zc_engine_compile(x, &err)) {
        zc_tap_ok(t, 0, err.message);
        free(pack);
        zc_engine_free(x);
        return 0;
    }
    free(pack);
    for (size_t i = 0; i < nl; i++) {
        const zc_lexicon_info *li = zc_engine_lexicon(e, i);
        char id[200], desc[1024];
        snprintf(id, sizeof id, "lexicon-test.%s", li->name);
        snprintf(desc, sizeof desc, "lexicon %s [%s]: has >= 3 match and >= 3 no_match examples (%zu, %zu)", li->name,
                 li->pack, li->n_match_examples, li->n_no_match_examples);
        zc_tap_ok(t, li->n_match_examples >= 3 && li->n_no_match_examples >= 3, desc);
        for (int pass = 0; pass < 2; pass++) {
            const zc_example *ex = pass == 0 ? li->match_examples : li->no_match_examples;
            size_t n = pass == 0 ? li->n_match_examples : li->n_no_match_examples;
            for (size_t j = 0; j < n; j++) {
                n_examples++;
                zc_report *rep = zc_check(x, ex[j].text, strlen(ex[j].text), NULL, &err);
                int found = 0;
                for (size_t f = 0; rep && f < zc_report_count(rep); f++) {
                    size_t s0, e0;
                    found |= rule_span(zc_report_finding(rep, f), id, 0, &s0, &e0);
                }
                snprintf(desc, sizeof desc, "lexicon %s [%s]: %s \"%s\"", li->name, li->pack,
                         pass == 0 ? "has a term in" : "has no term in", oneline(ex[j].text));
                zc_tap_ok(t, rep && found == (pass == 0), desc);
                zc_report_free(rep);
            }
        }
    }
    zc_engine_free(x);
    return n_examples;
}

int main(int argc, char **argv)
{
    zc_tap t = {0};
    zc_error err;
    zc_engine *e = zc_engine_new();
    /* the packs to test: the arguments, or every rules/ JSON pack */
    char **paths = calloc((size_t)argc + 512, sizeof *paths);
    int n_paths = 0;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--no-builtin") != 0) /* accepted for compatibility; never loads built-ins */
        {
            paths[n_paths] = malloc(strlen(argv[i]) + 1);
            strcpy(paths[n_paths++], argv[i]);
        }
    if (n_paths == 0) {
        const char *root = getenv("ZC_ROOT");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/rules", root && *root ? root : ".");
        DIR *d = opendir(dir);
        struct dirent *de;
        while (d && (de = readdir(d)) && n_paths < argc + 511) {
            size_t l = strlen(de->d_name);
            if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0) {
                char *p = malloc(strlen(dir) + l + 2);
                sprintf(p, "%s/%s", dir, de->d_name);
                paths[n_paths++] = p;
            }
        }
        if (d)
            closedir(d);
        /* load order = name order, as the build embeds them */
        for (int i = 1; i < n_paths; i++)
            for (int j = i; j > 0 && strcmp(paths[j - 1], paths[j]) > 0; j--) {
                char *t = paths[j];
                paths[j] = paths[j - 1];
                paths[j - 1] = t;
            }
        if (n_paths == 0)
            zc_tap_ok(&t, 0, "no rule packs found in rules/ (run from the repository root or set ZC_ROOT)");
    }
    for (int i = 0; i < n_paths; i++) {
        size_t len;
        char *data = zc_test_slurp(paths[i], &len);
        if (!data) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s: cannot read", paths[i]);
            zc_tap_ok(&t, 0, msg);
            continue;
        }
        if (zc_engine_add_pack(e, paths[i], data, len, &err))
            zc_tap_ok(&t, 0, err.message);
        free(data);
    }
    if (zc_engine_compile(e, &err)) {
        zc_tap_ok(&t, 0, err.message);
        zc_engine_free(e);
        free_paths(paths, n_paths);
        return zc_tap_done(&t);
    }
    size_t n_rules = zc_engine_rule_count(e), n_examples = 0, n_replace_rules = 0;
    for (size_t r = 0; r < n_rules; r++) {
        const zc_rule_info *ri = zc_engine_rule(e, r);
        char desc[1024];
        snprintf(desc, sizeof desc, "%s [%s]: has >= 3 match and >= 3 no_match examples (%zu, %zu)", ri->id, ri->pack,
                 ri->n_match_examples, ri->n_no_match_examples);
        zc_tap_ok(&t, ri->n_match_examples >= 3 && ri->n_no_match_examples >= 3, desc);
        unsigned char used[256] = {0}; /* pack.c allows at most 256 "replace" entries */
        for (int pass = 0; pass < 2; pass++) {
            const zc_example *ex = pass == 0 ? ri->match_examples : ri->no_match_examples;
            size_t n = pass == 0 ? ri->n_match_examples : ri->n_no_match_examples;
            for (size_t k = 0; k < n; k++) {
                n_examples++;
                zc_options opt;
                memset(&opt, 0, sizeof opt);
                opt.category = ex[k].category;
                zc_report *rep = zc_check(e, ex[k].text, strlen(ex[k].text), &opt, &err);
                if (!rep) {
                    snprintf(desc, sizeof desc, "%s [%s]: example \"%s\": %s", ri->id, ri->pack, oneline(ex[k].text),
                             err.message);
                    zc_tap_ok(&t, 0, desc);
                    continue;
                }
                int ok;
                char got[512] = "";
                size_t gl = 0;
                if (pass == 0) {
                    const char *pos = strstr(ex[k].text, ex[k].match);
                    size_t want_s = cp_count(ex[k].text, (size_t)(pos - ex[k].text));
                    size_t want_e = want_s + cp_count(ex[k].match, strlen(ex[k].match));
                    ok = 0;
                    for (size_t i = 0; i < zc_report_count(rep); i++) {
                        const zc_finding *f = zc_report_finding(rep, i);
                        size_t s0, e0;
                        for (size_t k = 0; rule_span(f, ri->id, k, &s0, &e0); k++) {
                            if (s0 == want_s && e0 == want_e)
                                ok = 1;
                            gl +=
                                (size_t)snprintf(got + gl, gl < sizeof got ? sizeof got - gl : 0, " [%zu,%zu)", s0, e0);
                            if (gl >= sizeof got)
                                gl = sizeof got - 1;
                        }
                    }
                    snprintf(desc, sizeof desc, "%s [%s]: reports \"%s\" in \"%s\"%s%s%s", ri->id, ri->pack,
                             ex[k].match, oneline(ex[k].text), ex[k].category ? " (category " : "",
                             ex[k].category ? ex[k].category : "", ex[k].category ? ")" : "");
                    if (!zc_tap_ok(&t, ok, desc))
                        printf("#   got:%s (category used: %s)\n", gl ? got : " nothing", zc_report_category(rep));
                    if (ex[k].output)
                        check_output(&t, e, ri, &ex[k], rep, want_s, want_e, used);
                } else {
                    ok = 1;
                    for (size_t i = 0; i < zc_report_count(rep); i++) {
                        const zc_finding *f = zc_report_finding(rep, i);
                        size_t s0, e0;
                        if (rule_span(f, ri->id, 0, &s0, &e0)) {
                            ok = 0;
                            gl += (size_t)snprintf(got + gl, gl < sizeof got ? sizeof got - gl : 0, " [%zu,%zu)\"%s\"",
                                                   f->start, f->end, f->match);
                            if (gl >= sizeof got)
                                gl = sizeof got - 1;
                        }
                    }
                    snprintf(desc, sizeof desc, "%s [%s]: nothing in \"%s\"%s%s%s", ri->id, ri->pack,
                             oneline(ex[k].text), ex[k].category ? " (category " : "",
                             ex[k].category ? ex[k].category : "", ex[k].category ? ")" : "");
                    if (!zc_tap_ok(&t, ok, desc))
                        printf("#   got:%s (category used: %s)\n", got, zc_report_category(rep));
                }
                zc_report_free(rep);
            }
        }
        for (size_t x = 0; x < ri->n_replace && x < sizeof used; x++) {
            snprintf(desc, sizeof desc, "%s [%s]: an example's output tests replace \"%s\"", ri->id, ri->pack,
                     ri->replace[x].term);
            zc_tap_ok(&t, used[x], desc);
        }
        n_replace_rules += ri->n_replace > 0;
    }
    printf("# %zu rules, %zu examples, %zu rules with replace\n", n_rules, n_examples, n_replace_rules);
    n_examples += check_lexicons(&t, e, paths, n_paths);
    free_paths(paths, n_paths);
    zc_engine_free(e);
    return zc_tap_done(&t);
}
