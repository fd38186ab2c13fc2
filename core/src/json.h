/* The engine's JSON reader (rule packs, batch lines) and the printer that echoes a value back (a batch line's id).
 *
 * One reader for every JSON input. It reads what the engine has always accepted, byte for byte the same values and
 * the same error positions (the packs and batch lines users already have keep their meaning and their messages):
 *   - whitespace is any byte up to 0x20 (a raw NUL between tokens is skipped; callers reject NULs afterwards);
 *   - a UTF-8 byte-order mark at the start is skipped (when more than four bytes follow it);
 *   - a number is the longest run of [0-9+-.eE] read by strtod as far as it goes (so 01, 1., -.5 are numbers);
 *   - \uXXXX with a non-hex digit reads as U+0000, a lone or reversed surrogate half is an error, and a string may
 *     hold raw control characters (pack validation rejects them with a message naming the field);
 *   - nesting deeper than ZC_JSON_MAX_DEPTH containers is an error.
 * Strings are unescaped in place in the document's own copy of the text and nodes come from blocks, so a pack of
 * thousands of strings costs a handful of allocations. */
#ifndef ZC_JSON_H
#define ZC_JSON_H
#include <stddef.h>

#include "buf.h"

#define ZC_JSON_MAX_DEPTH 1000

enum { ZC_JSON_NULL, ZC_JSON_FALSE, ZC_JSON_TRUE, ZC_JSON_NUMBER, ZC_JSON_STRING, ZC_JSON_ARRAY, ZC_JSON_OBJECT };

typedef struct zc_json {
    struct zc_json *child, *next; /* arrays and objects: first member; every value: the next one in its parent */
    const char *key;              /* member name, in an object (a C string: stops at a \u0000) */
    const char *str;              /* ZC_JSON_STRING (a C string: stops at a \u0000) */
    double num;                   /* ZC_JSON_NUMBER */
    int num_int;                  /* ZC_JSON_NUMBER, saturated to INT_MIN..INT_MAX */
    int type;
} zc_json;

/* A parsed document: owns its nodes and its copy of the text. Zero-initialise; a document may be parsed into again
 * (it keeps its memory); free with zc_json_doc_free. */
typedef struct zc_json_block zc_json_block;
typedef struct zc_json_doc {
    zc_json_block *blocks, *spare;
    char *text;
    size_t text_cap;
} zc_json_doc;

/* Parses data[0, len) (NULL with len 0 is an empty text). Returns the root value, or NULL: then *err_pos is the
 * byte offset where reading stopped (for line:column messages) and *nomem says whether memory ran out. On success
 * *end is the offset just after the value (the caller decides what may follow). */
const zc_json *zc_json_parse(zc_json_doc *d, const char *data, size_t len, size_t *end, size_t *err_pos, int *nomem);
void zc_json_doc_free(zc_json_doc *d);

/* The first member named `key` of an object (NULL when obj is not an object or has none). */
const zc_json *zc_json_get(const zc_json *obj, const char *key);
size_t zc_json_size(const zc_json *container);
#define zc_json_foreach(it, a) for ((it) = (a) ? (a)->child : NULL; (it); (it) = (it)->next)

static inline int zc_json_is(const zc_json *j, int type)
{
    return j && j->type == type;
}
static inline int zc_json_is_bool(const zc_json *j)
{
    return j && (j->type == ZC_JSON_TRUE || j->type == ZC_JSON_FALSE);
}

/* Appends v as compact JSON (the form a batch line's id is echoed in): strings with the minimal escapes
 * (zc_buf_json_str_minimal), numbers as %.15g or, when that does not read back as the same double, %.17g
 * (infinities as null). */
void zc_json_print(zc_buf *b, const zc_json *v);
#endif
