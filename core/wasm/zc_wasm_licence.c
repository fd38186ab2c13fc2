/* WebAssembly exports for the licence image check (linked into the licence module, web/gen/zicha-licence.wasm).
 *
 *   char *zc_wasm_qr(const uint8_t *gray, int width, int height)
 *       → {"codes":[{"payload":"…"|null,"corners":[x0,y0,x1,y1,x2,y2,x3,y3]}]} or {"error":"…"}
 *         (payload null: a code was located but not decoded; its corners still give the orientation)
 *   char *zc_wasm_licence(ocr, ocr_len, qr_or_NULL, qr_len, listing_or_NULL, listing_len, category_or_"", today)
 *       → contract.md's {"fields":{…},"qr":…,"findings":[…]} or {"error":"…"}
 *
 * Both return a malloc'd NUL-terminated string that the caller releases with _free (no static buffers, so no
 * global mutable state); NULL only when out of memory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "licence.h"
#include "qr.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ZC_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define ZC_EXPORT
#endif

static char *error_json(const char *msg)
{
    size_t n = strlen(msg);
    char *s = malloc(n * 6 + 16);
    if (!s)
        return NULL;
    size_t k = 0;
    memcpy(s, "{\"error\":\"", 10);
    k = 10;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)msg[i];
        if (c == '"' || c == '\\') {
            s[k++] = '\\';
            s[k++] = (char)c;
        } else if (c < 0x20) {
            k += (size_t)snprintf(s + k, 7, "\\u%04x", c);
        } else {
            s[k++] = (char)c;
        }
    }
    memcpy(s + k, "\"}", 3);
    return s;
}

ZC_EXPORT char *zc_wasm_qr(const uint8_t *gray, int width, int height)
{
    zc_error err = {ZC_OK, ""};
    zc_qr_code codes[4];
    int n = zc_qr_decode(gray, width, height, width, codes, 4, &err);
    if (n < 0)
        return error_json(err.message);
    size_t cap = 64;
    for (int i = 0; i < n; i++)
        cap += codes[i].len * 6 + 160;
    char *s = malloc(cap);
    if (!s) {
        zc_qr_codes_free(codes, (size_t)n);
        return NULL;
    }
    size_t k = (size_t)snprintf(s, cap, "{\"codes\":[");
    for (int i = 0; i < n; i++) {
        if (!codes[i].payload) {
            k += (size_t)snprintf(s + k, cap - k, "%s{\"payload\":null", i ? "," : "");
        } else {
            k += (size_t)snprintf(s + k, cap - k, "%s{\"payload\":\"", i ? "," : "");
        }
        for (size_t j = 0; codes[i].payload && j < codes[i].len; j++) {
            unsigned char c = (unsigned char)codes[i].payload[j];
            if (c == '"' || c == '\\') {
                s[k++] = '\\';
                s[k++] = (char)c;
            } else if (c < 0x20) {
                k += (size_t)snprintf(s + k, cap - k, "\\u%04x", c);
            } else {
                s[k++] = (char)c;
            }
        }
        const int *c = codes[i].corners;
        k += (size_t)snprintf(s + k, cap - k, "%s,\"corners\":[%d,%d,%d,%d,%d,%d,%d,%d]}", codes[i].payload ? "\"" : "",
                              c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    }
    snprintf(s + k, cap - k, "]}");
    zc_qr_codes_free(codes, (size_t)n);
    return s;
}

ZC_EXPORT char *zc_wasm_licence(const char *ocr, size_t ocr_len, const char *qr, size_t qr_len, const char *listing,
                                size_t listing_len, const char *category, const char *today)
{
    zc_error err = {ZC_OK, ""};
    zc_licence_input in = {ocr, ocr_len, qr, qr_len, listing, listing_len, category, today};
    zc_licence_result *r = zc_licence_check(&in, &err);
    if (!r)
        return error_json(err.message);
    char *json = zc_licence_json(r);
    zc_licence_free(r);
    return json;
}
