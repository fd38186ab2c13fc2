/* Structured matchers (see patterns.h). Each is a small hand-written scanner, linear in the text. */
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

#include "identifier.h"

static const char *const names[ZC_PAT_COUNT] = {ZC_REGISTRY_PATTERN_NAMES};

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

/* Units that count shops, people, goods or places (家 人 件 台 户 个 位 名 次 份 盒 瓶 单 座 所 城 国 款 套 张 辆
 * 只 条 间 例 笔 册). */
static int count_unit(uint32_t c)
{
    static const uint32_t units[] = {0x5BB6, 0x4EBA, 0x4EF6, 0x53F0, 0x6237, 0x4E2A, 0x4F4D, 0x540D, 0x6B21,
                                     0x4EFD, 0x76D2, 0x74F6, 0x5355, 0x5EA7, 0x6240, 0x57CE, 0x56FD, 0x6B3E,
                                     0x5957, 0x5F20, 0x8F86, 0x53EA, 0x6761, 0x95F4, 0x4F8B, 0x7B14, 0x518C};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (c == units[k])
            return 1;
    return 0;
}

static int usccchar(uint32_t c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z');
}

/* Identifier tokens from zc_id_scan, mapped from original code points to folded indexes. */
/* First folded index whose original index is >= cp (nt->orig is non-decreasing). */
static size_t folded_at(const zc_ntext *nt, size_t cp)
{
    if (!nt->orig) /* the identity (zc_ntext_orig) */
        return cp < nt->n ? cp : nt->n;
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

typedef struct zc_id_emit {
    const zc_ntext *nt;
    zc_span_fn fn;
    void *const *ctxs;
    uint32_t kinds; /* identifier kinds still wanted */
} zc_id_emit;

/* Digits among the folded characters [fs, fe), counted up to 4. A prefix without its number (格式为“国食健注G”加
 * 8 位数字; 重新出发 read as 新出发…) names a kind of number, it is not a wrong one: in running text an
 * identifier is reported as invalid only when it carries some digits. */
static int digits_in(const zc_ntext *nt, size_t fs, size_t fe)
{
    int n = 0;
    for (size_t i = fs; i < fe && n < 4; i++)
        n += is_digit(nt->cp[i]);
    return n;
}

static int id_emit(void *ctx, const zc_id_span *s)
{
    zc_id_emit *x = ctx;
    const zc_ntext *nt = x->nt;
    if (s->cp_end <= s->cp_start || s->cp_end > nt->n_orig)
        return 0;
    size_t fs = folded_at(nt, s->cp_start), fe = folded_at(nt, s->cp_end);
    if (fs >= nt->n || fe == 0 || fe <= fs)
        return 0;
    zc_span sp = {(uint32_t)fs, (uint32_t)(fe - 1)};
    if ((x->kinds >> ZC_PAT_IDENTIFIER & 1u) && x->fn(x->ctxs[ZC_PAT_IDENTIFIER], sp))
        x->kinds &= ~(1u << ZC_PAT_IDENTIFIER);
    if ((x->kinds >> ZC_PAT_INVALID_IDENTIFIER & 1u) && !s->valid && s->severity >= ZC_ID_SEV_WARNING &&
        digits_in(nt, fs, fe) >= 4 && x->fn(x->ctxs[ZC_PAT_INVALID_IDENTIFIER], sp))
        x->kinds &= ~(1u << ZC_PAT_INVALID_IDENTIFIER);
    return x->kinds == 0;
}

/* Identifier tokens from zc_id_scan, mapped from original code points to folded indexes, for both identifier
 * kinds at once (bit k of `kinds` = kind k), in one scan. */
static void identifier_scan(uint32_t kinds, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn,
                            void *const ctxs[ZC_PAT_COUNT])
{
    if (nt->n == 0)
        return;
    zc_id_emit x = {nt, fn, ctxs, kinds};
    if (nt->ocp) /* the code points decoded already */
        zc_id_scan_each_cps(text, len, nt->ocp, nt->n_orig, NULL, id_emit, &x);
    else
        zc_id_scan_each(text, len, NULL, id_emit, &x);
}

/* Characters at which some structured matcher can start (folded ASCII): digits, a–z (uscc), '$' (price). */
static int ascii_cue(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '$';
}

/* The span ending a number that starts at i and ends (exclusive) at e, for one kind; returns 1 and sets *end
 * when the kind matches there. `after` = e past spaces, `mag` = after past magnitude words. */
static int number_kind(int kind, const zc_ntext *nt, size_t i, size_t e, size_t after, size_t mag, uint32_t *end)
{
    size_t n = nt->n;
    switch (kind) {
    case ZC_PAT_NUMBER:
        *end = (uint32_t)(e - 1);
        return 1;
    case ZC_PAT_PERCENT:
        if (after < n && (nt->cp[after] == '%' || nt->cp[after] == 0x2030)) {
            *end = (uint32_t)after;
            return 1;
        }
        return 0;
    case ZC_PAT_PRICE:
        if (mag < n && (nt->cp[mag] == u_yuan[0] || nt->cp[mag] == u_kuai[0])) {
            *end = (uint32_t)mag;
            return 1;
        }
        return 0;
    case ZC_PAT_DURATION: {
        size_t l = duration_unit(nt, mag);
        if (l) {
            *end = (uint32_t)(mag + l - 1);
            return 1;
        }
        return 0;
    }
    case ZC_PAT_QUANTITY: {
        /* number, magnitude words, 多/余/+, then a counting unit; or a number with 万/亿 and nothing more */
        size_t j = mag;
        int big = 0, mags = mag > after, small = e - i == 1 || nt->cp[i] == '0';
        for (size_t k = after; k < mag; k++)
            big |= nt->cp[k] == u_wan[0] || nt->cp[k] == u_yi[0];
        for (size_t k = i; k < e; k++)
            small |= nt->cp[k] == '.' && !mags; /* 5.1家庭影院, 一家四口: not a headcount */
        if (small && !mags)
            return 0;
        if (j < n && (nt->cp[j] == '+' || nt->cp[j] == 0x591A /* 多 */ || nt->cp[j] == 0x4F59 /* 余 */))
            j++;
        if (j < n && count_unit(nt->cp[j])) {
            *end = (uint32_t)j;
            return 1;
        }
        if (big) {
            *end = (uint32_t)(j - 1);
            return 1;
        }
        return 0;
    }
    case ZC_PAT_MULTIPLE:
        if (mag < n && nt->cp[mag] == u_bei[0]) {
            *end = (uint32_t)mag;
            return 1;
        }
        return 0;
    case ZC_PAT_DATE: {
        /* yyyy(年|-|/|.)m(月|-|/|.)d(日|号)? or m月d(日|号) */
        size_t j = e;
        int year = (e - i == 4);
        if (year && j < n && (nt->cp[j] == u_nian[0] || nt->cp[j] == '-' || nt->cp[j] == '/')) {
            size_t k = skip_spaces(nt, j + 1);
            if (k < n && is_digit(nt->cp[k])) {
                size_t me = number_end(nt, k);
                if (me - k <= 2 && me < n && (nt->cp[me] == u_yue[0] || nt->cp[me] == '-' || nt->cp[me] == '/')) {
                    size_t d = skip_spaces(nt, me + 1);
                    if (d < n && is_digit(nt->cp[d])) {
                        size_t de = number_end(nt, d);
                        if (de - d <= 2) {
                            if (de < n && (nt->cp[de] == u_ri[0] || nt->cp[de] == u_hao[0]))
                                de++;
                            *end = (uint32_t)(de - 1);
                            return 1;
                        }
                    } else if (nt->cp[me] == u_yue[0]) {
                        *end = (uint32_t)me;
                        return 1;
                    }
                }
            }
        } else if (!year && e - i <= 2 && j < n && nt->cp[j] == u_yue[0]) {
            size_t d = j + 1;
            if (d < n && is_digit(nt->cp[d])) {
                size_t de = number_end(nt, d);
                if (de - d <= 2 && de < n && (nt->cp[de] == u_ri[0] || nt->cp[de] == u_hao[0])) {
                    *end = (uint32_t)de;
                    return 1;
                }
            }
        }
        return 0;
    }
    default:
        return 0;
    }
}

/* All kinds in one pass over the text. Each kind keeps the position it would resume at in its
 * own scan (`next`), so the spans are exactly those of separate scans; characters that start nothing (all but
 * digits, a–z, ¥ $ and 百) are skipped by one test. */
void zc_pattern_scan_kinds(uint32_t kinds, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn,
                           void *const ctxs[ZC_PAT_COUNT])
{
    const uint32_t id_kinds = 1u << ZC_PAT_IDENTIFIER | 1u << ZC_PAT_INVALID_IDENTIFIER;
    if (kinds & id_kinds)
        identifier_scan(kinds & id_kinds, text, len, nt, fn, ctxs);
    const uint32_t num_kinds = 1u << ZC_PAT_NUMBER | 1u << ZC_PAT_PERCENT | 1u << ZC_PAT_PRICE | 1u << ZC_PAT_DURATION |
                               1u << ZC_PAT_MULTIPLE | 1u << ZC_PAT_DATE | 1u << ZC_PAT_QUANTITY;
    uint32_t active = kinds & (num_kinds | 1u << ZC_PAT_USCC);
    const uint32_t *cp = nt->cp;
    size_t n = nt->n;
    size_t next[ZC_PAT_COUNT] = {0};
    for (size_t i = 0; i < n && active; i++) {
        uint32_t c = cp[i];
        if (c < 0x80 ? !ascii_cue(c) : c != 0xA5 && c != u_bai[0])
            continue;
        if (c == u_bai[0]) {
            /* 百分之 + number or Chinese magnitude */
            if (!(active >> ZC_PAT_PERCENT & 1u) || i + 3 >= n || !at(nt, i, u_baifenzhi, 3))
                continue;
            size_t j = i + 3, before;
            do { /* 九十八, 99.5, 一百 … : digits and magnitude words alternate */
                before = j;
                if (j < n && is_digit(cp[j]))
                    j = number_end(nt, j);
                j += magnitude(nt, j);
            } while (j > before && j < n);
            if (j > i + 3 && fn(ctxs[ZC_PAT_PERCENT], (zc_span){(uint32_t)i, (uint32_t)(j - 1)}))
                active &= ~(1u << ZC_PAT_PERCENT);
            continue;
        }
        if ((active >> ZC_PAT_USCC & 1u) && i >= next[ZC_PAT_USCC] && usccchar(c)) {
            size_t j = i;
            while (j < n && usccchar(cp[j]))
                j++;
            if (j - i == 18) {
                int ok = 1;
                for (size_t k = i + 2; k < i + 8; k++)
                    ok &= is_digit(cp[k]);
                if (ok && fn(ctxs[ZC_PAT_USCC], (zc_span){(uint32_t)i, (uint32_t)(j - 1)}))
                    active &= ~(1u << ZC_PAT_USCC);
            }
            next[ZC_PAT_USCC] = j;
        }
        if (c == 0xA5 || c == '$') {
            if ((active >> ZC_PAT_PRICE & 1u) && i >= next[ZC_PAT_PRICE]) {
                size_t j = skip_spaces(nt, i + 1);
                if (j < n && is_digit(cp[j])) {
                    size_t e = number_end(nt, j);
                    if (fn(ctxs[ZC_PAT_PRICE], (zc_span){(uint32_t)i, (uint32_t)(e - 1)}))
                        active &= ~(1u << ZC_PAT_PRICE);
                    next[ZC_PAT_PRICE] = e;
                }
            }
            continue;
        }
        if (!is_digit(c) || (i > 0 && is_digit(cp[i - 1])))
            continue;
        if (i > 0 && (cp[i - 1] == '.' || cp[i - 1] == ',') && i > 1 && is_digit(cp[i - 2]))
            continue;
        uint32_t todo = 0;
        for (int k = 0; k <= ZC_PAT_QUANTITY; k++)
            if ((active >> k & 1u) && i >= next[k])
                todo |= 1u << k;
        todo &= num_kinds;
        if (!todo)
            continue;
        size_t e = number_end(nt, i);
        size_t after = skip_spaces(nt, e);
        size_t mag = todo & (1u << ZC_PAT_PRICE | 1u << ZC_PAT_DURATION | 1u << ZC_PAT_MULTIPLE | 1u << ZC_PAT_QUANTITY)
                         ? after + magnitude(nt, after)
                         : after;
        for (int k = 0; k <= ZC_PAT_QUANTITY; k++) {
            if (!(todo >> k & 1u))
                continue;
            uint32_t span_end;
            if (number_kind(k, nt, i, e, after, mag, &span_end)) {
                if (fn(ctxs[k], (zc_span){(uint32_t)i, span_end}))
                    active &= ~(1u << k);
                next[k] = (size_t)span_end + 1;
            } else {
                next[k] = e;
            }
        }
    }
}

void zc_pattern_scan(int kind, const char *text, size_t len, const zc_ntext *nt, zc_span_fn fn, void *ctx)
{
    void *ctxs[ZC_PAT_COUNT] = {0};
    if (kind < 0 || kind >= ZC_PAT_COUNT)
        return;
    ctxs[kind] = ctx;
    zc_pattern_scan_kinds(1u << kind, text, len, nt, fn, ctxs);
}
