/* Differential test: zc_ntext_decode and zc_ntext_decode_into (one set of buffers reused for all texts, as a
 * scratch does) must give exactly what zc_utf8_decode + zc_ntext_build give, on random byte strings (valid and
 * invalid UTF-8, two-character folds, astral characters; texts of 0 to ~2 KB in random order).
 * cc -Icore/src -Ibuild/gen bench/ntext-diff.c build/libzicha.a → run; exit 1 on a difference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int same_orig(const zc_ntext *a, const zc_ntext *b)
{
    for (size_t k = 0; k < a->n; k++)
        if (zc_ntext_orig(a, k) != zc_ntext_orig(b, k))
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? atol(argv[1]) : 200000, diffs = 0;
    uint32_t *table = zc_fold_table_new();
    static const char *const atoms[] = {"a",
                                        "Z",
                                        "1",
                                        " ",
                                        "\n",
                                        "。",
                                        "！",
                                        "最",
                                        "好",
                                        "國",
                                        "①",
                                        "⑩",
                                        "㎡",
                                        "Ｎ",
                                        "\xff",
                                        "\xc0\xaf",
                                        "\xed\xa0\x80",
                                        "\xe4\xb8",
                                        "\xf0\x9f\x98",
                                        "\x80",
                                        "\xef\xbf\xbd",
                                        "🐼",
                                        "𝟗",
                                        "\xe0\xa0\x80",
                                        "\xc2\xa5",
                                        "\u200b",
                                        "\xf4\x90\x80\x80"};
    size_t na = sizeof atoms / sizeof atoms[0];
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    char buf[2048];
    zc_ntext_bufs bufs = {0};
    for (long it = 0; it < iters; it++) {
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int k = (int)(x % 120);
        for (int i = 0; i < k; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *a = atoms[x % na];
            size_t l = strlen(a);
            if (len + l > sizeof buf)
                break;
            memcpy(buf + len, a, l);
            len += l;
        }
        size_t bad1 = 0, bad2 = 0, n2 = 0;
        size_t n1 = zc_utf8_decode((const unsigned char *)buf, len, NULL, NULL);
        uint32_t *c1 = malloc((n1 + 1) * sizeof *c1), *c2 = NULL;
        zc_utf8_decode((const unsigned char *)buf, len, c1, &bad1);
        zc_ntext a, b;
        if (zc_ntext_build(&a, c1, n1, (it & 1) ? table : NULL) ||
            zc_ntext_decode(&b, buf, len, (it & 1) ? table : NULL, &c2, &n2, &bad2))
            return 2;
        int same = n1 == n2 && bad1 == bad2 && a.n == b.n && a.has_digit == b.has_digit && a.n_orig == b.n_orig &&
                   !memcmp(c1, c2, n1 * sizeof *c1) && !memcmp(a.cp, b.cp, a.n * 4) && !memcmp(a.cls, b.cls, a.n) &&
                   same_orig(&a, &b) && !memcmp(a.sent, b.sent, a.n * 4);
        int dig = 0;
        for (size_t i = 0; i < a.n; i++)
            dig |= a.cp[i] >= '0' && a.cp[i] <= '9';
        same = same && dig == a.has_digit;
        if (!same && diffs++ < 5)
            printf("DIFF at iteration %ld (len %zu)\n", it, len);
        zc_ntext d;
        size_t n3 = 0, bad3 = 0;
        if (zc_ntext_decode_into(&d, buf, len, (it & 1) ? table : NULL, &bufs, &n3, &bad3))
            return 2;
        same = n1 == n3 && bad1 == bad3 && a.n == d.n && a.has_digit == d.has_digit && a.n_orig == d.n_orig &&
               d.ocp == bufs.cps && !memcmp(c1, d.ocp, n1 * sizeof *c1) && !memcmp(a.cp, d.cp, a.n * 4) &&
               !memcmp(a.cls, d.cls, a.n) && same_orig(&a, &d) && !memcmp(a.sent, d.sent, a.n * 4);
        if (!same && diffs++ < 5)
            printf("DIFF (decode_into) at iteration %ld (len %zu)\n", it, len);
        zc_ntext_free(&a);
        zc_ntext_free(&b);
        free(c1);
        free(c2);
    }
    zc_ntext_bufs_free(&bufs);
    free(table);
    printf("%ld texts, %ld differences\n", iters, diffs);
    return diffs != 0;
}
