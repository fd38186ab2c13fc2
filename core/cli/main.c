/* zicha — command-line interface (contract.md): check, batch, rules, id. */
#define _POSIX_C_SOURCE 200809L /* read(2) for batch */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "zicha.h"

/* Longest batch line read in full; longer lines get an error object and the stream goes on. */
#define ZC_BATCH_MAX_LINE (4u * 1024u * 1024u)

static void usage(FILE *out)
{
    fputs("usage: zicha [--rules FILE]... [--no-builtin] COMMAND [ARGS]\n"
          "\n"
          "commands:\n"
          "  check [--category CAT] [--mode auto|listing|shop] [--format text|json] [FILE|-]\n"
          "        check one text; exit 0 no error/warning findings, 1 some, 2 usage or input error\n"
          "  batch [--category CAT] [--line-buffered]\n"
          "        JSONL filter: {\"id\",\"text\",\"category\"?} per stdin line -> {\"id\",\"findings\",...}\n"
          "        (--line-buffered: flush after every output line)\n"
          "  rules [--terms] [--json]\n"
          "        list the rules (id, family, severity, basis); --terms: every literal term, one per line\n"
          "  id CODE\n"
          "        identify and validate a 统一社会信用代码 or licence/permit/approval number (JSON)\n"
          "\n"
          "  --rules FILE   add a rule pack (JSON or .json.gz, same format as rules/); repeatable\n"
          "  --no-builtin   do not load the built-in rule packs\n",
          out);
}

/* Writes UTF-8 `s` to a terminal-bound stream inert: control characters (C0, DEL, C1), bidirectional overrides and
 * bytes that are not UTF-8 are written as visible escapes (\x1b, \u009b, \u202e, \xff), so that a text or a rule
 * pack cannot move the cursor, erase a line, set the clipboard (OSC 52) or reorder what is shown. */
static void inert(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *run = p;
        uint32_t cp = 0;
        size_t n = 0;
        for (;;) {
            unsigned c = *p;
            n = c < 0x80                          ? 1
                : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2
                : (c & 0xF0) == 0xE0              ? 3
                : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4
                                                  : 0;
            for (size_t k = 1; k < n; k++)
                if ((p[k] & 0xC0) != 0x80)
                    n = 0;
            if (!c || n == 0)
                break;
            cp = n == 1   ? c
                 : n == 2 ? (c & 0x1Fu) << 6 | (p[1] & 0x3Fu)
                 : n == 3 ? (c & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)
                          : 0x10000;
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x2066 && cp <= 0x2069) || (n == 3 && cp < 0x800))
                break;
            p += n;
        }
        fwrite(run, 1, (size_t)(p - run), f);
        if (!*p)
            break;
        if (n == 0 || (n == 3 && cp < 0x800)) {
            fprintf(f, "\\x%02x", *p);
            p++;
        } else if (cp < 0x80) {
            fprintf(f, "\\x%02x", (unsigned)cp);
            p++;
        } else {
            fprintf(f, "\\u%04x", (unsigned)cp);
            p += n;
        }
    }
}

/* "zicha: MESSAGE" on stderr, the message made inert (it may quote a rule pack) */
static void error_message(const char *msg)
{
    fputs("zicha: ", stderr);
    inert(stderr, msg);
    fputc('\n', stderr);
}

/* Reads a whole file (or stdin for "-") into memory. Returns NULL with a message on stderr. At most limit + 1
 * bytes are read, so endless input (/dev/zero, a pipe that never closes) ends with the size message instead of
 * running until killed; the message gives the file's size when it is a regular file, else "至少 limit + 1". */
static char *read_all(const char *path, size_t *len, size_t limit)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "zicha: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    struct stat sb;
    int have_stat = fstat(fileno(f), &sb) == 0;
    if (have_stat && S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "zicha: %s: 是目录，不是文件（is a directory: give a file, or - for stdin）\n", path);
        if (f != stdin)
            fclose(f);
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    int failed = buf == NULL;
    while (!failed && n <= limit) {
        if (n == cap) {
            size_t nc = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *q = realloc(buf, nc);
            if (!q) {
                failed = 1;
                break;
            }
            buf = q;
            cap = nc;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "zicha: %s: read error: %s\n", path, strerror(errno));
                free(buf);
                buf = NULL;
                failed = 2;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (!buf) {
        if (failed != 2)
            fputs("zicha: out of memory\n", stderr);
        return NULL;
    }
    if (n > limit) {
        char size[48];
        if (have_stat && S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > limit)
            snprintf(size, sizeof size, "%ju", (uintmax_t)sb.st_size);
        else
            snprintf(size, sizeof size, "至少 %zu", limit + 1);
        if (limit == ZC_MAX_TEXT_BYTES)
            fprintf(stderr, "zicha: %s: 文本过大：%s 字节，上限 %u 字节（16 MB）\n", path, size,
                    (unsigned)ZC_MAX_TEXT_BYTES);
        else
            fprintf(stderr, "zicha: %s: 文件过大：%s 字节，上限 %zu 字节\n", path, size, limit);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

typedef struct zc_cli {
    const char *packs[64];
    int n_packs;
    int no_builtin;
} zc_cli;

static zc_engine *make_engine(const zc_cli *cli)
{
    zc_error err;
    zc_engine *e = zc_engine_new();
    if (!e) {
        fputs("zicha: out of memory\n", stderr);
        return NULL;
    }
    if (!cli->no_builtin && zc_engine_add_builtin_packs(e, &err)) {
        error_message(err.message);
        zc_engine_free(e);
        return NULL;
    }
    for (int i = 0; i < cli->n_packs; i++) {
        size_t len;
        char *data = read_all(cli->packs[i], &len, ZC_MAX_PACK_BYTES);
        if (!data) {
            zc_engine_free(e);
            return NULL;
        }
        zc_status st = zc_engine_add_pack(e, cli->packs[i], data, len, &err);
        free(data);
        if (st) {
            error_message(err.message);
            zc_engine_free(e);
            return NULL;
        }
    }
    if (zc_engine_compile(e, &err)) {
        error_message(err.message);
        zc_engine_free(e);
        return NULL;
    }
    return e;
}

static int cmd_check(const zc_cli *cli, int argc, char **argv)
{
    const char *category = NULL, *format = "text", *path = "-";
    zc_mode mode = ZC_MODE_AUTO;
    int have_path = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--category") == 0 && i + 1 < argc) {
            category = argv[++i];
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            format = argv[++i];
        } else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
            const char *m = argv[++i];
            if (strcmp(m, "shop") == 0)
                mode = ZC_MODE_SHOP;
            else if (strcmp(m, "listing") == 0)
                mode = ZC_MODE_LISTING;
            else if (strcmp(m, "auto") == 0)
                mode = ZC_MODE_AUTO;
            else {
                fprintf(stderr, "zicha: unknown mode \"%s\" (auto, listing, shop)\n", m);
                return 2;
            }
        } else if (i + 1 == argc &&
                   (!strcmp(argv[i], "--category") || !strcmp(argv[i], "--format") || !strcmp(argv[i], "--mode"))) {
            fprintf(stderr, "zicha check: %s needs a value\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "zicha check: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!have_path) {
            path = argv[i];
            have_path = 1;
        } else {
            fputs("zicha check: one FILE at most\n", stderr);
            return 2;
        }
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        fprintf(stderr, "zicha: unknown format \"%s\" (text, json)\n", format);
        return 2;
    }
    if (category && !zc_category_valid(category)) {
        fprintf(stderr, "zicha: unknown category \"%s\"\n", category);
        return 2;
    }
    size_t len;
    char *text = read_all(path, &len, ZC_MAX_TEXT_BYTES);
    if (!text)
        return 2;
    zc_engine *e = make_engine(cli);
    if (!e) {
        free(text);
        return 2;
    }
    zc_options opt = {category, mode, 0};
    zc_error err;
    zc_report *r = zc_check(e, text, len, &opt, &err);
    free(text);
    if (!r) {
        error_message(err.message);
        zc_engine_free(e);
        return 2;
    }
    if (strcmp(format, "json") == 0) {
        char *json = zc_report_json(r);
        if (json) {
            size_t n = strlen(json);
            json[n] = '\n';
            fwrite(json, 1, n + 1, stdout);
            free(json);
        }
    } else {
        for (size_t i = 0; i < zc_report_count(r); i++) {
            const zc_finding *f = zc_report_finding(r, i);
            /* every string made inert: the match is the checked text's, the others a rule pack's */
            printf("%zu:%zu: %s: ", f->line, f->column, zc_severity_name(f->severity));
            inert(stdout, f->message);
            fputs("「", stdout);
            inert(stdout, f->match);
            fputs("」 [", stdout);
            inert(stdout, f->rule_id);
            fputs("] (", stdout);
            inert(stdout, f->basis);
            fputs(")\n", stdout);
            for (size_t k = 0; k < f->n_also; k++) { /* the same phrase breaks these rules too */
                fputs("    另见：[", stdout);
                inert(stdout, f->also[k].rule_id);
                fputs("] (", stdout);
                inert(stdout, f->also[k].basis);
                fputs(")\n", stdout);
            }
            if (f->suggestion[0]) {
                fputs("    建议：", stdout);
                inert(stdout, f->suggestion);
                fputc('\n', stdout);
            }
        }
    }
    int status = zc_report_severity_count(r, ZC_ERROR) + zc_report_severity_count(r, ZC_WARNING) ? 1 : 0;
    zc_report_free(r);
    zc_engine_free(e);
    return status;
}

/* Writes an error object for a line too long to parse, keeping its id when the prefix shows one. */
static void long_line_error(const char *prefix, size_t n)
{
    const char *p = NULL;
    for (size_t i = 0; i + 4 < n; i++)
        if (memcmp(prefix + i, "\"id\"", 4) == 0) {
            p = prefix + i + 4;
            break;
        }
    fputs("{\"id\":", stdout);
    int wrote = 0;
    if (p) {
        const char *end = prefix + n;
        while (p < end && (*p == ' ' || *p == ':'))
            p++;
        const char *q = p;
        if (q < end && *q == '"') {
            q++;
            while (q < end && *q != '"') {
                if (*q == '\\' && q + 1 < end)
                    q++;
                q++;
            }
            if (q < end) {
                fwrite(p, 1, (size_t)(q - p + 1), stdout);
                wrote = 1;
            }
        } else {
            while (q < end && ((*q >= '0' && *q <= '9') || *q == '-'))
                q++;
            if (q > p) {
                fwrite(p, 1, (size_t)(q - p), stdout);
                wrote = 1;
            }
        }
    }
    if (!wrote)
        fputs("null", stdout);
    printf(",\"error\":\"line longer than %u bytes\"}\n", (unsigned)ZC_BATCH_MAX_LINE);
}

/* One batch output line (and its newline) to stdout. */
static void batch_emit(const zc_engine *e, zc_scratch *s, const char *line, size_t n, const char *category)
{
    size_t k = n;
    while (k && (line[k - 1] == '\r' || line[k - 1] == ' ' || line[k - 1] == '\t'))
        k--;
    if (k == 0)
        return; /* blank lines produce nothing */
    size_t len;
    const char *out = zc_batch_line_json(e, s, line, n, category, &len);
    if (out) {
        fwrite(out, 1, len, stdout);
        putc('\n', stdout);
    } else {
        puts("{\"id\":null,\"error\":\"out of memory\"}");
    }
}

/* stdin is read in large blocks and split with memchr; stdout is fully buffered (flushed after
 * every line only with --line-buffered, for a caller that waits for each answer before writing the next line);
 * each line is checked with one scratch that keeps its memory from line to line. */
static int cmd_batch(const zc_cli *cli, int argc, char **argv)
{
    const char *category = NULL;
    int line_buffered = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--category") == 0 && i + 1 < argc) {
            category = argv[++i];
        } else if (strcmp(argv[i], "--line-buffered") == 0) {
            line_buffered = 1;
        } else {
            fprintf(stderr, "zicha batch: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    if (category && !zc_category_valid(category)) {
        fprintf(stderr, "zicha: unknown category \"%s\"\n", category);
        return 2;
    }
    zc_engine *e = make_engine(cli);
    if (!e)
        return 2;
    if (!line_buffered)
        setvbuf(stdout, NULL, _IOFBF, 1u << 18); /* the C library allocates the buffer */
    /* a line of more than ZC_BATCH_MAX_LINE - 1 bytes gets an error (its first ZC_BATCH_MAX_LINE - 1 bytes
     * are kept to find the id); the buffer holds up to that plus one read block */
    const size_t block = 1u << 20, keep = ZC_BATCH_MAX_LINE - 1;
    size_t cap = 1u << 20, have = 0, start = 0, scanned = 0;
    char *buf = malloc(cap);
    zc_scratch *s = zc_scratch_new();
    if (!buf || !s) {
        free(buf);
        zc_scratch_free(s);
        zc_engine_free(e);
        fputs("zicha: out of memory\n", stderr);
        return 2;
    }
    int status = 0, eof = 0, skipping = 0;
    for (;;) {
        char *nl = memchr(buf + scanned, '\n', have - scanned);
        if (nl) {
            size_t n = (size_t)(nl - (buf + start));
            if (!skipping && n > keep)
                long_line_error(buf + start, keep);
            else if (!skipping)
                batch_emit(e, s, buf + start, n, category);
            skipping = 0;
            start = scanned = (size_t)(nl - buf) + 1;
            if (line_buffered)
                fflush(stdout);
            continue;
        }
        scanned = have;
        if (!skipping && have - start > keep) { /* too long: answer now, drop the rest of the line */
            long_line_error(buf + start, keep);
            if (line_buffered)
                fflush(stdout);
            skipping = 1;
        }
        if (skipping)
            start = scanned = have;
        if (eof) {
            if (!skipping && start < have)
                batch_emit(e, s, buf + start, have - start, category);
            break;
        }
        if (start > 0) { /* keep the unfinished line at the front */
            memmove(buf, buf + start, have - start);
            have -= start;
            scanned -= start;
            start = 0;
        }
        if (cap - have < block / 2) {
            char *q = realloc(buf, cap * 2);
            if (!q) {
                fputs("zicha: out of memory\n", stderr);
                status = 2;
                break;
            }
            buf = q;
            cap *= 2;
        }
        /* read(2), not fread: it returns what a pipe holds, so a line-by-line caller gets each answer at once */
        ssize_t got;
        do
            got = read(STDIN_FILENO, buf + have, cap - have);
        while (got < 0 && errno == EINTR);
        if (got < 0) {
            fputs("zicha batch: read error on stdin\n", stderr);
            status = 2;
            break;
        }
        have += (size_t)got;
        eof = got == 0;
    }
    fflush(stdout);
    free(buf);
    zc_scratch_free(s);
    zc_engine_free(e);
    return status;
}

static int cmd_rules(const zc_cli *cli, int argc, char **argv)
{
    int terms = 0, json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--terms") == 0)
            terms = 1;
        else if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else {
            fprintf(stderr, "zicha rules: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    zc_engine *e = make_engine(cli);
    if (!e)
        return 2;
    if (json) {
        char *s = zc_rules_json(e);
        if (s)
            puts(s);
        free(s);
    } else {
        for (size_t i = 0; i < zc_engine_rule_count(e); i++) {
            const zc_rule_info *r = zc_engine_rule(e, i);
            if (terms) {
                for (size_t t = 0; t < r->n_terms; t++) {
                    inert(stdout, r->terms[t]);
                    fputc('\n', stdout);
                }
            } else {
                inert(stdout, r->id);
                fputc('\t', stdout);
                inert(stdout, r->family);
                printf("\t%s\t", zc_severity_name(r->severity));
                inert(stdout, r->basis);
                fputc('\n', stdout);
            }
        }
    }
    zc_engine_free(e);
    return 0;
}

int main(int argc, char **argv)
{
    zc_cli cli;
    memset(&cli, 0, sizeof cli);
    int i = 1;
    /* global options may come before or after the command */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return 2;
    int n_rest = 0;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--rules") == 0) {
            if (i + 1 >= argc) {
                fputs("zicha: --rules needs a FILE\n", stderr);
                free(rest);
                return 2;
            }
            if (cli.n_packs == 64) {
                fputs("zicha: at most 64 --rules packs\n", stderr);
                free(rest);
                return 2;
            }
            cli.packs[cli.n_packs++] = argv[++i];
        } else if (strcmp(argv[i], "--no-builtin") == 0) {
            cli.no_builtin = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            free(rest);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            puts("zicha " ZC_VERSION);
            free(rest);
            return 0;
        } else {
            rest[n_rest++] = argv[i];
        }
    }
    int status;
    if (n_rest == 0) {
        usage(stderr);
        status = 2;
    } else if (strcmp(rest[0], "check") == 0) {
        status = cmd_check(&cli, n_rest - 1, rest + 1);
    } else if (strcmp(rest[0], "batch") == 0) {
        status = cmd_batch(&cli, n_rest - 1, rest + 1);
    } else if (strcmp(rest[0], "rules") == 0) {
        status = cmd_rules(&cli, n_rest - 1, rest + 1);
    } else if (strcmp(rest[0], "id") == 0) {
        status = zc_cli_id(n_rest, rest);
    } else {
        fprintf(stderr, "zicha: unknown command \"%s\"\n", rest[0]);
        usage(stderr);
        status = 2;
    }
    free(rest);
    return status;
}
