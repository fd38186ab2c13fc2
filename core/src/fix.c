/* Fixes (fix.h): which "replace" entry applies to a finding, and the span each replacement edits. A deletion
 * must leave a sentence a person would write: it takes one neighbouring separator with it, so that no doubled
 * mark (、、 ，， ，。), no mark at the start of a sentence, no double space and no empty brackets remain. */
#include "fix.h"

#include <string.h>

#include "text.h"

/* Own spans longer than this are matched against the "*" entry only (term keys are short words). */
enum { ZC_FIX_SPAN = 128 };

/* Clause marks, weakest first: a space, the list mark 、 or /, a comma, a colon, a semicolon. -1: not one. */
static int sep_rank(uint32_t c)
{
    switch (c) {
    case ' ':
    case '\t':
    case 0xA0:
    case 0x3000:
        return 0;
    case 0x3001: /* 、 */
    case '/':
    case 0xFF0F:
        return 1;
    case ',':
    case 0xFF0C:
        return 2;
    case ':':
    case 0xFF1A:
        return 3;
    case ';':
    case 0xFF1B:
        return 4;
    default:
        return -1;
    }
}

/* Sentence ends and line breaks. */
static int is_end(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == '.' || c == 0xFF0E ||
           c == 0x2026 || c == '\n' || c == '\r';
}

static const uint32_t OPENS[] = {0xFF08, '(', 0x3010, '[', 0x300C, 0x300E, 0x201C, 0x300A, 0x3008, '{', 0x2018, 0x3014};
static const uint32_t CLOSES[] = {0xFF09, ')',    0x3011, ']', 0x300D, 0x300F,
                                  0x201D, 0x300B, 0x3009, '}', 0x2019, 0x3015};
enum { N_BRACKETS = sizeof OPENS / sizeof OPENS[0] };

static int bracket(const uint32_t *set, uint32_t c)
{
    for (int i = 0; i < N_BRACKETS; i++)
        if (set[i] == c)
            return i;
    return -1;
}

/* Auxiliaries that only lead into a claim (本品能｜增强免疫力): when the claim is deleted at the end of its
 * clause they would dangle, so they go too. 能 and 可 alone only after a product word (本品能, 此款可), where
 * they cannot be the end of another word (功能, 皆可). */
static const uint32_t AUX[][3] = {{0x6709, 0x52A9, 0x4E8E}, {0x80FD, 0x591F}, {0x53EF, 0x4EE5},
                                  {0x6709, 0x52A9},         {0x5E2E, 0x52A9}, {0x5177, 0x6709},
                                  {0x6709, 0x6548},         {0x80FD},         {0x53EF}};
static const uint8_t AUX_LEN[] = {3, 2, 2, 2, 2, 2, 2, 1, 1};
static const uint32_t SUBJECT[] = {0x54C1, 0x5242, 0x65B9, 0x5B83, 0x5176, 0x6B64, 0x8BE5, 0x6B3E,
                                   0x6DB2, 0x7C89, 0x8336, 0x4E38, 0x7247, 0x818F, 0x971C, 0x6CB9};

static int is_subject(uint32_t c)
{
    for (size_t i = 0; i < sizeof SUBJECT / sizeof SUBJECT[0]; i++)
        if (SUBJECT[i] == c)
            return 1;
    return 0;
}

/* Widens the deletion [*s, *e) of cps[0, n) (see the file comment). */
static void widen_deletion(const uint32_t *cps, size_t n, size_t *s, size_t *e)
{
    /* the claim ends its clause (not at 、: 能A、B — the auxiliary serves B too): take its auxiliary along */
    int absorbed = 0;
    for (int round = 0; round < 2; round++) {
        uint32_t r = *e < n ? cps[*e] : 0;
        if (*e < n && !is_end(r) && bracket(CLOSES, r) < 0 && (sep_rank(r) < 0 || r == 0x3001))
            break;
        size_t k, len = 0;
        for (k = 0; k < sizeof AUX_LEN; k++) {
            len = AUX_LEN[k];
            if (*s >= len && memcmp(cps + *s - len, AUX[k], len * sizeof *cps) == 0 &&
                (len > 1 || (*s > len && is_subject(cps[*s - len - 1]))))
                break;
        }
        if (k == sizeof AUX_LEN)
            break;
        *s -= len;
        absorbed = 1;
    }
    for (int round = 0; round < 4; round++) {
        int le = *s == 0, re = *e == n;
        uint32_t l = le ? 0 : cps[*s - 1], r = re ? 0 : cps[*e];
        int lr = le ? -1 : sep_rank(l), rr = re ? -1 : sep_rank(r);
        if (!le && !re && bracket(OPENS, l) >= 0 && bracket(OPENS, l) == bracket(CLOSES, r)) {
            (*s)--; /* an emptied pair of brackets goes, then look again */
            (*e)++;
            continue;
        }
        if (rr >= 0) {
            if (le || is_end(l) || bracket(OPENS, l) >= 0)
                (*e)++; /* no clause mark at the start of a sentence */
            else if (lr >= 0 && lr < rr)
                (*s)--; /* two marks meet: the stronger stays */
            else if (lr >= 0)
                (*e)++;
            else if (r == 0x3001 || (absorbed && rr == 2))
                (*e)++; /* a list item or a whole claim went: its mark goes with it */
        } else if (lr >= 0 && (re || is_end(r) || bracket(CLOSES, r) >= 0)) {
            (*s)--; /* no clause mark before the end of a sentence */
        } else if (!re && is_end(r) && r != '\n' && r != '\r' && (le || is_end(l))) {
            (*e)++; /* no sentence of a lone full stop */
        }
        break;
    }
}

size_t zc_fixes_of(const zc_rule *rule, const uint32_t *cps, size_t n, uint32_t start, uint32_t end, uint32_t own_start,
                   uint32_t own_end, zc_fix *out, const char **term)
{
    *term = NULL;
    if (!rule->info.n_replace)
        return 0;
    /* the own span folded like text (WORD characters only), each folded code point with its original index */
    uint32_t fold[ZC_FIX_SPAN * 2], from[ZC_FIX_SPAN * 2];
    size_t nf = 0;
    if (own_end - own_start <= ZC_FIX_SPAN)
        for (uint32_t i = own_start; i < own_end && i < n; i++) {
            zc_fold f = zc_fold_char(cps[i]);
            for (int k = 0; f.cls == ZC_WORD && k < f.n; k++) {
                fold[nf] = f.cp[k];
                from[nf++] = i;
            }
        }
    long best = -1, star = -1;
    size_t best_len = 0, ts = start, te = end;
    for (size_t x = 0; x < rule->info.n_replace; x++) {
        const uint32_t *key = rule->replace_fold + rule->replace_fold_off[x];
        size_t len = rule->replace_fold_off[x + 1] - rule->replace_fold_off[x];
        if (strcmp(rule->replace[x].term, "*") == 0) {
            if (star < 0)
                star = (long)x;
            continue;
        }
        if (len == 0 || len > nf || len <= best_len)
            continue;
        for (size_t p = 0; p + len <= nf; p++)
            if (memcmp(fold + p, key, len * sizeof *key) == 0) {
                best = (long)x;
                best_len = len;
                ts = from[p];
                te = from[p + len - 1] + 1;
                break;
            }
    }
    if (best < 0)
        best = star;
    if (best < 0)
        return 0;
    const zc_replace *rp = &rule->replace[best];
    *term = rp->term;
    size_t k = 0;
    for (; k < rp->n_texts && k < ZC_FIX_MAX; k++) {
        size_t s = ts, e = te;
        if (!rp->texts[k][0])
            widen_deletion(cps, n, &s, &e);
        out[k] = (zc_fix){rp->texts[k], s, e};
    }
    return k;
}

void zc_fixes_json(zc_buf *b, const zc_fix *fixes, size_t n, int compact)
{
    for (size_t i = 0; i < n; i++) {
        if (compact)
            zc_buf_puts(b, i ? ",[" : ",[[");
        else
            zc_buf_puts(b, i ? ",{\"text\":" : ",\"fixes\":[{\"text\":");
        zc_buf_json_str(b, fixes[i].text, strlen(fixes[i].text));
        zc_buf_puts(b, compact ? "," : ",\"start\":");
        zc_buf_uint(b, fixes[i].start);
        zc_buf_puts(b, compact ? "," : ",\"end\":");
        zc_buf_uint(b, fixes[i].end);
        zc_buf_putc(b, compact ? ']' : '}');
    }
    if (n)
        zc_buf_putc(b, ']');
}
