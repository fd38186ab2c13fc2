/* The work budget and strict pack validation (zicha.h ZC_MAX_*): hostile packs are refused up front or stop a
 * check with ZC_ERR_BUDGET; NUL, control characters and duplicate keys are refused with a message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "suites.h"
#include "zicha.h"

#define RULE_HEAD                                                                                                      \
    "{\"id\":\"t.%d\",\"family\":\"absolute_term\",\"severity\":\"error\",\"basis\":\"b\",\"message\":\"m\","          \
    "\"suggestion\":\"s\""

/* A pack of `rules` rules; rule r has terms 好 × 1 … 好 × `nest` (allow phrases instead when `allow`, with 好 as the
 * term). Caller frees. */
static char *nested_pack(int rules, int nest, int allow)
{
    size_t cap = (size_t)rules * ((size_t)nest * (size_t)nest * 3 + (size_t)nest * 8 + 256) + 64, n = 0;
    char *s = malloc(cap);
    n += (size_t)snprintf(s + n, cap - n, "{\"pack\":\"hostile\",\"rules\":[");
    for (int r = 0; r < rules; r++) {
        n += (size_t)snprintf(s + n, cap - n, r ? "," RULE_HEAD : RULE_HEAD, r);
        n += (size_t)snprintf(s + n, cap - n, allow ? ",\"terms\":[\"好\"],\"allow\":[" : ",\"terms\":[");
        for (int k = 1; k <= nest; k++) {
            n += (size_t)snprintf(s + n, cap - n, k > 1 ? ",\"" : "\"");
            for (int i = 0; i < k + allow; i++)
                n += (size_t)snprintf(s + n, cap - n, "好");
            n += (size_t)snprintf(s + n, cap - n, "\"");
        }
        n += (size_t)snprintf(s + n, cap - n, "]}");
    }
    snprintf(s + n, cap - n, "]}");
    return s;
}

/* Loads `json` (after the built-in packs when `builtin`) and compiles: the status; the engine in *out on success
 * (freed when out is NULL). */
static zc_status load_with(const char *json, int builtin, zc_engine **out, zc_error *err)
{
    zc_engine *e = zc_engine_new();
    zc_status st = builtin ? zc_engine_add_builtin_packs(e, err) : ZC_OK;
    if (!st)
        st = zc_engine_add_pack(e, "hostile.json", json, strlen(json), err);
    if (!st)
        st = zc_engine_compile(e, err);
    if (st || !out)
        zc_engine_free(e);
    else
        *out = e;
    return st;
}

static zc_status load(const char *json, zc_engine **out, zc_error *err)
{
    return load_with(json, 1, out, err);
}

static char *repeat(const char *unit, size_t bytes)
{
    size_t u = strlen(unit), n = bytes / u * u;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i += u)
        memcpy(s + i, unit, u);
    s[n] = 0;
    return s;
}

static void test_refused(zc_tap *t)
{
    zc_error err;
    char *p = nested_pack(1, 500, 0);
    zc_tap_ok(t, load(p, NULL, &err) == ZC_ERR_PACK_SCHEMA && strstr(err.message, "规则包过于复杂"),
              "500 nested terms: refused (term longer than the limit)");
    free(p);
    p = nested_pack(1, 400, 1);
    zc_tap_ok(t, load(p, NULL, &err) == ZC_ERR_PACK_SCHEMA && strstr(err.message, "规则包过于复杂"),
              "400 nested allow phrases: refused");
    free(p);
    p = nested_pack(3, 60, 0); /* every term within the length limit, 180 matches at one character */
    zc_tap_ok(t, load(p, NULL, &err) == ZC_ERR_PACK_SCHEMA && strstr(err.message, "规则包过于复杂"),
              "3 rules x 60 nested terms: refused (matches per character)");
    free(p);
    p = nested_pack(1, 40, 0);
    zc_tap_ok(t, load(p, NULL, &err) == ZC_OK, "40 nested terms: accepted");
    free(p);
    static const char *const bad[][2] = {
        {"{\"rules\":[" RULE_HEAD ",\"terms\":[\"最\\u0000好\"]}]}", "NUL"},
        {"{\"rules\":[" RULE_HEAD ",\"terms\":[\"最好\"],\"basis\":\"\\u001b]52;c;aGk=\\u0007\"}]}", "control"},
        {"{\"rules\":[" RULE_HEAD ",\"terms\":[\"最\\u009b好\"]}]}", "control"},
        {"{\"rules\":[" RULE_HEAD ",\"terms\":[\"最好\"],\"terms\":[\"最佳\"]}]}", "duplicate key"},
        {"{\"rules\":[],\"rules\":[" RULE_HEAD ",\"terms\":[\"最好\"]}]}", "duplicate key"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char json[512];
        snprintf(json, sizeof json, bad[i][0], 0);
        zc_status st = load(json, NULL, &err);
        char desc[96];
        snprintf(desc, sizeof desc, "pack with %s refused with a message naming it", bad[i][1]);
        zc_tap_ok(t, st != ZC_OK && strstr(err.message, "hostile.json") && strstr(err.message, bad[i][1]), desc);
        if (st == ZC_OK || !strstr(err.message, bad[i][1]))
            fprintf(stderr, "# %s\n", err.message);
    }
}

static void test_budget_check(zc_tap *t)
{
    zc_error err;
    /* within validation's limits, the most matches per character a pack may give: the check stops at the budget */
    char *p = malloc(64 * 1024);
    size_t n = (size_t)snprintf(p, 64 * 1024, "{\"rules\":[");
    for (int r = 0; r < 100; r++)
        n += (size_t)snprintf(p + n, 64 * 1024 - n,
                              r ? "," RULE_HEAD ",\"terms\":[\"好\"]}" : RULE_HEAD ",\"terms\":[\"好\"]}", r);
    snprintf(p + n, 64 * 1024 - n, "]}");
    zc_engine *e = NULL;
    zc_tap_ok(t, load(p, &e, &err) == ZC_OK, "100 rules sharing one term: accepted");
    free(p);
    if (!e)
        return;
    char *text = repeat("好", 1u << 20);
    clock_t t0 = clock();
    zc_report *r = zc_check(e, text, strlen(text), NULL, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    zc_tap_ok(t, !r && err.code == ZC_ERR_BUDGET && strstr(err.message, "规则包过于复杂"),
              "1 MB of 好: the check stops with ZC_ERR_BUDGET");
    zc_tap_ok(t, secs < 2.0, "... within 2 s of CPU");
    zc_report_free(r);
    r = zc_check(e, text, 3000, NULL, &err);
    zc_tap_ok(t, r && zc_report_count(r) > 0, "1,000 characters of 好: checked as usual");
    zc_report_free(r);
    free(text);
    zc_engine_free(e);
}

/* Allow phrases that start near each hit and never cover it (~65 × 59 of them around every hit): whether one
 * covers the hit is one lookup, not a walk over them, so the check ends quickly with its findings. */
static void test_budget_steps(zc_tap *t)
{
    zc_error err;
    size_t cap = 64 * 1024, n = 0;
    char *p = malloc(cap);
    n += (size_t)snprintf(p + n, cap - n, "{\"rules\":[" RULE_HEAD ",\"terms\":[\"", 0);
    for (int i = 0; i < 60; i++)
        n += (size_t)snprintf(p + n, cap - n, "好");
    n += (size_t)snprintf(p + n, cap - n, "\"],\"allow\":[");
    for (int m = 1; m < 60; m++) {
        n += (size_t)snprintf(p + n, cap - n, m > 1 ? ",\"" : "\"");
        for (int i = 0; i < m; i++)
            n += (size_t)snprintf(p + n, cap - n, "好");
        n += (size_t)snprintf(p + n, cap - n, "\"");
    }
    snprintf(p + n, cap - n, "]}]}");
    zc_engine *e = NULL;
    zc_tap_ok(t, load(p, &e, &err) == ZC_OK, "a 60-character term and 59 shorter allow phrases: accepted");
    free(p);
    if (!e)
        return;
    char *text = repeat("好", 20000 * 3);
    clock_t t0 = clock();
    zc_report *r = zc_check(e, text, strlen(text), NULL, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    zc_tap_ok(t, r && zc_report_count(r) > 0, "20,000 × 好 among allow phrases that never cover a hit: checked");
    zc_tap_ok(t, secs < 2.0, "... within 2 s of CPU");
    zc_report_free(r);
    free(text);
    zc_engine_free(e);
}

/* A pack of one rule (RULE_HEAD + `fields`) loaded alone into a fresh engine: its status, err set. */
static zc_status load_rule(const char *fields, zc_engine **out, zc_error *err)
{
    char p[8448];
    snprintf(p, sizeof p, "{\"rules\":[" RULE_HEAD "%s}]}", 0, fields);
    return load_with(p, 0, out, err);
}

/* s × n into out (2,048 bytes), for building long fields. */
static const char *times(char out[2048], const char *s, int n)
{
    size_t k = 0, l = strlen(s);
    for (int i = 0; i < n && k + l < 2048; i++, k += l)
        memcpy(out + k, s, l);
    out[k] = 0;
    return out;
}

/* Every bound the engine relies on is either lifted (the first checks) or refused by pack validation with a
 * message naming the rule and the field (docs/design.md "Limits"). */
static void test_limits(zc_tap *t)
{
    zc_error err;
    zc_engine *e = NULL;
    char f[8192], text[8192], x[2048], y[2048];
    /* an allow phrase of 90 characters suppresses a hit at its end (the scan for covering phrases had a reach of
     * 64 characters) */
    snprintf(f, sizeof f, ",\"terms\":[\"最好\"],\"allow\":[\"%s最好\"]", times(x, "甲", 88));
    int ok = load_rule(f, &e, &err) == ZC_OK;
    snprintf(text, sizeof text, "%s最好", times(x, "甲", 88));
    zc_report *r = ok ? zc_check(e, text, strlen(text), NULL, &err) : NULL;
    zc_tap_ok(t, r && zc_report_count(r) == 0, "limits: a 90-character allow phrase suppresses a hit at its end");
    zc_report_free(r);
    /* ... and so does a short one spread over separators */
    snprintf(text, sizeof text, "甲%s最好", times(x, "*", 80));
    zc_engine_free(e);
    e = NULL;
    ok = load_rule(",\"terms\":[\"最好\"],\"allow\":[\"甲最好\"]", &e, &err) == ZC_OK;
    r = ok ? zc_check(e, text, strlen(text), NULL, &err) : NULL;
    zc_tap_ok(t, r && zc_report_count(r) == 0, "limits: an allow phrase spread over 80 separators suppresses the hit");
    zc_report_free(r);
    zc_engine_free(e);

    static const struct {
        const char *fields, *want, *what;
    } refused[] = {
        {",\"terms\":[\"x\"],\"near\":{\"terms\":[\"y\"],\"window\":100001}",
         "rule \"t.0\" (#1): field \"near\": window", "near window over 100,000"},
        {",\"terms\":[\"x\"],\"unless\":{\"terms\":[\"y\"],\"window\":-1}", "field \"unless\": window",
         "negative unless window"},
        {",\"terms\":[\"x\"],\"near\":{\"terms\":[\"y\"],\"window\":0,\"extend\":true}",
         "field \"near\": 规则包过于复杂: extend needs a window from 1 to 100", "extend with the whole text"},
        {",\"terms\":[\"x\"],\"near\":{\"terms\":[\"y\"],\"window\":101,\"extend\":true}",
         "extend needs a window from 1 to 100", "extend over 100"},
        {",\"replace\":{\"x\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]},\"terms\":[\"x\"]",
         "rule \"t.0\" (#1): field \"replace\": \"x\": expected an array of 1 to 8 strings", "nine fixes for one term"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char name[160];
        zc_status st = load_rule(refused[i].fields, NULL, &err);
        snprintf(name, sizeof name, "limits: %s: refused, naming the rule and field", refused[i].what);
        zc_tap_ok(t, st == ZC_ERR_PACK_SCHEMA && strstr(err.message, refused[i].want), name);
    }
    static const struct {
        const char *field, *fmt;
    } too_long[] = {{"terms", ",\"terms\":[\"%s\"]"},
                    {"allow", ",\"terms\":[\"x\"],\"allow\":[\"%s\"]"},
                    {"near", ",\"terms\":[\"x\"],\"near\":{\"terms\":[\"%s\"],\"window\":5}"},
                    {"unless", ",\"terms\":[\"x\"],\"unless\":{\"terms\":[\"%s\"],\"window\":5}"}};
    for (size_t i = 0; i < sizeof too_long / sizeof too_long[0]; i++) {
        char want[64], name[96];
        snprintf(f, sizeof f, too_long[i].fmt, times(x, "好", 101));
        snprintf(want, sizeof want, "\"t.0\" 的 %s 词条", too_long[i].field);
        snprintf(name, sizeof name, "limits: a %s entry of 101 characters: refused, naming the rule and field",
                 too_long[i].field);
        zc_tap_ok(t, load_rule(f, NULL, &err) == ZC_ERR_PACK_SCHEMA && strstr(err.message, want), name);
    }
    snprintf(f, sizeof f, ",\"terms\":[\"%s\"]", times(x, "好", 100));
    zc_tap_ok(t, load_rule(f, NULL, &err) == ZC_OK, "limits: a term of 100 characters: accepted");
    char *deep = malloc(4200);
    snprintf(deep, 4200, "{\"rules\":[],\"note\":%s%s}", times(x, "[", 999), times(y, "]", 999));
    zc_engine *d = zc_engine_new();
    zc_tap_ok(t, zc_engine_add_pack(d, "deep.json", deep, strlen(deep), &err) == ZC_OK,
              "limits: nesting of 1,000 levels: accepted");
    snprintf(deep, 4200, "{\"rules\":[],\"note\":%s%s}", times(x, "[", 1000), times(y, "]", 1000));
    zc_tap_ok(t,
              zc_engine_add_pack(d, "deep.json", deep, strlen(deep), &err) == ZC_ERR_PACK_SYNTAX &&
                  strstr(err.message, "deep.json:1:1019: invalid JSON: nested deeper than 1000 levels"),
              "limits: nesting of 1,001 levels: refused with its line and column");
    zc_engine_free(d);
    free(deep);
}

int zc_test_budget(zc_tap *t)
{
    test_budget_steps(t);
    test_refused(t);
    test_budget_check(t);
    test_limits(t);
    return 0;
}
