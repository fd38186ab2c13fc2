/* Shared internals of the identifier module (identifier*.c only; the public header is identifier.h).
 *
 * The module: identifier.c (kinds, division table, result building, zc_id_identify, JSON), identifier_scan.c
 * (anchors, the in-text scan and its prefilters), and one file per family of checkers: identifier_org.c (USCC,
 * 注册号, 组织机构代码), identifier_permit.c (food, drugs, devices, cosmetics), identifier_net.c (internet filings and
 * licences). The kinds and their anchors are declared in identifier_kinds.h.
 *
 * The character helpers and the cursor are inline here: the scan and the checkers call them for every character. */
#ifndef ZC_IDENTIFIER_INT_H
#define ZC_IDENTIFIER_INT_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "identifier.h"

#if defined(__GNUC__) || defined(__clang__)
#define ZC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ZC_PRINTF(a, b)
#endif

/* ---- characters ------------------------------------------------------------------------------------------------ */

/* Strict decoder: a malformed or truncated sequence yields U+FFFD for its first byte only. */
static inline uint32_t zc_utf8_at(const unsigned char *s, size_t len, size_t pos, size_t *adv)
{
    unsigned b = s[pos];
    size_t n;
    uint32_t cp, min;
    *adv = 1;
    if (b < 0x80)
        return b;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2, cp = b & 0x1F, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3, cp = b & 0x0F, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4, cp = b & 0x07, min = 0x10000;
    } else {
        return 0xFFFD;
    }
    if (n > len - pos)
        return 0xFFFD;
    for (size_t i = 1; i < n; i++) {
        unsigned c = s[pos + i];
        if ((c & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *adv = n;
    return cp;
}

static inline size_t zc_utf8_put(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static inline bool zc_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x3000 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0xFEFF;
}

/* Full-width ASCII → ASCII, a-z → A-Z, Unicode dashes → '-', U+3000 → ' '. */
static inline uint32_t zc_fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp -= 0xFEE0;
    else if (cp == 0x3000)
        cp = ' ';
    else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE63 || cp == 0x30FC)
        cp = '-';
    if (cp >= 'a' && cp <= 'z')
        cp -= 32;
    return cp;
}

static inline bool zc_is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}
static inline bool zc_is_upper(uint32_t cp)
{
    return cp >= 'A' && cp <= 'Z';
}
static inline bool zc_is_alnum(uint32_t cp)
{
    return zc_is_digit(cp) || zc_is_upper(cp);
}
static inline bool zc_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}
/* Opening and closing brackets around a year or a province (after zc_fold). */
static inline bool zc_is_open(uint32_t cp)
{
    return cp == '(' || cp == '[' || cp == 0x3014 /* 〔 */ || cp == 0x3010 /* 【 */ || cp == 0xFF3B;
}
static inline bool zc_is_close(uint32_t cp)
{
    return cp == ')' || cp == ']' || cp == 0x3015 /* 〕 */ || cp == 0x3011 /* 】 */ || cp == 0xFF3D;
}

/* The value of the first n (at most) ASCII digits of s. */
static inline unsigned zc_num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

/* Province code (11–82) of a one-character abbreviation (identifier_kinds.h ZC_ID_PROVINCE), 0 for any other. */
unsigned zc_id_prov_of(uint32_t cp);

/* ---- cursor over folded code points ---------------------------------------------------------------------------- */

typedef struct zc_cur {
    const unsigned char *s;
    size_t len;
    size_t pos;
    bool skip_space; /* identify mode: whitespace inside a code is ignored */
} zc_cur;

#define ZC_EOF 0u

static inline void zc_cur_skip_spaces(zc_cur *c)
{
    while (c->pos < c->len) {
        size_t adv;
        uint32_t cp = zc_utf8_at(c->s, c->len, c->pos, &adv);
        if (!zc_is_space(cp))
            break;
        c->pos += adv;
    }
}

static inline uint32_t zc_cur_peek(zc_cur *c)
{
    if (c->skip_space)
        zc_cur_skip_spaces(c);
    if (c->pos >= c->len)
        return ZC_EOF;
    size_t adv;
    uint32_t cp = zc_fold(zc_utf8_at(c->s, c->len, c->pos, &adv));
    return cp ? cp : 0xFFFD; /* a NUL byte is not the end */
}

static inline uint32_t zc_cur_next(zc_cur *c)
{
    if (c->skip_space)
        zc_cur_skip_spaces(c);
    if (c->pos >= c->len)
        return ZC_EOF;
    size_t adv;
    uint32_t cp = zc_fold(zc_utf8_at(c->s, c->len, c->pos, &adv));
    c->pos += adv;
    return cp ? cp : 0xFFFD;
}

static inline bool zc_cur_eat(zc_cur *c, uint32_t cp)
{
    size_t save = c->pos;
    if (zc_cur_next(c) == cp)
        return true;
    c->pos = save;
    return false;
}

/* Match a UTF-8 literal (ASCII in upper case); restores the cursor on failure. */
static inline bool zc_cur_lit(zc_cur *c, const char *lit)
{
    size_t save = c->pos, i = 0, n = strlen(lit);
    while (i < n) {
        size_t adv;
        uint32_t want = zc_utf8_at((const unsigned char *)lit, n, i, &adv);
        i += adv;
        if (zc_cur_next(c) != want) {
            c->pos = save;
            return false;
        }
    }
    return true;
}

/* Consume a run of ASCII digits; keep the first cap-1 in buf (NUL-terminated); return the run length. */
static inline size_t zc_cur_digits(zc_cur *c, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        size_t save = c->pos;
        uint32_t cp = zc_cur_next(c);
        if (!zc_is_digit(cp)) {
            c->pos = save;
            break;
        }
        if (n + 1 < cap)
            buf[n] = (char)cp;
        n++;
    }
    if (cap)
        buf[n < cap ? n : cap - 1] = '\0';
    return n;
}

static inline bool zc_cur_open(zc_cur *c)
{
    if (zc_is_open(zc_cur_peek(c))) {
        zc_cur_next(c);
        return true;
    }
    return false;
}

static inline bool zc_cur_close(zc_cur *c)
{
    if (zc_is_close(zc_cur_peek(c))) {
        zc_cur_next(c);
        return true;
    }
    return false;
}

/* Consume a province abbreviation; return its code, or 0 (cursor unchanged). *cp_out gets the character. */
static inline unsigned zc_cur_prov(zc_cur *c, uint32_t *cp_out)
{
    size_t save = c->pos;
    uint32_t cp = zc_cur_next(c);
    unsigned p = zc_id_prov_of(cp);
    if (!p) {
        c->pos = save;
        return 0;
    }
    if (cp_out)
        *cp_out = cp;
    return p;
}

/* ---- anchors and checkers (identifier_kinds.h) ----------------------------------------------------------------- */

typedef struct zc_id_anchor zc_id_anchor;

/* What an anchor matched: its row, and the province, city and bracket it read. */
typedef struct zc_id_hit {
    const zc_id_anchor *anchor;
    size_t start;  /* byte offset where the anchor starts */
    unsigned prov; /* [P]: province code, 0 when the pattern has none */
    uint32_t abbr; /* [P]: the abbreviation */
    uint32_t city; /* [C]: the character, 0 when none */
    bool open;     /* [(] was read */
} zc_id_hit;

/* See identifier_kinds.h. A checker that returns 0 has written nothing into *out. */
typedef int (*zc_id_checker)(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h);

struct zc_id_anchor {
    zc_id_kind kind;
    zc_id_checker check;
    const char *pattern; /* as written in identifier_kinds.h */
    const char *spec;
    bool in_text;      /* ZC_ID_IN_TEXT */
    uint16_t el, n_el; /* compiled pattern: zc_id_els[el .. el + n_el) (generated) */
    uint16_t look;     /* elements from this one on are lookahead */
};

/* Try the anchors at the cursor (identify mode: all of them, in order). Returns the checker's 1 or 2 with the
 * cursor after the code, or 0 (cursor and *out untouched). */
int zc_id_parse(zc_cur *c, const zc_id_options *o, zc_id_info *out);

/* ---- building the result (identifier.c) ------------------------------------------------------------------------ */

void zc_id_begin(zc_id_info *out, zc_id_kind kind);
/* A problem that makes the code invalid. */
ZC_PRINTF(3, 4) void zc_id_fail(zc_id_info *out, zc_id_severity sev, const char *fmt, ...);
/* A remark that leaves the code valid. */
ZC_PRINTF(3, 4) void zc_id_note(zc_id_info *out, zc_id_severity sev, const char *fmt, ...);
ZC_PRINTF(3, 4) void zc_id_add_part(zc_id_info *out, const char *key, const char *fmt, ...);
/* Append " · s" to the description (nothing when s is empty). */
void zc_id_desc(zc_id_info *out, const char *s);
void zc_id_region(zc_id_info *out, const char *s);
/* Look up a 6-digit division code used inside a code; `what` names it in messages. Sets region and division
 * parts. Unknown province (or, with `mainland`, outside 11–65): `bad_sev` problem (invalid); unknown below a
 * known province: info. */
void zc_id_division(zc_id_info *out, unsigned code, const char *what, zc_id_severity bad_sev, bool mainland);
/* Province from an abbreviation: part, region, description (name + suffix). */
void zc_id_province(zc_id_info *out, unsigned p, uint32_t abbr, const char *suffix);
/* Name of a 2-digit province code, NULL when unknown. */
const char *zc_id_prov_name(unsigned p);
/* Year part; before `min` or after the current year (when known) is a problem. */
void zc_id_year(zc_id_info *out, const zc_id_options *o, unsigned year, unsigned min, const char *what);
/* Require exactly `want` digits; return true when the count is right. */
bool zc_id_want_digits(zc_id_info *out, size_t got, size_t want, const char *after);

#endif
