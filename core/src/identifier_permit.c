/* Checkers of the permits and approvals (identifier_kinds.h): food production and business licences and filings,
 * health food, drug approvals, medical devices and cosmetics; and zc_id_check_number, the checker of kinds whose
 * body is described by their spec alone. */
#include "identifier_int.h"

/* ------------------------------------------------------------------------------------------------ */
/* Food: SC, JY, YB, QS, SP                                                                            */

/* JY / YB: 1 业态 digit + 6 area digits + 6 sequence + 1 check. */
static void zc_food_business(zc_id_info *out, const char *d, bool filing)
{
    const char *form = NULL;
    if (filing)
        form = d[0] == '1' ? "批发" : d[0] == '2' ? "零售" : NULL;
    else
        form = d[0] == '1' ? "食品销售" : d[0] == '2' ? "餐饮服务" : d[0] == '3' ? "单位食堂" : NULL;
    zc_id_add_part(out, "business_form", "%c", d[0]);
    if (form) {
        zc_id_add_part(out, "business_form_name", "%s", form);
        zc_id_desc(out, form);
    } else {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "主体业态代码应为 %s，实为 %c", filing ? "1（批发）或 2（零售）" : "1–3",
                   d[0]);
    }
    zc_id_division(out, zc_num(d + 1, 6), "区划码", ZC_ID_SEV_ERROR, true);
    zc_id_add_part(out, "sequence", "%.6s", d + 7);
    zc_id_add_part(out, "check_digit", "%c", d[13]);
}

/* SC, JY, YB, QS, SP: two letters and digits (the spec is the letters). */
int zc_id_check_food(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    (void)o;
    zc_id_kind kind = h->kind;
    char d[24];
    size_t n;
    if (kind == ZC_ID_FOOD_PRODUCTION) {
        zc_id_begin(out, ZC_ID_FOOD_PRODUCTION);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_id_want_digits(out, n, 14, "SC"))
            return n >= 8 ? 2 : 1;
        zc_id_add_part(out, "food_category", "%.3s", d);
        if (d[0] == '1')
            zc_id_desc(out, "食品");
        else if (d[0] == '2')
            zc_id_desc(out, "食品添加剂");
        else
            zc_id_fail(out, ZC_ID_SEV_ERROR, "食品类别码首位应为 1（食品）或 2（食品添加剂），实为 %c", d[0]);
        zc_id_division(out, zc_num(d + 3, 6), "区划码", ZC_ID_SEV_ERROR, true);
        zc_id_add_part(out, "sequence", "%.4s", d + 9);
        zc_id_add_part(out, "check_digit", "%c", d[13]);
        return 2;
    }
    if (kind == ZC_ID_FOOD_BUSINESS) {
        zc_id_begin(out, ZC_ID_FOOD_BUSINESS);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_id_want_digits(out, n, 14, "JY"))
            return n >= 8 ? 2 : 1;
        zc_food_business(out, d, false);
        return 2;
    }
    if (kind == ZC_ID_FOOD_BUSINESS_FILING) {
        zc_id_begin(out, ZC_ID_FOOD_BUSINESS_FILING);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_id_want_digits(out, n, 14, "YB"))
            return n >= 8 ? 2 : 1;
        zc_food_business(out, d, true);
        zc_id_note(out, ZC_ID_SEV_INFO, "YB 备案编号的编码规则未见官方公开说明，仅按已知格式（YB + 14 位数字）核对");
        return 2;
    }
    if (kind == ZC_ID_FOOD_QS) {
        zc_id_begin(out, ZC_ID_FOOD_QS);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_id_want_digits(out, n, 12, "QS"))
            return n >= 8 ? 2 : 1;
        zc_id_add_part(out, "number", "%s", d);
        zc_id_fail(out, ZC_ID_SEV_WARNING,
                   "QS 编号是 2015 年 10 月 1 日前的食品生产许可编号，现行为 SC 食品生产许可证编号，请核实并更新");
        return 2;
    }
    if (kind == ZC_ID_FOOD_CIRCULATION) {
        zc_id_begin(out, ZC_ID_FOOD_CIRCULATION);
        n = zc_cur_digits(c, d, sizeof d);
        if (!zc_id_want_digits(out, n, 16, "SP"))
            return n >= 8 ? 2 : 1;
        zc_id_division_named(out, zc_num(d, 6), false);
        zc_id_fail(out, ZC_ID_SEV_WARNING,
                   "食品流通许可证（SP）已于 2015 年 10 月 1 日起由食品经营许可证（JY）取代，请更新为 JY 编号");
        return 2;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* 保健食品, 药品, 原卫生部批准文号                                                                     */

/* 国食健注 / 国食健字 (registration) and 食健备 (filing): G or J, then digits (the spec is the prefix). */
int zc_id_check_health_food(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    const char *lit = h->spec;
    int which = strcmp(lit, "国食健注") == 0 ? 1 : strcmp(lit, "国食健字") == 0 ? 2 : 3;
    char d[24];
    size_t n;
    zc_id_begin(out, h->kind);
    uint32_t origin = zc_cur_peek(c);
    if (origin != 'G' && origin != 'J') {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为 G（国产）或 J（进口）", lit);
        return 2;
    }
    zc_cur_next(c);
    zc_id_add_part(out, "origin", "%s", origin == 'G' ? "国产" : "进口");
    zc_id_desc(out, origin == 'G' ? "国产" : "进口");
    n = zc_cur_digits(c, d, sizeof d);
    char after[32];
    snprintf(after, sizeof after, "%s%c", lit, (char)origin);
    if (!zc_id_want_digits(out, n, which == 3 ? 12 : 8, after))
        return 2;
    unsigned year = zc_num(d, 4);
    if (which == 1) {
        zc_id_year(out, o, year, 2016, "注册");
        zc_id_add_part(out, "sequence", "%.4s", d + 4);
    } else if (which == 2) {
        zc_id_add_part(out, "year", "%u", year);
        zc_id_add_part(out, "sequence", "%.4s", d + 4);
        if (year < 2003 || year > 2016)
            zc_id_fail(out, ZC_ID_SEV_WARNING, "“国食健字”批准文号用于 2003–2016 年，年份 %u 不合理", year);
        zc_id_note(out, ZC_ID_SEV_INFO, "旧版批准文号（2003–2016 年核发），请核实是否仍在有效期内或已换发新注册号");
    } else {
        zc_id_year(out, o, year, 2016, "备案");
        unsigned p = zc_num(d + 4, 2);
        if (origin == 'J') {
            if (p != 0)
                zc_id_fail(out, ZC_ID_SEV_ERROR, "进口保健食品备案号第 5–6 位应为 00，实为 %02u", p);
        } else {
            const char *name = p <= 65 ? zc_id_prov_name(p) : NULL;
            zc_id_add_part(out, "province_code", "%02u", p);
            if (name) {
                zc_id_region(out, name);
                zc_id_desc(out, name);
            } else {
                zc_id_fail(out, ZC_ID_SEV_ERROR, "第 5–6 位应为省级区划码，%02u 不存在", p);
            }
        }
        zc_id_add_part(out, "sequence", "%.6s", d + 6);
    }
    return 2;
}

/* Old-style approval of the former 卫生部: [(（]YYYY[)）]第N号, as in 卫食健字(2000)第0123号 (health food, until
 * 2003) or 卫妆特字(2005)第0123号 (cosmetics, until 2009); the spec is the prefix the messages name. */
int zc_id_check_old_approval(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    const char *prefix = h->spec;
    bool health = h->kind == ZC_ID_HEALTH_FOOD_REGISTRATION;
    unsigned max_year = health ? 2003 : 2009;
    zc_id_begin(out, h->kind);
    char d[16];
    bool open = zc_cur_open(c);
    size_t n = zc_cur_digits(c, d, sizeof d);
    bool close = zc_cur_close(c);
    if (n != 4 || open != close) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为带括号的 4 位年号，如 %s(2001)第0123号", prefix, prefix);
    } else {
        zc_id_year(out, o, zc_num(d, 4), 1985, "");
        if (zc_num(d, 4) > max_year)
            zc_id_fail(out, ZC_ID_SEV_WARNING, "“%s”格式只用到 %u 年，年号 %s 不合理", prefix, max_year, d);
        if (!zc_cur_lit(c, "第")) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "年号后应为“第…号”");
        } else {
            n = zc_cur_digits(c, d, sizeof d);
            if (n < 3 || n > 6) {
                zc_id_fail(out, ZC_ID_SEV_ERROR, "“第”后应为 3–6 位顺序号，实为 %zu 位", n);
            } else {
                zc_id_add_part(out, "sequence", "%s", d);
                if (!zc_cur_lit(c, "号"))
                    zc_id_fail(out, ZC_ID_SEV_ERROR, "编号应以“号”结尾");
            }
        }
    }
    if (health)
        zc_id_note(out, ZC_ID_SEV_INFO, "原卫生部 1996–2003 年核发的旧批准文号，请核实是否已换发国家药监部门的注册号");
    else
        zc_id_fail(out, ZC_ID_SEV_WARNING,
                   "原卫生部核发的旧批准文号（2008 年前），批件早已到期，现行特殊化妆品应为“国妆特字/国妆特进字”编号");
    return 2;
}

/* 国药准字 / 国药试字 + category letter (+ origin) + 8 digits (the spec is the prefix). */
int zc_id_check_drug(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    (void)o;
    bool trial = strcmp(h->spec, "国药试字") == 0;
    zc_id_begin(out, ZC_ID_DRUG_APPROVAL);
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
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为类别字母 H（化学药品）、Z（中药）、S（生物制品）或 J",
                   trial ? "国药试字" : "国药准字");
        return 2;
    }
    zc_cur_next(c);
    zc_id_add_part(out, "category", "%c", (char)cat);
    zc_id_add_part(out, "category_name", "%s", cn);
    zc_id_desc(out, cn);
    uint32_t origin = zc_cur_peek(c);
    if ((origin == 'C' || origin == 'J') && (cat == 'H' || cat == 'Z' || cat == 'S')) {
        zc_cur_next(c);
        zc_id_add_part(out, "origin", "%s", origin == 'C' ? "港澳台" : "境外生产");
        zc_id_desc(out, origin == 'C' ? "港澳台" : "境外生产");
    }
    char d[24];
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n != 8) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "类别字母后应为 8 位数字，实为 %zu 位", n);
        return 2;
    }
    zc_id_add_part(out, "number", "%s", d);
    if (cat == 'B' || cat == 'T' || cat == 'F')
        zc_id_note(out, ZC_ID_SEV_INFO, "类别字母 %c 为旧版分类，现已不再使用，请核实批准文号是否仍然有效", (char)cat);
    if (trial)
        zc_id_note(out, ZC_ID_SEV_INFO, "“国药试字”是原试生产批准文号，试生产制度已取消，请核实是否已转为正式文号");
    return 2;
}

/* ------------------------------------------------------------------------------------------------ */
/* 医疗器械                                                                                            */

/* 国/[P] + 食药监械(准)字YYYY第NNNNNNN号: the registration numbers before 2014. */
static int zc_device_legacy(zc_cur *c, const zc_id_options *o, zc_id_info *out, unsigned p, uint32_t abbr)
{
    char d[24];
    size_t n;
    zc_id_begin(out, ZC_ID_DEVICE_REGISTRATION);
    if (p)
        zc_id_province(out, p, abbr, "药品监督管理部门");
    else
        zc_id_desc(out, "国家药品监督管理部门");
    bool open = zc_cur_open(c);
    uint32_t t = zc_cur_next(c);
    bool close = zc_cur_close(c);
    if ((t != 0x51C6 /* 准 */ && t != 0x8FDB /* 进 */ && t != 0x8BB8 /* 许 */) || open != close) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“食药监械”后应为 准、进 或 许");
        return 2;
    }
    if (!zc_cur_lit(c, "字")) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "旧版注册证编号格式应为 …械(准)字YYYY第NNNNNNN号");
        return 2;
    }
    n = zc_cur_digits(c, d, sizeof d);
    if (n != 4) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“字”后应为 4 位年号，实为 %zu 位", n);
        return 2;
    }
    zc_id_year(out, o, zc_num(d, 4), 1996, "");
    if (!zc_cur_lit(c, "第")) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "年号后应为“第…号”");
        return 2;
    }
    n = zc_cur_digits(c, d, sizeof d);
    if (n != 7) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“第”后应为 7 位数字，实为 %zu 位", n);
        return 2;
    }
    zc_id_add_part(out, "number", "%s", d);
    if (!zc_cur_lit(c, "号"))
        zc_id_fail(out, ZC_ID_SEV_ERROR, "编号应以“号”结尾");
    zc_id_note(out, ZC_ID_SEV_INFO, "2014 年前的旧版注册证编号，注册证有效期 5 年，请核实是否已延续注册并换发新编号");
    return 2;
}

/* 备案: 国械备YYYYNNNN, 苏宁械备20150001号 (province + optional city abbreviation). */
static int zc_device_filing(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    char d[24];
    zc_id_begin(out, ZC_ID_DEVICE_FILING);
    if (h->prov) {
        zc_id_province(out, h->prov, h->abbr, NULL);
        zc_id_desc(out, "境内第一类");
        if (h->city) {
            char a[5] = {0};
            zc_utf8_put(h->city, a);
            zc_id_add_part(out, "city", "%s", a);
        }
    } else {
        zc_id_desc(out, "进口第一类");
    }
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n < 8 || n > 12) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“械备”后应为 4 位年号加顺序号（共 8 位以上），实为 %zu 位", n);
        return 2;
    }
    zc_id_year(out, o, zc_num(d, 4), 2014, "备案");
    zc_id_add_part(out, "sequence", "%s", d + 4);
    zc_cur_lit(c, "号");
    return 2;
}

/* 注册: 国械注准YYYY3NNNNNN, 粤械注准YYYY2NNNNNN. */
static int zc_device_registration(zc_cur *c, const zc_id_options *o, zc_id_info *out, unsigned p, uint32_t abbr)
{
    char d[24];
    zc_id_begin(out, ZC_ID_DEVICE_REGISTRATION);
    uint32_t t = zc_cur_peek(c);
    const char *tn = t == 0x51C6 ? "境内" : t == 0x8FDB ? "进口" : t == 0x8BB8 ? "港澳台" : NULL;
    if (!tn) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“械注”后应为 准（境内）、进（进口）或 许（港澳台）");
        return 2;
    }
    zc_cur_next(c);
    zc_id_add_part(out, "origin", "%s", tn);
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n != 11) {
        zc_id_fail(out, ZC_ID_SEV_ERROR,
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
    zc_id_desc(out, desc);
    if (p)
        zc_id_province(out, p, abbr, "药品监督管理部门");
    else
        zc_id_desc(out, "国家药品监督管理局");
    zc_id_year(out, o, zc_num(d, 4), 2000, "首次注册");
    zc_id_add_part(out, "class", "%c", cls);
    zc_id_add_part(out, "classification_code", "%.2s", d + 5);
    zc_id_add_part(out, "sequence", "%.4s", d + 7);
    if (cls != '2' && cls != '3')
        zc_id_fail(out, ZC_ID_SEV_ERROR, "管理类别应为 2 或 3（第一类医疗器械实行备案，不发注册证），实为 %c", cls);
    else if (p && (t != 0x51C6 || cls != '2'))
        zc_id_fail(out, ZC_ID_SEV_ERROR, "省级药监部门只注册境内第二类医疗器械，编号应为“%s械注准YYYY2…”", "省简称");
    else if (!p && t == 0x51C6 && cls == '2')
        zc_id_fail(out, ZC_ID_SEV_ERROR, "境内第二类医疗器械由省级药监部门注册，“国械注准”应为第三类");
    zc_cur_lit(c, "号");
    return 2;
}

/* The spec says which: colloquial (械字号), legacy, filing or registration. */
int zc_id_check_device(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    const char *which = h->spec;
    if (strcmp(which, "colloquial") == 0) {
        zc_id_begin(out, ZC_ID_DEVICE_REGISTRATION);
        zc_id_fail(out, ZC_ID_SEV_WARNING, "“械字号”是俗称，不是编号；应标注完整的医疗器械注册证编号或备案编号");
        return 1;
    }
    if (strcmp(which, "legacy") == 0)
        return zc_device_legacy(c, o, out, h->prov, h->abbr);
    if (strcmp(which, "filing") == 0)
        return zc_device_filing(c, o, out, h);
    return zc_device_registration(c, o, out, h->prov, h->abbr);
}

/* ------------------------------------------------------------------------------------------------ */
/* 化妆品                                                                                              */

/* 国妆特字G / 国妆特进字J / 国妆特制字 + YYYYNNNN: the spec is the origin (国产, 进口, 港澳台). */
static int zc_cosmetic_registration(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    const char *origin = h->spec;
    char lit[32];
    zc_id_anchor_literal(h->anchor, lit, sizeof lit);
    uint32_t want = strcmp(origin, "国产") == 0 ? 'G' : strcmp(origin, "进口") == 0 ? 'J' : 0;
    char d[24];
    zc_id_begin(out, ZC_ID_COSMETIC_REGISTRATION);
    uint32_t l = zc_cur_peek(c);
    zc_id_desc(out, origin);
    if (zc_is_upper(l))
        zc_cur_next(c);
    if (want && l != want) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为字母 %c", lit, (char)want);
        return 2;
    }
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (n != 8) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“%s”后应为 8 位数字（年份 4 + 顺序号 4），实为 %zu 位", lit, n);
        return 2;
    }
    zc_id_year(out, o, zc_num(d, 4), 2008, "");
    zc_id_add_part(out, "sequence", "%.4s", d + 4);
    if (!want)
        zc_id_note(out, ZC_ID_SEV_INFO, "港澳台特殊化妆品编号格式未经官方来源确认，仅按常见格式核对");
    return 2;
}

/* The spec says which: 国产/进口/港澳台 (registration), import (国妆网备进字（京）…), import-legacy (国妆备进字J…),
 * domestic ([P]G妆网备字…) or production ([P]妆YYYYNNNN). */
int zc_id_check_cosmetic(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    const char *which = h->spec;
    char d[24];
    size_t n;
    if (h->kind == ZC_ID_COSMETIC_REGISTRATION)
        return zc_cosmetic_registration(c, o, out, h);
    if (strcmp(which, "import") == 0) {
        zc_id_begin(out, ZC_ID_COSMETIC_FILING);
        zc_id_desc(out, "进口普通化妆品");
        bool open = zc_cur_open(c);
        uint32_t abbr = 0;
        unsigned p = zc_cur_prov(c, &abbr);
        bool close = zc_cur_close(c);
        if (!p || open != close || !open) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“国妆网备进字”后应为括号内的省级简称，如 国妆网备进字（京）2021000001");
            return 2;
        }
        zc_id_province(out, p, abbr, NULL);
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 10) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "简称后应为 10 位数字（年份 4 + 顺序号 6），实为 %zu 位", n);
            return 2;
        }
        zc_id_year(out, o, zc_num(d, 4), 2021, "备案");
        zc_id_add_part(out, "sequence", "%.6s", d + 4);
        return 2;
    }
    if (strcmp(which, "import-legacy") == 0) {
        zc_id_begin(out, ZC_ID_COSMETIC_FILING);
        zc_id_desc(out, "进口非特殊用途化妆品（旧）");
        if (zc_cur_peek(c) == 'J')
            zc_cur_next(c);
        else
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“国妆备进字”后应为字母 J");
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 8) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“国妆备进字J”后应为 8 位数字，实为 %zu 位", n);
            return 2;
        }
        zc_id_year(out, o, zc_num(d, 4), 2008, "备案");
        zc_id_add_part(out, "sequence", "%.4s", d + 4);
        zc_id_note(out, ZC_ID_SEV_INFO, "2021 年前的旧版进口备案号，现行为“国妆网备进字”，请核实是否已重新备案");
        return 2;
    }
    if (strcmp(which, "domestic") == 0) {
        zc_id_begin(out, ZC_ID_COSMETIC_FILING);
        zc_id_desc(out, "国产普通化妆品");
        zc_id_province(out, h->prov, h->abbr, NULL);
        n = zc_cur_digits(c, d, sizeof d);
        if (n != 10) {
            zc_id_fail(out, ZC_ID_SEV_ERROR, "“G妆网备字”后应为 10 位数字（年份 4 + 顺序号 6），实为 %zu 位", n);
            return 2;
        }
        zc_id_year(out, o, zc_num(d, 4), 2014, "备案");
        zc_id_add_part(out, "sequence", "%.6s", d + 4);
        return 2;
    }
    zc_id_begin(out, ZC_ID_COSMETIC_PRODUCTION);
    zc_id_province(out, h->prov, h->abbr, "药品监督管理部门");
    n = zc_cur_digits(c, d, sizeof d);
    if (n != 8) {
        zc_id_fail(out, ZC_ID_SEV_ERROR, "“妆”后应为 8 位数字（年份 4 + 顺序号 4），实为 %zu 位", n);
        return 2;
    }
    zc_id_year(out, o, zc_num(d, 4), 2016, "");
    zc_id_add_part(out, "sequence", "%.4s", d + 4);
    return 2;
}

/* ------------------------------------------------------------------------------------------------ */
/* Kinds described by their spec alone                                                               */

/* The body after the anchor as the spec describes it (identifier_kinds.h): a run of digits of the spec's length,
 * a year (YYYY, not before @YYYY nor after the current year), a division code (DDDDDD), an optional final 号;
 * a province read by the anchor's [P] gives the region. */
int zc_id_check_number(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h)
{
    const char *spec = h->spec;
    size_t want = strspn(spec, "#YD");
    const char *rest = spec + want;
    bool hao = strncmp(rest, "号", strlen("号")) == 0;
    if (hao)
        rest += strlen("号");
    unsigned since = 0;
    if (*rest == '@')
        since = zc_num(rest + 1, 4);
    char lit[64]; /* the anchor as messages name it */
    zc_id_anchor_literal(h->anchor, lit, sizeof lit);

    zc_id_begin(out, h->kind);
    if (h->prov)
        zc_id_province(out, h->prov, h->abbr, NULL);
    char d[24];
    size_t n = zc_cur_digits(c, d, sizeof d);
    if (!zc_id_want_digits(out, n, want, lit))
        return 2;
    zc_id_add_part(out, "number", "%s", d);
    const char *y = strstr(spec, "YYYY"), *dv = strstr(spec, "DDDDDD");
    if (y && (size_t)(y - spec) + 4 <= want)
        zc_id_year(out, o, zc_num(d + (y - spec), 4), since, "");
    if (dv && (size_t)(dv - spec) + 6 <= want)
        zc_id_division(out, zc_num(d + (dv - spec), 6), "区划码", ZC_ID_SEV_ERROR, true);
    if (hao)
        zc_cur_lit(c, "号");
    return 2;
}
