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

static zc_status load(const char *json, zc_engine **out, zc_error *err)
{
    zc_engine *e = zc_engine_new();
    zc_status st = zc_engine_add_builtin_packs(e, err);
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

/* Allow phrases that start near each hit and never cover it: every hit steps over ~65 × 59 of them. Under the
 * match budget, this is what the step budget (ZC_STEPS_PER_HIT per match of the budget) bounds. */
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
    char *text = repeat("好", 60000 * 3);
    clock_t t0 = clock();
    zc_report *r = zc_check(e, text, strlen(text), NULL, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    zc_tap_ok(t, !r && err.code == ZC_ERR_BUDGET, "60,000 × 好: the step budget stops the check");
    zc_tap_ok(t, secs < 2.0, "... within 2 s of CPU");
    zc_report_free(r);
    free(text);
    zc_engine_free(e);
}

int zc_test_budget(zc_tap *t)
{
    test_budget_steps(t);
    test_refused(t);
    test_budget_check(t);
    return 0;
}
