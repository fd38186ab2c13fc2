/* Multi-pattern matcher: one Aho-Corasick automaton over folded code points. */
#ifndef ZC_MATCHER_H
#define ZC_MATCHER_H
#include <stddef.h>
#include <stdint.h>

#include "text.h"

typedef struct zc_matcher zc_matcher;

/* Building: add patterns (folded code points), then compile. Pattern ids are dense, in insertion order;
 * adding the same sequence twice returns the id it already has. */
zc_matcher *zc_matcher_new(void);
void zc_matcher_free(zc_matcher *m);
/* Returns the pattern id (>= 0), or -1 when out of memory or the pattern is empty. */
int32_t zc_matcher_add(zc_matcher *m, const uint32_t *cps, size_t n);
int zc_matcher_compile(zc_matcher *m); /* 0, or -1 when out of memory */
size_t zc_matcher_pattern_count(const zc_matcher *m);
size_t zc_matcher_pattern_len(const zc_matcher *m, int32_t id);

/* A hit: pattern id and the range [start, end] of indexes into the normalised text (inclusive end). */
typedef struct zc_hit {
    int32_t pattern;
    uint32_t start; /* index of the first folded code point of the match */
    uint32_t end;   /* index of the last folded code point of the match */
} zc_hit;

/* Receives each hit; return nonzero to stop scanning. */
typedef int (*zc_hit_fn)(void *ctx, const zc_hit *hit);

/* Scans a normalised text: SKIP characters are not fed, STOP characters reset the automaton.
 * `scratch` may be NULL (a hit's start is then found by walking back over the text's classes, which costs the
 * length of the match), or hold nt->n uint32_t (positions of fed characters). Linear in text length plus hits. */
void zc_matcher_scan(const zc_matcher *m, const zc_ntext *nt, uint32_t *scratch, zc_hit_fn fn, void *ctx);

/* The most weight that can be reported at one position of a text: over every state of the compiled automaton, the
 * sum of weight[p] over the patterns p that end there (the state's own and those on its dictionary chain). The
 * pattern ending at the heaviest state goes to *worst (-1 when none). `weight` has one entry per pattern id. The
 * caller keeps ownership of `weight`. Returns 0, or -1 when out of memory or not compiled. */
int zc_matcher_max_chain(const zc_matcher *m, const uint32_t *weight, uint64_t *max, int32_t *worst);

/* Memory used by the compiled automaton, in bytes. */
size_t zc_matcher_memory(const zc_matcher *m);
#endif
