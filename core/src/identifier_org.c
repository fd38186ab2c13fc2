/* Checkers of the business registration codes (identifier_kinds.h): 统一社会信用代码 (GB 32100-2015), the 15-digit
 * 营业执照注册号 and the 组织机构代码 (GB 11714), all read from a bare run of letters and digits; and the check
 * characters that licence.c also uses. */
#include "identifier_int.h"

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
    zc_id_add_part(out, "registration_authority", "%c", auth);
    if (an) {
        zc_id_add_part(out, "registration_authority_name", "%s", an);
        zc_id_desc(out, an);
    } else {
        char d[64];
        snprintf(d, sizeof d, "登记管理部门代码 %c", auth);
        zc_id_desc(out, d);
        zc_id_note(out, ZC_ID_SEV_INFO,
                   "登记管理部门代码 %c 不在核心代码（1 机构编制、5 民政、9 市场监管、Y 其他）中，含义以登记机关为准",
                   auth);
    }
    zc_id_add_part(out, "entity_type", "%c", type);
    if (tn) {
        zc_id_add_part(out, "entity_type_name", "%s", tn);
        zc_id_desc(out, tn);
    } else if (types) {
        zc_id_note(out, ZC_ID_SEV_WARNING, "机构类别代码 %c 在登记管理部门代码 %c 下未定义（应为 %s）", type, auth,
                   types);
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
                zc_id_fail(out, ZC_ID_SEV_ERROR, "第 %d 位应为数字（第 3–8 位是行政区划码），实为“%c”%s", i + 1, s[i],
                           zc_uscc_confusable(s[i]));
            else
                zc_id_fail(out, ZC_ID_SEV_ERROR, "第 %d 位“%c”不在统一社会信用代码字符集中（不含 I、O、S、V、Z）%s",
                           i + 1, s[i], zc_uscc_confusable(s[i]));
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
            zc_id_add_part(out, "division_code", "100000");
            zc_id_add_part(out, "division_name", "国家级");
            zc_id_desc(out, "国家级登记机关");
        } else {
            zc_id_division(out, code, "登记管理机关行政区划码", ZC_ID_SEV_WARNING, false);
        }
    }
    zc_id_add_part(out, "subject_code", "%.8s-%c", s + 8, s[16]);
    zc_id_add_part(out, "check_char", "%c", s[17]);
    if (!chars_ok)
        return;
    char want = zc_id_uscc_check_char(s);
    if (want != s[17])
        zc_id_fail(out, ZC_ID_SEV_WARNING, "校验码应为 %c，实为 %c：代码有误或系伪造，请到国家企业信用信息公示系统核实",
                   want, s[17]);
    char org = zc_id_org_check_char(s + 8);
    if (org != s[16])
        zc_id_fail(out, ZC_ID_SEV_WARNING, "第 9–17 位主体标识码（组织机构代码）的校验位应为 %c，实为 %c", org, s[16]);
    if (!out->valid && zc_looks_like_id_card(s))
        zc_id_note(out, ZC_ID_SEV_INFO, "该号码形似居民身份证号码，而不是统一社会信用代码");
}

static void zc_regno(zc_id_info *out, const char *s)
{
    unsigned code = zc_num(s, 6);
    if (code == 100000) {
        zc_id_add_part(out, "division_code", "100000");
        zc_id_add_part(out, "division_name", "国家级");
        zc_id_desc(out, "国家级登记机关");
    } else if (!zc_id_division_named(out, code, false)) {
        zc_id_note(out, ZC_ID_SEV_INFO, "前 6 位登记机关代码 %06u 不在行政区划表中", code);
    }
    zc_id_add_part(out, "sequence", "%.8s", s + 6);
    zc_id_add_part(out, "check_digit", "%c", s[14]);
    char want = zc_iso7064_mod11_10(s, 14);
    if (want != s[14])
        zc_id_fail(out, ZC_ID_SEV_WARNING, "校验位应为 %c，实为 %c（ISO 7064 MOD 11,10）", want, s[14]);
    zc_id_note(out, ZC_ID_SEV_INFO, "旧版 15 位注册号（2015 年“三证合一”前），建议公示 18 位统一社会信用代码");
}

static void zc_orgcode(zc_id_info *out, const char *body, char check)
{
    zc_id_add_part(out, "body", "%.8s", body);
    zc_id_add_part(out, "check_char", "%c", check);
    char want = zc_id_org_check_char(body);
    if (!want)
        zc_id_fail(out, ZC_ID_SEV_ERROR, "本体代码应为 8 位数字或大写字母");
    else if (want != check)
        zc_id_fail(out, ZC_ID_SEV_WARNING, "校验位应为 %c，实为 %c（GB 11714）", want, check);
    zc_id_note(out, ZC_ID_SEV_INFO, "组织机构代码已并入统一社会信用代码（第 9–17 位），建议公示统一社会信用代码");
}

/* The bare run "@": a USCC (18 characters, or 16–20 when it is one off), a 注册号 (15 digits, or 14 and 16), a
 * 组织机构代码 (8 + check, with or without the dash); the run lengths in identifier_kinds.h are these. */
int zc_id_check_bare(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    (void)h;
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
        zc_id_begin(out, ZC_ID_USCC);
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
        zc_id_begin(out, ZC_ID_REGISTRATION_NUMBER);
        zc_regno(out, buf);
        return 1;
    }
    if (n == 8) { /* XXXXXXXX-Y */
        size_t save = c->pos;
        if (zc_cur_eat(c, '-')) {
            uint32_t ck = zc_cur_next(c);
            if (zc_is_alnum(ck) && !zc_is_alnum(zc_cur_peek(c))) {
                zc_id_begin(out, ZC_ID_ORGANIZATION_CODE);
                zc_orgcode(out, buf, (char)ck);
                return 1;
            }
        }
        c->pos = save;
    }
    if (n == 9 && (zc_is_digit((uint32_t)buf[8]) || buf[8] == 'X')) {
        zc_id_begin(out, ZC_ID_ORGANIZATION_CODE);
        zc_orgcode(out, buf, buf[8]);
        return 1;
    }
    if ((n == 17 || n == 19 || n == 20 || n == 16) && zc_cs31_val(buf[0]) >= 0 && !digits_only) {
        zc_id_begin(out, ZC_ID_USCC);
        zc_id_fail(out, ZC_ID_SEV_ERROR, "统一社会信用代码应为 18 位，实为 %zu 位", n);
        return 1;
    }
    if ((n == 17 || n == 19) && digits_only) {
        zc_id_begin(out, ZC_ID_USCC);
        zc_id_fail(out, ZC_ID_SEV_ERROR, "统一社会信用代码应为 18 位，实为 %zu 位", n);
        return 1;
    }
    if ((n == 14 || n == 16) && digits_only) {
        zc_id_begin(out, ZC_ID_REGISTRATION_NUMBER);
        zc_id_fail(out, ZC_ID_SEV_ERROR, "注册号应为 15 位数字，实为 %zu 位", n);
        return 1;
    }
    c->pos = start;
    return 0;
}
