/* Differential test of the scratch paths against the plain ones (bench/batch-diff.sh):
 *   - zc_batch_line_json (one scratch, its JSON document reused line after line) against zc_batch_line (a fresh
 *     scratch per line);
 *   - zc_check_json (report JSON written from the candidates, scratch reused) against
 *     zc_report_json(zc_check(...)).
 * Input: JSONL files; every line is also mutated (escapes, whitespace, ids, categories, duplicate keys, random
 * bytes) with a fixed seed. Prints the number of lines compared and exits 1 at the first difference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "zicha.h"

static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static long compared;

static int diff_batch(const zc_engine *e, zc_scratch *a, zc_scratch *b, const char *line, size_t len, const char *cat)
{
    size_t na = 0, nb = 0;
    const char *x = zc_batch_line_json(e, a, line, len, cat, &na);
    char *y = zc_batch_line(e, line, len, cat);
    (void)b;
    nb = y ? strlen(y) : 0;
    compared++;
    int bad = !x || !y || na != nb || memcmp(x, y, na) != 0;
    if (bad)
        fprintf(stderr, "batch DIFFERENT for line: %.*s\n scratch: %.*s\n fresh: %.*s\n", (int)len, line,
                x ? (int)na : 4, x ? x : "NULL", y ? (int)nb : 4, y ? y : "NULL");
    free(y);
    return bad;
}

static int diff_check(const zc_engine *e, zc_scratch *a, const char *text, size_t len, const zc_options *opt)
{
    zc_error err;
    size_t n = 0;
    const char *x = zc_check_json(e, a, text, len, opt, &n, &err);
    zc_report *r = zc_check(e, text, len, opt, &err);
    char *y = r ? zc_report_json(r) : NULL;
    compared++;
    int bad = (x == NULL) != (y == NULL) || (x && (strlen(y) != n || memcmp(x, y, n) != 0));
    if (bad)
        fprintf(stderr, "check DIFFERENT for text: %.*s\n new: %s\n old: %s\n", (int)len, text, x ? x : "NULL",
                y ? y : "NULL");
    free(y);
    zc_report_free(r);
    return bad;
}

/* Appends a mutation of `line` to out (cap bytes); returns its length. */
static size_t mutate(const char *line, size_t len, char *out, size_t cap, int kind)
{
    static const char *const inserts[] = {
        "\\n",     "\\t", "\\\"", "\\\\", "\\/",  "\\u00e9", "\\u6700",  "\\u0000", "\\ud83d\\ude00",
        "\\ud800", " ",   "\t",   "\r",   "\x01", "\xff",    "\xe4\xb8", "\\u2028", "\\b",
        "\\f",     "\\x", "\"",   "}",    "{",    ",",       ":",        "\\u004"};
    static const char *const prefixes[] = {
        "{\"id\":7,",
        "{\"id\":-12,",
        "{\"id\":0,",
        "{\"id\":01,",
        "{\"id\":1.5,",
        "{\"id\":12345678901,",
        "{\"id\":true,",
        "{\"id\":null,",
        "{\"id\":\"a\\\"b\",",
        "{\"id\":\"\xe4\xb8\xad\",",
        "{\"id\":\"\xff\",",
        "{\"id\":[1],",
        "{\"category\":\"food\",",
        "{\"category\":\"nope\",",
        "{\"category\":null,",
        "{\"category\":\"\",",
        "{\"category\":3,",
        "{\"text\":\"最好\",",
        "{\"extra\":{\"a\":1},",
        "{\"extra\":-0,",
        "{\"extra\":\"x\\u0000\",",
        "\xef\xbb\xbf{",
        " \t{",
        "{\"i\\u0064\":5,",
        "{ \"id\" : \"sp\" , ",
    };
    size_t k = 0;
#define PUT(s, n)                                                                                                      \
    do {                                                                                                               \
        size_t n_ = (n);                                                                                               \
        if (k + n_ < cap) {                                                                                            \
            memcpy(out + k, (s), n_);                                                                                  \
            k += n_;                                                                                                   \
        }                                                                                                              \
    } while (0)
    if (kind == 0 && len > 1 && line[0] == '{') { /* a prefix key before the line's own keys */
        const char *p = prefixes[rnd(sizeof prefixes / sizeof *prefixes)];
        PUT(p, strlen(p));
        PUT(line + 1, len - 1);
    } else if (kind == 1) { /* insertions at random places */
        size_t pos = len ? rnd((unsigned)len) : 0;
        PUT(line, pos);
        const char *s = inserts[rnd(sizeof inserts / sizeof *inserts)];
        PUT(s, strlen(s));
        PUT(line + pos, len - pos);
    } else if (kind == 2) { /* insertion inside the text value */
        const char *t = strstr(line, "\"text\":\"");
        size_t pos = t ? (size_t)(t - line) + 8 : 0;
        PUT(line, pos);
        const char *s = inserts[rnd(12)];
        PUT(s, strlen(s));
        PUT(line + pos, len - pos);
    } else if (kind == 3) { /* trailing things */
        static const char *const tails[] = {" ", "\t\r", " x", "{}", ",", "\\", "\r\n"};
        PUT(line, len);
        const char *s = tails[rnd(sizeof tails / sizeof *tails)];
        PUT(s, strlen(s));
    } else if (kind == 4 && len) { /* cut short */
        PUT(line, rnd((unsigned)len));
    } else { /* a random byte flipped */
        PUT(line, len);
        if (k)
            out[rnd((unsigned)k)] = (char)rnd(256);
    }
#undef PUT
    return k;
}

int main(int argc, char **argv)
{
    zc_error err;
    zc_engine *e = zc_engine_new();
    if (!e || zc_engine_add_builtin_packs(e, &err) || zc_engine_compile(e, &err)) {
        fprintf(stderr, "engine: %s\n", e ? err.message : "no memory");
        return 2;
    }
    zc_scratch *a = zc_scratch_new(), *b = zc_scratch_new();
    static const char *const cats[] = {NULL, "food", "cosmetics"};
    size_t cap = 1 << 20;
    char *line = malloc(cap), *mut = malloc(cap + 256);
    int bad = 0;
    for (int f = 1; f < argc && !bad; f++) {
        FILE *in = fopen(argv[f], "rb");
        if (!in) {
            perror(argv[f]);
            return 2;
        }
        long ln = 0;
        while (!bad && fgets(line, (int)cap, in)) {
            size_t len = strlen(line);
            ln++;
            const char *cat = cats[ln % 3];
            bad |= diff_batch(e, a, b, line, len, cat);
            for (int m = 0; m < 6 && !bad; m++) {
                size_t n = mutate(line, len, mut, cap + 256, m);
                bad |= diff_batch(e, a, b, mut, n, cat);
            }
            /* the text itself through both check paths (options vary) */
            const char *t = strstr(line, "\"text\":\"");
            if (t && !bad) {
                t += 8;
                const char *q = strchr(t, '"');
                zc_options opt = {cats[ln % 3], (zc_mode)(ln % 3), ln % 5 == 0 ? 1u : 0u};
                bad |= diff_check(e, a, t, q ? (size_t)(q - t) : strlen(t), &opt);
            }
        }
        fclose(in);
    }
    printf("%ld lines compared, %s\n", compared, bad ? "DIFFERENT" : "all identical");
    free(line);
    free(mut);
    zc_scratch_free(a);
    zc_scratch_free(b);
    zc_engine_free(e);
    return bad;
}
