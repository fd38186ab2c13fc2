/* Unit tests of the text pipeline: UTF-8, normalisation, offsets, matcher, patterns, rule loading and logic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "matcher.h"
#include "patterns.h"
#include "suites.h"
#include "text.h"
#include "zicha.h"

/* ---- helpers ---- */

static zc_engine *engine_from(const char *json, zc_error *err)
{
    zc_engine *e = zc_engine_new();
    if (zc_engine_add_pack(e, "test.json", json, strlen(json), err) || zc_engine_compile(e, err)) {
        zc_engine_free(e);
        return NULL;
    }
    return e;
}

/* Checks `text` and renders "rule@start-end:match;..." for compact assertions. */
static char *findings(const zc_engine *e, const char *text, const char *category)
{
    static char out[4096];
    zc_error err;
    zc_options opt = {category, ZC_MODE_AUTO, 0};
    zc_report *r = zc_check(e, text, strlen(text), &opt, &err);
    if (!r) {
        snprintf(out, sizeof out, "ERROR:%s", err.message);
        return out;
    }
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; i < zc_report_count(r) && k < sizeof out - 200; i++) {
        const zc_finding *f = zc_report_finding(r, i);
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s@%zu-%zu:%s", i ? ";" : "", f->rule_id, f->start, f->end,
                              f->match);
    }
    zc_report_free(r);
    return out;
}

#define RULE(extra)                                                                                                    \
    "{\"id\":\"t.r\",\"family\":\"absolute_term\",\"severity\":\"error\",\"basis\":\"b\",\"message\":\"m\","           \
    "\"suggestion\":\"s\"," extra "}"
#define PACK(a) "{\"rules\":[" a "]}"
#define PACK2(a, b) "{\"rules\":[" a "," b "]}"
#define PACK3(a, b, c) "{\"rules\":[" a "," b "," c "]}"

/* ---- UTF-8 ---- */

static void test_utf8(zc_tap *t)
{
    uint32_t out[32];
    size_t bad;
    size_t n = zc_utf8_decode((const unsigned char *)"a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80", 10, out, &bad);
    zc_tap_int(t, (long)n, 4, "utf8: ASCII, 2-, 3- and 4-byte sequences decode to 4 code points");
    zc_tap_ok(t, out[1] == 0xE9 && out[2] == 0x4E2D && out[3] == 0x1F600 && bad == 0, "utf8: values are right");
    n = zc_utf8_decode((const unsigned char *)"\xFF"
                                              "a\xE4\xB8",
                       4, out, &bad);
    zc_tap_ok(t, n == 4 && out[0] == 0xFFFD && out[1] == 'a' && out[2] == 0xFFFD && out[3] == 0xFFFD && bad == 3,
              "utf8: invalid and truncated bytes become one U+FFFD each");
    n = zc_utf8_decode((const unsigned char *)"\xC0\xAF\xED\xA0\x80", 5, out, &bad);
    zc_tap_ok(t, n == 5 && bad == 5, "utf8: overlong forms and surrogates are rejected byte by byte");
    char buf[8];
    zc_tap_int(t, (long)zc_utf8_encode(0x4E2D, buf), 3, "utf8: encode 中 in 3 bytes");
    zc_tap_ok(t, memcmp(buf, "\xE4\xB8\xAD", 3) == 0, "utf8: encode gives the right bytes");
}

/* ---- normalisation ---- */

static uint32_t fold1(uint32_t cp)
{
    return zc_fold_char(cp).cp[0];
}

static void test_normalise(zc_tap *t)
{
    zc_tap_ok(t, fold1(0xFF21) == 'a' && fold1('Q') == 'q', "fold: full-width and case folding");
    zc_tap_ok(t, fold1(0x7DB2) == 0x7F51, "fold: traditional 網 → simplified 网 (OpenCC table)");
    zc_tap_ok(t,
              fold1(0x2460) == '1' && fold1(0x2474) == '1' && fold1(0x278A) == '1' && fold1(0x58F9) == '1' &&
                  fold1(0x4E00) == '1' && fold1(0xFF11) == '1' && fold1(0x1D7CF) == '1',
              "fold: digit styles ① ⑴ ➊ 壹 一 １ 𝟏 → 1");
    zc_fold f = zc_fold_char(0x2469); /* ⑩ */
    zc_tap_ok(t, f.n == 2 && f.cp[0] == '1' && f.cp[1] == '0', "fold: ⑩ → \"10\"");
    zc_tap_ok(t,
              zc_fold_char(' ').cls == ZC_SKIP && zc_fold_char(0x200B).cls == ZC_SKIP &&
                  zc_fold_char('*').cls == ZC_SKIP && zc_fold_char(0x1F525).cls == ZC_SKIP &&
                  zc_fold_char(0xFF0C).cls == ZC_SKIP,
              "fold: space, zero-width, symbols, emoji and commas are separators");
    zc_tap_ok(t,
              zc_fold_char(0x3002).cls == ZC_STOP && zc_fold_char('\n').cls == ZC_STOP &&
                  zc_fold_char(0xFF01).cls == ZC_STOP && zc_fold_char(0xFF1F).cls == ZC_STOP,
              "fold: 。 ！ ？ and line breaks end sentences");
    uint32_t *table = zc_fold_table_new();
    int same = table != NULL;
    for (uint32_t cp = 0; same && cp < 65536; cp++) {
        zc_fold a = zc_fold_char(cp);
        same = (table[cp] >> 23 & 1u)
                   ? a.n == 2
                   : (a.n == 1 && a.cp[0] == (table[cp] & 0x1FFFFFu) && a.cls == (table[cp] >> 21 & 3u));
    }
    zc_tap_ok(t, same, "fold table: agrees with zc_fold_char on the whole BMP");
    free(table);
    zc_fold sq = zc_fold_char(0x33A1);
    zc_tap_ok(t, sq.n == 2 && sq.cp[0] == 'm' && sq.cp[1] == '2' && sq.cls == ZC_WORD, "fold: ㎡ → m2");
    size_t n;
    uint32_t *term = zc_fold_term("N O.１", 7, &n);
    zc_tap_ok(t, term && n == 3 && term[0] == 'n' && term[1] == 'o' && term[2] == '1',
              "fold_term: \"N O.１\" → \"no1\"");
    free(term);
}

/* ---- matcher ---- */

typedef struct collect {
    char s[512];
    size_t k;
} collect;

static int on_hit(void *ctx, const zc_hit *h)
{
    collect *c = ctx;
    c->k += (size_t)snprintf(c->s + c->k, sizeof c->s - c->k, "%d@%u-%u ", h->pattern, h->start, h->end);
    return 0;
}

static void add_ascii(zc_matcher *m, const char *s)
{
    uint32_t cps[32];
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        cps[i] = (unsigned char)s[i];
    zc_matcher_add(m, cps, n);
}

static void test_matcher(zc_tap *t)
{
    zc_matcher *m = zc_matcher_new();
    add_ascii(m, "he");
    add_ascii(m, "she");
    add_ascii(m, "his");
    add_ascii(m, "hers");
    zc_tap_ok(t, zc_matcher_compile(m) == 0, "matcher: compiles");
    uint32_t cps[16];
    const char *text = "ushers";
    for (size_t i = 0; i < 6; i++)
        cps[i] = (unsigned char)text[i];
    zc_ntext nt;
    zc_ntext_build(&nt, cps, 6, NULL);
    uint32_t scratch[16];
    collect c = {{0}, 0};
    zc_matcher_scan(m, &nt, scratch, on_hit, &c);
    zc_tap_str(t, c.s, "1@1-3 0@2-3 3@2-5 ", "matcher: classic she/he/hers overlaps all reported");
    zc_ntext_free(&nt);
    /* a STOP resets the automaton, a SKIP is transparent */
    const uint32_t t2[] = {'s', 0x3002, 'h', 'e', ' ', 'r', 's'};
    zc_ntext_build(&nt, t2, 7, NULL);
    c.k = 0;
    c.s[0] = 0;
    zc_matcher_scan(m, &nt, scratch, on_hit, &c);
    zc_tap_str(t, c.s, "0@2-3 3@2-6 ", "matcher: no match across 。, separators skipped");
    zc_ntext_free(&nt);
    zc_matcher_free(m);
}

/* ---- patterns ---- */

static int on_span(void *ctx, zc_span s)
{
    collect *c = ctx;
    c->k += (size_t)snprintf(c->s + c->k, sizeof c->s - c->k, "%u-%u ", s.start, s.end);
    return 0;
}

static const char *spans_of(int kind, const char *utf8)
{
    static collect c;
    uint32_t cps[256];
    size_t n = zc_utf8_decode((const unsigned char *)utf8, strlen(utf8), cps, NULL);
    zc_ntext nt;
    zc_ntext_build(&nt, cps, n, NULL);
    c.k = 0;
    c.s[0] = 0;
    zc_pattern_scan(kind, utf8, strlen(utf8), &nt, on_span, &c);
    zc_ntext_free(&nt);
    return c.s;
}

static void test_patterns(zc_tap *t)
{
    zc_tap_str(t, spans_of(ZC_PAT_PERCENT, "有效率99.9%，复购率八十％"), "3-7 ", "percent: 99.9% (not 八十 without %)");
    zc_tap_str(t, spans_of(ZC_PAT_PERCENT, "百分之九十的人"), "0-4 ",
               "percent: 百分之九十 (digits folded, magnitude kept)");
    zc_tap_str(t, spans_of(ZC_PAT_PERCENT, "有效率百分之九十八"), "3-8 ", "percent: 百分之九十八 in full");
    zc_tap_str(t, spans_of(ZC_PAT_PRICE, "原价¥199，现价99元"), "2-5 9-11 ", "price: ¥199 and 99元");
    zc_tap_str(t, spans_of(ZC_PAT_DURATION, "三天见效，24小时发货"), "0-1 5-8 ", "duration: 三天, 24小时");
    zc_tap_str(t, spans_of(ZC_PAT_MULTIPLE, "吸收提升10倍"), "4-6 ", "multiple: 10倍");
    zc_tap_str(t, spans_of(ZC_PAT_DATE, "活动截至2024年5月1日"), "4-12 ", "date: 2024年5月1日");
    zc_tap_str(t, spans_of(ZC_PAT_USCC, "代码 9144030071526726XG 号"), "3-20 ", "uscc: an 18-character code shape");
}

/* ---- packs: loading errors ---- */

static void test_pack_errors(zc_tap *t)
{
    zc_error err;
    zc_engine *e = engine_from("{\"rules\": [\n  {\"id\": \"x\",, }\n]}", &err);
    zc_tap_ok(t, !e && err.code == ZC_ERR_PACK_SYNTAX && strstr(err.message, "test.json:2:"),
              "pack: invalid JSON reports file:line:col");
    e = engine_from("{\"rules\":[{\"id\":\"a.b\",\"family\":\"nonsense\",\"severity\":\"error\",\"basis\":\"b\","
                    "\"message\":\"m\",\"suggestion\":\"s\",\"terms\":[\"x\"]}]}",
                    &err);
    zc_tap_ok(t,
              !e && err.code == ZC_ERR_PACK_SCHEMA && strstr(err.message, "\"a.b\"") && strstr(err.message, "family"),
              "pack: unknown family names the rule and the field");
    e = engine_from(PACK(RULE("\"terms\":[\"x\"],\"categoryz\":[]")), &err);
    zc_tap_ok(t, !e && strstr(err.message, "categoryz"), "pack: unknown field is named");
    e = engine_from(PACK(RULE("\"terms\":[\"x\"],\"categories\":[\"cars\"]")), &err);
    zc_tap_ok(t, !e && strstr(err.message, "categories"), "pack: unknown category is rejected");
    e = engine_from(PACK(RULE("\"terms\":[\"***\"]")), &err);
    zc_tap_ok(t, !e && strstr(err.message, "terms"), "pack: a term with nothing to match is rejected");
    e = engine_from(PACK2(RULE("\"terms\":[\"x\"]"), RULE("\"terms\":[\"y\"]")), &err);
    zc_tap_ok(t, !e && strstr(err.message, "duplicate"), "pack: duplicate rule id is rejected");
    e = engine_from(PACK(RULE("\"terms\":[\"x\"],\"examples\":{\"match\":[{\"text\":\"abc\",\"match\":\"z\"}]}")),
                    &err);
    zc_tap_ok(t, !e && strstr(err.message, "examples.match"), "pack: a match that is not in its text is rejected");
    e = engine_from("[1,2]", &err);
    zc_tap_ok(t, !e && err.code == ZC_ERR_PACK_SCHEMA, "pack: a non-object pack is rejected");
    e = engine_from(PACK(RULE("\"terms\":[\"x\"]")) " trailing", &err);
    zc_tap_ok(t, !e && err.code == ZC_ERR_PACK_SYNTAX, "pack: text after the JSON value is rejected");

    /* gzip: a valid pack loads; a corrupt one is a clear error */
    const char *json = PACK(RULE("\"terms\":[\"最好\"]"));
    unsigned char gz[1024];
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (unsigned char *)json;
    zs.avail_in = (uInt)strlen(json);
    zs.next_out = gz;
    zs.avail_out = sizeof gz;
    deflate(&zs, Z_FINISH);
    size_t gzlen = sizeof gz - zs.avail_out;
    deflateEnd(&zs);
    e = zc_engine_new();
    zc_status st = zc_engine_add_pack(e, "p.json.gz", gz, gzlen, &err);
    zc_tap_ok(t, st == ZC_OK && zc_engine_compile(e, &err) == ZC_OK && zc_engine_rule_count(e) == 1,
              "pack: gzip-compressed pack loads");
    zc_engine_free(e);
    e = zc_engine_new();
    st = zc_engine_add_pack(e, "p.json.gz", gz, gzlen / 2, &err);
    zc_tap_ok(t, st == ZC_ERR_PACK_GZIP && strstr(err.message, "p.json.gz"), "pack: truncated gzip is a clear error");
    /* a failed pack leaves the engine usable */
    zc_tap_ok(t,
              zc_engine_add_pack(e, "ok.json", json, strlen(json), &err) == ZC_OK &&
                  zc_engine_compile(e, &err) == ZC_OK && zc_engine_rule_count(e) == 1,
              "pack: the engine stays usable after a failed pack");
    zc_engine_free(e);

    /* a gzip bomb: 20 MB of spaces compress to ~20 KB (ratio ~1000) */
    size_t big = 20u << 20;
    char *spaces = malloc(big);
    memset(spaces, ' ', big);
    uLongf cap = compressBound((uLong)big) + 64;
    unsigned char *bomb = malloc(cap);
    memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (unsigned char *)spaces;
    zs.avail_in = (uInt)big;
    zs.next_out = bomb;
    zs.avail_out = (uInt)cap;
    deflate(&zs, Z_FINISH);
    size_t bomblen = cap - zs.avail_out;
    deflateEnd(&zs);
    e = zc_engine_new();
    st = zc_engine_add_pack(e, "bomb.json.gz", bomb, bomblen, &err);
    zc_tap_ok(t, st == ZC_ERR_PACK_GZIP && strstr(err.message, "expands"), "pack: absurd gzip expansion is refused");
    zc_engine_free(e);
    free(spaces);
    free(bomb);
}

/* \u escapes, deep nesting and exponents in a pack give the same rules as the plain spelling. */
static void test_pack_json_paths(zc_tap *t)
{
    zc_error err;
    const char *text = "这是最好的面膜，全网第一";
    zc_engine *a =
        engine_from(PACK(RULE("\"terms\":[\"最好\",\"第一\"],\"near\":{\"terms\":[\"面膜\"],\"window\":10}")), &err);
    zc_engine *b = engine_from(PACK(RULE("\"\\u0074erms\":[\"\\u6700\\u597d\",\"第一\"],"
                                         "\"near\":{\"terms\":[\"面膜\"],\"window\":10}")),
                               &err);
    char deep[256], pack[1024];
    memset(deep, '[', 70);
    memset(deep + 70, ']', 70);
    deep[140] = 0;
    snprintf(pack, sizeof pack,
             PACK(RULE("\"terms\":[\"最好\",\"第一\"],\"near\":{\"terms\":[\"面膜\"],\"window\":1e1},\"note\":%s")),
             deep);
    zc_engine *c = engine_from(pack, &err);
    int ok = a && b && c;
    if (ok) {
        char fa[4096];
        snprintf(fa, sizeof fa, "%s", findings(a, text, "general"));
        ok = strcmp(fa, findings(b, text, "general")) == 0 && strcmp(fa, findings(c, text, "general")) == 0 &&
             strstr(fa, "t.r@2-4:最好") != NULL;
    }
    zc_tap_ok(t, ok, "pack: \\u escapes, exponents and deep nesting load the same rules");
    zc_engine_free(a);
    zc_engine_free(b);
    zc_engine_free(c);
    zc_engine *e = engine_from(PACK(RULE("\"terms\":[\"x\"],\"near\":{\"terms\":[\"y\"],\"window\":10.5.3}")), &err);
    zc_tap_ok(t, !e && err.code == ZC_ERR_PACK_SYNTAX, "pack: a malformed number is invalid JSON");
    e = engine_from(PACK(RULE("\"terms\":[\"x\"],\"near\":{\"terms\":[\"y\"],\"window\":1.5}")), &err);
    zc_tap_ok(t, !e && err.code == ZC_ERR_PACK_SCHEMA && strstr(err.message, "window"),
              "pack: a fractional window is rejected");
    e = engine_from(PACK(RULE("\"terms\":[\"x\\ty\"]")), &err);
    zc_tap_ok(t, e != NULL && zc_engine_rule(e, 0) && strcmp(zc_engine_rule(e, 0)->terms[0], "x\ty") == 0,
              "pack: escapes in strings are decoded");
    zc_engine_free(e);
}

/* ---- rule logic ---- */

static void test_rules(zc_tap *t)
{
    zc_error err;
    zc_engine *e = engine_from(PACK(RULE("\"terms\":[\"最好\",\"第一\",\"NO.1\"],\"allow\":[\"第一次\",\"最好在\"],"
                                         "\"negation\":true")),
                               &err);
    zc_tap_ok(t, e != NULL, "rules: absolute pack compiles");
    if (!e)
        return;
    zc_tap_str(t, findings(e, "全网最好的面膜", NULL), "t.r@2-4:最好", "rules: 最好 at [2,4)");
    zc_tap_str(t, findings(e, "全网最 好", NULL), "t.r@2-5:最 好", "offsets: a space inside is covered");
    zc_tap_str(t, findings(e, "全網最好", NULL), "t.r@2-4:最好", "offsets: traditional text");
    zc_tap_str(t, findings(e, "全网最\xE2\x80\x8B好", NULL), "t.r@2-5:最\xE2\x80\x8B好", "offsets: zero-width inside");
    zc_tap_str(t, findings(e, "全网最。好", NULL), "", "sentence boundary: 最。好 is not 最好");
    zc_tap_str(t, findings(e, "第一次购买", NULL), "", "allow: 第一次 suppresses 第一");
    zc_tap_str(t, findings(e, "第1次购买，销量第①", NULL), "t.r@8-10:第①", "allow works on folded digits too");
    zc_tap_str(t, findings(e, "开封后最好在3天内吃完", NULL), "", "allow: 最好在 (advice, not a claim)");
    zc_tap_str(t, findings(e, "这不是最好的", NULL), "", "negation: 不是最好");
    zc_tap_str(t, findings(e, "哪款最好？", NULL), "", "question: 哪款最好？");
    zc_tap_str(t, findings(e, "并不能说最好", NULL), "", "negation: two characters between cue and term");
    zc_tap_str(t, findings(e, "国货NO.1", NULL), "t.r@2-6:NO.1", "Latin term NO.1");
    zc_tap_str(t, findings(e, "型号NO.12", NULL), "", "boundary: NO.12 is not NO.1");
    zc_tap_str(t, findings(e, "销量第一好", NULL), "t.r@2-4:第一", "two terms of one rule, apart: two findings");
    zc_tap_str(t, findings(e, "\xFF\xFE最好", NULL), "t.r@2-4:最好", "invalid UTF-8: offsets count U+FFFD");
    zc_tap_str(t, findings(e, "", NULL), "", "empty text: no findings");
    zc_engine_free(e);

    /* context window, extend, unless, categories, patterns */
    e = engine_from(PACK3("{\"id\":\"t.eff\",\"family\":\"efficacy_figure\",\"severity\":\"error\",\"basis\":\"b\","
                          "\"message\":\"m\",\"suggestion\":\"s\",\"terms\":[\"有效率\"],"
                          "\"near\":{\"patterns\":[\"percent\"],\"window\":4,\"extend\":true}}",
                          "{\"id\":\"t.data\",\"family\":\"unsupported_data\",\"severity\":\"warning\",\"basis\":\"b\","
                          "\"message\":\"m\",\"suggestion\":\"s\",\"terms\":[\"数据显示\"],"
                          "\"unless\":{\"terms\":[\"数据来源\"],\"window\":0}}",
                          "{\"id\":\"t.food\",\"family\":\"health_food_claim\",\"severity\":\"error\",\"basis\":\"b\","
                          "\"message\":\"m\",\"suggestion\":\"s\",\"terms\":[\"降血压\"],\"categories\":[\"food\"]}"),
                    &err);
    zc_tap_ok(t, e != NULL, "rules: context pack compiles");
    if (!e)
        return;
    zc_tap_str(t, findings(e, "临床有效率98%", NULL), "t.eff@2-8:有效率98%", "near+extend: 有效率98%");
    zc_tap_str(t, findings(e, "有效率很高，用户满意度达到98%", NULL), "", "near: the window is respected");
    zc_tap_str(t, findings(e, "有效率。98%", NULL), "", "near: not across a sentence boundary");
    zc_tap_str(t, findings(e, "数据显示销量增长", NULL), "t.data@0-4:数据显示", "unless: no source → finding");
    zc_tap_str(t, findings(e, "数据显示销量增长（数据来源：国家统计局）", NULL), "",
               "unless: a cited source suppresses");
    zc_tap_str(t, findings(e, "降血压", "food"), "t.food@0-3:降血压", "categories: applies in food");
    zc_tap_str(t, findings(e, "降血压", "drug"), "", "categories: not in drug");
    zc_tap_str(t, findings(e, "降血压", "cars"), "ERROR:unknown category \"cars\"", "categories: unknown is an error");
    zc_engine_free(e);
}

static void test_report(zc_tap *t)
{
    zc_error err;
    zc_engine *e = zc_engine_new();
    const char *json = "{\"categories\":{\"food\":[\"零食\",\"饼干\"],\"cosmetics\":[\"面膜\"]},"
                       "\"rules\":[" RULE("\"terms\":[\"最好\"]") "]}";
    zc_engine_add_pack(e, "t.json", json, strlen(json), &err);
    zc_tap_ok(t, zc_engine_compile(e, &err) == ZC_OK, "report: pack with category cues compiles");
    zc_report *r = zc_check(e, "最好吃的零食饼干\"礼包\"", strlen("最好吃的零食饼干\"礼包\""), NULL, &err);
    char *s = zc_report_json(r);
    zc_tap_ok(t,
              s && strstr(s, "\"category\":\"food\",\"category_detected\":true,\"category_source\":\"detected\","
                             "\"category_cues\":[\"零食\",\"饼干\"]"),
              "report: category detected from cues, with the cues");
    zc_tap_ok(t, s && strstr(s, "\"summary\":{\"error\":1,\"warning\":0,\"info\":0,\"total\":1"),
              "report: summary counts");
    free(s);
    zc_report_free(r);
    zc_options opt = {"general", ZC_MODE_AUTO, 0};
    r = zc_check(e, "零食", 6, &opt, &err);
    s = zc_report_json(r);
    zc_tap_ok(t, s && strstr(s, "\"category\":\"general\",\"category_detected\":false,\"category_source\":\"given\""),
              "report: a given category is not overridden");
    free(s);
    zc_report_free(r);

    /* max findings and many hits: a million repetitions stay linear and the report is truncated */
    size_t reps = 200000, len = reps * 6;
    char *big = malloc(len + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * 6, "最好", 6);
    big[len] = 0;
    r = zc_check(e, big, len, NULL, &err);
    zc_tap_ok(t, r && zc_report_count(r) == ZC_DEFAULT_MAX_FINDINGS && zc_report_severity_count(r, ZC_ERROR) == reps,
              "report: 200k hits counted, 1000 kept");
    zc_report_free(r);
    free(big);
    r = zc_check(e, "x", ZC_MAX_TEXT_BYTES + 1u, NULL, &err);
    zc_tap_ok(t, !r && err.code == ZC_ERR_TOO_LARGE, "limits: text over 16 MB is refused with a message");

    /* batch lines */
    const char *in = "{\"id\":7,\"text\":\"最好\"}";
    char *line = zc_batch_line(e, in, strlen(in), NULL);
    zc_tap_ok(t, line && strncmp(line, "{\"id\":7,\"category\":", 19) == 0 && strstr(line, "\"rule_id\":\"t.r\""),
              "batch: id echoed, findings present");
    free(line);
    line = zc_batch_line(e, "{\"id\":\"a\",\"txt\":1}", 18, NULL);
    zc_tap_str(t, line, "{\"id\":\"a\",\"error\":\"missing \\\"text\\\" (a string)\"}", "batch: missing text");
    free(line);
    line = zc_batch_line(e, "{oops", 5, NULL);
    zc_tap_ok(t, line && strstr(line, "\"id\":null,\"error\":\"invalid JSON"), "batch: invalid JSON line");
    free(line);
    zc_engine_free(e);
}

int zc_test_core(zc_tap *t)
{
    test_utf8(t);
    test_normalise(t);
    test_matcher(t);
    test_patterns(t);
    test_pack_errors(t);
    test_pack_json_paths(t);
    test_rules(t);
    test_report(t);
    return 0;
}
