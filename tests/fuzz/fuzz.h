/* Shared helpers for the libFuzzer targets in tests/fuzz/.
 *
 * Each fuzz_<target>.c defines LLVMFuzzerTestOneInput. Built two ways:
 *   - `make fuzz`: clang -fsanitize=fuzzer,address,undefined, one binary per target under build/fuzz/;
 *   - `make test`: gcc -fsanitize=address,undefined with -DZC_FUZZ_REPLAY, the entry point renamed to
 *     zc_fuzz_<target> and driven by tests/fuzz/replay.c, which replays the seed corpora and every file in
 *     tests/fuzz/regressions/<target>/ without libFuzzer.
 * A broken invariant calls zc_fuzz_fail, which aborts (libFuzzer and the replay runner both report it).
 * The engine built once per process lives in a function-local static: that is harness state, not library state. */
#ifndef ZC_FUZZ_H
#define ZC_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zc_registry.h" /* generated from rules/registry/vocabulary.json */
#include "zicha.h"

#ifdef ZC_FUZZ_REPLAY
#define ZC_FUZZ_ENTRY(name) int zc_fuzz_##name(const uint8_t *data, size_t size)
#else
#define ZC_FUZZ_ENTRY(name) int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#endif

static inline void zc_fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "zc_fuzz: invariant broken: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}
#define ZC_FUZZ_ASSERT(cond, detail)                                                                                   \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            zc_fuzz_fail(#cond, detail);                                                                               \
    } while (0)

/* Copies `n` bytes into an exactly sized heap block (so ASan sees any over-read); NULL when n is 0. */
static inline char *zc_fuzz_dup(const uint8_t *p, size_t n)
{
    if (!n)
        return NULL;
    char *b = malloc(n);
    if (!b)
        abort();
    memcpy(b, p, n);
    return b;
}

/* The built-in packs, compiled once per process. */
static inline const zc_engine *zc_fuzz_builtin_engine(void)
{
    static zc_engine *engine;
    if (!engine) {
        zc_error err;
        engine = zc_engine_new();
        if (!engine || zc_engine_add_builtin_packs(engine, &err) || zc_engine_compile(engine, &err)) {
            fprintf(stderr, "zc_fuzz: cannot build the engine: %s\n", engine ? err.message : "out of memory");
            abort();
        }
    }
    return engine;
}

/* The registry's categories (+ NULL and "" for auto-detection and one unknown name), chosen by a byte. */
static inline const char *zc_fuzz_category(uint8_t b)
{
    static const char *const cats[] = {NULL, "", ZC_REGISTRY_CATEGORY_NAMES, "no_such_cat"};
    return cats[b % (sizeof cats / sizeof cats[0])];
}

/* 1 when s is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF). */
static inline int zc_fuzz_utf8_ok(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            s++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else {
            return 0;
        }
        s++;
        for (size_t i = 0; i < n; i++, s++) {
            if (*s < (i ? 0x80 : lo) || *s > (i ? 0xBF : hi))
                return 0;
        }
    }
    return 1;
}

/* Decodes UTF-8 the way the design specifies (core/src/text.c): every well-formed sequence is one code point,
 * every byte that is not part of one is one U+FFFD. Returns a malloc'd array of *n code points. */
static inline uint32_t *zc_fuzz_decode(const uint8_t *s, size_t len, size_t *n)
{
    uint32_t *cps = malloc((len ? len : 1) * sizeof *cps);
    if (!cps)
        abort();
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t need = 0;
        unsigned lo = 0x80, hi = 0xBF;
        uint32_t cp = 0;
        if (c < 0x80) {
            cps[k++] = c;
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1, cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2, cp = c & 0x0F;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3, cp = c & 0x07;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        }
        size_t j = 0;
        if (need) {
            for (j = 0; j < need; j++) {
                if (i + 1 + j >= len)
                    break;
                unsigned b = s[i + 1 + j];
                if (b < (j ? 0x80 : lo) || b > (j ? 0xBF : hi))
                    break;
                cp = (cp << 6) | (b & 0x3F);
            }
        }
        if (need && j == need) {
            cps[k++] = cp;
            i += need + 1;
        } else {
            cps[k++] = 0xFFFD;
            i++;
        }
    }
    *n = k;
    return cps;
}

/* UTF-8 of cps[start, end) as a malloc'd NUL-terminated string; its byte length (it may hold NULs) in *len. */
static inline char *zc_fuzz_encode(const uint32_t *cps, size_t start, size_t end, size_t *len)
{
    char *s = malloc((end - start) * 4 + 1), *p = s;
    if (!s)
        abort();
    for (size_t i = start; i < end; i++) {
        uint32_t c = cps[i];
        if (c < 0x80) {
            *p++ = (char)c;
        } else if (c < 0x800) {
            *p++ = (char)(0xC0 | (c >> 6));
            *p++ = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *p++ = (char)(0xE0 | (c >> 12));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (char)(0x80 | (c & 0x3F));
        } else {
            *p++ = (char)(0xF0 | (c >> 18));
            *p++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *p = 0;
    if (len)
        *len = (size_t)(p - s);
    return s;
}

/* Strictness check of a JSON document the library produced: balanced brackets outside strings, no raw control
 * characters inside strings, valid escapes. (cJSON is not used here so that a cJSON quirk cannot hide a bug.) */
static inline void zc_fuzz_check_json(const char *s)
{
    ZC_FUZZ_ASSERT(s != NULL, "JSON output is NULL");
    ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)s), "JSON output is not valid UTF-8");
    int depth = 0, in_str = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (in_str) {
            if (*p == '\\') {
                p++;
                ZC_FUZZ_ASSERT(*p && strchr("\"\\/bfnrtu", *p), s);
            } else if (*p == '"') {
                in_str = 0;
            } else {
                ZC_FUZZ_ASSERT(*p >= 0x20, s);
            }
        } else if (*p == '"') {
            in_str = 1;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            ZC_FUZZ_ASSERT(--depth >= 0, s);
        }
    }
    ZC_FUZZ_ASSERT(!in_str && depth == 0, s);
}
#endif
