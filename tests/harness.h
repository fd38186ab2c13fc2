/* Tiny TAP harness for the C tests. Each check prints `ok N - desc` or `not ok N - desc`;
 * tests/run.sh counts these lines over every suite. Header-only; state lives in one struct per program. */
#ifndef ZC_TEST_HARNESS_H
#define ZC_TEST_HARNESS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct zc_tap {
    int n;
    int failed;
} zc_tap;

static inline int zc_tap_ok(zc_tap *t, int cond, const char *desc)
{
    t->n++;
    if (!cond)
        t->failed++;
    printf("%sok %d - %s\n", cond ? "" : "not ", t->n, desc);
    fflush(stdout);
    return cond;
}

static inline int zc_tap_int(zc_tap *t, long got, long want, const char *desc)
{
    int cond = got == want;
    if (!zc_tap_ok(t, cond, desc))
        printf("#   got %ld, want %ld\n", got, want);
    return cond;
}

static inline int zc_tap_str(zc_tap *t, const char *got, const char *want, const char *desc)
{
    int cond = got && want && strcmp(got, want) == 0;
    if (!zc_tap_ok(t, cond, desc))
        printf("#   got \"%s\", want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
    return cond;
}

/* The whole file at `path`, NUL-terminated, and its length in *len (len may be NULL); NULL when it cannot be read.
 * The caller frees. */
static inline char *zc_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = 0;
        if (len)
            *len = (size_t)n;
    }
    return b;
}

static inline int zc_tap_done(const zc_tap *t)
{
    printf("1..%d\n", t->n);
    return t->failed ? 1 : 0;
}

#endif
