/* Differential test for text.c (see bench/fold-diff.sh): zc_fold_char on every code point and the whole fold
 * table must equal those of the reference copy (the flag bits 24-25 are checked against their definition). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

zc_fold zc_fold_char_ref(uint32_t cp);
size_t zc_utf8_decode_ref(const unsigned char *s, size_t len, uint32_t *out, size_t *n_invalid);
uint32_t *zc_fold_table_new_ref(void);

int main(void)
{
    long d = 0;
    for (uint32_t c = 0; c < 0x110000; c++) {
        zc_fold a = zc_fold_char(c), b = zc_fold_char_ref(c);
        if (a.n != b.n || a.cls != b.cls || a.cp[0] != b.cp[0] || (a.n > 1 && a.cp[1] != b.cp[1]))
            d++;
    }
    uint32_t *t1 = zc_fold_table_new(), *t2 = zc_fold_table_new_ref();
    if (!t1 || !t2)
        return 2;
    /* bits 0-23 as before; bit 24 (folded digit) and bit 25 (surrogate) were added in issue 6's second round, the
     * reference copy may predate them: they are checked against their definition */
    for (uint32_t i = 0; i < 65536; i++) {
        uint32_t slow = t1[i] >> 23 & 1u, folded = t1[i] & 0x1FFFFFu;
        d += (t1[i] & 0xFFFFFFu) != (t2[i] & 0xFFFFFFu);
        d += (t1[i] >> 24 & 1u) != (!slow && folded - '0' < 10u);
        d += (t1[i] >> 25 & 1u) != (i - 0xD800u < 0x800u);
        d += t1[i] >> 26 != 0;
    }
    free(t1);
    free(t2);
    /* zc_utf8_decode on random short and long byte strings (biased to UTF-8 lead/continuation bytes) */
    unsigned long long x = 0x2545F4914F6CDD1DULL;
    static const unsigned char pool[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                         0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xE4, 0xEC, 0xED,
                                         0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF, 0xB8, 0xAD};
    for (long it = 0; it < 3000000; it++) {
        unsigned char b[12];
        uint32_t o1[12], o2[12];
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t len = (size_t)(x % 12);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            b[i] = pool[x % sizeof pool];
        }
        size_t bad1 = 99, bad2 = 99;
        size_t n1 = zc_utf8_decode(b, len, o1, &bad1), n2 = zc_utf8_decode_ref(b, len, o2, &bad2);
        if (n1 != n2 || bad1 != bad2 || memcmp(o1, o2, n1 * sizeof *o1))
            d++;
    }
    printf("%ld fold differences\n", d);
    return d != 0;
}
