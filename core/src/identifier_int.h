/* Shared internals of the identifier module (identifier*.c only; the public header is identifier.h).
 *
 * The module: identifier.c (kinds, division table, result building, zc_id_identify, JSON), identifier_scan.c
 * (anchors, the in-text scan and its prefilters), and one file per family of checkers: identifier_org.c (USCC,
 * 注册号, 组织机构代码), identifier_permit.c (food, drugs, devices, cosmetics), identifier_net.c (internet filings and
 * licences). The kinds and their anchors are declared in identifier_kinds.h.
 *
 * The small character tests are inline here; the UTF-8 decoder and the cursor are defined once, in identifier.c. */
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
uint32_t zc_utf8_at(const unsigned char *s, size_t len, size_t pos, size_t *adv);

size_t zc_utf8_put(uint32_t cp, char *out);

bool zc_is_space(uint32_t cp);

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

void zc_cur_skip_spaces(zc_cur *c);

uint32_t zc_cur_peek(zc_cur *c);

uint32_t zc_cur_next(zc_cur *c);

bool zc_cur_eat(zc_cur *c, uint32_t cp);

/* Match a UTF-8 literal (ASCII in upper case); restores the cursor on failure. */
bool zc_cur_lit(zc_cur *c, const char *lit);

/* Consume a run of ASCII digits; keep the first cap-1 in buf (NUL-terminated); return the run length. */
size_t zc_cur_digits(zc_cur *c, char *buf, size_t cap);

bool zc_cur_open(zc_cur *c);

bool zc_cur_close(zc_cur *c);

/* Consume a province abbreviation; return its code, or 0 (cursor unchanged). *cp_out gets the character. */
unsigned zc_cur_prov(zc_cur *c, uint32_t *cp_out);

/* ---- anchors and checkers (identifier_kinds.h) ----------------------------------------------------------------- */

typedef struct zc_id_anchor zc_id_anchor;

/* What an anchor matched: its row, and the province, city and bracket it read. */
typedef struct zc_id_hit {
    const zc_id_anchor *anchor;
    zc_id_kind kind;  /* the anchor's kind */
    const char *spec; /* the anchor's spec */
    size_t start;     /* byte offset where the anchor starts */
    unsigned prov;    /* [P]: province code, 0 when the pattern has none */
    uint32_t abbr;    /* [P]: the abbreviation */
    uint32_t city;    /* [C]: the character, 0 when none */
    bool open;        /* [(] was read */
} zc_id_hit;

/* See identifier_kinds.h. A checker that returns 0 has written nothing into *out. */
typedef int (*zc_id_checker)(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h);

struct zc_id_anchor {
    uint16_t el;  /* compiled pattern: zc_id_els[el .. el + n_el) */
    uint8_t kind; /* zc_id_kind */
    uint8_t n_el;
    uint8_t look;    /* elements from this one on are lookahead */
    uint8_t in_text; /* ZC_ID_IN_TEXT */
    uint8_t check;   /* zc_id_checkers[check] */
    uint8_t spec;    /* zc_id_specs[spec] */
};
/* The literal characters the anchor consumes after its leading [P] (e.g. 国妆特字, ICP备), as UTF-8 for messages. */
void zc_id_anchor_literal(const zc_id_anchor *a, char *buf, size_t cap);
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
/* The division code part and, when the code is known (see zc_id_division_name; with `mainland`, only 11–65), its
 * name as part, region and description. Returns zc_id_division_name's 0, 1 or 2. */
int zc_id_division_named(zc_id_info *out, unsigned code, bool mainland);
/* Province from an abbreviation: part, region, description (name + suffix). */
void zc_id_province(zc_id_info *out, unsigned p, uint32_t abbr, const char *suffix);
/* Name of a 2-digit province code, NULL when unknown. */
const char *zc_id_prov_name(unsigned p);
/* Year part; before `min` or after the current year (when known) is a problem. */
void zc_id_year(zc_id_info *out, const zc_id_options *o, unsigned year, unsigned min, const char *what);
/* Require exactly `want` digits; return true when the count is right. */
bool zc_id_want_digits(zc_id_info *out, size_t got, size_t want, const char *after);

#endif
