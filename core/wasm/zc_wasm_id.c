/* `zicha id CODE` in WebAssembly, linked into the licence module (web/gen/zicha-licence.wasm), which has the
 * division table with names; the core module's table has the codes only.
 *
 *   char *zc_wasm_id(const char *code, size_t len)
 *       → the identifier JSON, as `zicha id` prints it (identifier.h zc_id_json)
 *
 * Returns a malloc'd NUL-terminated string that the caller releases with _free, like the module's other
 * exports; NULL only when out of memory. */
#include <stdlib.h>

#include "identifier.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ZC_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define ZC_EXPORT
#endif

ZC_EXPORT char *zc_wasm_id(const char *code, size_t len)
{
    zc_id_info info;
    zc_id_identify(code, len, &info);
    size_t need = zc_id_json(&info, NULL, 0);
    char *buf = malloc(need + 1);
    if (!buf)
        return NULL;
    zc_id_json(&info, buf, need + 1);
    return buf;
}
