/* Checkers of the internet filings and licences (identifier_kinds.h): ICP备 / ICP证, 电信业务经营许可证, 公网安备,
 * 网络文化经营许可证, 出版物经营许可证 and 互联网药品信息服务资格证书. */
#include "identifier_int.h"

/* [P]?ICP备 / ICP证 / 公网安备 / 网文: the spec is the prefix after the province. */
int zc_id_check_net(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    char d[24];
    size_t n;
    unsigned p = h->prov;
    uint32_t abbr = h->abbr;
    const char *lit = h->spec;
    zc_id_kind kind = h->kind;
    if (kind == ZC_ID_NETWORK_CULTURE) {
        zc_id_begin(out, ZC_ID_NETWORK_CULTURE);
        if (p)
            zc_id_province(out, p, abbr, "文化和旅游主管部门");
        else
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“网文”前缺少省级简称（如 浙网文〔2016〕0268-027号）");
        bool open = zc_cur_open(c);
        n = zc_cur_digits(c, d, sizeof d);
        bool close = zc_cur_close(c);
        if (!open || !close || n != 4) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“网文”后应为括号内的 4 位年号，如 浙网文〔2016〕0268-027号");
            return 2;
        }
        zc_id_year(out, o, zc_num(d, 4), 2003, "发证");
        n = zc_cur_digits(c, d, sizeof d);
        if (n < 3 || n > 5 || !zc_cur_eat(c, '-')) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "年号后应为“3–5 位数字-3–4 位数字号”，如 0268-027号");
            return 2;
        }
        zc_id_add_part(out, "number", "%s", d);
        n = zc_cur_digits(c, d, sizeof d);
        if (n < 3 || n > 4) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“-”后应为 3–4 位数字，实为 %zu 位", n);
            return 2;
        }
        zc_id_add_part(out, "sub_number", "%s", d);
        if (!zc_cur_lit(c, "号"))
            zc_id_note(out, ZC_ID_SEV_INFO, "编号通常以“号”结尾");
        return 2;
    }
    int which = kind == ZC_ID_ICP_FILING ? 1 : kind == ZC_ID_ICP_LICENCE ? 2 : 3;
    zc_id_begin(out, kind);
    if (p)
        zc_id_province(out, p, abbr, which == 3 ? "公安机关" : "通信管理局");
    else
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s”前缺少省级简称（如 京%s…）", lit, lit);
    if (which == 3)
        zc_cur_skip_spaces(c);
    n = zc_cur_digits(c, d, sizeof d);
    if (which == 1 && (n < 6 || n > 10)) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“ICP备”后应为 6–10 位数字，实为 %zu 位", n);
        return 2;
    }
    if (which == 2 && !zc_id_want_digits(out, n, 6, "ICP证"))
        return 2;
    if (which == 3 && !zc_id_want_digits(out, n, 14, "公网安备"))
        return 2;
    zc_id_add_part(out, "number", "%s", d);
    if (which == 1 && n >= 8 && zc_num(d, 4) >= 2000 && zc_num(d, 4) <= 2099)
        zc_id_year(out, o, zc_num(d, 4), 2000, "备案");
    if (which == 3) {
        unsigned code = zc_num(d, 6);
        int r = zc_id_division_named(out, code, false);
        if (!r)
            zc_id_fail(out, ZC_ID_SEV_WARNING, "前 6 位应为公安机关所在地行政区划码，%06u 不存在", code);
        if (r && p && code / 10000 != p)
            zc_id_fail(out, ZC_ID_SEV_WARNING, "前 6 位区划码 %06u 的省份与简称不一致", code);
    }
    bool hao = zc_cur_lit(c, "号");
    if (zc_cur_eat(c, '-')) {
        size_t m = zc_cur_digits(c, d, sizeof d);
        if (m == 0 || m > 4)
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“-”后应为网站序号（1–4 位数字）");
        else
            zc_id_add_part(out, "site", "%s", d);
        if (!hao)
            hao = zc_cur_lit(c, "号");
    }
    if (!hao)
        zc_id_note(out, ZC_ID_SEV_INFO, "编号通常以“号”结尾，如 %s%s%s号", which == 3 ? "浙" : "京", lit,
                   which == 3 ? "33010602011771" : "12345678");
    return 2;
}

/* 电信业务经营许可证: [P]?[AB]\d(\.[AB]\d)*-\d{8}(-\d+)?, the cursor after the province. */
int zc_id_check_telecom(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    unsigned p = h->prov;
    uint32_t abbr = h->abbr;
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
    if (!cl || !zc_cur_eat(c, '-') || !zc_is_digit(zc_cur_peek(c)))
        return 0;
    zc_id_begin(out, ZC_ID_TELECOM_LICENCE);
    zc_id_add_part(out, "categories", "%s", cats);
    if (p) {
        zc_id_province(out, p, abbr, "通信管理局");
    } else {
        zc_id_desc(out, "工业和信息化部（跨地区）");
    }
    bool value_added = strchr(cats, 'B') != NULL, basic = strchr(cats, 'A') != NULL;
    zc_id_desc(out, basic && value_added ? "基础电信与增值电信业务" : basic ? "基础电信业务" : "增值电信业务");
    char d[24];
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n != 8) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s-”后应为 8 位数字（年份 4 + 顺序号 4），实为 %zu 位", cats, n);
        return p && n >= 6 ? 2 : 1;
    }
    unsigned year = zc_num(d, 4);
    zc_id_year(out, o, year, 1994, "发证");
    zc_id_add_part(out, "number", "%s", d);
    if (zc_cur_eat(c, '-')) {
        size_t m = zc_cur_digits(c, d, sizeof d);
        if (m == 0 || m > 4)
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“-”后应为 1–4 位序号");
        else
            zc_id_add_part(out, "site", "%s", d);
    }
    return p || (year >= 1994 && year <= 2099) ? 2 : 1; /* a bare A4-12345678 may be a model number */
}

/* 出版物经营许可证: 新出发[P][市]?(批|零)字第[A-Z汉字]*\d+号, the cursor after 新出发. */
int zc_id_check_publication(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    (void)o, (void)h;
    zc_id_begin(out, ZC_ID_PUBLICATION);
    uint32_t abbr = 0;
    unsigned p = zc_cur_prov(c, &abbr);
    if (!p) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“新出发”后应为省级简称，如 新出发京零字第海180213号");
        return 2;
    }
    zc_id_province(out, p, abbr, NULL);
    uint32_t k = zc_cur_next(c);
    if (k != 0x6279 /* 批 */ && k != 0x96F6 /* 零 */) {
        char a[5] = {0};
        zc_utf8_put(k, a);
        if (zc_is_cjk(k))
            zc_id_add_part(out, "city", "%s", a);
        k = zc_cur_next(c);
    }
    if (k != 0x6279 && k != 0x96F6) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "简称后应为“批字”（批发）或“零字”（零售）");
        return 2;
    }
    zc_id_add_part(out, "business", "%s", k == 0x6279 ? "批发" : "零售");
    zc_id_desc(out, k == 0x6279 ? "批发" : "零售");
    if (!zc_cur_lit(c, "字第")) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "应为“…字第…号”");
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
        zc_id_add_part(out, "prefix", "%s", pre);
    char d[24];
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n == 0 || n > 10) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“第”后应为顺序号数字");
        return 2;
    }
    zc_id_add_part(out, "number", "%s", d);
    if (!zc_cur_lit(c, "号"))
        zc_id_fail(out, ZC_ID_SEV_ERROR, "编号应以“号”结尾");
    return 2;
}

/* 互联网药品信息服务资格证书: （[P]）-(经营性|非经营性)-YYYY-NNNN, the cursor after the province (and its bracket). */
int zc_id_check_drug_info(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    bool open = h->open;
    unsigned p = h->prov;
    uint32_t abbr = h->abbr;
    zc_cur_eat(c, '-');
    int which = zc_cur_lit(c, "经营性") ? 1 : zc_cur_lit(c, "非经营性") ? 2 : 0;
    if (!which)
        return 0;
    zc_id_begin(out, ZC_ID_DRUG_INFO);
    zc_id_province(out, p, abbr, "药品监督管理部门");
    zc_id_add_part(out, "service", "%s", which == 1 ? "经营性" : "非经营性");
    zc_id_desc(out, which == 1 ? "经营性" : "非经营性");
    if (!open)
        zc_id_note(out, ZC_ID_SEV_INFO, "省级简称通常写在括号内，如 （浙）-经营性-2018-0002");
    char d[24];
    size_t n;
    if (!zc_cur_eat(c, '-') || (n = zc_cur_digits(c, d, sizeof d)) != 4) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "应为“-4 位年份-4 位顺序号”，如 （浙）-经营性-2018-0002");
        return 2;
    }
    unsigned year = zc_num(d, 4);
    zc_id_year(out, o, year, 2001, "发证");
    if (o && o->current_year > 0 && year + 5 <= (unsigned)o->current_year && year <= (unsigned)o->current_year)
        zc_id_note(out, ZC_ID_SEV_INFO, "证书有效期 5 年，%u 年核发的证书应已换发，请核实有效期", year);
    if (!zc_cur_eat(c, '-') || (n = zc_cur_digits(c, d, sizeof d)) < 3 || n > 5) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "年份后应为“-4 位顺序号”");
        return 2;
    }
    zc_id_add_part(out, "sequence", "%s", d);
    return 2;
}
