/* Fuzz target: zc_batch_line, the JSONL step shared by the native `batch` and the wasm. The whole input is one
 * line (not NUL-terminated); data[0] & 1 picks a default category. Invariants: always one output line, a JSON
 * object with "id" first and either "findings" or "error", no raw newline (the stream stays one line per
 * input), valid UTF-8. */
#include "fuzz.h"

ZC_FUZZ_ENTRY(batch)
{
    const zc_engine *e = zc_fuzz_builtin_engine();
    const char *def = size && (data[0] & 1) ? "food" : NULL;
    char *line = zc_fuzz_dup(data, size);
    char *out = zc_batch_line(e, line ? line : "", size, def);
    ZC_FUZZ_ASSERT(out != NULL, "zc_batch_line returned NULL");
    ZC_FUZZ_ASSERT(strncmp(out, "{\"id\":", 6) == 0, out);
    ZC_FUZZ_ASSERT(strchr(out, '\n') == NULL && strchr(out, '\r') == NULL, out);
    ZC_FUZZ_ASSERT(strstr(out, "\"findings\":") || strstr(out, "\"error\":"), out);
    zc_fuzz_check_json(out);
    free(out);
    free(line);
    return 0;
}
