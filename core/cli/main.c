/* zicha — command-line interface (contract.md): check, batch, rules, id. */
#define _POSIX_C_SOURCE 200809L /* read(2) for batch */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Reads a whole file (or stdin for "-") into memory. Returns NULL with a message on stderr. Input over `limit`
 * is read to the end (to say how large it is) but not kept; the message uses the engine's wording. */
static char *read_all(const char *path, size_t *len, size_t limit)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "zicha: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0, total = 0;
    char *buf = malloc(cap);
    int failed = buf == NULL;
    char scratch[65536];
    while (!failed) {
        if (n == cap && total <= limit) {
            char *q = cap <= limit ? realloc(buf, cap * 2) : NULL;
            if (q) {
                buf = q;
                cap *= 2;
            }
        }
        size_t got;
        if (n < cap && total <= limit) {
            got = fread(buf + n, 1, cap - n, f);
            n += got;
        } else {
            got = fread(scratch, 1, sizeof scratch, f);
        }
        total += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "zicha: %s: read error\n", path);
                failed = 1;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (!failed && total > limit) {
        if (limit == ZC_MAX_TEXT_BYTES)
            fprintf(stderr, "zicha: %s: 文本过大：%zu 字节，上限 %u 字节（16 MB）\n", path, total,
                    (unsigned)ZC_MAX_TEXT_BYTES);
        else
            fprintf(stderr, "zicha: %s: 文件过大：%zu 字节，上限 %zu 字节\n", path, total, limit);
        failed = 1;
    }
    if (failed || !buf) {
        if (!buf)
            fputs("zicha: out of memory\n", stderr);
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
        fprintf(stderr, "zicha: %s\n", err.message);
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
            fprintf(stderr, "zicha: %s\n", err.message);
            zc_engine_free(e);
            return NULL;
        }
    }
    if (zc_engine_compile(e, &err)) {
        fprintf(stderr, "zicha: %s\n", err.message);
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
        fprintf(stderr, "zicha: %s\n", err.message);
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
            printf("%zu:%zu: %s: %s「%s」 [%s] (%s)\n", f->line, f->column, zc_severity_name(f->severity), f->message,
                   f->match, f->rule_id, f->basis);
            for (size_t k = 0; k < f->n_also; k++) /* the same phrase breaks these rules too */
                printf("    另见：[%s] (%s)\n", f->also[k].rule_id, f->also[k].basis);
            if (f->suggestion[0])
                printf("    建议：%s\n", f->suggestion);
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

/* [perf, issue 6] stdin is read in large blocks and split with memchr; stdout is fully buffered (flushed after
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
                for (size_t t = 0; t < r->n_terms; t++)
                    puts(r->terms[t]);
            } else {
                printf("%s\t%s\t%s\t%s\n", r->id, r->family, zc_severity_name(r->severity), r->basis);
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
