/* In-process native measurements for `make bench` (bench/run.sh): engine creation, check throughput on one big
 * text and per listing, latency of single listings, automaton memory. Prints one JSON object.
 *
 *   native-bench [--no-builtin] [--pack FILE]... [--text FILE] [--lines FILE] [--listing FILE]... [--reps N]
 *
 * --text FILE     one zc_check of the whole file (best of --reps), MB/s = bytes / time; and the same with
 *                 zc_check_json and one reused scratch ("whole_scratch")
 * --lines FILE    one zc_check per line (the batch case without JSON parsing), MB/s over the lines' bytes; and
 *                 the same with zc_check_json and one reused scratch ("lines_scratch", what batch and wasm use)
 * --listing FILE  latency p50/p99 of zc_check + zc_report_json on that text (many iterations)
 * Reports are rendered with zc_report_json as the CLI does (the time includes it). Every figure is given in
 * wall time and in thread CPU time (*_cpu): the latter is not inflated by other processes on a busy machine. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "matcher.h"
#include "zicha.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this thread: on a shared, loaded machine it is what an idle one would show as wall time */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "%s: read error\n", path);
        exit(2);
    }
    b[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return b;
}

static const char *packs[64];
static int n_packs, no_builtin;

static zc_engine *make(void)
{
    zc_error err;
    zc_engine *e = zc_engine_new();
    if (!e || (!no_builtin && zc_engine_add_builtin_packs(e, &err))) {
        fprintf(stderr, "engine: %s\n", e ? err.message : "no memory");
        exit(2);
    }
    for (int i = 0; i < n_packs; i++) {
        size_t len;
        char *d = slurp(packs[i], &len);
        if (zc_engine_add_pack(e, packs[i], d, len, &err)) {
            fprintf(stderr, "%s\n", err.message);
            exit(2);
        }
        free(d);
    }
    if (zc_engine_compile(e, &err)) {
        fprintf(stderr, "%s\n", err.message);
        exit(2);
    }
    return e;
}

static size_t check_one(const zc_engine *e, const char *t, size_t n)
{
    zc_error err;
    zc_report *r = zc_check(e, t, n, NULL, &err);
    if (!r) {
        fprintf(stderr, "check: %s\n", err.message);
        exit(2);
    }
    char *j = zc_report_json(r);
    size_t found = zc_report_count(r);
    free(j);
    zc_report_free(r);
    return found;
}

/* the same through the scratch API (zc_check_json): what `zicha batch` and the wasm use */
static size_t check_scratch(const zc_engine *e, zc_scratch *s, const char *t, size_t n)
{
    zc_error err;
    size_t len;
    if (!zc_check_json(e, s, t, n, NULL, &len, &err)) {
        fprintf(stderr, "check: %s\n", err.message);
        exit(2);
    }
    return len;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *text = NULL, *lines = NULL, *listings[8];
    int n_listings = 0, reps = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-builtin"))
            no_builtin = 1;
        else if (!strcmp(argv[i], "--pack") && i + 1 < argc && n_packs < 64)
            packs[n_packs++] = argv[++i];
        else if (!strcmp(argv[i], "--text") && i + 1 < argc)
            text = argv[++i];
        else if (!strcmp(argv[i], "--lines") && i + 1 < argc)
            lines = argv[++i];
        else if (!strcmp(argv[i], "--listing") && i + 1 < argc && n_listings < 8)
            listings[n_listings++] = argv[++i];
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else {
            fprintf(stderr, "native-bench: bad argument %s\n", argv[i]);
            return 2;
        }
    }
    /* engine creation: median of a few */
    double ct[7], cc[7];
    for (int i = 0; i < 7; i++) {
        double t0 = now_ms(), c0 = cpu_ms();
        zc_engine *e = make();
        ct[i] = now_ms() - t0;
        cc[i] = cpu_ms() - c0;
        zc_engine_free(e);
    }
    qsort(ct, 7, sizeof ct[0], cmp_d);
    qsort(cc, 7, sizeof cc[0], cmp_d);
    zc_engine *e = make();
    size_t np = zc_matcher_pattern_count(e->matcher);
    size_t mm = zc_matcher_memory(e->matcher);
    printf("{\"create_ms\":%.3f,\"create_ms_cpu\":%.3f,\"patterns\":%zu,\"rules\":%zu,\"matcher_bytes\":%zu,"
           "\"matcher_bytes_per_pattern\":%.1f",
           ct[3], cc[3], np, zc_engine_rule_count(e), mm, np ? (double)mm / (double)np : 0.0);
    if (text) {
        size_t n;
        char *t = slurp(text, &n);
        double best = 1e99, bestc = 1e99;
        size_t found = 0;
        for (int r = 0; r < reps; r++) {
            double t0 = now_ms(), c0 = cpu_ms();
            found = check_one(e, t, n);
            double d = now_ms() - t0, dc = cpu_ms() - c0;
            if (d < best)
                best = d;
            if (dc < bestc)
                bestc = dc;
        }
        printf(
            ",\"whole\":{\"bytes\":%zu,\"ms\":%.2f,\"mb_s\":%.2f,\"cpu_ms\":%.2f,\"mb_s_cpu\":%.2f,\"findings\":%zu}",
            n, best, n / 1e3 / best, bestc, n / 1e3 / bestc, found);
        /* the same text through zc_check_json with one reused scratch (its buffers stay allocated between
         * checks, as in a server checking page after page) */
        zc_scratch *sc = zc_scratch_new();
        best = bestc = 1e99;
        size_t jl = 0;
        for (int r = 0; r < reps; r++) {
            double t0 = now_ms(), c0 = cpu_ms();
            jl = check_scratch(e, sc, t, n);
            double d = now_ms() - t0, dc = cpu_ms() - c0;
            if (d < best)
                best = d;
            if (dc < bestc)
                bestc = dc;
        }
        zc_scratch_free(sc);
        printf(",\"whole_scratch\":{\"bytes\":%zu,\"ms\":%.2f,\"mb_s\":%.2f,\"cpu_ms\":%.2f,\"mb_s_cpu\":%.2f,"
               "\"json_bytes\":%zu}",
               n, best, n / 1e3 / best, bestc, n / 1e3 / bestc, jl);
        free(t);
    }
    if (lines) {
        size_t n;
        char *t = slurp(lines, &n);
        double best = 1e99, bestc = 1e99;
        size_t bytes = 0, count = 0;
        for (int r = 0; r < reps; r++) {
            bytes = count = 0;
            double t0 = now_ms(), c0 = cpu_ms();
            for (char *p = t; p < t + n;) {
                char *nl = memchr(p, '\n', (size_t)(t + n - p));
                size_t l = nl ? (size_t)(nl - p) : (size_t)(t + n - p);
                if (l) {
                    check_one(e, p, l);
                    bytes += l;
                    count++;
                }
                p += l + 1;
            }
            double d = now_ms() - t0, dc = cpu_ms() - c0;
            if (d < best)
                best = d;
            if (dc < bestc)
                bestc = dc;
        }
        printf(
            ",\"lines\":{\"bytes\":%zu,\"listings\":%zu,\"ms\":%.2f,\"mb_s\":%.2f,\"cpu_ms\":%.2f,\"mb_s_cpu\":%.2f}",
            bytes, count, best, bytes / 1e3 / best, bestc, bytes / 1e3 / bestc);
        /* the same listings through zc_check_json with one reused scratch */
        zc_scratch *sc = zc_scratch_new();
        best = bestc = 1e99;
        for (int r = 0; r < reps; r++) {
            double t0 = now_ms(), c0 = cpu_ms();
            for (char *p = t; p < t + n;) {
                char *nl = memchr(p, '\n', (size_t)(t + n - p));
                size_t l = nl ? (size_t)(nl - p) : (size_t)(t + n - p);
                if (l)
                    check_scratch(e, sc, p, l);
                p += l + 1;
            }
            double d = now_ms() - t0, dc = cpu_ms() - c0;
            if (d < best)
                best = d;
            if (dc < bestc)
                bestc = dc;
        }
        zc_scratch_free(sc);
        printf(",\"lines_scratch\":{\"bytes\":%zu,\"listings\":%zu,\"ms\":%.2f,\"mb_s\":%.2f,\"cpu_ms\":%.2f,"
               "\"mb_s_cpu\":%.2f}",
               bytes, count, best, bytes / 1e3 / best, bestc, bytes / 1e3 / bestc);
        free(t);
    }
    if (n_listings) {
        printf(",\"latency\":{");
        for (int k = 0; k < n_listings; k++) {
            size_t n;
            char *t = slurp(listings[k], &n);
            enum { ITER = 2000 };
            static double lt[ITER], lc[ITER];
            for (int i = 0; i < 100; i++)
                check_one(e, t, n);
            for (int i = 0; i < ITER; i++) {
                double t0 = now_ms(), c0 = cpu_ms();
                check_one(e, t, n);
                lc[i] = cpu_ms() - c0;
                lt[i] = now_ms() - t0;
            }
            qsort(lt, ITER, sizeof lt[0], cmp_d);
            qsort(lc, ITER, sizeof lc[0], cmp_d);
            const char *base = strrchr(listings[k], '/');
            printf("%s\"%s\":{\"bytes\":%zu,\"iterations\":%d,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"p50_ms_cpu\":%.4f,"
                   "\"p99_ms_cpu\":%.4f}",
                   k ? "," : "", base ? base + 1 : listings[k], n, ITER, lt[ITER / 2], lt[ITER * 99 / 100],
                   lc[ITER / 2], lc[ITER * 99 / 100]);
            free(t);
        }
        printf("}");
    }
    printf("}\n");
    zc_engine_free(e);
    return 0;
}
