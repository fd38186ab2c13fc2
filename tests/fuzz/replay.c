/* Replays the fuzz targets' inputs without libFuzzer (built with ASan+UBSan as build/test_fuzz_replay; a suite
 * of `make test`). For every target compiled in (ZC_FUZZ_TARGETS, set by mk/tests.mk), runs each file of
 * tests/fuzz/corpus/<target>/ (the seeds) and tests/fuzz/regressions/<target>/ (inputs that once crashed or
 * broke an invariant) through the target's entry point. TAP: one result per corpus directory (run in this
 * process: a crash kills it, and the `# replay FILE` line just before names the input) and one per regression
 * input (each in a child process, so a crash is one `not ok` and the others still run). A regression file named
 * `*.todo` is a known bug in code this suite does not own, reported to its owner and not fixed yet: its result
 * carries `# TODO` (not counted as a failure); rename it when the fix lands.
 *
 *   build/test_fuzz_replay [FILE...]     (with files: run them through every target, for bisecting) */
#define _POSIX_C_SOURCE 200809L /* opendir */
#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define X(name) int zc_fuzz_##name(const uint8_t *data, size_t size);
ZC_FUZZ_TARGETS
#undef X

typedef struct target {
    const char *name;
    int (*run)(const uint8_t *, size_t);
} target;

static const target targets[] = {
#define X(name) {#name, zc_fuzz_##name},
    ZC_FUZZ_TARGETS
#undef X
};

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *q = realloc(b, cap *= 2);
            if (!q)
                free(b);
            b = q;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted regular file names of a directory (none when it does not exist). */
static char **list_dir(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **q = realloc(v, cap * sizeof *v);
            if (!q)
                abort();
            v = q;
        }
        size_t len = strlen(de->d_name) + 1;
        if (!(v[*n] = malloc(len)))
            abort();
        memcpy(v[(*n)++], de->d_name, len);
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static int run_file(const target *t, const char *path)
{
    size_t len = 0;
    unsigned char *data = slurp(path, &len);
    if (!data)
        return 0;
    printf("# replay %s %s (%zu bytes)\n", t->name, path, len);
    fflush(stdout);
    /* exact-size copy so that ASan catches any read past the input */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact)
        abort();
    memcpy(exact, data, len);
    free(data);
    t->run(exact, len);
    free(exact);
    return 1;
}

/* Runs one input in a child process; returns 1 when it finished normally, else 0 (with a diagnostic line). */
static int run_forked(const target *t, const char *path)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return run_file(t, path); /* no fork: run it here */
    if (pid == 0) {
        int ok = run_file(t, path);
        fflush(stdout);
        _exit(ok ? 0 : 3);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) < 0)
        return 0;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return 1;
    if (WIFSIGNALED(st))
        printf("#   killed by signal %d (see stderr for the sanitizer report)\n", WTERMSIG(st));
    else
        printf("#   exit status %d (see stderr for the sanitizer report)\n", WEXITSTATUS(st));
    return 0;
}

int main(int argc, char **argv)
{
    zc_tap tap = {0};
    const char *root = getenv("ZC_ROOT");
    char dir[4096], path[8192];
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            for (size_t k = 0; k < sizeof targets / sizeof targets[0]; k++) {
                char desc[600];
                snprintf(desc, sizeof desc, "%s: %s", targets[k].name, argv[i]);
                zc_tap_ok(&tap, run_file(&targets[k], argv[i]), desc);
            }
        return zc_tap_done(&tap);
    }
    for (size_t k = 0; k < sizeof targets / sizeof targets[0]; k++) {
        const target *t = &targets[k];
        size_t n;
        snprintf(dir, sizeof dir, "%s%stests/fuzz/corpus/%s", root ? root : "", root ? "/" : "", t->name);
        char **files = list_dir(dir, &n);
        size_t ran = 0;
        for (size_t i = 0; i < n; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, files[i]);
            ran += (size_t)run_file(t, path);
            free(files[i]);
        }
        free(files);
        char desc[256];
        snprintf(desc, sizeof desc, "%s: %zu seed inputs replayed without a crash or broken invariant", t->name,
                 ran);
        zc_tap_ok(&tap, ran > 0 && ran == n, desc);
        snprintf(dir, sizeof dir, "%s%stests/fuzz/regressions/%s", root ? root : "", root ? "/" : "", t->name);
        files = list_dir(dir, &n);
        for (size_t i = 0; i < n; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, files[i]);
            size_t fl = strlen(files[i]);
            int todo = fl > 5 && strcmp(files[i] + fl - 5, ".todo") == 0;
            snprintf(desc, sizeof desc, "%s regression %s%s", t->name, files[i],
                     todo ? " # TODO known bug, reported to the file's owner (see the file name)" : "");
            int ok = run_forked(t, path);
            if (todo && !ok) {
                tap.n++; /* a TODO failure is not counted as failed */
                printf("not ok %d - %s\n", tap.n, desc);
            } else {
                zc_tap_ok(&tap, ok, desc);
            }
            free(files[i]);
        }
        free(files);
    }
    return zc_tap_done(&tap);
}
