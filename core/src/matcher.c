/* Aho-Corasick over folded code points.
 *
 * Code points are first mapped to dense symbols (only characters that occur in some pattern get one; every
 * other character is symbol 0 and sends the automaton to the root). The root has a dense row over all symbols;
 * other states keep their edges sorted by symbol (CSR layout) and fall back along failure links. Each state
 * ends at most one pattern (patterns are deduplicated) and links to the nearest state on its failure chain
 * that ends one, so reporting all hits costs one step per hit. */
#include "matcher.h"

#include <stdlib.h>
#include <string.h>

typedef struct zc_edge_tmp {
    uint32_t parent, sym, child;
} zc_edge_tmp;

struct zc_matcher {
    /* symbols */
    uint16_t *sym_bmp;     /* 65536 entries: BMP code point → symbol (0 = none) */
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
    uint32_t *root_next;  /* n_sym */
    uint32_t *edge_start; /* n_states + 1 */
    uint32_t *edge_sym, *edge_to;
    uint32_t *fail;
    int32_t *dict;      /* nearest state on the failure chain (excluding self) with an output, -1 none */
    int32_t *first_out; /* the state itself when it ends a pattern, else dict: one load per step in the scan */
};

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
    free(m->astral);
    free(m->hkeys);
    free(m->hvals);
    free(m->state_out);
    free(m->state_depth);
    free(m->pat_len);
    free(m->pat_state);
    free(m->root_next);
    free(m->edge_start);
    free(m->edge_sym);
    free(m->edge_to);
    free(m->fail);
    free(m->dict);
    free(m->first_out);
    free(m);
}

static uint32_t sym_lookup(const zc_matcher *m, uint32_t cp)
{
    if (cp < 65536)
        return m->sym_bmp[cp];
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

static int cmp_edge(const void *a, const void *b)
{
    const zc_edge_tmp *x = a, *y = b;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    if (x->sym != y->sym)
        return x->sym < y->sym ? -1 : 1;
    return 0;
}

static uint32_t edge_find(const zc_matcher *m, uint32_t s, uint32_t sym)
{
    uint32_t lo = m->edge_start[s], hi = m->edge_start[s + 1];
    if (hi - lo <= 6) { /* most states have a few edges: a linear scan beats the branches of a search */
        for (; lo < hi; lo++)
            if (m->edge_sym[lo] == sym)
                return m->edge_to[lo];
        return 0;
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t v = m->edge_sym[mid];
        if (v == sym)
            return m->edge_to[mid];
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
    m->edge_start = calloc(ns + 1, sizeof *m->edge_start);
    m->edge_sym = malloc((ne + 1) * sizeof *m->edge_sym);
    m->edge_to = malloc((ne + 1) * sizeof *m->edge_to);
    m->fail = calloc(ns, sizeof *m->fail);
    m->dict = malloc(ns * sizeof *m->dict);
    m->root_next = calloc(m->n_sym, sizeof *m->root_next);
    uint32_t *queue = malloc(ns * sizeof *queue);
    if (!tmp || !m->edge_start || !m->edge_sym || !m->edge_to || !m->fail || !m->dict || !m->root_next || !queue) {
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
    qsort(tmp, k, sizeof *tmp, cmp_edge);
    for (size_t i = 0; i < k; i++) {
        m->edge_start[tmp[i].parent + 1]++;
        m->edge_sym[i] = tmp[i].sym;
        m->edge_to[i] = tmp[i].child;
    }
    for (size_t s = 0; s < ns; s++)
        m->edge_start[s + 1] += m->edge_start[s];
    free(tmp);

    /* root row */
    for (uint32_t e = m->edge_start[0]; e < m->edge_start[1]; e++)
        m->root_next[m->edge_sym[e]] = m->edge_to[e];

    /* BFS for failure and dictionary links */
    size_t qh = 0, qt = 0;
    for (size_t s = 0; s < ns; s++)
        m->dict[s] = -1;
    for (uint32_t e = m->edge_start[0]; e < m->edge_start[1]; e++) {
        uint32_t c = m->edge_to[e];
        m->fail[c] = 0;
        queue[qt++] = c;
    }
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++) {
            uint32_t sym = m->edge_sym[e], c = m->edge_to[e];
            uint32_t f = m->fail[s];
            uint32_t t;
            for (;;) {
                t = f == 0 ? m->root_next[sym] : edge_find(m, f, sym);
                if (t || f == 0)
                    break;
                f = m->fail[f];
            }
            m->fail[c] = t;
            m->dict[c] = m->state_out[t] >= 0 ? (int32_t)t : m->dict[t];
            queue[qt++] = c;
        }
    }
    free(queue);
    m->first_out = malloc(ns * sizeof *m->first_out);
    if (!m->first_out)
        return -1;
    for (size_t st = 0; st < ns; st++)
        m->first_out[st] = m->state_out[st] >= 0 ? (int32_t)st : m->dict[st];
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

void zc_matcher_scan(const zc_matcher *m, const zc_ntext *nt, uint32_t *fed, zc_hit_fn fn, void *ctx)
{
    if (!m->compiled)
        return;
    const uint32_t *text = nt->cp;
    const uint8_t *cls = nt->cls;
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
        uint32_t sym = sym_lookup(m, text[i]);
        if (sym == 0) {
            s = 0;
            continue;
        }
        while (s != 0) {
            uint32_t t = edge_find(m, s, sym);
            if (t) {
                s = t;
                goto moved;
            }
            s = m->fail[s];
        }
        s = m->root_next[sym];
    moved:
        if (s == 0)
            continue;
        for (int32_t o = m->first_out[s]; o >= 0; o = m->dict[o]) {
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

size_t zc_matcher_memory(const zc_matcher *m)
{
    size_t b = 65536 * sizeof(uint16_t) + m->n_astral * 8;
    b += m->n_sym * sizeof(uint32_t);
    b += (m->n_states + 1) * sizeof(uint32_t) * 2 + m->n_states * (sizeof(int32_t) * 3 + sizeof(uint32_t));
    if (m->edge_start)
        b += m->edge_start[m->n_states] * sizeof(uint32_t) * 2;
    b += m->n_pat * sizeof(uint32_t) * 2;
    return b;
}
