/* The one way the engine reports an error: a status code and a formatted message in the caller's zc_error. */
#ifndef ZC_ERROR_H
#define ZC_ERROR_H
#include "zicha.h"

/* Sets err->code and err->message (printf format, truncated to the message buffer); does nothing when err is
 * NULL. Messages name what failed and where (pack, rule, field, line:column), so that the caller can show them
 * as they are. */
void zc_set_error(zc_error *err, zc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
#endif
