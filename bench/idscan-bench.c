/* Throughput of the identifier scan alone: zc_id_scan_each over the UTF-8 of a file and zc_id_scan_each_cps over
 * its decoded code points (what the check does), best of N repetitions; prints MB/s and the token count.
 * Build and run: bench/idscan-bench.sh [FILE] [REPS] (default build/bench/corpus.txt, 20). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "identifier.h"
#include "text.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int count(void *ctx, const zc_id_span *sp)
{
    (void)sp;
    ++*(size_t *)ctx;
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "build/bench/corpus.txt";
    int reps = argc > 2 ? atoi(argv[2]) : 20;
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    uint32_t *cps = malloc(((size_t)n + 1) * sizeof *cps);
    if (!s || !cps || fread(s, 1, (size_t)n, f) != (size_t)n)
        return 2;
    fclose(f);
    size_t ncp = zc_utf8_decode((const unsigned char *)s, (size_t)n, cps, NULL);
    double best_b = 1e9, best_c = 1e9;
    size_t tok_b = 0, tok_c = 0;
    for (int r = 0; r < reps; r++) {
        size_t k = 0;
        double t0 = now_s();
        zc_id_scan_each(s, (size_t)n, NULL, count, &k);
        double t1 = now_s();
        tok_b = k, k = 0;
        zc_id_scan_each_cps(s, (size_t)n, cps, ncp, NULL, count, &k);
        double t2 = now_s();
        tok_c = k;
        if (t1 - t0 < best_b)
            best_b = t1 - t0;
        if (t2 - t1 < best_c)
            best_c = t2 - t1;
    }
    printf("%s: %ld bytes, best of %d: zc_id_scan_each %.1f MB/s (%zu tokens), zc_id_scan_each_cps %.1f MB/s (%zu "
           "tokens)\n",
           path, n, reps, (double)n / best_b / 1e6, tok_b, (double)n / best_c / 1e6, tok_c);
    free(s);
    free(cps);
    return 0;
}
