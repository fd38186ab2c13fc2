/* Error reporting shared by every module (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

void zc_set_error(zc_error *err, zc_status code, const char *fmt, ...)
{
    if (!err)
        return;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}
