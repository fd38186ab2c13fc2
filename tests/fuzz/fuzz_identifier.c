/* Fuzz target: the identifier parser (core/src/identifier.h). data[0] picks the options (date checks on/off)
 * and a buffer size for zc_id_json; the rest is the code. Invariants: *out fully filled with NUL-terminated
 * strings and counts in range; zc_id_json behaves like snprintf (same length at every capacity, truncated output
 * a prefix of the full one, well-formed UTF-8 JSON); zc_id_scan spans are ordered, non-overlapping, inside the
 * text, and identical whatever the capacity; every span re-identifies. */
#include "identifier.h"

#include "fuzz.h"

static void check_info(const zc_id_info *info)
{
    ZC_FUZZ_ASSERT((int)info->kind >= 0 && info->kind < ZC_ID_KIND_COUNT, "kind out of range");
    ZC_FUZZ_ASSERT(memchr(info->code, 0, sizeof info->code) != NULL, "code not terminated");
    ZC_FUZZ_ASSERT(memchr(info->description, 0, sizeof info->description) != NULL, "description");
    ZC_FUZZ_ASSERT(memchr(info->region, 0, sizeof info->region) != NULL, "region");
    ZC_FUZZ_ASSERT(info->problem_count <= ZC_ID_PROBLEM_MAX && info->part_count <= ZC_ID_PART_MAX, "counts");
    ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)info->code), "code is not UTF-8");
    ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)info->description), info->description);
    zc_id_severity worst = ZC_ID_SEV_NONE;
    for (size_t i = 0; i < info->problem_count; i++) {
        ZC_FUZZ_ASSERT(memchr(info->problems[i].message, 0, ZC_ID_PROBLEM_LEN) != NULL, "problem");
        ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)info->problems[i].message),
                       "problem message is not UTF-8 (truncated mid-character?)");
        if (info->problems[i].severity > worst)
            worst = info->problems[i].severity;
    }
    ZC_FUZZ_ASSERT(info->severity == worst, "severity is not the max over problems");
    for (size_t i = 0; i < info->part_count; i++) {
        ZC_FUZZ_ASSERT(memchr(info->parts[i].key, 0, ZC_ID_PART_KEY) != NULL, "part key");
        ZC_FUZZ_ASSERT(memchr(info->parts[i].value, 0, ZC_ID_PART_VAL) != NULL, "part value");
        ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)info->parts[i].value), "part value is not UTF-8");
    }
    ZC_FUZZ_ASSERT(!info->valid || info->kind != ZC_ID_UNKNOWN, "unknown kind marked valid");
}

ZC_FUZZ_ENTRY(identifier)
{
    if (size < 1)
        return 0;
    const uint8_t flags = data[0];
    const char *s = zc_fuzz_dup(data + 1, size - 1);
    size_t len = size - 1;
    zc_id_options opts = {flags & 1 ? 2026 : 0};
    zc_id_info info, again;
    zc_id_kind k = flags & 2 ? zc_id_identify_ex(s, len, &opts, &info) : zc_id_identify(s, len, &info);
    ZC_FUZZ_ASSERT(k == info.kind, "return value differs from info.kind");
    check_info(&info);
    /* deterministic */
    if (flags & 2)
        zc_id_identify_ex(s, len, &opts, &again);
    else
        zc_id_identify(s, len, &again);
    ZC_FUZZ_ASSERT(again.kind == info.kind && again.valid == info.valid && strcmp(again.code, info.code) == 0,
                   "two identifications differ");
    ZC_FUZZ_ASSERT(zc_id_kind_name(k) && zc_id_kind_label(k) && zc_id_severity_name(info.severity), "names");

    size_t need = zc_id_json(&info, NULL, 0);
    char *full = malloc(need + 1);
    if (!full)
        abort();
    ZC_FUZZ_ASSERT(zc_id_json(&info, full, need + 1) == need && strlen(full) == need, "zc_id_json length");
    zc_fuzz_check_json(full);
    size_t cap = (size_t)(flags >> 2) * 8 % (need + 1);
    char *part = malloc(cap + 1);
    if (!part)
        abort();
    part[cap] = 'X';
    ZC_FUZZ_ASSERT(zc_id_json(&info, part, cap) == need, "zc_id_json length at a small capacity");
    ZC_FUZZ_ASSERT(part[cap] == 'X', "zc_id_json wrote past cap");
    if (cap)
        ZC_FUZZ_ASSERT(strlen(part) == cap - 1 && memcmp(part, full, cap - 1) == 0, "truncated JSON");
    free(part);
    free(full);

    /* scanning: the same spans whatever the capacity */
    size_t total = zc_id_scan(s, len, &opts, NULL, 0);
    zc_id_span *spans = total ? calloc(total, sizeof *spans) : NULL;
    if (total && !spans)
        abort();
    ZC_FUZZ_ASSERT(zc_id_scan(s, len, &opts, spans, total) == total, "scan count changes with capacity");
    zc_id_span few[2];
    size_t nfew = zc_id_scan(s, len, &opts, few, 2);
    ZC_FUZZ_ASSERT(nfew == total, "scan count with a small array");
    for (size_t i = 0; i < total; i++) {
        const zc_id_span *sp = &spans[i];
        ZC_FUZZ_ASSERT(sp->byte_start < sp->byte_end && sp->byte_end <= len, "span bytes out of range");
        ZC_FUZZ_ASSERT(sp->cp_start < sp->cp_end && sp->cp_end <= len, "span code points out of range");
        ZC_FUZZ_ASSERT(sp->cp_end - sp->cp_start <= sp->byte_end - sp->byte_start, "span cp/byte lengths");
        if (i) {
            ZC_FUZZ_ASSERT(spans[i - 1].byte_end <= sp->byte_start, "spans overlap or are out of order");
            ZC_FUZZ_ASSERT(spans[i - 1].cp_end <= sp->cp_start, "spans overlap (code points)");
        }
        if (i < 2)
            ZC_FUZZ_ASSERT(few[i].byte_start == sp->byte_start && few[i].byte_end == sp->byte_end, "span differs");
        zc_id_info one;
        zc_id_identify_ex(s + sp->byte_start, sp->byte_end - sp->byte_start, &opts, &one);
        check_info(&one);
    }
    free(spans);

    /* check-character helpers on the first 17 / 8 bytes */
    if (len >= 17)
        (void)zc_id_uscc_check_char(s);
    if (len >= 8)
        (void)zc_id_org_check_char(s);
    if (len >= 4) {
        uint32_t code;
        memcpy(&code, s, 4);
        char region[64];
        int r = zc_id_division_name(code % 1000000u, region, (size_t)(flags % 64));
        ZC_FUZZ_ASSERT(r >= 0 && r <= 2, "division_name result");
        if (flags % 64)
            ZC_FUZZ_ASSERT(memchr(region, 0, (size_t)(flags % 64)) != NULL, "division name not terminated");
    }
    free((void *)s);
    return 0;
}
