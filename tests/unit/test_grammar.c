/* Unit tests of the claim grammar's engine parts: lexicons, `permitted_in` with evidence, clauses, the quantity
 * pattern, the 《》 title guard and one finding per phrase (`also`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "zicha.h"

static zc_engine *engine_of(const char *a, const char *b, zc_error *err)
{
    zc_engine *e = zc_engine_new();
    if ((a && zc_engine_add_pack(e, "a.json", a, strlen(a), err)) ||
        (b && zc_engine_add_pack(e, "b.json", b, strlen(b), err)) || zc_engine_compile(e, err)) {
        zc_engine_free(e);
        return NULL;
    }
    return e;
}

/* "rule@start-end[+also_rule@s-e...];..." and the category, for compact assertions. */
static const char *run(const zc_engine *e, const char *text, const char *category)
{
    static char out[2048];
    zc_error err;
    zc_options opt = {category, ZC_MODE_LISTING, 0};
    zc_report *r = zc_check(e, text, strlen(text), &opt, &err);
    if (!r) {
        snprintf(out, sizeof out, "ERROR:%s", err.message);
        return out;
    }
    size_t k = (size_t)snprintf(out, sizeof out, "%s|", zc_report_category(r));
    for (size_t i = 0; i < zc_report_count(r) && k < sizeof out - 200; i++) {
        const zc_finding *f = zc_report_finding(r, i);
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s@%zu-%zu", i ? ";" : "", f->rule_id, f->start, f->end);
        for (size_t j = 0; j < f->n_also; j++)
            k += (size_t)snprintf(out + k, sizeof out - k, "+%s@%zu-%zu", f->also[j].rule_id, f->also[j].start,
                                  f->also[j].end);
    }
    zc_report_free(r);
    return out;
}

static char *json_of(const zc_engine *e, const char *text)
{
    zc_error err;
    zc_report *r = zc_check(e, text, strlen(text), NULL, &err);
    char *j = r ? zc_report_json(r) : NULL;
    zc_report_free(r);
    return j;
}

#define R(id, fam, sev, extra)                                                                                         \
    "{\"id\":\"" id "\",\"family\":\"" fam "\",\"severity\":\"" sev "\",\"basis\":\"B-" id "\",\"message\":\"m\","     \
    "\"suggestion\":\"s\"," extra "}"

static const char LEX[] = "{\"lexicons\":{"
                          "\"verb\":{\"terms\":[\"治\",\"预防\",\"改善\"]},"
                          "\"ill\":{\"terms\":[\"失眠\",\"@ill2\"]},"
                          "\"ill2\":{\"terms\":[\"便秘\"]}},"
                          "\"evidence\":{\"drug\":[\"国药准字\"]}}";

static void test_lexicons(zc_tap *t)
{
    zc_error err;
    const char *rules =
        "{\"rules\":[" R("c.treat", "medical_claim", "error",
                         "\"terms\":[\"@ill\"],\"near\":{\"terms\":[\"@verb\"],\"window\":3,\"clause\":true,\"extend\":"
                         "true},\"permitted_in\":[\"drug\"],\"negation\":true") "]}";
    zc_engine *e = engine_of(rules, LEX, &err); /* the lexicons come from a pack loaded after the rule's */
    zc_tap_ok(t, e != NULL, "lexicon: a rule may name a lexicon of a later pack");
    if (!e)
        return;
    size_t nl = zc_engine_lexicon_count(e);
    const zc_lexicon_info *ill = NULL;
    for (size_t i = 0; i < nl; i++)
        if (strcmp(zc_engine_lexicon(e, i)->name, "ill") == 0)
            ill = zc_engine_lexicon(e, i);
    zc_tap_ok(t, nl == 3 && ill && ill->n_terms == 2 && strcmp(ill->terms[1], "便秘") == 0,
              "lexicon: a nested reference is expanded (ill = 失眠 + @ill2)");
    zc_tap_str(t, run(e, "改善便秘", NULL), "general|c.treat@0-4", "grammar: predicate + object in either order (1)");
    zc_tap_str(t, run(e, "失眠可以治", NULL), "general|c.treat@0-5", "grammar: predicate + object in either order (2)");
    zc_tap_str(t, run(e, "改善口感，不再失眠", NULL), "general|", "grammar: a comma ends the clause");
    zc_tap_str(t, run(e, "不能改善失眠", NULL), "general|", "grammar: a negation before the predicate");
    zc_tap_str(t, run(e, "改善失眠", "drug"), "drug|", "permitted_in: the caller's category relaxes the rule");
    zc_tap_str(t, run(e, "国药准字H20000001 改善失眠", NULL), "drug|",
               "permitted_in: an approval number relaxes the rule and sets the category");
    zc_tap_str(t, run(e, "国药准字 改善失眠", NULL), "general|c.treat@5-9",
               "evidence: the prefix without its number proves nothing");
    char *j = json_of(e, "国药准字Z20025581，改善失眠");
    zc_tap_ok(t,
              j && strstr(j, "\"category_source\":\"evidence\"") &&
                  strstr(j, "\"evidence\":[{\"category\":\"drug\",\"match\":\"国药准字Z20025581\"") &&
                  strstr(j, "\"relaxed\":[{\"rule_id\":\"c.treat\",\"category\":\"drug\",\"by\":\"evidence\"}]"),
              "report: evidence and relaxed rules are listed");
    free(j);
    zc_engine_free(e);

    e = engine_of("{\"lexicons\":{\"a\":{\"terms\":[\"@b\"]},\"b\":{\"terms\":[\"@a\"]}}}",
                  "{\"rules\":[" R("x.y", "absolute_term", "error", "\"terms\":[\"@a\"]") "]}", &err);
    zc_tap_ok(t, !e && strstr(err.message, "refers to itself"), "lexicon: a cycle is an error");
    e = engine_of("{\"rules\":[" R("x.y", "absolute_term", "error", "\"terms\":[\"@nope\"]") "]}", NULL, &err);
    zc_tap_ok(t, !e && strstr(err.message, "unknown lexicon") && strstr(err.message, "x.y"),
              "lexicon: an unknown name is an error naming the rule");
    {
        /* references multiply: 8 levels of 20 references would be 20^8 terms; an error, quickly */
        char big[8192];
        size_t k = (size_t)snprintf(big, sizeof big, "{\"lexicons\":{\"l0\":{\"terms\":[\"x\"]}");
        for (int lv = 1; lv <= 8; lv++) {
            k += (size_t)snprintf(big + k, sizeof big - k, ",\"l%d\":{\"terms\":[", lv);
            for (int j = 0; j < 20; j++)
                k += (size_t)snprintf(big + k, sizeof big - k, "%s\"@l%d\"", j ? "," : "", lv - 1);
            k += (size_t)snprintf(big + k, sizeof big - k, "]}");
        }
        snprintf(big + k, sizeof big - k, "}}");
        e = engine_of(big, "{\"rules\":[" R("x.y", "absolute_term", "error", "\"terms\":[\"@l8\"]") "]}", &err);
        zc_tap_ok(t, !e && strstr(err.message, "after expanding lexicon references"),
                  "lexicon: an exponential expansion is refused with an error");
    }
    {
        /* many rules naming one big lexicon: bounded over all rules */
        size_t cap = 4 << 20, k = 0;
        char *big = malloc(cap);
        k += (size_t)snprintf(big + k, cap - k, "{\"lexicons\":{\"w\":{\"terms\":[");
        for (int j = 0; j < 100000; j++)
            k += (size_t)snprintf(big + k, cap - k, "%s\"t%d\"", j ? "," : "", j);
        k += (size_t)snprintf(big + k, cap - k, "]}},\"rules\":[");
        for (int r = 0; r < 30; r++)
            k +=
                (size_t)snprintf(big + k, cap - k,
                                 "%s{\"id\":\"r%d\",\"family\":\"absolute_term\",\"severity\":\"info\",\"basis\":\"b\","
                                 "\"message\":\"m\",\"terms\":[\"@w\"]}",
                                 r ? "," : "", r);
        snprintf(big + k, cap - k, "]}");
        e = engine_of(big, NULL, &err);
        zc_tap_ok(t, !e && strstr(err.message, "in all"), "lexicon: references over all rules are bounded");
        free(big);
    }
    e = engine_of("{\"lexicons\":{\"Bad-Name\":{\"terms\":[\"x\"]}}}", NULL, &err);
    zc_tap_ok(t, !e && strstr(err.message, "Bad-Name"), "lexicon: a bad name is rejected");
    e = engine_of("{\"lexicons\":{\"a\":{\"terms\":[\"x\"]}}}", "{\"lexicons\":{\"a\":{\"terms\":[\"y\"]}}}", &err);
    zc_tap_ok(t, !e && strstr(err.message, "defined twice"), "lexicon: a name defined twice is rejected");

    /* a composed term: every term of one list followed by every term of the other */
    const char *composed =
        "{\"lexicons\":{\"part\":{\"terms\":[\"关节\",\"腰部\"]},\"ache\":{\"terms\":[\"疼痛\",\"酸痛\"]},"
        "\"sym\":{\"terms\":[\"@part+@ache\"]}},\"rules\":[" R("c.sym", "medical_claim", "error",
                                                               "\"terms\":[\"@sym\",\"@part+僵硬\"]") "]}";
    e = engine_of(composed, NULL, &err);
    zc_tap_ok(t, e != NULL, "lexicon: a composed term \"@a+@b\" compiles");
    if (e) {
        zc_tap_str(t, run(e, "缓解腰部酸痛和关节僵硬", NULL), "general|c.sym@2-6;c.sym@7-11",
                   "lexicon: \"@a+@b\" is the product of a and b, and a part may be a literal");
        zc_tap_str(t, run(e, "腰部和关节", NULL), "general|", "lexicon: a composed term needs both parts, in order");
        zc_engine_free(e);
    }
    e = engine_of("{\"lexicons\":{\"a\":{\"terms\":[\"x\"]},\"b\":{\"terms\":[\"@a+@a+@a\"]}}}", NULL, &err);
    zc_tap_ok(t, !e && strstr(err.message, "two parts"), "lexicon: a composed term of three parts is refused");
    e = engine_of("{\"lexicons\":{\"b\":{\"terms\":[\"@a+@nope\"]},\"a\":{\"terms\":[\"x\"]}}}", NULL, &err);
    zc_tap_ok(t, !e && strstr(err.message, "unknown lexicon"),
              "lexicon: an unknown part of a composed term is refused");
}

static void test_merge_and_guards(zc_tap *t)
{
    zc_error err;
    const char *rules =
        "{\"rules\":[" R("m.a", "medical_claim", "error", "\"terms\":[\"根治\"],\"negation\":true") "," R(
            "m.b", "medical_claim", "warning",
            "\"terms\":[\"失眠\"]") "," R("m.c", "medical_claim", "error",
                                          "\"terms\":[\"根治失眠\"]") "," R("o.d", "absolute_term", "error",
                                                                            "\"terms\":[\"最好\"],\"negation\":"
                                                                            "true") "," R("q.e", "unsupported_data",
                                                                                          "warning",
                                                                                          "\"terms\":[\"门店\"],"
                                                                                          "\"near\":{\"patterns\":["
                                                                                          "\"quantity\"],"
                                                                                          "\"window\":3,\"extend\":"
                                                                                          "true}") "]}";
    zc_engine *e = engine_of(rules, NULL, &err);
    zc_tap_ok(t, e != NULL, "merge: rules load");
    if (!e)
        return;
    zc_tap_str(t, run(e, "根治失眠", NULL), "general|m.c@0-4+m.a@0-2+m.b@2-4",
               "merge: one finding per phrase, the strongest and longest leads, the others in also");
    zc_tap_str(t, run(e, "最好最好", NULL), "general|o.d@0-2;o.d@2-4", "merge: the same term repeated stays apart");
    zc_tap_str(t, run(e, "根治 最好", NULL), "general|m.a@0-2;o.d@3-5", "merge: other families stay apart");
    zc_tap_str(t, run(e, "《最好的时光》", NULL), "general|", "title guard: a cited title is not a claim");
    zc_tap_str(t, run(e, "全国门店超5000家", NULL), "general|q.e@2-10", "quantity: 超5000家");
    zc_tap_str(t, run(e, "门店电话5000", NULL), "general|", "quantity: a bare number counts nothing");
    zc_tap_str(t, run(e, "门店1.5万家", NULL), "general|q.e@0-7", "quantity: 1.5万家");
    zc_tap_str(t, run(e, "门店 一家四口", NULL), "general|", "quantity: one is not a headcount (一家)");
    zc_tap_str(t, run(e, "门店5.1家", NULL), "general|", "quantity: a decimal without 万/亿 is not a headcount");
    char *j = json_of(e, "根治失眠");
    zc_tap_ok(t,
              j && strstr(j, "\"also\":[{\"rule_id\":\"m.a\",\"family\":\"medical_claim\",\"severity\":\"error\","
                             "\"start\":0,\"end\":2,\"basis\":\"B-m.a\"}"),
              "report: also lists the folded findings with their spans and bases");
    zc_tap_ok(t, j && strstr(j, "\"total\":1"), "report: the summary counts the phrase once");
    free(j);
    zc_engine_free(e);
}

int zc_test_grammar(zc_tap *t)
{
    test_lexicons(t);
    test_merge_and_guards(t);
    return 0;
}
