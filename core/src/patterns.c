/* Structured matchers (see patterns.h). Each is a small hand-written scanner, linear in the text. */
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

#include "identifier.h"

static const char *const names[ZC_PAT_COUNT] = {"number", "percent", "price",      "duration",          "multiple",
                                                "date",   "uscc",    "identifier", "invalid_identifier"};

int zc_pattern_by_name(const char *name)
{
    for (int i = 0; i < ZC_PAT_COUNT; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *zc_pattern_name(int kind)
{
    return kind >= 0 && kind < ZC_PAT_COUNT ? names[kind] : "?";
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_space(const zc_ntext *nt, size_t i)
{
    return nt->cp[i] == ' ' || nt->cp[i] == '\t';
}

/* End (exclusive) of the number starting at i (a digit not preceded by a digit): digits with single '.' or ','
 * between digits. */
static size_t number_end(const zc_ntext *nt, size_t i)
{
    size_t j = i;
    while (j < nt->n) {
        if (is_digit(nt->cp[j])) {
            j++;
        } else if ((nt->cp[j] == '.' || nt->cp[j] == ',') && j + 1 < nt->n && is_digit(nt->cp[j + 1]) && j > i) {
            j++;
        } else {
            break;
        }
    }
    return j;
}

static size_t skip_spaces(const zc_ntext *nt, size_t j)
{
    while (j < nt->n && is_space(nt, j))
        j++;
    return j;
}

/* 1 if the text at j starts with the UTF-32 string s (length n). */
static int at(const zc_ntext *nt, size_t j, const uint32_t *s, size_t n)
{
    if (j + n > nt->n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (nt->cp[j + k] != s[k])
            return 0;
    return 1;
}

static size_t one_of(const zc_ntext *nt, size_t j, const uint32_t *const *alts, const size_t *lens, size_t n_alts)
{
    for (size_t a = 0; a < n_alts; a++)
        if (at(nt, j, alts[a], lens[a]))
            return lens[a];
    return 0;
}

static const uint32_t u_tian[] = {0x5929}, u_ri[] = {0x65E5}, u_zhou[] = {0x5468}, u_xiaoshi[] = {0x5C0F, 0x65F6},
                      u_fenzhong[] = {0x5206, 0x949F}, u_geyue[] = {0x4E2A, 0x6708}, u_yue[] = {0x6708},
                      u_nian[] = {0x5E74}, u_miao[] = {0x79D2}, u_xingqi[] = {0x661F, 0x671F}, u_hao[] = {0x53F7},
                      u_yuan[] = {0x5143}, u_kuai[] = {0x5757}, u_bei[] = {0x500D},
                      u_baifenzhi[] = {0x767E, 0x5206, 0x4E4B}, u_shi[] = {0x5341}, u_bai[] = {0x767E},
                      u_wan[] = {0x4E07}, u_qian[] = {0x5343}, u_yi[] = {0x4EBF};

static size_t duration_unit(const zc_ntext *nt, size_t j)
{
    static const uint32_t *const alts[] = {u_xiaoshi, u_fenzhong, u_geyue, u_xingqi, u_tian,
                                           u_ri,      u_zhou,     u_yue,   u_nian,   u_miao};
    static const size_t lens[] = {2, 2, 2, 2, 1, 1, 1, 1, 1, 1};
    return one_of(nt, j, alts, lens, 10);
}

/* Chinese magnitude words that may follow a number: 十 百 千 万 亿. */
static size_t magnitude(const zc_ntext *nt, size_t j)
{
    size_t k = j;
    static const uint32_t *const alts[] = {u_shi, u_bai, u_qian, u_wan, u_yi};
    static const size_t lens[] = {1, 1, 1, 1, 1};
    size_t l;
    while (k < nt->n && (l = one_of(nt, k, alts, lens, 5)) > 0)
        k += l;
    return k - j;
}

static int usccchar(uint32_t c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z');
}

/* Identifier tokens from zc_id_scan, mapped from original code points to folded indexes. */
/* First folded index whose original index is >= cp (nt->orig is non-decreasing). */
static size_t folded_at(const zc_ntext *nt, size_t cp)
{
    size_t lo = 0, hi = nt->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nt->orig[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Identifier tokens from zc_id_scan, mapped from original code points to folded indexes. One scan for the
 * usual handful of tokens (a stack array); a second, allocated one only for texts with more. */
static void identifier_scan(int kind, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn, void *ctx)
{
    zc_id_span stack[32];
    zc_id_span *spans = stack;
    size_t total = zc_id_scan(text, len, NULL, stack, 32);
    if (total == 0 || nt->n == 0)
        return;
    if (total > 32) {
        spans = malloc(total * sizeof *spans);
        if (!spans)
            return;
        total = zc_id_scan(text, len, NULL, spans, total);
    }
    for (size_t i = 0; i < total; i++) {
        const zc_id_span *s = &spans[i];
        if (kind == ZC_PAT_INVALID_IDENTIFIER && (s->valid || s->severity < ZC_ID_SEV_WARNING))
            continue;
        if (s->cp_end <= s->cp_start || s->cp_end > nt->n_orig)
            continue;
        size_t fs = folded_at(nt, s->cp_start), fe = folded_at(nt, s->cp_end);
        if (fs >= nt->n || fe == 0 || fe <= fs)
            continue;
        if (fn(ctx, (zc_span){(uint32_t)fs, (uint32_t)(fe - 1)}))
            break;
    }
    if (spans != stack)
        free(spans);
}

void zc_pattern_scan(int kind, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn, void *ctx)
{
    size_t n = nt->n;
    if (kind == ZC_PAT_IDENTIFIER || kind == ZC_PAT_INVALID_IDENTIFIER) {
        identifier_scan(kind, text, len, nt, fn, ctx);
        return;
    }
    if (kind == ZC_PAT_USCC) {
        size_t i = 0;
        while (i < n) {
            if (!usccchar(nt->cp[i])) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && usccchar(nt->cp[j]))
                j++;
            if (j - i == 18) {
                int ok = 1;
                for (size_t k = i + 2; k < i + 8; k++)
                    ok &= is_digit(nt->cp[k]);
                if (ok && fn(ctx, (zc_span){(uint32_t)i, (uint32_t)(j - 1)}))
                    return;
            }
            i = j;
        }
        return;
    }
    if (kind == ZC_PAT_PERCENT) {
        /* 百分之 + number or Chinese magnitude */
        for (size_t i = 0; i + 3 < n; i++) {
            if (!at(nt, i, u_baifenzhi, 3))
                continue;
            size_t j = i + 3, before;
            do { /* 九十八, 99.5, 一百 … : digits and magnitude words alternate */
                before = j;
                if (j < n && is_digit(nt->cp[j]))
                    j = number_end(nt, j);
                j += magnitude(nt, j);
            } while (j > before && j < n);
            if (j > i + 3 && fn(ctx, (zc_span){(uint32_t)i, (uint32_t)(j - 1)}))
                return;
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t c = nt->cp[i];
        if (kind == ZC_PAT_PRICE && (c == 0xA5 || c == '$')) {
            size_t j = skip_spaces(nt, i + 1);
            if (j < n && is_digit(nt->cp[j])) {
                size_t e = number_end(nt, j);
                if (fn(ctx, (zc_span){(uint32_t)i, (uint32_t)(e - 1)}))
                    return;
                i = e - 1;
            }
            continue;
        }
        if (!is_digit(c) || (i > 0 && is_digit(nt->cp[i - 1])))
            continue;
        if (i > 0 && (nt->cp[i - 1] == '.' || nt->cp[i - 1] == ',') && i > 1 && is_digit(nt->cp[i - 2]))
            continue;
        size_t e = number_end(nt, i);
        size_t after = skip_spaces(nt, e);
        uint32_t span_end = 0;
        int found = 0;
        switch (kind) {
        case ZC_PAT_NUMBER:
            span_end = (uint32_t)(e - 1);
            found = 1;
            break;
        case ZC_PAT_PERCENT:
            if (after < n && (nt->cp[after] == '%' || nt->cp[after] == 0x2030)) {
                span_end = (uint32_t)after;
                found = 1;
            }
            break;
        case ZC_PAT_PRICE: {
            size_t m = after + magnitude(nt, after);
            if (m < n && (at(nt, m, u_yuan, 1) || at(nt, m, u_kuai, 1))) {
                span_end = (uint32_t)m;
                found = 1;
            }
            break;
        }
        case ZC_PAT_DURATION: {
            size_t m = after + magnitude(nt, after);
            size_t l = duration_unit(nt, m);
            if (l) {
                span_end = (uint32_t)(m + l - 1);
                found = 1;
            }
            break;
        }
        case ZC_PAT_MULTIPLE: {
            size_t m = after + magnitude(nt, after);
            if (m < n && at(nt, m, u_bei, 1)) {
                span_end = (uint32_t)m;
                found = 1;
            }
            break;
        }
        case ZC_PAT_DATE: {
            /* yyyy(年|-|/|.)m(月|-|/|.)d(日|号)? or m月d(日|号) */
            size_t j = e;
            int year = (e - i == 4);
            if (year && j < n && (at(nt, j, u_nian, 1) || nt->cp[j] == '-' || nt->cp[j] == '/')) {
                size_t k = skip_spaces(nt, j + 1);
                if (k < n && is_digit(nt->cp[k])) {
                    size_t me = number_end(nt, k);
                    if (me - k <= 2 && me < n && (at(nt, me, u_yue, 1) || nt->cp[me] == '-' || nt->cp[me] == '/')) {
                        size_t d = skip_spaces(nt, me + 1);
                        if (d < n && is_digit(nt->cp[d])) {
                            size_t de = number_end(nt, d);
                            if (de - d <= 2) {
                                if (de < n && (at(nt, de, u_ri, 1) || at(nt, de, u_hao, 1)))
                                    de++;
                                span_end = (uint32_t)(de - 1);
                                found = 1;
                            }
                        } else if (at(nt, me, u_yue, 1)) {
                            span_end = (uint32_t)me;
                            found = 1;
                        }
                    }
                }
            } else if (!year && e - i <= 2 && j < n && at(nt, j, u_yue, 1)) {
                size_t d = j + 1;
                if (d < n && is_digit(nt->cp[d])) {
                    size_t de = number_end(nt, d);
                    if (de - d <= 2 && de < n && (at(nt, de, u_ri, 1) || at(nt, de, u_hao, 1))) {
                        span_end = (uint32_t)de;
                        found = 1;
                    }
                }
            }
            break;
        }
        default:
            return;
        }
        if (found) {
            if (fn(ctx, (zc_span){(uint32_t)i, span_end}))
                return;
            i = span_end;
        } else {
            i = e - 1;
        }
    }
}
