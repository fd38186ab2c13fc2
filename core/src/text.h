/* Text pipeline internals: UTF-8 decoding and normalisation for matching. */
#ifndef ZC_TEXT_H
#define ZC_TEXT_H
#include <stddef.h>
#include <stdint.h>

#define ZC_REPLACEMENT 0xFFFDu

/* The one UTF-8 decoder's step: decodes the code point at s[i] (i < len), returns the bytes consumed and sets *cp.
 * An invalid or truncated sequence (overlong, surrogate, > U+10FFFF, a stray continuation byte) yields U+FFFD for
 * its first byte only and sets *bad. Every reader of UTF-8 in the engine goes through here (zc_utf8_decode, the
 * folding loops, the JSON writers), so they all accept exactly the same sequences. */
static inline size_t zc_utf8_next(const unsigned char *s, size_t len, size_t i, uint32_t *cp, int *bad)
{
    unsigned char c = s[i];
    uint32_t v;
    size_t need;
    *bad = 0;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07u;
    } else {
        *cp = ZC_REPLACEMENT;
        *bad = 1;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        if (i + k >= len || (s[i + k] & 0xC0u) != 0x80u) {
            *cp = ZC_REPLACEMENT;
            *bad = 1;
            return 1;
        }
        /* overlongs and surrogates / > U+10FFFF show on the first continuation byte */
        if (k == 1) {
            unsigned char d = s[i + 1];
            if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
                (c == 0xF4 && d > 0x8F)) {
                *cp = ZC_REPLACEMENT;
                *bad = 1;
                return 1;
            }
        }
        v = (v << 6) | (s[i + k] & 0x3Fu);
    }
    *cp = v;
    return need + 1;
}

/* Decodes UTF-8 into code points. Each invalid or truncated byte becomes one U+FFFD, so decoding never fails
 * and never reads past `len`. `out` must hold the number of code points (at most `len`); with `out` NULL the
 * function only counts them.
 * Returns the number of code points; *n_invalid receives the number of bytes replaced. */
size_t zc_utf8_decode(const unsigned char *s, size_t len, uint32_t *out, size_t *n_invalid);

/* Appends the UTF-8 encoding of `cp` to `buf` (at least 4 bytes free); returns the bytes written. */
size_t zc_utf8_encode(uint32_t cp, char *buf);

/* Character class after normalisation. */
typedef enum zc_class {
    ZC_WORD = 0, /* takes part in matching */
    ZC_SKIP = 1, /* separator sellers insert between characters: skipped by the matcher */
    ZC_STOP = 2  /* sentence boundary: no match crosses it */
} zc_class;

/* Folding of one original code point: up to 2 folded code points (⑩ → "10"). */
typedef struct zc_fold {
    uint32_t cp[2];
    uint8_t n;
    uint8_t cls; /* zc_class, same for every folded code point */
} zc_fold;

/* Full-width → half-width, case folding, traditional → simplified, digit styles (①, ⑴, ➊, 壹, 一 → 1),
 * then classification. Pure function of `cp`. */
zc_fold zc_fold_char(uint32_t cp);

/* A text after normalisation: parallel arrays, one entry per folded code point. */
typedef struct zc_ntext {
    uint32_t *cp;   /* folded code point */
    uint8_t *cls;   /* zc_class */
    uint32_t *orig; /* index of the original code point it came from; NULL from zc_ntext_decode(_into) when that
                       is the folded index itself (every character folded to one code point): read it with
                       zc_ntext_orig */
    uint32_t *sent; /* sentence number (incremented after each STOP) */
    size_t n;
    size_t n_orig;
    int has_digit;       /* some folded code point is an ASCII digit */
    const uint32_t *ocp; /* the original code points (n_orig), when the text came from zc_ntext_decode (NULL: not
                            kept); not owned */
    void *block;         /* zc_ntext_decode: the one allocation holding the four arrays (NULL: each is its own) */
} zc_ntext;

/* Original index of folded index k. */
static inline uint32_t zc_ntext_orig(const zc_ntext *nt, size_t k)
{
    return nt->orig ? nt->orig[k] : (uint32_t)k;
}

/* A precomputed zc_fold_char for the whole BMP (65,536 packed entries, 256 KB), built once per engine so the
 * hot path is one table load per character. Returns a malloc'd table (free with free()), or NULL. */
uint32_t *zc_fold_table_new(void);

/* Normalises decoded code points; `table` (from zc_fold_table_new) may be NULL. Returns 0, or -1 when out of
 * memory. Free with zc_ntext_free. */
int zc_ntext_build(zc_ntext *nt, const uint32_t *cps, size_t n, const uint32_t *table);
void zc_ntext_free(zc_ntext *nt);

/* zc_utf8_decode and zc_ntext_build in one pass over the UTF-8 (the check's hot path): fills `nt` and returns
 * the decoded original code points in *cps (malloc'd, the caller frees), their number in *n_cps and the number
 * of invalid bytes in *n_invalid. Same results as the two calls. Returns 0, or -1 when out of memory. */
int zc_ntext_decode(zc_ntext *nt, const char *text, size_t len, const uint32_t *table, uint32_t **cps, size_t *n_cps,
                    size_t *n_invalid);

/* Buffers for zc_ntext_decode_into, owned by the caller and kept between texts (no allocation
 * and no fresh pages once they have grown to the texts' size). Zero-initialise; free with zc_ntext_bufs_free. */
typedef struct zc_ntext_bufs {
    uint32_t *cps; /* original code points */
    size_t cap_cps;
    unsigned char *block; /* cp, orig, sent (uint32_t), then cls, for cap_nt folded code points */
    size_t cap_nt;
} zc_ntext_bufs;

/* zc_ntext_decode into `bufs`: nt's arrays and nt->ocp point into them (valid until the next call with the same
 * bufs; do not zc_ntext_free nt). Same results. Returns 0, or -1 when out of memory. */
int zc_ntext_decode_into(zc_ntext *nt, const char *text, size_t len, const uint32_t *table, zc_ntext_bufs *bufs,
                         size_t *n_cps, size_t *n_invalid);
/* Bytes held by `bufs`. */
size_t zc_ntext_bufs_size(const zc_ntext_bufs *bufs);
void zc_ntext_bufs_free(zc_ntext_bufs *bufs);

/* Normalises a UTF-8 string (a term) to its folded WORD code points only (SKIP and STOP dropped).
 * Returns a malloc'd array and its length in *n_out, or NULL when out of memory. */
uint32_t *zc_fold_term(const char *s, size_t len, size_t *n_out);
/* The same with a table from zc_fold_table_new (may be NULL): faster, same result. */
uint32_t *zc_fold_term_table(const char *s, size_t len, const uint32_t *table, size_t *n_out);

/* The same into `out`, which has room for 2 * len code points (a byte folds to
 * at most two): no allocation. Returns the count. */
size_t zc_fold_term_into(const char *s, size_t len, const uint32_t *table, uint32_t *out);
/* 1 when zc_fold_term would return at least one code point, without allocating (stops at the first); `table`
 * (zc_fold_table_new) may be NULL. */
int zc_term_has_word(const char *s, size_t len, const uint32_t *table);
/* 1 if the folded code point is an ASCII letter or digit. */
/* 1 when cp is a Chinese numeral that folds to an ASCII digit (〇零一二三四五六七八九, 壹贰叁肆伍陆柒捌玖). */
int zc_is_cjk_numeral(uint32_t cp);

static inline int zc_is_ascii_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
#endif
