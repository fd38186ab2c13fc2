/* Business-licence (营业执照) field extraction and checks. See licence.h.
 *
 * The OCR text is folded line by line (full-width → ASCII, spaces between Chinese characters dropped), label
 * words are located with a tolerance of one misread character for labels of four or more characters, and each
 * label's value runs to the next label on the line (two-column layouts put two fields on one OCR line) or,
 * for multi-line fields, over the following unlabelled lines.
 *
 * zc_licence_check runs in two stages: extraction (the fields, the printed code, the QR code, the listing) fills
 * a licence_ctx, then each check_* function looks at it and emits at most its own findings. The findings' ids,
 * families, severities, bases and wordings are data (rules/licence.json, compiled into zc_licence_rules.h by
 * tools/gen-licence-rules.mjs): a check names its rule by enum constant and fills the message's {placeholders}. */
#include "licence.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "identifier.h"
#include "text.h"
#include "zc_licence_rules.h" /* generated into build/gen from rules/licence.json */

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
        k += zc_utf8_encode(s[i], out + k);
    out[k] = 0;
    return out;
}

/* Decodes `len` bytes into a malloc'd array of code points (invalid bytes → U+FFFD, one per byte) and its
 * length in *n; NULL when out of memory. */
static uint32_t *decode(const char *s, size_t len, size_t *n)
{
    uint32_t *cps = malloc((len + 1) * sizeof *cps);
    *n = 0;
    if (!cps)
        return NULL;
    cps[0] = 0;
    if (len)
        *n = zc_utf8_decode((const unsigned char *)s, len, cps, NULL);
    return cps;
}

/* Decodes a NUL-terminated literal (our own tables, the rule data's keywords) into a small fixed array. */
static size_t lit(const char *s, uint32_t *out, size_t cap)
{
    uint32_t tmp[128];
    size_t len = strlen(s);
    if (len > sizeof tmp / sizeof tmp[0])
        len = sizeof tmp / sizeof tmp[0]; /* ZC_LICENCE_MAX_KEYWORD_CHARS keeps the data's keywords far shorter */
    size_t n = zc_utf8_decode((const unsigned char *)s, len, tmp, NULL);
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

/* The check characters come from the identifier module (GB 32100 and GB 11714); this section only repairs OCR
 * readings. A normalised code (zc_licence_uscc_normalise) holds only characters of the USCC alphabet: the
 * letters outside it (I O S V Z) are mapped to their look-alikes. */

/* Characters 3–8 (the registering authority's division code) are digits. */
static int division_digits_ok(const char *c)
{
    for (int i = 2; i < 8; i++)
        if (!(c[i] >= '0' && c[i] <= '9'))
            return 0;
    return 1;
}

int zc_licence_uscc_checksum_ok(const char *c)
{
    /* the check character is never 0, so a character outside the alphabet (check char 0) fails too */
    return c && strlen(c) >= 18 && division_digits_ok(c) && zc_id_uscc_check_char(c) == c[17];
}

int zc_licence_uscc_orgcheck_ok(const char *c)
{
    return c && strlen(c) >= 18 && zc_id_org_check_char(c + 8) == c[16];
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

/* The 18 ASCII letters and digits of an OCR reading, upper-cased, into raw[19]; spaces and dashes skipped.
 * Returns 0 when the reading is not exactly 18 such characters (anything else in it, or a 19th). */
static int code_chars(const char *text, size_t len, char raw[19])
{
    size_t n, k = 0;
    uint32_t *cps = decode(text, len, &n);
    if (!cps)
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = fold(cps[i]);
        if (is_space(c) || c == '-')
            continue;
        if (!is_ascii_alnum(c) || k == 18) {
            free(cps);
            return 0;
        }
        if (c >= 'a' && c <= 'z')
            c -= 32;
        raw[k++] = (char)c;
    }
    free(cps);
    raw[18] = 0;
    return k == 18;
}

/* Maps look-alike letters (everywhere, then in the division digits); returns 1 when a character changed. */
static int map_lookalikes(char c[19])
{
    int changed = 0;
    for (int i = 0; i < 18; i++) {
        char m = map_never(c[i]);
        if (i >= 2 && i < 8)
            m = map_digit(m);
        if (m != c[i]) {
            c[i] = m;
            changed = 1;
        }
    }
    return changed;
}

/* When the checks fail: the one single in-alphabet confusion that makes both pass, if exactly one does. Returns 1
 * when it was applied. */
static int repair_confusion(char c[19])
{
    if (uscc_fully_ok(c) || !division_digits_ok(c))
        return 0;
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
                c[i] = save;
                return 0; /* two repairs: none is trusted */
            }
            found = i;
            fixed = alt;
        }
        c[i] = save;
    }
    if (found < 0)
        return 0;
    c[found] = fixed;
    return 1;
}

int zc_licence_uscc_normalise(const char *text, size_t len, char out[19])
{
    char c[19];
    if (!code_chars(text, len, c))
        return 0;
    int changed = map_lookalikes(c);
    changed |= repair_confusion(c);
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
            if (zc_licence_uscc_normalise(buf, 18, out) && division_digits_ok(out)) {
                /* require at least 8 digits: excludes words and most SKUs */
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

/* A province as the identifier module's division table names it: GB/T 2260 codes 11–65 (the mainland, where the
 * codes this check reads are registered). */
typedef struct province {
    unsigned code; /* first two digits of the division code */
    char full[64]; /* e.g. 广东省, 新疆维吾尔自治区 */
} province;

static int province_by_code(unsigned code, province *out)
{
    if (code < 11 || code > 65)
        return 0;
    out->code = code;
    return zc_id_division_name(code * 10000u, out->full, sizeof out->full) == 2;
}

static int province_of_code(const char *uscc, province *out)
{
    if (!(uscc[2] >= '0' && uscc[2] <= '9' && uscc[3] >= '0' && uscc[3] <= '9'))
        return 0;
    return province_by_code((unsigned)(uscc[2] - '0') * 10u + (unsigned)(uscc[3] - '0'), out);
}

/* The name an address starts with: the full name without 省 / 市 / 自治区 (and the people's name before it). */
static void province_short_name(const char *full, char *out, size_t cap)
{
    static const char *const suffixes[] = {"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"};
    size_t n = strlen(full);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t sl = strlen(suffixes[i]);
        if (n > sl && memcmp(full + n - sl, suffixes[i], sl) == 0) {
            n -= sl;
            break;
        }
    }
    snprintf(out, cap, "%.*s", (int)n, full);
}

/* Position of `name` among the first 3 characters of an address (it may follow a stray mark), or -1. */
static int name_at_start(const uint32_t *s, size_t n, const char *name)
{
    uint32_t nd[8];
    size_t nn = lit(name, nd, 8);
    int p = cps_find(s, n < 8 ? n : 8, nd, nn, 0);
    return p >= 0 && p <= 2 ? p : -1;
}

/* Large cities often written without their province (深圳市… for 广东省深圳市…); their province comes from the
 * division table. */
static const char *const BIG_CITIES[] = {"深圳", "广州", "东莞", "佛山", "杭州", "宁波", "温州", "义乌",
                                         "南京", "苏州", "无锡", "厦门", "福州", "泉州", "青岛", "济南",
                                         "成都", "武汉", "西安", "大连", "沈阳", "长沙", "郑州", "合肥"};

/* Province named at the start of an address: the earliest name, provinces (in code order) before cities. */
static int province_of_address(const uint32_t *s, size_t n, province *out)
{
    int best_pos = 3;
    province p;
    for (unsigned code = 11; code <= 65; code++) {
        char name[64];
        if (!province_by_code(code, &p))
            continue;
        province_short_name(p.full, name, sizeof name);
        int at = name_at_start(s, n, name);
        if (at >= 0 && at < best_pos) {
            *out = p;
            best_pos = at;
        }
    }
    for (size_t i = 0; i < sizeof BIG_CITIES / sizeof BIG_CITIES[0]; i++) {
        int at = name_at_start(s, n, BIG_CITIES[i]);
        if (at < 0 || at >= best_pos)
            continue;
        char city[32];
        snprintf(city, sizeof city, "%s市", BIG_CITIES[i]);
        uint32_t code = zc_id_division_find_name(city);
        if (code && province_by_code(code / 10000u, &p)) {
            *out = p;
            best_pos = at;
        }
    }
    return best_pos < 3;
}

/* ---------------------------------------------------------------- findings */

/* A value for a {name} placeholder of a rule's message or suggestion. */
typedef struct arg {
    const char *name;
    const char *value;
} arg;

/* The template with each {name} replaced by its value (a name without one stays as written: the rule examples
 * catch that). Returns a malloc'd string, NULL when out of memory. */
static char *render(const char *t, const arg *args, size_t n_args)
{
    zc_buf b = {0};
    zc_buf_put(&b, "", 0);
    for (;;) {
        const char *open = strchr(t, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            zc_buf_puts(&b, t);
            break;
        }
        const char *value = NULL;
        for (size_t i = 0; i < n_args && !value; i++)
            if (strlen(args[i].name) == (size_t)(close - open - 1) &&
                !memcmp(args[i].name, open + 1, strlen(args[i].name)))
                value = args[i].value;
        zc_buf_put(&b, t, (size_t)(open - t));
        if (value) {
            zc_buf_puts(&b, value);
            t = close + 1;
        } else {
            zc_buf_putc(&b, '{');
            t = open + 1;
        }
    }
    return zc_buf_take(&b);
}

typedef struct builder {
    zc_licence_result *r;
    size_t cap;
    int oom;
} builder;

static int add_finding(builder *b, const zc_rule_info *rule, const char *basis, char *message, char *suggestion)
{
    zc_licence_result *r = b->r;
    if (message && suggestion && r->n_findings == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        zc_licence_finding *f = realloc(r->findings, cap * sizeof *f);
        if (f) {
            r->findings = f;
            b->cap = cap;
        }
    }
    if (!message || !suggestion || r->n_findings == b->cap) {
        free(message);
        free(suggestion);
        b->oom = 1;
        return -1;
    }
    zc_licence_finding *f = &r->findings[r->n_findings++];
    f->rule_id = rule->id;
    f->family = rule->family;
    f->severity = rule->severity;
    f->basis = basis;
    f->message = message;
    f->suggestion = suggestion;
    return 0;
}

/* Emits rule `id` with its placeholders filled from args; `message` and `basis` replace the rule's own when not
 * NULL (a message variant, a basis that depends on the category). Returns 0, or -1 when out of memory. */
static int emit(builder *b, zc_licence_rule_id id, const char *message, const char *basis, const arg *args,
                size_t n_args)
{
    const zc_rule_info *rule = &zc_licence_rule_table[id];
    return add_finding(b, rule, basis ? basis : rule->basis, render(message ? message : rule->message, args, n_args),
                       render(rule->suggestion, args, n_args));
}

size_t zc_licence_rule_count(void)
{
    return ZC_LR_COUNT;
}

const zc_rule_info *zc_licence_rule_at(size_t i)
{
    return i < ZC_LR_COUNT ? &zc_licence_rule_table[i] : NULL;
}

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

/* A company-name candidate in listing text: code points [start, start + len). */
typedef struct span {
    size_t start, len;
} span;

static int is_name_char(uint32_t c)
{
    return is_cjk(c) || is_ascii_alnum(c) || c == '(' || c == ')' || c == 0xFF08 || c == 0xFF09 || c == 0x00B7;
}

/* Names after a label (企业名称：X), at least four characters; a label inside a longer one already gave its name. */
static size_t names_after_labels(const uint32_t *s, size_t n, span *out, size_t max)
{
    static const char *const labels[] = {"企业名称", "公司名称", "经营者名称", "主体名称", "商家名称", "名称"};
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
            int dup = 0;
            for (size_t k = 0; k < cnt; k++)
                dup |= out[k].start == st;
            if (i - st >= 4 && !dup) {
                out[cnt].start = st;
                out[cnt].len = i - st;
                cnt++;
            }
        }
    }
    return cnt;
}

/* Names ending in an organisation form (…有限公司), up to 40 characters back; a shorter form inside a longer one
 * already gave its name. */
static size_t names_before_suffixes(const uint32_t *s, size_t n, span *out, size_t max)
{
    static const char *const suffixes[] = {"有限责任公司", "股份有限公司", "有限公司", "合伙企业",
                                           "个人独资企业", "专业合作社",   "分公司",   "经营部",
                                           "商行",         "工作室",       "门市部"};
    size_t cnt = 0;
    uint32_t nd[16];
    for (size_t si = 0; si < sizeof suffixes / sizeof suffixes[0] && cnt < max; si++) {
        size_t nn = lit(suffixes[si], nd, 16);
        int p = -1;
        while ((p = cps_find(s, n, nd, nn, (size_t)(p + 1))) >= 0 && cnt < max) {
            size_t end = (size_t)p + nn;
            size_t st = (size_t)p;
            while (st > 0 && is_name_char(fold(s[st - 1])) && end - st < 40)
                st--;
            int dup = 0;
            for (size_t k = 0; k < cnt; k++)
                dup |= out[k].start + out[k].len == end;
            if (end - st >= nn + 2 && !dup) {
                out[cnt].start = st;
                out[cnt].len = end - st;
                cnt++;
            }
        }
    }
    return cnt;
}

/* Company-name candidates in listing text: after a label, else before an organisation form. Returns the count
 * (≤ max). */
static size_t listing_names(const uint32_t *s, size_t n, span *out, size_t max)
{
    size_t cnt = names_after_labels(s, n, out, max);
    return cnt ? cnt : names_before_suffixes(s, n, out, max);
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

/* Text before a line's first label continues the field the previous line left open: the scope always, a field
 * still empty, the address when the text is short and holds no date. Returns the field that stays open for the
 * next line (only the scope, on a line without labels), -1 when none, -2 when out of memory. */
static int continue_field(extract *ex, int open, const uint32_t *pre, size_t pren, size_t n_hits)
{
    if (!pren || open < 0)
        return -1;
    int take = open == ZC_LF_SCOPE || ex->val[open].n == 0;
    if (!take && open == ZC_LF_ADDRESS && n_hits == 0 && pren <= 24 && ex->val[open].n < 40) {
        ymd d;
        take = !find_dates(pre, pren, &d, NULL, 1);
    }
    if (!take)
        return -1;
    if (cp_append(&ex->val[open], pre, pren))
        return -2;
    return open == ZC_LF_SCOPE && n_hits == 0 ? open : -1;
}

/* Each label's value runs to the next label on the line. The first occurrence of a field wins (a second one is
 * e.g. a stray word in the scope). Returns the field left open for the next line, -1 none, -2 out of memory. */
static int take_labels(extract *ex, const line *ln, size_t li, const hit *hits, size_t n_hits, int open)
{
    for (size_t h = 0; h < n_hits; h++) {
        int f = hits[h].field;
        ex->any_label = 1;
        size_t vs = hits[h].end, ve = h + 1 < n_hits ? hits[h + 1].start : ln->n;
        const uint32_t *v = ln->cp + vs;
        size_t vn = ve - vs;
        trim_value(&v, &vn);
        if (f == L_STOP) {
            open = -1;
            continue;
        }
        if (f == ZC_LF_AUTHORITY && ex->authority_line == (size_t)-1)
            ex->authority_line = li;
        if (ex->seen[f]) {
            open = -1;
            continue;
        }
        ex->seen[f] = 1;
        if (vn && cp_append(&ex->val[f], v, vn))
            return -2;
        open = f;
    }
    return open;
}

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
        const uint32_t *pre = ln->cp;
        size_t pren = nh ? hits[0].start : ln->n;
        trim_value(&pre, &pren);
        open = continue_field(ex, open, pre, pren, nh);
        if (open != -2)
            open = take_labels(ex, ln, li, hits, nh, open);
        if (open == -2)
            return -1;
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

/* Everything the checks look at. */
typedef struct licence_ctx {
    const zc_licence_input *in;
    ymd today;
    zc_licence_result *r;
    builder b;
    uint32_t *ocr; /* the OCR text, decoded */
    line *lines;   /* its lines, compacted */
    size_t nl;
    extract ex;       /* the labelled values */
    char printed[19]; /* the code printed on the licence, or the QR code's (settle_code) */
    int have_printed;
    int printed_fix;  /* the code was corrected or taken from the QR code */
    char qr_code[19]; /* the code inside the QR payload */
    int have_qr_code;
    int qr_mismatch; /* the QR code and the printed one disagree */
    uint32_t *lst;   /* the listing, decoded; NULL when none was given */
    size_t nlst;
    cpbuf lst_folded; /* the listing folded, spaces dropped */
} licence_ctx;

/* ---------------------------------------------------------------- extraction */

static int read_lines(licence_ctx *c)
{
    size_t n;
    c->ocr = decode(c->in->ocr, c->in->ocr_len, &n);
    if (!c->ocr)
        return -1;
    size_t cap_lines = 1;
    for (size_t i = 0; i < n; i++)
        cap_lines += c->ocr[i] == '\n';
    c->lines = calloc(cap_lines, sizeof *c->lines);
    if (!c->lines)
        return -1;
    for (size_t i = 0, st = 0; i <= n; i++) {
        if (i == n || c->ocr[i] == '\n') {
            if (compact_line(c->ocr + st, i - st, &c->lines[c->nl]))
                return -1;
            c->nl++;
            st = i + 1;
        }
    }
    return run_extract(c->lines, c->nl, &c->ex);
}

/* The labelled code (plus the next line when short). OCR glues border marks or stray letters to the code: the
 * 18-character window that passes the checks wins, else the one shaped like a code (authority 1/5/9/Y, six
 * division digits), else the first. */
static int code_from_label(licence_ctx *c)
{
    const cpbuf *v = &c->ex.val[ZC_LF_USCC];
    char tmp[64];
    size_t k = 0;
    for (size_t i = 0; i < v->n && k < 40; i++) {
        uint32_t ch = v->v[i];
        if (is_ascii_alnum(ch))
            tmp[k++] = (char)ch;
        else if (k >= 18)
            break;
    }
    int best_score = -1;
    for (size_t st = 0; k >= 18 && st + 18 <= k && st <= 4; st++) {
        char cand[19];
        int rc = zc_licence_uscc_normalise(tmp + st, 18, cand);
        if (!rc)
            continue;
        int score = uscc_fully_ok(cand)                                     ? 3
                    : (strchr("159Y", cand[0]) && division_digits_ok(cand)) ? 2
                    : st == 0                                               ? 1
                                                                            : 0;
        if (score > best_score) {
            best_score = score;
            memcpy(c->printed, cand, 19);
            c->printed_fix = rc == 2 || st > 0 || k > 18;
        }
    }
    return best_score >= 0;
}

/* The printed code: the labelled one, else the first code-shaped run on any line. */
static int read_printed_code(licence_ctx *c)
{
    c->have_printed = code_from_label(c);
    char codes[4][19];
    for (size_t li = 0; li < c->nl && !c->have_printed; li++) {
        if (find_codes(c->lines[li].cp, c->lines[li].n, codes, 4)) {
            memcpy(c->printed, codes[0], 19);
            c->have_printed = 1;
            c->printed_fix = 1;
        }
    }
    return 0;
}

/* The QR payload as given (invalid UTF-8 replaced) and the code inside it: an 18-character run bounded by
 * non-alphanumerics, the first that passes the check character (or the only one). */
static int read_qr(licence_ctx *c)
{
    if (!c->in->qr)
        return 0;
    size_t qn;
    uint32_t *q = decode(c->in->qr, c->in->qr_len, &qn);
    if (!q)
        return -1;
    c->r->qr = cps_to_utf8(q, qn);
    if (!c->r->qr) {
        free(q);
        return -1;
    }
    for (size_t i = 0; i < qn; i++)
        q[i] = fold(q[i]);
    char codes[4][19];
    size_t nc = find_codes(q, qn, codes, 4);
    for (size_t i = 0; i < nc && !c->have_qr_code; i++) {
        if (zc_licence_uscc_checksum_ok(codes[i]) || nc == 1) {
            memcpy(c->qr_code, codes[i], 19);
            c->have_qr_code = 1;
        }
    }
    free(q);
    return 0;
}

/* The QR code stands in for an unreadable printed code and corrects a near miss (an OCR misread: the QR is
 * exact); any other difference is a mismatch. */
static int settle_code(licence_ctx *c)
{
    if (c->have_qr_code && !c->have_printed) {
        memcpy(c->printed, c->qr_code, 19);
        c->have_printed = 1;
        c->printed_fix = 1;
    } else if (c->have_qr_code && strcmp(c->printed, c->qr_code) != 0) {
        if (!uscc_fully_ok(c->printed) && zc_licence_uscc_checksum_ok(c->qr_code) &&
            code_distance(c->printed, c->qr_code) <= 3) {
            memcpy(c->printed, c->qr_code, 19);
            c->printed_fix = 1;
        } else {
            c->qr_mismatch = 1;
        }
    }
    c->r->uscc_corrected = c->printed_fix;
    if (c->have_printed && !(c->r->fields[ZC_LF_USCC] = xstrdup(c->printed)))
        return -1;
    return 0;
}

/* A misread name label ("和称", "名 祢"): a line near the top that is "?称" + a value ending like a name. */
static int read_name_fallback(licence_ctx *c)
{
    static const char *const sfx[] = {"公司", "企业", "合作社", "商行", "经营部", "工作室", "门市部", "厂", "店"};
    cpbuf *name = &c->ex.val[ZC_LF_NAME];
    for (size_t li = 0; li < c->nl && li < 16 && !name->n; li++) {
        const line *ln = &c->lines[li];
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
            if (ok && cp_append(name, v, vn))
                return -1;
            break;
        }
    }
    return 0;
}

/* The other labelled fields as text (a value of separators only stays absent). */
static int copy_fields(licence_ctx *c)
{
    for (int f = ZC_LF_NAME; f < ZC_LF_COUNT; f++)
        if (f != ZC_LF_ISSUED && c->ex.val[f].n)
            c->r->fields[f] = field_str(&c->ex.val[f]);
    return 0;
}

/* The registering authority when its label had no value: a line ending in 局 just below the label. */
static int read_authority(licence_ctx *c)
{
    size_t al = c->ex.authority_line;
    if (c->r->fields[ZC_LF_AUTHORITY] || al == (size_t)-1)
        return 0;
    for (size_t li = al + 1; li < c->nl && li <= al + 3; li++) {
        const line *ln = &c->lines[li];
        if (ln->n >= 4 && ln->cp[ln->n - 1] == 0x5C40 /* 局 */)
            return (c->r->fields[ZC_LF_AUTHORITY] = cps_to_utf8(ln->cp, ln->n)) ? 0 : -1;
    }
    return 0;
}

/* The issue date: the first date on the authority's line or the four below it; a date glued to the authority's
 * name is cut off the name. */
static int read_issued(licence_ctx *c)
{
    size_t al = c->ex.authority_line;
    if (al == (size_t)-1)
        return 0;
    for (size_t li = al; li < c->nl && li <= al + 4; li++) {
        ymd d[2];
        size_t pos[2];
        if (find_dates(c->lines[li].cp, c->lines[li].n, d, pos, 2)) {
            size_t used = parse_date(c->lines[li].cp, c->lines[li].n, pos[0], &d[0]);
            if (!(c->r->fields[ZC_LF_ISSUED] = cps_to_utf8(c->lines[li].cp + pos[0], used)))
                return -1;
            break;
        }
    }
    char *a = c->r->fields[ZC_LF_AUTHORITY];
    if (a) {
        size_t cut = strcspn(a, "0123456789");
        while (cut > 0 && (a[cut - 1] == ' '))
            cut--;
        a[cut] = 0;
        if (!*a) {
            free(a);
            c->r->fields[ZC_LF_AUTHORITY] = NULL;
        }
    }
    return 0;
}

/* The listing shown with the licence, decoded, and folded without spaces for the codes it discloses. */
static int read_listing(licence_ctx *c)
{
    if (!c->in->listing || !c->in->listing_len)
        return 0;
    c->lst = decode(c->in->listing, c->in->listing_len, &c->nlst);
    if (!c->lst)
        return -1;
    for (size_t i = 0; i < c->nlst; i++)
        if (!is_space(c->lst[i]) && cp_push(&c->lst_folded, fold(c->lst[i])))
            return -1;
    return 0;
}

/* In order: each step may use what the ones before it found. */
static int (*const EXTRACT_STEPS[])(licence_ctx *) = {read_lines,     read_printed_code,  read_qr,
                                                      settle_code,    read_name_fallback, copy_fields,
                                                      read_authority, read_issued,        read_listing};

/* ---------------------------------------------------------------- checks */

/* Each check emits its own rules' findings; the order of CHECKS is the order of the findings. Returns 0, or -1
 * when out of memory. */

static int code_ok(const licence_ctx *c)
{
    return c->have_printed && zc_licence_uscc_checksum_ok(c->printed);
}

/* Nothing of a licence, or no code, or no name. */
static int check_readable(licence_ctx *c)
{
    if (!c->ex.any_label && !c->have_printed)
        return emit(&c->b, ZC_LR_UNREADABLE, NULL, NULL, NULL, 0);
    if (!c->have_printed && emit(&c->b, ZC_LR_UNREADABLE_USCC, NULL, NULL, NULL, 0))
        return -1;
    if (!c->r->fields[ZC_LF_NAME])
        return emit(&c->b, ZC_LR_UNREADABLE_NAME, NULL, NULL, NULL, 0);
    return 0;
}

/* The check character (GB 32100), else the organisation code's check character (GB 11714). */
static int check_code(licence_ctx *c)
{
    const arg args[] = {{"code", c->printed}};
    if (!c->have_printed)
        return 0;
    if (!code_ok(c))
        return emit(&c->b, ZC_LR_USCC_CHECKSUM, NULL, NULL, args, 1);
    if (!zc_licence_uscc_orgcheck_ok(c->printed))
        return emit(&c->b, ZC_LR_USCC_ORG_CHECK, NULL, NULL, args, 1);
    return 0;
}

/* The term's end (the date after 至, else the last of two or more dates) before today, unless open-ended. */
static int check_expiry(licence_ctx *c)
{
    const cpbuf *t = &c->ex.val[ZC_LF_TERM];
    if (!c->r->fields[ZC_LF_TERM] || cps_contains_lit(t->v, t->n, "长期") || cps_contains_lit(t->v, t->n, "永久") ||
        cps_contains_lit(t->v, t->n, "不约定"))
        return 0;
    ymd d[3];
    size_t pos[3];
    size_t nd = find_dates(t->v, t->n, d, pos, 3);
    const uint32_t zhi[1] = {0x81F3}; /* 至 */
    int to = cps_find(t->v, t->n, zhi, 1, 0);
    const ymd *end = nd >= 2 ? &d[nd - 1] : NULL;
    for (size_t i = 0; i < nd; i++)
        if (to >= 0 && pos[i] > (size_t)to) {
            end = &d[i];
            break;
        }
    if (!end || ymd_cmp(*end, c->today) >= 0)
        return 0;
    char date[48];
    snprintf(date, sizeof date, "%04d年%02d月%02d日", end->y, end->m, end->d);
    const arg args[] = {{"end", date}};
    return emit(&c->b, ZC_LR_EXPIRED, NULL, NULL, args, 1);
}

/* The QR code must lead to gsxt.gov.cn. */
static int check_qr_host(licence_ctx *c)
{
    char host[256];
    if (!c->r->qr || qr_host_official(c->r->qr, host, sizeof host))
        return 0;
    if (!host[0])
        return emit(&c->b, ZC_LR_QR_NOT_OFFICIAL, zc_licence_variant_table[ZC_LV_QR_NOT_OFFICIAL_NOT_URL].message, NULL,
                    NULL, 0);
    const arg args[] = {{"host", host}};
    return emit(&c->b, ZC_LR_QR_NOT_OFFICIAL, NULL, NULL, args, 1);
}

static int check_qr_code(licence_ctx *c)
{
    const arg args[] = {{"qr_code", c->qr_code}, {"code", c->printed}};
    if (!c->r->qr || !c->qr_mismatch)
        return 0;
    return emit(&c->b, ZC_LR_QR_MISMATCH, NULL, NULL, args, 2);
}

/* The code's second character (market-regulation registrations, first character 9) against the printed type. */
static int check_type(licence_ctx *c)
{
    if (!code_ok(c) || c->printed[0] != '9' || !c->r->fields[ZC_LF_TYPE])
        return 0;
    const cpbuf *t = &c->ex.val[ZC_LF_TYPE];
    int says_indiv = cps_contains_lit(t->v, t->n, "个体");
    int says_coop = cps_contains_lit(t->v, t->n, "合作社");
    const char *want = NULL;
    if (c->printed[1] == '1' && (says_indiv || says_coop))
        want = "企业";
    else if (c->printed[1] == '2' && !says_indiv)
        want = "个体工商户";
    else if (c->printed[1] == '3' && !says_coop)
        want = "农民专业合作社";
    if (!want)
        return 0;
    const arg args[] = {{"code", c->printed}, {"code_type", want}, {"type", c->r->fields[ZC_LF_TYPE]}};
    return emit(&c->b, ZC_LR_TYPE_MISMATCH, NULL, NULL, args, 3);
}

/* The province of the code's division against the province the address starts with. */
static int check_region(licence_ctx *c)
{
    province pc, pa;
    if (!code_ok(c) || !c->r->fields[ZC_LF_ADDRESS])
        return 0;
    const cpbuf *a = &c->ex.val[ZC_LF_ADDRESS];
    if (!province_of_code(c->printed, &pc) || !province_of_address(a->v, a->n, &pa) || pc.code == pa.code)
        return 0;
    /* name the registering authority's area as precisely as the division table knows it */
    zc_id_info *id = malloc(sizeof *id);
    const char *area = pc.full;
    if (id && zc_id_identify(c->printed, 18, id) == ZC_ID_USCC && id->region[0])
        area = id->region;
    const arg args[] = {{"code", c->printed}, {"code_area", area}, {"address_area", pa.full}};
    int rc = emit(&c->b, ZC_LR_REGION_MISMATCH, NULL, NULL, args, 3);
    free(id);
    return rc;
}

/* The listing's category needs its trade in the business scope (rules/licence.json "scope_needs"). */
static int check_scope(licence_ctx *c)
{
    const char *cat = c->in->category;
    if (!cat || !cat[0] || !c->r->fields[ZC_LF_SCOPE])
        return 0;
    const cpbuf *s = &c->ex.val[ZC_LF_SCOPE];
    for (size_t i = 0; i < ZC_LICENCE_SCOPE_NEED_COUNT; i++) {
        const zc_licence_scope_need *sn = &zc_licence_scope_needs[i];
        if (strcmp(sn->category, cat) != 0)
            continue;
        int ok = 0;
        for (size_t k = 0; sn->keywords[k] && !ok; k++)
            ok = cps_contains_lit(s->v, s->n, sn->keywords[k]);
        const arg args[] = {{"category", cat}, {"what", sn->what}};
        if (!ok && emit(&c->b, sn->rule, NULL, sn->basis, args, 2))
            return -1;
    }
    return 0;
}

/* A code the listing discloses that is neither the licence's nor its QR code's. */
static int check_listing_code(licence_ctx *c)
{
    if (!c->lst || !c->have_printed)
        return 0;
    char codes[8][19];
    size_t nc = find_codes(c->lst_folded.v, c->lst_folded.n, codes, 8);
    for (size_t i = 0; i < nc; i++) {
        if (strcmp(codes[i], c->printed) != 0 && (!c->have_qr_code || strcmp(codes[i], c->qr_code) != 0)) {
            const arg args[] = {{"listing_code", codes[i]}, {"code", c->printed}};
            return emit(&c->b, ZC_LR_LISTING_CODE_MISMATCH, NULL, NULL, args, 2);
        }
    }
    return 0;
}

/* The names the listing discloses: one must match the licence's (names_match), else the first is reported. */
static int check_listing_name(licence_ctx *c)
{
    if (!c->lst || !c->r->fields[ZC_LF_NAME])
        return 0;
    span names[8];
    size_t nn = listing_names(c->lst, c->nlst, names, 8);
    const cpbuf *lv = &c->ex.val[ZC_LF_NAME];
    uint32_t *lk = malloc((lv->n + 1) * sizeof *lk);
    uint32_t *ck = malloc((c->nlst + 1) * sizeof *ck);
    int rc = lk && ck ? 0 : -1, any_match = 0;
    size_t lkn = lk ? name_key(lv->v, lv->n, lk) : 0;
    size_t first_bad = nn;
    for (size_t i = 0; i < nn && rc == 0; i++) {
        size_t ckn = name_key(c->lst + names[i].start, names[i].len, ck);
        if (ckn && lkn && (ends_with(ck, ckn, lk, lkn) || ends_with(lk, lkn, ck, ckn) || names_match(ck, ckn, lk, lkn)))
            any_match = 1;
        else if (first_bad == nn)
            first_bad = i;
    }
    if (rc == 0 && !any_match && first_bad < nn) {
        char *name = cps_to_utf8(c->lst + names[first_bad].start, names[first_bad].len);
        const arg args[] = {{"listing_name", name}, {"name", c->r->fields[ZC_LF_NAME]}};
        rc = name ? emit(&c->b, ZC_LR_LISTING_NAME_MISMATCH, NULL, NULL, args, 2) : -1;
        free(name);
    }
    free(lk);
    free(ck);
    return rc;
}

static int (*const CHECKS[])(licence_ctx *) = {check_readable,     check_code,        check_expiry, check_qr_host,
                                               check_qr_code,      check_type,        check_region, check_scope,
                                               check_listing_code, check_listing_name};

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

static int input_ok(const zc_licence_input *in, ymd *today, zc_error *err)
{
    if (!in || !parse_today(in->today, today)) {
        zc_set_error(err, ZC_ERR_INPUT, "licence: today must be given as YYYY-MM-DD");
        return 0;
    }
    if (in->ocr_len > ZC_LICENCE_MAX_TEXT || in->listing_len > ZC_LICENCE_MAX_TEXT ||
        (in->qr && in->qr_len > ZC_LICENCE_MAX_QR)) {
        zc_set_error(err, ZC_ERR_TOO_LARGE, "licence: OCR text, listing or QR payload too large");
        return 0;
    }
    if ((in->ocr_len && !in->ocr) || (in->listing_len && !in->listing)) {
        zc_set_error(err, ZC_ERR_INPUT, "licence: NULL text with a non-zero length");
        return 0;
    }
    return 1;
}

static void ctx_free(licence_ctx *c)
{
    for (size_t i = 0; c->lines && i < c->nl; i++)
        free(c->lines[i].cp);
    free(c->lines);
    for (int f = 0; f < ZC_LF_COUNT; f++)
        free(c->ex.val[f].v);
    free(c->ocr);
    free(c->lst);
    free(c->lst_folded.v);
}

zc_licence_result *zc_licence_check(const zc_licence_input *in, zc_error *err)
{
    licence_ctx c;
    memset(&c, 0, sizeof c);
    if (!input_ok(in, &c.today, err))
        return NULL;
    c.in = in;
    c.r = c.b.r = calloc(1, sizeof *c.r);
    int rc = c.r ? 0 : -1;
    for (size_t i = 0; i < sizeof EXTRACT_STEPS / sizeof EXTRACT_STEPS[0] && rc == 0; i++)
        rc = EXTRACT_STEPS[i](&c);
    for (size_t i = 0; i < sizeof CHECKS / sizeof CHECKS[0] && rc == 0; i++)
        rc = CHECKS[i](&c);
    ctx_free(&c);
    if (rc == 0 && !c.b.oom)
        return c.r;
    zc_licence_free(c.r);
    zc_set_error(err, ZC_ERR_NOMEM, "licence: out of memory");
    return NULL;
}

/* ---------------------------------------------------------------- JSON */

/* Every string goes through the engine's one JSON string writer, so a licence report escapes exactly as a text
 * report does. */
static void json_str(zc_buf *b, const char *s)
{
    zc_buf_json_str(b, s, strlen(s));
}

static void json_fields(zc_buf *b, const zc_licence_result *r)
{
    zc_buf_puts(b, "{");
    int first = 1;
    for (int f = 0; f < ZC_LF_COUNT; f++) {
        if (!r->fields[f])
            continue;
        if (!first)
            zc_buf_puts(b, ",");
        first = 0;
        json_str(b, zc_licence_field_name((zc_licence_field)f));
        zc_buf_puts(b, ":");
        json_str(b, r->fields[f]);
    }
    zc_buf_puts(b, "}");
}

static void json_finding(zc_buf *b, const zc_licence_finding *f)
{
    zc_buf_puts(b, "{\"rule_id\":");
    json_str(b, f->rule_id);
    zc_buf_puts(b, ",\"family\":");
    json_str(b, f->family);
    zc_buf_puts(b, ",\"severity\":");
    json_str(b, f->severity == ZC_ERROR ? "error" : f->severity == ZC_WARNING ? "warning" : "info");
    zc_buf_puts(b, ",\"message\":");
    json_str(b, f->message);
    zc_buf_puts(b, ",\"basis\":");
    json_str(b, f->basis);
    zc_buf_puts(b, ",\"suggestion\":");
    json_str(b, f->suggestion);
    zc_buf_puts(b, "}");
}

char *zc_licence_json(const zc_licence_result *r)
{
    if (!r)
        return NULL;
    zc_buf b = {0};
    zc_buf_puts(&b, "{\"fields\":");
    json_fields(&b, r);
    zc_buf_puts(&b, ",\"qr\":");
    if (r->qr)
        json_str(&b, r->qr);
    else
        zc_buf_puts(&b, "null");
    zc_buf_puts(&b, r->uscc_corrected ? ",\"uscc_corrected\":true" : ",\"uscc_corrected\":false");
    zc_buf_puts(&b, ",\"findings\":[");
    for (size_t i = 0; i < r->n_findings; i++) {
        if (i)
            zc_buf_puts(&b, ",");
        json_finding(&b, &r->findings[i]);
    }
    zc_buf_puts(&b, "]}");
    return zc_buf_take(&b);
}
