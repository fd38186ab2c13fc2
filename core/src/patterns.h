/* Structured matchers for what a term list cannot express: numbers, percentages, prices, durations,
 * multiples, dates, identifier shapes, and licence/permit numbers validated by identifier.c. They run over the
 * normalised text (digits already folded: １, ①, 三 → 3) and report ranges of folded indexes. */
#ifndef ZC_PATTERNS_H
#define ZC_PATTERNS_H
#include <stddef.h>
#include <stdint.h>

#include "text.h"
/* enum zc_pattern_kind: ZC_PAT_<NAME> for each pattern of rules/registry/vocabulary.json, in its order, then
 * ZC_PAT_COUNT; ZC_REGISTRY_PATTERN_NAMES, their names in the same order */
#include "zc_registry.h"

/* Returns the kind for a pattern name, or -1 when unknown. */
int zc_pattern_by_name(const char *name);
const char *zc_pattern_name(int kind);

typedef struct zc_span {
    uint32_t start, end; /* folded indexes, inclusive */
} zc_span;

/* Receives each span (not necessarily in order of start); return nonzero to stop. */
typedef int (*zc_span_fn)(void *ctx, zc_span span);

/* Runs one matcher over the whole text. `text`/`len` is the original UTF-8 the normalised text `nt` came from
 * (the identifier matchers read it). Linear in the text length. */
void zc_pattern_scan(int kind, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn, void *ctx);

/* The matchers of every kind in `kinds` (bit k = kind k) in one pass over the text (and one identifier scan for
 * both identifier kinds): kind k's spans go to fn(ctxs[k], …), exactly those zc_pattern_scan(k, …) reports
 * (in order of start). A nonzero return of fn stops that kind only. */
void zc_pattern_scan_kinds(uint32_t kinds, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn,
                           void *const ctxs[ZC_PAT_COUNT]);
#endif
