/* Differential test for changes to the identifier module: links the current core/src/identifier*.c and an older
 * copy of the module in one file (compiled with every external symbol renamed to *_ref) and compares their spans
 * on random texts built from the characters the anchors care about, zc_id_scan_each_cps (the scan over code
 * points decoded by text.c) against the older zc_id_scan, and the JSON of zc_id_identify_ex on the same texts and
 * on each span. Build and run: bench/idscan-diff.sh OLD_identifier.c [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identifier.h"
#include "text.h"

size_t zc_id_scan_ref(const char *text, size_t len, const zc_id_options *opts, zc_id_span *spans, size_t cap);
zc_id_kind zc_id_identify_ex_ref(const char *s, size_t len, const zc_id_options *opts, zc_id_info *out);
size_t zc_id_json_ref(const zc_id_info *info, char *buf, size_t cap);

static const char *const atoms[] = {"国",
                                    "食",
                                    "药",
                                    "械",
                                    "妆",
                                    "健",
                                    "卫",
                                    "进",
                                    "字",
                                    "公",
                                    "网",
                                    "经",
                                    "非",
                                    "出",
                                    "发",
                                    "新",
                                    "京",
                                    "浙",
                                    "粤",
                                    "苏",
                                    "宁",
                                    "沪",
                                    "（",
                                    "）",
                                    "(",
                                    ")",
                                    "【",
                                    "】",
                                    "〔",
                                    "〕",
                                    "[",
                                    "]",
                                    "-",
                                    "—",
                                    "－",
                                    " ",
                                    "　",
                                    "I",
                                    "C",
                                    "P",
                                    "i",
                                    "c",
                                    "p",
                                    "Ｉ",
                                    "G",
                                    "g",
                                    "A",
                                    "B",
                                    "b",
                                    "S",
                                    "C",
                                    "J",
                                    "Y",
                                    "Q",
                                    "X",
                                    "0",
                                    "1",
                                    "2",
                                    "3",
                                    "4",
                                    "5",
                                    "6",
                                    "7",
                                    "8",
                                    "9",
                                    "０",
                                    "号",
                                    "第",
                                    "备",
                                    "注",
                                    "准",
                                    "试",
                                    "特",
                                    "批",
                                    "零",
                                    "营",
                                    "性",
                                    "文",
                                    "安",
                                    "监",
                                    "的",
                                    "好",
                                    "\xff",
                                    ".",
                                    "注册号",
                                    "信用代码",
                                    "ICP备",
                                    "公网安备",
                                    "国药准字H",
                                    "械注准",
                                    "\xef\xbf\xbd",
                                    "\xe4\xb8",
                                    "\x80",
                                    "\xc0\xaf",
                                    "\xed\xa0\x80",
                                    "\xf0\x9d\x9f\x97",
                                    "\xc3\xa9",
                                    "ー",
                                    "\xe3\x80\x80",
                                    "械备",
                                    "G妆网备字",
                                    "SC1",
                                    "JY1",
                                    "B2-",
                                    "2018",
                                    "20150001",
                                    "91440300",
                                    "经营性",
                                    "非经营性",
                                    "新出发",
                                    "批字第",
                                    "零字第",
                                    "卫食健字",
                                    "国食健注G",
                                    "食健备G",
                                    "国食药监械",
                                    "(准)字",
                                    "国妆特字G",
                                    "国妆网备进字",
                                    "卫妆特字",
                                    "(2000)第",
                                    "械字号",
                                    "网文",
                                    "[2016]",
                                    "（京）",
                                    "苏宁械备",
                                    "(湘)-经营性-",
                                    "A2.B1.B2-",
                                    "新出发京零字第海"};

typedef struct collect {
    zc_id_span *v;
    size_t n, cap;
} collect;

static int collect_span(void *ctx, const zc_id_span *sp)
{
    collect *c = ctx;
    if (c->n < c->cap)
        c->v[c->n] = *sp;
    c->n++;
    return 0;
}

static int same_spans(const zc_id_span *a, size_t na, const zc_id_span *b, size_t nb)
{
    int same = na == nb;
    for (size_t i = 0; same && i < na && i < 256; i++)
        same = a[i].byte_start == b[i].byte_start && a[i].byte_end == b[i].byte_end && a[i].cp_start == b[i].cp_start &&
               a[i].cp_end == b[i].cp_end && a[i].kind == b[i].kind && a[i].valid == b[i].valid &&
               a[i].severity == b[i].severity;
    return same;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    unsigned long long x = 88172645463325252ULL;
    size_t natoms = sizeof atoms / sizeof atoms[0];
    char text[1024];
    static zc_id_span a[256], b[256], c[256];
    static uint32_t cps[1024];
    long diffs = 0, found = 0, ids = 0;
    for (long t = 0; t < n; t++) {
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int k = 1 + (int)(x % 40);
        for (int i = 0; i < k; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *s = atoms[x % natoms];
            size_t l = strlen(s);
            if (len + l >= sizeof text)
                break;
            memcpy(text + len, s, l);
            len += l;
        }
        size_t na = zc_id_scan(text, len, NULL, a, 256), nb = zc_id_scan_ref(text, len, NULL, b, 256);
        /* identify: the whole text, and each span found */
        for (size_t k = 0; k <= na && k < 256; k++) {
            const char *p = k == na ? text : text + a[k].byte_start;
            size_t pl = k == na ? len : a[k].byte_end - a[k].byte_start;
            zc_id_options o = {(int)(x & 1) ? 2026 : 0};
            static zc_id_info ia, ib;
            static char ja[8192], jb[8192];
            zc_id_identify_ex(p, pl, &o, &ia);
            zc_id_identify_ex_ref(p, pl, &o, &ib);
            zc_id_json(&ia, ja, sizeof ja);
            zc_id_json_ref(&ib, jb, sizeof jb);
            if (strcmp(ja, jb) != 0 && diffs++ < 5)
                printf("DIFF (identify): %.*s\n  new %s\n  ref %s\n", (int)pl, p, ja, jb);
            ids++;
        }
        found += (long)na;
        int same = same_spans(a, na, b, nb);
        if (!same && diffs++ < 5)
            printf("DIFF: %.*s (new %zu, ref %zu)\n", (int)len, text, na, nb);
        /* the code-point variant, also on a random prefix (truncated sequences at the end) */
        size_t plen = (x >> 20) % 4 == 0 ? (size_t)((x >> 24) % (len + 1)) : len;
        size_t nc = zc_utf8_decode((const unsigned char *)text, plen, cps, NULL);
        collect col = {c, 0, 256};
        zc_id_scan_each_cps(text, plen, cps, nc, NULL, collect_span, &col);
        nb = zc_id_scan_ref(text, plen, NULL, b, 256);
        if (!same_spans(c, col.n, b, nb) && diffs++ < 5)
            printf("DIFF (code points): %.*s (new %zu, ref %zu)\n", (int)plen, text, col.n, nb);
    }
    printf("%ld texts, %ld tokens found, %ld identified, %ld differences\n", n, found, ids, diffs);
    return diffs != 0;
}
