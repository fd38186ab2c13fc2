/* Unit tests of the issue-6 scratch API: zc_check_json and zc_batch_line_json give the same bytes as
 * zc_report_json(zc_check()) and zc_batch_line, whatever the scratch held before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "zicha.h"

static const char PACK[] =
    "{\"pack\":\"t\",\"categories\":{\"food\":[\"零食\",\"饼干\"]},\"rules\":["
    "{\"id\":\"t.r\",\"family\":\"absolute_term\",\"severity\":\"error\",\"basis\":\"《广告法》第九条\","
    "\"message\":\"m \\\"q\\\" \\\\ "
    "\\u2028\",\"suggestion\":\"s\",\"terms\":[\"最好\",\"第一\"],\"allow\":[\"最好吃\"]},"
    "{\"id\":\"t.n\",\"family\":\"efficacy_figure\",\"severity\":\"warning\",\"basis\":\"b\",\"message\":\"n\","
    "\"suggestion\":\"s\",\"patterns\":[\"percent\"],\"negation\":true},"
    "{\"id\":\"t.a\",\"family\":\"missing_license_disclosure\",\"severity\":\"info\",\"basis\":\"b\",\"message\":\"a\","
    "\"suggestion\":\"\",\"terms\":[\"许可证\"],\"absent\":true,\"scope\":\"shop\"}]}";

static zc_engine *make(const char *pack)
{
    zc_error err;
    zc_engine *e = zc_engine_new();
    if (!e || zc_engine_add_pack(e, "t.json", pack, strlen(pack), &err) || zc_engine_compile(e, &err)) {
        zc_engine_free(e);
        return NULL;
    }
    return e;
}

/* 1 when zc_check_json gives exactly zc_report_json(zc_check()) (or both fail with the same code). */
static int same_check(const zc_engine *e, zc_scratch *s, const char *text, size_t len, const zc_options *opt)
{
    zc_error e1, e2;
    size_t n = 12345;
    const char *a = zc_check_json(e, s, text, len, opt, &n, &e1);
    zc_report *r = zc_check(e, text, len, opt, &e2);
    char *b = r ? zc_report_json(r) : NULL;
    int ok = a && b ? n == strlen(b) && strcmp(a, b) == 0 : !a && !b && e1.code == e2.code && n == 0;
    if (!ok)
        fprintf(stderr, "# scratch: %s\n# report:  %s\n", a ? a : "NULL", b ? b : "NULL");
    free(b);
    zc_report_free(r);
    return ok;
}

static int same_batch(const zc_engine *e, zc_scratch *s, const char *line, const char *cat)
{
    size_t n = 0;
    const char *a = zc_batch_line_json(e, s, line, strlen(line), cat, &n);
    char *b = zc_batch_line(e, line, strlen(line), cat);
    int ok = a && b && n == strlen(b) && strcmp(a, b) == 0;
    if (!ok)
        fprintf(stderr, "# line %s\n# scratch: %s\n# old:     %s\n", line, a ? a : "NULL", b ? b : "NULL");
    free(b);
    return ok;
}

int zc_test_scratch(zc_tap *t)
{
    zc_engine *e = make(PACK),
              *e2 = make("{\"pack\":\"u\",\"rules\":[{\"id\":\"u.x\",\"family\":\"counterfeit\","
                         "\"severity\":\"error\",\"basis\":\"b\",\"message\":\"x\",\"suggestion\":\"y\","
                         "\"terms\":[\"高仿\"]}]}");
    zc_scratch *s = zc_scratch_new();
    if (!zc_tap_ok(t, e && e2 && s, "scratch: engines and scratch created")) {
        zc_engine_free(e);
        zc_engine_free(e2);
        zc_scratch_free(s);
        return 0;
    }
    static const char *const texts[] = {
        "",
        "全网最好的零食饼干，第一",
        "最好吃的零食",
        "不是百分之九十有效",
        "有效率99%吗？",
        "最\xe2\x80\xa8好 \"第一\" \\ \t\x01\x7f",
        "最\xff\xfe好 \xe4\xb8 第一",
        "零\0食饼干最好",
        "许可证\n第二行\n第三行\n第四行\n第五行 最好 第一 最好 第一 最好 第一 最好 第一 最好 第一 最好 第一 最好 "
        "第一 最好 第一 最好 第一 最好 第一 最好 第一 最好 第一 最好 第一 最好 第一 最好 第一 最好",
    };
    static const size_t lens[] = {0, 0, 0, 0, 0, 0, 0, sizeof "零\0食饼干最好" - 1, 0}; /* 0: strlen */
    int ok = 1;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        size_t len = lens[i] ? lens[i] : strlen(texts[i]);
        zc_options opt = {NULL, ZC_MODE_AUTO, 0};
        ok &= same_check(e, s, texts[i], len, NULL);
        ok &= same_check(e, s, texts[i], len, &opt);
        opt.mode = ZC_MODE_SHOP;
        opt.max_findings = 2;
        ok &= same_check(e, s, texts[i], len, &opt);
        opt.category = "food";
        ok &= same_check(e, s, texts[i], len, &opt);
        ok &= same_check(e2, s, texts[i], len, &opt); /* one scratch, two engines, alternately */
    }
    zc_tap_ok(t, ok, "scratch: zc_check_json == zc_report_json(zc_check) on every text, mode, limit, engine");

    /* a long text first, then short ones: nothing of the long one leaks into the next reports */
    size_t big_n = 199998; /* a multiple of 6: three-byte characters, two at a time */
    char *big = malloc(big_n + 1);
    for (size_t i = 0; i + 6 <= big_n; i += 6)
        memcpy(big + i, i % 60 == 0 ? "最好" : "零食", 6);
    big[big_n] = 0;
    ok = same_check(e, s, big, strlen(big), NULL);
    zc_scratch *fresh = zc_scratch_new();
    size_t n1, n2;
    const char *a = zc_check_json(e, s, "第一", 6, NULL, &n1, &(zc_error){0});
    char *a_copy = a ? malloc(n1 + 1) : NULL;
    if (a_copy)
        memcpy(a_copy, a, n1 + 1);
    const char *b = zc_check_json(e, fresh, "第一", 6, NULL, &n2, &(zc_error){0});
    ok &= a_copy && b && n1 == n2 && strcmp(a_copy, b) == 0;
    zc_tap_ok(t, ok, "scratch: a used scratch gives the same JSON as a fresh one");
    free(a_copy);
    free(big);
    zc_scratch_free(fresh);

    /* compact findings: [rule, start, end, "match"], everything else as in the full report */
    size_t nf = 0, nc = 0;
    const char *full =
        zc_check_json(e, s, "全网最好，\"第一\"", strlen("全网最好，\"第一\""), NULL, &nf, &(zc_error){0});
    char *full_copy = full ? malloc(nf + 1) : NULL;
    if (full_copy)
        memcpy(full_copy, full, nf + 1);
    const char *comp =
        zc_check_json_compact(e, s, "全网最好，\"第一\"", strlen("全网最好，\"第一\""), NULL, &nc, &(zc_error){0});
    const char *ff = full_copy ? strstr(full_copy, "\"findings\":[") : NULL,
               *cf = comp ? strstr(comp, "\"findings\":[") : NULL;
    const char *fs = full_copy ? strstr(full_copy, "],\"summary\"") : NULL,
               *cs = comp ? strstr(comp, "],\"summary\"") : NULL;
    zc_tap_ok(t,
              ff && cf && fs && cs && ff - full_copy == cf - comp &&
                  strncmp(full_copy, comp, (size_t)(ff - full_copy)) == 0 && strcmp(fs, cs) == 0 &&
                  nc == strlen(comp) &&
                  strncmp(cf, "\"findings\":[[0,2,4,\"最好\"],[0,6,8,\"第一\"]]",
                          strlen("\"findings\":[[0,2,4,\"最好\"],[0,6,8,\"第一\"]]")) == 0,
              "scratch: compact report = full report with [rule, start, end, match] findings");
    free(full_copy);

    zc_error err;
    size_t n = 7;
    zc_tap_ok(t, !zc_check_json(e, NULL, "x", 1, NULL, &n, &err) && err.code == ZC_ERR_STATE && n == 0,
              "scratch: NULL scratch is an error, not a crash");
    zc_options bad = {"nope", ZC_MODE_AUTO, 0};
    zc_tap_ok(t, !zc_check_json(e, s, "x", 1, &bad, NULL, &err) && err.code == ZC_ERR_CATEGORY,
              "scratch: unknown category refused");
    zc_tap_ok(t, !zc_check_json(e, s, "x", ZC_MAX_TEXT_BYTES + 1u, NULL, NULL, &err) && err.code == ZC_ERR_TOO_LARGE,
              "scratch: text over 16 MB refused");
    zc_engine *raw = zc_engine_new();
    zc_tap_ok(t, !zc_check_json(raw, s, "x", 1, NULL, NULL, &err) && err.code == ZC_ERR_STATE,
              "scratch: uncompiled engine refused");
    zc_engine_free(raw);

    static const char *const lines[] = {
        "{\"id\":7,\"text\":\"全网最好\"}",
        "{\"id\":\"a-1\",\"text\":\"\\u6700\\u597d\\n\\\"\\/\\t\",\"category\":\"food\"}",
        "  {\"text\":\"第一\" , \"id\" : -42 ,\"extra\":\"x\",\"n\":3,\"b\":true}  \r\n",
        "{\"id\":null,\"text\":\"零食\",\"category\":null}",
        "{\"id\":1.5,\"text\":\"最好\"}",
        "{\"id\":\"\xe4\xb8\xad\",\"text\":\"最好\"}",
        "{\"id\":\"\xff\",\"text\":\"最好\"}",
        "{\"id\":3,\"text\":\"a\\u0000最好\"}",
        "{\"id\":3,\"text\":\"\\ud83d\\ude00最好\"}",
        "{\"id\":4,\"text\":\"最好\",\"text\":\"第一\"}",
        "{\"id\":5,\"text\":\"最好\",\"category\":\"nope\"}",
        "{\"id\":6,\"text\":\"最好\"} {\"id\":7}",
        "{\"id\":8,\"txt\":\"最好\"}",
        "[1,2]",
        "{oops",
        "",
        "{\"id\":9,\"text\":\"最好\",\"x\":{\"y\":[1]}}",
    };
    ok = 1;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        ok &= same_batch(e, s, lines[i], NULL);
        ok &= same_batch(e, s, lines[i], "cosmetics");
    }
    zc_tap_ok(t, ok, "scratch: zc_batch_line_json == zc_batch_line (fast and general paths, errors)");
    a = zc_batch_line_json(e, s, "{\"id\":7,\"text\":\"最好\"}\r\n", 26, NULL, &n);
    zc_tap_ok(t, a && n == strlen(a) && strncmp(a, "{\"id\":7,\"category\":\"general\"", 28) == 0 && a[n - 1] == '}',
              "scratch: batch line: CRLF dropped, no newline out, length given");
    zc_tap_ok(t, !zc_batch_line_json(e, NULL, "{}", 2, NULL, &n) && n == 0, "scratch: batch with NULL scratch");

    zc_scratch_free(s);
    zc_scratch_free(NULL);
    zc_engine_free(e);
    zc_engine_free(e2);
    return 0;
}
