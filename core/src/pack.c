/* Rule packs: loading (JSON or gzip'd JSON), validation with precise messages, engine lifetime. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "engine.h"
#include "gunzip.h"
#include "json.h"

/* The name tables come from the registry (zc_registry.h, generated from rules/registry/vocabulary.json). */
const char *const ZC_CATEGORIES[ZC_N_CATEGORIES] = {ZC_REGISTRY_CATEGORY_NAMES};
const char *const ZC_FAMILIES[] = {ZC_REGISTRY_FAMILY_NAMES};
const size_t ZC_N_FAMILIES = sizeof ZC_FAMILIES / sizeof ZC_FAMILIES[0];
_Static_assert(sizeof ZC_FAMILIES / sizeof ZC_FAMILIES[0] <= 256, "zc_rule.family is a uint8_t");

int zc_category_index(const char *name)
{
    for (int i = 0; i < ZC_N_CATEGORIES; i++)
        if (strcmp(name, ZC_CATEGORIES[i]) == 0)
            return i;
    return -1;
}

int zc_category_valid(const char *name)
{
    return name && zc_category_index(name) >= 0;
}

const char *zc_severity_name(zc_severity s)
{
    return s == ZC_ERROR ? "error" : s == ZC_WARNING ? "warning" : "info";
}

char *zc_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

char *zc_strdup(const char *s)
{
    return zc_strndup(s, strlen(s));
}

zc_engine *zc_engine_new(void)
{
    return calloc(1, sizeof(zc_engine));
}

/* The strings of the rules and cues are copied into blocks owned by the engine
 * (one allocation per ~64 KB instead of one per string; freed with the engine; a failed pack's strings stay until
 * then). */
typedef struct zc_str_block {
    struct zc_str_block *prev;
    size_t used, cap;
    char data[];
} zc_str_block;

static char *estrndup(zc_engine *e, const char *s, size_t n)
{
    zc_str_block *b = e->strings;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = 65536 - sizeof *b;
        if (cap < n + 1)
            cap = n + 1;
        zc_str_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->prev = b;
        nb->used = 0;
        nb->cap = cap;
        e->strings = b = nb;
    }
    char *d = b->data + b->used;
    memcpy(d, s, n);
    d[n] = 0;
    b->used += n + 1;
    return d;
}

static char *estrdup(zc_engine *e, const char *s)
{
    return estrndup(e, s, strlen(s));
}

static void free_strv(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_rule(zc_rule *r)
{
    /* the strings live in the engine's blocks */
    free((void *)r->info.terms);
    free(r->allow);
    free(r->near.terms);
    free(r->unless.terms);
    free(r->examples);
    for (size_t i = 0; i < r->info.n_replace; i++)
        free((void *)r->replace[i].texts);
    free(r->replace);
    free(r->replace_fold);
    free(r->replace_fold_off);
    free(r->json_head);
    free(r->json_tail);
}

static void free_lexicon(zc_lexicon *x)
{
    free(x->terms);
    if (x->expanded != x->terms)
        free(x->expanded);
    free(x->examples);
}

void zc_word_list_free(zc_word_list *l)
{
    if (l->cues)
        for (size_t i = 0; i < l->n; i++)
            free(l->cues[i]);
    free(l->cues);
    free(l->len);
    l->cues = NULL;
    l->len = NULL;
    l->n = 0;
}

void zc_engine_free(zc_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_rules; i++)
        free_rule(&e->rules[i]);
    free(e->rules);
    free_strv(e->pack_names, e->n_packs);
    for (int c = 0; c < ZC_N_CATEGORIES; c++) {
        free(e->cues[c].terms);
        free(e->evidence[c].terms);
    }
    for (size_t i = 0; i < e->n_lexicons; i++)
        free_lexicon(&e->lexicons[i]);
    free(e->lexicons);
    while (e->strings) {
        zc_str_block *b = e->strings;
        e->strings = b->prev;
        free(b);
    }
    zc_matcher_free(e->matcher);
    free(e->fold_table);
    free(e->uses);
    free(e->use_start);
    zc_word_list_free(&e->negation);
    zc_word_list_free(&e->register_cues);
    free(e);
}

size_t zc_engine_lexicon_count(const zc_engine *e)
{
    return e ? e->n_lexicons : 0;
}

const zc_lexicon_info *zc_engine_lexicon(const zc_engine *e, size_t i)
{
    return e && i < e->n_lexicons ? &e->lexicons[i].info : NULL;
}

size_t zc_engine_rule_count(const zc_engine *e)
{
    return e ? e->n_rules : 0;
}

const zc_rule_info *zc_engine_rule(const zc_engine *e, size_t i)
{
    return e && i < e->n_rules ? &e->rules[i].info : NULL;
}

/* ---- validation helpers ---- */

typedef struct zc_loader {
    zc_engine *e;
    const char *pack;
    zc_error *err;
    /* the engine's rule ids, hashed (rule index + 1, 0 = empty; open addressing,
     * at most half full): a duplicate is found without comparing with every rule before it */
    uint32_t *ids;
    size_t ids_cap, ids_n;
} zc_loader;

static size_t id_slot(const char *s, size_t cap)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (cap - 1);
}

/* The rule with id `id`, or NULL. */
static const zc_rule *ids_find(const zc_loader *L, const char *id)
{
    if (!L->ids_cap)
        return NULL;
    for (size_t j = id_slot(id, L->ids_cap); L->ids[j]; j = (j + 1) & (L->ids_cap - 1))
        if (strcmp(L->e->rules[L->ids[j] - 1].info.id, id) == 0)
            return &L->e->rules[L->ids[j] - 1];
    return NULL;
}

/* Adds rule r (its id not yet present). Returns -1 when out of memory. */
static int ids_add(zc_loader *L, size_t r)
{
    if ((L->ids_n + 1) * 2 > L->ids_cap) {
        size_t cap = L->ids_cap ? L->ids_cap * 2 : 256;
        while (cap < (L->e->n_rules + 1) * 2)
            cap *= 2;
        uint32_t *v = calloc(cap, sizeof *v);
        if (!v)
            return -1;
        free(L->ids);
        L->ids = v;
        L->ids_cap = cap;
        L->ids_n = 0;
        for (size_t i = 0; i < L->e->n_rules; i++)
            if (i != r) {
                size_t j = id_slot(L->e->rules[i].info.id, cap);
                while (v[j])
                    j = (j + 1) & (cap - 1);
                v[j] = (uint32_t)i + 1;
                L->ids_n++;
            }
    }
    size_t j = id_slot(L->e->rules[r].info.id, L->ids_cap);
    while (L->ids[j])
        j = (j + 1) & (L->ids_cap - 1);
    L->ids[j] = (uint32_t)r + 1;
    L->ids_n++;
    return 0;
}

static void line_col(const char *data, size_t len, size_t pos, size_t *line, size_t *col)
{
    size_t l = 1, c = 1;
    for (size_t i = 0; i < pos && i < len; i++) {
        if (data[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Bracket depth of the JSON text before `pos` (outside strings). The reader stops at nesting deeper than
 * ZC_JSON_MAX_DEPTH; this lets the message name the cause (a pack of 100,000 '[' would otherwise get a bare
 * "invalid JSON" at column 1001). */
static size_t json_depth_at(const char *data, size_t len, size_t pos)
{
    size_t depth = 0;
    int in_str = 0;
    for (size_t i = 0; i < pos && i < len; i++) {
        char c = data[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return depth;
}

/* `index` for the term lists that belong to no rule (a lexicon, a category's cues or evidence): rule_id then names
 * the owner as it should read in the message (lexicon "name", category "food"). */
#define ZC_NOT_A_RULE ((size_t)-1)

static zc_status schema(zc_loader *L, const char *rule_id, size_t index, const char *field, const char *what)
{
    if (rule_id && index == ZC_NOT_A_RULE)
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: %s: field \"%s\": %s", L->pack, rule_id, field, what);
    else if (rule_id)
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: rule \"%s\" (#%zu): field \"%s\": %s", L->pack, rule_id,
                     index + 1, field, what);
    else
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: rule #%zu: field \"%s\": %s", L->pack, index + 1, field, what);
    return ZC_ERR_PACK_SCHEMA;
}

static int nonempty_string(const zc_json *j)
{
    return zc_json_is(j, ZC_JSON_STRING) && j->str && j->str[0];
}

/* Reads an array of non-empty strings, each with something to match after folding. */
static zc_status string_array(zc_loader *L, const char *rid, size_t idx, const zc_json *a, const char *field,
                              char ***out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!zc_json_is(a, ZC_JSON_ARRAY))
        return schema(L, rid, idx, field, "expected an array of strings");
    size_t n = zc_json_size(a);
    char **v = calloc(n + 1, sizeof *v);
    if (!v)
        return schema(L, rid, idx, field, "out of memory");
    size_t k = 0;
    const zc_json *it;
    zc_json_foreach(it, a)
    {
        if (!nonempty_string(it)) {
            free(v);
            char msg[96];
            snprintf(msg, sizeof msg, "item %zu is not a non-empty string", k + 1);
            return schema(L, rid, idx, field, msg);
        }
        size_t len = strlen(it->str);
        if (!zc_term_has_word(it->str, len, L->e->fold_table)) { /* no folding, no allocation */
            free(v);
            char msg[160];
            snprintf(msg, sizeof msg, "item %zu (\"%.60s\") has no letters, digits or CJK characters to match", k + 1,
                     it->str);
            return schema(L, rid, idx, field, msg);
        }
        v[k] = estrndup(L->e, it->str, len);
        if (!v[k]) {
            free(v);
            return schema(L, rid, idx, field, "out of memory");
        }
        k++;
    }
    *out = v;
    *n_out = k;
    return ZC_OK;
}

/* Reads an optional array of strings `field` of `obj`. */
static zc_status string_list(zc_loader *L, const char *rid, size_t idx, const zc_json *obj, const char *field,
                             char ***out, size_t *n_out)
{
    const zc_json *a = zc_json_get(obj, field);
    if (!a) {
        *out = NULL;
        *n_out = 0;
        return ZC_OK;
    }
    return string_array(L, rid, idx, a, field, out, n_out);
}

static zc_status pattern_mask(zc_loader *L, const char *rid, size_t idx, const zc_json *obj, const char *field,
                              uint32_t *mask)
{
    *mask = 0;
    const zc_json *a = zc_json_get(obj, field);
    if (!a)
        return ZC_OK;
    if (!zc_json_is(a, ZC_JSON_ARRAY))
        return schema(L, rid, idx, field, "expected an array of pattern names");
    const zc_json *it;
    zc_json_foreach(it, a)
    {
        int k = zc_json_is(it, ZC_JSON_STRING) ? zc_pattern_by_name(it->str) : -1;
        if (k < 0) {
            char msg[200];
            snprintf(msg, sizeof msg, "unknown pattern \"%.40s\" (known: " ZC_REGISTRY_PATTERN_LIST ")",
                     zc_json_is(it, ZC_JSON_STRING) ? it->str : "?");
            return schema(L, rid, idx, field, msg);
        }
        *mask |= 1u << k;
    }
    return ZC_OK;
}

static zc_status category_mask(zc_loader *L, const char *rid, size_t idx, const zc_json *obj, const char *field,
                               uint32_t *mask)
{
    *mask = 0;
    const zc_json *a = zc_json_get(obj, field);
    if (!a)
        return ZC_OK;
    if (!zc_json_is(a, ZC_JSON_ARRAY))
        return schema(L, rid, idx, field, "expected an array of category names");
    const zc_json *it;
    zc_json_foreach(it, a)
    {
        int k = zc_json_is(it, ZC_JSON_STRING) ? zc_category_index(it->str) : -1;
        if (k < 0) {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown category \"%.40s\" (see docs/contract.md)",
                     zc_json_is(it, ZC_JSON_STRING) ? it->str : "?");
            return schema(L, rid, idx, field, msg);
        }
        *mask |= 1u << k;
    }
    return ZC_OK;
}

static zc_status context(zc_loader *L, const char *rid, size_t idx, const zc_json *obj, const char *field,
                         zc_context *c)
{
    memset(c, 0, sizeof *c);
    const zc_json *o = zc_json_get(obj, field);
    if (!o)
        return ZC_OK;
    if (!zc_json_is(o, ZC_JSON_OBJECT))
        return schema(L, rid, idx, field, "expected an object {terms, patterns, window}");
    const zc_json *it;
    zc_json_foreach(it, o)
    {
        if (strcmp(it->key, "terms") && strcmp(it->key, "patterns") && strcmp(it->key, "window") &&
            strcmp(it->key, "extend") && strcmp(it->key, "clause")) {
            char msg[120];
            snprintf(msg, sizeof msg, "unknown key \"%.40s\" (known: terms, patterns, window, extend, clause)",
                     it->key);
            return schema(L, rid, idx, field, msg);
        }
    }
    zc_status st = string_list(L, rid, idx, o, "terms", &c->terms, &c->n_terms);
    if (st)
        return st;
    st = pattern_mask(L, rid, idx, o, "patterns", &c->pattern_mask);
    if (st)
        return st;
    if (c->n_terms == 0 && c->pattern_mask == 0)
        return schema(L, rid, idx, field, "needs at least one of terms or patterns");
    const zc_json *w = zc_json_get(o, "window");
    if (w) {
        if (!zc_json_is(w, ZC_JSON_NUMBER) || w->num < 0 || w->num > 100000 || w->num != (double)(int)w->num)
            return schema(L, rid, idx, field, "window must be an integer from 0 to 100000");
        c->window = (uint32_t)w->num_int;
    } else {
        c->window = 10;
    }
    const zc_json *x = zc_json_get(o, "extend");
    if (x) {
        if (!zc_json_is_bool(x))
            return schema(L, rid, idx, field, "extend must be true or false");
        c->extend = zc_json_is(x, ZC_JSON_TRUE);
    }
    /* an extended finding covers trigger and context: a wide or whole-text window would let one finding's match,
     * and so the report, grow with the text (the work budget, zicha.h) */
    if (c->extend && (c->window == 0 || c->window > ZC_MAX_TERM_CHARS)) {
        char msg[120];
        snprintf(msg, sizeof msg, "规则包过于复杂: extend needs a window from 1 to %u", ZC_MAX_TERM_CHARS);
        return schema(L, rid, idx, field, msg);
    }
    if ((x = zc_json_get(o, "clause"))) {
        if (!zc_json_is_bool(x))
            return schema(L, rid, idx, field, "clause must be true or false");
        c->clause = zc_json_is(x, ZC_JSON_TRUE);
    }
    c->present = 1;
    return ZC_OK;
}

static zc_status examples(zc_loader *L, const char *rid, size_t idx, const zc_json *obj, zc_rule *r)
{
    const zc_json *ex = zc_json_get(obj, "examples");
    if (!ex)
        return ZC_OK;
    if (!zc_json_is(ex, ZC_JSON_OBJECT))
        return schema(L, rid, idx, "examples", "expected an object {match: [...], no_match: [...]}");
    const zc_json *m = zc_json_get(ex, "match");
    const zc_json *nm = zc_json_get(ex, "no_match");
    const zc_json *it;
    zc_json_foreach(it, ex)
    {
        if (strcmp(it->key, "match") && strcmp(it->key, "no_match"))
            return schema(L, rid, idx, "examples", "unknown key (known: match, no_match)");
    }
    if ((m && !zc_json_is(m, ZC_JSON_ARRAY)) || (nm && !zc_json_is(nm, ZC_JSON_ARRAY)))
        return schema(L, rid, idx, "examples", "match and no_match must be arrays");
    size_t nmatch = m ? zc_json_size(m) : 0, nno = nm ? zc_json_size(nm) : 0;
    r->examples = calloc(nmatch + nno + 1, sizeof *r->examples);
    if (!r->examples)
        return schema(L, rid, idx, "examples", "out of memory");
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++) {
        const zc_json *arr = pass == 0 ? m : nm;
        const char *fname = pass == 0 ? "examples.match" : "examples.no_match";
        size_t j = 0;
        zc_json_foreach(it, arr)
        {
            j++;
            zc_example *x = &r->examples[k];
            const char *text = NULL, *match = NULL, *cat = NULL;
            if (zc_json_is(it, ZC_JSON_STRING)) {
                text = it->str;
            } else if (zc_json_is(it, ZC_JSON_OBJECT)) {
                const zc_json *t = zc_json_get(it, "text");
                const zc_json *mm = zc_json_get(it, "match");
                const zc_json *c = zc_json_get(it, "category");
                const zc_json *kk;
                zc_json_foreach(kk, it)
                {
                    if (strcmp(kk->key, "text") && strcmp(kk->key, "match") && strcmp(kk->key, "category") &&
                        strcmp(kk->key, "note") && strcmp(kk->key, "output") && strcmp(kk->key, "still_flagged")) {
                        char msg[120];
                        snprintf(msg, sizeof msg, "item %zu: unknown key \"%.40s\"", j, kk->key);
                        return schema(L, rid, idx, fname, msg);
                    }
                }
                text = zc_json_is(t, ZC_JSON_STRING) ? t->str : NULL;
                if (mm && !nonempty_string(mm) && !(r->absent && zc_json_is(mm, ZC_JSON_STRING))) {
                    char msg[120];
                    snprintf(msg, sizeof msg, "item %zu: match must be a non-empty string (\"\" only for absent rules)",
                             j);
                    return schema(L, rid, idx, fname, msg);
                }
                match = mm ? mm->str : NULL;
                if (c && (!zc_json_is(c, ZC_JSON_STRING) || !zc_category_valid(c->str))) {
                    char msg[80];
                    snprintf(msg, sizeof msg, "item %zu: unknown category", j);
                    return schema(L, rid, idx, fname, msg);
                }
                cat = c ? c->str : NULL;
                const zc_json *o = zc_json_get(it, "output"), *sf = zc_json_get(it, "still_flagged");
                const char *why = NULL;
                if ((o || sf) && pass == 1)
                    why = "output and still_flagged belong to match examples";
                else if (o && !zc_json_is(o, ZC_JSON_STRING))
                    why = "output must be a string (the text after applying the first fix)";
                else if (o && !r->info.n_replace)
                    why = "output needs the rule's \"replace\" (there is no fix to apply)";
                else if (sf && (!zc_json_is_bool(sf) || !o))
                    why = "still_flagged must be true or false, beside an output";
                if (why) {
                    char msg[160];
                    snprintf(msg, sizeof msg, "item %zu: %s", j, why);
                    return schema(L, rid, idx, fname, msg);
                }
                x->output = o ? estrdup(L->e, o->str) : NULL;
                x->still_flagged = sf && zc_json_is(sf, ZC_JSON_TRUE);
                if (o && !x->output)
                    return schema(L, rid, idx, fname, "out of memory");
            }
            if (!text) {
                char msg[80];
                snprintf(msg, sizeof msg, "item %zu: expected a string or {text, match, category}", j);
                return schema(L, rid, idx, fname, msg);
            }
            if (pass == 0 && !match) {
                char msg[120];
                snprintf(msg, sizeof msg, "item %zu: a match example needs \"match\", the substring to report", j);
                return schema(L, rid, idx, fname, msg);
            }
            if (pass == 0 && !strstr(text, match)) {
                char msg[120];
                snprintf(msg, sizeof msg, "item %zu: \"match\" is not a substring of \"text\"", j);
                return schema(L, rid, idx, fname, msg);
            }
            if (pass == 1 && match) {
                char msg[80];
                snprintf(msg, sizeof msg, "item %zu: a no_match example cannot have \"match\"", j);
                return schema(L, rid, idx, fname, msg);
            }
            x->text = estrdup(L->e, text);
            x->match = match ? estrdup(L->e, match) : NULL;
            x->category = cat ? estrdup(L->e, cat) : NULL;
            k++;
            if (pass == 0)
                r->info.n_match_examples++;
            else
                r->info.n_no_match_examples++;
            if (!x->text || (match && !x->match) || (cat && !x->category))
                return schema(L, rid, idx, fname, "out of memory");
        }
    }
    r->info.match_examples = r->examples;
    r->info.no_match_examples = r->examples + r->info.n_match_examples;
    return ZC_OK;
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static const char *const rule_keys[] = {
    "id",       "family", "severity",    "basis",          "message", "suggestion", "terms",
    "patterns", "allow",  "categories",  "not_categories", "near",    "unless",     "negation",
    "boundary", "scope",  "absent",      "examples",       "note",    "notes",      "source",
    "link",     "tags",   "description", "permitted_in",   "replace"};

/* Bounds of a rule's "replace": entries, fixes per entry, bytes per fix. */
enum { ZC_MAX_REPLACE = 256, ZC_MAX_FIXES = 8, ZC_MAX_FIX_BYTES = 120 };

/* "replace": {term: [fix, …]}: each key is one of the rule's terms exactly as written (not an "@lexicon"
 * reference) or "*" (any match); each value a non-empty array of at most ZC_MAX_FIXES strings ("" deletes). The
 * keys are folded here like text, so the report finds the matched term whatever its spelling (最 好, 最好). */
static zc_status replace_field(zc_loader *L, const char *rid, size_t idx, const zc_json *obj, zc_rule *r)
{
    const zc_json *rp = zc_json_get(obj, "replace");
    if (!rp)
        return ZC_OK;
    if (!zc_json_is(rp, ZC_JSON_OBJECT))
        return schema(L, rid, idx, "replace", "expected an object {term: [replacement, …]}");
    size_t n = zc_json_size(rp), n_fold = 0;
    if (n == 0 || n > ZC_MAX_REPLACE)
        return schema(L, rid, idx, "replace", "needs 1 to 256 entries");
    const zc_json *it;
    zc_json_foreach(it, rp) n_fold += strlen(it->key) * 2;
    r->replace = calloc(n, sizeof *r->replace);
    r->replace_fold = malloc((n_fold + 1) * sizeof *r->replace_fold);
    r->replace_fold_off = calloc(n + 1, sizeof *r->replace_fold_off);
    if (!r->replace || !r->replace_fold || !r->replace_fold_off)
        return schema(L, rid, idx, "replace", "out of memory");
    size_t k = 0;
    char msg[200];
    zc_json_foreach(it, rp)
    {
        const char *term = it->key;
        int star = strcmp(term, "*") == 0, known = star;
        for (size_t t = 0; !known && t < r->info.n_terms; t++)
            known = strcmp(r->info.terms[t], term) == 0;
        if (!known || term[0] == '@') {
            snprintf(msg, sizeof msg, "key \"%.60s\" is not one of the rule's terms as written%s", term,
                     term[0] == '@' ? " (a lexicon reference: use \"*\")" : " (or \"*\" for any match)");
            return schema(L, rid, idx, "replace", msg);
        }
        size_t nt = zc_json_is(it, ZC_JSON_ARRAY) ? zc_json_size(it) : 0;
        if (nt == 0 || nt > ZC_MAX_FIXES) {
            snprintf(msg, sizeof msg, "\"%.60s\": expected an array of 1 to %d strings (\"\" deletes)", term,
                     ZC_MAX_FIXES);
            return schema(L, rid, idx, "replace", msg);
        }
        const char **texts = calloc(nt + 1, sizeof *texts);
        if (!texts)
            return schema(L, rid, idx, "replace", "out of memory");
        r->replace[k].texts = texts;
        r->replace[k].term = estrdup(L->e, term);
        r->info.n_replace = ++k;
        const zc_json *x;
        size_t j = 0;
        zc_json_foreach(x, it)
        {
            if (!zc_json_is(x, ZC_JSON_STRING) || strlen(x->str) > ZC_MAX_FIX_BYTES) {
                snprintf(msg, sizeof msg, "\"%.60s\" item %zu: expected a string of at most %d bytes", term, j + 1,
                         ZC_MAX_FIX_BYTES);
                return schema(L, rid, idx, "replace", msg);
            }
            if (!(texts[j++] = estrdup(L->e, x->str)))
                return schema(L, rid, idx, "replace", "out of memory");
        }
        r->replace[k - 1].n_texts = nt;
        size_t off = r->replace_fold_off[k - 1];
        r->replace_fold_off[k] =
            (uint32_t)(off +
                       (star ? 0 : zc_fold_term_into(term, strlen(term), L->e->fold_table, r->replace_fold + off)));
        if (!r->replace[k - 1].term)
            return schema(L, rid, idx, "replace", "out of memory");
    }
    r->info.replace = r->replace;
    return ZC_OK;
}

static zc_status load_rule(zc_loader *L, const zc_json *obj, size_t idx)
{
    zc_engine *e = L->e;
    if (!zc_json_is(obj, ZC_JSON_OBJECT))
        return schema(L, NULL, idx, "rules", "each rule must be an object");
    const zc_json *id = zc_json_get(obj, "id");
    if (!nonempty_string(id))
        return schema(L, NULL, idx, "id", "required, a non-empty string");
    const char *rid = id->str;
    if (!valid_id(rid))
        return schema(L, rid, idx, "id", "may only contain a-z, 0-9, '.', '_' and '-'");
    if (!L->ids_cap && e->n_rules && ids_add(L, e->n_rules - 1)) /* the rules of earlier packs */
        return schema(L, rid, idx, "id", "out of memory");
    const zc_rule *dup = ids_find(L, rid);
    if (dup) {
        char msg[200];
        snprintf(msg, sizeof msg, "duplicate rule id (already defined in %s)", dup->info.pack);
        return schema(L, rid, idx, "id", msg);
    }
    const zc_json *it;
    zc_json_foreach(it, obj)
    {
        size_t k;
        for (k = 0; k < sizeof rule_keys / sizeof rule_keys[0]; k++)
            if (it->key[0] == rule_keys[k][0] && strcmp(it->key, rule_keys[k]) == 0)
                break;
        if (k == sizeof rule_keys / sizeof rule_keys[0])
            return schema(L, rid, idx, it->key, "unknown field (see docs/design.md for the rule format)");
    }
    const zc_json *family = zc_json_get(obj, "family");
    if (!nonempty_string(family))
        return schema(L, rid, idx, "family", "required, a non-empty string");
    size_t f;
    for (f = 0; f < ZC_N_FAMILIES; f++)
        if (strcmp(family->str, ZC_FAMILIES[f]) == 0)
            break;
    if (f == ZC_N_FAMILIES)
        return schema(L, rid, idx, "family", "not one of the families in docs/contract.md");
    const zc_json *sev = zc_json_get(obj, "severity");
    zc_severity severity;
    if (zc_json_is(sev, ZC_JSON_STRING) && strcmp(sev->str, "error") == 0)
        severity = ZC_ERROR;
    else if (zc_json_is(sev, ZC_JSON_STRING) && strcmp(sev->str, "warning") == 0)
        severity = ZC_WARNING;
    else if (zc_json_is(sev, ZC_JSON_STRING) && strcmp(sev->str, "info") == 0)
        severity = ZC_INFO;
    else
        return schema(L, rid, idx, "severity", "required: error, warning or info");
    const zc_json *basis = zc_json_get(obj, "basis");
    const zc_json *message = zc_json_get(obj, "message");
    const zc_json *suggestion = zc_json_get(obj, "suggestion");
    if (!nonempty_string(basis))
        return schema(L, rid, idx, "basis", "required: the law, article and item");
    if (!nonempty_string(message))
        return schema(L, rid, idx, "message", "required, a non-empty string");
    if (suggestion && !zc_json_is(suggestion, ZC_JSON_STRING))
        return schema(L, rid, idx, "suggestion", "must be a string");
    if (severity != ZC_INFO && !nonempty_string(suggestion))
        return schema(L, rid, idx, "suggestion", "required for error and warning rules");

    if (e->n_rules == e->cap_rules) {
        size_t nc = e->cap_rules ? e->cap_rules * 2 : 64;
        zc_rule *q = realloc(e->rules, nc * sizeof *q);
        if (!q)
            return schema(L, rid, idx, "id", "out of memory");
        e->rules = q;
        e->cap_rules = nc;
    }
    zc_rule *r = &e->rules[e->n_rules];
    memset(r, 0, sizeof *r);
    r->info.id = estrdup(e, rid);
    r->info.family = estrdup(e, family->str);
    r->info.severity = severity;
    r->info.basis = estrdup(e, basis->str);
    r->info.message = estrdup(e, message->str);
    r->info.suggestion = estrdup(e, suggestion ? suggestion->str : "");
    r->info.pack = e->pack_names[e->n_packs - 1];
    r->family = (uint8_t)f;
    r->boundary = 1;
    e->n_rules++; /* from here on, free_rule cleans up on error via the caller's rollback */
    if (!r->info.id || !r->info.family || !r->info.basis || !r->info.message || !r->info.suggestion ||
        ids_add(L, e->n_rules - 1))
        return schema(L, rid, idx, "id", "out of memory");
    zc_status st;
    char **terms;
    size_t nt;
    if ((st = string_list(L, rid, idx, obj, "terms", &terms, &nt)))
        return st;
    r->info.terms = (const char *const *)terms;
    r->info.n_terms = nt;
    if ((st = pattern_mask(L, rid, idx, obj, "patterns", &r->trigger_patterns)))
        return st;
    if ((st = string_list(L, rid, idx, obj, "allow", &r->allow, &r->n_allow)))
        return st;
    if ((st = category_mask(L, rid, idx, obj, "categories", &r->cat_mask)))
        return st;
    if ((st = category_mask(L, rid, idx, obj, "not_categories", &r->not_cat_mask)))
        return st;
    if ((st = category_mask(L, rid, idx, obj, "permitted_in", &r->permit_mask)))
        return st;
    if ((st = context(L, rid, idx, obj, "near", &r->near)))
        return st;
    if ((st = context(L, rid, idx, obj, "unless", &r->unless)))
        return st;
    const zc_json *b;
    if ((b = zc_json_get(obj, "negation"))) {
        if (!zc_json_is_bool(b))
            return schema(L, rid, idx, "negation", "must be true or false");
        r->negation = zc_json_is(b, ZC_JSON_TRUE);
    }
    if ((b = zc_json_get(obj, "boundary"))) {
        if (!zc_json_is_bool(b))
            return schema(L, rid, idx, "boundary", "must be true or false");
        r->boundary = zc_json_is(b, ZC_JSON_TRUE);
    }
    if ((b = zc_json_get(obj, "absent"))) {
        if (!zc_json_is_bool(b))
            return schema(L, rid, idx, "absent", "must be true or false");
        r->absent = zc_json_is(b, ZC_JSON_TRUE);
    }
    if ((b = zc_json_get(obj, "scope"))) {
        if (zc_json_is(b, ZC_JSON_STRING) && strcmp(b->str, "shop") == 0)
            r->scope = ZC_SCOPE_SHOP;
        else if (zc_json_is(b, ZC_JSON_STRING) && strcmp(b->str, "any") == 0)
            r->scope = ZC_SCOPE_ANY;
        else
            return schema(L, rid, idx, "scope", "must be \"any\" or \"shop\"");
    }
    if (nt == 0 && r->trigger_patterns == 0)
        return schema(L, rid, idx, "terms", "a rule needs terms or patterns");
    if (r->near.extend && r->absent)
        return schema(L, rid, idx, "near", "extend cannot be used with absent");
    if ((st = replace_field(L, rid, idx, obj, r)))
        return st;
    if (r->info.n_replace && r->absent)
        return schema(L, rid, idx, "replace", "an absent rule has no text to replace");
    return examples(L, rid, idx, obj, r);
}

/* Reads a top-level object of category → terms ("categories": cue words; "evidence": approval-number prefixes)
 * into lists[category]. `order` (may be NULL) records the categories in order of first appearance. */
static zc_status load_category_terms(zc_loader *L, const zc_json *obj, const char *field, zc_cue_list *lists,
                                     int *order, int *n_order)
{
    if (!zc_json_is(obj, ZC_JSON_OBJECT)) {
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: \"%s\" must be an object of category → terms", L->pack, field);
        return ZC_ERR_PACK_SCHEMA;
    }
    const zc_json *it;
    zc_json_foreach(it, obj)
    {
        int c = zc_category_index(it->key);
        if (c <= 0) {
            zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: %s: \"%s\" is not a category that can be detected or proven",
                         L->pack, field, it->key);
            return ZC_ERR_PACK_SCHEMA;
        }
        char **terms;
        size_t n;
        char owner[96];
        snprintf(owner, sizeof owner, "category \"%.60s\"", it->key);
        zc_status st = string_array(L, owner, ZC_NOT_A_RULE, it, field, &terms, &n);
        if (st)
            return st;
        char **merged = realloc(lists[c].terms, (lists[c].n + n + 1) * sizeof *merged);
        if (!merged) {
            free(terms);
            return ZC_ERR_NOMEM;
        }
        memcpy(merged + lists[c].n, terms, n * sizeof *terms);
        free(terms);
        lists[c].terms = merged;
        lists[c].n += n;
        if (order) {
            int seen = 0;
            for (int k = 0; k < *n_order; k++)
                seen |= order[k] == c;
            if (!seen)
                order[(*n_order)++] = c;
        }
    }
    return ZC_OK;
}

/* "categories": cue words for detection. "evidence": prefixes that, followed by their number (check.c), prove a
 * category for `permitted_in`. */
static zc_status load_categories(zc_loader *L, const zc_json *cats)
{
    return load_category_terms(L, cats, "categories", L->e->cues, L->e->cue_order, &L->e->n_cue_order);
}

static zc_status load_evidence(zc_loader *L, const zc_json *ev)
{
    return load_category_terms(L, ev, "evidence", L->e->evidence, NULL, NULL);
}

static int valid_lexicon_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static const zc_lexicon *lexicon_find(const zc_engine *e, const char *name)
{
    for (size_t i = 0; i < e->n_lexicons; i++)
        if (strcmp(e->lexicons[i].info.name, name) == 0)
            return &e->lexicons[i];
    return NULL;
}

static zc_status lexicon_error(zc_loader *L, const char *name, const char *what)
{
    zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: lexicon \"%.60s\": %s", L->pack, name, what);
    return ZC_ERR_PACK_SCHEMA;
}

/* Lexicon examples: {"match": [text…], "no_match": [text…]}, plain strings. */
static zc_status lexicon_examples(zc_loader *L, const zc_json *ex, zc_lexicon *x)
{
    const char *name = x->info.name;
    if (!ex)
        return ZC_OK;
    if (!zc_json_is(ex, ZC_JSON_OBJECT))
        return lexicon_error(L, name, "examples: expected {match: [...], no_match: [...]}");
    const zc_json *m = zc_json_get(ex, "match"), *nm = zc_json_get(ex, "no_match"), *it;
    zc_json_foreach(it, ex)
    {
        if (strcmp(it->key, "match") && strcmp(it->key, "no_match"))
            return lexicon_error(L, name, "examples: unknown key (known: match, no_match)");
    }
    if ((m && !zc_json_is(m, ZC_JSON_ARRAY)) || (nm && !zc_json_is(nm, ZC_JSON_ARRAY)))
        return lexicon_error(L, name, "examples: match and no_match must be arrays of strings");
    size_t nmatch = m ? zc_json_size(m) : 0, nno = nm ? zc_json_size(nm) : 0, k = 0;
    x->examples = calloc(nmatch + nno + 1, sizeof *x->examples);
    if (!x->examples)
        return lexicon_error(L, name, "out of memory");
    for (int pass = 0; pass < 2; pass++) {
        zc_json_foreach(it, pass == 0 ? m : nm)
        {
            if (!nonempty_string(it))
                return lexicon_error(L, name, "examples: each example is a non-empty string");
            if (!(x->examples[k].text = estrdup(L->e, it->str)))
                return lexicon_error(L, name, "out of memory");
            k++;
        }
    }
    x->info.match_examples = x->examples;
    x->info.n_match_examples = nmatch;
    x->info.no_match_examples = x->examples + nmatch;
    x->info.n_no_match_examples = nno;
    return ZC_OK;
}

static const char *const lexicon_keys[] = {"terms",   "examples", "description", "source", "date",
                                           "licence", "script",   "note",        "notes"};

/* Top-level "lexicons": {name: {terms, examples, description, source, date, licence, script}}. */
static zc_status load_lexicons(zc_loader *L, const zc_json *lex)
{
    zc_engine *e = L->e;
    if (!zc_json_is(lex, ZC_JSON_OBJECT)) {
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: \"lexicons\" must be an object of name → {terms, examples}",
                     L->pack);
        return ZC_ERR_PACK_SCHEMA;
    }
    const zc_json *it;
    zc_json_foreach(it, lex)
    {
        const char *name = it->key;
        if (!valid_lexicon_name(name))
            return lexicon_error(L, name, "a name may only contain a-z, 0-9 and '_'");
        const zc_lexicon *dup = lexicon_find(e, name);
        if (dup) {
            char msg[160];
            snprintf(msg, sizeof msg, "defined twice (also in %s)", dup->info.pack);
            return lexicon_error(L, name, msg);
        }
        if (!zc_json_is(it, ZC_JSON_OBJECT))
            return lexicon_error(L, name, "expected an object {terms, examples, source, …}");
        const zc_json *k;
        zc_json_foreach(k, it)
        {
            size_t j;
            for (j = 0; j < sizeof lexicon_keys / sizeof lexicon_keys[0]; j++)
                if (strcmp(k->key, lexicon_keys[j]) == 0)
                    break;
            if (j == sizeof lexicon_keys / sizeof lexicon_keys[0]) {
                char msg[160];
                snprintf(msg, sizeof msg,
                         "unknown field \"%.40s\" (known: terms, examples, description, source, date, "
                         "licence, script)",
                         k->key);
                return lexicon_error(L, name, msg);
            }
        }
        if (e->n_lexicons == e->cap_lexicons) {
            size_t nc = e->cap_lexicons ? e->cap_lexicons * 2 : 16;
            zc_lexicon *q = realloc(e->lexicons, nc * sizeof *q);
            if (!q)
                return lexicon_error(L, name, "out of memory");
            e->lexicons = q;
            e->cap_lexicons = nc;
        }
        zc_lexicon *x = &e->lexicons[e->n_lexicons];
        memset(x, 0, sizeof *x);
        x->info.pack = L->pack;
        if (!(x->info.name = estrdup(e, name)))
            return lexicon_error(L, name, "out of memory");
        e->n_lexicons++; /* from here on the caller's rollback frees it */
        const zc_json *terms = zc_json_get(it, "terms");
        if (!terms)
            return lexicon_error(L, name, "needs \"terms\"");
        char owner[96];
        snprintf(owner, sizeof owner, "lexicon \"%.60s\"", name);
        zc_status st = string_array(L, owner, ZC_NOT_A_RULE, terms, "terms", &x->terms, &x->n_terms);
        if (st)
            return st;
        if (x->n_terms == 0)
            return lexicon_error(L, name, "\"terms\" is empty");
        x->info.terms = (const char *const *)x->terms;
        x->info.n_terms = x->n_terms;
        if ((st = lexicon_examples(L, zc_json_get(it, "examples"), x)))
            return st;
    }
    return ZC_OK;
}

/* Appends `term` (or, for "@name", every term of that lexicon, expanded first) to v. 0, or -1 with err set. */
typedef struct zc_strv {
    char **v;
    size_t n, cap;
} zc_strv;

/* A rule's or lexicon's term list after expansion holds at most this many terms: nested references multiply
 * (a lexicon of 100 "@b" where b has 100 "@c" …), and a hostile pack must get an error, not exhaust memory. */
#define ZC_MAX_EXPANDED ((size_t)500000)
/* and all the rules' lists together at most this many terms that came from references */
#define ZC_MAX_EXPANDED_TOTAL ((size_t)2000000)

static int strv_push(zc_strv *sv, char *s)
{
    if (sv->n >= ZC_MAX_EXPANDED)
        return -2;
    if (sv->n == sv->cap) {
        size_t nc = sv->cap ? sv->cap * 2 : 16;
        char **q = realloc(sv->v, (nc + 1) * sizeof *q);
        if (!q)
            return -1;
        sv->v = q;
        sv->cap = nc;
    }
    sv->v[sv->n++] = s;
    sv->v[sv->n] = NULL;
    return 0;
}

static int expand_lexicon(zc_engine *e, zc_lexicon *x, zc_error *err, int depth);

/* strv_push with its error: 0, or -1 with err set. */
static int push_expanded(zc_strv *out, char *term, const char *where, zc_error *err)
{
    int rc = strv_push(out, term);
    if (rc == -2)
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: more than %zu terms after expanding lexicon references", where,
                     ZC_MAX_EXPANDED);
    else if (rc)
        zc_set_error(err, ZC_ERR_NOMEM, "out of memory");
    return rc ? -1 : 0;
}

static int expand_term(zc_engine *e, char *term, zc_strv *out, const char *where, zc_error *err, int depth);

/* What one reference (or one part of a composed term "@a+@b", "@a+字") stands for, as a list of strings: a
 * lexicon's expansion, or the literal itself in *one. 0, or -1 with err set. */
static int compose_part(zc_engine *e, char *part, char **one, char *const **v, size_t *n, const char *where,
                        zc_error *err, int depth)
{
    if (part[0] != '@') {
        *one = part;
        *v = one;
        *n = 1;
        return 0;
    }
    zc_lexicon *x = (zc_lexicon *)lexicon_find(e, part + 1);
    if (!x) {
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: unknown lexicon \"%.60s\" (a pack's \"lexicons\" defines it)", where,
                     part);
        return -1;
    }
    if (expand_lexicon(e, x, err, depth + 1))
        return -1;
    *v = x->expanded;
    *n = x->n_expanded;
    return 0;
}

/* "@a+@b" stands for every term of a followed by every term of b: a shape such as a body part followed by a
 * discomfort (眼睛 + 疲劳, 关节 + 疼) written once instead of as each compound. Exactly two parts; the product
 * is bounded like any expansion. */
static int expand_composed(zc_engine *e, char *term, char *plus, zc_strv *out, const char *where, zc_error *err,
                           int depth)
{
    if (plus == term || !plus[1] || strchr(plus + 1, '+')) {
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: \"%.60s\": a composed term is two parts, \"@a+@b\"", where, term);
        return -1;
    }
    *plus = '\0'; /* split in place for the lookups, restored below */
    char *one_a, *one_b, *const *va, *const *vb;
    size_t na, nb;
    int rc = compose_part(e, term, &one_a, &va, &na, where, err, depth);
    if (!rc)
        rc = compose_part(e, plus + 1, &one_b, &vb, &nb, where, err, depth);
    *plus = '+';
    if (rc)
        return -1;
    if (na && nb > ZC_MAX_EXPANDED / na) {
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: \"%.60s\" makes more than %zu terms", where, term, ZC_MAX_EXPANDED);
        return -1;
    }
    char buf[512];
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            int k = snprintf(buf, sizeof buf, "%s%s", va[i], vb[j]);
            if (k < 0 || (size_t)k >= sizeof buf) {
                zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: \"%.60s\" makes a term longer than %zu bytes", where, term,
                             sizeof buf - 1);
                return -1;
            }
            char *s = estrndup(e, buf, (size_t)k);
            if (!s) {
                zc_set_error(err, ZC_ERR_NOMEM, "out of memory");
                return -1;
            }
            if (push_expanded(out, s, where, err))
                return -1;
        }
    return 0;
}

static int expand_term(zc_engine *e, char *term, zc_strv *out, const char *where, zc_error *err, int depth)
{
    if (term[0] != '@')
        return push_expanded(out, term, where, err);
    char *plus = strchr(term, '+');
    if (plus)
        return expand_composed(e, term, plus, out, where, err, depth);
    char *one, *const *v;
    size_t n;
    if (compose_part(e, term, &one, &v, &n, where, err, depth))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (push_expanded(out, v[i], where, err))
            return -1;
    return 0;
}

static int expand_lexicon(zc_engine *e, zc_lexicon *x, zc_error *err, int depth)
{
    if (x->state == 2)
        return 0;
    if (x->state == 1 || depth > 8) {
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: lexicon \"%s\" refers to itself (through \"@\" references)",
                     x->info.pack, x->info.name);
        return -1;
    }
    x->state = 1;
    int refs = 0;
    for (size_t i = 0; i < x->n_terms; i++)
        refs |= x->terms[i][0] == '@';
    if (!refs) {
        x->expanded = x->terms;
        x->n_expanded = x->n_terms;
    } else {
        zc_strv sv = {0};
        char where[200];
        snprintf(where, sizeof where, "%s: lexicon \"%s\"", x->info.pack, x->info.name);
        for (size_t i = 0; i < x->n_terms; i++)
            if (expand_term(e, x->terms[i], &sv, where, err, depth)) {
                free(sv.v);
                return -1;
            }
        x->expanded = sv.v;
        x->n_expanded = sv.n;
    }
    x->info.terms = (const char *const *)x->expanded;
    x->info.n_terms = x->n_expanded;
    x->state = 2;
    return 0;
}

/* Replaces *v (n entries, an owned array) by its expansion when it holds "@name" references. */
static int expand_list(zc_engine *e, const zc_rule *r, const char *field, char ***v, size_t *n, zc_error *err)
{
    int refs = 0;
    for (size_t i = 0; i < *n; i++)
        refs |= (*v)[i][0] == '@';
    if (!refs)
        return 0;
    zc_strv sv = {0};
    char where[200];
    snprintf(where, sizeof where, "%s: rule \"%s\": field \"%s\"", r->info.pack, r->info.id, field);
    for (size_t i = 0; i < *n; i++)
        if (expand_term(e, (*v)[i], &sv, where, err, 0)) {
            free(sv.v);
            return -1;
        }
    if (!sv.v && !(sv.v = calloc(1, sizeof *sv.v))) {
        zc_set_error(err, ZC_ERR_NOMEM, "out of memory");
        return -1;
    }
    e->n_expanded_refs += sv.n;
    if (e->n_expanded_refs > ZC_MAX_EXPANDED_TOTAL) {
        free(sv.v);
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: the rules name lexicons for more than %zu terms in all", where,
                     ZC_MAX_EXPANDED_TOTAL);
        return -1;
    }
    free(*v);
    *v = sv.v;
    *n = sv.n;
    return 0;
}

int zc_engine_expand_lexicons(zc_engine *e, zc_error *err)
{
    for (size_t i = 0; i < e->n_lexicons; i++)
        if (expand_lexicon(e, &e->lexicons[i], err, 0))
            return -1;
    for (size_t r = 0; r < e->n_rules; r++) {
        zc_rule *rule = &e->rules[r];
        char **terms = (char **)rule->info.terms;
        if (expand_list(e, rule, "terms", &terms, &rule->info.n_terms, err))
            return -1;
        rule->info.terms = (const char *const *)terms;
        if (expand_list(e, rule, "allow", &rule->allow, &rule->n_allow, err) ||
            expand_list(e, rule, "near", &rule->near.terms, &rule->near.n_terms, err) ||
            expand_list(e, rule, "unless", &rule->unless.terms, &rule->unless.n_terms, err))
            return -1;
    }
    return 0;
}

/* 1 when the JSON text holds a NUL: a raw 0 byte or the escape \u0000. Parsed strings end at the first NUL, so
 * "最\u0000好" would silently become the term 最 (which then flags 最近). */
static int json_has_nul(const char *data, size_t len, size_t *at)
{
    if (!len) /* an empty pack may come as NULL */
        return 0;
    const char *z = memchr(data, 0, len);
    if (z) {
        *at = (size_t)(z - data);
        return 1;
    }
    const char *end = data + len;
    for (const char *p = data; (p = memchr(p, '\\', (size_t)(end - p))) != NULL; p += 2) {
        if (end - p < 2)
            break;
        if (p[1] == 'u' && end - p >= 6 && memcmp(p + 2, "0000", 4) == 0) {
            *at = (size_t)(p - data);
            return 1;
        }
        /* p += 2 skips the escaped character, also a second backslash */
    }
    return 0;
}

/* Bytes that stop json_control_char's scan: the terminator, C0 but tab and line feed, DEL, and 0xC2 (the lead
 * byte of U+0080..U+00BF, among them the C1 controls). One table load per byte: every string of every pack,
 * the built-in ones included, goes through here when an engine is made. */
static const uint8_t control_stop[256] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1,          1,
                                          1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, [0x7F] = 1, [0xC2] = 1};

/* The first control character in a UTF-8 string (C0 but tab and line feed, DEL, C1), or 0. Such characters in
 * a pack can only do harm: a term that never matches, or an escape sequence that `zicha rules` would print. */
static unsigned json_control_char(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        while (!control_stop[*p])
            p++;
        if (!*p)
            return 0;
        if (*p != 0xC2)
            return *p;
        if (p[1] >= 0x80 && p[1] <= 0x9F)
            return p[1];
    }
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Checks every string and member name of the tree: no control characters, no key twice in one object (the
 * parsers keep both and the first would silently win). ZC_OK or ZC_ERR_PACK_SCHEMA with the message set. */
static zc_status check_tree(zc_loader *L, const zc_json *v, const char *where)
{
    const char *s = v->type == ZC_JSON_STRING ? v->str : NULL;
    unsigned c;
    /* `where` names the enclosing field; a member name with a control character is not printed */
    if ((s && (c = json_control_char(s))) || (v->key && (c = json_control_char(v->key)))) {
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA,
                     "%s: field \"%.60s\": control character U+%04X in a string (not allowed in rule packs)", L->pack,
                     where, c);
        return ZC_ERR_PACK_SCHEMA;
    }
    if (v->type != ZC_JSON_OBJECT && v->type != ZC_JSON_ARRAY)
        return ZC_OK;
    size_t n = 0;
    const zc_json *it;
    zc_json_foreach(it, v)
    {
        zc_status st = check_tree(L, it, it->key && !json_control_char(it->key) ? it->key : where);
        if (st)
            return st;
        n++;
    }
    if (v->type != ZC_JSON_OBJECT || n < 2)
        return ZC_OK;
    const char **keys = malloc(n * sizeof *keys);
    if (!keys) {
        zc_set_error(L->err, ZC_ERR_NOMEM, "%s: out of memory", L->pack);
        return ZC_ERR_NOMEM;
    }
    n = 0;
    zc_json_foreach(it, v) keys[n++] = it->key;
    qsort(keys, n, sizeof *keys, cmp_key);
    zc_status st = ZC_OK;
    for (size_t i = 1; i < n && !st; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0) {
            zc_set_error(L->err, ZC_ERR_PACK_SCHEMA,
                         "%s: duplicate key \"%.60s\" in one object (each key may appear once)", L->pack, keys[i]);
            st = ZC_ERR_PACK_SCHEMA;
        }
    free(keys);
    return st;
}

static zc_status load_json(zc_loader *L, const char *data, size_t len)
{
    zc_json_doc doc = {0};
    zc_status st = ZC_OK;
    size_t nul_at, end = 0, pos, line, col;
    int nomem;
    const zc_json *root = zc_json_parse(&doc, data, len, &end, &pos, &nomem);
    if (!root) {
        line_col(data, len, pos, &line, &col);
        if (nomem) {
            zc_set_error(L->err, ZC_ERR_NOMEM, "%s: out of memory", L->pack);
            st = ZC_ERR_NOMEM;
        } else {
            if (json_depth_at(data, len, pos) >= ZC_JSON_MAX_DEPTH)
                zc_set_error(L->err, ZC_ERR_PACK_SYNTAX, "%s:%zu:%zu: invalid JSON: nested deeper than %d levels",
                             L->pack, line, col, ZC_JSON_MAX_DEPTH);
            else
                zc_set_error(L->err, ZC_ERR_PACK_SYNTAX, "%s:%zu:%zu: invalid JSON", L->pack, line, col);
            st = ZC_ERR_PACK_SYNTAX;
        }
        goto done;
    }
    /* only whitespace may follow the top-level value */
    while (end < len && (data[end] == ' ' || data[end] == '\n' || data[end] == '\r' || data[end] == '\t'))
        end++;
    if (end < len) {
        line_col(data, len, end, &line, &col);
        zc_set_error(L->err, ZC_ERR_PACK_SYNTAX, "%s:%zu:%zu: unexpected text after the JSON value", L->pack, line,
                     col);
        st = ZC_ERR_PACK_SYNTAX;
        goto done;
    }
    /* after the parse, so that text that is not JSON at all gets the parser's position */
    if (json_has_nul(data, len, &nul_at)) {
        size_t line, col;
        line_col(data, len, nul_at, &line, &col);
        zc_set_error(L->err, ZC_ERR_PACK_SYNTAX, "%s:%zu:%zu: NUL character (\\u0000) not allowed in rule packs",
                     L->pack, line, col);
        st = ZC_ERR_PACK_SYNTAX;
        goto done;
    }
    if ((st = check_tree(L, root, "(top level)")))
        goto done;
    if (!zc_json_is(root, ZC_JSON_OBJECT)) {
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: a rule pack must be a JSON object with \"rules\"", L->pack);
        st = ZC_ERR_PACK_SCHEMA;
        goto done;
    }
    const zc_json *it;
    zc_json_foreach(it, root)
    {
        if (strcmp(it->key, "pack") && strcmp(it->key, "description") && strcmp(it->key, "rules") &&
            strcmp(it->key, "categories") && strcmp(it->key, "version") && strcmp(it->key, "note") &&
            strcmp(it->key, "sources") && strcmp(it->key, "lexicons") && strcmp(it->key, "evidence")) {
            zc_set_error(L->err, ZC_ERR_PACK_SCHEMA,
                         "%s: unknown top-level field \"%s\" (known: pack, description, rules, categories, lexicons, "
                         "evidence)",
                         L->pack, it->key);
            st = ZC_ERR_PACK_SCHEMA;
            goto done;
        }
    }
    const zc_json *cats = zc_json_get(root, "categories");
    if (cats && (st = load_categories(L, cats)))
        goto done;
    const zc_json *ev = zc_json_get(root, "evidence");
    if (ev && (st = load_evidence(L, ev)))
        goto done;
    const zc_json *lex = zc_json_get(root, "lexicons");
    if (lex && (st = load_lexicons(L, lex)))
        goto done;
    const zc_json *rules = zc_json_get(root, "rules");
    if (!rules && !cats && !lex && !ev) {
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: missing \"rules\" (an array of rules)", L->pack);
        st = ZC_ERR_PACK_SCHEMA;
        goto done;
    }
    if (rules && !zc_json_is(rules, ZC_JSON_ARRAY)) {
        zc_set_error(L->err, ZC_ERR_PACK_SCHEMA, "%s: \"rules\" must be an array", L->pack);
        st = ZC_ERR_PACK_SCHEMA;
        goto done;
    }
    size_t idx = 0;
    zc_json_foreach(it, rules)
    {
        if ((st = load_rule(L, it, idx++)))
            goto done;
    }
done:
    zc_json_doc_free(&doc);
    return st;
}

zc_status zc_engine_add_pack(zc_engine *e, const char *name, const void *data, size_t len, zc_error *err)
{
    if (!e || (!data && len)) {
        zc_set_error(err, ZC_ERR_STATE, "zc_engine_add_pack: no engine or data");
        return ZC_ERR_STATE;
    }
    if (!name)
        name = "(pack)";
    if (e->compiled) {
        zc_set_error(err, ZC_ERR_STATE, "%s: packs must be added before zc_engine_compile", name);
        return ZC_ERR_STATE;
    }
    if (len > ZC_MAX_PACK_BYTES) {
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s: rule pack larger than %u MB", name,
                     (unsigned)(ZC_MAX_PACK_BYTES >> 20));
        return ZC_ERR_PACK_SCHEMA;
    }
    char **pn = realloc(e->pack_names, (e->n_packs + 1) * sizeof *pn);
    if (!pn) {
        zc_set_error(err, ZC_ERR_NOMEM, "%s: out of memory", name);
        return ZC_ERR_NOMEM;
    }
    e->pack_names = pn;
    if (!(pn[e->n_packs] = zc_strdup(name))) {
        zc_set_error(err, ZC_ERR_NOMEM, "%s: out of memory", name);
        return ZC_ERR_NOMEM;
    }
    e->n_packs++;
    const unsigned char *bytes = data;
    char *plain = NULL;
    size_t plain_len = len;
    zc_status st;
    if (zc_is_gzip(bytes, len)) {
        if ((st = zc_gunzip(name, bytes, len, &plain, &plain_len, err)))
            return st;
    }
    /* the fold table, which zc_engine_compile needs anyway, also serves the
     * check that each term has something to match */
    if (!e->fold_table && !(e->fold_table = zc_fold_table_new())) {
        free(plain);
        zc_set_error(err, ZC_ERR_NOMEM, "%s: out of memory", name);
        return ZC_ERR_NOMEM;
    }
    zc_loader L = {e, e->pack_names[e->n_packs - 1], err, NULL, 0, 0};
    size_t rules_before = e->n_rules, lexicons_before = e->n_lexicons;
    st = load_json(&L, plain ? plain : (const char *)data, plain_len);
    free(plain);
    free(L.ids);
    if (st) {
        /* roll back the rules of the failed pack so the engine stays usable */
        while (e->n_rules > rules_before)
            free_rule(&e->rules[--e->n_rules]);
        while (e->n_lexicons > lexicons_before)
            free_lexicon(&e->lexicons[--e->n_lexicons]);
    }
    return st;
}

zc_status zc_engine_add_builtin_packs(zc_engine *e, zc_error *err)
{
    for (size_t i = 0; i < zc_builtin_pack_count; i++) {
        char name[256];
        snprintf(name, sizeof name, "rules/%s", zc_builtin_packs[i].name);
        zc_status st = zc_engine_add_pack(e, name, zc_builtin_packs[i].data, zc_builtin_packs[i].len, err);
        if (st)
            return st;
    }
    return ZC_OK;
}
