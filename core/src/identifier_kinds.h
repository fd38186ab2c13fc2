/* The identifier kinds: each kind, the anchors that start it, the province abbreviations and the labels that let
 * the scan report a bare number. This file is the one place a kind is declared; everything else is derived:
 *   - identifier.h expands ZC_ID_KIND into enum zc_id_kind (in this order), identifier.c into the names and labels;
 *   - tools/gen-id-table.mjs reads the ZC_ID_ANCHOR and ZC_ID_PROVINCE rows and writes build/gen/zc_id_table.h:
 *     the compiled anchors, the lists of in-text anchors by first character (the scan's prefilter) and one perfect
 *     hash over the province abbreviations and those first characters (its multiplier is searched for there;
 *     nothing here is hand-tuned);
 *   - tests/id/vectors.jsonl holds the test vectors of every kind (run natively and in the wasm, each valid one
 *     also inside running text).
 * Adding a kind whose body is a run of digits (with a year, a division code) needs a ZC_ID_KIND row, ZC_ID_ANCHOR
 * rows with the checker zc_id_check_number, and vectors; a kind with its own rules also a checker function in the
 * file of its family (identifier_org.c, identifier_permit.c, identifier_net.c).
 *
 * ZC_ID_KIND(ENUM, name, label)
 *   ENUM   the enum constant is ZC_ID_<ENUM>
 *   name   stable ASCII name (JSON "kind"); label: Chinese name (JSON "kind_name", start of the description)
 *
 * ZC_ID_ANCHOR(ENUM, pattern, checker, spec, where)
 *   Where a code of kind ENUM starts. zc_id_identify and the scan try the anchors in this order at a start, except
 *   that the bare run "@" comes after all the others; the first whose checker recognises the text decides.
 *   pattern  what the text must hold, matched on folded characters (full-width → ASCII, a–z → A–Z):
 *              literal characters (upper-case Latin), [P] a province abbreviation (ZC_ID_PROVINCE), [C] any CJK
 *              character (a city abbreviation), [(] an opening bracket ( [ 〔 【, [)] a closing one, {…} one of the
 *              characters inside, # a digit, ^ the rest is looked at but not consumed (the checker reads it),
 *              @ alone: a run of letters and digits (the bare codes)
 *   checker  int checker(zc_cur *, const zc_id_options *, zc_id_info *, const zc_id_hit *), called with the cursor
 *            after the consumed part; returns 0 (not this kind: the next anchor is tried), 1 (recognised; the scan
 *            reports it only as a bare code after a label) or 2 (recognised; the scan reports it)
 *   spec     for zc_id_check_number the body: # a digit, Y a digit of a 4-digit year, D a digit of a 6-digit
 *            division code, then optionally 号 (an optional final 号) and @YYYY (the first year the format was
 *            used); for the bare run the run lengths its checker takes; for the other checkers a tag they read
 *   where    ZC_ID_IN_TEXT: also found by the scan in running text; ZC_ID_ALONE: only when the whole input is the
 *            code (zc_id_identify), e.g. a colloquialism or a prefix too common in ordinary text
 *
 * ZC_ID_PROVINCE(abbreviation, code)  the 2-digit GB/T 2260 province code of a one-character abbreviation
 * ZC_ID_LABEL(text)  a label that, within 12 code points before it, lets the scan report a bare 15-digit 注册号
 *                    or a 组织机构代码 (and an all-digit 18-character number that fails the USCC checks) */
#ifndef ZC_ID_KIND
#define ZC_ID_KIND(e, name, label)
#endif
#ifndef ZC_ID_ANCHOR
#define ZC_ID_ANCHOR(e, pattern, checker, spec, where)
#endif
#ifndef ZC_ID_PROVINCE
#define ZC_ID_PROVINCE(abbr, code)
#endif
#ifndef ZC_ID_LABEL
#define ZC_ID_LABEL(text)
#endif

ZC_ID_KIND(UNKNOWN, "unknown", "未识别的编号")

/* ---- business registration (identifier_org.c) ---------------------------------------------------------------- */
ZC_ID_KIND(USCC, "uscc", "统一社会信用代码") /* GB 32100-2015 */
ZC_ID_ANCHOR(USCC, "@", zc_id_check_bare, "8 9 14-20", ZC_ID_IN_TEXT)
ZC_ID_KIND(REGISTRATION_NUMBER, "registration_number", "营业执照注册号（旧版15位）") /* pre-2015; from the bare run */
ZC_ID_KIND(ORGANIZATION_CODE, "organization_code", "组织机构代码")                   /* GB 11714; from the bare run */

/* ---- food (identifier_permit.c) --------------------------------------------------------------------------------- */
ZC_ID_KIND(FOOD_PRODUCTION, "food_production_licence", "食品生产许可证编号")
ZC_ID_ANCHOR(FOOD_PRODUCTION, "SC^#", zc_id_check_food, "SC", ZC_ID_IN_TEXT)
ZC_ID_KIND(FOOD_BUSINESS, "food_business_licence", "食品经营许可证编号")
ZC_ID_ANCHOR(FOOD_BUSINESS, "JY^#", zc_id_check_food, "JY", ZC_ID_IN_TEXT)
ZC_ID_KIND(FOOD_BUSINESS_FILING, "food_business_filing", "仅销售预包装食品备案编号")
ZC_ID_ANCHOR(FOOD_BUSINESS_FILING, "YB^#", zc_id_check_food, "YB", ZC_ID_IN_TEXT)
ZC_ID_KIND(FOOD_QS, "food_qs_licence", "QS食品生产许可编号（旧版）")
ZC_ID_ANCHOR(FOOD_QS, "QS^#", zc_id_check_food, "QS", ZC_ID_IN_TEXT)
ZC_ID_KIND(FOOD_CIRCULATION, "food_circulation_licence", "食品流通许可证编号（旧版）")
ZC_ID_ANCHOR(FOOD_CIRCULATION, "SP^#", zc_id_check_food, "SP", ZC_ID_IN_TEXT)

/* ---- health food, drugs (identifier_permit.c) ------------------------------------------------------------------- */
ZC_ID_KIND(HEALTH_FOOD_REGISTRATION, "health_food_registration", "保健食品注册号")
ZC_ID_ANCHOR(HEALTH_FOOD_REGISTRATION, "国食健注", zc_id_check_health_food, "国食健注", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(HEALTH_FOOD_REGISTRATION, "国食健字", zc_id_check_health_food, "国食健字", ZC_ID_IN_TEXT)
ZC_ID_KIND(HEALTH_FOOD_FILING, "health_food_filing", "保健食品备案号")
ZC_ID_ANCHOR(HEALTH_FOOD_FILING, "食健备", zc_id_check_health_food, "食健备", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(HEALTH_FOOD_REGISTRATION, "卫食健字", zc_id_check_old_approval, "卫食健字", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(HEALTH_FOOD_REGISTRATION, "卫进食健字", zc_id_check_old_approval, "卫食健字", ZC_ID_IN_TEXT)
ZC_ID_KIND(DRUG_APPROVAL, "drug_approval", "药品批准文号")
ZC_ID_ANCHOR(DRUG_APPROVAL, "国药准字", zc_id_check_drug, "国药准字", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(DRUG_APPROVAL, "国药试字", zc_id_check_drug, "国药试字", ZC_ID_IN_TEXT)

/* ---- medical devices (identifier_permit.c) ---------------------------------------------------------------------- */
ZC_ID_KIND(DEVICE_REGISTRATION, "medical_device_registration", "医疗器械注册证编号")
ZC_ID_ANCHOR(DEVICE_REGISTRATION, "械字号", zc_id_check_device, "colloquial", ZC_ID_ALONE)
ZC_ID_ANCHOR(DEVICE_REGISTRATION, "国食药监械", zc_id_check_device, "legacy", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(DEVICE_REGISTRATION, "[P]食药监械", zc_id_check_device, "legacy", ZC_ID_IN_TEXT)
ZC_ID_KIND(DEVICE_FILING, "medical_device_filing", "第一类医疗器械备案编号")
ZC_ID_ANCHOR(DEVICE_FILING, "国械备", zc_id_check_device, "filing", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(DEVICE_FILING, "[P]械备", zc_id_check_device, "filing", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(DEVICE_FILING, "[P][C]械备", zc_id_check_device, "filing", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(DEVICE_REGISTRATION, "国械注", zc_id_check_device, "registration", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(DEVICE_REGISTRATION, "[P]械注", zc_id_check_device, "registration", ZC_ID_IN_TEXT)

/* ---- cosmetics (identifier_permit.c) ---------------------------------------------------------------------------- */
ZC_ID_KIND(COSMETIC_REGISTRATION, "cosmetic_registration", "特殊化妆品注册证编号")
ZC_ID_ANCHOR(COSMETIC_REGISTRATION, "国妆特进字", zc_id_check_cosmetic, "进口", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(COSMETIC_REGISTRATION, "国妆特制字", zc_id_check_cosmetic, "港澳台", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(COSMETIC_REGISTRATION, "国妆特字", zc_id_check_cosmetic, "国产", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(COSMETIC_REGISTRATION, "卫妆特字", zc_id_check_old_approval, "卫妆特字", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(COSMETIC_REGISTRATION, "卫妆进字", zc_id_check_old_approval, "卫妆特字", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(COSMETIC_REGISTRATION, "卫妆准字", zc_id_check_old_approval, "卫妆特字", ZC_ID_IN_TEXT)
ZC_ID_KIND(COSMETIC_FILING, "cosmetic_filing", "普通化妆品备案编号")
ZC_ID_ANCHOR(COSMETIC_FILING, "国妆网备进字", zc_id_check_cosmetic, "import", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(COSMETIC_FILING, "国妆备进字", zc_id_check_cosmetic, "import-legacy", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(COSMETIC_FILING, "[P]G妆网备字", zc_id_check_cosmetic, "domestic", ZC_ID_IN_TEXT)
ZC_ID_KIND(COSMETIC_PRODUCTION, "cosmetic_production_licence", "化妆品生产许可证编号")
ZC_ID_ANCHOR(COSMETIC_PRODUCTION, "[P]妆^#", zc_id_check_cosmetic, "production", ZC_ID_IN_TEXT)

/* ---- internet (identifier_net.c) -------------------------------------------------------------------------------- */
ZC_ID_KIND(ICP_FILING, "icp_filing", "ICP备案号")
ZC_ID_ANCHOR(ICP_FILING, "[P]ICP备", zc_id_check_net, "ICP备", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(ICP_FILING, "ICP备", zc_id_check_net, "ICP备", ZC_ID_IN_TEXT)
ZC_ID_KIND(ICP_LICENCE, "icp_licence", "ICP经营许可证编号")
ZC_ID_ANCHOR(ICP_LICENCE, "[P]ICP证", zc_id_check_net, "ICP证", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(ICP_LICENCE, "ICP证", zc_id_check_net, "ICP证", ZC_ID_IN_TEXT)
ZC_ID_KIND(TELECOM_LICENCE, "telecom_licence", "电信业务经营许可证编号") /* [P]?[AB]\d(\.[AB]\d)*-\d{8}(-\d+)? */
ZC_ID_ANCHOR(TELECOM_LICENCE, "[P]^{AB}#", zc_id_check_telecom, "", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(TELECOM_LICENCE, "^{AB}#", zc_id_check_telecom, "", ZC_ID_IN_TEXT)
ZC_ID_KIND(PUBLIC_SECURITY_FILING, "public_security_filing", "公安机关互联网站备案号")
ZC_ID_ANCHOR(PUBLIC_SECURITY_FILING, "[P]公网安备", zc_id_check_net, "公网安备", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(PUBLIC_SECURITY_FILING, "公网安备", zc_id_check_net, "公网安备", ZC_ID_ALONE)
ZC_ID_KIND(NETWORK_CULTURE, "network_culture_licence", "网络文化经营许可证编号")
ZC_ID_ANCHOR(NETWORK_CULTURE, "[P]网文", zc_id_check_net, "网文", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(NETWORK_CULTURE, "网文", zc_id_check_net, "网文", ZC_ID_ALONE)
ZC_ID_KIND(PUBLICATION, "publication_licence", "出版物经营许可证编号") /* 新出发[P][市]?(批|零)字第…号 */
ZC_ID_ANCHOR(PUBLICATION, "新出发", zc_id_check_publication, "", ZC_ID_IN_TEXT)
ZC_ID_KIND(DRUG_INFO, "drug_info_certificate", "互联网药品信息服务资格证书编号") /* （[P]）-(非)?经营性-YYYY-NNNN */
ZC_ID_ANCHOR(DRUG_INFO, "[(][P][)]^{-经非}", zc_id_check_drug_info, "", ZC_ID_IN_TEXT)
ZC_ID_ANCHOR(DRUG_INFO, "[P]^{-经非}", zc_id_check_drug_info, "", ZC_ID_IN_TEXT)

/* ---- province abbreviations (rules-catalogue.md B) → GB/T 2260 province code ---------------------------------- */
ZC_ID_PROVINCE("京", 11)
ZC_ID_PROVINCE("津", 12)
ZC_ID_PROVINCE("冀", 13)
ZC_ID_PROVINCE("晋", 14)
ZC_ID_PROVINCE("蒙", 15)
ZC_ID_PROVINCE("辽", 21)
ZC_ID_PROVINCE("吉", 22)
ZC_ID_PROVINCE("黑", 23)
ZC_ID_PROVINCE("沪", 31)
ZC_ID_PROVINCE("苏", 32)
ZC_ID_PROVINCE("浙", 33)
ZC_ID_PROVINCE("皖", 34)
ZC_ID_PROVINCE("闽", 35)
ZC_ID_PROVINCE("赣", 36)
ZC_ID_PROVINCE("鲁", 37)
ZC_ID_PROVINCE("豫", 41)
ZC_ID_PROVINCE("鄂", 42)
ZC_ID_PROVINCE("湘", 43)
ZC_ID_PROVINCE("粤", 44)
ZC_ID_PROVINCE("桂", 45)
ZC_ID_PROVINCE("琼", 46)
ZC_ID_PROVINCE("渝", 50)
ZC_ID_PROVINCE("川", 51)
ZC_ID_PROVINCE("贵", 52)
ZC_ID_PROVINCE("黔", 52)
ZC_ID_PROVINCE("云", 53)
ZC_ID_PROVINCE("滇", 53)
ZC_ID_PROVINCE("藏", 54)
ZC_ID_PROVINCE("陕", 61)
ZC_ID_PROVINCE("秦", 61)
ZC_ID_PROVINCE("甘", 62)
ZC_ID_PROVINCE("陇", 62)
ZC_ID_PROVINCE("青", 63)
ZC_ID_PROVINCE("宁", 64)
ZC_ID_PROVINCE("新", 65)
ZC_ID_PROVINCE("台", 71)
ZC_ID_PROVINCE("港", 81)
ZC_ID_PROVINCE("澳", 82)

/* ---- labels before a bare 注册号 / 组织机构代码 --------------------------------------------------------------- */
ZC_ID_LABEL("注册号")
ZC_ID_LABEL("执照")
ZC_ID_LABEL("组织机构代码")
ZC_ID_LABEL("信用代码")
ZC_ID_LABEL("机构代码")
ZC_ID_LABEL("证照编号")

#undef ZC_ID_KIND
#undef ZC_ID_ANCHOR
#undef ZC_ID_PROVINCE
#undef ZC_ID_LABEL
