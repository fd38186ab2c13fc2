/* Differential test for optimisations of the Aho-Corasick matcher: links the current core/src/matcher.c and an
 * older copy (compiled with its external symbols renamed to *_ref) and compares the hits, in order, of the two
 * automata built from the same random patterns, on random normalised texts (small alphabets so that patterns
 * share prefixes and overlap; BMP and astral characters; SKIP and STOP characters; with and without the scratch
 * array). Build and run: bench/matcher-diff.sh OLD_matcher.c [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matcher.h"

zc_matcher *zc_matcher_new_ref(void);
void zc_matcher_free_ref(zc_matcher *m);
int32_t zc_matcher_add_ref(zc_matcher *m, const uint32_t *cps, size_t n);
int zc_matcher_compile_ref(zc_matcher *m);
void zc_matcher_scan_ref(const zc_matcher *m, const zc_ntext *nt, uint32_t *scratch, zc_hit_fn fn, void *ctx);

typedef struct hits {
    zc_hit v[4096];
    size_t n;
    size_t stop_after; /* nonzero: return 1 after that many hits */
} hits;

static int on_hit(void *ctx, const zc_hit *h)
{
    hits *x = ctx;
    if (x->n < 4096)
        x->v[x->n++] = *h;
    return x->stop_after && x->n >= x->stop_after;
}

static unsigned long long rng = 0x2545F4914F6CDD1DULL;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* A character of a small alphabet: CJK, ASCII, one astral. */
static uint32_t pick(uint32_t alpha)
{
    static const uint32_t chars[] = {0x6700,  0x597D, 0x56FD, 0x836F, 'a',    'b',    '1', 0x4E00, 0x9999, 0x20000,
                                     0x20001, 0x5065, 0x5EB7, 0x7F8E, 0x767D, 0x6548, 'z', 0x3042, 0xAC00, 0x4E5D};
    return chars[rnd(alpha)];
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? atol(argv[1]) : 20000, diffs = 0, total = 0;
    static uint32_t cp[1024], orig[1024], sent[1024], scratch[1024];
    static uint8_t cls[1024];
    static hits a, b;
    /* first, an automaton whose root has more than 2^15 children (the scan's table of root successors is then
     * not used): 33,000 two-character patterns over U+4E00… and texts over the same range */
    {
        zc_matcher *m1 = zc_matcher_new_ref(), *m2 = zc_matcher_new();
        if (!m1 || !m2)
            return 2;
        for (uint32_t k = 0; k < 33000; k++) {
            uint32_t pat[2] = {0x4E00 + k, 0x4E00 + (k * 7919u) % 33000u};
            if (zc_matcher_add_ref(m1, pat, 2) != zc_matcher_add(m2, pat, 2))
                return 1;
        }
        if (zc_matcher_compile_ref(m1) || zc_matcher_compile(m2))
            return 2;
        for (int t = 0; t < 50; t++) {
            size_t n = 1000;
            for (size_t i = 0; i < n; i++) {
                cls[i] = rnd(30) ? ZC_WORD : ZC_SKIP;
                cp[i] = cls[i] == ZC_WORD ? 0x4E00 + rnd(40) * 7919u % 33000u : ' ';
                orig[i] = (uint32_t)i;
                sent[i] = 0;
            }
            zc_ntext nt = {.cp = cp, .cls = cls, .orig = orig, .sent = sent, .n = n, .n_orig = n};
            a.n = b.n = 0;
            a.stop_after = b.stop_after = 0;
            zc_matcher_scan_ref(m1, &nt, NULL, on_hit, &a);
            zc_matcher_scan(m2, &nt, NULL, on_hit, &b);
            total += (long)a.n;
            if (a.n != b.n || memcmp(a.v, b.v, a.n * sizeof a.v[0]))
                diffs++;
        }
        zc_matcher_free_ref(m1);
        zc_matcher_free(m2);
    }
    for (long it = 0; it < iters; it++) {
        uint32_t alpha = 3 + rnd(18);
        zc_matcher *m1 = zc_matcher_new_ref(), *m2 = zc_matcher_new();
        if (!m1 || !m2)
            return 2;
        size_t np = 1 + rnd(it % 7 == 0 ? 400 : 40);
        for (size_t p = 0; p < np; p++) {
            uint32_t pat[8];
            size_t len = 1 + rnd(it % 3 == 0 ? 2 : 6);
            for (size_t k = 0; k < len; k++)
                pat[k] = pick(alpha);
            if (zc_matcher_add_ref(m1, pat, len) != zc_matcher_add(m2, pat, len)) {
                printf("DIFF pattern id at iteration %ld\n", it);
                return 1;
            }
        }
        if (zc_matcher_compile_ref(m1) || zc_matcher_compile(m2))
            return 2;
        for (int t = 0; t < 4; t++) {
            size_t n = rnd(600);
            uint32_t s = 0;
            for (size_t i = 0; i < n; i++) {
                uint32_t r = rnd(20);
                cls[i] = r == 0 ? ZC_STOP : r == 1 ? ZC_SKIP : ZC_WORD;
                cp[i] = cls[i] == ZC_WORD ? (r == 2 ? 0x8888 : pick(alpha)) : cls[i] == ZC_STOP ? 0x3002 : ' ';
                orig[i] = (uint32_t)i;
                sent[i] = s;
                s += cls[i] == ZC_STOP;
            }
            zc_ntext nt = {.cp = cp, .cls = cls, .orig = orig, .sent = sent, .n = n, .n_orig = n};
            a.n = b.n = 0;
            a.stop_after = b.stop_after = t == 3 ? 1 + rnd(20) : 0;
            zc_matcher_scan_ref(m1, &nt, t & 1 ? scratch : NULL, on_hit, &a);
            zc_matcher_scan(m2, &nt, t & 1 ? scratch : NULL, on_hit, &b);
            total += (long)a.n;
            if (a.n != b.n || memcmp(a.v, b.v, a.n * sizeof a.v[0])) {
                if (diffs++ < 5)
                    printf("DIFF at iteration %ld text %d: %zu vs %zu hits\n", it, t, a.n, b.n);
            }
        }
        zc_matcher_free_ref(m1);
        zc_matcher_free(m2);
    }
    printf("%ld automata, %ld hits, %ld differences\n", iters, total, diffs);
    return diffs != 0;
}
