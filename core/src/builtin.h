/* Rule packs embedded at build time (build/gen/zc_builtin_packs.c, generated from the rules/ folder). */
#ifndef ZC_BUILTIN_H
#define ZC_BUILTIN_H
#include <stddef.h>

typedef struct zc_builtin_pack {
    const char *name;
    const unsigned char *data;
    size_t len;
} zc_builtin_pack;

extern const zc_builtin_pack zc_builtin_packs[];
extern const size_t zc_builtin_pack_count;
#endif
