/* UTF-8 decoding and normalisation for matching. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "zc_t2s_table.h" /* generated: zc_t2s_pairs[][2], ZC_T2S_COUNT (build/gen) */

size_t zc_utf8_decode(const unsigned char *s, size_t len, uint32_t *out, size_t *n_invalid)
{
    size_t i = 0, n = 0, bad = 0;
    if (len == 3 && (s[0] & 0xF0u) == 0xE0u && s[0] != 0xE0u && s[0] != 0xEDu &&
        ((s[1] & 0xC0u) | (s[2] & 0xC0u) << 8) == 0x8080u) {
        /* one CJK character (buf.c validates JSON strings a character at a time) */
        if (out)
            out[0] = (uint32_t)(s[0] & 0x0Fu) << 12 | (uint32_t)(s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
        if (n_invalid)
            *n_invalid = 0;
        return 1;
    }
    if (len >= 2 && len <= 4) {
        /* one multi-byte character: one step */
        uint32_t cp;
        int b;
        if (zc_utf8_next(s, len, 0, &cp, &b) == len) {
            if (out)
                out[0] = cp;
            if (n_invalid)
                *n_invalid = 0;
            return 1;
        }
    }
    while (i < len) {
        uint32_t cp;
        int b;
        if (s[i] < 0x80) {
            cp = s[i];
            i++;
        } else {
            i += zc_utf8_next(s, len, i, &cp, &b);
            bad += (size_t)b;
        }
        if (out)
            out[n] = cp;
        n++;
    }
    if (n_invalid)
        *n_invalid = bad;
    return n;
}

size_t zc_utf8_encode(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = ZC_REPLACEMENT;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Traditional → simplified. `cursor` (may be NULL) serves callers that ask in ascending order of `cp`
 * (zc_fold_table_new): a forward walk instead of a binary search. */
static uint32_t t2s(uint32_t cp, size_t *cursor)
{
    if (cursor) {
        size_t c = *cursor;
        while (c < ZC_T2S_COUNT && zc_t2s_pairs[c][0] < cp)
            c++;
        *cursor = c;
        return c < ZC_T2S_COUNT && zc_t2s_pairs[c][0] == cp ? zc_t2s_pairs[c][1] : cp;
    }
    size_t lo = 0, hi = ZC_T2S_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (zc_t2s_pairs[mid][0] == cp)
            return zc_t2s_pairs[mid][1];
        if (zc_t2s_pairs[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return cp;
}

/* Chinese numerals written as digits: 〇零一二三四五六七八九 and the financial forms 壹贰叁肆伍陆柒捌玖. */
static int cjk_digit(uint32_t cp)
{
    switch (cp) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00: /* 一 */
    case 0x58F9: /* 壹 */
        return 1;
    case 0x4E8C: /* 二 */
    case 0x8D30: /* 贰 */
        return 2;
    case 0x4E09: /* 三 */
    case 0x53C1: /* 叁 */
        return 3;
    case 0x56DB: /* 四 */
    case 0x8086: /* 肆 */
        return 4;
    case 0x4E94: /* 五 */
    case 0x4F0D: /* 伍 */
        return 5;
    case 0x516D: /* 六 */
    case 0x9646: /* 陆 */
        return 6;
    case 0x4E03: /* 七 */
    case 0x67D2: /* 柒 */
        return 7;
    case 0x516B: /* 八 */
    case 0x634C: /* 捌 */
        return 8;
    case 0x4E5D: /* 九 */
    case 0x7396: /* 玖 */
        return 9;
    default:
        return -1;
    }
}

int zc_is_cjk_numeral(uint32_t cp)
{
    return cjk_digit(cp) >= 0;
}

/* Enclosed and styled digits: returns the number (0–20) or -1. */
static int styled_number(uint32_t cp)
{
    if (cp < 0xB2 || (cp > 0xB9 && cp < 0x2070) || (cp > 0x3289 && cp < 0xFF10) || (cp > 0xFF19 && cp < 0x1D7CE))
        return -1;                    /* none of the ranges below */
    if (cp >= 0x2460 && cp <= 0x2473) /* ①–⑳ */
        return (int)(cp - 0x2460) + 1;
    if (cp >= 0x2474 && cp <= 0x2487) /* ⑴–⒇ */
        return (int)(cp - 0x2474) + 1;
    if (cp >= 0x2488 && cp <= 0x249B) /* ⒈–⒛ */
        return (int)(cp - 0x2488) + 1;
    if (cp == 0x24EA || cp == 0x24FF || cp == 0x1F10B || cp == 0x1F10C) /* ⓪ ⓿ 🄋 🄌 */
        return 0;
    if (cp >= 0x24EB && cp <= 0x24F4) /* ⓫–⓴ */
        return (int)(cp - 0x24EB) + 11;
    if (cp >= 0x24F5 && cp <= 0x24FE) /* ⓵–⓾ */
        return (int)(cp - 0x24F5) + 1;
    if (cp >= 0x2776 && cp <= 0x277F) /* ❶–❿ */
        return (int)(cp - 0x2776) + 1;
    if (cp >= 0x2780 && cp <= 0x2789) /* ➀–➉ */
        return (int)(cp - 0x2780) + 1;
    if (cp >= 0x278A && cp <= 0x2793) /* ➊–➓ */
        return (int)(cp - 0x278A) + 1;
    if (cp >= 0x3220 && cp <= 0x3229) /* ㈠–㈩ */
        return (int)(cp - 0x3220) + 1;
    if (cp >= 0x3280 && cp <= 0x3289) /* ㊀–㊉ */
        return (int)(cp - 0x3280) + 1;
    if (cp >= 0x2070 && cp <= 0x2079 && cp != 0x2071 && cp != 0x2072 && cp != 0x2073) /* ⁰ ⁴–⁹ */
        return (int)(cp - 0x2070);
    if (cp == 0xB9)
        return 1;
    if (cp == 0xB2)
        return 2;
    if (cp == 0xB3)
        return 3;
    if (cp >= 0x2080 && cp <= 0x2089) /* ₀–₉ */
        return (int)(cp - 0x2080);
    if (cp >= 0x1D7CE && cp <= 0x1D7FF) /* mathematical digits 𝟎–𝟿, five styles */
        return (int)((cp - 0x1D7CE) % 10);
    if (cp >= 0xFF10 && cp <= 0xFF19) /* ０–９ */
        return (int)(cp - 0xFF10);
    return -1;
}

static int is_word_cp(uint32_t c)
{
    if (c < 0x80)
        return zc_is_ascii_alnum(c);
    if (c >= 0xC0 && c <= 0x24F)
        return c != 0xD7 && c != 0xF7;
    if (c >= 0x370 && c <= 0x52F) /* Greek, Cyrillic */
        return 1;
    if (c >= 0x3040 && c <= 0x30FF && c != 0x30FB) /* kana (not the middle dot) */
        return 1;
    if (c >= 0x3400 && c <= 0x4DBF)
        return 1;
    if (c >= 0x4E00 && c <= 0x9FFF)
        return 1;
    if (c >= 0xAC00 && c <= 0xD7AF) /* Hangul */
        return 1;
    if (c >= 0xF900 && c <= 0xFAFF)
        return 1;
    if (c >= 0x20000 && c <= 0x3FFFF)
        return 1;
    if (c == 0x3005) /* 々 */
        return 1;
    return 0;
}

static int is_stop_cp(uint32_t c)
{
    switch (c) {
    case '\n':
    case '\r':
    case '!':
    case '?':
    case ';':
    case 0x3002: /* 。 */
    case 0xFF61: /* ｡ */
    case 0x2028:
    case 0x2029:
    case 0x203C: /* ‼ */
    case 0x2047: /* ⁇ */
    case 0x2048:
    case 0x2049:
        return 1;
    default:
        return 0;
    }
}

static zc_fold fold_impl(uint32_t cp, size_t *t2s_cursor)
{
    zc_fold f;
    f.n = 1;
    f.cp[1] = 0;
    /* full-width ASCII and the ideographic space */
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp = cp - 0xFF01 + 0x21;
    else if (cp == 0x3000)
        cp = ' ';
    else if (cp == 0xFFE5) /* ￥ */
        cp = 0xA5;
    /* CJK compatibility unit squares, as sellers type them: ㎡ → m2, ㎏ → kg … */
    static const struct {
        uint32_t cp;
        char a, b;
    } units[] = {{0x33A1, 'm', '2'}, {0x338F, 'k', 'g'}, {0x338E, 'm', 'g'}, {0x339C, 'm', 'm'}, {0x339D, 'c', 'm'},
                 {0x339E, 'k', 'm'}, {0x33C4, 'c', 'c'}, {0x3396, 'm', 'l'}, {0x3398, 'k', 'l'}, {0x33A5, 'm', '3'}};
    for (size_t u = 0; cp >= 0x338E && cp <= 0x33C4 && u < sizeof units / sizeof units[0]; u++)
        if (cp == units[u].cp) {
            f.cp[0] = (uint32_t)units[u].a;
            f.cp[1] = (uint32_t)units[u].b;
            f.n = 2;
            f.cls = ZC_WORD;
            return f;
        }
    int num = styled_number(cp);
    if (num < 0 && cp >= 0x3400) {
        cp = t2s(cp, t2s_cursor);
        num = cjk_digit(cp);
    }
    if (num >= 0) {
        if (num >= 10) {
            f.cp[0] = (uint32_t)('0' + num / 10);
            f.cp[1] = (uint32_t)('0' + num % 10);
            f.n = 2;
        } else {
            f.cp[0] = (uint32_t)('0' + num);
        }
        f.cls = ZC_WORD;
        return f;
    }
    /* case folding: ASCII, Latin-1, Latin Extended-A pairs, Greek and Cyrillic basics */
    if (cp >= 'A' && cp <= 'Z')
        cp += 32;
    else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        cp += 32;
    else if (cp >= 0x100 && cp <= 0x17F && (cp & 1) == 0 && cp != 0x130 && cp != 0x138)
        cp += 1;
    else if (cp >= 0x391 && cp <= 0x3A9)
        cp += 32;
    else if (cp >= 0x410 && cp <= 0x42F)
        cp += 32;
    f.cp[0] = cp;
    if (is_word_cp(cp))
        f.cls = ZC_WORD;
    else if (is_stop_cp(cp))
        f.cls = ZC_STOP;
    else
        f.cls = ZC_SKIP;
    return f;
}

zc_fold zc_fold_char(uint32_t cp)
{
    return fold_impl(cp, NULL);
}

/* Packed table entry: folded code point (bits 0–20), class (bits 21–22), bit 23 set when the character folds to
 * two code points (then the slow path is used). */
#define ZC_FT_SLOW (1u << 23)
/* bit 24: the folded code point is an ASCII digit (OR-ed over the text: zc_ntext.has_digit) */
#define ZC_FT_DIGIT (1u << 24)
/* bit 25: a surrogate (fold_run leaves it to the careful path) */
#define ZC_FT_SURROGATE (1u << 25)

static uint32_t fold_entry(uint32_t cp, size_t *t2s_cursor)
{
    zc_fold f = fold_impl(cp, t2s_cursor);
    uint32_t v = f.n == 1 ? (f.cp[0] | (uint32_t)f.cls << 21 | (f.cp[0] - '0' < 10u ? ZC_FT_DIGIT : 0)) : ZC_FT_SLOW;
    /* surrogates are never decoded (an encoded one is invalid UTF-8, each byte U+FFFD): their
     * entries send fold_run to the careful path, which then needs no surrogate test */
    if (cp - 0xD800u < 0x800u)
        v |= ZC_FT_SURROGATE;
    return v;
}

/* Runs of the BMP where fold_impl is the identity with one class, apart from the
 * sources of zc_t2s_pairs and the CJK digits (patched afterwards): no full-width, unit, styled-digit or case
 * mapping applies and no stop character lies inside. Filling them directly instead of calling fold_impl 65,536
 * times cuts the table's cost from ~7 M to ~1 M instructions; tests/unit checks it against zc_fold_char. */
static const struct {
    uint32_t lo, hi; /* [lo, hi) */
    uint8_t cls;
} fold_runs[] = {{0x0250, 0x0370, ZC_SKIP}, {0x0530, 0x2000, ZC_SKIP}, {0x2090, 0x2460, ZC_SKIP},
                 {0x2500, 0x2776, ZC_SKIP}, {0x2794, 0x3000, ZC_SKIP}, {0x3100, 0x3220, ZC_SKIP},
                 {0x322A, 0x3280, ZC_SKIP}, {0x328A, 0x338E, ZC_SKIP}, {0x33C5, 0x3400, ZC_SKIP},
                 {0x3400, 0x4DC0, ZC_WORD}, {0x4DC0, 0x4E00, ZC_SKIP}, {0x4E00, 0xA000, ZC_WORD},
                 {0xA000, 0xAC00, ZC_SKIP}, {0xAC00, 0xD7B0, ZC_WORD}, {0xD7B0, 0xF900, ZC_SKIP},
                 {0xF900, 0xFB00, ZC_WORD}, {0xFB00, 0xFF01, ZC_SKIP}};

uint32_t *zc_fold_table_new(void)
{
    uint32_t *t = malloc(65536 * sizeof *t);
    if (!t)
        return NULL;
    uint32_t cp = 0;
    for (size_t r = 0; r < sizeof fold_runs / sizeof fold_runs[0]; r++) {
        for (; cp < fold_runs[r].lo; cp++)
            t[cp] = fold_entry(cp, NULL);
        uint32_t cls = (uint32_t)fold_runs[r].cls << 21;
        for (; cp < fold_runs[r].hi; cp++)
            t[cp] = cp | cls;
    }
    for (; cp < 65536; cp++)
        t[cp] = fold_entry(cp, NULL);
    for (cp = 0xD800; cp < 0xE000; cp++)
        t[cp] |= ZC_FT_SURROGATE;
    /* the exceptions inside the runs: traditional characters and the CJK digits */
    size_t cursor = 0; /* asked in ascending order: t2s walks forward instead of searching */
    for (size_t i = 0; i < ZC_T2S_COUNT && zc_t2s_pairs[i][0] < 65536; i++)
        t[zc_t2s_pairs[i][0]] = fold_entry(zc_t2s_pairs[i][0], &cursor);
    static const uint16_t digits[] = {0x3007, 0x96F6, 0x4E00, 0x58F9, 0x4E8C, 0x8D30, 0x4E09, 0x53C1, 0x56DB, 0x8086,
                                      0x4E94, 0x4F0D, 0x516D, 0x9646, 0x4E03, 0x67D2, 0x516B, 0x634C, 0x4E5D, 0x7396};
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        t[digits[i]] = fold_entry(digits[i], NULL);
    return t;
}

static inline zc_fold fold_fast(uint32_t cp, const uint32_t *table)
{
    if (table && cp < 65536 && !(table[cp] & ZC_FT_SLOW)) {
        zc_fold f;
        f.cp[0] = table[cp] & 0x1FFFFFu;
        f.cp[1] = 0;
        f.n = 1;
        f.cls = (uint8_t)(table[cp] >> 21 & 3u);
        return f;
    }
    return zc_fold_char(cp);
}

/* Number of bytes that are not UTF-8 continuation bytes: the exact code-point count of valid UTF-8, a lower
 * bound otherwise (each stray continuation byte adds one U+FFFD). A branch-free loop the compiler vectorises. */
static size_t lead_bytes(const unsigned char *s, size_t len)
{
    size_t n = 0, i = 0;
    /* eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear */
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t cont = (x >> 7) & ~(x >> 6) & 0x0101010101010101ULL;
        n += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
    }
    for (; i < len; i++)
        n += (s[i] & 0xC0u) != 0x80u;
    return n;
}

/* The bytes p[0 .. 2] as a little-endian word (p[3] must be readable: one load where the byte order allows). */
static inline uint32_t load3(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t w;
    memcpy(&w, p, 4);
    return w & 0xFFFFFFu;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
#endif
}

/* Output cursor of decode_fold. */
typedef struct zc_fold_out {
    uint32_t *cp, *orig, *sent;
    uint8_t *cls;
    size_t k;
    uint32_t sentence;
    uint32_t acc;  /* table entries OR-ed (ZC_FT_DIGIT) */
    int orig_live; /* orig is written: some character folded to other than one code point
                      (until then folded index = original index, and orig stays unwritten) */
} zc_fold_out;

/* The first character that does not fold to exactly one code point: orig becomes real, identity so far. */
static void orig_start(zc_fold_out *o)
{
    for (size_t q = 0; q < o->k; q++)
        o->orig[q] = (uint32_t)q;
    o->orig_live = 1;
}

/* Appends the folding of original code point `cp` (number n) whose table entry is `t` (ZC_FT_SLOW: fold it). */
static inline void put_folded(zc_fold_out *o, size_t n, uint32_t cp, uint32_t t)
{
    if (!(t & ZC_FT_SLOW)) {
        uint32_t cl = t >> 21 & 3u; /* bits 21-22 */
        o->acc |= t;
        o->cp[o->k] = t & 0x1FFFFFu;
        o->cls[o->k] = (uint8_t)cl;
        if (o->orig_live)
            o->orig[o->k] = (uint32_t)n;
        o->sent[o->k] = o->sentence;
        o->k++;
        o->sentence += cl >> 1; /* ZC_STOP = 2 */
        return;
    }
    zc_fold f = zc_fold_char(cp);
    if (f.n != 1 && !o->orig_live)
        orig_start(o);
    for (uint8_t j = 0; j < f.n; j++) {
        o->acc |= f.cp[j] - '0' < 10u ? ZC_FT_DIGIT : 0;
        o->cp[o->k] = f.cp[j];
        o->cls[o->k] = f.cls;
        if (o->orig_live)
            o->orig[o->k] = (uint32_t)n;
        o->sent[o->k] = o->sentence;
        o->k++;
    }
    o->sentence += f.cls == ZC_STOP;
}

/* From byte i up to `stop` (room checked by the caller), the usual characters: ASCII or a valid
 * three-byte sequence that folds to one code point. Stops before any other character and returns its byte
 * offset (o and *n advanced). A function of its own, with output pointers that advance, so that its few live
 * values stay in registers. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline size_t
fold_run_impl(const unsigned char *s, size_t i, size_t stop, const uint32_t *table, uint32_t *cps, zc_fold_out *o,
              size_t *n_io, int with_orig)
{
    size_t n = *n_io;
    uint32_t *pcps = cps + n, *pcp = o->cp + o->k, *porig = o->orig + o->k, *psent = o->sent + o->k;
    uint8_t *pcls = o->cls + o->k;
    uint32_t sentence = o->sentence, acc = o->acc;
    while (i < stop) {
        unsigned c = s[i];
        uint32_t cp;
        size_t adv;
        if (c < 0x80) {
            cp = c;
            adv = 1;
        } else {
            uint32_t w = load3(s + i);
            cp = (w & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
            /* a surrogate's table entry has ZC_FT_SURROGATE: only the overlong test here */
            if ((w & 0xC0C0F0u) != 0x8080E0u || cp < 0x800u)
                break;
            adv = 3;
        }
        uint32_t t = table[cp];
        if (t & (ZC_FT_SLOW | ZC_FT_SURROGATE))
            break;
        *pcps++ = cp;
        *pcp++ = t & 0x1FFFFFu;
        *pcls++ = (uint8_t)(t >> 21 & 3u);
        if (with_orig)
            *porig++ = (uint32_t)n;
        n++;
        *psent++ = sentence;
        sentence += t >> 22 & 1u; /* ZC_STOP = 2 */
        acc |= t;
        i += adv;
    }
    o->k = (size_t)(pcp - o->cp);
    o->sentence = sentence;
    o->acc = acc;
    *n_io = n;
    return i;
}

/* fold_run_impl compiled twice: without orig (the usual case) and with */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t
fold_run_id(const unsigned char *s, size_t i, size_t stop, const uint32_t *table, uint32_t *cps, zc_fold_out *o,
            size_t *n_io)
{
    return fold_run_impl(s, i, stop, table, cps, o, n_io, 0);
}

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t
fold_run_orig(const unsigned char *s, size_t i, size_t stop, const uint32_t *table, uint32_t *cps, zc_fold_out *o,
              size_t *n_io)
{
    return fold_run_impl(s, i, stop, table, cps, o, n_io, 1);
}

/* Grows nothing: returns -1 when the arrays sized from the estimate are too small (the caller then takes the
 * exact two-pass path), 0 when done. Same decoding as zc_utf8_decode, same folding as zc_ntext_build.
 * The main loop runs while four bytes are readable and the arrays surely have room (each
 * character consumes at least one byte and writes at most two folded ones), so it checks neither per character;
 * the last bytes take the careful loop. */
static int decode_fold(const unsigned char *s, size_t len, const uint32_t *table, uint32_t *cps, size_t cap_cps,
                       zc_ntext *nt, size_t cap_nt, size_t *n_cps, size_t *n_invalid)
{
    size_t i = 0, n = 0, bad = 0;
    zc_fold_out o = {nt->cp, nt->orig, nt->sent, nt->cls, 0, 0, 0, 0};
    for (;;) {
        size_t room = cap_cps - n, room2 = (cap_nt - o.k) / 2;
        if (room2 < room)
            room = room2;
        size_t stop = len > 3 ? len - 3 : 0; /* s[i .. i + 3] readable below it */
        if (stop > i + room)
            stop = i + room;
        if (i >= stop)
            break;
        /* the usual characters in a tight loop of their own (fold_run) */
        i = o.orig_live ? fold_run_orig(s, i, stop, table, cps, &o, &n) : fold_run_id(s, i, stop, table, cps, &o, &n);
        if (i >= stop)
            continue;
        /* one character of another kind */
        {
            unsigned c = s[i];
            uint32_t cp, t;
            /* the bytes s[i .. i + 2] as a little-endian word, and the code point of a three-byte sequence */
            uint32_t w = (uint32_t)c | (uint32_t)s[i + 1] << 8 | (uint32_t)s[i + 2] << 16;
            uint32_t cp3 = (w & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
            if (c < 0x80) {
                cp = c;
                i++;
                t = table[cp];
            } else if ((w & 0xC0C0F0u) == 0x8080E0u && cp3 >= 0x800u && cp3 - 0xD800u >= 0x800u) {
                /* a three-byte sequence, neither overlong nor a surrogate (what zc_utf8_next accepts) */
                cp = cp3;
                i += 3;
                t = table[cp];
            } else {
                int b;
                i += zc_utf8_next(s, len, i, &cp, &b);
                bad += (size_t)b;
                t = cp < 65536 ? table[cp] : ZC_FT_SLOW;
            }
            cps[n] = cp;
            put_folded(&o, n, cp, t);
            n++;
        }
    }
    while (i < len) {
        if (n >= cap_cps || o.k + 2 > cap_nt)
            return -1;
        uint32_t cp;
        int b;
        i += zc_utf8_next(s, len, i, &cp, &b);
        bad += (size_t)b;
        cps[n] = cp;
        put_folded(&o, n, cp, cp < 65536 ? table[cp] : ZC_FT_SLOW);
        n++;
    }
    nt->n = o.k;
    nt->n_orig = n;
    nt->has_digit = (o.acc & ZC_FT_DIGIT) != 0;
    if (!o.orig_live) /* identity: not stored (zc_ntext_orig) */
        nt->orig = NULL;
    *n_cps = n;
    *n_invalid = bad;
    return 0;
}

int zc_ntext_decode(zc_ntext *nt, const char *text, size_t len, const uint32_t *table, uint32_t **cps_out,
                    size_t *n_cps, size_t *n_invalid)
{
    const unsigned char *s = (const unsigned char *)text;
    memset(nt, 0, sizeof *nt);
    *cps_out = NULL;
    size_t est = lead_bytes(s, len);
    size_t cap_nt = est + est / 8 + 16;
    uint32_t *cps = malloc((est + 1) * sizeof *cps);
    /* one block for the four arrays (fewer allocations per check): cp, orig, sent, then cls */
    nt->block = cap_nt <= SIZE_MAX / 13 ? malloc(cap_nt * 13) : NULL;
    if (!cps || !nt->block) {
        free(cps);
        zc_ntext_free(nt);
        return -1;
    }
    nt->cp = nt->block;
    nt->orig = nt->cp + cap_nt;
    nt->sent = nt->orig + cap_nt;
    nt->cls = (uint8_t *)(nt->sent + cap_nt);
    if (table && decode_fold(s, len, table, cps, est + 1, nt, cap_nt, n_cps, n_invalid) == 0) {
        *cps_out = cps;
        nt->ocp = cps;
        return 0;
    }
    /* invalid bytes or many two-character folds: exact sizes in two passes */
    free(cps);
    zc_ntext_free(nt);
    size_t n = zc_utf8_decode(s, len, NULL, NULL);
    cps = malloc((n + 1) * sizeof *cps);
    if (!cps)
        return -1;
    zc_utf8_decode(s, len, cps, n_invalid);
    if (zc_ntext_build(nt, cps, n, table)) {
        free(cps);
        return -1;
    }
    *cps_out = cps;
    *n_cps = n;
    nt->ocp = cps;
    return 0;
}

static size_t folded_count(const uint32_t *cps, size_t n, const uint32_t *table);
static void ntext_fill(zc_ntext *nt, const uint32_t *cps, size_t n, const uint32_t *table);

/* Grows bufs to `n_cps` original and `cap_nt` folded code points (contents not kept); 0, or -1. */
static int bufs_reserve(zc_ntext_bufs *b, size_t n_cps, size_t cap_nt)
{
    if (n_cps > b->cap_cps) {
        if (n_cps > SIZE_MAX / sizeof *b->cps)
            return -1;
        free(b->cps);
        b->cap_cps = 0;
        if (!(b->cps = malloc(n_cps * sizeof *b->cps)))
            return -1;
        b->cap_cps = n_cps;
    }
    if (cap_nt > b->cap_nt) {
        if (cap_nt > SIZE_MAX / 13)
            return -1;
        free(b->block);
        b->cap_nt = 0;
        if (!(b->block = malloc(cap_nt * 13)))
            return -1;
        b->cap_nt = cap_nt;
    }
    return 0;
}

/* Points nt's arrays into bufs (cp, orig, sent, then cls). */
static void bufs_assign(zc_ntext *nt, zc_ntext_bufs *b)
{
    memset(nt, 0, sizeof *nt);
    nt->cp = (uint32_t *)(void *)b->block;
    nt->orig = nt->cp + b->cap_nt;
    nt->sent = nt->orig + b->cap_nt;
    nt->cls = (uint8_t *)(nt->sent + b->cap_nt);
}

int zc_ntext_decode_into(zc_ntext *nt, const char *text, size_t len, const uint32_t *table, zc_ntext_bufs *bufs,
                         size_t *n_cps, size_t *n_invalid)
{
    const unsigned char *s = (const unsigned char *)text;
    memset(nt, 0, sizeof *nt);
    /* grown to at least the estimate, but used at their full capacity: a buffer grown by an
     * earlier, larger text lets decode_fold finish texts with more two-character folds in one pass. When they
     * already hold what any text of `len` bytes could need by the estimate (at most `len` characters), the
     * estimate is not computed. */
    if (len > (SIZE_MAX - 16) / 2 || bufs->cap_cps < len + 1 || bufs->cap_nt < len + len / 8 + 16) {
        size_t est = lead_bytes(s, len);
        if (bufs_reserve(bufs, est + 1, est + est / 8 + 16))
            return -1;
    }
    if (table) {
        bufs_assign(nt, bufs);
        if (decode_fold(s, len, table, bufs->cps, bufs->cap_cps, nt, bufs->cap_nt, n_cps, n_invalid) == 0) {
            nt->ocp = bufs->cps;
            return 0;
        }
    }
    /* invalid bytes or many two-character folds: exact sizes in two passes */
    size_t n = zc_utf8_decode(s, len, NULL, NULL);
    if (bufs_reserve(bufs, n + 1, 0))
        return -1;
    zc_utf8_decode(s, len, bufs->cps, n_invalid);
    if (bufs_reserve(bufs, 0, folded_count(bufs->cps, n, table) + 1))
        return -1;
    bufs_assign(nt, bufs);
    ntext_fill(nt, bufs->cps, n, table);
    nt->ocp = bufs->cps;
    *n_cps = n;
    return 0;
}

size_t zc_ntext_bufs_size(const zc_ntext_bufs *bufs)
{
    return bufs->cap_cps * sizeof *bufs->cps + bufs->cap_nt * 13;
}

void zc_ntext_bufs_free(zc_ntext_bufs *bufs)
{
    free(bufs->cps);
    free(bufs->block);
    memset(bufs, 0, sizeof *bufs);
}

/* Number of folded code points of `cps`. */
static size_t folded_count(const uint32_t *cps, size_t n, const uint32_t *table)
{
    size_t cap = 0;
    for (size_t i = 0; i < n; i++)
        cap += table && cps[i] < 65536 && !(table[cps[i]] & ZC_FT_SLOW) ? 1 : zc_fold_char(cps[i]).n;
    return cap;
}

/* Fills nt's arrays (room for folded_count entries) from `cps`; sets n and n_orig. */
static void ntext_fill(zc_ntext *nt, const uint32_t *cps, size_t n, const uint32_t *table)
{
    size_t k = 0;
    uint32_t sentence = 0;
    for (size_t i = 0; i < n; i++) {
        zc_fold f = fold_fast(cps[i], table);
        for (uint8_t j = 0; j < f.n; j++) {
            nt->cp[k] = f.cp[j];
            nt->cls[k] = f.cls;
            nt->orig[k] = (uint32_t)i;
            nt->sent[k] = sentence;
            nt->has_digit |= f.cp[j] - '0' < 10u;
            k++;
        }
        if (f.cls == ZC_STOP)
            sentence++;
    }
    nt->n = k;
    nt->n_orig = n;
}

int zc_ntext_build(zc_ntext *nt, const uint32_t *cps, size_t n, const uint32_t *table)
{
    memset(nt, 0, sizeof *nt);
    /* first pass: exact folded length, so the arrays are allocated once and no larger than needed */
    size_t cap = folded_count(cps, n, table) + 1;
    nt->cp = malloc(cap * sizeof *nt->cp);
    nt->cls = malloc(cap);
    nt->orig = malloc(cap * sizeof *nt->orig);
    nt->sent = malloc(cap * sizeof *nt->sent);
    if (!nt->cp || !nt->cls || !nt->orig || !nt->sent) {
        zc_ntext_free(nt);
        return -1;
    }
    ntext_fill(nt, cps, n, table);
    return 0;
}

void zc_ntext_free(zc_ntext *nt)
{
    if (nt->block) {
        free(nt->block);
    } else {
        free(nt->cp);
        free(nt->cls);
        free(nt->orig);
        free(nt->sent);
    }
    memset(nt, 0, sizeof *nt);
}

uint32_t *zc_fold_term(const char *s, size_t len, size_t *n_out)
{
    return zc_fold_term_table(s, len, NULL, n_out);
}

/* One character of a term at u[i] (i < len), as zc_utf8_next decodes it; a valid three-byte character (CJK) in
 * one step. Returns the bytes consumed. */
static inline size_t decode_term_char(const unsigned char *u, size_t len, size_t i, uint32_t *cp)
{
    if (u[i] < 0x80) {
        *cp = u[i];
        return 1;
    }
    if (i + 2 < len && (u[i] & 0xF0u) == 0xE0u && u[i] != 0xE0u && u[i] != 0xEDu &&
        ((u[i + 1] & 0xC0u) | (u[i + 2] & 0xC0u) << 8) == 0x8080u) {
        *cp = (uint32_t)(u[i] & 0x0Fu) << 12 | (uint32_t)(u[i + 1] & 0x3Fu) << 6 | (u[i + 2] & 0x3Fu);
        return 3;
    }
    int bad;
    return zc_utf8_next(u, len, i, cp, &bad);
}

size_t zc_fold_term_into(const char *s, size_t len, const uint32_t *table, uint32_t *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k = 0;
    while (i < len) {
        uint32_t cp;
        i += decode_term_char(u, len, i, &cp);
        zc_fold f = fold_fast(cp, table);
        if (f.cls != ZC_WORD)
            continue;
        for (uint8_t j = 0; j < f.n; j++)
            out[k++] = f.cp[j];
    }
    return k;
}

int zc_term_has_word(const char *s, size_t len, const uint32_t *table)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += decode_term_char(u, len, i, &cp);
        if (fold_fast(cp, table).cls == ZC_WORD)
            return 1;
    }
    return 0;
}

uint32_t *zc_fold_term_table(const char *s, size_t len, const uint32_t *table, size_t *n_out)
{
    uint32_t *out = malloc((len * 2 + 1) * sizeof *out);
    if (!out)
        return NULL;
    *n_out = zc_fold_term_into(s, len, table, out);
    return out;
}
