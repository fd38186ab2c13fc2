/* Fixes: a rule's "replace" entries turned into edits of the original text (one place for the native CLI, the
 * wasm and the page). */
#ifndef ZC_FIX_H
#define ZC_FIX_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "engine.h"

/* At most this many fixes per finding (pack.c bounds a "replace" entry to the same). */
enum { ZC_FIX_MAX = 8 };

/* The fixes of a finding of `rule` spanning [start, end) of the original code points cps[0, n), whose leading
 * rule's own span is [own_start, own_end). The entry of the longest term of the rule's "replace" found in the own
 * span applies to that term's occurrence; otherwise the "*" entry applies to [start, end). Each replacement
 * becomes one fix in out[] (texts point into the engine); a deletion's span is widened so that no doubled or
 * dangling separator remains (fix.c). Returns the number of fixes (0: no entry applies); *term receives the
 * entry's key (NULL when none). */
size_t zc_fixes_of(const zc_rule *rule, const uint32_t *cps, size_t n, uint32_t start, uint32_t end, uint32_t own_start,
                   uint32_t own_end, zc_fix *out, const char **term);

/* Appends ,"fixes":[{"text","start","end"}…] (compact: ,[["text",start,end]…]); nothing when n is 0. */
void zc_fixes_json(zc_buf *b, const zc_fix *fixes, size_t n, int compact);
#endif
