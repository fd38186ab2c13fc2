/* Business-licence (营业执照) field extraction and checks. See licence.h.
 *
 * The OCR text is folded line by line (full-width → ASCII, spaces between Chinese characters dropped), label
 * words are located with a tolerance of one misread character for labels of four or more characters, and each
 * label's value runs to the next label on the line (two-column layouts put two fields on one OCR line) or,
 * for multi-line fields, over the following unlabelled lines. */
#include "licence.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identifier.h"

/* ---------------------------------------------------------------- small utilities */

typedef struct cpbuf {
    uint32_t *v;
    size_t n, cap;
} cpbuf;

static int cp_push(cpbuf *b, uint32_t c)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        uint32_t *v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return -1;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = c;
    return 0;
}

static int cp_append(cpbuf *b, const uint32_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp_push(b, s[i]))
            return -1;
    return 0;
}

/* Decodes UTF-8; invalid bytes become U+FFFD (one per byte). out must hold len entries. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *out)
{
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned c = s[i];
        uint32_t cp;
        size_t need;
        if (c < 0x80) {
            out[n++] = c;
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            cp = c & 0x1F;
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            cp = c & 0x0F;
            need = 2;
        } else if (c >= 0xF0 && c <= 0xF4) {
            cp = c & 0x07;
            need = 3;
        } else {
            out[n++] = 0xFFFD;
            i++;
            continue;
        }
        size_t k;
        for (k = 1; k <= need && i + k < len; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                break;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (k <= need || (need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            out[n++] = 0xFFFD;
            i++;
            continue;
        }
        out[n++] = cp;
        i += need + 1;
    }
    return n;
}

static size_t utf8_encode(uint32_t cp, char *buf)
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static char *cps_to_utf8(const uint32_t *s, size_t n)
{
    char *out = malloc(n * 4 + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += utf8_encode(s[i], out + k);
    out[k] = 0;
    return out;
}

/* Decodes a NUL-terminated literal (our own tables) into a small fixed array. */
static size_t lit(const char *s, uint32_t *out, size_t cap)
{
    uint32_t tmp[64];
    size_t len = strlen(s);
    if (len > sizeof tmp / sizeof tmp[0])
        len = sizeof tmp / sizeof tmp[0]; /* our literals are far shorter */
    size_t n = utf8_decode((const unsigned char *)s, len, tmp);
    if (n > cap)
        n = cap;
    memcpy(out, tmp, n * sizeof *out);
    return n;
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0 || c == 0x200B || c == 0xFEFF;
}

static int is_ascii_alpha(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}
static int is_ascii_alnum(uint32_t c)
{
    return is_ascii_alpha(c) || is_digit(c);
}
static int is_cjk(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* Full-width ASCII → ASCII, CJK punctuation look-alikes → ASCII. */
static uint32_t fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    switch (c) {
    case 0x3000:
        return ' ';
    case 0x3001:
        return ','; /* 、 kept as comma for matching only where values are compared */
    case 0x2014:
    case 0x2013:
    case 0x2212:
        return '-';
    default:
        return c;
    }
}

/* Separators allowed between a label and its value. */
static int is_label_sep(uint32_t c)
{
    return c == ':' || c == ';' || c == '.' || c == ',' || c == '|' || c == '_' || c == '-' || c == '\'' || c == '"' ||
           c == 0x4E28 /* 丨 */ || c == 0x00B7 || c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D ||
           c == '[' || c == ']' || c == 0x3002 /* 。 */ || c == '`' || c == '~' || c == '!' || c == '*';
}

/* One OCR line, compacted: whitespace removed except a single space between two ASCII letters. */
typedef struct line {
    uint32_t *cp;
    size_t n;
} line;

static int compact_line(const uint32_t *s, size_t n, line *out)
{
    cpbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        uint32_t c = fold(s[i]);
        if (is_space(c)) {
            /* keep one space only between ASCII letters (e.g. "ABC Trading") */
            size_t j = i;
            while (j < n && is_space(fold(s[j])))
                j++;
            if (b.n && is_ascii_alpha(b.v[b.n - 1]) && j < n && is_ascii_alpha(fold(s[j])))
                if (cp_push(&b, ' ')) {
                    free(b.v);
                    return -1;
                }
            i = j - 1;
            continue;
        }
        if (cp_push(&b, c)) {
            free(b.v);
            return -1;
        }
    }
    out->cp = b.v;
    out->n = b.n;
    return 0;
}

static int cps_find(const uint32_t *h, size_t hn, const uint32_t *nd, size_t nn, size_t from)
{
    if (nn == 0 || hn < nn)
        return -1;
    for (size_t i = from; i + nn <= hn; i++)
        if (memcmp(h + i, nd, nn * sizeof *nd) == 0)
            return (int)i;
    return -1;
}

static int cps_contains_lit(const uint32_t *h, size_t hn, const char *s)
{
    uint32_t nd[32];
    size_t nn = lit(s, nd, sizeof nd / sizeof nd[0]);
    return cps_find(h, hn, nd, nn, 0) >= 0;
}

/* ---------------------------------------------------------------- USCC */

static const char USCC_CS[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int USCC_W[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int uscc_val(char c)
{
    const char *p = c ? strchr(USCC_CS, c) : NULL;
    return p ? (int)(p - USCC_CS) : -1;
}

static int uscc_shape_ok(const char *c)
{
    for (int i = 0; i < 18; i++) {
        if (uscc_val(c[i]) < 0)
            return 0;
        if (i >= 2 && i < 8 && !(c[i] >= '0' && c[i] <= '9'))
            return 0;
    }
    return 1;
}

int zc_licence_uscc_checksum_ok(const char *c)
{
    if (!c || strlen(c) < 18 || !uscc_shape_ok(c))
        return 0;
    int s = 0;
    for (int i = 0; i < 17; i++)
        s += uscc_val(c[i]) * USCC_W[i];
    return USCC_CS[(31 - s % 31) % 31] == c[17];
}

int zc_licence_uscc_orgcheck_ok(const char *c)
{
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    if (!c || strlen(c) < 18)
        return 0;
    int s = 0;
    for (int i = 0; i < 8; i++) {
        char ch = c[8 + i];
        int v;
        if (ch >= '0' && ch <= '9')
            v = ch - '0';
        else if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A' + 10;
        else
            return 0;
        s += v * w[i];
    }
    int r = 11 - s % 11;
    char want = r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
    return c[16] == want;
}

static int uscc_fully_ok(const char *c)
{
    return zc_licence_uscc_checksum_ok(c) && zc_licence_uscc_orgcheck_ok(c);
}

/* Letter → digit for the letters a USCC never contains, and for the six division digits. */
static char map_never(char c)
{
    switch (c) {
    case 'O':
        return '0';
    case 'I':
        return '1';
    case 'Z':
        return '2';
    case 'S':
        return '5';
    case 'V':
        return 'Y';
    default:
        return c;
    }
}

static char map_digit(char c)
{
    switch (c) {
    case 'B':
        return '8';
    case 'D':
    case 'Q':
    case 'U':
    case 'C':
        return '0';
    case 'G':
        return '6';
    case 'L':
    case 'T':
        return c == 'L' ? '1' : '7';
    case 'A':
        return '4';
    default:
        return c;
    }
}

/* The in-alphabet confusions tried when the check character fails: each one only once per attempt. */
static char confusion(char c)
{
    switch (c) {
    case 'B':
        return '8';
    case '8':
        return 'B';
    case 'D':
        return '0';
    case '0':
        return 'D';
    case 'G':
        return '6';
    case '6':
        return 'G';
    default:
        return 0;
    }
}

int zc_licence_uscc_normalise(const char *text, size_t len, char out[19])
{
    char raw[19];
    size_t k = 0;
    int changed = 0;
    uint32_t *cps = malloc((len + 1) * sizeof *cps);
    if (!cps)
        return 0;
    size_t n = utf8_decode((const unsigned char *)text, len, cps);
    for (size_t i = 0; i < n; i++) {
        uint32_t c = fold(cps[i]);
        if (is_space(c) || c == '-')
            continue;
        if (!is_ascii_alnum(c) || k == 18) {
            /* anything else, or a 19th character: not one code */
            free(cps);
            return 0;
        }
        if (c >= 'a' && c <= 'z')
            c -= 32;
        raw[k++] = (char)c;
    }
    free(cps);
    if (k != 18)
        return 0;
    raw[18] = 0;
    char c[19];
    memcpy(c, raw, 19);
    for (int i = 0; i < 18; i++) {
        char m = map_never(c[i]);
        if (i >= 2 && i < 8)
            m = map_digit(m);
        if (m != c[i]) {
            c[i] = m;
            changed = 1;
        }
    }
    if (!uscc_fully_ok(c) && uscc_shape_ok(c)) {
        /* a unique single in-alphabet confusion that makes both checks pass */
        int found = -1;
        char fixed = 0;
        for (int i = 0; i < 18; i++) {
            char alt = confusion(c[i]);
            if (!alt || (i >= 2 && i < 8 && !(alt >= '0' && alt <= '9')))
                continue;
            char save = c[i];
            c[i] = alt;
            if (uscc_fully_ok(c)) {
                if (found >= 0) {
                    found = -2;
                    c[i] = save;
                    break;
                }
                found = i;
                fixed = alt;
            }
            c[i] = save;
        }
        if (found >= 0) {
            c[found] = fixed;
            changed = 1;
        }
    }
    memcpy(out, c, 19);
    return changed ? 2 : 1;
}

/* Finds USCC-shaped 18-character runs in folded code points (ASCII letters/digits, spaces already gone).
 * Writes up to `max` codes (normalised) into codes[][19]; returns the count. */
static size_t find_codes(const uint32_t *s, size_t n, char (*codes)[19], size_t max)
{
    size_t cnt = 0;
    size_t i = 0;
    while (i < n && cnt < max) {
        if (!is_ascii_alnum(s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && is_ascii_alnum(s[j]))
            j++;
        if (j - i == 18) {
            char buf[19];
            for (size_t t = 0; t < 18; t++)
                buf[t] = (char)s[i + t];
            char out[19];
            if (zc_licence_uscc_normalise(buf, 18, out) && uscc_shape_ok(out)) {
                /* require at least 6 digits: excludes words and most SKUs */
                int digits = 0;
                for (int t = 0; t < 18; t++)
                    digits += out[t] >= '0' && out[t] <= '9';
                if (digits >= 8)
                    memcpy(codes[cnt++], out, 19);
            }
        }
        i = j;
    }
    return cnt;
}

/* ---------------------------------------------------------------- labels */

enum { L_STOP = -1 };

typedef struct label_def {
    const char *text;
    int field; /* zc_licence_field or L_STOP */
} label_def;

/* Longest first within each field; matching prefers exact over fuzzy and longer over shorter. */
static const label_def LABELS[] = {
    {"统一社会信用代码", ZC_LF_USCC},
    {"社会信用代码", ZC_LF_USCC},
    {"信用代码", ZC_LF_USCC},
    {"企业名称", ZC_LF_NAME},
    {"名称", ZC_LF_NAME},
    {"主体类型", ZC_LF_TYPE},
    {"类型", ZC_LF_TYPE},
    {"执行事务合伙人", ZC_LF_REPRESENTATIVE},
    {"法定代表人", ZC_LF_REPRESENTATIVE},
    {"经营者", ZC_LF_REPRESENTATIVE},
    {"负责人", ZC_LF_REPRESENTATIVE},
    {"投资人", ZC_LF_REPRESENTATIVE},
    {"经营范围", ZC_LF_SCOPE},
    {"业务范围", ZC_LF_SCOPE},
    {"成立日期", ZC_LF_FOUNDED},
    {"注册日期", ZC_LF_FOUNDED},
    {"营业期限", ZC_LF_TERM},
    {"经营期限", ZC_LF_TERM},
    {"合伙期限", ZC_LF_TERM},
    {"主要经营场所", ZC_LF_ADDRESS},
    {"经营场所", ZC_LF_ADDRESS},
    {"营业场所", ZC_LF_ADDRESS},
    {"住所", ZC_LF_ADDRESS},
    {"登记机关", ZC_LF_AUTHORITY},
    {"注册资本", L_STOP},
    {"出资总额", L_STOP},
    {"出资额", L_STOP},
    {"组成形式", L_STOP},
    {"营业执照", L_STOP},
    {"国家企业信用信息公示系统", L_STOP},
    {"国家市场监督管理总局监制", L_STOP},
    {"市场主体应当于", L_STOP},
    {"扫描二维码", L_STOP},
    {"编号", L_STOP},
};
#define N_LABELS (sizeof LABELS / sizeof LABELS[0])

typedef struct label_cps {
    uint32_t cp[16];
    size_t n;
} label_cps;

typedef struct hit {
    size_t start, end; /* code points within the line */
    int field;
} hit;

/* Punctuation OCR inserts between the letter-spaced characters of a label ("名 。 称", "类 “ 型"). */
static int is_label_noise(uint32_t c)
{
    return is_label_sep(c) || c == 0x300A || c == 0x300B || c == 0x3008 || c == 0x3009 || c == ',' || c == 0x201C ||
           c == 0x201D || c == '\'' || c == '"';
}

/* Label match at position p: returns the quality (0 none, 2 exact, 1 one substitution for labels of ≥ 4
 * characters with the first or last character right) and the end position in *end. Noise punctuation between
 * label characters is skipped. */
static int label_at(const line *ln, size_t p, const label_cps *l, size_t *end)
{
    if (p >= ln->n || is_label_noise(ln->cp[p]))
        return 0;
    size_t miss = 0, j = p;
    int first_ok = 0, last_ok = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (i > 0)
            while (j < ln->n && is_label_noise(ln->cp[j]) && j - p < 2 * l->n + 2)
                j++;
        if (j >= ln->n)
            return 0;
        if (ln->cp[j] != l->cp[i]) {
            if (++miss > 1 || !is_cjk(ln->cp[j]))
                return 0;
        } else if (i == 0) {
            first_ok = 1;
        } else if (i == l->n - 1) {
            last_ok = 1;
        }
        j++;
    }
    *end = j;
    if (miss == 0)
        return 2;
    return l->n >= 4 && (first_ok || last_ok) ? 1 : 0;
}

static size_t find_hits(const line *ln, const label_cps *labels, hit *hits, size_t max)
{
    size_t nh = 0;
    size_t p = 0;
    while (p < ln->n && nh < max) {
        int best = -1, best_q = 0;
        size_t best_end = p;
        for (size_t li = 0; li < N_LABELS; li++) {
            size_t end = p;
            int q = label_at(ln, p, &labels[li], &end);
            if (q > best_q || (q && q == best_q && labels[li].n > labels[best].n)) {
                best_q = q;
                best = (int)li;
                best_end = end;
            }
        }
        if (best >= 0) {
            hits[nh].start = p;
            hits[nh].end = best_end;
            hits[nh].field = LABELS[best].field;
            nh++;
            p = best_end;
        } else {
            p++;
        }
    }
    return nh;
}

/* ---------------------------------------------------------------- dates */

typedef struct ymd {
    int y, m, d;
} ymd;

/* Parses a date at s[i..]: YYYY年M月D日 or YYYY-M-D / YYYY.M.D / YYYY/M/D. Returns the characters consumed. */
static size_t parse_date(const uint32_t *s, size_t n, size_t i, ymd *out)
{
    size_t p = i;
    int v[3] = {0, 0, 0};
    for (int part = 0; part < 3; part++) {
        size_t st = p;
        int x = 0;
        while (p < n && is_digit(s[p]) && p - st < (part ? 2u : 4u)) {
            x = x * 10 + (int)(s[p] - '0');
            p++;
        }
        if (p == st || (part == 0 && p - st != 4))
            return 0;
        v[part] = x;
        if (part < 2) {
            if (p < n &&
                (s[p] == 0x5E74 /* 年 */ || s[p] == 0x6708 /* 月 */ || s[p] == '-' || s[p] == '.' || s[p] == '/'))
                p++;
            else
                return 0;
        } else if (p < n && s[p] == 0x65E5 /* 日 */) {
            p++;
        }
    }
    if (v[0] < 1900 || v[0] > 2200 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return 0;
    out->y = v[0];
    out->m = v[1];
    out->d = v[2];
    return p - i;
}

/* All dates in a folded string, up to max. */
static size_t find_dates(const uint32_t *s, size_t n, ymd *dates, size_t *pos, size_t max)
{
    size_t cnt = 0;
    for (size_t i = 0; i < n && cnt < max; i++) {
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])))
            continue;
        ymd d;
        size_t used = parse_date(s, n, i, &d);
        if (used) {
            dates[cnt] = d;
            if (pos)
                pos[cnt] = i;
            cnt++;
            i += used - 1;
        }
    }
    return cnt;
}

static int ymd_cmp(ymd a, ymd b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

/* ---------------------------------------------------------------- provinces */

typedef struct province {
    const char *code; /* first two digits of the division code */
    const char *name; /* as written at the start of an address */
    const char *full;
} province;

static const province PROVINCES[] = {
    {"11", "北京", "北京市"},
    {"12", "天津", "天津市"},
    {"13", "河北", "河北省"},
    {"14", "山西", "山西省"},
    {"15", "内蒙古", "内蒙古自治区"},
    {"21", "辽宁", "辽宁省"},
    {"22", "吉林", "吉林省"},
    {"23", "黑龙江", "黑龙江省"},
    {"31", "上海", "上海市"},
    {"32", "江苏", "江苏省"},
    {"33", "浙江", "浙江省"},
    {"34", "安徽", "安徽省"},
    {"35", "福建", "福建省"},
    {"36", "江西", "江西省"},
    {"37", "山东", "山东省"},
    {"41", "河南", "河南省"},
    {"42", "湖北", "湖北省"},
    {"43", "湖南", "湖南省"},
    {"44", "广东", "广东省"},
    {"45", "广西", "广西壮族自治区"},
    {"46", "海南", "海南省"},
    {"50", "重庆", "重庆市"},
    {"51", "四川", "四川省"},
    {"52", "贵州", "贵州省"},
    {"53", "云南", "云南省"},
    {"54", "西藏", "西藏自治区"},
    {"61", "陕西", "陕西省"},
    {"62", "甘肃", "甘肃省"},
    {"63", "青海", "青海省"},
    {"64", "宁夏", "宁夏回族自治区"},
    {"65", "新疆", "新疆维吾尔自治区"},
    /* large cities often written without their province */
    {"44", "深圳", "广东省"},
    {"44", "广州", "广东省"},
    {"44", "东莞", "广东省"},
    {"44", "佛山", "广东省"},
    {"33", "杭州", "浙江省"},
    {"33", "宁波", "浙江省"},
    {"33", "温州", "浙江省"},
    {"33", "义乌", "浙江省"},
    {"32", "南京", "江苏省"},
    {"32", "苏州", "江苏省"},
    {"32", "无锡", "江苏省"},
    {"35", "厦门", "福建省"},
    {"35", "福州", "福建省"},
    {"35", "泉州", "福建省"},
    {"37", "青岛", "山东省"},
    {"37", "济南", "山东省"},
    {"51", "成都", "四川省"},
    {"42", "武汉", "湖北省"},
    {"61", "西安", "陕西省"},
    {"21", "大连", "辽宁省"},
    {"21", "沈阳", "辽宁省"},
    {"43", "长沙", "湖南省"},
    {"41", "郑州", "河南省"},
    {"34", "合肥", "安徽省"},
};
#define N_PROVINCES (sizeof PROVINCES / sizeof PROVINCES[0])

static const province *province_of_code(const char *uscc)
{
    for (size_t i = 0; i < 31; i++)
        if (uscc[2] == PROVINCES[i].code[0] && uscc[3] == PROVINCES[i].code[1])
            return &PROVINCES[i];
    return NULL;
}

/* Province named at the start of an address (within its first 3 characters). */
static const province *province_of_address(const uint32_t *s, size_t n)
{
    const province *best = NULL;
    size_t best_pos = (size_t)-1;
    for (size_t i = 0; i < N_PROVINCES; i++) {
        uint32_t nd[8];
        size_t nn = lit(PROVINCES[i].name, nd, 8);
        int p = cps_find(s, n < 8 ? n : 8, nd, nn, 0);
        if (p >= 0 && p <= 2 && (size_t)p < best_pos) {
            best = &PROVINCES[i];
            best_pos = (size_t)p;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- result building */

typedef struct builder {
    zc_licence_result *r;
    size_t cap;
    int oom;
} builder;

static char *xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static void add_finding_s(builder *b, const char *rule_id, const char *family, zc_severity sev, const char *basis,
                          char *message, const char *suggestion)
{
    zc_licence_result *r = b->r;
    if (!message) {
        b->oom = 1;
        return;
    }
    if (r->n_findings == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        zc_licence_finding *f = realloc(r->findings, cap * sizeof *f);
        if (!f) {
            free(message);
            b->oom = 1;
            return;
        }
        r->findings = f;
        b->cap = cap;
    }
    zc_licence_finding *f = &r->findings[r->n_findings];
    f->rule_id = rule_id;
    f->family = family;
    f->severity = sev;
    f->basis = basis;
    f->message = message;
    f->suggestion = xstrdup(suggestion ? suggestion : "");
    if (!f->suggestion) {
        free(message);
        b->oom = 1;
        return;
    }
    r->n_findings++;
}

#if defined(__GNUC__)
__attribute__((format(printf, 7, 8)))
#endif
static void
finding(builder *b, const char *rule_id, const char *family, zc_severity sev, const char *basis, const char *suggestion,
        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    add_finding_s(b, rule_id, family, sev, basis, msg, suggestion);
}

static const char BASIS_GB32100[] = "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》";
static const char BASIS_EC15[] = "《电子商务法》第十五条";
static const char BASIS_FOOD35[] = "《食品安全法》第三十五条";
static const char BASIS_EC12[] = "《电子商务法》第十二条";
static const char SUGGEST_GSXT[] = "请到国家企业信用信息公示系统（www.gsxt.gov.cn）查询核实该主体的登记信息";

/* ---------------------------------------------------------------- QR helpers */

static int qr_host_official(const char *qr, char *host_out, size_t host_cap)
{
    const char *p = qr;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    const char *colon = strstr(p, "://");
    host_out[0] = 0;
    if (!colon)
        return 0;
    for (const char *q = p; q < colon; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
            return 0;
    const char *a = colon + 3;
    size_t alen = strcspn(a, "/?#\\");
    /* drop userinfo: everything up to the last '@' of the authority */
    const char *at = NULL;
    for (size_t i = 0; i < alen; i++)
        if (a[i] == '@')
            at = a + i;
    if (at) {
        alen -= (size_t)(at + 1 - a);
        a = at + 1;
    }
    size_t hlen = 0;
    while (hlen < alen && a[hlen] != ':')
        hlen++;
    if (hlen == 0 || hlen >= host_cap)
        return 0;
    for (size_t i = 0; i < hlen; i++) {
        char c = a[i];
        host_out[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    host_out[hlen] = 0;
    while (hlen && host_out[hlen - 1] == '.')
        host_out[--hlen] = 0;
    static const char off[] = "gsxt.gov.cn";
    size_t ol = sizeof off - 1;
    if (hlen == ol && memcmp(host_out, off, ol) == 0)
        return 1;
    return hlen > ol && host_out[hlen - ol - 1] == '.' && memcmp(host_out + hlen - ol, off, ol) == 0;
}

/* Number of positions where two 18-char codes differ. */
static int code_distance(const char *a, const char *b)
{
    int d = 0;
    for (int i = 0; i < 18; i++)
        d += a[i] != b[i];
    return d;
}

/* ---------------------------------------------------------------- name comparison */

/* Folds a name for comparison: ASCII brackets → none, spaces/punctuation dropped, ASCII upper-cased. */
static size_t name_key(const uint32_t *s, size_t n, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = fold(s[i]);
        if (c == '(' || c == ')' || c == 0x3010 || c == 0x3011 || is_space(c) || is_label_sep(c) || c == ',')
            continue;
        if (c >= 'a' && c <= 'z')
            c -= 32;
        out[k++] = c;
    }
    return k;
}

/* Levenshtein distance, capped: returns cap + 1 when larger or when a string is longer than 64. */
static size_t edit_distance(const uint32_t *a, size_t an, const uint32_t *b, size_t bn, size_t cap)
{
    if (an > 64 || bn > 64)
        return cap + 1;
    size_t row[65];
    for (size_t j = 0; j <= bn; j++)
        row[j] = j;
    for (size_t i = 1; i <= an; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[bn];
}

/* Names match when one ends with the other ("本店由X经营" contains X), allowing one misread character in
 * names of six or more characters (OCR), compared on the aligned tail. */
static int names_match(const uint32_t *ck, size_t ckn, const uint32_t *lk, size_t lkn)
{
    if (!ckn || !lkn)
        return 0;
    const uint32_t *a = ck, *b = lk;
    size_t an = ckn, bn = lkn;
    if (an > bn) {
        a += an - bn;
        an = bn;
    } else {
        b += bn - an;
        bn = an;
    }
    size_t tol = an >= 6 ? 1 : 0;
    /* a one-character insertion or deletion shifts the tail: also try aligning one character longer */
    if (edit_distance(a, an, b, bn, tol) <= tol)
        return 1;
    if (tol && ckn > lkn && edit_distance(ck + ckn - lkn - 1, lkn + 1, lk, lkn, tol) <= tol)
        return 1;
    if (tol && lkn > ckn && edit_distance(lk + lkn - ckn - 1, ckn + 1, ck, ckn, tol) <= tol)
        return 1;
    return 0;
}

static int ends_with(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
    return bn <= an && memcmp(a + an - bn, b, bn * sizeof *b) == 0;
}

/* Company-name candidates in listing text: a label (企业名称/公司名称/经营者名称/主体名称/名称) followed by the
 * value, or a run of CJK ending in an organisation suffix. Returns the count (≤ max); each is [start,len). */
typedef struct span {
    size_t start, len;
} span;

static int is_name_char(uint32_t c)
{
    return is_cjk(c) || is_ascii_alnum(c) || c == '(' || c == ')' || c == 0xFF08 || c == 0xFF09 || c == 0x00B7;
}

static size_t listing_names(const uint32_t *s, size_t n, span *out, size_t max)
{
    static const char *const labels[] = {"企业名称", "公司名称", "经营者名称", "主体名称", "商家名称", "名称"};
    static const char *const suffixes[] = {"有限责任公司", "股份有限公司", "有限公司", "合伙企业",
                                           "个人独资企业", "专业合作社",   "分公司",   "经营部",
                                           "商行",         "工作室",       "门市部"};
    size_t cnt = 0;
    uint32_t nd[16];
    for (size_t li = 0; li < sizeof labels / sizeof labels[0] && cnt < max; li++) {
        size_t nn = lit(labels[li], nd, 16);
        int p = -1;
        while ((p = cps_find(s, n, nd, nn, (size_t)(p + 1))) >= 0 && cnt < max) {
            size_t i = (size_t)p + nn;
            while (i < n && (is_space(s[i]) || is_label_sep(fold(s[i]))))
                i++;
            size_t st = i;
            while (i < n && is_name_char(fold(s[i])))
                i++;
            if (i - st >= 4) {
                /* skip a label that is part of a longer one already recorded */
                int dup = 0;
                for (size_t k = 0; k < cnt; k++)
                    dup |= out[k].start == st;
                if (!dup) {
                    out[cnt].start = st;
                    out[cnt].len = i - st;
                    cnt++;
                }
            }
        }
    }
    if (cnt)
        return cnt;
    for (size_t si = 0; si < sizeof suffixes / sizeof suffixes[0] && cnt < max; si++) {
        size_t nn = lit(suffixes[si], nd, 16);
        int p = -1;
        while ((p = cps_find(s, n, nd, nn, (size_t)(p + 1))) >= 0 && cnt < max) {
            size_t end = (size_t)p + nn;
            size_t st = (size_t)p;
            while (st > 0 && is_name_char(fold(s[st - 1])) && end - st < 40)
                st--;
            if (end - st >= nn + 2) {
                int dup = 0;
                for (size_t k = 0; k < cnt; k++)
                    dup |= out[k].start + out[k].len == end;
                if (!dup) {
                    out[cnt].start = st;
                    out[cnt].len = end - st;
                    cnt++;
                }
            }
        }
    }
    return cnt;
}

/* ---------------------------------------------------------------- scope vs category */

typedef struct scope_need {
    const char *category;
    const char *keywords[6]; /* any one suffices */
    const char *what;
    const char *basis;
} scope_need;

static const scope_need SCOPE_NEEDS[] = {
    {"food", {"食品", "食用农产品", "酒类", "保健食品", NULL}, "食品经营（销售）", BASIS_FOOD35},
    {"health_food", {"保健食品", NULL}, "保健食品销售", BASIS_FOOD35},
    {"drug", {"药品", NULL}, "药品经营", BASIS_EC12},
    {"medical_device", {"医疗器械", NULL}, "医疗器械经营", BASIS_EC12},
    {"epidemic_supplies",
     {"医疗器械", "卫生用品", "劳动防护用品", "消毒", "防护用品", NULL},
     "防疫用品（医疗器械、卫生用品）销售",
     BASIS_EC12},
    {"cosmetics", {"化妆品", NULL}, "化妆品销售", BASIS_EC12},
    {"publication", {"出版物", "图书", "报刊", "音像制品", NULL}, "出版物零售/批发", BASIS_EC12},
    {"education", {"教育", "培训", NULL}, "教育培训", BASIS_EC12},
};

/* ---------------------------------------------------------------- main */

static int parse_today(const char *s, ymd *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
            return 0;
    out->y = atoi(s);
    out->m = atoi(s + 5);
    out->d = atoi(s + 8);
    return out->m >= 1 && out->m <= 12 && out->d >= 1 && out->d <= 31;
}

const char *zc_licence_field_name(zc_licence_field f)
{
    static const char *const names[ZC_LF_COUNT] = {"uscc",    "name", "type",    "representative", "scope",
                                                   "founded", "term", "address", "authority",      "issued"};
    return (unsigned)f < ZC_LF_COUNT ? names[f] : "";
}

void zc_licence_free(zc_licence_result *r)
{
    if (!r)
        return;
    for (int i = 0; i < ZC_LF_COUNT; i++)
        free(r->fields[i]);
    free(r->qr);
    for (size_t i = 0; i < r->n_findings; i++) {
        free(r->findings[i].message);
        free(r->findings[i].suggestion);
    }
    free(r->findings);
    free(r);
}

static void seterr(zc_error *err, zc_status code, const char *msg)
{
    if (!err)
        return;
    err->code = code;
    snprintf(err->message, sizeof err->message, "%s", msg);
}

/* Trims leading label separators and trailing separators/spaces. */
static void trim_value(const uint32_t **s, size_t *n)
{
    while (*n && (is_label_sep((*s)[0]) || is_space((*s)[0]) || (*s)[0] == ')'))
        (*s)++, (*n)--;
    while (*n && (is_space((*s)[*n - 1]) || (*s)[*n - 1] == ':' || (*s)[*n - 1] == '|' || (*s)[*n - 1] == '_'))
        (*n)--;
}

typedef struct extract {
    cpbuf val[ZC_LF_COUNT];
    int seen[ZC_LF_COUNT]; /* label seen */
    size_t authority_line; /* line index of 登记机关, or (size_t)-1 */
    int any_label;
} extract;

static int run_extract(const line *lines, size_t nl, extract *ex)
{
    label_cps labels[N_LABELS];
    for (size_t i = 0; i < N_LABELS; i++)
        labels[i].n = lit(LABELS[i].text, labels[i].cp, 16);
    ex->authority_line = (size_t)-1;
    int open = -1; /* field open for continuation lines */
    hit hits[16];
    for (size_t li = 0; li < nl; li++) {
        const line *ln = &lines[li];
        if (ln->n == 0)
            continue;
        size_t nh = find_hits(ln, labels, hits, 16);
        size_t first = nh ? hits[0].start : ln->n;
        /* text before the first label continues the open field */
        const uint32_t *pre = ln->cp;
        size_t pren = first;
        trim_value(&pre, &pren);
        int next_open = -1;
        if (pren && open >= 0) {
            int take = 0;
            if (open == ZC_LF_SCOPE)
                take = 1;
            else if (ex->val[open].n == 0)
                take = 1;
            else if (open == ZC_LF_ADDRESS && nh == 0 && pren <= 24 && ex->val[open].n < 40) {
                ymd d;
                take = !find_dates(pre, pren, &d, NULL, 1);
            }
            if (take) {
                if (cp_append(&ex->val[open], pre, pren))
                    return -1;
                if (open == ZC_LF_SCOPE && nh == 0)
                    next_open = open;
            }
        }
        for (size_t h = 0; h < nh; h++) {
            int f = hits[h].field;
            ex->any_label = 1;
            size_t vs = hits[h].end, ve = h + 1 < nh ? hits[h + 1].start : ln->n;
            const uint32_t *v = ln->cp + vs;
            size_t vn = ve - vs;
            trim_value(&v, &vn);
            if (f == L_STOP) {
                next_open = -1;
                continue;
            }
            if (f == ZC_LF_AUTHORITY && ex->authority_line == (size_t)-1)
                ex->authority_line = li;
            if (ex->seen[f]) {
                /* a second occurrence (e.g. a stray word in the scope): ignore it, keep the first value */
                next_open = -1;
                continue;
            }
            ex->seen[f] = 1;
            if (vn && cp_append(&ex->val[f], v, vn))
                return -1;
            next_open = f;
        }
        open = next_open;
        if (nh == 0 && open == -1 && pren == 0)
            open = -1;
    }
    return 0;
}

static char *field_str(const cpbuf *b)
{
    const uint32_t *s = b->v;
    size_t n = b->n;
    trim_value(&s, &n);
    return n ? cps_to_utf8(s, n) : NULL;
}

zc_licence_result *zc_licence_check(const zc_licence_input *in, zc_error *err)
{
    ymd today;
    if (!in || !parse_today(in->today, &today)) {
        seterr(err, ZC_ERR_INPUT, "licence: today must be given as YYYY-MM-DD");
        return NULL;
    }
    if (in->ocr_len > ZC_LICENCE_MAX_TEXT || in->listing_len > ZC_LICENCE_MAX_TEXT ||
        (in->qr && in->qr_len > ZC_LICENCE_MAX_QR)) {
        seterr(err, ZC_ERR_TOO_LARGE, "licence: OCR text, listing or QR payload too large");
        return NULL;
    }
    if ((in->ocr_len && !in->ocr) || (in->listing_len && !in->listing)) {
        seterr(err, ZC_ERR_INPUT, "licence: NULL text with a non-zero length");
        return NULL;
    }
    zc_licence_result *r = calloc(1, sizeof *r);
    uint32_t *ocr = malloc((in->ocr_len + 1) * sizeof *ocr);
    line *lines = NULL;
    size_t nl = 0;
    extract ex;
    memset(&ex, 0, sizeof ex);
    builder b = {r, 0, 0};
    uint32_t *lst = NULL;
    size_t nlst = 0;
    if (!r || !ocr)
        goto oom;
    size_t n = in->ocr_len ? utf8_decode((const unsigned char *)in->ocr, in->ocr_len, ocr) : 0;
    size_t cap_lines = 1;
    for (size_t i = 0; i < n; i++)
        cap_lines += ocr[i] == '\n';
    lines = calloc(cap_lines, sizeof *lines);
    if (!lines)
        goto oom;
    for (size_t i = 0, st = 0; i <= n; i++) {
        if (i == n || ocr[i] == '\n') {
            if (compact_line(ocr + st, i - st, &lines[nl]))
                goto oom;
            nl++;
            st = i + 1;
        }
    }
    if (run_extract(lines, nl, &ex))
        goto oom;

    /* USCC: the labelled value (plus the next line when short), else any code-shaped run */
    char printed[19] = {0};
    int have_printed = 0, printed_fix = 0;
    {
        const cpbuf *v = &ex.val[ZC_LF_USCC];
        char tmp[64];
        size_t k = 0;
        for (size_t i = 0; i < v->n && k < 40; i++) {
            uint32_t c = v->v[i];
            if (is_ascii_alnum(c))
                tmp[k++] = (char)c;
            else if (k >= 18)
                break;
        }
        /* OCR glues border marks or stray letters to the code: pick the 18-character window that passes the
         * checks, else the one shaped like a code (authority 1/5/9/Y, six division digits), else the first */
        int best = -1, best_score = -1;
        for (size_t st = 0; k >= 18 && st + 18 <= k && st <= 4; st++) {
            char cand[19];
            int rc = zc_licence_uscc_normalise(tmp + st, 18, cand);
            if (!rc)
                continue;
            int score = uscc_fully_ok(cand)                                ? 3
                        : (strchr("159Y", cand[0]) && uscc_shape_ok(cand)) ? 2
                        : st == 0                                          ? 1
                                                                           : 0;
            if (score > best_score) {
                best_score = score;
                best = (int)st;
                memcpy(printed, cand, 19);
                printed_fix = rc == 2 || st > 0 || k > 18;
            }
        }
        if (best >= 0)
            have_printed = 1;
        if (!have_printed) {
            char codes[4][19];
            for (size_t li = 0; li < nl && !have_printed; li++) {
                if (find_codes(lines[li].cp, lines[li].n, codes, 4)) {
                    memcpy(printed, codes[0], 19);
                    have_printed = 1;
                    printed_fix = 1;
                }
            }
        }
    }

    /* QR */
    char qr_code[19] = {0};
    int have_qr_code = 0;
    if (in->qr) {
        uint32_t *q = malloc((in->qr_len + 1) * sizeof *q);
        if (!q)
            goto oom;
        size_t qn = utf8_decode((const unsigned char *)in->qr, in->qr_len, q);
        r->qr = cps_to_utf8(q, qn);
        if (!r->qr) {
            free(q);
            goto oom;
        }
        /* a code inside the payload: an 18-character run bounded by non-alphanumerics */
        for (size_t i = 0; i < qn; i++)
            q[i] = fold(q[i]);
        char codes[4][19];
        size_t nc = find_codes(q, qn, codes, 4);
        for (size_t i = 0; i < nc && !have_qr_code; i++) {
            if (zc_licence_uscc_checksum_ok(codes[i]) || nc == 1) {
                memcpy(qr_code, codes[i], 19);
                have_qr_code = 1;
            }
        }
        free(q);
    }

    int qr_mismatch = 0;
    if (have_qr_code) {
        if (!have_printed) {
            memcpy(printed, qr_code, 19);
            have_printed = 1;
            printed_fix = 1;
        } else if (strcmp(printed, qr_code) != 0) {
            int printed_ok = uscc_fully_ok(printed);
            if (!printed_ok && zc_licence_uscc_checksum_ok(qr_code) && code_distance(printed, qr_code) <= 3) {
                memcpy(printed, qr_code, 19); /* OCR misread: the QR is exact */
                printed_fix = 1;
            } else {
                qr_mismatch = 1;
            }
        }
    }
    r->uscc_corrected = printed_fix;
    if (have_printed) {
        r->fields[ZC_LF_USCC] = xstrdup(printed);
        if (!r->fields[ZC_LF_USCC])
            goto oom;
    }

    /* name label misread ("和称", "名 祢"): a line near the top that is "?称" + a value ending like a name */
    if (!ex.val[ZC_LF_NAME].n) {
        static const char *const sfx[] = {"公司", "企业", "合作社", "商行", "经营部", "工作室", "门市部", "厂", "店"};
        for (size_t li = 0; li < nl && li < 16 && !ex.val[ZC_LF_NAME].n; li++) {
            const line *ln = &lines[li];
            for (size_t p = 0; p <= 2 && p + 1 < ln->n; p++) {
                if (ln->cp[p] != 0x79F0 /* 称 */)
                    continue;
                const uint32_t *v = ln->cp + p + 1;
                size_t vn = ln->n - p - 1;
                trim_value(&v, &vn);
                /* the value may run into the right column's label: cut at the first label-like stop */
                int ok = 0;
                for (size_t k = 0; k < sizeof sfx / sizeof sfx[0] && !ok && vn >= 4; k++) {
                    uint32_t nd[4];
                    size_t nn = lit(sfx[k], nd, 4);
                    int at = cps_find(v, vn, nd, nn, 0);
                    if (at >= 2) {
                        vn = (size_t)at + nn;
                        ok = 1;
                    }
                }
                if (ok && cp_append(&ex.val[ZC_LF_NAME], v, vn))
                    goto oom;
                break;
            }
        }
    }

    /* Other fields */
    for (int f = ZC_LF_NAME; f < ZC_LF_COUNT; f++) {
        if (f == ZC_LF_ISSUED)
            continue;
        if (ex.val[f].n) {
            r->fields[f] = field_str(&ex.val[f]);
            if (!r->fields[f] && ex.val[f].n) {
                /* only separators: leave it absent */
            }
        }
    }
    /* authority: printed after the label, or a line ending in 局 near it */
    if (!r->fields[ZC_LF_AUTHORITY] && ex.authority_line != (size_t)-1) {
        for (size_t li = ex.authority_line + 1; li < nl && li <= ex.authority_line + 3; li++) {
            const line *ln = &lines[li];
            if (ln->n >= 4 && ln->cp[ln->n - 1] == 0x5C40 /* 局 */) {
                r->fields[ZC_LF_AUTHORITY] = cps_to_utf8(ln->cp, ln->n);
                if (!r->fields[ZC_LF_AUTHORITY])
                    goto oom;
                break;
            }
        }
    }
    /* authority value may have the issue date glued on: split it off */
    ymd issued = {0, 0, 0};
    int have_issued = 0;
    if (ex.authority_line != (size_t)-1) {
        for (size_t li = ex.authority_line; li < nl && li <= ex.authority_line + 4 && !have_issued; li++) {
            ymd d[2];
            size_t pos[2];
            size_t nd = find_dates(lines[li].cp, lines[li].n, d, pos, 2);
            if (nd) {
                issued = d[0];
                have_issued = 1;
                size_t used = parse_date(lines[li].cp, lines[li].n, pos[0], &d[0]);
                r->fields[ZC_LF_ISSUED] = cps_to_utf8(lines[li].cp + pos[0], used);
                if (!r->fields[ZC_LF_ISSUED])
                    goto oom;
            }
        }
        if (r->fields[ZC_LF_AUTHORITY]) {
            /* cut the authority at the first digit (a glued date) */
            char *a = r->fields[ZC_LF_AUTHORITY];
            size_t cut = strcspn(a, "0123456789");
            while (cut > 0 && (a[cut - 1] == ' '))
                cut--;
            a[cut] = 0;
            if (!*a) {
                free(a);
                r->fields[ZC_LF_AUTHORITY] = NULL;
            }
        }
    }
    (void)issued;

    /* ---- findings ---- */
    int code_ok = have_printed && zc_licence_uscc_checksum_ok(printed);
    if (!ex.any_label && !have_printed) {
        finding(&b, "licence.unreadable", "licence_unreadable", ZC_WARNING, BASIS_EC15,
                "请上传清晰、完整、未经裁剪的营业执照原件照片或扫描件",
                "图片中未识别出营业执照的内容（统一社会信用代码、名称等均无法读取）");
    } else {
        if (!have_printed)
            finding(&b, "licence.unreadable.uscc", "licence_unreadable", ZC_WARNING, BASIS_EC15,
                    "请上传更清晰的营业执照照片，确保统一社会信用代码完整可见", "未能从图片中读出统一社会信用代码");
        if (!r->fields[ZC_LF_NAME])
            finding(&b, "licence.unreadable.name", "licence_unreadable", ZC_WARNING, BASIS_EC15,
                    "请上传更清晰的营业执照照片，确保名称完整可见", "未能从图片中读出主体名称");
    }
    if (have_printed && !code_ok) {
        finding(&b, "licence.uscc.checksum", "licence_uscc_checksum", ZC_WARNING, BASIS_GB32100, SUGGEST_GSXT,
                "统一社会信用代码 %s 的校验位不正确，可能是伪造、涂改或抄写错误的代码", printed);
    } else if (have_printed && !zc_licence_uscc_orgcheck_ok(printed)) {
        finding(&b, "licence.uscc.org_check", "licence_uscc_checksum", ZC_WARNING, BASIS_GB32100, SUGGEST_GSXT,
                "统一社会信用代码 %s 第9–17位（主体标识码）的校验位不正确", printed);
    }

    /* expiry */
    if (r->fields[ZC_LF_TERM]) {
        const cpbuf *t = &ex.val[ZC_LF_TERM];
        int open_ended = cps_contains_lit(t->v, t->n, "长期") || cps_contains_lit(t->v, t->n, "永久") ||
                         cps_contains_lit(t->v, t->n, "不约定");
        ymd d[3];
        size_t pos[3];
        size_t nd = find_dates(t->v, t->n, d, pos, 3);
        uint32_t zhi[1] = {0x81F3}; /* 至 */
        int to = cps_find(t->v, t->n, zhi, 1, 0);
        int have_end = 0;
        ymd end = {0, 0, 0};
        for (size_t i = 0; i < nd; i++)
            if (to >= 0 && pos[i] > (size_t)to) {
                end = d[i];
                have_end = 1;
                break;
            }
        if (!have_end && nd >= 2) {
            end = d[nd - 1];
            have_end = 1;
        }
        if (have_end && !open_ended && ymd_cmp(end, today) < 0)
            finding(&b, "licence.expired", "licence_expired", ZC_ERROR, BASIS_EC15,
                    "请换用在营业期限内的营业执照；已办理延期的，请上传变更后的执照",
                    "营业期限已于 %04d年%02d月%02d日 届满，该营业执照已超过营业期限", end.y, end.m, end.d);
    }

    /* QR */
    if (r->qr) {
        char host[256];
        if (!qr_host_official(r->qr, host, sizeof host)) {
            if (host[0])
                finding(&b, "licence.qr.not_official", "licence_qr_not_official", ZC_ERROR, BASIS_EC15, SUGGEST_GSXT,
                        "执照二维码指向 %s，不是国家企业信用信息公示系统（gsxt.gov.cn）的地址，执照可能被伪造", host);
            else
                finding(&b, "licence.qr.not_official", "licence_qr_not_official", ZC_ERROR, BASIS_EC15, SUGGEST_GSXT,
                        "执照二维码的内容不是国家企业信用信息公示系统（gsxt.gov.cn）的网址，执照可能被伪造");
        }
        if (qr_mismatch)
            finding(&b, "licence.qr.mismatch", "licence_qr_mismatch", ZC_ERROR, BASIS_EC15, SUGGEST_GSXT,
                    "执照二维码中的统一社会信用代码 %s 与执照上印的 %s 不一致", qr_code, printed);
    }

    /* type vs the code's 2nd character */
    if (code_ok && printed[0] == '9' && r->fields[ZC_LF_TYPE]) {
        const cpbuf *t = &ex.val[ZC_LF_TYPE];
        int says_indiv = cps_contains_lit(t->v, t->n, "个体");
        int says_coop = cps_contains_lit(t->v, t->n, "合作社");
        const char *want = NULL;
        if (printed[1] == '1' && (says_indiv || says_coop))
            want = "企业";
        else if (printed[1] == '2' && !says_indiv)
            want = "个体工商户";
        else if (printed[1] == '3' && !says_coop)
            want = "农民专业合作社";
        if (want)
            finding(&b, "licence.type.mismatch", "licence_type_mismatch", ZC_WARNING, BASIS_GB32100, SUGGEST_GSXT,
                    "统一社会信用代码 %s 的第2位表示“%s”，与执照上的类型“%s”不符", printed, want,
                    r->fields[ZC_LF_TYPE]);
    }

    /* region vs address */
    if (code_ok && r->fields[ZC_LF_ADDRESS]) {
        const province *pc = province_of_code(printed);
        const cpbuf *a = &ex.val[ZC_LF_ADDRESS];
        const province *pa = province_of_address(a->v, a->n);
        if (pc && pa && strcmp(pc->code, pa->code) != 0) {
            /* name the registering authority's area as precisely as the division table knows it */
            zc_id_info *id = malloc(sizeof *id);
            const char *area = pc->full;
            if (id && zc_id_identify(printed, 18, id) == ZC_ID_USCC && id->region[0])
                area = id->region;
            finding(&b, "licence.region.mismatch", "licence_region_mismatch", ZC_WARNING, BASIS_GB32100, SUGGEST_GSXT,
                    "统一社会信用代码 %s 的登记机关行政区划（%s）与住所所在地（%s）不一致", printed, area, pa->full);
            free(id);
        }
    }

    /* scope vs category */
    if (in->category && in->category[0] && r->fields[ZC_LF_SCOPE]) {
        const cpbuf *s = &ex.val[ZC_LF_SCOPE];
        for (size_t i = 0; i < sizeof SCOPE_NEEDS / sizeof SCOPE_NEEDS[0]; i++) {
            const scope_need *sn = &SCOPE_NEEDS[i];
            if (strcmp(sn->category, in->category) != 0)
                continue;
            int ok = 0;
            for (int k = 0; k < 6 && sn->keywords[k] && !ok; k++)
                ok = cps_contains_lit(s->v, s->n, sn->keywords[k]);
            if (!ok) {
                char sug[256];
                snprintf(sug, sizeof sug, "确认营业执照经营范围包含%s并取得相应许可证后再销售此类商品", sn->what);
                finding(&b, "licence.scope.missing", "licence_scope_missing", ZC_WARNING, sn->basis, sug,
                        "商品类目（%s）需要经营范围包含“%s”，但执照的经营范围中没有", in->category, sn->what);
            }
        }
    }

    /* listing: disclosed code and name */
    if (in->listing && in->listing_len) {
        lst = malloc((in->listing_len + 1) * sizeof *lst);
        if (!lst)
            goto oom;
        nlst = utf8_decode((const unsigned char *)in->listing, in->listing_len, lst);
        cpbuf folded = {0};
        for (size_t i = 0; i < nlst; i++)
            if (!is_space(lst[i]) && cp_push(&folded, fold(lst[i]))) {
                free(folded.v);
                goto oom;
            }
        if (have_printed) {
            char codes[8][19];
            size_t nc = find_codes(folded.v, folded.n, codes, 8);
            for (size_t i = 0; i < nc; i++) {
                if (strcmp(codes[i], printed) != 0 && (!have_qr_code || strcmp(codes[i], qr_code) != 0)) {
                    finding(&b, "licence.listing.code_mismatch", "licence_name_mismatch", ZC_ERROR, BASIS_EC15,
                            "店铺公示的统一社会信用代码应与营业执照一致；请核对并更正",
                            "商品/店铺页面公示的统一社会信用代码 %s 与营业执照上的 %s 不一致", codes[i], printed);
                    break;
                }
            }
        }
        if (r->fields[ZC_LF_NAME]) {
            span names[8];
            size_t nn = listing_names(lst, nlst, names, 8);
            const cpbuf *lv = &ex.val[ZC_LF_NAME];
            uint32_t *lk = malloc((lv->n + 1) * sizeof *lk);
            uint32_t *ck = malloc((nlst + 1) * sizeof *ck);
            if (!lk || !ck) {
                free(lk);
                free(ck);
                free(folded.v);
                goto oom;
            }
            size_t lkn = name_key(lv->v, lv->n, lk);
            int any_match = 0;
            size_t first_bad = (size_t)-1;
            for (size_t i = 0; i < nn; i++) {
                size_t ckn = name_key(lst + names[i].start, names[i].len, ck);
                if (ckn && lkn &&
                    (ends_with(ck, ckn, lk, lkn) || ends_with(lk, lkn, ck, ckn) || names_match(ck, ckn, lk, lkn)))
                    any_match = 1;
                else if (first_bad == (size_t)-1)
                    first_bad = i;
            }
            if (!any_match && first_bad != (size_t)-1) {
                char *nm = cps_to_utf8(lst + names[first_bad].start, names[first_bad].len);
                if (!nm) {
                    free(lk);
                    free(ck);
                    free(folded.v);
                    goto oom;
                }
                finding(&b, "licence.listing.name_mismatch", "licence_name_mismatch", ZC_ERROR, BASIS_EC15,
                        "店铺公示的经营者名称应与营业执照上的名称完全一致；请核对并更正",
                        "商品/店铺页面公示的经营者名称“%s”与营业执照上的名称“%s”不一致", nm, r->fields[ZC_LF_NAME]);
                free(nm);
            }
            free(lk);
            free(ck);
        }
        free(folded.v);
    }
    if (b.oom)
        goto oom;

    for (size_t i = 0; i < nl; i++)
        free(lines[i].cp);
    free(lines);
    for (int f = 0; f < ZC_LF_COUNT; f++)
        free(ex.val[f].v);
    free(ocr);
    free(lst);
    return r;
oom:
    if (lines)
        for (size_t i = 0; i < nl; i++)
            free(lines[i].cp);
    free(lines);
    for (int f = 0; f < ZC_LF_COUNT; f++)
        free(ex.val[f].v);
    free(ocr);
    free(lst);
    zc_licence_free(r);
    seterr(err, ZC_ERR_NOMEM, "licence: out of memory");
    return NULL;
}

/* ---------------------------------------------------------------- JSON */

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void sb_str(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_json_str(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"':
            sb_put(b, "\\\"", 2);
            break;
        case '\\':
            sb_put(b, "\\\\", 2);
            break;
        case '\n':
            sb_put(b, "\\n", 2);
            break;
        case '\r':
            sb_put(b, "\\r", 2);
            break;
        case '\t':
            sb_put(b, "\\t", 2);
            break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                sb_put(b, esc, 6);
            } else {
                sb_put(b, (const char *)p, 1);
            }
        }
    }
    sb_put(b, "\"", 1);
}

char *zc_licence_json(const zc_licence_result *r)
{
    if (!r)
        return NULL;
    sbuf b = {0};
    sb_str(&b, "{\"fields\":{");
    int first = 1;
    for (int f = 0; f < ZC_LF_COUNT; f++) {
        if (!r->fields[f])
            continue;
        if (!first)
            sb_str(&b, ",");
        first = 0;
        sb_json_str(&b, zc_licence_field_name((zc_licence_field)f));
        sb_str(&b, ":");
        sb_json_str(&b, r->fields[f]);
    }
    sb_str(&b, "},\"qr\":");
    if (r->qr)
        sb_json_str(&b, r->qr);
    else
        sb_str(&b, "null");
    sb_str(&b, r->uscc_corrected ? ",\"uscc_corrected\":true" : ",\"uscc_corrected\":false");
    sb_str(&b, ",\"findings\":[");
    for (size_t i = 0; i < r->n_findings; i++) {
        const zc_licence_finding *f = &r->findings[i];
        if (i)
            sb_str(&b, ",");
        sb_str(&b, "{\"rule_id\":");
        sb_json_str(&b, f->rule_id);
        sb_str(&b, ",\"family\":");
        sb_json_str(&b, f->family);
        sb_str(&b, ",\"severity\":");
        sb_json_str(&b, f->severity == ZC_ERROR ? "error" : f->severity == ZC_WARNING ? "warning" : "info");
        sb_str(&b, ",\"message\":");
        sb_json_str(&b, f->message);
        sb_str(&b, ",\"basis\":");
        sb_json_str(&b, f->basis);
        sb_str(&b, ",\"suggestion\":");
        sb_json_str(&b, f->suggestion);
        sb_str(&b, "}");
    }
    sb_str(&b, "]}");
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
