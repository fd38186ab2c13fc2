/* Anchors and the in-text scan (see identifier.h zc_id_scan): matching the anchors of identifier_kinds.h, compiled
 * by tools/gen-id-table.mjs into zc_id_table.h, for zc_id_identify and for the scan, and the scan's prefilters, which
 * skip every character at which no in-text anchor can start. */
#include "identifier_int.h"
#include "zc_id_table.h" /* generated into build/gen from identifier_kinds.h */

unsigned zc_id_prov_of(uint32_t cp)
{
    return zc_prov_lookup(cp);
}

/* ------------------------------------------------------------------------------------------------ */
/* Anchors                                                                                            */

/* Whether pattern element e accepts the folded character cp. */
static inline bool zc_el_ok(uint32_t e, uint32_t cp)
{
    if (e >= 0x20 && e < ZC_EL_SET)
        return e == cp;
    switch (e) {
    case ZC_EL_PROV:
        return zc_prov_lookup(cp) != 0;
    case ZC_EL_CJK:
        return zc_is_cjk(cp);
    case ZC_EL_OPEN:
        return zc_is_open(cp);
    case ZC_EL_CLOSE:
        return zc_is_close(cp);
    case ZC_EL_DIGIT:
        return zc_is_digit(cp);
    case ZC_EL_BARE:
        return zc_is_alnum(cp);
    default:
        for (const uint16_t *m = zc_id_sets + (e - ZC_EL_SET); *m; m++)
            if (*m == cp)
                return true;
        return false;
    }
}

/* Match anchor a at the cursor: true with the cursor after its consumed part and *h filled, false with the cursor
 * unchanged. */
static bool zc_id_match(const zc_id_anchor *a, zc_cur *c, zc_id_hit *h)
{
    *h = (zc_id_hit){a, (zc_id_kind)a->kind, zc_id_specs[a->spec], c->pos, 0, 0, 0, false};
    size_t look_pos = c->pos;
    for (unsigned k = 0; k < a->n_el; k++) {
        uint32_t e = zc_id_els[a->el + k];
        if (k == a->look)
            look_pos = c->pos;
        uint32_t cp = zc_cur_next(c);
        if (!zc_el_ok(e, cp)) {
            c->pos = h->start;
            return false;
        }
        if (e == ZC_EL_PROV && !h->prov)
            h->prov = zc_prov_lookup(cp), h->abbr = cp;
        else if (e == ZC_EL_CJK)
            h->city = cp;
        else if (e == ZC_EL_OPEN)
            h->open = true;
    }
    if (a->look < a->n_el)
        c->pos = look_pos;
    return true;
}

void zc_id_anchor_literal(const zc_id_anchor *a, char *buf, size_t cap)
{
    size_t n = 0;
    for (unsigned k = 0; k < a->look && cap; k++) {
        uint32_t e = zc_id_els[a->el + k];
        char u[4];
        size_t m = e >= 0x20 && e < ZC_EL_SET ? zc_utf8_put(e, u) : 0;
        if (n + m + 1 > cap)
            break;
        memcpy(buf + n, u, m);
        n += m;
    }
    if (cap)
        buf[n] = '\0';
}

/* Anchor a at `start` (its first element tested on c1, the folded first character, before anything is decoded). */
static int zc_id_try(const zc_id_anchor *a, zc_cur *c, size_t start, uint32_t c1, const zc_id_options *o,
                     zc_id_info *out)
{
    zc_id_hit h;
    c->pos = start;
    if (!zc_el_ok(zc_id_els[a->el], c1) || !zc_id_match(a, c, &h))
        return 0;
    return zc_id_checkers[a->check](c, o, out, &h);
}

int zc_id_parse(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    size_t start = c->pos;
    uint32_t c1 = zc_cur_peek(c);
    int r = 0;
    /* table order, the bare run last */
    for (size_t i = 0; i < ZC_ID_N_ANCHORS && !r; i++)
        if (i != ZC_ID_BARE_ANCHOR)
            r = zc_id_try(&zc_id_anchors[i], c, start, c1, o, out);
    if (!r && ZC_ID_BARE_ANCHOR < ZC_ID_N_ANCHORS)
        r = zc_id_try(&zc_id_anchors[ZC_ID_BARE_ANCHOR], c, start, c1, o, out);
    if (!r)
        c->pos = start;
    return r;
}

/* ------------------------------------------------------------------------------------------------ */
/* Scan                                                                                               */

static bool zc_has_label_before(const unsigned char *s, size_t tok)
{
    static const char *const labels[] = {
#define ZC_ID_LABEL(text) text,
#include "identifier_kinds.h"
    };
    size_t from = tok;
    for (int k = 0; k < 12 && from > 0; k++) {
        from--;
        while (from > 0 && (s[from] & 0xC0) == 0x80)
            from--;
    }
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t m = strlen(labels[i]);
        for (size_t j = from; j + m <= tok; j++)
            if (memcmp(s + j, labels[i], m) == 0)
                return true;
    }
    return false;
}

static size_t zc_count_cps(const unsigned char *s, size_t from, size_t to)
{
    size_t n = 0;
    while (from < to) {
        size_t adv;
        zc_utf8_at(s, to, from, &adv);
        from += adv;
        n++;
    }
    return n;
}

/* The in-text anchors that can start with the non-ASCII folded character cp: a list of zc_id_lists, 0 for none. */
static inline unsigned zc_hash_list(uint32_t cp)
{
    uint32_t h = (uint32_t)(cp * ZC_ID_HASH_MUL) >> ZC_ID_HASH_SHIFT;
    return zc_id_slots[h].cp == cp ? zc_id_slots[h].list : 0;
}

/* The same for any folded character. */
static inline unsigned zc_first_list(uint32_t cp)
{
    if (cp < 128)
        return zc_id_ascii_list[cp];
    return cp <= 0xFFFF ? zc_hash_list(cp) : 0;
}

/* A list that holds the bare run only: a run of letters and digits that no anchored pattern starts. */
static inline bool zc_bare_only(unsigned list)
{
    return zc_id_lists[list] == ZC_ID_BARE_ANCHOR && zc_id_lists[list + 1] == 0xFF;
}

/* Folded code point at byte `pos` (ZC_EOF past the end), as the scan-mode cursor reads it. */
static uint32_t zc_peek_at(const unsigned char *s, size_t len, size_t pos, size_t *adv)
{
    if (pos >= len) {
        *adv = 0;
        return ZC_EOF;
    }
    return zc_fold(zc_utf8_at(s, len, pos, adv));
}

/* Prefilter for a non-alphanumeric start with anchor list `list`: whether some anchor of the list accepts c2 as its
 * second character and, when that is a [C], c3 as its third. */
static bool zc_list_may_start(unsigned list, uint32_t c2, uint32_t c3)
{
    for (const uint8_t *ix = zc_id_lists + list; *ix != 0xFF; ix++) {
        const zc_id_anchor *a = &zc_id_anchors[*ix];
        if (a->n_el < 2)
            return true;
        uint32_t e = zc_id_els[a->el + 1];
        if (zc_el_ok(e, c2) && (e != ZC_EL_CJK || a->n_el < 3 || zc_el_ok(zc_id_els[a->el + 2], c3)))
            return true;
    }
    return false;
}

/* The same for a start whose next character is at byte `pos`. */
static bool zc_may_start(const unsigned char *s, size_t len, size_t pos, unsigned list)
{
    size_t adv, adv3;
    uint32_t c2 = zc_peek_at(s, len, pos, &adv);
    return zc_list_may_start(list, c2, zc_is_cjk(c2) ? zc_peek_at(s, len, pos + adv, &adv3) : ZC_EOF);
}

/* The same for the character `cps[i]` of a text decoded into `cps` (n code points, the same as zc_utf8_at reads:
 * see zc_cp_bytes), without decoding the UTF-8 again. */
static bool zc_may_start_cps(const uint32_t *cps, size_t n, size_t i, unsigned list)
{
    uint32_t c2 = i + 1 < n ? zc_fold(cps[i + 1]) : ZC_EOF;
    return zc_list_may_start(list, c2, zc_is_cjk(c2) && i + 2 < n ? zc_fold(cps[i + 2]) : ZC_EOF);
}

typedef struct zc_id_collect {
    zc_id_span *spans;
    size_t cap, found;
} zc_id_collect;

static int zc_id_collect_span(void *ctx, const zc_id_span *span)
{
    zc_id_collect *c = ctx;
    if (c->found < c->cap && c->spans)
        c->spans[c->found] = *span;
    c->found++;
    return 0;
}

size_t zc_id_scan(const char *text, size_t len, const zc_id_options *opts, zc_id_span *spans, size_t cap)
{
    zc_id_collect c = {spans, cap, 0};
    zc_id_scan_each(text, len, opts, zc_id_collect_span, &c);
    return c.found;
}

/* State of one scan: where it is (byte and code point), whether the character before is a letter or digit. */
typedef struct zc_id_scan_state {
    const unsigned char *s;
    size_t len, pos, cp_index, found;
    bool prev_alnum;
    const zc_id_options *opts;
    zc_id_span_fn fn;
    void *ctx;
} zc_id_scan_state;

/* The anchors of `list` at a candidate start `st->pos`. Returns 1 when a token was taken (st moved past it,
 * st->cp_index counted), 2 when fn asked to stop, 0 when nothing starts here (st unchanged). */
static int zc_id_try_start(zc_id_scan_state *st, unsigned list)
{
    const unsigned char *s = st->s;
    size_t len = st->len, pos = st->pos;
    zc_id_info tmp; /* scratch, only written when a checker recognises something */
    for (const uint8_t *ix = zc_id_lists + list; *ix != 0xFF; ix++) {
        const zc_id_anchor *a = &zc_id_anchors[*ix];
        zc_cur c = {s, len, pos, false};
        zc_id_hit h;
        if (!zc_id_match(a, &c, &h))
            continue;
        int r = zc_id_checkers[a->check](&c, st->opts, &tmp, &h);
        if (!r)
            continue;
        bool take = r == 2;
        if (r == 1 &&
            (tmp.kind == ZC_ID_USCC || tmp.kind == ZC_ID_REGISTRATION_NUMBER || tmp.kind == ZC_ID_ORGANIZATION_CODE) &&
            !zc_is_alnum(zc_cur_peek(&c)) && zc_has_label_before(s, pos))
            take = true;
        if (take && c.pos > pos) {
            size_t n_cps = zc_count_cps(s, pos, c.pos);
            zc_id_span sp;
            zc_id_info check;
            zc_id_identify_ex((const char *)s + pos, c.pos - pos, st->opts, &check);
            sp.byte_start = pos;
            sp.byte_end = c.pos;
            sp.cp_start = st->cp_index;
            sp.cp_end = st->cp_index + n_cps;
            sp.kind = check.kind;
            sp.valid = check.valid;
            sp.severity = check.severity;
            st->found++;
            if (st->fn(st->ctx, &sp))
                return 2;
            st->cp_index += n_cps;
            size_t last = c.pos - 1;
            while (last > pos && (s[last] & 0xC0) == 0x80)
                last--;
            size_t a2;
            st->prev_alnum = zc_is_alnum(zc_fold(zc_utf8_at(s, len, last, &a2)));
            st->pos = c.pos;
            return 1;
        }
        break; /* the first anchor whose checker recognises the start decides */
    }
    return 0;
}

size_t zc_id_scan_each(const char *text, size_t len, const zc_id_options *opts, zc_id_span_fn fn, void *ctx)
{
    if (!text)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    zc_id_scan_state st = {s, len, 0, 0, 0, false, opts, fn, ctx};
    while (st.pos < len) {
        size_t adv, pos = st.pos;
        uint32_t cp;
        unsigned b0 = s[pos];
        /* fast path: a CJK character (U+3100–U+CFFF, where zc_fold changes nothing) that cannot start a token */
        if (b0 >= 0xE3 && b0 <= 0xEC && len - pos >= 3 &&
            ((s[pos + 1] & 0xC0u) | (s[pos + 2] & 0xC0u) << 8) == 0x8080u) {
            cp = (uint32_t)(b0 & 0x0F) << 12 | (uint32_t)(s[pos + 1] & 0x3F) << 6 | (s[pos + 2] & 0x3F);
            if (cp >= 0x3100 && !zc_hash_list(cp)) {
                st.prev_alnum = false;
                st.pos += 3;
                st.cp_index++;
                continue;
            }
        }
        /* fast paths for ASCII and U+1000–U+CFFF (lead bytes E1–EC cannot be overlong or a surrogate), the
         * rest through the strict decoder: same code points as zc_utf8_at */
        if (b0 < 0x80) {
            adv = 1;
            cp = zc_fold(b0);
        } else if (b0 >= 0xE1 && b0 <= 0xEC && len - pos >= 3 && (s[pos + 1] & 0xC0) == 0x80 &&
                   (s[pos + 2] & 0xC0) == 0x80) {
            adv = 3;
            cp = (uint32_t)(b0 & 0x0F) << 12 | (uint32_t)(s[pos + 1] & 0x3F) << 6 | (s[pos + 2] & 0x3F);
            if (cp < 0x3100) /* zc_fold changes nothing in U+3100–U+CFFF (CJK) */
                cp = zc_fold(cp);
        } else {
            cp = zc_fold(zc_utf8_at(s, len, pos, &adv));
        }
        bool alnum = zc_is_alnum(cp);
        unsigned list = zc_first_list(cp);
        bool candidate = alnum ? !st.prev_alnum : list && zc_may_start(s, len, pos + adv, list);
        if (candidate) {
            int r = zc_id_try_start(&st, list);
            if (r == 2)
                return st.found;
            if (r == 1)
                continue;
        }
        st.prev_alnum = alnum;
        st.pos += adv;
        st.cp_index++;
    }
    return st.found;
}

/* Bytes of the character `cp` at byte `pos`, as zc_utf8_at decoded it: U+FFFD is either the
 * character itself (EF BF BD) or one invalid byte. */
static size_t zc_cp_bytes(const unsigned char *s, size_t len, size_t pos, uint32_t cp)
{
    if (cp < 0x80)
        return 1;
    if (cp < 0x800)
        return 2;
    if (cp == 0xFFFD)
        return len - pos >= 3 && s[pos] == 0xEF && s[pos + 1] == 0xBF && s[pos + 2] == 0xBD ? 3 : 1;
    return cp < 0x10000 ? 3 : 4;
}

size_t zc_id_scan_each_cps(const char *text, size_t len, const uint32_t *cps, size_t n_cps, const zc_id_options *opts,
                           zc_id_span_fn fn, void *ctx)
{
    if (!text)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    zc_id_scan_state st = {s, len, 0, 0, 0, false, opts, fn, ctx};
    /* the scan's position in locals (st only around a parser call) */
    size_t pos = 0, i = 0;
    bool prev_alnum = false;
    while (pos < len && i < n_cps) {
        uint32_t cp = cps[i];
        /* a CJK character (U+3100–U+CFFF: three bytes, zc_fold changes nothing) that cannot start a token */
        if (cp - 0x3100u < 0xD000u - 0x3100u && !zc_hash_list(cp)) {
            prev_alnum = false;
            pos += 3;
            i++;
            continue;
        }
        size_t adv;
        bool alnum;
        if (cp < 0x80) { /* ASCII: zc_fold is a-z → A-Z; of the others only the first characters of anchors */
            cp -= cp - 'a' < 26u ? 32u : 0u;
            alnum = cp - '0' < 10u || cp - 'A' < 26u;
            if (!alnum && !zc_id_ascii_list[cp]) {
                prev_alnum = false;
                pos++;
                i++;
                continue;
            }
            adv = 1;
        } else {
            adv = zc_cp_bytes(s, len, pos, cp);
            cp = zc_fold(cp);
            alnum = zc_is_alnum(cp);
        }
        unsigned list = zc_first_list(cp);
        bool candidate = alnum ? !prev_alnum : list && zc_may_start_cps(cps, n_cps, i, list);
        if (candidate && alnum && zc_bare_only(list)) {
            /* a run of letters and digits that only the bare anchor may take: only the run lengths its checker
             * takes (ZC_ID_BARE_RUNS) */
            size_t r = 1;
            while (r <= ZC_ID_BARE_MAX && i + r < n_cps && zc_is_alnum(zc_fold(cps[i + r])))
                r++;
            candidate = r <= ZC_ID_BARE_MAX && (ZC_ID_BARE_RUNS >> r & 1u);
        }
        if (candidate) {
            st.pos = pos;
            st.cp_index = i;
            st.prev_alnum = prev_alnum;
            int r = zc_id_try_start(&st, list);
            if (r == 2)
                return st.found;
            if (r == 1) {
                pos = st.pos;
                i = st.cp_index;
                prev_alnum = st.prev_alnum;
                continue;
            }
        }
        prev_alnum = alnum;
        pos += adv;
        i++;
    }
    return st.found;
}
