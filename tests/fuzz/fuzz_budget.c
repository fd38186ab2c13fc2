/* Fuzz target: the work budget (zicha.h ZC_MAX_*), packs and text mutated together. The input is split at 0x00
 * bytes. Piece 0 is the text; each later piece is one string of a generated pack: its first byte picks the rule (of
 * 4) and the list (terms, allow, near, unless), the rest is the string. Bytes map to a small alphabet (好 最 佳 的
 * a 1 ， 。) so that terms overlap and nest the way hostile packs do; with bit 0x80 of the first byte the bytes are
 * written as \u escapes instead (control characters, NUL, quotes: what validation must refuse or accept safely).
 * Byte 0 of the input also sets how often the text is repeated (256 B to 32 KB, or 256 KB), the mode and
 * max_findings.
 * Invariants: a pack either validates or is refused with a message; a check of a validated pack ends with a report
 * or ZC_ERR_BUDGET (never out of memory), within a CPU time bound, and its JSON stays within a size bound that
 * grows with the text, not with the pack. */
#include <time.h>

#include "buf.h"
#include "fuzz.h"

static const char *const alphabet[8] = {"好", "最", "佳", "的", "a", "1", "，", "。"};
static const char *const lists[4] = {"terms", "allow", "near", "unless"};

/* piece [p, p + n) as a JSON string body */
static void put_piece(zc_buf *b, const uint8_t *p, size_t n, int raw)
{
    for (size_t i = 0; i < n; i++) {
        if (raw) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", p[i]);
            zc_buf_puts(b, esc);
        } else {
            zc_buf_puts(b, alphabet[p[i] & 7]);
        }
    }
}

ZC_FUZZ_ENTRY(budget)
{
    if (size < 2)
        return 0;
    const uint8_t ctl = data[0];
    const uint8_t *p = data + 1, *end = data + size;
    const uint8_t *cut = memchr(p, 0, (size_t)(end - p));
    const uint8_t *text_end = cut ? cut : end;

    /* the text: piece 0 in the alphabet, repeated up to a length set by ctl */
    zc_buf one = {0}, text = {0};
    put_piece(&one, p, (size_t)(text_end - p), 0);
    /* mostly small texts (many executions per second), one input in sixteen large enough to reach the budget */
    size_t target = (size_t)256 << (ctl & 7); /* 256 B .. 32 KB */
    if ((ctl & 15) == 15)
        target = (size_t)256 << 10;
    while (one.len && text.len + one.len <= target)
        zc_buf_put(&text, one.data, one.len);

    /* the pack: 4 rules, each with its lists filled from the pieces */
    zc_buf item[4][4];
    memset(item, 0, sizeof item);
    for (const uint8_t *q = cut ? cut + 1 : end; q < end;) {
        const uint8_t *qe = memchr(q, 0, (size_t)(end - q));
        if (!qe)
            qe = end;
        if (qe - q >= 2) {
            int r = q[0] & 3, l = q[0] >> 2 & 3;
            zc_buf *b = &item[r][l];
            zc_buf_puts(b, b->len ? ",\"" : "\"");
            put_piece(b, q + 1, (size_t)(qe - q - 1), q[0] >> 7);
            zc_buf_puts(b, "\"");
        }
        q = qe + 1;
    }
    zc_buf pack = {0};
    zc_buf_puts(&pack, "{\"pack\":\"fuzz-budget\",\"rules\":[");
    int n_rules = 0;
    for (int r = 0; r < 4; r++) {
        if (!item[r][0].len)
            continue; /* a rule needs terms */
        char head[256];
        snprintf(head, sizeof head,
                 "%s{\"id\":\"fuzz.budget.%d\",\"family\":\"absolute_term\",\"severity\":\"error\",\"basis\":\"b\","
                 "\"message\":\"m\",\"suggestion\":\"s\",\"terms\":[",
                 n_rules ? "," : "", r);
        zc_buf_puts(&pack, head);
        zc_buf_put(&pack, item[r][0].data, item[r][0].len);
        zc_buf_puts(&pack, "]");
        if (item[r][1].len) {
            zc_buf_puts(&pack, ",\"allow\":[");
            zc_buf_put(&pack, item[r][1].data, item[r][1].len);
            zc_buf_puts(&pack, "]");
        }
        for (int l = 2; l < 4; l++)
            if (item[r][l].len) {
                char ctx[96];
                snprintf(ctx, sizeof ctx, ",\"%s\":{\"window\":%d,%s\"terms\":[", lists[l], (ctl >> 4 & 3) * 40,
                         l == 2 && (ctl & 0x40) ? "\"extend\":true," : "");
                zc_buf_puts(&pack, ctx);
                zc_buf_put(&pack, item[r][l].data, item[r][l].len);
                zc_buf_puts(&pack, "]}");
            }
        zc_buf_puts(&pack, "}");
        n_rules++;
    }
    zc_buf_puts(&pack, "]}");
    for (int r = 0; r < 4; r++)
        for (int l = 0; l < 4; l++)
            free(item[r][l].data);
    free(one.data);
    ZC_FUZZ_ASSERT(!pack.failed && !text.failed, "out of memory building the input");

    zc_error err;
    memset(&err, 0, sizeof err);
    zc_engine *e = zc_engine_new();
    ZC_FUZZ_ASSERT(e != NULL, "zc_engine_new");
    zc_status st = n_rules ? zc_engine_add_pack(e, "budget.json", pack.data, pack.len, &err) : ZC_OK;
    if (st == ZC_OK)
        st = zc_engine_compile(e, &err);
    if (st != ZC_OK) {
        ZC_FUZZ_ASSERT(err.code == st && err.message[0], "refused without a message");
        ZC_FUZZ_ASSERT(st == ZC_ERR_PACK_SCHEMA || st == ZC_ERR_PACK_SYNTAX, err.message);
        ZC_FUZZ_ASSERT(zc_fuzz_utf8_ok((const unsigned char *)err.message), "error message not UTF-8");
    } else {
        zc_options opt = {NULL, (zc_mode)((ctl >> 6) % 3), (ctl & 0x80) ? 5 : 0};
        size_t max_f = opt.max_findings ? opt.max_findings : ZC_DEFAULT_MAX_FINDINGS;
        clock_t t0 = clock();
        zc_report *r = zc_check(e, text.data ? text.data : "", text.len, &opt, &err);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        /* sanitizers make this several times slower than a native check: 10 s is far above a sound pack's cost
         * and far below what an unbounded one takes */
        ZC_FUZZ_ASSERT(secs < 10.0, "a check took longer than the budget allows");
        if (!r) {
            ZC_FUZZ_ASSERT(err.code == ZC_ERR_BUDGET, err.message);
        } else {
            char *json = zc_report_json(r);
            zc_fuzz_check_json(json);
            /* the report grows with the text and the findings kept, not with the pack's terms */
            size_t bound = 16 * text.len + max_f * 8192 + 65536;
            ZC_FUZZ_ASSERT(strlen(json) <= bound, "report larger than its bound");
            free(json);
            zc_report_free(r);
        }
    }
    zc_engine_free(e);
    free(pack.data);
    free(text.data);
    return 0;
}
