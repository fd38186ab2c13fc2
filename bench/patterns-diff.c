/* Differential test for optimisations of the structured matchers: links the current core/src/patterns.c and an
 * older copy (compiled with its external symbols renamed to *_ref) and compares, kind by kind, the sorted spans
 * of zc_pattern_scan_ref with those of zc_pattern_scan_kinds (all kinds in one call) on random texts built from
 * the characters the matchers care about. Build and run: bench/patterns-diff.sh OLD_patterns.c [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patterns.h"

void zc_pattern_scan_ref(int kind, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn, void *ctx);

static const char *const atoms[] = {
    "0",  "1",  "2",  "3",         "4",       "5",        "6",   "7",      "8",      "9",  "0",  "1",    "9",  ".",
    ",",  " ",  "%",  "‰",         "％",      "¥",        "￥",  "$",      "元",     "块", "天", "日",   "周", "小",
    "时", "分", "钟", "个",        "月",      "年",       "秒",  "星期",   "号",     "倍", "百", "分",   "之", "十",
    "千", "万", "亿", "-",         "/",       "a",        "x",   "z",      "的",     "好", "九", "三",   "①",  "⑩",
    "１", "。", "\n", "国药准字H", "京ICP备", "91440300", "MA5", "2024年", "百分之", "\t", "Z",  "\xff", "壹"};

typedef struct spans {
    zc_span v[512];
    size_t n;
} spans;

static int on_span(void *ctx, zc_span s)
{
    spans *p = ctx;
    if (p->n < 512)
        p->v[p->n++] = s;
    return 0;
}

static int cmp(const void *a, const void *b)
{
    const zc_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    unsigned long long x = 88172645463325252ULL;
    size_t natoms = sizeof atoms / sizeof atoms[0];
    char text[2048];
    uint32_t cps[2048];
    static spans a[ZC_PAT_COUNT], b[ZC_PAT_COUNT];
    long diffs = 0, found = 0;
    for (long t = 0; t < n; t++) {
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t k = 1 + x % 120;
        for (size_t i = 0; i < k; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *s = atoms[x % natoms];
            size_t l = strlen(s);
            memcpy(text + len, s, l);
            len += l;
        }
        size_t nc = zc_utf8_decode((const unsigned char *)text, len, cps, NULL);
        zc_ntext nt;
        if (zc_ntext_build(&nt, cps, nc, NULL))
            return 2;
        void *ctxs[ZC_PAT_COUNT];
        for (int kind = 0; kind < ZC_PAT_COUNT; kind++) {
            a[kind].n = b[kind].n = 0;
            ctxs[kind] = &b[kind];
            zc_pattern_scan_ref(kind, text, len, &nt, on_span, &a[kind]);
        }
        zc_pattern_scan_kinds((1u << ZC_PAT_COUNT) - 1, text, len, &nt, on_span, ctxs);
        for (int kind = 0; kind < ZC_PAT_COUNT; kind++) {
            qsort(a[kind].v, a[kind].n, sizeof a[kind].v[0], cmp);
            qsort(b[kind].v, b[kind].n, sizeof b[kind].v[0], cmp);
            found += (long)a[kind].n;
            if (a[kind].n != b[kind].n || memcmp(a[kind].v, b[kind].v, a[kind].n * sizeof a[kind].v[0])) {
                if (diffs++ < 5)
                    printf("DIFF kind %s: %zu vs %zu spans in \"%.*s\"\n", zc_pattern_name(kind), a[kind].n, b[kind].n,
                           (int)len, text);
            }
        }
        zc_ntext_free(&nt);
    }
    printf("%ld texts, %ld spans found, %ld differences\n", n, found, diffs);
    return diffs != 0;
}
