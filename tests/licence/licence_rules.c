/* Licence rule data runner: every rule of rules/licence.json must be complete (basis, message, suggestion, a
 * family the engine knows, at least two match and two no_match examples), compiled into the library exactly as
 * written, and every example must hold through zc_licence_check. Findings of ids that are not in the data fail,
 * and so does a rule id written into core/src/licence.c instead of taken from the data. TAP output; built as
 * build/test_licence_rules by mk/licence.mk (tests/licence.test.mjs runs the same examples through the wasm).
 *
 * A match example passes when the check gives exactly one finding of its rule, whose message is the example's
 * "message" (or the rule's message when the example gives none and the rule's has no placeholder) and whose
 * basis and suggestion equal the example's when it gives them; a no_match example passes when the rule gives
 * nothing. An example's "ocr" is an array of lines; "qr", "listing", "category" and "today" are optional. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "licence.h"
#include "zicha.h"

#define MIN_EXAMPLES 2

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const zc_rule_info *compiled(const char *id)
{
    for (size_t i = 0; i < zc_licence_rule_count(); i++)
        if (strcmp(zc_licence_rule_at(i)->id, id) == 0)
            return zc_licence_rule_at(i);
    return NULL;
}

static int in_data(const cJSON *rules, const char *id)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, rules)
    {
        const char *rid = str(r, "id");
        if (rid && strcmp(rid, id) == 0)
            return 1;
    }
    return 0;
}

/* The engine accepts the family in a text rule: it is one of the contract's families. */
static int family_known(const char *family)
{
    char pack[512];
    snprintf(pack, sizeof pack,
             "{\"rules\":[{\"id\":\"t.family\",\"family\":\"%s\",\"severity\":\"warning\",\"basis\":\"b\","
             "\"message\":\"m\",\"suggestion\":\"s\",\"terms\":[\"x\"]}]}",
             family);
    zc_engine *e = zc_engine_new();
    zc_error err;
    int ok = e && zc_engine_add_pack(e, "family", pack, strlen(pack), &err) == ZC_OK;
    zc_engine_free(e);
    return ok;
}

static char *ocr_text(const cJSON *ex)
{
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(ex, "ocr"), *l;
    size_t n = 1;
    cJSON_ArrayForEach(l, lines) n += cJSON_IsString(l) ? strlen(l->valuestring) + 1 : 0;
    char *s = calloc(n, 1);
    if (!s)
        return NULL;
    cJSON_ArrayForEach(l, lines)
    {
        if (!cJSON_IsString(l))
            continue;
        if (*s)
            strcat(s, "\n");
        strcat(s, l->valuestring);
    }
    return s;
}

/* Runs one example; returns the result (caller frees) or NULL. */
static zc_licence_result *run(const cJSON *ex, const char *today)
{
    char *ocr = ocr_text(ex);
    const char *qr = str(ex, "qr"), *listing = str(ex, "listing");
    zc_licence_input in = {ocr,
                           ocr ? strlen(ocr) : 0,
                           qr,
                           qr ? strlen(qr) : 0,
                           listing,
                           listing ? strlen(listing) : 0,
                           str(ex, "category"),
                           str(ex, "today") ? str(ex, "today") : today};
    zc_error err = {ZC_OK, ""};
    zc_licence_result *r = zc_licence_check(&in, &err);
    free(ocr);
    return r;
}

static void check_example(zc_tap *t, const cJSON *rules, const cJSON *rule, const char *id, const cJSON *ex, int match,
                          size_t i, const char *today, size_t *n_run)
{
    const char *want = str(ex, "message");
    char desc[600];
    snprintf(desc, sizeof desc, "%s %s[%zu]", id, match ? "match" : "no_match", i);
    zc_licence_result *r = run(ex, today);
    if (!zc_tap_ok(t, r != NULL, desc))
        return;
    (*n_run)++;
    const zc_licence_finding *hit = NULL;
    size_t hits = 0;
    for (size_t k = 0; k < r->n_findings; k++) {
        const zc_licence_finding *f = &r->findings[k];
        if (!in_data(rules, f->rule_id) || strchr(f->message, '{') || strchr(f->suggestion, '{')) {
            char m[900];
            snprintf(m, sizeof m, "%s: finding %s is in the data, its placeholders filled (%s)", desc, f->rule_id,
                     f->message);
            zc_tap_ok(t, 0, m);
        }
        if (strcmp(f->rule_id, id) == 0) {
            hit = f;
            hits++;
        }
    }
    if (!match) {
        zc_tap_ok(t, hits == 0, desc);
    } else if (zc_tap_ok(t, hits == 1, desc)) {
        if (!want && (!str(rule, "message") || strchr(str(rule, "message"), '{')))
            zc_tap_ok(t, 0, "… gives the message it expects (the rule's message has placeholders)");
        else
            zc_tap_str(t, hit->message, want ? want : str(rule, "message"), "… message");
        if (str(ex, "basis"))
            zc_tap_str(t, hit->basis, str(ex, "basis"), "… basis");
        if (str(ex, "suggestion"))
            zc_tap_str(t, hit->suggestion, str(ex, "suggestion"), "… suggestion");
    }
    zc_licence_free(r);
}

static void check_rule(zc_tap *t, const cJSON *rules, const cJSON *rule, const char *today, size_t *n_run)
{
    const char *id = str(rule, "id") ? str(rule, "id") : "(no id)";
    char desc[300];
    const zc_rule_info *c = compiled(id);
    snprintf(desc, sizeof desc, "%s: basis, message and suggestion given, family known to the engine", id);
    zc_tap_ok(t,
              str(rule, "basis") && *str(rule, "basis") && str(rule, "message") && str(rule, "suggestion") &&
                  str(rule, "family") && family_known(str(rule, "family")),
              desc);
    snprintf(desc, sizeof desc, "%s: compiled into the library as written", id);
    zc_tap_ok(t,
              c && same(c->family, str(rule, "family")) && same(c->basis, str(rule, "basis")) &&
                  same(c->message, str(rule, "message")) && same(c->suggestion, str(rule, "suggestion")) &&
                  same(str(rule, "severity"), c->severity == ZC_ERROR     ? "error"
                                              : c->severity == ZC_WARNING ? "warning"
                                                                          : "info"),
              desc);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(rule, "examples");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(ex, "match"),
                *nm = cJSON_GetObjectItemCaseSensitive(ex, "no_match");
    snprintf(desc, sizeof desc, "%s: at least %d match and %d no_match examples", id, MIN_EXAMPLES, MIN_EXAMPLES);
    zc_tap_ok(t, cJSON_GetArraySize(m) >= MIN_EXAMPLES && cJSON_GetArraySize(nm) >= MIN_EXAMPLES, desc);
    for (int i = 0; i < cJSON_GetArraySize(m); i++)
        check_example(t, rules, rule, id, cJSON_GetArrayItem(m, i), 1, (size_t)i, today, n_run);
    for (int i = 0; i < cJSON_GetArraySize(nm); i++)
        check_example(t, rules, rule, id, cJSON_GetArrayItem(nm, i), 0, (size_t)i, today, n_run);
    /* each message variant without placeholders is some match example's message */
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rule, "message_variants"))
    {
        int seen = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, m) seen |= str(e, "message") && !strcmp(str(e, "message"), v->valuestring);
        snprintf(desc, sizeof desc, "%s: variant %s has a match example", id, v->string);
        zc_tap_ok(t, seen || strchr(v->valuestring, '{'), desc);
    }
}

int main(void)
{
    zc_tap t = {0, 0};
    const char *root = getenv("ZC_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/licence.json", root && *root ? root : ".");
    char *text = zc_test_slurp(path, NULL);
    cJSON *data = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(data, "licence_rules");
    const char *today = str(data, "today");
    if (!zc_tap_ok(&t, cJSON_IsArray(rules) && today, "rules/licence.json: licence_rules and today (set ZC_ROOT)"))
        return zc_tap_done(&t);
    zc_tap_int(&t, (long)zc_licence_rule_count(), cJSON_GetArraySize(rules), "every rule of the data is compiled in");
    size_t n_run = 0;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules) check_rule(&t, rules, rule, today, &n_run);
    printf("# %d rules, %zu examples\n", cJSON_GetArraySize(rules), n_run);

    /* licence.c names rules by their enum constants (zc_licence_rules.h), never by a literal id */
    snprintf(path, sizeof path, "%s/core/src/licence.c", root && *root ? root : ".");
    char *src = zc_test_slurp(path, NULL);
    int literal = !src;
    for (const char *p = src; p && (p = strstr(p, "\"licence.")) != NULL; p++)
        literal |= strncmp(p, "\"licence.h\"", 11) != 0;
    zc_tap_ok(&t, !literal, "core/src/licence.c writes no rule id of its own");
    free(src);
    cJSON_Delete(data);
    return zc_tap_done(&t);
}
