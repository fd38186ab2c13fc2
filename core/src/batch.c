/* One step of the JSONL batch filter, shared by the native CLI and the wasm build. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"

static char *error_line(const cJSON *id, const char *message)
{
    zc_buf b = {0};
    zc_buf_puts(&b, "{\"id\":");
    char *ids = id ? cJSON_PrintUnformatted(id) : NULL;
    zc_buf_puts(&b, ids ? ids : "null");
    free(ids);
    zc_buf_puts(&b, ",\"error\":");
    zc_buf_json_str(&b, message, strlen(message));
    zc_buf_putc(&b, '}');
    return zc_buf_take(&b);
}

char *zc_batch_line(const zc_engine *e, const char *line, size_t len, const char *default_category)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    if (!root) {
        char msg[96];
        size_t col = end && end >= line ? (size_t)(end - line) + 1 : 1;
        snprintf(msg, sizeof msg, "invalid JSON at byte %zu", col);
        return error_line(NULL, msg);
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(root, "category");
    char *out = NULL;
    if (!cJSON_IsObject(root)) {
        out = error_line(NULL, "each line must be a JSON object {\"id\", \"text\", \"category\"?}");
    } else if (!cJSON_IsString(text)) {
        out = error_line(id, "missing \"text\" (a string)");
    } else if (cat && !cJSON_IsNull(cat) && (!cJSON_IsString(cat) || !zc_category_valid(cat->valuestring))) {
        out = error_line(id, "unknown \"category\"");
    } else {
        zc_options opt;
        memset(&opt, 0, sizeof opt);
        opt.category = cJSON_IsString(cat) ? cat->valuestring : default_category;
        opt.mode = ZC_MODE_AUTO;
        zc_error err;
        /* cJSON strings stop at an embedded NUL (\u0000); what follows is not checked */
        zc_report *r = zc_check(e, text->valuestring, strlen(text->valuestring), &opt, &err);
        if (!r) {
            out = error_line(id, err.message);
        } else {
            char *json = zc_report_json(r);
            zc_report_free(r);
            if (json) {
                /* the report is {"category":…,"findings":…}: splice the id in front */
                zc_buf b = {0};
                zc_buf_puts(&b, "{\"id\":");
                char *ids = id ? cJSON_PrintUnformatted(id) : NULL;
                zc_buf_puts(&b, ids ? ids : "null");
                free(ids);
                zc_buf_putc(&b, ',');
                zc_buf_puts(&b, json + 1);
                free(json);
                out = zc_buf_take(&b);
            }
        }
    }
    cJSON_Delete(root);
    return out;
}
