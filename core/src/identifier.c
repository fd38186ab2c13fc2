/* Identifier validators (see identifier.h): the kinds' names, the division table, building a result, zc_id_identify
 * and the JSON writer. The checkers are in identifier_org.c, identifier_permit.c and identifier_net.c, the anchors
 * and the scan in identifier_scan.c; identifier_kinds.h declares the kinds. Formats and algorithms:
 * rules-catalogue.md section B. No global mutable state; the checkers write into the caller's zc_id_info without
 * allocating (only zc_id_json uses a scratch buffer, for the engine's one JSON string writer). */
#include "buf.h"
#include "identifier_int.h"
#include "zc_divisions.h" /* generated into build/gen by tools/gen-divisions.mjs */
#include <stdlib.h>

/* ------------------------------------------------------------------------------------------------ */
/* Kinds                                                                                              */

static const struct {
    const char *name;
    const char *label;
} zc_kinds[ZC_ID_KIND_COUNT] = {
#define ZC_ID_KIND(e, name, label) [ZC_ID_##e] = {name, label},
#include "identifier_kinds.h"
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
/* Characters and the cursor (see identifier_int.h)                                                  */

uint32_t zc_utf8_at(const unsigned char *s, size_t len, size_t pos, size_t *adv)
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

size_t zc_utf8_put(uint32_t cp, char *out)
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

bool zc_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x3000 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0xFEFF;
}

void zc_cur_skip_spaces(zc_cur *c)
{
    while (c->pos < c->len) {
        size_t adv;
        uint32_t cp = zc_utf8_at(c->s, c->len, c->pos, &adv);
        if (!zc_is_space(cp))
            break;
        c->pos += adv;
    }
}

/* The folded character at the cursor (after spaces in identify mode) and its length in bytes (0 at the end). */
static uint32_t zc_cur_at(zc_cur *c, size_t *adv)
{
    if (c->skip_space)
        zc_cur_skip_spaces(c);
    *adv = 0;
    if (c->pos >= c->len)
        return ZC_EOF;
    uint32_t cp = zc_fold(zc_utf8_at(c->s, c->len, c->pos, adv));
    return cp ? cp : 0xFFFD; /* a NUL byte is not the end */
}

uint32_t zc_cur_peek(zc_cur *c)
{
    size_t adv;
    return zc_cur_at(c, &adv);
}

uint32_t zc_cur_next(zc_cur *c)
{
    size_t adv;
    uint32_t cp = zc_cur_at(c, &adv);
    c->pos += adv;
    return cp;
}

bool zc_cur_eat(zc_cur *c, uint32_t cp)
{
    size_t save = c->pos;
    if (zc_cur_next(c) == cp)
        return true;
    c->pos = save;
    return false;
}

bool zc_cur_lit(zc_cur *c, const char *lit)
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

size_t zc_cur_digits(zc_cur *c, char *buf, size_t cap)
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

bool zc_cur_open(zc_cur *c)
{
    if (zc_is_open(zc_cur_peek(c))) {
        zc_cur_next(c);
        return true;
    }
    return false;
}

bool zc_cur_close(zc_cur *c)
{
    if (zc_is_close(zc_cur_peek(c))) {
        zc_cur_next(c);
        return true;
    }
    return false;
}

unsigned zc_cur_prov(zc_cur *c, uint32_t *cp_out)
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

const char *zc_id_prov_name(unsigned p)
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

void zc_id_begin(zc_id_info *out, zc_id_kind kind)
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

void zc_id_fail(zc_id_info *out, zc_id_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zc_vproblem(out, sev, fmt, ap);
    va_end(ap);
    out->valid = false;
}

void zc_id_note(zc_id_info *out, zc_id_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zc_vproblem(out, sev, fmt, ap);
    va_end(ap);
}

void zc_id_add_part(zc_id_info *out, const char *key, const char *fmt, ...)
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

void zc_id_desc(zc_id_info *out, const char *s)
{
    if (!s || !*s)
        return;
    zc_cat(out->description, sizeof out->description, " · ");
    zc_cat(out->description, sizeof out->description, s);
}

void zc_id_region(zc_id_info *out, const char *s)
{
    snprintf(out->region, sizeof out->region, "%s", s ? s : "");
}

int zc_id_division_named(zc_id_info *out, unsigned code, bool mainland)
{
    char name[ZC_ID_TEXT_MAX];
    int r = zc_id_division_name(code, name, sizeof name);
    if (r && mainland && code / 10000 > 65)
        r = 0;
    zc_id_add_part(out, "division_code", "%06u", code);
    if (r) {
        zc_id_add_part(out, "division_name", "%s", name);
        zc_id_region(out, name);
        zc_id_desc(out, name);
    }
    return r;
}

void zc_id_division(zc_id_info *out, unsigned code, const char *what, zc_id_severity bad_sev, bool mainland)
{
    int r = zc_id_division_named(out, code, mainland);
    if (r == 0)
        zc_id_fail(out, bad_sev, "%s %06u 的省级代码 %02u 不存在", what, code, code / 10000);
    else if (r == 1)
        zc_id_note(out, ZC_ID_SEV_INFO,
                   "%s %06u 不在现行区划表（%s 年）中，可能是已撤销或调整的旧代码，已按上级区划“%s”理解", what, code,
                   ZC_DIV_VINTAGE, out->region);
}

void zc_id_province(zc_id_info *out, unsigned p, uint32_t abbr, const char *suffix)
{
    char a[5] = {0};
    zc_utf8_put(abbr, a);
    const char *name = zc_id_prov_name(p);
    zc_id_add_part(out, "province", "%s", a);
    if (name) {
        char d[ZC_ID_TEXT_MAX];
        snprintf(d, sizeof d, "%s%s", name, suffix ? suffix : "");
        zc_id_region(out, name);
        zc_id_desc(out, d);
    }
}

void zc_id_year(zc_id_info *out, const zc_id_options *o, unsigned year, unsigned min, const char *what)
{
    zc_id_add_part(out, "year", "%u", year);
    if (year < min)
        zc_id_fail(out, ZC_ID_SEV_WARNING, "%s年份 %u 早于该格式启用的 %u 年，不合理", what, year, min);
    else if (o && o->current_year > 0 && year > (unsigned)o->current_year)
        zc_id_fail(out, ZC_ID_SEV_WARNING, "%s年份 %u 晚于当前年份 %d", what, year, o->current_year);
}

bool zc_id_want_digits(zc_id_info *out, size_t got, size_t want, const char *after)
{
    if (got == want)
        return true;
    zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为 %zu 位数字，实为 %zu 位", after, want, got);
    return false;
}

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
        zc_id_begin(out, ZC_ID_UNKNOWN);
        zc_normalise(u, start, len, out->code, sizeof out->code);
        zc_id_fail(out, ZC_ID_SEV_ERROR, "输入过长（%zu 字节），不是编号", len);
        return out->kind;
    }
    int r = zc_id_parse(&c, opts, out);
    if (!r && start < len) {
        /* "统一社会信用代码：9144…": a label around exactly one code */
        zc_id_span sp[2];
        if (zc_id_scan((const char *)u + start, len - start, opts, sp, 2) == 1) {
            zc_id_identify_ex((const char *)u + start + sp[0].byte_start, sp[0].byte_end - sp[0].byte_start, opts, out);
            zc_id_note(out, ZC_ID_SEV_INFO, "已忽略编号前后的其他文字");
            return out->kind;
        }
    }
    if (!r) {
        zc_id_begin(out, ZC_ID_UNKNOWN);
        zc_normalise(u, start, len, out->code, sizeof out->code);
        if (start >= len)
            zc_id_fail(out, ZC_ID_SEV_ERROR, "输入为空");
        else
            zc_id_fail(out, ZC_ID_SEV_ERROR,
                       "无法识别的编号格式（支持统一社会信用代码、注册号、组织机构代码及食品、药品、医疗器械、化妆品、"
                       "ICP 等许可备案编号）");
        return out->kind;
    }
    if (zc_cur_peek(&c) != ZC_EOF && out->severity < ZC_ID_SEV_ERROR) {
        char rest[64];
        zc_normalise(u, c.pos, len, rest, 40);
        zc_id_fail(out, ZC_ID_SEV_ERROR, "编号后有多余字符“%s%s”", rest, strlen(rest) >= 36 ? "…" : "");
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

/* The JSON goes through the engine's one string writer (buf.c) into a scratch buffer, then is copied out the
 * snprintf way. */
static void id_str(zc_buf *b, const char *s)
{
    zc_buf_json_str(b, s, strlen(s));
}

size_t zc_id_json(const zc_id_info *info, char *buf, size_t cap)
{
    zc_buf w = {0};
    if (!info) {
        zc_buf_puts(&w, "null");
    } else {
        zc_buf_puts(&w, "{\"code\": ");
        id_str(&w, info->code);
        zc_buf_puts(&w, ", \"kind\": ");
        id_str(&w, zc_id_kind_name(info->kind));
        zc_buf_puts(&w, ", \"kind_name\": ");
        id_str(&w, zc_id_kind_label(info->kind));
        zc_buf_puts(&w, info->valid ? ", \"valid\": true" : ", \"valid\": false");
        zc_buf_puts(&w, ", \"severity\": ");
        id_str(&w, zc_id_severity_name(info->severity));
        zc_buf_puts(&w, ", \"description\": ");
        id_str(&w, info->description);
        zc_buf_puts(&w, ", \"parts\": {");
        for (size_t i = 0; i < info->part_count && i < ZC_ID_PART_MAX; i++) {
            if (i)
                zc_buf_puts(&w, ", ");
            id_str(&w, info->parts[i].key);
            zc_buf_puts(&w, ": ");
            id_str(&w, info->parts[i].value);
        }
        zc_buf_puts(&w, "}, \"problems\": [");
        for (size_t i = 0; i < info->problem_count && i < ZC_ID_PROBLEM_MAX; i++) {
            if (i)
                zc_buf_puts(&w, ", ");
            id_str(&w, info->problems[i].message);
        }
        zc_buf_puts(&w, "], \"region\": ");
        if (info->region[0])
            id_str(&w, info->region);
        else
            zc_buf_puts(&w, "null");
        zc_buf_puts(&w, "}");
    }
    size_t len = w.failed ? 0 : w.len;
    if (cap) {
        size_t n = len < cap ? len : cap - 1;
        if (n)
            memcpy(buf, w.data, n);
        buf[n] = '\0';
    }
    free(w.data);
    return len;
}
