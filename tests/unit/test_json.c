/* The engine's JSON reader (core/src/json.c) against cJSON 1.7.15, which read packs and batch lines before it and
 * whose readings users' packs and pipelines rely on: on every pack and batch line of the fuzz corpora and the
 * rules, and on thousands of mutations of them, both must accept the same texts, stop at the same byte, build the
 * same values and echo them (a batch line's id) as the same bytes. cJSON is a test oracle here only; the engine
 * does not link it. Run from the repository root (tests/run.sh does). */
#define _DEFAULT_SOURCE
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "suites.h"
#include "text.h"

static int same_tree(const cJSON *c, const zc_json *z)
{
    int type = cJSON_IsFalse(c)    ? ZC_JSON_FALSE
               : cJSON_IsTrue(c)   ? ZC_JSON_TRUE
               : cJSON_IsNumber(c) ? ZC_JSON_NUMBER
               : cJSON_IsString(c) ? ZC_JSON_STRING
               : cJSON_IsArray(c)  ? ZC_JSON_ARRAY
               : cJSON_IsObject(c) ? ZC_JSON_OBJECT
                                   : ZC_JSON_NULL;
    if (type != z->type || !c->string != !z->key || (c->string && strcmp(c->string, z->key)))
        return 0;
    if (type == ZC_JSON_STRING && strcmp(c->valuestring, z->str))
        return 0;
    if (type == ZC_JSON_NUMBER && (memcmp(&c->valuedouble, &z->num, sizeof z->num) != 0 || c->valueint != z->num_int))
        return 0;
    const cJSON *ci = c->child;
    const zc_json *zi = z->child;
    for (; ci && zi; ci = ci->next, zi = zi->next)
        if (!same_tree(ci, zi))
            return 0;
    return !ci && !zi;
}

/* cJSON prints invalid UTF-8 as it is; batch.c always turned each bad byte into U+FFFD after printing */
static char *repaired(const char *s)
{
    size_t n = strlen(s), bad;
    uint32_t *cps = malloc((n + 1) * sizeof *cps);
    char *out = malloc(n * 4 + 1);
    size_t k = zc_utf8_decode((const unsigned char *)s, n, cps, &bad), o = 0;
    for (size_t i = 0; i < k; i++)
        o += zc_utf8_encode(cps[i], out + o);
    out[o] = 0;
    free(cps);
    return out;
}

typedef struct stats {
    size_t inputs, accepted, mismatches;
    char first[160];
} stats;

static void compare(stats *st, zc_json_doc *doc, const char *data, size_t len, const char *what)
{
    const char *cend = NULL;
    cJSON *c = cJSON_ParseWithLengthOpts(data, len, &cend, 0);
    size_t end = 0, pos = 0;
    int nomem;
    const zc_json *z = zc_json_parse(doc, data, len, &end, &pos, &nomem);
    st->inputs++;
    int ok;
    if (!c || !z) {
        ok = !c && !z && (size_t)(cend - data) == pos;
    } else {
        ok = (size_t)(cend - data) == end && same_tree(c, z);
        char *cp = cJSON_PrintUnformatted(c);
        zc_buf b = {0};
        zc_json_print(&b, z);
        char *want = cp ? repaired(cp) : NULL;
        ok = ok && want && b.data && strcmp(want, b.data) == 0;
        free(want);
        free(cp);
        free(b.data);
        st->accepted++;
    }
    cJSON_Delete(c);
    if (!ok && !st->mismatches++)
        snprintf(st->first, sizeof st->first, "%s (%zu bytes)", what, len);
}

/* Every byte-level neighbour that matters to a JSON reader: each byte replaced by one of a few structural or
 * escape bytes, deleted, or the text cut there (sampled for long texts). */
static void mutations(stats *st, zc_json_doc *doc, const char *data, size_t len, const char *what, uint32_t *seed)
{
    static const char subst[] = "\"\\u[]{},:0-e.+ \tD8C\x00\xEF\x80/n";
    char *m = malloc(len + 1);
    size_t tries = len < 400 ? len : 100;
    for (size_t t = 0; t < tries && m; t++) {
        *seed = *seed * 1103515245u + 12345u;
        size_t i = len < 400 ? t : (*seed >> 8) % len;
        char r = subst[(*seed >> 20) % (sizeof subst - 1)];
        memcpy(m, data, len);
        m[i] = r;
        compare(st, doc, m, len, what);
        memcpy(m, data, i);
        memcpy(m + i, data + i + 1, len - i - 1);
        compare(st, doc, m, len - 1, what);
        compare(st, doc, data, i, what);
    }
    free(m);
}

static void each_file(stats *st, zc_json_doc *doc, const char *dir, int lines, int mutate, uint32_t *seed)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) /* rules/data and other folders */
            continue;
        size_t len;
        char *data = zc_test_slurp(path, &len);
        if (!data)
            continue;
        if (!lines) {
            compare(st, doc, data, len, path);
            if (mutate && len < 20000)
                mutations(st, doc, data, len, path, seed);
        } else {
            for (size_t a = 0; a < len;) {
                const char *nl = memchr(data + a, '\n', len - a);
                size_t b = nl ? (size_t)(nl - data) : len;
                compare(st, doc, data + a, b - a, path);
                if (mutate)
                    mutations(st, doc, data + a, b - a, path, seed);
                a = b + 1;
            }
        }
        free(data);
    }
    if (d)
        closedir(d);
}

int zc_test_json(zc_tap *t)
{
    stats st = {0};
    zc_json_doc doc = {0};
    uint32_t seed = 12345;
    each_file(&st, &doc, "rules", 0, 0, &seed);
    each_file(&st, &doc, "tests/fuzz/corpus/pack", 0, 1, &seed);
    each_file(&st, &doc, "tests/fuzz/regressions/pack", 0, 1, &seed);
    each_file(&st, &doc, "tests/fuzz/corpus/batch", 1, 1, &seed);
    each_file(&st, &doc, "tests/fuzz/regressions/batch", 1, 1, &seed);
    static const char *const cases[] = {"",
                                        " ",
                                        "\xEF\xBB\xBF{}",
                                        "\xEF\xBB\xBF{} ",
                                        "01",
                                        "1.",
                                        "-.5",
                                        "1e",
                                        "1e+",
                                        "-",
                                        "--1",
                                        "1.5.3",
                                        "[1,]",
                                        "{\"a\":1,}",
                                        "{\"a\" 1}",
                                        "[",
                                        "{",
                                        "[ ",
                                        "{ ",
                                        "\"\\uD800\\uDC00\"",
                                        "\"\\uDC00\"",
                                        "\"\\uD800\"",
                                        "\"\\uD800x\"",
                                        "\"\\uZZZZ\"",
                                        "\"\\u12\"",
                                        "\"\\",
                                        "\"a\\\"",
                                        "[1e999,-1e999,1e-999]",
                                        "[0.1,1e21,123456789012]",
                                        "{\"id\":\"\\u2028\\b\\f\\u007f\x7f\"}",
                                        "{\"a\"\x01:\x00 1}",
                                        "\"\x01\x1f\"",
                                        "[\"\xff\xc0\xe4\xb8\"]",
                                        "[1,2,3]x",
                                        "nul",
                                        "tru",
                                        "[null,true,false]",
                                        "{\"k\":{\"k\":[{}]}}"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        compare(&st, &doc, cases[i], strlen(cases[i]), cases[i]);
    char *deep = malloc(2100);
    for (size_t n = 998; n <= 1002 && deep; n++) { /* around the depth limit */
        memset(deep, '[', n);
        memset(deep + n, ']', n);
        compare(&st, &doc, deep, 2 * n, "deep");
        compare(&st, &doc, deep, n, "deep, unclosed");
    }
    free(deep);
    zc_json_doc_free(&doc);
    char name[320];
    snprintf(name, sizeof name, "json: same reading as cJSON on %zu texts (%zu accepted)%s%s", st.inputs, st.accepted,
             st.mismatches ? "; first mismatch: " : "", st.first);
    zc_tap_ok(t, st.inputs > 50000 && st.mismatches == 0, name);
    return 0;
}
