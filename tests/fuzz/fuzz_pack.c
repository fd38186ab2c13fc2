/* Fuzz target: rule-pack loading. data[0] picks how the rest is fed to zc_engine_add_pack:
 *   0: as is (JSON text, or whatever it is);  1: gzip-compressed first (exercises the gunzip path with valid
 *   streams);  2: behind a gzip magic (corrupt gzip);  3: as is, after a small valid pack (duplicate ids,
 *   category cues merging). When the pack loads, the engine is compiled and a fixed set of texts is checked
 *   in a few categories; the rules JSON and every report JSON must be well formed. Errors must carry a message. */
#include <zlib.h>

#include "fuzz.h"

static const char base_pack[] =
    "{\"pack\":\"fuzz-base\",\"categories\":{\"food\":[\"饼干\"]},\"rules\":[{\"id\":\"fuzz.base\","
    "\"family\":\"absolute_term\",\"severity\":\"error\",\"basis\":\"《广告法》第九条第（三）项\",\"message\":\"m\","
    "\"suggestion\":\"s\",\"terms\":[\"最好\"],\"allow\":[\"最好看\"]}]}";

static const char *const texts[] = {
    "全网最好的饼干，第一品牌，99%好评，原价199元现价99元，3天见效，2024年5月1日",
    "国家级 最 好\u200b的面膜，根治，治愈率100%，不是最好的吗？",
    "无添加 纯天然 0 蔗糖；最高级、最佳 顶级。药品 保健品 减肥 祛斑 美白",
    "",
};

static unsigned char *gzip_bytes(const uint8_t *p, size_t n, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    size_t cap = deflateBound(&zs, (uLong)n) + 32;
    unsigned char *out = malloc(cap);
    if (!out)
        abort();
    zs.next_in = (Bytef *)(uintptr_t)p;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
        abort();
    *out_len = cap - zs.avail_out;
    deflateEnd(&zs);
    return out;
}

ZC_FUZZ_ENTRY(pack)
{
    if (size < 1)
        return 0;
    const int how = data[0] & 3;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (how == 1) {
        bytes = gzip_bytes(p, n, &len);
    } else if (how == 2) {
        len = n + 2;
        bytes = malloc(len);
        if (!bytes)
            abort();
        bytes[0] = 0x1F;
        bytes[1] = 0x8B;
        memcpy(bytes + 2, p, n);
    } else {
        bytes = (unsigned char *)zc_fuzz_dup(p, n);
        len = n;
    }
    zc_error err;
    memset(&err, 0, sizeof err);
    zc_engine *e = zc_engine_new();
    ZC_FUZZ_ASSERT(e != NULL, "zc_engine_new");
    if (how == 3)
        ZC_FUZZ_ASSERT(zc_engine_add_pack(e, "base.json", base_pack, sizeof base_pack - 1, &err) == ZC_OK,
                       err.message);
    zc_status st = zc_engine_add_pack(e, "fuzz.json", bytes, len, &err);
    free(bytes);
    if (st != ZC_OK) {
        ZC_FUZZ_ASSERT(err.code == st && err.message[0], "error without a message");
        ZC_FUZZ_ASSERT(strstr(err.message, "fuzz.json") != NULL, err.message); /* names the file */
        /* the engine stays usable after a failed pack */
        ZC_FUZZ_ASSERT(zc_engine_compile(e, &err) == ZC_OK, err.message);
        zc_engine_free(e);
        return 0;
    }
    if (zc_engine_compile(e, &err) != ZC_OK) {
        ZC_FUZZ_ASSERT(err.message[0], "compile error without a message");
        zc_engine_free(e);
        return 0;
    }
    char *rules = zc_rules_json(e);
    zc_fuzz_check_json(rules);
    free(rules);
    for (size_t i = 0; i < zc_engine_rule_count(e); i++) {
        const zc_rule_info *ri = zc_engine_rule(e, i);
        ZC_FUZZ_ASSERT(ri && ri->id && ri->family && ri->basis && ri->message && ri->suggestion, "rule field");
    }
    static const char *const cats[] = {NULL, "food", "drug", "general"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        for (size_t c = 0; c < sizeof cats / sizeof cats[0]; c++) {
            zc_options opt = {cats[c], (zc_mode)(c % 3), 0};
            zc_report *r = zc_check(e, texts[t], strlen(texts[t]), &opt, &err);
            ZC_FUZZ_ASSERT(r != NULL, err.message);
            char *json = zc_report_json(r);
            zc_fuzz_check_json(json);
            free(json);
            zc_report_free(r);
        }
    }
    zc_engine_free(e);
    return 0;
}
