/* `zicha id CODE`: identify and validate one identifier; JSON on stdout (contract.md).
 * Exit 0 valid, 1 invalid or unrecognised, 2 usage or input error. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "identifier.h"

static void id_usage(FILE *out)
{
    fputs(
        "usage: zicha id CODE\n"
        "       zicha id -        (read the code from stdin)\n"
        "  Identifies and validates 统一社会信用代码, 15-digit 注册号, 组织机构代码 and licence, permit, approval\n"
        "  and filing numbers (SC, JY, YB, 保健食品, 国药准字, 医疗器械, 化妆品, ICP, B2, 公网安备, 网文, 出版物, …).\n"
        "  Words after CODE are joined to it (whitespace inside a code is ignored).\n"
        "  Prints one JSON object: code, kind, kind_name, valid, severity, description, parts, problems, region.\n"
        "  Exit status: 0 valid, 1 invalid or not recognised, 2 usage error.\n",
        out);
}

static int current_year(void)
{
    time_t now = time(NULL);
    if (now == (time_t)-1)
        return 0;
    const struct tm *tm = gmtime(&now);
    return tm ? tm->tm_year + 1900 : 0;
}

int zc_cli_id(int argc, char **argv)
{
    char input[ZC_ID_INPUT_MAX + 2];
    size_t len = 0;
    bool from_stdin = false, any = false, dashdash = false;
    input[0] = '\0';
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!dashdash && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            id_usage(stdout);
            return 0;
        }
        if (!dashdash && strcmp(a, "--") == 0) {
            dashdash = true;
            continue;
        }
        if (!dashdash && strcmp(a, "-") == 0) {
            from_stdin = true;
            continue;
        }
        if (!dashdash && a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9')) {
            fprintf(stderr, "zicha id: unknown option \"%s\"\n", a);
            id_usage(stderr);
            return 2;
        }
        size_t n = strlen(a);
        if (len + n + 1 > ZC_ID_INPUT_MAX + 1) {
            fprintf(stderr, "zicha id: input longer than %d bytes\n", ZC_ID_INPUT_MAX);
            return 2;
        }
        if (any)
            input[len++] = ' ';
        memcpy(input + len, a, n);
        len += n;
        input[len] = '\0';
        any = true;
    }
    if (from_stdin) {
        if (any) {
            fputs("zicha id: give either CODE or -, not both\n", stderr);
            return 2;
        }
        len = fread(input, 1, sizeof input - 1, stdin);
        if (ferror(stdin)) {
            fputs("zicha id: cannot read stdin\n", stderr);
            return 2;
        }
        if (len > ZC_ID_INPUT_MAX) {
            fprintf(stderr, "zicha id: input longer than %d bytes\n", ZC_ID_INPUT_MAX);
            return 2;
        }
        input[len] = '\0';
        any = true;
    }
    if (!any) {
        id_usage(stderr);
        return 2;
    }
    zc_id_options opts = {current_year()};
    zc_id_info info;
    zc_id_identify_ex(input, len, &opts, &info);
    char json[8192];
    size_t need = zc_id_json(&info, json, sizeof json);
    if (need >= sizeof json) {
        fputs("zicha id: result too large\n", stderr); /* cannot happen with the fixed-size zc_id_info */
        return 2;
    }
    fputs(json, stdout);
    fputc('\n', stdout);
    if (fflush(stdout) != 0) {
        perror("zicha id: stdout");
        return 2;
    }
    return info.valid ? 0 : 1;
}
