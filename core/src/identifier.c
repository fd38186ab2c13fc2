/* Identifier validators (see identifier.h). Formats and algorithms: rules-catalogue.md section B.
 * No global mutable state, no allocation: everything is written into the caller's zc_id_info / buffers. */
#include "identifier.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "zc_divisions.h" /* generated into build/gen by tools/gen-divisions.mjs */

#if defined(__GNUC__) || defined(__clang__)
#define ZC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ZC_PRINTF(a, b)
#endif

/* ------------------------------------------------------------------------------------------------ */
/* Kinds                                                                                              */

static const struct {
    const char *name;
    const char *label;
} zc_kinds[ZC_ID_KIND_COUNT] = {
    [ZC_ID_UNKNOWN] = {"unknown", "未识别的编号"},
    [ZC_ID_USCC] = {"uscc", "统一社会信用代码"},
    [ZC_ID_REGISTRATION_NUMBER] = {"registration_number", "营业执照注册号（旧版15位）"},
    [ZC_ID_ORGANIZATION_CODE] = {"organization_code", "组织机构代码"},
    [ZC_ID_FOOD_PRODUCTION] = {"food_production_licence", "食品生产许可证编号"},
    [ZC_ID_FOOD_BUSINESS] = {"food_business_licence", "食品经营许可证编号"},
    [ZC_ID_FOOD_BUSINESS_FILING] = {"food_business_filing", "仅销售预包装食品备案编号"},
    [ZC_ID_FOOD_QS] = {"food_qs_licence", "QS食品生产许可编号（旧版）"},
    [ZC_ID_FOOD_CIRCULATION] = {"food_circulation_licence", "食品流通许可证编号（旧版）"},
    [ZC_ID_HEALTH_FOOD_REGISTRATION] = {"health_food_registration", "保健食品注册号"},
    [ZC_ID_HEALTH_FOOD_FILING] = {"health_food_filing", "保健食品备案号"},
    [ZC_ID_DRUG_APPROVAL] = {"drug_approval", "药品批准文号"},
    [ZC_ID_DEVICE_REGISTRATION] = {"medical_device_registration", "医疗器械注册证编号"},
    [ZC_ID_DEVICE_FILING] = {"medical_device_filing", "第一类医疗器械备案编号"},
    [ZC_ID_COSMETIC_REGISTRATION] = {"cosmetic_registration", "特殊化妆品注册证编号"},
    [ZC_ID_COSMETIC_FILING] = {"cosmetic_filing", "普通化妆品备案编号"},
    [ZC_ID_COSMETIC_PRODUCTION] = {"cosmetic_production_licence", "化妆品生产许可证编号"},
    [ZC_ID_ICP_FILING] = {"icp_filing", "ICP备案号"},
    [ZC_ID_ICP_LICENCE] = {"icp_licence", "ICP经营许可证编号"},
    [ZC_ID_TELECOM_LICENCE] = {"telecom_licence", "电信业务经营许可证编号"},
    [ZC_ID_PUBLIC_SECURITY_FILING] = {"public_security_filing", "公安机关互联网站备案号"},
    [ZC_ID_NETWORK_CULTURE] = {"network_culture_licence", "网络文化经营许可证编号"},
    [ZC_ID_PUBLICATION] = {"publication_licence", "出版物经营许可证编号"},
    [ZC_ID_DRUG_INFO] = {"drug_info_certificate", "互联网药品信息服务资格证书编号"},
};

const char *zc_id_kind_name(zc_id_kind kind)
{
    if ((int)kind < 0 || kind >= ZC_ID_KIND_COUNT)
        return "unknown";
    return zc_kinds[kind].name;
}

const char *zc_id_kind_label(zc_id_kind kind)
{
    if ((int)kind < 0 || kind >= ZC_ID_KIND_COUNT)
        return zc_kinds[ZC_ID_UNKNOWN].label;
    return zc_kinds[kind].label;
}

const char *zc_id_severity_name(zc_id_severity s)
{
    switch (s) {
    case ZC_ID_SEV_INFO:
        return "info";
    case ZC_ID_SEV_WARNING:
        return "warning";
    case ZC_ID_SEV_ERROR:
        return "error";
    default:
        return "none";
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* UTF-8 and folding                                                                                  */

/* Strict decoder: a malformed or truncated sequence yields U+FFFD for its first byte only. */
static uint32_t zc_utf8_at(const unsigned char *s, size_t len, size_t pos, size_t *adv)
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

static size_t zc_utf8_put(uint32_t cp, char *out)
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

static bool zc_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x3000 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0xFEFF;
}

/* Full-width ASCII → ASCII, a-z → A-Z, Unicode dashes → '-', U+3000 → ' '. */
static uint32_t zc_fold(uint32_t cp)
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

static bool zc_is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}
static bool zc_is_upper(uint32_t cp)
{
    return cp >= 'A' && cp <= 'Z';
}
static bool zc_is_alnum(uint32_t cp)
{
    return zc_is_digit(cp) || zc_is_upper(cp);
}
static bool zc_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* ------------------------------------------------------------------------------------------------ */
/* Cursor over folded code points                                                                     */

typedef struct zc_cur {
    const unsigned char *s;
    size_t len;
    size_t pos;
    bool skip_space; /* identify mode: whitespace inside a code is ignored */
} zc_cur;

#define ZC_EOF 0u

static void zc_cur_skip_spaces(zc_cur *c)
{
    while (c->pos < c->len) {
        size_t adv;
        uint32_t cp = zc_utf8_at(c->s, c->len, c->pos, &adv);
        if (!zc_is_space(cp))
            break;
        c->pos += adv;
    }
}

static uint32_t zc_cur_peek(zc_cur *c)
{
    if (c->skip_space)
        zc_cur_skip_spaces(c);
    if (c->pos >= c->len)
        return ZC_EOF;
    size_t adv;
    uint32_t cp = zc_fold(zc_utf8_at(c->s, c->len, c->pos, &adv));
    return cp ? cp : 0xFFFD; /* a NUL byte is not the end */
}

static uint32_t zc_cur_next(zc_cur *c)
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

static bool zc_cur_eat(zc_cur *c, uint32_t cp)
{
    size_t save = c->pos;
    if (zc_cur_next(c) == cp)
        return true;
    c->pos = save;
    return false;
}

/* Match a UTF-8 literal (ASCII in upper case); restores the cursor on failure. */
static bool zc_cur_lit(zc_cur *c, const char *lit)
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
static size_t zc_cur_digits(zc_cur *c, char *buf, size_t cap)
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

static bool zc_cur_open(zc_cur *c)
{
    uint32_t cp = zc_cur_peek(c);
    if (cp == '(' || cp == '[' || cp == 0x3014 /* 〔 */ || cp == 0x3010 /* 【 */ || cp == 0xFF3B) {
        zc_cur_next(c);
        return true;
    }
    return false;
}

static bool zc_cur_close(zc_cur *c)
{
    uint32_t cp = zc_cur_peek(c);
    if (cp == ')' || cp == ']' || cp == 0x3015 /* 〕 */ || cp == 0x3011 /* 】 */ || cp == 0xFF3D) {
        zc_cur_next(c);
        return true;
    }
    return false;
}

/* Province abbreviations (rules-catalogue.md B) → 2-digit GB/T 2260 province code, 0 for any other character.
 * zc_id_scan asks this of every CJK character, so the 38 abbreviations sit in a perfect hash: slot =
 * (cp * 0xEADB701B mod 2^32) >> 26 (each abbreviation has its own slot; the others hold 0). */
static unsigned zc_prov_of(uint32_t cp)
{
    static const struct {
        uint16_t cp;
        uint8_t code;
    } slots[64] = {
        [1] = {0x6E58, 43},  /* 湘 */
        [2] = {0x65B0, 65},  /* 新 */
        [4] = {0x9C81, 37},  /* 鲁 */
        [5] = {0x6D59, 33},  /* 浙 */
        [8] = {0x9102, 42},  /* 鄂 */
        [10] = {0x8C6B, 41}, /* 豫 */
        [11] = {0x9ED1, 23}, /* 黑 */
        [15] = {0x664B, 14}, /* 晋 */
        [16] = {0x5409, 22}, /* 吉 */
        [19] = {0x7518, 62}, /* 甘 */
        [20] = {0x53F0, 71}, /* 台 */
        [21] = {0x82CF, 32}, /* 苏 */
        [22] = {0x5B81, 64}, /* 宁 */
        [23] = {0x6FB3, 82}, /* 澳 */
        [24] = {0x6D25, 12}, /* 津 */
        [26] = {0x6E2F, 81}, /* 港 */
        [29] = {0x5DDD, 51}, /* 川 */
        [30] = {0x743C, 46}, /* 琼 */
        [31] = {0x8D35, 52}, /* 贵 */
        [32] = {0x8499, 15}, /* 蒙 */
        [34] = {0x6CAA, 31}, /* 沪 */
        [35] = {0x9655, 61}, /* 陕 */
        [41] = {0x4EAC, 11}, /* 京 */
        [42] = {0x9752, 63}, /* 青 */
        [43] = {0x8D63, 36}, /* 赣 */
        [44] = {0x6842, 45}, /* 桂 */
        [45] = {0x9647, 62}, /* 陇 */
        [46] = {0x79E6, 61}, /* 秦 */
        [47] = {0x7CA4, 44}, /* 粤 */
        [48] = {0x7696, 34}, /* 皖 */
        [52] = {0x95FD, 35}, /* 闽 */
        [54] = {0x6EC7, 53}, /* 滇 */
        [55] = {0x5180, 13}, /* 冀 */
        [56] = {0x4E91, 53}, /* 云 */
        [57] = {0x6E1D, 50}, /* 渝 */
        [58] = {0x85CF, 54}, /* 藏 */
        [59] = {0x9ED4, 52}, /* 黔 */
        [61] = {0x8FBD, 21}, /* 辽 */
    };
    if (cp > 0xFFFF)
        return 0;
    uint32_t h = (uint32_t)(cp * 0xEADB701Bu) >> 26;
    return slots[h].cp == cp ? slots[h].code : 0;
}

/* Consume a province abbreviation; return its code, or 0 (cursor unchanged). *cp_out gets the character. */
static unsigned zc_cur_prov(zc_cur *c, uint32_t *cp_out)
{
    size_t save = c->pos;
    uint32_t cp = zc_cur_next(c);
    unsigned p = zc_prov_of(cp);
    if (!p) {
        c->pos = save;
        return 0;
    }
    if (cp_out)
        *cp_out = cp;
    return p;
}

static unsigned zc_num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

/* ------------------------------------------------------------------------------------------------ */
/* Division table                                                                                     */

static const zc_div_entry *zc_div_find(uint32_t code)
{
    size_t lo = 0, hi = ZC_DIV_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (zc_div_table[mid].code == code)
            return &zc_div_table[mid];
        if (zc_div_table[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t zc_id_division_count(void)
{
    return ZC_DIV_COUNT;
}

const char *zc_id_division_source(void)
{
    return ZC_DIV_SOURCE " (" ZC_DIV_VINTAGE ")";
}

static void zc_cat(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf), m = strlen(s);
    if (n + m + 1 > cap)
        return; /* never cut a name in half */
    memcpy(buf + n, s, m + 1);
}

int zc_id_division_name(uint32_t code, char *buf, size_t cap)
{
    if (!buf || !cap)
        return 0;
    buf[0] = '\0';
    if (code < 100000 || code > 999999)
        return 0;
    const zc_div_entry *prov = zc_div_find(code / 10000 * 10000);
    if (!prov)
        return 0;
    zc_cat(buf, cap, prov->name);
    if (code % 10000 == 0)
        return 2;
    const zc_div_entry *city = zc_div_find(code / 100 * 100);
    if (city && !(city->flags & ZC_DIV_GROUP))
        zc_cat(buf, cap, city->name);
    if (code % 100 == 0)
        return city ? 2 : 1;
    const zc_div_entry *county = zc_div_find(code);
    if (county && !(county->flags & ZC_DIV_GROUP))
        zc_cat(buf, cap, county->name);
    return county ? 2 : 1;
}

uint32_t zc_id_division_find_name(const char *name)
{
    if (!name || !*name)
        return 0;
    for (size_t i = 0; i < ZC_DIV_COUNT; i++)
        if (strcmp(zc_div_table[i].name, name) == 0)
            return zc_div_table[i].code;
    return 0;
}

static const char *zc_prov_name(unsigned p)
{
    const zc_div_entry *e = zc_div_find(p * 10000u);
    return e ? e->name : NULL;
}

/* ------------------------------------------------------------------------------------------------ */
/* Building the result                                                                                */

/* Drop a trailing incomplete UTF-8 sequence (after truncation). */
static void zc_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned b = (unsigned char)s[i - 1];
    size_t need = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = '\0';
}

static void zc_vfmt(char *buf, size_t cap, const char *fmt, va_list ap)
{
    int n = vsnprintf(buf, cap, fmt, ap);
    if (n < 0)
        buf[0] = '\0';
    else if ((size_t)n >= cap)
        zc_utf8_trim(buf);
}

static void zc_begin(zc_id_info *out, zc_id_kind kind)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->valid = true;
    zc_cat(out->description, sizeof out->description, zc_id_kind_label(kind));
}

static void zc_vproblem(zc_id_info *out, zc_id_severity sev, const char *fmt, va_list ap)
{
    if (sev > out->severity)
        out->severity = sev;
    if (out->problem_count >= ZC_ID_PROBLEM_MAX)
        return;
    zc_id_problem *p = &out->problems[out->problem_count++];
    p->severity = sev;
    zc_vfmt(p->message, sizeof p->message, fmt, ap);
}

/* A problem that makes the code invalid. */
ZC_PRINTF(3, 4) static void zc_fail(zc_id_info *out, zc_id_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zc_vproblem(out, sev, fmt, ap);
    va_end(ap);
    out->valid = false;
}

/* A remark that leaves the code valid. */
ZC_PRINTF(3, 4) static void zc_note(zc_id_info *out, zc_id_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zc_vproblem(out, sev, fmt, ap);
    va_end(ap);
}

ZC_PRINTF(3, 4) static void zc_part(zc_id_info *out, const char *key, const char *fmt, ...)
{
    if (out->part_count >= ZC_ID_PART_MAX)
        return;
    zc_id_part *p = &out->parts[out->part_count++];
    snprintf(p->key, sizeof p->key, "%s", key);
    va_list ap;
    va_start(ap, fmt);
    zc_vfmt(p->value, sizeof p->value, fmt, ap);
    va_end(ap);
}

static void zc_desc(zc_id_info *out, const char *s)
{
    if (!s || !*s)
        return;
    zc_cat(out->description, sizeof out->description, " · ");
    zc_cat(out->description, sizeof out->description, s);
}

static void zc_region(zc_id_info *out, const char *s)
{
    snprintf(out->region, sizeof out->region, "%s", s ? s : "");
}

/* Look up a 6-digit division code used inside a code; `what` names it in messages. Sets region and
 * division parts. Unknown province: `bad_sev` problem (invalid); unknown below a known province: info. */
static void zc_division(zc_id_info *out, unsigned code, const char *what, zc_id_severity bad_sev, bool mainland)
{
    char name[ZC_ID_TEXT_MAX];
    int r = zc_id_division_name(code, name, sizeof name);
    if (r && mainland && code / 10000 > 65)
        r = 0;
    zc_part(out, "division_code", "%06u", code);
    if (r == 0) {
        zc_fail(out, bad_sev, "%s %06u 的省级代码 %02u 不存在", what, code, code / 10000);
        return;
    }
    zc_part(out, "division_name", "%s", name);
    zc_region(out, name);
    zc_desc(out, name);
    if (r == 1)
        zc_note(out, ZC_ID_SEV_INFO,
                "%s %06u 不在现行区划表（%s 年）中，可能是已撤销或调整的旧代码，已按上级区划“%s”理解", what, code,
                ZC_DIV_VINTAGE, name);
}

/* Province from an abbreviation: part, region, description. */
static void zc_province(zc_id_info *out, unsigned p, uint32_t abbr, const char *suffix)
{
    char a[5] = {0};
    zc_utf8_put(abbr, a);
    const char *name = zc_prov_name(p);
    zc_part(out, "province", "%s", a);
    if (name) {
        char d[ZC_ID_TEXT_MAX];
        snprintf(d, sizeof d, "%s%s", name, suffix ? suffix : "");
        zc_region(out, name);
        zc_desc(out, d);
    }
}

/* Year sanity: before `min` or after the current year (when known) is a problem. */
static void zc_year(zc_id_info *out, const zc_id_options *o, unsigned year, unsigned min, const char *what)
{
    zc_part(out, "year", "%u", year);
    if (year < min)
        zc_fail(out, ZC_ID_SEV_WARNING, "%s年份 %u 早于该格式启用的 %u 年，不合理", what, year, min);
    else if (o && o->current_year > 0 && year > (unsigned)o->current_year)
        zc_fail(out, ZC_ID_SEV_WARNING, "%s年份 %u 晚于当前年份 %d", what, year, o->current_year);
}

/* Require exactly `want` digits; return true when the count is right. */
static bool zc_want_digits(zc_id_info *out, size_t got, size_t want, const char *after)
{
    if (got == want)
        return true;
    zc_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为 %zu 位数字，实为 %zu 位", after, want, got);
    return false;
}

/* Parser results: 0 = not this kind (cursor and *out untouched); 1 = recognised (identify only);
 * 2 = recognised with a specific anchor, reportable by zc_id_scan. */
typedef int (*zc_parser)(zc_cur *c, const zc_id_options *o, zc_id_info *out);

/* ------------------------------------------------------------------------------------------------ */
/* 统一社会信用代码, 注册号, 组织机构代码                                                              */

static const char zc_cs31[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const unsigned zc_w31[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int zc_cs31_val(char ch)
{
    const char *p = ch ? strchr(zc_cs31, ch) : NULL;
    return p ? (int)(p - zc_cs31) : -1;
}

char zc_id_uscc_check_char(const char *s)
{
    if (!s)
        return 0;
    unsigned sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = zc_cs31_val(s[i]);
        if (v < 0)
            return 0;
        sum += (unsigned)v * zc_w31[i];
    }
    return zc_cs31[(31 - sum % 31) % 31];
}

char zc_id_org_check_char(const char *s)
{
    static const unsigned w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    if (!s)
        return 0;
    unsigned sum = 0;
    for (int i = 0; i < 8; i++) {
        char ch = s[i];
        unsigned v;
        if (ch >= '0' && ch <= '9')
            v = (unsigned)(ch - '0');
        else if (ch >= 'A' && ch <= 'Z')
            v = (unsigned)(ch - 'A' + 10);
        else
            return 0;
        sum += v * w[i];
    }
    unsigned r = 11 - sum % 11;
    return r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
}

static char zc_iso7064_mod11_10(const char *d, size_t n)
{
    unsigned p = 10;
    for (size_t i = 0; i < n; i++) {
        unsigned s = (p + (unsigned)(d[i] - '0')) % 10;
        if (s == 0)
            s = 10;
        p = (2 * s) % 11;
    }
    return (char)('0' + (11 - p) % 10);
}

/* 18 digits (last may be X) with a plausible birth date: a 居民身份证号码 rather than a USCC. */
static bool zc_looks_like_id_card(const char *s)
{
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    if (!((s[17] >= '0' && s[17] <= '9') || s[17] == 'X'))
        return false;
    unsigned prov = zc_num(s, 2), year = zc_num(s + 6, 4), month = zc_num(s + 10, 2), day = zc_num(s + 12, 2);
    return prov >= 11 && prov <= 82 && year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 &&
           day <= 31;
}

static const char *zc_uscc_confusable(char ch)
{
    switch (ch) {
    case 'O':
        return "（可能是数字 0）";
    case 'I':
        return "（可能是数字 1）";
    case 'Z':
        return "（可能是数字 2）";
    case 'S':
        return "（可能是数字 5）";
    case 'V':
        return "（可能是字母 U）";
    default:
        return "";
    }
}

static void zc_uscc_meaning(zc_id_info *out, char auth, char type)
{
    const char *an = NULL, *tn = NULL, *types = NULL;
    switch (auth) {
    case '1':
        an = "机构编制部门登记";
        types = "1 机关、2 事业单位、3 群众团体、9 其他";
        tn = type == '1' ? "机关" : type == '2' ? "事业单位" : type == '3' ? "群众团体" : type == '9' ? "其他" : NULL;
        break;
    case '5':
        an = "民政部门登记";
        types = "1 社会团体、2 民办非企业单位、3 基金会、9 其他";
        tn = type == '1'   ? "社会团体"
             : type == '2' ? "民办非企业单位"
             : type == '3' ? "基金会"
             : type == '9' ? "其他"
                           : NULL;
        break;
    case '9':
        an = "市场监管部门登记";
        types = "1 企业、2 个体工商户、3 农民专业合作社";
        tn = type == '1' ? "企业" : type == '2' ? "个体工商户" : type == '3' ? "农民专业合作社" : NULL;
        break;
    case 'Y':
        an = "其他部门登记";
        break;
    default:
        break;
    }
    zc_part(out, "registration_authority", "%c", auth);
    if (an) {
        zc_part(out, "registration_authority_name", "%s", an);
        zc_desc(out, an);
    } else {
        char d[64];
        snprintf(d, sizeof d, "登记管理部门代码 %c", auth);
        zc_desc(out, d);
        zc_note(out, ZC_ID_SEV_INFO,
                "登记管理部门代码 %c 不在核心代码（1 机构编制、5 民政、9 市场监管、Y 其他）中，含义以登记机关为准",
                auth);
    }
    zc_part(out, "entity_type", "%c", type);
    if (tn) {
        zc_part(out, "entity_type_name", "%s", tn);
        zc_desc(out, tn);
    } else if (types) {
        zc_note(out, ZC_ID_SEV_WARNING, "机构类别代码 %c 在登记管理部门代码 %c 下未定义（应为 %s）", type, auth, types);
    }
}

static void zc_uscc(zc_id_info *out, const char *s, const zc_id_options *o)
{
    (void)o;
    bool chars_ok = true;
    for (int i = 0; i < 18; i++) {
        bool ok = (i >= 2 && i < 8) ? (s[i] >= '0' && s[i] <= '9') : zc_cs31_val(s[i]) >= 0;
        if (ok)
            continue;
        if (chars_ok) { /* report the first bad character */
            if (i >= 2 && i < 8)
                zc_fail(out, ZC_ID_SEV_ERROR, "第 %d 位应为数字（第 3–8 位是行政区划码），实为“%c”%s", i + 1, s[i],
                        zc_uscc_confusable(s[i]));
            else
                zc_fail(out, ZC_ID_SEV_ERROR, "第 %d 位“%c”不在统一社会信用代码字符集中（不含 I、O、S、V、Z）%s", i + 1,
                        s[i], zc_uscc_confusable(s[i]));
        }
        chars_ok = false;
    }
    if (zc_cs31_val(s[0]) >= 0 && zc_cs31_val(s[1]) >= 0)
        zc_uscc_meaning(out, s[0], s[1]);
    bool div_ok = true;
    for (int i = 2; i < 8; i++)
        div_ok = div_ok && s[i] >= '0' && s[i] <= '9';
    if (div_ok) {
        unsigned code = zc_num(s + 2, 6);
        if (code == 100000) {
            zc_part(out, "division_code", "100000");
            zc_part(out, "division_name", "国家级");
            zc_desc(out, "国家级登记机关");
        } else {
            zc_division(out, code, "登记管理机关行政区划码", ZC_ID_SEV_WARNING, false);
        }
    }
    zc_part(out, "subject_code", "%.8s-%c", s + 8, s[16]);
    zc_part(out, "check_char", "%c", s[17]);
    if (!chars_ok)
        return;
    char want = zc_id_uscc_check_char(s);
    if (want != s[17])
        zc_fail(out, ZC_ID_SEV_WARNING, "校验码应为 %c，实为 %c：代码有误或系伪造，请到国家企业信用信息公示系统核实",
                want, s[17]);
    char org = zc_id_org_check_char(s + 8);
    if (org != s[16])
        zc_fail(out, ZC_ID_SEV_WARNING, "第 9–17 位主体标识码（组织机构代码）的校验位应为 %c，实为 %c", org, s[16]);
    if (!out->valid && zc_looks_like_id_card(s))
        zc_note(out, ZC_ID_SEV_INFO, "该号码形似居民身份证号码，而不是统一社会信用代码");
}

static void zc_regno(zc_id_info *out, const char *s)
{
    unsigned code = zc_num(s, 6);
    if (code == 100000) {
        zc_part(out, "division_code", "100000");
        zc_part(out, "division_name", "国家级");
        zc_desc(out, "国家级登记机关");
    } else {
        char name[ZC_ID_TEXT_MAX];
        int r = zc_id_division_name(code, name, sizeof name);
        zc_part(out, "division_code", "%06u", code);
        if (r) {
            zc_part(out, "division_name", "%s", name);
            zc_region(out, name);
            zc_desc(out, name);
        } else {
            zc_note(out, ZC_ID_SEV_INFO, "前 6 位登记机关代码 %06u 不在行政区划表中", code);
        }
    }
    zc_part(out, "sequence", "%.8s", s + 6);
    zc_part(out, "check_digit", "%c", s[14]);
    char want = zc_iso7064_mod11_10(s, 14);
    if (want != s[14])
        zc_fail(out, ZC_ID_SEV_WARNING, "校验位应为 %c，实为 %c（ISO 7064 MOD 11,10）", want, s[14]);
    zc_note(out, ZC_ID_SEV_INFO, "旧版 15 位注册号（2015 年“三证合一”前），建议公示 18 位统一社会信用代码");
}

static void zc_orgcode(zc_id_info *out, const char *body, char check)
{
    zc_part(out, "body", "%.8s", body);
    zc_part(out, "check_char", "%c", check);
    char want = zc_id_org_check_char(body);
    if (!want)
        zc_fail(out, ZC_ID_SEV_ERROR, "本体代码应为 8 位数字或大写字母");
    else if (want != check)
        zc_fail(out, ZC_ID_SEV_WARNING, "校验位应为 %c，实为 %c（GB 11714）", want, check);
    zc_note(out, ZC_ID_SEV_INFO, "组织机构代码已并入统一社会信用代码（第 9–17 位），建议公示统一社会信用代码");
}

/* Bare alphanumeric codes. */
static int p_alnum(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    char buf[24];
    size_t n = 0, start = c->pos;
    bool digits_only = true;
    for (;;) {
        size_t save = c->pos;
        uint32_t cp = zc_cur_next(c);
        if (!zc_is_alnum(cp)) {
            c->pos = save;
            break;
        }
        if (n < sizeof buf - 1)
            buf[n] = (char)cp;
        digits_only = digits_only && zc_is_digit(cp);
        n++;
    }
    buf[n < sizeof buf - 1 ? n : sizeof buf - 1] = '\0';
    if (n == 0)
        return 0;
    if (n == 18) {
        zc_begin(out, ZC_ID_USCC);
        zc_uscc(out, buf, o);
        bool shape = true, all_digits = true;
        for (int i = 0; i < 18; i++) {
            if (i >= 2 && i < 8)
                shape = shape && zc_is_digit((uint32_t)buf[i]);
            all_digits = all_digits && (zc_is_digit((uint32_t)buf[i]) || (i == 17 && buf[i] == 'X'));
        }
        /* scan reports a failing all-digit number only after a label: it may be an ID card or an order number */
        return shape && (out->valid || !all_digits) ? 2 : 1;
    }
    if (n == 15 && digits_only) {
        zc_begin(out, ZC_ID_REGISTRATION_NUMBER);
        zc_regno(out, buf);
        return 1;
    }
    if (n == 8) { /* XXXXXXXX-Y */
        size_t save = c->pos;
        if (zc_cur_eat(c, '-')) {
            uint32_t ck = zc_cur_next(c);
            if (zc_is_alnum(ck) && !zc_is_alnum(zc_cur_peek(c))) {
                zc_begin(out, ZC_ID_ORGANIZATION_CODE);
                zc_orgcode(out, buf, (char)ck);
                return 1;
            }
        }
        c->pos = save;
    }
    if (n == 9 && (zc_is_digit((uint32_t)buf[8]) || buf[8] == 'X')) {
        zc_begin(out, ZC_ID_ORGANIZATION_CODE);
        zc_orgcode(out, buf, buf[8]);
        return 1;
    }
    if ((n == 17 || n == 19 || n == 20 || n == 16) && zc_cs31_val(buf[0]) >= 0 && !digits_only) {
        zc_begin(out, ZC_ID_USCC);
        zc_fail(out, ZC_ID_SEV_ERROR, "统一社会信用代码应为 18 位，实为 %zu 位", n);
        return 1;
    }
    if ((n == 17 || n == 19) && digits_only) {
        zc_begin(out, ZC_ID_USCC);
        zc_fail(out, ZC_ID_SEV_ERROR, "统一社会信用代码应为 18 位，实为 %zu 位", n);
        return 1;
    }
    if ((n == 14 || n == 16) && digits_only) {
        zc_begin(out, ZC_ID_REGISTRATION_NUMBER);
        zc_fail(out, ZC_ID_SEV_ERROR, "注册号应为 15 位数字，实为 %zu 位", n);
        return 1;
    }
    c->pos = start;
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* Food: SC, JY, YB, QS, SP                                                                            */

/* Two Latin letters followed by digits. */
static bool zc_letters_digits(zc_cur *c, const char *two)
{
    size_t save = c->pos;
    if (zc_cur_lit(c, two) && zc_is_digit(zc_cur_peek(c)))
        return true;
    c->pos = save;
    return false;
}

/* JY / YB: 1 业态 digit + 6 area digits + 6 sequence + 1 check. */
static void zc_food_business(zc_id_info *out, const char *d, bool filing)
{
    const char *form = NULL;
    if (filing)
        form = d[0] == '1' ? "批发" : d[0] == '2' ? "零售" : NULL;
    else
        form = d[0] == '1' ? "食品销售" : d[0] == '2' ? "餐饮服务" : d[0] == '3' ? "单位食堂" : NULL;
    zc_part(out, "business_form", "%c", d[0]);
    if (form) {
        zc_part(out, "business_form_name", "%s", form);
        zc_desc(out, form);
    } else {
        zc_fail(out, ZC_ID_SEV_ERROR, "主体业态代码应为 %s，实为 %c", filing ? "1（批发）或 2（零售）" : "1–3", d[0]);
    }
    zc_division(out, zc_num(d + 1, 6), "区划码", ZC_ID_SEV_ERROR, true);
    zc_part(out, "sequence", "%.6s", d + 7);
    zc_part(out, "check_digit", "%c", d[13]);
}

static int p_food(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    (void)o;
    char d[24];
    size_t n;
    if (zc_letters_digits(c, "SC")) {
        zc_begin(out, ZC_ID_FOOD_PRODUCTION);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_want_digits(out, n, 14, "SC"))
            return n >= 8 ? 2 : 1;
        zc_part(out, "food_category", "%.3s", d);
        if (d[0] == '1')
            zc_desc(out, "食品");
        else if (d[0] == '2')
            zc_desc(out, "食品添加剂");
        else
            zc_fail(out, ZC_ID_SEV_ERROR, "食品类别码首位应为 1（食品）或 2（食品添加剂），实为 %c", d[0]);
        zc_division(out, zc_num(d + 3, 6), "区划码", ZC_ID_SEV_ERROR, true);
        zc_part(out, "sequence", "%.4s", d + 9);
        zc_part(out, "check_digit", "%c", d[13]);
        return 2;
    }
    if (zc_letters_digits(c, "JY")) {
        zc_begin(out, ZC_ID_FOOD_BUSINESS);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_want_digits(out, n, 14, "JY"))
            return n >= 8 ? 2 : 1;
        zc_food_business(out, d, false);
        return 2;
    }
    if (zc_letters_digits(c, "YB")) {
        zc_begin(out, ZC_ID_FOOD_BUSINESS_FILING);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_want_digits(out, n, 14, "YB"))
            return n >= 8 ? 2 : 1;
        zc_food_business(out, d, true);
        zc_note(out, ZC_ID_SEV_INFO, "YB 备案编号的编码规则未见官方公开说明，仅按已知格式（YB + 14 位数字）核对");
        return 2;
    }
    if (zc_letters_digits(c, "QS")) {
        zc_begin(out, ZC_ID_FOOD_QS);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_want_digits(out, n, 12, "QS"))
            return n >= 8 ? 2 : 1;
        zc_part(out, "number", "%s", d);
        zc_fail(out, ZC_ID_SEV_WARNING,
                "QS 编号是 2015 年 10 月 1 日前的食品生产许可编号，现行为 SC 食品生产许可证编号，请核实并更新");
        return 2;
    }
    if (zc_letters_digits(c, "SP")) {
        zc_begin(out, ZC_ID_FOOD_CIRCULATION);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_want_digits(out, n, 16, "SP"))
            return n >= 8 ? 2 : 1;
        char name[ZC_ID_TEXT_MAX];
        unsigned code = zc_num(d, 6);
        zc_part(out, "division_code", "%06u", code);
        if (zc_id_division_name(code, name, sizeof name)) {
            zc_part(out, "division_name", "%s", name);
            zc_region(out, name);
            zc_desc(out, name);
        }
        zc_fail(out, ZC_ID_SEV_WARNING,
                "食品流通许可证（SP）已于 2015 年 10 月 1 日起由食品经营许可证（JY）取代，请更新为 JY 编号");
        return 2;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* 保健食品                                                                                            */

/* Old-style approval: [(（]YYYY[)）]第N号, as in 卫食健字(2000)第0123号. */
static void zc_old_approval(zc_cur *c, zc_id_info *out, const char *prefix, const zc_id_options *o, unsigned max_year)
{
    char d[16];
    bool open = zc_cur_open(c);
    size_t n = zc_cur_digits(c, d, sizeof d);
    bool close = zc_cur_close(c);
    if (n != 4 || open != close) {
        zc_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为带括号的 4 位年号，如 %s(2001)第0123号", prefix, prefix);
        return;
    }
    zc_year(out, o, zc_num(d, 4), 1985, "");
    if (zc_num(d, 4) > max_year)
        zc_fail(out, ZC_ID_SEV_WARNING, "“%s”格式只用到 %u 年，年号 %s 不合理", prefix, max_year, d);
    if (!zc_cur_lit(c, "第")) {
        zc_fail(out, ZC_ID_SEV_ERROR, "年号后应为“第…号”");
        return;
    }
    n = zc_cur_digits(c, d, sizeof d);
    if (n < 3 || n > 6) {
        zc_fail(out, ZC_ID_SEV_ERROR, "“第”后应为 3–6 位顺序号，实为 %zu 位", n);
        return;
    }
    zc_part(out, "sequence", "%s", d);
    if (!zc_cur_lit(c, "号"))
        zc_fail(out, ZC_ID_SEV_ERROR, "编号应以“号”结尾");
}

static int p_health_food(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    char d[24];
    size_t n;
    int which = zc_cur_lit(c, "国食健注") ? 1 : zc_cur_lit(c, "国食健字") ? 2 : zc_cur_lit(c, "食健备") ? 3 : 0;
    if (which) {
        zc_begin(out, which == 3 ? ZC_ID_HEALTH_FOOD_FILING : ZC_ID_HEALTH_FOOD_REGISTRATION);
        const char *lit = which == 1 ? "国食健注" : which == 2 ? "国食健字" : "食健备";
        uint32_t origin = zc_cur_peek(c);
        if (origin != 'G' && origin != 'J') {
            zc_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为 G（国产）或 J（进口）", lit);
            return 2;
        }
        zc_cur_next(c);
        zc_part(out, "origin", "%s", origin == 'G' ? "国产" : "进口");
        zc_desc(out, origin == 'G' ? "国产" : "进口");
        n = zc_cur_digits(c, d, sizeof d);
        char after[32];
        snprintf(after, sizeof after, "%s%c", lit, (char)origin);
        if (!zc_want_digits(out, n, which == 3 ? 12 : 8, after))
            return 2;
        unsigned year = zc_num(d, 4);
        if (which == 1) {
            zc_year(out, o, year, 2016, "注册");
            zc_part(out, "sequence", "%.4s", d + 4);
        } else if (which == 2) {
            zc_part(out, "year", "%u", year);
            zc_part(out, "sequence", "%.4s", d + 4);
            if (year < 2003 || year > 2016)
                zc_fail(out, ZC_ID_SEV_WARNING, "“国食健字”批准文号用于 2003–2016 年，年份 %u 不合理", year);
            zc_note(out, ZC_ID_SEV_INFO, "旧版批准文号（2003–2016 年核发），请核实是否仍在有效期内或已换发新注册号");
        } else {
            zc_year(out, o, year, 2016, "备案");
            unsigned p = zc_num(d + 4, 2);
            if (origin == 'J') {
                if (p != 0)
                    zc_fail(out, ZC_ID_SEV_ERROR, "进口保健食品备案号第 5–6 位应为 00，实为 %02u", p);
            } else {
                const char *name = p <= 65 ? zc_prov_name(p) : NULL;
                zc_part(out, "province_code", "%02u", p);
                if (name) {
                    zc_region(out, name);
                    zc_desc(out, name);
                } else {
                    zc_fail(out, ZC_ID_SEV_ERROR, "第 5–6 位应为省级区划码，%02u 不存在", p);
                }
            }
            zc_part(out, "sequence", "%.6s", d + 6);
        }
        return 2;
    }
    if (zc_cur_lit(c, "卫食健字") || zc_cur_lit(c, "卫进食健字")) {
        zc_begin(out, ZC_ID_HEALTH_FOOD_REGISTRATION);
        zc_old_approval(c, out, "卫食健字", o, 2003);
        zc_note(out, ZC_ID_SEV_INFO, "原卫生部 1996–2003 年核发的旧批准文号，请核实是否已换发国家药监部门的注册号");
        return 2;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* 药品批准文号                                                                                        */

static int p_drug(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    (void)o;
    bool trial;
    if (zc_cur_lit(c, "国药准字"))
        trial = false;
    else if (zc_cur_lit(c, "国药试字"))
        trial = true;
    else
        return 0;
    zc_begin(out, ZC_ID_DRUG_APPROVAL);
    uint32_t cat = zc_cur_peek(c);
    const char *cn = cat == 'H'   ? "化学药品"
                     : cat == 'Z' ? "中药"
                     : cat == 'S' ? "生物制品"
                     : cat == 'J' ? "进口分包装药品"
                     : cat == 'B' ? "保健药品（旧）"
                     : cat == 'T' ? "体外化学诊断试剂（旧）"
                     : cat == 'F' ? "药用辅料（旧）"
                                  : NULL;
    if (!cn) {
        zc_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为类别字母 H（化学药品）、Z（中药）、S（生物制品）或 J",
                trial ? "国药试字" : "国药准字");
        return 2;
    }
    zc_cur_next(c);
    zc_part(out, "category", "%c", (char)cat);
    zc_part(out, "category_name", "%s", cn);
    zc_desc(out, cn);
    uint32_t origin = zc_cur_peek(c);
    if ((origin == 'C' || origin == 'J') && (cat == 'H' || cat == 'Z' || cat == 'S')) {
        zc_cur_next(c);
        zc_part(out, "origin", "%s", origin == 'C' ? "港澳台" : "境外生产");
        zc_desc(out, origin == 'C' ? "港澳台" : "境外生产");
    }
    char d[24];
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n != 8) {
        zc_fail(out, ZC_ID_SEV_ERROR, "类别字母后应为 8 位数字，实为 %zu 位", n);
        return 2;
    }
    zc_part(out, "number", "%s", d);
    if (cat == 'B' || cat == 'T' || cat == 'F')
        zc_note(out, ZC_ID_SEV_INFO, "类别字母 %c 为旧版分类，现已不再使用，请核实批准文号是否仍然有效", (char)cat);
    if (trial)
        zc_note(out, ZC_ID_SEV_INFO, "“国药试字”是原试生产批准文号，试生产制度已取消，请核实是否已转为正式文号");
    return 2;
}

/* ------------------------------------------------------------------------------------------------ */
/* 医疗器械                                                                                            */

static int p_device(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    size_t start = c->pos;
    char d[24];
    size_t n;
    if (zc_cur_lit(c, "械字号")) {
        zc_begin(out, ZC_ID_DEVICE_REGISTRATION);
        zc_fail(out, ZC_ID_SEV_WARNING, "“械字号”是俗称，不是编号；应标注完整的医疗器械注册证编号或备案编号");
        return 1;
    }
    uint32_t abbr = 0;
    bool national = zc_cur_lit(c, "国");
    unsigned p = national ? 0 : zc_cur_prov(c, &abbr);
    if (!national && !p)
        return 0;
    /* legacy: 国食药监械(准)字2012第3401234号, 浙食药监械(准)字2013第2260123号 */
    if (zc_cur_lit(c, "食药监械")) {
        zc_begin(out, ZC_ID_DEVICE_REGISTRATION);
        if (p)
            zc_province(out, p, abbr, "药品监督管理部门");
        else
            zc_desc(out, "国家药品监督管理部门");
        bool open = zc_cur_open(c);
        uint32_t t = zc_cur_next(c);
        bool close = zc_cur_close(c);
        if ((t != 0x51C6 /* 准 */ && t != 0x8FDB /* 进 */ && t != 0x8BB8 /* 许 */) || open != close) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“食药监械”后应为 准、进 或 许");
            return 2;
        }
        if (!zc_cur_lit(c, "字")) {
            zc_fail(out, ZC_ID_SEV_ERROR, "旧版注册证编号格式应为 …械(准)字YYYY第NNNNNNN号");
            return 2;
        }
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 4) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“字”后应为 4 位年号，实为 %zu 位", n);
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 1996, "");
        if (!zc_cur_lit(c, "第")) {
            zc_fail(out, ZC_ID_SEV_ERROR, "年号后应为“第…号”");
            return 2;
        }
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 7) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“第”后应为 7 位数字，实为 %zu 位", n);
            return 2;
        }
        zc_part(out, "number", "%s", d);
        if (!zc_cur_lit(c, "号"))
            zc_fail(out, ZC_ID_SEV_ERROR, "编号应以“号”结尾");
        zc_note(out, ZC_ID_SEV_INFO, "2014 年前的旧版注册证编号，注册证有效期 5 年，请核实是否已延续注册并换发新编号");
        return 2;
    }
    /* 备案: 国械备YYYYNNNN, 苏宁械备20150001号 (province + optional city abbreviation) */
    size_t after_prefix = c->pos;
    uint32_t city = 0;
    bool filing = zc_cur_lit(c, "械备");
    if (!filing && p) {
        city = zc_cur_next(c);
        filing = zc_is_cjk(city) && zc_cur_lit(c, "械备");
        if (!filing) {
            city = 0;
            c->pos = after_prefix;
        }
    }
    if (filing) {
        zc_begin(out, ZC_ID_DEVICE_FILING);
        if (p) {
            zc_province(out, p, abbr, NULL);
            zc_desc(out, "境内第一类");
            if (city) {
                char a[5] = {0};
                zc_utf8_put(city, a);
                zc_part(out, "city", "%s", a);
            }
        } else {
            zc_desc(out, "进口第一类");
        }
        n = zc_cur_digits(c, d, sizeof d);
        if (n < 8 || n > 12) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“械备”后应为 4 位年号加顺序号（共 8 位以上），实为 %zu 位", n);
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 2014, "备案");
        zc_part(out, "sequence", "%s", d + 4);
        zc_cur_lit(c, "号");
        return 2;
    }
    if (!zc_cur_lit(c, "械注")) {
        c->pos = start;
        return 0;
    }
    zc_begin(out, ZC_ID_DEVICE_REGISTRATION);
    uint32_t t = zc_cur_peek(c);
    const char *tn = t == 0x51C6 ? "境内" : t == 0x8FDB ? "进口" : t == 0x8BB8 ? "港澳台" : NULL;
    if (!tn) {
        zc_fail(out, ZC_ID_SEV_ERROR, "“械注”后应为 准（境内）、进（进口）或 许（港澳台）");
        return 2;
    }
    zc_cur_next(c);
    zc_part(out, "origin", "%s", tn);
    n = zc_cur_digits(c, d, sizeof d);
    if (n != 11) {
        zc_fail(out, ZC_ID_SEV_ERROR,
                "注册证编号“械注%s”后应为 11 位数字（年份 4 + 类别 1 + 分类 2 + 顺序号 4），实为 %zu 位",
                t == 0x51C6   ? "准"
                : t == 0x8FDB ? "进"
                              : "许",
                n);
        return 2;
    }
    char cls = d[4];
    char desc[64];
    snprintf(desc, sizeof desc, "%s第%s类", tn, cls == '2' ? "二" : cls == '3' ? "三" : "？");
    zc_desc(out, desc);
    if (p)
        zc_province(out, p, abbr, "药品监督管理部门");
    else
        zc_desc(out, "国家药品监督管理局");
    zc_year(out, o, zc_num(d, 4), 2000, "首次注册");
    zc_part(out, "class", "%c", cls);
    zc_part(out, "classification_code", "%.2s", d + 5);
    zc_part(out, "sequence", "%.4s", d + 7);
    if (cls != '2' && cls != '3')
        zc_fail(out, ZC_ID_SEV_ERROR, "管理类别应为 2 或 3（第一类医疗器械实行备案，不发注册证），实为 %c", cls);
    else if (p && (t != 0x51C6 || cls != '2'))
        zc_fail(out, ZC_ID_SEV_ERROR, "省级药监部门只注册境内第二类医疗器械，编号应为“%s械注准YYYY2…”", "省简称");
    else if (!p && t == 0x51C6 && cls == '2')
        zc_fail(out, ZC_ID_SEV_ERROR, "境内第二类医疗器械由省级药监部门注册，“国械注准”应为第三类");
    zc_cur_lit(c, "号");
    return 2;
}

/* ------------------------------------------------------------------------------------------------ */
/* 化妆品                                                                                              */

static int p_cosmetic(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    char d[24];
    size_t n;
    size_t start = c->pos;
    int which = zc_cur_lit(c, "国妆特进字") ? 2 : zc_cur_lit(c, "国妆特制字") ? 3 : zc_cur_lit(c, "国妆特字") ? 1 : 0;
    if (which) {
        zc_begin(out, ZC_ID_COSMETIC_REGISTRATION);
        const char *lit = which == 1 ? "国妆特字" : which == 2 ? "国妆特进字" : "国妆特制字";
        uint32_t want = which == 1 ? 'G' : which == 2 ? 'J' : 0;
        uint32_t l = zc_cur_peek(c);
        zc_desc(out, which == 1 ? "国产" : which == 2 ? "进口" : "港澳台");
        if (zc_is_upper(l))
            zc_cur_next(c);
        if (want && l != want) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为字母 %c", lit, (char)want);
            return 2;
        }
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 8) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为 8 位数字（年份 4 + 顺序号 4），实为 %zu 位", lit, n);
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 2008, "");
        zc_part(out, "sequence", "%.4s", d + 4);
        if (which == 3)
            zc_note(out, ZC_ID_SEV_INFO, "港澳台特殊化妆品编号格式未经官方来源确认，仅按常见格式核对");
        return 2;
    }
    if (zc_cur_lit(c, "卫妆特字") || zc_cur_lit(c, "卫妆进字") || zc_cur_lit(c, "卫妆准字")) {
        zc_begin(out, ZC_ID_COSMETIC_REGISTRATION);
        zc_old_approval(c, out, "卫妆特字", o, 2009);
        zc_fail(out, ZC_ID_SEV_WARNING,
                "原卫生部核发的旧批准文号（2008 年前），批件早已到期，现行特殊化妆品应为“国妆特字/国妆特进字”编号");
        return 2;
    }
    if (zc_cur_lit(c, "国妆网备进字")) {
        zc_begin(out, ZC_ID_COSMETIC_FILING);
        zc_desc(out, "进口普通化妆品");
        bool open = zc_cur_open(c);
        uint32_t abbr = 0;
        unsigned p = zc_cur_prov(c, &abbr);
        bool close = zc_cur_close(c);
        if (!p || open != close || !open) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“国妆网备进字”后应为括号内的省级简称，如 国妆网备进字（京）2021000001");
            return 2;
        }
        zc_province(out, p, abbr, NULL);
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 10) {
            zc_fail(out, ZC_ID_SEV_ERROR, "简称后应为 10 位数字（年份 4 + 顺序号 6），实为 %zu 位", n);
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 2021, "备案");
        zc_part(out, "sequence", "%.6s", d + 4);
        return 2;
    }
    if (zc_cur_lit(c, "国妆备进字")) {
        zc_begin(out, ZC_ID_COSMETIC_FILING);
        zc_desc(out, "进口非特殊用途化妆品（旧）");
        if (zc_cur_peek(c) == 'J')
            zc_cur_next(c);
        else
            zc_fail(out, ZC_ID_SEV_ERROR, "“国妆备进字”后应为字母 J");
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 8) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“国妆备进字J”后应为 8 位数字，实为 %zu 位", n);
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 2008, "备案");
        zc_part(out, "sequence", "%.4s", d + 4);
        zc_note(out, ZC_ID_SEV_INFO, "2021 年前的旧版进口备案号，现行为“国妆网备进字”，请核实是否已重新备案");
        return 2;
    }
    /* [P]G妆网备字YYYYNNNNNN and [P]妆YYYYNNNN */
    uint32_t abbr = 0;
    unsigned p = zc_cur_prov(c, &abbr);
    if (!p)
        return 0;
    if (zc_cur_lit(c, "G妆网备字")) {
        zc_begin(out, ZC_ID_COSMETIC_FILING);
        zc_desc(out, "国产普通化妆品");
        zc_province(out, p, abbr, NULL);
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 10) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“G妆网备字”后应为 10 位数字（年份 4 + 顺序号 6），实为 %zu 位", n);
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 2014, "备案");
        zc_part(out, "sequence", "%.6s", d + 4);
        return 2;
    }
    if (zc_cur_lit(c, "妆") && zc_is_digit(zc_cur_peek(c))) {
        zc_begin(out, ZC_ID_COSMETIC_PRODUCTION);
        zc_province(out, p, abbr, "药品监督管理部门");
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 8) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“妆”后应为 8 位数字（年份 4 + 顺序号 4），实为 %zu 位", n);
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 2016, "");
        zc_part(out, "sequence", "%.4s", d + 4);
        return 2;
    }
    c->pos = start;
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* Internet: ICP备, ICP证, B2-, 公网安备, 网文, 出版物, 药品信息                                          */

static int p_net(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    char d[24];
    size_t n, start = c->pos;
    uint32_t abbr = 0;
    unsigned p = zc_cur_prov(c, &abbr);
    int which = zc_cur_lit(c, "ICP备") ? 1 : zc_cur_lit(c, "ICP证") ? 2 : zc_cur_lit(c, "公网安备") ? 3 : 0;
    if (which) {
        zc_begin(out, which == 1 ? ZC_ID_ICP_FILING : which == 2 ? ZC_ID_ICP_LICENCE : ZC_ID_PUBLIC_SECURITY_FILING);
        const char *lit = which == 1 ? "ICP备" : which == 2 ? "ICP证" : "公网安备";
        if (p)
            zc_province(out, p, abbr, which == 3 ? "公安机关" : "通信管理局");
        else
            zc_fail(out, ZC_ID_SEV_ERROR, "“%s”前缺少省级简称（如 京%s…）", lit, lit);
        if (which == 3)
            zc_cur_skip_spaces(c);
        n = zc_cur_digits(c, d, sizeof d);
        if (which == 1 && (n < 6 || n > 10)) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“ICP备”后应为 6–10 位数字，实为 %zu 位", n);
            return 2;
        }
        if (which == 2 && !zc_want_digits(out, n, 6, "ICP证"))
            return 2;
        if (which == 3 && !zc_want_digits(out, n, 14, "公网安备"))
            return 2;
        zc_part(out, "number", "%s", d);
        if (which == 1 && n >= 8 && zc_num(d, 4) >= 2000 && zc_num(d, 4) <= 2099)
            zc_year(out, o, zc_num(d, 4), 2000, "备案");
        if (which == 3) {
            unsigned code = zc_num(d, 6);
            char name[ZC_ID_TEXT_MAX];
            zc_part(out, "division_code", "%06u", code);
            int r = zc_id_division_name(code, name, sizeof name);
            if (r) {
                zc_part(out, "division_name", "%s", name);
                zc_region(out, name);
                zc_desc(out, name);
            } else {
                zc_fail(out, ZC_ID_SEV_WARNING, "前 6 位应为公安机关所在地行政区划码，%06u 不存在", code);
            }
            if (r && p && code / 10000 != p)
                zc_fail(out, ZC_ID_SEV_WARNING, "前 6 位区划码 %06u 的省份与简称不一致", code);
        }
        bool hao = zc_cur_lit(c, "号");
        if (zc_cur_eat(c, '-')) {
            size_t m = zc_cur_digits(c, d, sizeof d);
            if (m == 0 || m > 4)
                zc_fail(out, ZC_ID_SEV_ERROR, "“-”后应为网站序号（1–4 位数字）");
            else
                zc_part(out, "site", "%s", d);
            if (!hao)
                hao = zc_cur_lit(c, "号");
        }
        if (!hao)
            zc_note(out, ZC_ID_SEV_INFO, "编号通常以“号”结尾，如 %s%s%s号", which == 3 ? "浙" : "京", lit,
                    which == 3 ? "33010602011771" : "12345678");
        return 2;
    }
    if (zc_cur_lit(c, "网文")) {
        zc_begin(out, ZC_ID_NETWORK_CULTURE);
        if (p)
            zc_province(out, p, abbr, "文化和旅游主管部门");
        else
            zc_fail(out, ZC_ID_SEV_ERROR, "“网文”前缺少省级简称（如 浙网文〔2016〕0268-027号）");
        bool open = zc_cur_open(c);
        n = zc_cur_digits(c, d, sizeof d);
        bool close = zc_cur_close(c);
        if (!open || !close || n != 4) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“网文”后应为括号内的 4 位年号，如 浙网文〔2016〕0268-027号");
            return 2;
        }
        zc_year(out, o, zc_num(d, 4), 2003, "发证");
        n = zc_cur_digits(c, d, sizeof d);
        if (n < 3 || n > 5 || !zc_cur_eat(c, '-')) {
            zc_fail(out, ZC_ID_SEV_ERROR, "年号后应为“3–5 位数字-3–4 位数字号”，如 0268-027号");
            return 2;
        }
        zc_part(out, "number", "%s", d);
        n = zc_cur_digits(c, d, sizeof d);
        if (n < 3 || n > 4) {
            zc_fail(out, ZC_ID_SEV_ERROR, "“-”后应为 3–4 位数字，实为 %zu 位", n);
            return 2;
        }
        zc_part(out, "sub_number", "%s", d);
        if (!zc_cur_lit(c, "号"))
            zc_note(out, ZC_ID_SEV_INFO, "编号通常以“号”结尾");
        return 2;
    }
    c->pos = start; /* 浙B2-20080224 is p_telecom's */
    return 0;
}

/* 电信业务经营许可证: [P]?[AB]\d(\.[AB]\d)*-\d{8}(-\d+)? */
static int p_telecom(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    size_t start = c->pos;
    uint32_t abbr = 0;
    unsigned p = zc_cur_prov(c, &abbr);
    char cats[32] = "";
    size_t cl = 0;
    for (;;) {
        size_t save = c->pos;
        uint32_t l = zc_cur_next(c), n = zc_cur_next(c);
        if ((l != 'A' && l != 'B') || !zc_is_digit(n)) {
            c->pos = save;
            break;
        }
        if (cl + 4 < sizeof cats) {
            if (cl)
                cats[cl++] = '.';
            cats[cl++] = (char)l;
            cats[cl++] = (char)n;
            cats[cl] = '\0';
        }
        if (zc_is_alnum(zc_cur_peek(c)))
            break; /* B25 etc. is a service code, not a licence prefix */
        if (!zc_cur_eat(c, '.'))
            break;
    }
    if (!cl || !zc_cur_eat(c, '-') || !zc_is_digit(zc_cur_peek(c))) {
        c->pos = start;
        return 0;
    }
    zc_begin(out, ZC_ID_TELECOM_LICENCE);
    zc_part(out, "categories", "%s", cats);
    if (p) {
        zc_province(out, p, abbr, "通信管理局");
    } else {
        zc_desc(out, "工业和信息化部（跨地区）");
    }
    bool value_added = strchr(cats, 'B') != NULL, basic = strchr(cats, 'A') != NULL;
    zc_desc(out, basic && value_added ? "基础电信与增值电信业务" : basic ? "基础电信业务" : "增值电信业务");
    char d[24];
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n != 8) {
        zc_fail(out, ZC_ID_SEV_ERROR, "“%s-”后应为 8 位数字（年份 4 + 顺序号 4），实为 %zu 位", cats, n);
        return p && n >= 6 ? 2 : 1;
    }
    unsigned year = zc_num(d, 4);
    zc_year(out, o, year, 1994, "发证");
    zc_part(out, "number", "%s", d);
    if (zc_cur_eat(c, '-')) {
        size_t m = zc_cur_digits(c, d, sizeof d);
        if (m == 0 || m > 4)
            zc_fail(out, ZC_ID_SEV_ERROR, "“-”后应为 1–4 位序号");
        else
            zc_part(out, "site", "%s", d);
    }
    return p || (year >= 1994 && year <= 2099) ? 2 : 1; /* a bare A4-12345678 may be a model number */
}

/* 出版物经营许可证: 新出发[P][市]?(批|零)字第[A-Z汉字]*\d+号 */
static int p_publication(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    (void)o;
    if (!zc_cur_lit(c, "新出发"))
        return 0;
    zc_begin(out, ZC_ID_PUBLICATION);
    uint32_t abbr = 0;
    unsigned p = zc_cur_prov(c, &abbr);
    if (!p) {
        zc_fail(out, ZC_ID_SEV_ERROR, "“新出发”后应为省级简称，如 新出发京零字第海180213号");
        return 2;
    }
    zc_province(out, p, abbr, NULL);
    uint32_t k = zc_cur_next(c);
    if (k != 0x6279 /* 批 */ && k != 0x96F6 /* 零 */) {
        char a[5] = {0};
        zc_utf8_put(k, a);
        if (zc_is_cjk(k))
            zc_part(out, "city", "%s", a);
        k = zc_cur_next(c);
    }
    if (k != 0x6279 && k != 0x96F6) {
        zc_fail(out, ZC_ID_SEV_ERROR, "简称后应为“批字”（批发）或“零字”（零售）");
        return 2;
    }
    zc_part(out, "business", "%s", k == 0x6279 ? "批发" : "零售");
    zc_desc(out, k == 0x6279 ? "批发" : "零售");
    if (!zc_cur_lit(c, "字第")) {
        zc_fail(out, ZC_ID_SEV_ERROR, "应为“…字第…号”");
        return 2;
    }
    char pre[32] = "";
    size_t pl = 0;
    for (int i = 0; i < 6; i++) {
        uint32_t cp = zc_cur_peek(c);
        if (!(zc_is_upper(cp) || (zc_is_cjk(cp) && cp != 0x53F7 /* 号 */)))
            break;
        zc_cur_next(c);
        if (pl + 5 < sizeof pre)
            pl += zc_utf8_put(cp, pre + pl), pre[pl] = '\0';
    }
    if (pl)
        zc_part(out, "prefix", "%s", pre);
    char d[24];
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n == 0 || n > 10) {
        zc_fail(out, ZC_ID_SEV_ERROR, "“第”后应为顺序号数字");
        return 2;
    }
    zc_part(out, "number", "%s", d);
    if (!zc_cur_lit(c, "号"))
        zc_fail(out, ZC_ID_SEV_ERROR, "编号应以“号”结尾");
    return 2;
}

/* 互联网药品信息服务资格证书: （[P]）-(经营性|非经营性)-YYYY-NNNN */
static int p_drug_info(zc_cur *c, const zc_id_options *o, zc_id_info *out)
{
    size_t start = c->pos;
    bool open = zc_cur_open(c);
    uint32_t abbr = 0;
    unsigned p = zc_cur_prov(c, &abbr);
    bool close = p && zc_cur_close(c);
    if (!p || open != close) {
        c->pos = start;
        return 0;
    }
    zc_cur_eat(c, '-');
    int which = zc_cur_lit(c, "经营性") ? 1 : zc_cur_lit(c, "非经营性") ? 2 : 0;
    if (!which) {
        c->pos = start;
        return 0;
    }
    zc_begin(out, ZC_ID_DRUG_INFO);
    zc_province(out, p, abbr, "药品监督管理部门");
    zc_part(out, "service", "%s", which == 1 ? "经营性" : "非经营性");
    zc_desc(out, which == 1 ? "经营性" : "非经营性");
    if (!open)
        zc_note(out, ZC_ID_SEV_INFO, "省级简称通常写在括号内，如 （浙）-经营性-2018-0002");
    char d[24];
    size_t n;
    if (!zc_cur_eat(c, '-') || (n = zc_cur_digits(c, d, sizeof d)) != 4) {
        zc_fail(out, ZC_ID_SEV_ERROR, "应为“-4 位年份-4 位顺序号”，如 （浙）-经营性-2018-0002");
        return 2;
    }
    unsigned year = zc_num(d, 4);
    zc_year(out, o, year, 2001, "发证");
    if (o && o->current_year > 0 && year + 5 <= (unsigned)o->current_year && year <= (unsigned)o->current_year)
        zc_note(out, ZC_ID_SEV_INFO, "证书有效期 5 年，%u 年核发的证书应已换发，请核实有效期", year);
    if (!zc_cur_eat(c, '-') || (n = zc_cur_digits(c, d, sizeof d)) < 3 || n > 5) {
        zc_fail(out, ZC_ID_SEV_ERROR, "年份后应为“-4 位顺序号”");
        return 2;
    }
    zc_part(out, "sequence", "%s", d);
    return 2;
}

static const zc_parser zc_parsers[] = {
    p_food, p_alnum, p_health_food, p_drug, p_device, p_cosmetic, p_net, p_telecom, p_publication, p_drug_info,
};
#define ZC_NPARSERS (sizeof zc_parsers / sizeof zc_parsers[0])

/* ------------------------------------------------------------------------------------------------ */
/* Identify                                                                                           */

/* Normalised form of s[from, to): folded, whitespace dropped, cut at a character boundary. */
static void zc_normalise(const unsigned char *s, size_t from, size_t to, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t pos = from; pos < to;) {
        size_t adv;
        uint32_t cp = zc_utf8_at(s, to, pos, &adv);
        pos += adv;
        if (zc_is_space(cp))
            continue;
        cp = zc_fold(cp);
        if (cp == 0)
            cp = 0xFFFD;
        char u[4];
        size_t k = zc_utf8_put(cp, u);
        if (n + k + 1 > cap)
            break;
        memcpy(buf + n, u, k);
        n += k;
        buf[n] = '\0';
    }
}

zc_id_kind zc_id_identify_ex(const char *s, size_t len, const zc_id_options *opts, zc_id_info *out)
{
    if (!out)
        return ZC_ID_UNKNOWN;
    if (!s)
        len = 0;
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    zc_cur c = {u, len, 0, true};
    zc_cur_skip_spaces(&c);
    size_t start = c.pos;
    if (len > ZC_ID_INPUT_MAX) {
        zc_begin(out, ZC_ID_UNKNOWN);
        zc_normalise(u, start, len, out->code, sizeof out->code);
        zc_fail(out, ZC_ID_SEV_ERROR, "输入过长（%zu 字节），不是编号", len);
        return out->kind;
    }
    int r = 0;
    for (size_t i = 0; i < ZC_NPARSERS && !r; i++) {
        c.pos = start;
        r = zc_parsers[i](&c, opts, out);
    }
    if (!r && start < len) {
        /* "统一社会信用代码：9144…": a label around exactly one code */
        zc_id_span sp[2];
        if (zc_id_scan((const char *)u + start, len - start, opts, sp, 2) == 1) {
            zc_id_identify_ex((const char *)u + start + sp[0].byte_start, sp[0].byte_end - sp[0].byte_start, opts, out);
            zc_note(out, ZC_ID_SEV_INFO, "已忽略编号前后的其他文字");
            return out->kind;
        }
    }
    if (!r) {
        zc_begin(out, ZC_ID_UNKNOWN);
        zc_normalise(u, start, len, out->code, sizeof out->code);
        if (start >= len)
            zc_fail(out, ZC_ID_SEV_ERROR, "输入为空");
        else
            zc_fail(out, ZC_ID_SEV_ERROR,
                    "无法识别的编号格式（支持统一社会信用代码、注册号、组织机构代码及食品、药品、医疗器械、化妆品、"
                    "ICP 等许可备案编号）");
        return out->kind;
    }
    if (zc_cur_peek(&c) != ZC_EOF && out->severity < ZC_ID_SEV_ERROR) {
        char rest[64];
        zc_normalise(u, c.pos, len, rest, 40);
        zc_fail(out, ZC_ID_SEV_ERROR, "编号后有多余字符“%s%s”", rest, strlen(rest) >= 36 ? "…" : "");
    }
    zc_normalise(u, start, len, out->code, sizeof out->code);
    return out->kind;
}

zc_id_kind zc_id_identify(const char *s, size_t len, zc_id_info *out)
{
    return zc_id_identify_ex(s, len, NULL, out);
}

/* ------------------------------------------------------------------------------------------------ */
/* JSON                                                                                               */

typedef struct zc_jw {
    char *buf;
    size_t cap, len;
} zc_jw;

static void zc_jw_raw(zc_jw *w, const char *s, size_t n)
{
    if (w->len < w->cap) {
        size_t room = w->cap - w->len;
        memcpy(w->buf + w->len, s, n < room ? n : room);
    }
    w->len += n;
}

static void zc_jw_lit(zc_jw *w, const char *s)
{
    zc_jw_raw(w, s, strlen(s));
}

static void zc_jw_str(zc_jw *w, const char *s)
{
    zc_jw_raw(w, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\', esc[1] = (char)*p;
            zc_jw_raw(w, esc, 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            zc_jw_raw(w, esc, 6);
        } else {
            zc_jw_raw(w, (const char *)p, 1);
        }
    }
    zc_jw_raw(w, "\"", 1);
}

size_t zc_id_json(const zc_id_info *info, char *buf, size_t cap)
{
    zc_jw w = {buf, cap ? cap - 1 : 0, 0};
    if (!info) {
        zc_jw_lit(&w, "null");
    } else {
        zc_jw_lit(&w, "{\"code\": ");
        zc_jw_str(&w, info->code);
        zc_jw_lit(&w, ", \"kind\": ");
        zc_jw_str(&w, zc_id_kind_name(info->kind));
        zc_jw_lit(&w, ", \"kind_name\": ");
        zc_jw_str(&w, zc_id_kind_label(info->kind));
        zc_jw_lit(&w, info->valid ? ", \"valid\": true" : ", \"valid\": false");
        zc_jw_lit(&w, ", \"severity\": ");
        zc_jw_str(&w, zc_id_severity_name(info->severity));
        zc_jw_lit(&w, ", \"description\": ");
        zc_jw_str(&w, info->description);
        zc_jw_lit(&w, ", \"parts\": {");
        for (size_t i = 0; i < info->part_count && i < ZC_ID_PART_MAX; i++) {
            if (i)
                zc_jw_lit(&w, ", ");
            zc_jw_str(&w, info->parts[i].key);
            zc_jw_lit(&w, ": ");
            zc_jw_str(&w, info->parts[i].value);
        }
        zc_jw_lit(&w, "}, \"problems\": [");
        for (size_t i = 0; i < info->problem_count && i < ZC_ID_PROBLEM_MAX; i++) {
            if (i)
                zc_jw_lit(&w, ", ");
            zc_jw_str(&w, info->problems[i].message);
        }
        zc_jw_lit(&w, "], \"region\": ");
        if (info->region[0])
            zc_jw_str(&w, info->region);
        else
            zc_jw_lit(&w, "null");
        zc_jw_lit(&w, "}");
    }
    if (cap)
        buf[w.len < cap ? w.len : cap - 1] = '\0';
    return w.len;
}

/* ------------------------------------------------------------------------------------------------ */
/* Scan                                                                                               */

static bool zc_has_label_before(const unsigned char *s, size_t tok)
{
    static const char *const labels[] = {"注册号", "执照", "组织机构代码", "信用代码", "机构代码", "证照编号"};
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

/* First characters of the non-alphanumeric formats: brackets, province abbreviations, 国 食 卫 新 械. */
static bool zc_can_start(uint32_t cp)
{
    if (cp == '(' || cp == '[' || cp == 0x3014 || cp == 0x3010)
        return true;
    if (cp < 0x4E00 || cp > 0x9FFF)
        return false;
    return cp == 0x56FD || cp == 0x98DF || cp == 0x536B || cp == 0x68B0 || zc_prov_of(cp) != 0;
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

/* Prefilter for a non-alphanumeric candidate `c1` (zc_can_start) whose next character starts at byte `pos`:
 * false when no parser can recognise anything here, judged from the characters after it. Derived from the
 * parsers' first literals, so it never rejects a start one of them accepts:
 *   bracket   p_drug_info: （[P]）…                                 → a province abbreviation
 *   国        国食健 国药 国食药监械 国械备 国械注 国妆…                 → 食 药 械 妆
 *   食        食健备                                                → 健
 *   卫        卫食健字 卫进食健字 卫妆…                                → 食 进 妆
 *   械        械字号                                                → 字
 *   [P]       食药监械 械备 械注 G妆网备字 妆 ICP 公网安备 网文 A/B- - 经营性 非经营性 (新)出发,
 *             or any CJK city abbreviation followed by 械备
 * zc_may_start_pair judges from the first two characters: 0 no, 1 yes, 2 only when the third is 械. */
static int zc_may_start_pair(uint32_t c1, uint32_t c2)
{
    if (c1 == '(' || c1 == '[' || c1 == 0x3014 || c1 == 0x3010)
        return zc_prov_of(c2) != 0;
    switch (c1) {
    case 0x56FD: /* 国 */
        return c2 == 0x98DF || c2 == 0x836F || c2 == 0x68B0 || c2 == 0x5986;
    case 0x98DF: /* 食 */
        return c2 == 0x5065;
    case 0x536B: /* 卫 */
        return c2 == 0x98DF || c2 == 0x8FDB || c2 == 0x5986;
    case 0x68B0: /* 械 */
        return c2 == 0x5B57;
    default:
        break;
    }
    /* a province abbreviation */
    switch (c2) {
    case 0x98DF: /* 食 */
    case 0x68B0: /* 械 */
    case 0x5986: /* 妆 */
    case 0x516C: /* 公 */
    case 0x7F51: /* 网 */
    case 0x7ECF: /* 经 */
    case 0x975E: /* 非 */
    case 'G':
    case 'I':
    case 'A':
    case 'B':
    case '-':
        return 1;
    case 0x51FA:          /* 出 */
        if (c1 == 0x65B0) /* 新出发 */
            return 1;
        break;
    default:
        break;
    }
    return zc_is_cjk(c2) ? 2 : 0; /* [P][city]械备 */
}

static bool zc_may_start(const unsigned char *s, size_t len, size_t pos, uint32_t c1)
{
    size_t adv, adv3;
    int r = zc_may_start_pair(c1, zc_peek_at(s, len, pos, &adv));
    return r == 1 || (r == 2 && zc_peek_at(s, len, pos + adv, &adv3) == 0x68B0);
}

/* [perf, issue 6] zc_may_start for the character `cps[i]` = c1 of a text decoded into `cps` (n code points, the
 * same as zc_utf8_at reads: see zc_cp_bytes), without decoding the UTF-8 again. */
static bool zc_may_start_cps(const uint32_t *cps, size_t n, size_t i, uint32_t c1)
{
    int r = zc_may_start_pair(c1, i + 1 < n ? zc_fold(cps[i + 1]) : ZC_EOF);
    return r == 1 || (r == 2 && i + 2 < n && zc_fold(cps[i + 2]) == 0x68B0);
}

/* false when parser `p` certainly returns 0 at a start whose first folded character is `c1` (from the parsers'
 * first literals): after a letter or digit only p_alnum, p_food (SC JY YB QS SP), p_net (ICP) and p_telecom
 * (A/B + digit) can match; after anything else neither p_food nor p_alnum can. */
static bool zc_parser_may(zc_parser p, uint32_t c1, bool alnum)
{
    if (!alnum)
        return p != p_food && p != p_alnum;
    if (p == p_alnum)
        return true;
    if (p == p_food)
        return c1 == 'S' || c1 == 'J' || c1 == 'Y' || c1 == 'Q';
    if (p == p_net)
        return c1 == 'I';
    if (p == p_telecom)
        return c1 == 'A' || c1 == 'B';
    return false;
}

/* 1 when a character of U+3100–U+CFFF can start a non-alphanumeric token, i.e. zc_can_start(cp) for it: the 44
 * such characters (国 食 卫 械, the province abbreviations, 〔 【) in a perfect hash, slot =
 * (cp * 0xE51DE881 mod 2^32) >> 25. zc_id_scan's fast path skips every other CJK character with it. */
static bool zc_cjk_can_start(uint32_t cp)
{
    static const uint16_t slots[128] = {
        [2] = 0x5180,   [3] = 0x9752,   [4] = 0x7696,   [5] = 0x664B,   [6] = 0x4EAC,   [8] = 0x9647,   [9] = 0x8D63,
        [10] = 0x5B81,  [15] = 0x8C6B,  [19] = 0x7518,  [21] = 0x6FB3,  [25] = 0x9ED4,  [28] = 0x6842,  [32] = 0x743C,
        [33] = 0x7CA4,  [40] = 0x65B0,  [43] = 0x98DF,  [45] = 0x8499,  [49] = 0x6D59,  [57] = 0x82CF,  [58] = 0x536B,
        [61] = 0x56FD,  [63] = 0x53F0,  [64] = 0x3014,  [65] = 0x9ED1,  [76] = 0x9655,  [78] = 0x6E58,  [84] = 0x5DDD,
        [85] = 0x68B0,  [86] = 0x9C81,  [93] = 0x9102,  [97] = 0x6CAA,  [102] = 0x85CF, [103] = 0x6E1D, [107] = 0x95FD,
        [108] = 0x6D25, [109] = 0x8FBD, [111] = 0x5409, [113] = 0x4E91, [116] = 0x8D35, [117] = 0x6E2F, [118] = 0x3010,
        [122] = 0x6EC7, [125] = 0x79E6,
    };
    return slots[(uint32_t)(cp * 0xE51DE881u) >> 25] == cp;
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

/* The parsers at a candidate start `st->pos` whose first folded character is `cp` (`alnum`: a letter or digit).
 * Returns 1 when a token was taken (st moved past it, st->cp_index counted), 2 when fn asked to stop, 0 when
 * nothing starts here (st unchanged). */
static int zc_id_try_start(zc_id_scan_state *st, uint32_t cp, bool alnum)
{
    const unsigned char *s = st->s;
    size_t len = st->len, pos = st->pos;
    zc_id_info tmp; /* scratch, only written when a parser recognises something */
    for (size_t i = 0; i < ZC_NPARSERS; i++) {
        if (!zc_parser_may(zc_parsers[i], cp, alnum))
            continue; /* would return 0 */
        zc_cur c = {s, len, pos, false};
        int r = zc_parsers[i](&c, st->opts, &tmp);
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
        break; /* the first parser that recognises the start decides */
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
            if (cp >= 0x3100 && !zc_cjk_can_start(cp)) {
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
        bool candidate = alnum ? !st.prev_alnum : zc_can_start(cp) && zc_may_start(s, len, pos + adv, cp);
        if (candidate) {
            int r = zc_id_try_start(&st, cp, alnum);
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

/* [perf, issue 6] Bytes of the character `cp` at byte `pos`, as zc_utf8_at decoded it: U+FFFD is either the
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
        if (cp - 0x3100u < 0xD000u - 0x3100u && !zc_cjk_can_start(cp)) {
            prev_alnum = false;
            pos += 3;
            i++;
            continue;
        }
        size_t adv;
        bool alnum;
        if (cp < 0x80) { /* ASCII: zc_fold is a-z → A-Z; of the others only ( and [ can start a token */
            cp -= cp - 'a' < 26u ? 32u : 0u;
            alnum = cp - '0' < 10u || cp - 'A' < 26u;
            if (!alnum && cp != '(' && cp != '[') {
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
        bool candidate = alnum ? !prev_alnum : zc_can_start(cp) && zc_may_start_cps(cps, n_cps, i, cp);
        if (candidate && alnum && cp != 'S' && cp != 'J' && cp != 'Y' && cp != 'Q' && cp != 'I' && cp != 'A' &&
            cp != 'B') {
            /* [perf, issue 6] a run of letters and digits that only p_alnum may take (zc_parser_may): it takes
             * runs of 8, 9 and 14-20 characters only */
            size_t r = 1;
            while (r <= 20 && i + r < n_cps && zc_is_alnum(zc_fold(cps[i + r])))
                r++;
            candidate = r >= 8 && r <= 20;
        }
        if (candidate) {
            st.pos = pos;
            st.cp_index = i;
            st.prev_alnum = prev_alnum;
            int r = zc_id_try_start(&st, cp, alnum);
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
