/* Unit tests for the licence extraction and checks (core/src/licence.c) and the QR glue's error paths
 * (core/src/qr.c). TAP output; built as build/test_licence by mk/licence.mk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "licence.h"
#include "qr.h"

#define TODAY "2026-06-01"

/* A licence as tesseract reads it (spaces between words, "。" between letter-spaced label characters),
 * already column-ordered by web/licence.js. */
static const char OCR_OK[] =
    "统一 社会 信用 代码\n"
    "91310115MA93PMK506\n"
    "名 。 称 。 上海 明 德 供应 链 管理 有 限 公司\n"
    "类 。 型 “ 有限 责任 公司 〈 自 然 人 投资 或 控股 )\n"
    "法 定 代表 人 何 丽\n"
    "经 营 范围 。 许可 项 目 : 食品 销售 ; 食品 互联 网 销售 。( 依 法\n"
    "须 经 批准 的 项 目 ， 经 相关 部 门 批准 后 方 可 开展 经\n"
    "营 活动 )\n"
    "国家 企业 信用 信息 公示 系统 网 址 : http:/wwwgsxtgovcn\n"
    "注册 资本 。 人 民 币 壹 佰 万 元 整\n"
    "成 立 日 期 2022 年 07 月 16 日\n"
    "营业 期 限 。 2022 年 07 月 16 日 至 2052 年 07 月 15 日\n"
    "住所 。 上 海 市 浦东 新 区 川 沙 路 880 号 1 楼 482 室\n"
    "登记 机 关 。 上 海 市 浦东 新 区 市 场 监督 管理 局\n"
    "2023 年 04 月 16 日\n"
    "国家 市 场 监督 管理 总 局 监制\n";

#define QR_OK "https://www.gsxt.gov.cn/corp-query-homepage.html?uniscid=91310115MA93PMK506"

static char *run(const char *ocr, const char *qr, const char *listing, const char *category, const char *today)
{
    zc_licence_input in = {ocr, ocr ? strlen(ocr) : 0, qr, qr ? strlen(qr) : 0, listing, listing ? strlen(listing) : 0,
                           category, today};
    zc_error err = {ZC_OK, ""};
    zc_licence_result *r = zc_licence_check(&in, &err);
    if (!r)
        return NULL;
    char *json = zc_licence_json(r);
    zc_licence_free(r);
    return json;
}

static int has(const char *json, const char *needle) { return json && strstr(json, needle) != NULL; }

/* Replaces the first occurrence of `from` with `to` in a copy of `s`. */
static char *subst(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    if (!p)
        return NULL;
    size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), n = strlen(s);
    char *out = malloc(n - fl + tl + 1);
    if (!out)
        return NULL;
    memcpy(out, s, a);
    memcpy(out + a, to, tl);
    memcpy(out + a + tl, p + fl, n - a - fl + 1);
    return out;
}

static void check_family(zc_tap *t, const char *ocr, const char *qr, const char *listing, const char *cat,
                         const char *family, int want, const char *desc)
{
    char *j = run(ocr, qr, listing, cat, TODAY);
    char needle[96];
    snprintf(needle, sizeof needle, "\"family\":\"%s\"", family);
    if (!zc_tap_ok(t, j && has(j, needle) == want, desc))
        printf("#   %s\n", j ? j : "(null)");
    free(j);
}

int main(void)
{
    zc_tap t = {0, 0};

    /* --- USCC checks (rules-catalogue.md B1 vectors) --- */
    const char *valid[] = {"914403001922038216", "9144030071526726XG", "91440101MA5CJQ4N59", "91350200776049653A",
                           "9135021359498494XQ", "123502001549897397", "91350200MA31E12PXF"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        char d[64];
        snprintf(d, sizeof d, "checksum ok: %s", valid[i]);
        zc_tap_ok(&t, zc_licence_uscc_checksum_ok(valid[i]) && zc_licence_uscc_orgcheck_ok(valid[i]), d);
    }
    zc_tap_ok(&t, !zc_licence_uscc_checksum_ok("9144030071526726XH"), "changed check character fails");
    zc_tap_ok(&t, !zc_licence_uscc_checksum_ok("91350203M0001QAY9B"), "catalogue's failing vector fails");
    zc_tap_ok(&t, !zc_licence_uscc_checksum_ok("91440300192203821"), "17 characters fail");
    zc_tap_ok(&t, !zc_licence_uscc_checksum_ok("9I4403001922038216"), "letter I (not in the alphabet) fails");

    char out[19];
    zc_tap_int(&t, zc_licence_uscc_normalise("9144O3OO7I5267Z6XG", 18, out), 2, "O/I/Z confusions corrected");
    zc_tap_str(&t, out, "9144030071526726XG", "… to the valid code");
    zc_tap_int(&t, zc_licence_uscc_normalise("91440300192203B216", 18, out), 2, "B/8 confusion fixed by checksum");
    zc_tap_str(&t, out, "914403001922038216", "… to the valid code");
    zc_tap_int(&t, zc_licence_uscc_normalise("9144 0300 1922 0382 16", 22, out), 1, "spaces inside the code");
    zc_tap_str(&t, out, "914403001922038216", "… read unchanged");
    zc_tap_int(&t, zc_licence_uscc_normalise("91440300ma5cjq4n59", 18, out), 1, "lower case accepted");
    zc_tap_int(&t, zc_licence_uscc_normalise("９１４４０３００７１５２６７２６ＸＧ", 54, out), 1, "full-width digits");
    zc_tap_int(&t, zc_licence_uscc_normalise("9144030071526726XG1", 19, out), 0, "19 characters: not one code");
    zc_tap_str(&t, out, "9144030071526726XG", "… folded");
    zc_tap_int(&t, zc_licence_uscc_normalise("914403001922", 12, out), 0, "too short: no code");
    zc_tap_int(&t, zc_licence_uscc_normalise("91440300192203821你", 21, out), 0, "CJK inside: no code");

    /* --- extraction --- */
    char *j = run(OCR_OK, QR_OK, NULL, NULL, TODAY);
    zc_tap_ok(&t, j != NULL, "clean licence: result");
    zc_tap_ok(&t, has(j, "\"uscc\":\"91310115MA93PMK506\""), "uscc read from the line after its label");
    zc_tap_ok(&t, has(j, "\"name\":\"上海明德供应链管理有限公司\""), "name: label with OCR noise between its letters");
    zc_tap_ok(&t, has(j, "\"type\":\"有限责任公司〈自然人投资或控股)\""), "type as read, spaces dropped");
    zc_tap_ok(&t, has(j, "\"representative\":\"何丽\""), "representative");
    zc_tap_ok(&t, has(j, "\"scope\":\"许可项目:食品销售;食品互联网销售。(依法须经批准的项目,经相关部门批准后方可开展经营活动)\""),
              "scope continues over unlabelled lines");
    zc_tap_ok(&t, has(j, "\"founded\":\"2022年07月16日\""), "founded");
    zc_tap_ok(&t, has(j, "\"term\":\"2022年07月16日至2052年07月15日\""), "term");
    zc_tap_ok(&t, has(j, "\"address\":\"上海市浦东新区川沙路880号1楼482室\""), "address");
    zc_tap_ok(&t, has(j, "\"authority\":\"上海市浦东新区市场监督管理局\""), "authority");
    zc_tap_ok(&t, has(j, "\"issued\":\"2023年04月16日\""), "issued: the date under 登记机关");
    zc_tap_ok(&t, has(j, "\"qr\":\"" QR_OK "\""), "qr payload reported");
    zc_tap_ok(&t, has(j, "\"findings\":[]"), "clean valid licence: no findings");
    free(j);

    j = run(OCR_OK, NULL, NULL, NULL, TODAY);
    zc_tap_ok(&t, has(j, "\"qr\":null") && has(j, "\"findings\":[]"), "no QR decoded: qr null, no finding");
    free(j);

    /* two-column line as tesseract may give it, and a code glued to a border mark */
    {
        const char *two = "统一社会信用代码 | 91310115MA93PMK506\n"
                          "名 称 上海明德供应链管理有限公司 注册资本 人民币壹佰万元整\n"
                          "类 型 有限责任公司 成立日期 2022年07月16日\n"
                          "营业期限 2022年07月16日至长期\n";
        j = run(two, NULL, NULL, NULL, TODAY);
        zc_tap_ok(&t, has(j, "\"uscc\":\"91310115MA93PMK506\""), "code after a '|' border mark");
        zc_tap_ok(&t, has(j, "\"name\":\"上海明德供应链管理有限公司\""), "name stops at the right column's label");
        zc_tap_ok(&t, has(j, "\"term\":\"2022年07月16日至长期\"") && has(j, "\"findings\":[]"), "至长期 never expires");
        free(j);
        const char *glued = "统一社会信用代码\n191310115MA93PMK506\n名称 上海明德供应链管理有限公司\n";
        j = run(glued, NULL, NULL, NULL, TODAY);
        zc_tap_ok(&t, has(j, "\"uscc\":\"91310115MA93PMK506\""), "stray leading 1 dropped by the checksum window");
        free(j);
    }

    /* OCR misread corrected by the QR code */
    {
        char *m = subst(OCR_OK, "91310115MA93PMK506", "91310115MA93PMK5O6");
        j = run(m, QR_OK, NULL, NULL, TODAY);
        zc_tap_ok(&t, has(j, "\"uscc\":\"91310115MA93PMK506\"") && has(j, "\"findings\":[]"), "O→0 corrected, no finding");
        free(j);
        free(m);
        m = subst(OCR_OK, "91310115MA93PMK506", "91310115MA93PMKS06");
        j = run(m, QR_OK, NULL, NULL, TODAY);
        zc_tap_ok(&t, has(j, "\"uscc\":\"91310115MA93PMK506\"") && has(j, "\"uscc_corrected\":true"),
                  "S→5 corrected and reported as corrected");
        free(j);
        free(m);
        m = subst(OCR_OK, "91310115MA93PMK506", "91310115MA93PMK5");
        j = run(m, QR_OK, NULL, NULL, TODAY);
        zc_tap_ok(&t, has(j, "\"uscc\":\"91310115MA93PMK506\""), "truncated code: the QR's code is used");
        free(j);
        free(m);
    }

    /* --- findings, one family at a time --- */
    {
        char *m = subst(OCR_OK, "91310115MA93PMK506", "91310115MA93PMK507");
        check_family(&t, m, NULL, NULL, NULL, "licence_uscc_checksum", 1, "checksum: wrong check character");
        check_family(&t, m, NULL, NULL, NULL, "licence_qr_mismatch", 0, "checksum: no QR, no mismatch");
        free(m);
        m = subst(OCR_OK, "2052 年 07 月 15 日", "2025 年 07 月 15 日");
        check_family(&t, m, QR_OK, NULL, NULL, "licence_expired", 1, "expired: term ended before today");
        free(m);
        m = subst(OCR_OK, "2052 年 07 月 15 日", "2026 年 06 月 01 日");
        check_family(&t, m, QR_OK, NULL, NULL, "licence_expired", 0, "expired: ends today is still valid");
        free(m);
        const char *other = "https://www.gsxt.gov.cn/corp-query-homepage.html?uniscid=91440101MA5CJQ4N59";
        check_family(&t, OCR_OK, other, NULL, NULL, "licence_qr_mismatch", 1, "qr mismatch: another valid code");
        const char *hosts_bad[] = {"http://www.gsxt-gov.cn.verify-licence.top/q?uniscid=91310115MA93PMK506",
                                   "https://gsxt.gov.cn.licence-check.com/91310115MA93PMK506",
                                   "http://gsxt.gov.cn@evil.example/91310115MA93PMK506",
                                   "https://evil.example/gsxt.gov.cn/91310115MA93PMK506",
                                   "https://notgsxt.gov.cn/x",
                                   "91310115MA93PMK506"};
        for (size_t i = 0; i < sizeof hosts_bad / sizeof hosts_bad[0]; i++) {
            char d[160];
            snprintf(d, sizeof d, "qr not official: %s", hosts_bad[i]);
            check_family(&t, OCR_OK, hosts_bad[i], NULL, NULL, "licence_qr_not_official", 1, d);
        }
        const char *hosts_ok[] = {"http://gsxt.gov.cn/x", "https://WWW.GSXT.GOV.CN:443/index.html",
                                  "https://sh.gsxt.gov.cn/?uniscid=91310115MA93PMK506", "https://gsxt.gov.cn."};
        for (size_t i = 0; i < sizeof hosts_ok / sizeof hosts_ok[0]; i++) {
            char d[160];
            snprintf(d, sizeof d, "qr official: %s", hosts_ok[i]);
            check_family(&t, OCR_OK, hosts_ok[i], NULL, NULL, "licence_qr_not_official", 0, d);
        }
        /* 92… = 个体工商户 printed as a company; 91… printed as 个体工商户 */
        m = subst(OCR_OK, "有限 责任 公司 〈 自 然 人 投资 或 控股 )", "个体 工商 户");
        check_family(&t, m, QR_OK, NULL, NULL, "licence_type_mismatch", 1, "type: 91 code, 个体工商户 printed");
        free(m);
        /* region: a 44 (广东) code with a 上海 address */
        m = subst(OCR_OK, "91310115MA93PMK506", "91440101MA5CJQ4N59");
        check_family(&t, m, NULL, NULL, NULL, "licence_region_mismatch", 1, "region: 广东 code, 上海 address");
        free(m);
        m = subst(OCR_OK, "上 海 市 浦东 新 区 川 沙 路", "深圳 市 南山 区 科技 园 南路");
        char *m2 = subst(m, "91310115MA93PMK506", "91440101MA5CJQ4N59");
        check_family(&t, m2, NULL, NULL, NULL, "licence_region_mismatch", 0, "region: 深圳 address, 44 code");
        free(m2);
        free(m);
        /* scope vs category */
        check_family(&t, OCR_OK, QR_OK, NULL, "food", "licence_scope_missing", 0, "scope: food with 食品销售");
        check_family(&t, OCR_OK, QR_OK, NULL, "drug", "licence_scope_missing", 1, "scope: drug without 药品");
        check_family(&t, OCR_OK, QR_OK, NULL, "apparel", "licence_scope_missing", 0, "scope: apparel needs nothing");
        /* listing */
        check_family(&t, OCR_OK, QR_OK, "企业名称：上海明德供应链管理有限公司\n统一社会信用代码：91310115MA93PMK506", NULL,
                     "licence_name_mismatch", 0, "listing: same name and code");
        check_family(&t, OCR_OK, QR_OK, "企业名称：上海恒信商贸有限公司", NULL, "licence_name_mismatch", 1,
                     "listing: another company name");
        check_family(&t, OCR_OK, QR_OK, "统一社会信用代码：9144030071526726XG", NULL, "licence_name_mismatch", 1,
                     "listing: another code");
        check_family(&t, OCR_OK, QR_OK, "本店由上海明德供应链管理有限公司经营", NULL, "licence_name_mismatch", 0,
                     "listing: name inside a sentence");
        check_family(&t, OCR_OK, QR_OK, "企业名称：上海明德供应链官理有限公司", NULL, "licence_name_mismatch", 0,
                     "listing: one character off (OCR misread) is not a mismatch");
        check_family(&t, OCR_OK, QR_OK, "企业名称：上海明德供应连官理有限公司", NULL, "licence_name_mismatch", 1,
                     "listing: two characters off is a mismatch");
        {
            char *m = subst(OCR_OK, "名 。 称 。", "和 称");
            j = run(m, QR_OK, NULL, NULL, TODAY);
            zc_tap_ok(&t, has(j, "\"name\":\"上海明德供应链管理有限公司\""), "name label misread as 和称: still found");
            free(j);
            free(m);
        }
        /* unreadable */
        check_family(&t, "", NULL, NULL, NULL, "licence_unreadable", 1, "unreadable: empty OCR");
        check_family(&t, "今天 天气 很好\n风景 优美", NULL, NULL, NULL, "licence_unreadable", 1, "unreadable: not a licence");
    }

    /* --- errors --- */
    {
        zc_error err = {ZC_OK, ""};
        zc_licence_input in = {OCR_OK, strlen(OCR_OK), NULL, 0, NULL, 0, NULL, "2026-13-01"};
        zc_tap_ok(&t, zc_licence_check(&in, &err) == NULL && err.code == ZC_ERR_INPUT, "bad today: ZC_ERR_INPUT");
        in.today = NULL;
        zc_tap_ok(&t, zc_licence_check(&in, &err) == NULL && err.code == ZC_ERR_INPUT, "missing today: ZC_ERR_INPUT");
        zc_licence_input in2 = {NULL, 5, NULL, 0, NULL, 0, NULL, TODAY};
        zc_tap_ok(&t, zc_licence_check(&in2, &err) == NULL && err.code == ZC_ERR_INPUT, "NULL text with length");
        zc_tap_ok(&t, zc_licence_check(NULL, &err) == NULL, "NULL input");
        /* invalid UTF-8 and control characters survive into valid JSON */
        j = run("名称 \xff\xfe坏\x01公司\n", "http://x\"y\x02", NULL, NULL, TODAY);
        zc_tap_ok(&t, j && has(j, "\\u0001") && has(j, "\\\"y\\u0002") && has(j, "\xef\xbf\xbd"),
                  "invalid bytes → U+FFFD, controls escaped");
        free(j);
        uint8_t img[16] = {0};
        zc_qr_code codes[2];
        zc_tap_int(&t, zc_qr_decode(img, 0, 4, 4, codes, 2, &err), -1, "qr: zero width refused");
        zc_tap_int(&t, zc_qr_decode(img, 4, 4, 2, codes, 2, &err), -1, "qr: stride < width refused");
        zc_tap_int(&t, zc_qr_decode(img, 40000, 40000, 40000, codes, 2, &err), -1, "qr: > 40 MP refused");
        zc_tap_int(&t, err.code, ZC_ERR_TOO_LARGE, "… as too large");
        zc_tap_int(&t, zc_qr_decode(img, 4, 4, 4, codes, 2, &err), 0, "qr: blank 4×4 image has no code");
    }
    return zc_tap_done(&t);
}
