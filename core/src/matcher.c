/* Aho-Corasick over folded code points.
 *
 * Code points are first mapped to dense symbols (only characters that occur in some pattern get one; every
 * other character is symbol 0 and sends the automaton to the root). The root has a dense row over all symbols;
 * other states keep their edges sorted by symbol (CSR layout, symbol and target side by side) and fall back
 * along failure links. Each state ends at most one pattern (patterns are deduplicated) and links to the nearest
 * state on its failure chain that ends one, so reporting all hits costs one step per hit.
 *
 * What the scan reads per character of a state sits in one 16-byte record (zc_mstate): the
 * failure link, the first output, the edge range and a 32-bit mask of the edges' symbols (bit sym % 32), so
 * the usual case, a character that continues no edge of the state, costs one record and no edge search. */
#include "matcher.h"

#include <stdlib.h>
#include <string.h>

typedef struct zc_edge_tmp {
    uint32_t parent, sym, child;
} zc_edge_tmp;

/* A compiled state: edges of state s are edges[st[s].edge .. st[s + 1].edge) (a sentinel record ends them). */
typedef struct zc_mstate {
    uint32_t mask;     /* bit (sym % 32) set for the symbol of each edge */
    uint32_t edge;     /* first edge */
    uint32_t fail;     /* failure link */
    int32_t first_out; /* the state itself when it ends a pattern, else the dictionary link: -1 none */
} zc_mstate;

typedef struct zc_medge {
    uint32_t sym, to;
} zc_medge;

struct zc_matcher {
    /* symbols */
    uint16_t *sym_bmp;     /* 65536 entries: BMP code point → symbol (0 = none); freed by compile */
    uint32_t *cp_info;     /* compiled: 65536 entries, BMP code point → symbol | root_next[symbol] << 16, bit 31
                            * set when that root successor ends a pattern */
    uint32_t (*astral)[2]; /* sorted (code point, symbol) for characters beyond the BMP */
    size_t n_astral, cap_astral;
    uint32_t n_sym; /* symbols in use + 1 */

    /* build-time trie: hash (parent, sym) → child */
    uint64_t *hkeys;
    uint32_t *hvals;
    size_t hcap, hcount;
    uint32_t n_states;
    int32_t *state_out; /* pattern ending at state, -1 none (grown with states) */
    uint32_t *state_depth;
    size_t cap_states;

    /* patterns */
    uint32_t *pat_len;
    uint32_t *pat_state;
    size_t n_pat, cap_pat;

    /* compiled */
    int compiled;
    uint32_t *root_next; /* n_sym */
    zc_mstate *st;       /* n_states + 1 */
    zc_medge *edges;
    int32_t *dict; /* nearest state on the failure chain (excluding self) with an output, -1 none */
    uint32_t d1;   /* the children of the root are states 1 .. d1 */
    /* bit pair_hash(s, sym) set for each edge of the children of the root (a Bloom filter with one hash): a clear
     * bit lets the scan step from such a state to the root's successor without reading the state's record */
    uint64_t pair_bloom[1024];
};

static inline uint32_t pair_hash(uint32_t s, uint32_t sym)
{
    return ((s << 16 ^ sym) * 0x9E3779B1u) >> 16;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

zc_matcher *zc_matcher_new(void)
{
    zc_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->sym_bmp = calloc(65536, sizeof *m->sym_bmp);
    m->hcap = 1024;
    m->hkeys = malloc(m->hcap * sizeof *m->hkeys);
    m->hvals = malloc(m->hcap * sizeof *m->hvals);
    if (!m->sym_bmp || !m->hkeys || !m->hvals) {
        zc_matcher_free(m);
        return NULL;
    }
    memset(m->hkeys, 0xFF, m->hcap * sizeof *m->hkeys);
    m->n_sym = 1;
    m->n_states = 1; /* root = 0 */
    if (grow((void **)&m->state_out, &m->cap_states, 1024, sizeof *m->state_out)) {
        zc_matcher_free(m);
        return NULL;
    }
    size_t cap = 0;
    if (grow((void **)&m->state_depth, &cap, m->cap_states, sizeof *m->state_depth)) {
        zc_matcher_free(m);
        return NULL;
    }
    m->state_out[0] = -1;
    m->state_depth[0] = 0;
    return m;
}

void zc_matcher_free(zc_matcher *m)
{
    if (!m)
        return;
    free(m->sym_bmp);
    free(m->cp_info);
    free(m->astral);
    free(m->hkeys);
    free(m->hvals);
    free(m->state_out);
    free(m->state_depth);
    free(m->pat_len);
    free(m->pat_state);
    free(m->root_next);
    free(m->st);
    free(m->edges);
    free(m->dict);
    free(m);
}

static uint32_t sym_lookup(const zc_matcher *m, uint32_t cp)
{
    if (cp < 65536)
        return m->cp_info ? m->cp_info[cp] & 0xFFFFu : m->sym_bmp[cp];
    size_t lo = 0, hi = m->n_astral;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->astral[mid][0] == cp)
            return m->astral[mid][1];
        if (m->astral[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int64_t sym_intern(zc_matcher *m, uint32_t cp)
{
    uint32_t s = sym_lookup(m, cp);
    if (s)
        return s;
    if (m->n_sym >= 65535 && cp < 65536)
        return -1;
    s = m->n_sym++;
    if (cp < 65536) {
        m->sym_bmp[cp] = (uint16_t)s;
        return s;
    }
    if (grow((void **)&m->astral, &m->cap_astral, m->n_astral + 1, sizeof *m->astral))
        return -1;
    size_t i = m->n_astral;
    while (i > 0 && m->astral[i - 1][0] > cp) {
        m->astral[i][0] = m->astral[i - 1][0];
        m->astral[i][1] = m->astral[i - 1][1];
        i--;
    }
    m->astral[i][0] = cp;
    m->astral[i][1] = s;
    m->n_astral++;
    return s;
}

static size_t hslot(uint64_t key, size_t cap)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return (size_t)key & (cap - 1);
}

static int hrehash(zc_matcher *m)
{
    size_t ncap = m->hcap * 2;
    uint64_t *nk = malloc(ncap * sizeof *nk);
    uint32_t *nv = malloc(ncap * sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    memset(nk, 0xFF, ncap * sizeof *nk);
    for (size_t i = 0; i < m->hcap; i++) {
        if (m->hkeys[i] == UINT64_MAX)
            continue;
        size_t j = hslot(m->hkeys[i], ncap);
        while (nk[j] != UINT64_MAX)
            j = (j + 1) & (ncap - 1);
        nk[j] = m->hkeys[i];
        nv[j] = m->hvals[i];
    }
    free(m->hkeys);
    free(m->hvals);
    m->hkeys = nk;
    m->hvals = nv;
    m->hcap = ncap;
    return 0;
}

/* Child of `parent` on `sym`, creating it when `create`; returns 0 (root is never a child) when absent. */
static int64_t child(zc_matcher *m, uint32_t parent, uint32_t sym, int create)
{
    uint64_t key = ((uint64_t)parent << 32) | sym;
    size_t j = hslot(key, m->hcap);
    while (m->hkeys[j] != UINT64_MAX) {
        if (m->hkeys[j] == key)
            return m->hvals[j];
        j = (j + 1) & (m->hcap - 1);
    }
    if (!create)
        return 0;
    if ((m->hcount + 1) * 2 > m->hcap) {
        if (hrehash(m))
            return -1;
        return child(m, parent, sym, create);
    }
    size_t cap_depth = m->cap_states;
    if (grow((void **)&m->state_out, &m->cap_states, (size_t)m->n_states + 1, sizeof *m->state_out) ||
        grow((void **)&m->state_depth, &cap_depth, m->cap_states, sizeof *m->state_depth))
        return -1;
    uint32_t s = m->n_states++;
    m->state_out[s] = -1;
    m->state_depth[s] = m->state_depth[parent] + 1;
    m->hkeys[j] = key;
    m->hvals[j] = s;
    m->hcount++;
    return s;
}

int32_t zc_matcher_add(zc_matcher *m, const uint32_t *cps, size_t n)
{
    if (m->compiled || n == 0)
        return -1;
    uint32_t s = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t sym = sym_intern(m, cps[i]);
        if (sym < 0)
            return -1;
        int64_t c = child(m, s, (uint32_t)sym, 1);
        if (c < 0)
            return -1;
        s = (uint32_t)c;
    }
    if (m->state_out[s] >= 0)
        return m->state_out[s];
    size_t cap2 = m->cap_pat;
    if (grow((void **)&m->pat_len, &m->cap_pat, m->n_pat + 1, sizeof *m->pat_len) ||
        grow((void **)&m->pat_state, &cap2, m->cap_pat, sizeof *m->pat_state))
        return -1;
    int32_t id = (int32_t)m->n_pat++;
    m->pat_len[id] = (uint32_t)n;
    m->pat_state[id] = s;
    m->state_out[s] = id;
    return id;
}

/* Target of the edge of state s on `sym`, 0 when none. */
static inline uint32_t edge_find(const zc_matcher *m, uint32_t s, uint32_t sym)
{
    const zc_mstate *st = &m->st[s];
    if (!(st->mask >> (sym & 31u) & 1u))
        return 0;
    uint32_t lo = st->edge, hi = st[1].edge;
    const zc_medge *e = m->edges;
    if (hi - lo <= 8) { /* most states have a few edges: a linear scan beats the branches of a search */
        for (; lo < hi; lo++)
            if (e[lo].sym == sym)
                return e[lo].to;
        return 0;
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t v = e[mid].sym;
        if (v == sym)
            return e[mid].to;
        if (v < sym)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int zc_matcher_compile(zc_matcher *m)
{
    if (m->compiled)
        return 0;
    size_t ns = m->n_states, ne = m->hcount;
    zc_edge_tmp *tmp = malloc((ne + 1) * sizeof *tmp);
    m->st = calloc(ns + 1, sizeof *m->st);
    m->edges = malloc((ne + 1) * sizeof *m->edges);
    m->dict = malloc(ns * sizeof *m->dict);
    m->root_next = calloc(m->n_sym, sizeof *m->root_next);
    uint32_t *queue = malloc(ns * sizeof *queue);
    if (!tmp || !m->st || !m->edges || !m->dict || !m->root_next || !queue) {
        free(tmp);
        free(queue);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < m->hcap; i++) {
        if (m->hkeys[i] == UINT64_MAX)
            continue;
        tmp[k].parent = (uint32_t)(m->hkeys[i] >> 32);
        tmp[k].sym = (uint32_t)(m->hkeys[i] & 0xFFFFFFFFu);
        tmp[k].child = m->hvals[i];
        k++;
    }
    /* states renumbered by depth (then by creation): the children of the root get the smallest
     * numbers (below 2^16 whenever the BMP symbols do, so cp_info can hold them) and sit together */
    uint32_t *newid = malloc(ns * sizeof *newid);
    int32_t *out2 = malloc(ns * sizeof *out2);
    uint32_t max_depth = 0;
    for (size_t s = 0; s < ns; s++)
        if (m->state_depth[s] > max_depth)
            max_depth = m->state_depth[s];
    uint32_t *depth_start = calloc((size_t)max_depth + 2, sizeof *depth_start);
    if (!newid || !out2 || !depth_start) {
        free(newid);
        free(out2);
        free(depth_start);
        free(tmp);
        free(queue);
        return -1;
    }
    for (size_t s = 0; s < ns; s++)
        depth_start[m->state_depth[s] + 1]++;
    for (uint32_t d = 0; d <= max_depth; d++)
        depth_start[d + 1] += depth_start[d];
    for (size_t s = 0; s < ns; s++)
        newid[s] = depth_start[m->state_depth[s]]++;
    for (size_t s = 0; s < ns; s++)
        out2[newid[s]] = m->state_out[s];
    memcpy(m->state_out, out2, ns * sizeof *out2);
    for (size_t s = 0; s < ns; s++)
        out2[newid[s]] = (int32_t)m->state_depth[s];
    memcpy(m->state_depth, out2, ns * sizeof *out2);
    for (size_t p = 0; p < m->n_pat; p++)
        m->pat_state[p] = newid[m->pat_state[p]];
    for (size_t i = 0; i < k; i++) {
        tmp[i].parent = newid[tmp[i].parent];
        tmp[i].child = newid[tmp[i].child];
    }
    free(newid);
    free(out2);
    free(depth_start);
    /* edges ordered by (parent, symbol) with two counting sorts (symbol, then
     * stably parent) instead of qsort: ~11 M instructions less for the built-in packs */
    size_t n_cnt = (m->n_sym > ns ? m->n_sym : ns) + 1;
    uint32_t *cnt = calloc(n_cnt, sizeof *cnt);
    zc_edge_tmp *by_sym = malloc((k + 1) * sizeof *by_sym);
    if (!cnt || !by_sym) {
        free(cnt);
        free(by_sym);
        free(tmp);
        free(queue);
        return -1;
    }
    for (size_t i = 0; i < k; i++)
        cnt[tmp[i].sym + 1]++;
    for (size_t y = 0; y + 1 < n_cnt; y++)
        cnt[y + 1] += cnt[y];
    for (size_t i = 0; i < k; i++)
        by_sym[cnt[tmp[i].sym]++] = tmp[i];
    free(tmp);
    for (size_t i = 0; i < k; i++) {
        m->st[by_sym[i].parent + 1].edge++;
        m->st[by_sym[i].parent].mask |= 1u << (by_sym[i].sym & 31u);
    }
    for (size_t s = 0; s < ns; s++) {
        m->st[s + 1].edge += m->st[s].edge;
        cnt[s] = m->st[s].edge;
    }
    for (size_t i = 0; i < k; i++) {
        uint32_t at = cnt[by_sym[i].parent]++;
        m->edges[at].sym = by_sym[i].sym;
        m->edges[at].to = by_sym[i].child;
    }
    free(by_sym);
    free(cnt);

    /* root row */
    for (uint32_t e = m->st[0].edge; e < m->st[1].edge; e++)
        m->root_next[m->edges[e].sym] = m->edges[e].to;

    /* BFS for failure and dictionary links */
    size_t qh = 0, qt = 0;
    for (size_t s = 0; s < ns; s++)
        m->dict[s] = -1;
    for (uint32_t e = m->st[0].edge; e < m->st[1].edge; e++) {
        uint32_t c = m->edges[e].to;
        m->st[c].fail = 0;
        queue[qt++] = c;
    }
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (uint32_t e = m->st[s].edge; e < m->st[s + 1].edge; e++) {
            uint32_t sym = m->edges[e].sym, c = m->edges[e].to;
            uint32_t f = m->st[s].fail;
            uint32_t t;
            for (;;) {
                t = f == 0 ? m->root_next[sym] : edge_find(m, f, sym);
                if (t || f == 0)
                    break;
                f = m->st[f].fail;
            }
            m->st[c].fail = t;
            m->dict[c] = m->state_out[t] >= 0 ? (int32_t)t : m->dict[t];
            queue[qt++] = c;
        }
    }
    free(queue);
    for (size_t s = 0; s < ns; s++)
        m->st[s].first_out = m->state_out[s] >= 0 ? (int32_t)s : m->dict[s];
    /* the scan steps from the root through root_next alone: an empty mask sends it there */
    m->st[0].mask = 0;
    m->st[0].fail = 0;
    m->st[0].first_out = -1;
    /* symbol and root successor of each BMP character in one load, when every root successor fits 15 bits */
    m->d1 = m->st[1].edge - m->st[0].edge;
    int small = m->d1 < 32768;
    if (small) {
        /* a character without a symbol gets 0: symbol 0, root successor 0 (the
         * root's edges all have symbols >= 1) and the root ends no pattern */
        m->cp_info = calloc(65536, sizeof *m->cp_info);
        if (!m->cp_info)
            return -1;
        for (uint32_t c = 0; c < 65536; c++) {
            if (!m->sym_bmp[c])
                continue;
            uint32_t r = m->root_next[m->sym_bmp[c]];
            m->cp_info[c] = m->sym_bmp[c] | r << 16 | (uint32_t)(m->st[r].first_out >= 0) << 31;
        }
        free(m->sym_bmp);
        m->sym_bmp = NULL;
        for (uint32_t c = 1; c <= m->d1; c++)
            for (uint32_t e = m->st[c].edge; e < m->st[c + 1].edge; e++) {
                uint32_t h = pair_hash(c, m->edges[e].sym);
                m->pair_bloom[h >> 6] |= 1ull << (h & 63u);
            }
    }
    /* the build hash is no longer needed */
    free(m->hkeys);
    free(m->hvals);
    m->hkeys = NULL;
    m->hvals = NULL;
    m->hcap = 0;
    m->compiled = 1;
    return 0;
}

size_t zc_matcher_pattern_count(const zc_matcher *m)
{
    return m->n_pat;
}

size_t zc_matcher_pattern_len(const zc_matcher *m, int32_t id)
{
    return id >= 0 && (size_t)id < m->n_pat ? m->pat_len[id] : 0;
}

/* Index of the first character of a match of `len` fed (WORD) characters ending at `end`. */
static uint32_t match_start(const uint8_t *cls, size_t end, uint32_t len)
{
    size_t i = end;
    for (uint32_t need = len - 1; need > 0;) {
        i--;
        need -= cls[i] == ZC_WORD;
    }
    return (uint32_t)i;
}

/* The scan; inlined twice by zc_matcher_scan so that the usual case (no `fed` array, a cp_info table) tests
 * neither per character. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void
scan_impl(const zc_matcher *m, const zc_ntext *nt, uint32_t *fed, const uint32_t *cp_info, zc_hit_fn fn, void *ctx)
{
    const uint32_t *text = nt->cp;
    const uint8_t *cls = nt->cls;
    const zc_mstate *sts = m->st;
    const uint64_t *bloom = m->pair_bloom;
    const uint32_t d1 = m->d1;
    uint32_t s = 0;
    size_t k = 0; /* characters fed */
    for (size_t i = 0; i < nt->n; i++) {
        uint8_t c = cls[i];
        if (c != ZC_WORD) {
            if (c == ZC_STOP)
                s = 0;
            continue;
        }
        if (fed)
            fed[k++] = (uint32_t)i;
        uint32_t cp = text[i], sym, root;
        if (cp < 65536 && cp_info) {
            uint32_t info = cp_info[cp];
            sym = info & 0xFFFFu;
            root = info >> 16 & 0x7FFFu;
            /* from the root or one of its children, on a pair that the filter rules out: straight
             * to the root's successor, whose output the table tells, without reading a state record */
            uint32_t h = pair_hash(s, sym);
            if (s <= d1 && !(bloom[h >> 6] >> (h & 63u) & 1u)) {
                s = root;
                if (!(info >> 31))
                    continue;
                goto moved;
            }
        } else {
            sym = sym_lookup(m, cp);
            root = m->root_next[sym];
        }
        const zc_mstate *st = &sts[s];
        /* the usual step: no edge of s on sym (the mask says so) and s fails to the root (the
         * root itself, whose record has an empty mask; symbol 0, a character of no pattern, has an empty root
         * entry): one predictable branch */
        if (((st->mask >> (sym & 31u) & 1u) | st->fail) != 0) {
            while (s != 0) {
                uint32_t t = edge_find(m, s, sym);
                if (t) {
                    s = t;
                    goto moved;
                }
                s = sts[s].fail;
            }
        }
        s = root;
    moved:
        for (int32_t o = sts[s].first_out; o >= 0; o = m->dict[o]) {
            int32_t p = m->state_out[o];
            uint32_t len = m->pat_len[p];
            zc_hit h;
            h.pattern = p;
            h.start = fed ? fed[k - len] : match_start(cls, i, len);
            h.end = (uint32_t)i;
            if (fn(ctx, &h))
                return;
        }
    }
}

void zc_matcher_scan(const zc_matcher *m, const zc_ntext *nt, uint32_t *fed, zc_hit_fn fn, void *ctx)
{
    if (!m->compiled)
        return;
    if (!fed && m->cp_info) /* the check's case */
        scan_impl(m, nt, NULL, m->cp_info, fn, ctx);
    else
        scan_impl(m, nt, fed, m->cp_info, fn, ctx);
}

int zc_matcher_max_chain(const zc_matcher *m, const uint32_t *weight, uint64_t *max, int32_t *worst)
{
    *max = 0;
    *worst = -1;
    if (!m->compiled)
        return -1;
    size_t ns = m->n_states;
    uint64_t *sum = malloc((ns ? ns : 1) * sizeof *sum);
    if (!sum)
        return -1;
    /* states are numbered by depth and a dictionary link goes to a shallower state: one pass in id order */
    for (size_t s = 0; s < ns; s++) {
        int32_t own = m->state_out[s], d = m->dict[s];
        sum[s] = (own >= 0 ? weight[own] : 0) + (s > 0 && d >= 0 ? sum[d] : 0);
        if (sum[s] > *max) {
            *max = sum[s];
            *worst = own >= 0 ? own : m->state_out[m->st[s].first_out];
        }
    }
    free(sum);
    return 0;
}

size_t zc_matcher_memory(const zc_matcher *m)
{
    size_t b = 65536 * (m->cp_info ? sizeof(uint32_t) : sizeof(uint16_t)) + m->n_astral * 8;
    b += m->n_sym * sizeof(uint32_t);
    b += (m->n_states + 1) * sizeof(zc_mstate) + m->n_states * (sizeof(int32_t) * 2 + sizeof(uint32_t));
    if (m->st)
        b += m->st[m->n_states].edge * sizeof(zc_medge);
    b += m->n_pat * sizeof(uint32_t) * 2;
    return b;
}
