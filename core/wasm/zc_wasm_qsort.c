/* qsort for the WebAssembly build (linked into the core module ahead of libc's, which is then left out).
 *
 * Emscripten's libc (musl) sorts with smoothsort: few extra bytes, but many comparator calls and byte-wise
 * element rotations. Engine creation sorts two large arrays (the automaton's edges in matcher.c and the pattern
 * uses in check.c), and in the browser that code runs in V8's baseline compiler: smoothsort was the largest
 * single cost of the page's first check (profiled: node --no-wasm-tier-up --cpu-prof). This is a merge sort
 * (insertion sort below 12 elements, a check that skips merging runs already in order, word-wise moves for
 * word-sized elements), stable like glibc's qsort that the native build uses; every comparator in the core is
 * total anyway, so any correct sort gives the same order. Without memory for the merge buffer it falls back to
 * an in-place heap sort. No state: the C standard's contract, nothing more. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*zc_cmp_fn)(const void *, const void *);

typedef struct zc_sorter {
    size_t size; /* element size in bytes */
    int words;   /* elements are whole, aligned uint32_t words: move them as such */
    zc_cmp_fn cmp;
} zc_sorter;

static void move(const zc_sorter *s, char *dst, const char *src, size_t n)
{
    if (s->words) {
        uint32_t *d = (uint32_t *)(void *)dst;
        const uint32_t *p = (const uint32_t *)(const void *)src;
        for (size_t i = 0, k = n * s->size / 4; i < k; i++)
            d[i] = p[i];
    } else {
        memcpy(dst, src, n * s->size);
    }
}

/* Stable insertion sort of n elements at b; `tmp` holds one element. */
static void insertion(const zc_sorter *s, char *b, size_t n, char *tmp)
{
    size_t size = s->size;
    for (size_t i = 1; i < n; i++) {
        char *x = b + i * size;
        if (s->cmp(x - size, x) <= 0)
            continue;
        move(s, tmp, x, 1);
        char *p = x;
        do {
            move(s, p, p - size, 1);
            p -= size;
        } while (p > b && s->cmp(p - size, tmp) > 0);
        move(s, p, tmp, 1);
    }
}

/* Stable merge sort of n elements at b; `tmp` has room for n elements. */
static void merge_sort(const zc_sorter *s, char *b, size_t n, char *tmp)
{
    if (n < 12) {
        insertion(s, b, n, tmp);
        return;
    }
    size_t size = s->size, n1 = n / 2, n2 = n - n1;
    char *a = b, *c = b + n1 * size;
    merge_sort(s, a, n1, tmp);
    merge_sort(s, c, n2, tmp);
    if (s->cmp(c - size, c) <= 0)
        return; /* the two runs are already in order */
    char *t = tmp;
    while (n1 && n2) {
        if (s->cmp(a, c) <= 0) {
            move(s, t, a, 1);
            a += size;
            n1--;
        } else {
            move(s, t, c, 1);
            c += size;
            n2--;
        }
        t += size;
    }
    move(s, t, a, n1); /* what is left of the first run; the rest of the second is already in place */
    move(s, b, tmp, (size_t)(t - tmp) / size + n1);
}

static void swap_bytes(char *x, char *y, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        char c = x[i];
        x[i] = y[i];
        y[i] = c;
    }
}

static void sift_down(const zc_sorter *s, char *b, size_t root, size_t n)
{
    size_t size = s->size;
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && s->cmp(b + child * size, b + (child + 1) * size) < 0)
            child++;
        if (s->cmp(b + root * size, b + child * size) >= 0)
            return;
        swap_bytes(b + root * size, b + child * size, size);
        root = child;
    }
}

/* In place, no memory: only when the merge buffer cannot be allocated. */
static void heap_sort(const zc_sorter *s, char *b, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(s, b, i, n);
    for (size_t end = n; end-- > 1;) {
        swap_bytes(b, b + end * s->size, s->size);
        sift_down(s, b, 0, end);
    }
}

void qsort(void *base, size_t n, size_t size, zc_cmp_fn cmp)
{
    if (n < 2 || size == 0)
        return;
    zc_sorter s = {size, size % 4 == 0 && (uintptr_t)base % 4 == 0, cmp};
    _Alignas(16) char stack[256];
    char *tmp = n * size <= sizeof stack ? stack : NULL;
    if (!tmp && n <= SIZE_MAX / size)
        tmp = malloc(n * size);
    if (!tmp) {
        heap_sort(&s, base, n);
        return;
    }
    merge_sort(&s, base, n, tmp);
    if (tmp != stack)
        free(tmp);
}
