/* Compiling the rules into one automaton, and checking a text: matching, rule logic, findings. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"
#include "json.h"
#include "report.h"

/* Negation cues that turn a claim into its denial (不是最好的); folded at compile time. */
static const char *const negation_words[] = {
    "不是",     "并非",     "并不",     "未必",     "没有",    "不算",     "称不上",   "谈不上",   "绝非",
    "不敢说",   "不一定",   "算不上",   "不能说",   "不会是",  "不能",     "不可以",   "无法",     "拒绝",
    "杜绝",     "谢绝",     "不做",     "严禁",     "禁止",    "不能代替", "不可代替", "不能替代", "不可替代",
    "非属",     "并非属于", "不具有",   "不具备",   "不承诺",  "不保证",   "不宣称",   "不得宣传", "不得宣称",
    "不得声称", "不得含有", "不得涉及", "不得使用", "禁止宣传"};

/* Cues of a sentence that explains a rule or defines a term rather than making a claim (本办法所称保健食品是指…;
 * 与药物不同，化妆品…; 依前款规定…), that says who must not use a product (禁忌症, 慎用, 治愈后才能手术), or that
 * warns against or reports a claim (任何宣称“月瘦XX斤”的产品都存在夸大宣传; 经调查发现…标注“原价…”), that quotes a
 * rule or a ban (严禁设计、制作、发布含有“保过”…的广告) or that is a statutory disclaimer
 * (此產品並不供作診斷、治療或預防任何疾病之用): the negation guard treats the whole sentence as not a claim. (Marks
 * such as 《 fold to nothing, so a cue cannot be a cited title.) */
static const char *const register_words[] = {
    "允许声称", "之定义",     "定义为",     "前款",     "本法",       "所称",       "是指",     "指的是",
    "系指",     "与药物不同", "与药品不同", "保护法",   "管理法",     "安全法",     "广告法",   "卫生法",
    "管理条例", "实施条例",   "公告之",     "前述",     "禁忌症",     "禁忌證",     "慎用",     "禁用",
    "不宜食用", "不宜饮用",   "不能饮用",   "不能食用", "治愈后才能", "治愈后方可", "暂缓手术", "保险法",
    "民法典",   "合同法",     "电子商务法", "价格法",   "商标法",     "著作权法",   "专利法",   "消保法",
    "夸大宣传", "虚假宣传",   "欺骗行为",   "涉嫌",     "骗局",       "谨防",       "千万别信", "别再信",
    "不要相信", "被查处",     "经调查发现", "记者调查", "不得设计",   "不得发布",   "不得制作", "发布含有",
    "严禁设计", "严禁发布",   "明文禁止",   "霸王条款", "违法广告",   "提示函",     "并不供作", "不用于诊断",
    "不以治疗", "不得对",     "不得含有",   "不得销售", "冒充",       "提醒称",
};

/* qsort(NULL, 0, ...) is undefined behaviour (C11 7.1.4; UBSan "null pointer passed
 * as argument 1"), hit by an empty text or a pack without terms (tests/fuzz/regressions/check, pack). Every
 * sort in this file goes through this guard. */
static void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* Folds `n` words into l; 0, or -1 when out of memory (what was allocated is freed by zc_word_list_free). */
static int fold_word_list(zc_word_list *l, const char *const *words, size_t n)
{
    l->cues = calloc(n, sizeof *l->cues);
    l->len = calloc(n, sizeof *l->len);
    if (!l->cues || !l->len)
        return -1;
    l->n = n;
    for (size_t i = 0; i < n; i++)
        if (!(l->cues[i] = zc_fold_term(words[i], strlen(words[i]), &l->len[i])))
            return -1;
    return 0;
}

/* ---- compile ---- */

typedef struct zc_use_list {
    zc_use *v;
    size_t n, cap;
    uint32_t *fold; /* one folding buffer for every term */
    size_t fold_cap;
} zc_use_list;

/* Adds `term` for a rule or category. 0, -1 when out of memory, -2 when it folds to more than ZC_MAX_TERM_CHARS
 * code points. */
static int add_use(zc_engine *e, zc_use_list *ul, const char *term, zc_use_kind kind, uint32_t index)
{
    size_t len = strlen(term);
    if (len * 2 + 1 > ul->fold_cap) {
        size_t nc = ul->fold_cap ? ul->fold_cap : 256;
        while (nc < len * 2 + 1)
            nc *= 2;
        uint32_t *q = realloc(ul->fold, nc * sizeof *q);
        if (!q)
            return -1;
        ul->fold = q;
        ul->fold_cap = nc;
    }
    size_t n = zc_fold_term_into(term, len, e->fold_table, ul->fold);
    if (n > ZC_MAX_TERM_CHARS)
        return -2; /* the work budget (zicha.h): the caller names the rule */
    int32_t pid = n ? zc_matcher_add(e->matcher, ul->fold, n) : -1;
    if (pid < 0)
        return n ? -1 : 0;
    if (ul->n == ul->cap) {
        size_t nc = ul->cap ? ul->cap * 2 : 256;
        zc_use *q = realloc(ul->v, nc * sizeof *q);
        if (!q)
            return -1;
        ul->v = q;
        ul->cap = nc;
    }
    ul->v[ul->n].pattern = pid;
    ul->v[ul->n].kind = (uint8_t)kind;
    ul->v[ul->n].index = index;
    ul->n++;
    return 0;
}

static int cmp_use(const void *a, const void *b)
{
    const zc_use *x = a, *y = b;
    if (x->pattern != y->pattern)
        return x->pattern < y->pattern ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts the uses as cmp_use does, by two stable counting sorts (kind, then
 * pattern) instead of qsort: uses are added rule by rule (kinds in ascending order within a rule) and then cue
 * category by category, so within one kind the index never decreases in insertion order. Returns -1 when out of
 * memory. */
static int sort_uses(zc_use_list *ul, size_t np)
{
    size_t n = ul->n;
    if (n < 2)
        return 0;
    zc_use *tmp = malloc(n * sizeof *tmp);
    size_t *cnt = calloc(np + 1 > ZC_USE_KINDS + 1 ? np + 1 : ZC_USE_KINDS + 1, sizeof *cnt);
    if (!tmp || !cnt) {
        free(tmp);
        free(cnt);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        cnt[ul->v[i].kind + 1]++;
    for (int k = 0; k < ZC_USE_KINDS; k++)
        cnt[k + 1] += cnt[k];
    for (size_t i = 0; i < n; i++)
        tmp[cnt[ul->v[i].kind]++] = ul->v[i];
    memset(cnt, 0, (np + 1 > ZC_USE_KINDS + 1 ? np + 1 : ZC_USE_KINDS + 1) * sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        cnt[(size_t)tmp[i].pattern + 1]++;
    for (size_t p = 0; p < np; p++)
        cnt[p + 1] += cnt[p];
    for (size_t i = 0; i < n; i++)
        ul->v[cnt[tmp[i].pattern]++] = tmp[i];
    free(tmp);
    free(cnt);
    return 0;
}

/* The work budget (zicha.h): refuses rule terms nested so deeply that more than ZC_MAX_HITS_AT matches end at one
 * character (好, 好好, 好好好, … on 好好好…), which would make every check of such a text slow and large. Runs on the
 * compiled automaton with the uses indexed; 0, or -1 with err set. */
static int budget_per_position(const zc_engine *e, zc_error *err)
{
    size_t np = zc_matcher_pattern_count(e->matcher);
    uint32_t *w = malloc((np ? np : 1) * sizeof *w);
    uint64_t max = 0;
    int32_t worst = -1;
    if (w)
        for (size_t p = 0; p < np; p++)
            w[p] = e->use_start[p + 1] - e->use_start[p];
    if (!w || zc_matcher_max_chain(e->matcher, w, &max, &worst) < 0) {
        free(w);
        zc_set_error(err, ZC_ERR_NOMEM, "out of memory while compiling the rules");
        return -1;
    }
    free(w);
    if (max <= ZC_MAX_HITS_AT)
        return 0;
    const char *rid = "?", *pack = "?";
    if (worst >= 0 && e->use_start[worst] < e->use_start[worst + 1]) {
        const zc_use *u = &e->uses[e->use_start[worst]];
        if (u->kind != ZC_USE_CUE && u->kind != ZC_USE_EVIDENCE) {
            rid = e->rules[u->index].info.id;
            pack = e->rules[u->index].info.pack;
        } else {
            rid = ZC_CATEGORIES[u->index];
        }
    }
    zc_set_error(
        err, ZC_ERR_PACK_SCHEMA,
        "%s: 规则包过于复杂：规则 \"%.60s\" 的 %zu 字词条与其他词条层层重叠，一个字符处可有 %llu 个匹配，上限 %u", pack,
        rid, worst >= 0 ? zc_matcher_pattern_len(e->matcher, worst) : (size_t)0, (unsigned long long)max,
        ZC_MAX_HITS_AT);
    return -1;
}

zc_status zc_engine_compile(zc_engine *e, zc_error *err)
{
    if (!e) {
        zc_set_error(err, ZC_ERR_STATE, "zc_engine_compile: no engine");
        return ZC_ERR_STATE;
    }
    if (e->compiled)
        return ZC_OK;
    if (zc_engine_expand_lexicons(e, err))
        return err ? err->code : ZC_ERR_PACK_SCHEMA;
    e->matcher = zc_matcher_new();
    if (!e->fold_table) /* zc_engine_add_pack made it */
        e->fold_table = zc_fold_table_new();
    zc_use_list ul = {0};
    if (!e->matcher || !e->fold_table)
        goto nomem;
    int rc;
    const char *bad_term = NULL, *bad_where = NULL, *bad_field = NULL, *bad_pack = "";
    for (size_t r = 0; r < e->n_rules; r++) {
        zc_rule *rule = &e->rules[r];
        const struct {
            char *const *v;
            size_t n;
            zc_use_kind kind;
            const char *field;
        } lists[] = {{(char *const *)rule->info.terms, rule->info.n_terms, ZC_USE_TERM, "terms"},
                     {rule->allow, rule->n_allow, ZC_USE_ALLOW, "allow"},
                     {rule->near.terms, rule->near.n_terms, ZC_USE_NEAR, "near"},
                     {rule->unless.terms, rule->unless.n_terms, ZC_USE_UNLESS, "unless"}};
        for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
            for (size_t i = 0; i < lists[l].n; i++)
                if ((rc = add_use(e, &ul, lists[l].v[i], lists[l].kind, (uint32_t)r))) {
                    if (rc == -1)
                        goto nomem;
                    bad_term = lists[l].v[i];
                    bad_where = rule->info.id;
                    bad_field = lists[l].field;
                    bad_pack = rule->info.pack;
                    goto too_long;
                }
        e->patterns_needed |= rule->trigger_patterns | rule->near.pattern_mask | rule->unless.pattern_mask;
    }
    /* cues first, then evidence prefixes: every category of one kind before the other (sort_uses relies on it) */
    for (int kind = 0; kind < 2; kind++)
        for (int c = 0; c < ZC_N_CATEGORIES; c++) {
            const zc_cue_list *cl = kind ? &e->evidence[c] : &e->cues[c];
            for (size_t i = 0; i < cl->n; i++)
                if ((rc = add_use(e, &ul, cl->terms[i], kind ? ZC_USE_EVIDENCE : ZC_USE_CUE, (uint32_t)c))) {
                    if (rc == -1)
                        goto nomem;
                    bad_term = cl->terms[i];
                    bad_where = ZC_CATEGORIES[c];
                    bad_field = kind ? "evidence" : "categories";
                    goto too_long;
                }
        }
    free(ul.fold);
    ul.fold = NULL;
    if (zc_matcher_compile(e->matcher))
        goto nomem;
    for (size_t r = 0; r < e->n_rules; r++)
        if (zc_rule_prepare_json(&e->rules[r]))
            goto nomem;
    if (sort_uses(&ul, zc_matcher_pattern_count(e->matcher)))
        goto nomem;
    /* drop exact duplicate uses (the same term listed twice in one rule) */
    size_t w = 0;
    for (size_t i = 0; i < ul.n; i++)
        if (w == 0 || cmp_use(&ul.v[w - 1], &ul.v[i]) != 0)
            ul.v[w++] = ul.v[i];
    ul.n = w;
    size_t np = zc_matcher_pattern_count(e->matcher);
    /* the same block holds the absent-rule and trigger-rule lists after the use index */
    e->use_start = calloc(np + 1 + 2 * e->n_rules, sizeof *e->use_start);
    if (!e->use_start)
        goto nomem;
    uint32_t *absent = e->use_start + np + 1, *trig = absent + e->n_rules;
    size_t na = 0, ntr = 0;
    for (size_t r = 0; r < e->n_rules; r++) {
        if (e->rules[r].absent)
            absent[na++] = (uint32_t)r;
        if (e->rules[r].trigger_patterns)
            trig[ntr++] = (uint32_t)r;
    }
    for (int c = 0; c < ZC_N_CATEGORIES; c++)
        for (int sh = 0; sh < 2; sh++)
            for (size_t r = 0; r < e->n_rules; r++) {
                const zc_rule *rule = &e->rules[r];
                if ((rule->cat_mask && !(rule->cat_mask >> c & 1u)) || (rule->not_cat_mask >> c & 1u) ||
                    (rule->scope == ZC_SCOPE_SHOP && !sh))
                    continue;
                e->trigger_kinds[c][sh] |= rule->trigger_patterns;
                e->context_kinds[c][sh] |= rule->near.pattern_mask | rule->unless.pattern_mask;
            }
    e->absent_rules = absent;
    e->n_absent_rules = na;
    e->trigger_rules = trig;
    e->n_trigger_rules = ntr;
    for (size_t i = 0; i < ul.n; i++)
        e->use_start[ul.v[i].pattern + 1]++;
    for (size_t p = 0; p < np; p++)
        e->use_start[p + 1] += e->use_start[p];
    e->uses = ul.v;
    e->n_uses = ul.n;
    ul.v = NULL;
    if (budget_per_position(e, err))
        return err ? err->code : ZC_ERR_PACK_SCHEMA;

    if (fold_word_list(&e->negation, negation_words, sizeof negation_words / sizeof negation_words[0]) ||
        fold_word_list(&e->register_cues, register_words, sizeof register_words / sizeof register_words[0]))
        goto nomem;
    for (size_t i = 0; i < e->negation.n; i++) {
        size_t L = e->negation.len[i];
        uint32_t b = L ? e->negation.cues[i][L - 1] & 4095u : 0;
        if (L)
            e->negation_last[b >> 6] |= 1ull << (b & 63u);
        else
            e->negation_empty = 1;
    }
    e->compiled = 1;
    return ZC_OK;
too_long:
    free(ul.v);
    free(ul.fold);
    {
        int shown = 0; /* the term's first characters, cut at a character boundary */
        for (int k = 0; bad_term[k] && k <= 30; k++)
            if (((unsigned char)bad_term[k] & 0xC0) != 0x80)
                shown = k;
        zc_set_error(err, ZC_ERR_PACK_SCHEMA, "%s%s规则包过于复杂：\"%.40s\" 的 %s 词条 \"%.*s…\" 超过 %u 个字符",
                     bad_pack, bad_pack[0] ? ": " : "", bad_where, bad_field, shown, bad_term, ZC_MAX_TERM_CHARS);
    }
    return ZC_ERR_PACK_SCHEMA;
nomem:
    free(ul.v);
    free(ul.fold);
    zc_set_error(err, ZC_ERR_NOMEM, "out of memory while compiling the rules");
    return ZC_ERR_NOMEM;
}

/* ---- check ---- */

/* A span found for a rule, in folded indexes (inclusive end). */
typedef struct zc_rhit {
    uint32_t rule;
    uint32_t start, end;
} zc_rhit;

typedef struct zc_rhits {
    zc_rhit *v;
    size_t n, cap;
    int failed;
} zc_rhits;

static void rpush(zc_rhits *h, uint32_t rule, uint32_t start, uint32_t end)
{
    if (h->failed)
        return;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 64;
        zc_rhit *q = realloc(h->v, nc * sizeof *q);
        if (!q) {
            h->failed = 1;
            return;
        }
        h->v = q;
        h->cap = nc;
    }
    h->v[h->n].rule = rule;
    h->v[h->n].start = start;
    h->v[h->n].end = end;
    h->n++;
}

typedef struct zc_pat_spans {
    zc_span *v;
    size_t n, cap;
    int failed;
} zc_pat_spans;

typedef struct zc_cand {
    uint32_t rule;
    uint32_t start, end;         /* original code points, half-open */
    uint32_t also_off, also_n;   /* after merge_cands: the folded-in findings, in zc_scratch.also */
    uint32_t own_start, own_end; /* the rule's own span ([start, end) covers the folded-in findings too) */
} zc_cand;

/* Everything a check needs besides the engine and the normalised text, kept between checks so
 * that a check of a listing allocates nothing here once the arrays have grown to the listings' size. Owned by
 * one caller (zicha.h); zc_check uses a fresh one per call. */
struct zc_scratch {
    zc_rhits terms, allows, nears, unlesses;
    zc_pat_spans spans[ZC_PAT_COUNT];
    zc_cand *cands;
    size_t cap_cands;
    zc_cand *also; /* findings folded into another of the same family (merge_cands) */
    size_t cap_also;
    uint32_t *groups; /* merge_cands' work array */
    size_t cap_groups;
    zc_report_relaxed *relaxed; /* rules switched off by a given or proven category, with a would-be finding */
    size_t cap_relaxed;
    uint8_t *questions;
    size_t cap_questions;
    uint32_t *sort_count;
    size_t cap_sort_count;
    uint32_t *allow_reach; /* per allow-phrase hit: the furthest end of it and its rule's hits starting before it */
    size_t cap_allow_reach;
    zc_rhit *sort_tmp;
    size_t cap_sort_tmp;
    zc_ntext_bufs text_bufs; /* the decoded and normalised text */
    zc_buf out;              /* the JSON of the last zc_check_json / batch line */
    zc_json_doc line;        /* batch: the parsed line (its memory kept between lines) */
};

/* Returns `p` grown to hold at least n elements of `size` bytes (contents kept; *cap updated), or NULL when out
 * of memory (then `p` is unchanged and still owned by the caller). */
static void *grow_buf(void *p, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return p;
    size_t nc = *cap ? *cap : 16;
    while (nc < n)
        nc *= 2;
    if (nc > SIZE_MAX / size)
        return NULL;
    void *q = realloc(p, nc * size);
    if (!q)
        return NULL;
    *cap = nc;
    return q;
}

static int cmp_rhit(const void *a, const void *b)
{
    const zc_rhit *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1; /* longer first */
    return 0;
}

/* Sorts hits as cmp_rhit orders them (rule, start, longer first), faster than qsort: a counting
 * sort by rule, then an insertion sort inside each rule. The matcher reports hits in order of their end, so
 * inside a rule they are nearly sorted by start already (out of order only where matches overlap). The order
 * is total up to identical hits, so the result is the same as qsort's. Falls back to qsort without memory. */
static void sort_rhits(zc_rhits *h, size_t n_rules, zc_scratch *s)
{
    size_t n = h->n;
    if (n < 2)
        return;
    if (n <= 32) { /* a listing's few hits: plain insertion sort, no allocation */
        for (size_t i = 1; i < n; i++) {
            zc_rhit x = h->v[i];
            size_t j = i;
            while (j > 0 && cmp_rhit(&h->v[j - 1], &x) > 0) {
                h->v[j] = h->v[j - 1];
                j--;
            }
            h->v[j] = x;
        }
        return;
    }
    /* the two work arrays live in the scratch and are reused by the next checks */
    uint32_t *count = grow_buf(s->sort_count, &s->cap_sort_count, n_rules + 1, sizeof *count);
    if (count)
        s->sort_count = count;
    zc_rhit *tmp = grow_buf(s->sort_tmp, &s->cap_sort_tmp, n, sizeof *tmp);
    if (tmp)
        s->sort_tmp = tmp;
    if (!count || !tmp) {
        sort_n(h->v, n, sizeof *h->v, cmp_rhit);
        return;
    }
    memset(count, 0, (n_rules + 1) * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[h->v[i].rule + 1]++;
    for (size_t r = 0; r < n_rules; r++)
        count[r + 1] += count[r];
    for (size_t i = 0; i < n; i++)
        tmp[count[h->v[i].rule]++] = h->v[i];
    /* insertion sort, with a budget of moves: far out of order (e.g. many pattern spans after many term hits of
     * one rule) it finishes with qsort instead of going quadratic */
    size_t moves = 0, budget = 16 * n + 64;
    for (size_t i = 1; i < n; i++) {
        zc_rhit x = tmp[i];
        size_t j = i;
        while (j > 0 && tmp[j - 1].rule == x.rule &&
               (tmp[j - 1].start > x.start || (tmp[j - 1].start == x.start && tmp[j - 1].end < x.end))) {
            tmp[j] = tmp[j - 1];
            j--;
            moves++;
        }
        tmp[j] = x;
        if (moves > budget) {
            sort_n(tmp, n, sizeof *tmp, cmp_rhit);
            break;
        }
    }
    memcpy(h->v, tmp, n * sizeof *tmp);
}

typedef struct zc_scan {
    const zc_engine *e;
    zc_rhits terms, allows, nears, unlesses;
    uint32_t cue_count[ZC_N_CATEGORIES];
    uint32_t cue_start[ZC_N_CATEGORIES][4];
    uint32_t cue_end[ZC_N_CATEGORIES][4];
    uint8_t cue_n[ZC_N_CATEGORIES];
    uint32_t ev_start[ZC_N_CATEGORIES][4], ev_end[ZC_N_CATEGORIES][4];
    uint8_t ev_n[ZC_N_CATEGORIES];
    size_t hits;     /* uses reported so far, against max_hits */
    size_t max_hits; /* the work budget (zicha.h): ZC_MAX_HITS plus one per byte of input */
    int over;        /* the budget ran out: the scan stopped and the check fails */
} zc_scan;

static int on_hit(void *ctx, const zc_hit *h)
{
    zc_scan *s = ctx;
    const zc_engine *e = s->e;
    uint32_t u0 = e->use_start[h->pattern], u1 = e->use_start[h->pattern + 1];
    s->hits += u1 - u0;
    if (s->hits > s->max_hits) {
        s->over = 1;
        return 1;
    }
    for (uint32_t u = u0; u < u1; u++) {
        const zc_use *use = &e->uses[u];
        switch (use->kind) {
        case ZC_USE_TERM:
            rpush(&s->terms, use->index, h->start, h->end);
            break;
        case ZC_USE_ALLOW:
            rpush(&s->allows, use->index, h->start, h->end);
            break;
        case ZC_USE_NEAR:
            rpush(&s->nears, use->index, h->start, h->end);
            break;
        case ZC_USE_UNLESS:
            rpush(&s->unlesses, use->index, h->start, h->end);
            break;
        case ZC_USE_CUE: {
            uint32_t c = use->index;
            s->cue_count[c]++;
            if (s->cue_n[c] < 4) {
                s->cue_start[c][s->cue_n[c]] = h->start;
                s->cue_end[c][s->cue_n[c]] = h->end;
                s->cue_n[c]++;
            }
            break;
        }
        case ZC_USE_EVIDENCE: {
            uint32_t c = use->index;
            if (s->ev_n[c] < 4) {
                s->ev_start[c][s->ev_n[c]] = h->start;
                s->ev_end[c][s->ev_n[c]] = h->end;
                s->ev_n[c]++;
            }
            break;
        }
        }
    }
    return 0;
}

static int on_span(void *ctx, zc_span sp)
{
    zc_pat_spans *p = ctx;
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 32;
        zc_span *q = realloc(p->v, nc * sizeof *q);
        if (!q) {
            p->failed = 1;
            return 1;
        }
        p->v = q;
        p->cap = nc;
    }
    p->v[p->n++] = sp;
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const zc_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Range [lo, hi) of hits of rule `r` in a list sorted by (rule, start). */
static void rule_range(const zc_rhits *h, uint32_t r, size_t *lo, size_t *hi)
{
    size_t a = 0, b = h->n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (h->v[m].rule < r)
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    b = h->n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (h->v[m].rule <= r)
            a = m + 1;
        else
            b = m;
    }
    *hi = a;
}

/* First index in [lo, hi) whose start is >= pos. */
static size_t lower_start(const zc_rhit *v, size_t lo, size_t hi, uint32_t pos)
{
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (v[m].start < pos)
            lo = m + 1;
        else
            hi = m;
    }
    return lo;
}

/* Small arrays (a listing's spans and findings): insertion sort, no call through a comparison pointer. */
static void sort_spans(zc_span *v, size_t n)
{
    if (n > 16) {
        /* the scans report each kind's spans in order already: qsort only when they are not */
        size_t i = 1;
        while (i < n && cmp_span(&v[i - 1], &v[i]) <= 0)
            i++;
        if (i < n)
            sort_n(v, n, sizeof *v, cmp_span);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        zc_span x = v[i];
        size_t j = i;
        while (j > 0 && cmp_span(&v[j - 1], &x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

typedef struct zc_ctx_check {
    const zc_ntext *nt;
    zc_pat_spans *spans; /* per pattern kind */
    /* structured patterns are scanned when first needed: the triggers of the rules that apply
     * to the text's category and mode before the rule loop, the context-only ones (near/unless) by
     * find_context. `scanned` has a bit per kind already scanned (or known to be empty). */
    const char *text;
    size_t len;
    uint32_t scanned;
    uint32_t context; /* near/unless kinds of the rules that apply (e->context_kinds) */
    int failed;       /* out of memory in a scan */
} zc_ctx_check;

/* The kinds found by one pass over the folded text, and those found by the identifier scan over
 * the UTF-8: asking for more kinds of the same group costs little, a second pass of a group costs a full pass. */
static const uint32_t ID_KINDS = 1u << ZC_PAT_IDENTIFIER | 1u << ZC_PAT_INVALID_IDENTIFIER;

/* `kinds` widened, per group it touches, by the context kinds of that group (scanned in the same pass instead of a
 * later one of their own) */
static uint32_t with_context(uint32_t kinds, uint32_t context)
{
    if (kinds & ~ID_KINDS)
        kinds |= context & ~ID_KINDS;
    if (kinds & ID_KINDS)
        kinds |= context & ID_KINDS;
    return kinds;
}

/* these structured patterns all start at a folded ASCII digit (patterns.c): on a text without
 * one they find nothing */
static const uint32_t DIGIT_KINDS = 1u << ZC_PAT_NUMBER | 1u << ZC_PAT_PRICE | 1u << ZC_PAT_DURATION |
                                    1u << ZC_PAT_MULTIPLE | 1u << ZC_PAT_DATE | 1u << ZC_PAT_QUANTITY |
                                    1u << ZC_PAT_USCC;

/* Scans the kinds of `kinds` not scanned yet; 0, or -1 when out of memory. */
static int scan_kinds(zc_ctx_check *cc, uint32_t kinds)
{
    kinds &= ~cc->scanned;
    if (!kinds)
        return 0;
    cc->scanned |= kinds;
    void *span_ctx[ZC_PAT_COUNT];
    for (int k = 0; k < ZC_PAT_COUNT; k++)
        span_ctx[k] = &cc->spans[k];
    /* all requested kinds in one pass over the text (patterns.c) */
    zc_pattern_scan_kinds(kinds, cc->text, cc->len, cc->nt, on_span, span_ctx);
    for (int k = 0; k < ZC_PAT_COUNT; k++) {
        if (!(kinds >> k & 1u))
            continue;
        zc_pat_spans *sp = &cc->spans[k];
        if (sp->failed) {
            cc->failed = 1;
            return -1;
        }
        sort_spans(sp->v, sp->n);
    }
    return 0;
}

/* Distance in original code points between two folded spans (0 when they touch or overlap). */
static uint32_t span_gap(const zc_ntext *nt, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    uint32_t as = zc_ntext_orig(nt, a0), ae = zc_ntext_orig(nt, a1) + 1, bs = zc_ntext_orig(nt, b0),
             be = zc_ntext_orig(nt, b1) + 1;
    if (be <= as)
        return as - be;
    if (bs >= ae)
        return bs - ae;
    return 0;
}

/* 1 when a clause mark lies strictly between folded spans [a0, a1] and [b0, b1] (which do not overlap): a comma,
 * 、, a colon, a space or a slash. Clauses of one sentence are often separate claims (增强体质，缓解疲劳). */
static int clause_between(const zc_ntext *nt, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    uint32_t from, to;
    if (a1 < b0) {
        from = a1 + 1;
        to = b0;
    } else if (b1 < a0) {
        from = b1 + 1;
        to = a0;
    } else {
        return 0;
    }
    for (uint32_t i = from; i < to; i++) {
        uint32_t c = nt->cp[i];
        if (c == ',' || c == 0x3001 || c == ':' || c == ' ' || c == '\t' || c == '|' || c == '/' || c == 0xFF0C ||
            c == 0x3000)
            return 1;
    }
    return 0;
}

/* Looks for a context item of `c` for a hit; returns 1 and its span when found. Candidates are the term hits of
 * the rule in `list` (sorted by rule, start), list->v[lo .. hi) (rule_range: found once per rule,
 * not per hit), and the spans of the context's patterns. */
static int find_context(zc_ctx_check *cc, const zc_context *c, const zc_rhits *list, size_t lo, size_t hi, uint32_t hs,
                        uint32_t he, uint32_t *cs, uint32_t *ce)
{
    if ((c->pattern_mask & ~cc->scanned) && scan_kinds(cc, with_context(c->pattern_mask & ~cc->scanned, cc->context)))
        return 0; /* out of memory: cc->failed, the check fails */
    const zc_ntext *nt = cc->nt;
    uint32_t sent = nt->sent[hs];
    int best = 0;
    uint32_t best_gap = 0;
    if (c->window == 0) {
        if (hi > lo) {
            *cs = list->v[lo].start;
            *ce = list->v[lo].end;
            return 1;
        }
        for (int k = 0; k < ZC_PAT_COUNT; k++)
            if ((c->pattern_mask >> k & 1u) && cc->spans[k].n) {
                *cs = cc->spans[k].v[0].start;
                *ce = cc->spans[k].v[0].end;
                return 1;
            }
        return 0;
    }
    /* term hits: examine a few neighbours on each side of the hit's start */
    if (hi > lo) {
        size_t p = lower_start(list->v, lo, hi, hs);
        size_t from = p >= lo + 8 ? p - 8 : lo, to = p + 8 < hi ? p + 8 : hi;
        for (size_t i = from; i < to; i++) {
            const zc_rhit *x = &list->v[i];
            if (nt->sent[x->start] != sent)
                continue;
            if (c->clause && (clause_between(nt, hs, he, x->start, x->end) || (x->start >= hs && x->end <= he)))
                continue; /* in one clause, and not a part of the trigger itself (不 in 不良反应) */
            uint32_t g = span_gap(nt, hs, he, x->start, x->end);
            if (g <= c->window && (!best || g < best_gap)) {
                best = 1;
                best_gap = g;
                *cs = x->start;
                *ce = x->end;
            }
        }
    }
    for (int k = 0; k < ZC_PAT_COUNT; k++) {
        if (!(c->pattern_mask >> k & 1u))
            continue;
        const zc_pat_spans *sp = &cc->spans[k];
        size_t a = 0, b = sp->n;
        while (a < b) {
            size_t m = a + (b - a) / 2;
            if (sp->v[m].start < hs)
                a = m + 1;
            else
                b = m;
        }
        size_t from = a >= 8 ? a - 8 : 0, to = a + 8 < sp->n ? a + 8 : sp->n;
        for (size_t i = from; i < to; i++) {
            if (nt->sent[sp->v[i].start] != sent)
                continue;
            if (c->clause && clause_between(nt, hs, he, sp->v[i].start, sp->v[i].end))
                continue;
            uint32_t g = span_gap(nt, hs, he, sp->v[i].start, sp->v[i].end);
            if (g <= c->window && (!best || g < best_gap)) {
                best = 1;
                best_gap = g;
                *cs = sp->v[i].start;
                *ce = sp->v[i].end;
            }
        }
    }
    return best;
}

/* 1 when a hit starting at folded index `hs` is preceded by a negation cue, with at most two characters between
 * (不是最好, 不是说最好, 并不能预防新冠). */
static int negated(const zc_engine *e, const zc_ntext *nt, uint32_t hs)
{
    uint32_t prev[6];
    int np = 0;
    for (size_t i = hs; i > 0 && np < 6;) {
        i--;
        if (nt->cls[i] == ZC_STOP)
            break;
        if (nt->cls[i] == ZC_WORD)
            prev[np++] = nt->cp[i];
    }
    /* a cue ends right before the hit or one or two characters earlier: only where that
     * character is the last one of some cue (a 4096-bit filter) are the cues compared */
    for (int gap = 0; gap <= 2 && gap < np; gap++) {
        uint32_t b = prev[gap] & 4095u;
        if (!(e->negation_last[b >> 6] >> (b & 63u) & 1u))
            continue;
        for (size_t c = 0; c < e->negation.n; c++) {
            size_t L = e->negation.len[c];
            if ((size_t)gap + L > (size_t)np)
                continue;
            int ok = 1;
            for (size_t k = 0; k < L && ok; k++)
                ok = prev[gap + k] == e->negation.cues[c][L - 1 - k];
            if (ok)
                return 1;
        }
    }
    return e->negation_empty; /* a cue that folds to nothing matches anywhere */
}

/* 1 when folded index `hs` lies inside a title in 《》 (a book, film or song title cited, not a claim made:
 * 《最好的我们》, 《治愈》): a 《 before it and a 》 after it, within 40 characters each way in the sentence. */
static int in_title(const zc_ntext *nt, uint32_t hs)
{
    int open = 0;
    for (size_t i = hs, k = 0; i > 0 && k < 40; k++) {
        i--;
        uint32_t c = nt->cp[i];
        if (nt->cls[i] == ZC_STOP || c == 0x300B) /* 》 */
            return 0;
        if (c == 0x300A) { /* 《 */
            open = 1;
            break;
        }
    }
    if (!open)
        return 0;
    for (size_t i = hs, k = 0; i < nt->n && k < 40; i++, k++) {
        uint32_t c = nt->cp[i];
        if (nt->cls[i] == ZC_STOP || c == 0x300A)
            return 0;
        if (c == 0x300B)
            return 1;
    }
    return 0;
}

static const uint32_t CP_NA = 0x54EA, CP_MA = 0x5417, CP_SHUI = 0x8C01, CP_SHEN = 0x4EC0, CP_ME = 0x4E48,
                      CP_ZEN = 0x600E, CP_SHI = 0x662F, CP_FOU = 0x5426, CP_BU = 0x4E0D, CP_NE = 0x5462,
                      CP_MEI = 0x6CA1, CP_NAN = 0x96BE, CP_DAO = 0x9053, CP_QI = 0x5C82;

/* Sentence marks for question_at and explains_at, one byte of SENT_* flags per sentence (0: nothing computed
 * yet); NULL when out of memory. */
enum { SENT_Q_DONE = 1, SENT_Q_YES = 2, SENT_R_DONE = 4, SENT_R_YES = 8 };
static uint8_t *question_marks(const zc_ntext *nt, zc_scratch *s)
{
    size_t ns = nt->n ? nt->sent[nt->n - 1] + 1 : 1;
    uint8_t *q = grow_buf(s->questions, &s->cap_questions, ns + 1, 1);
    if (!q)
        return NULL;
    s->questions = q;
    memset(q, 0, ns + 1);
    return q;
}

/* The folded index where the sentence holding folded index `i` starts. */
static size_t sentence_start(const zc_ntext *nt, size_t i)
{
    while (i > 0 && nt->cls[i - 1] != ZC_STOP)
        i--;
    return i;
}

/* 1 when the sentence holding folded index `i` is a question: it ends with ? and contains a question word. A
 * rhetorical question asserts what it asks (这还不直观吗？ 难道不是最好的？ 岂不更好？): with 难道 or 岂, or a 不/没
 * in a question that ends in 吗, the sentence is not a question for the negation guard.
 * Computed for that sentence only, on demand, and remembered in q. */
static int question_at(const zc_ntext *nt, uint8_t *q, size_t i)
{
    uint32_t sn = nt->sent[i];
    if (q[sn] & SENT_Q_DONE)
        return (q[sn] & SENT_Q_YES) != 0;
    size_t j = sentence_start(nt, i);
    int qword = 0, yes = 0, neg = 0, rhet = 0;
    uint32_t p1 = 0, p2 = 0;
    /* bit (c & 63) of the characters the question words end with (那 吗 谁 呢 么 否 是: all different) */
    const uint64_t last = 1ull << (CP_NA & 63u) | 1ull << (CP_MA & 63u) | 1ull << (CP_SHUI & 63u) |
                          1ull << (CP_NE & 63u) | 1ull << (CP_ME & 63u) | 1ull << (CP_FOU & 63u) |
                          1ull << (CP_SHI & 63u);
    for (; j < nt->n; j++) {
        uint32_t c = nt->cp[j];
        if (nt->cls[j] == ZC_STOP) {
            yes = c == '?' && qword && !rhet && !(neg && p1 == CP_MA);
            break;
        }
        if (nt->cls[j] != ZC_WORD)
            continue;
        if (c == CP_BU || c == CP_MEI)
            neg = 1;
        if (c == CP_QI || (p1 == CP_NAN && c == CP_DAO))
            rhet = 1;
        if (!qword && (last >> (c & 63u) & 1u) &&
            (c == CP_NA || c == CP_MA || c == CP_SHUI || c == CP_NE || (p1 == CP_SHEN && c == CP_ME) ||
             (p1 == CP_ZEN && c == CP_ME) || (p1 == CP_SHI && c == CP_FOU) ||
             (p2 == CP_SHI && p1 == CP_BU && c == CP_SHI)))
            qword = 1;
        p2 = p1;
        p1 = c;
    }
    q[sn] |= (uint8_t)(SENT_Q_DONE | (yes ? SENT_Q_YES : 0));
    return yes;
}

/* 1 when the sentence holding folded index `i` contains a register cue (register_words), remembered in q. */
static int explains_at(const zc_engine *e, const zc_ntext *nt, uint8_t *q, size_t i)
{
    uint32_t sn = nt->sent[i];
    if (q[sn] & SENT_R_DONE)
        return (q[sn] & SENT_R_YES) != 0;
    size_t j = sentence_start(nt, i);
    int yes = 0;
    for (; j < nt->n && nt->cls[j] != ZC_STOP && !yes; j++) {
        for (size_t c = 0; c < e->register_cues.n && !yes; c++) {
            size_t L = e->register_cues.len[c];
            if (!L || j + L > nt->n)
                continue;
            size_t k = 0;
            while (k < L && nt->cp[j + k] == e->register_cues.cues[c][k])
                k++;
            yes = k == L;
        }
    }
    q[sn] |= (uint8_t)(SENT_R_DONE | (yes ? SENT_R_YES : 0));
    return yes;
}

/* ZC_MODE_AUTO reads a text as a whole shop page only on strong signals: several lines, some length, and at least
 * two different words that belong to a shop's own page (its name for itself, customer service, following the
 * shop). A long product description or a spec sheet has lines and length but not these, and the page-level
 * disclosure checks (licence, permits) must not run on it. Simplified and traditional forms are both listed
 * because this looks at the input bytes, before folding. */
static const char *const shop_cues[] = {
    "店铺",     "店鋪",     "本店",     "小店",     "网店",     "網店",     "旗舰店",   "旗艦店",   "专营店",
    "專營店",   "专卖店",   "專賣店",   "首页",     "首頁",     "客服",     "掌柜",     "掌櫃",     "全部宝贝",
    "全部寶貝", "全部商品", "关于我们", "關於我們", "联系我们", "聯繫我們", "聯絡我們", "营业执照", "營業執照",
    "进店",     "進店",     "店主",     "主营",     "主營",     "药房",     "藥房",     "药店",     "藥店"};

/* Whether `needle` occurs in text[0, len) (memmem is not standard C). */
static int has_bytes(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text, *end = text + len;
         (size_t)(end - p) >= n && (p = memchr(p, needle[0], (size_t)(end - p))); p++)
        if ((size_t)(end - p) >= n && !memcmp(p, needle, n))
            return 1;
    return 0;
}

static int looks_like_shop_page(const zc_ntext *nt, const char *text, size_t len)
{
    if (nt->n_orig < 100)
        return 0;
    /* lines counted on the UTF-8 with memchr, up to 5: only U+000A folds to '\n', and byte 0x0A is always that
     * character (never part of a sequence, never an invalid byte) */
    size_t lines = 1;
    for (const char *p = text, *end = text + len; lines < 5 && (p = memchr(p, '\n', (size_t)(end - p))); p++)
        lines++;
    if (lines < 5)
        return 0;
    int cues = 0;
    for (size_t i = 0; i < sizeof shop_cues / sizeof *shop_cues && cues < 2; i++)
        cues += has_bytes(text, len, shop_cues[i]);
    return cues >= 2;
}

static int cmp_cand(const void *a, const void *b)
{
    const zc_cand *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* 1 when folded indexes k and k + 1 both come from Chinese numerals: 一一 in 唯一一家 is two words (唯一, 一家) that
 * fold to the digits 11, not one number, so it is no edge conflict (N95 in N950 or TOP1 in TOP10 still is). */
static int numeral_pair(const zc_ntext *nt, uint32_t k)
{
    return nt->ocp && zc_is_cjk_numeral(nt->ocp[zc_ntext_orig(nt, k)]) &&
           zc_is_cjk_numeral(nt->ocp[zc_ntext_orig(nt, k + 1)]);
}

static int ascii_edge_conflict(const zc_ntext *nt, uint32_t s, uint32_t e)
{
    if (zc_is_ascii_alnum(nt->cp[s]) && s > 0 && zc_is_ascii_alnum(nt->cp[s - 1]) && !numeral_pair(nt, s - 1))
        return 1;
    if (zc_is_ascii_alnum(nt->cp[e]) && e + 1 < nt->n && zc_is_ascii_alnum(nt->cp[e + 1]) && !numeral_pair(nt, e))
        return 1;
    return 0;
}

static void sort_cands(zc_cand *v, size_t n)
{
    if (n > 16) {
        size_t i = 1; /* as sort_spans */
        while (i < n && cmp_cand(&v[i - 1], &v[i]) <= 0)
            i++;
        if (i < n)
            sort_n(v, n, sizeof *v, cmp_cand);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        zc_cand x = v[i];
        size_t j = i;
        while (j > 0 && cmp_cand(&v[j - 1], &x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static int push_cand(zc_scratch *s, size_t *n, uint32_t rule, uint32_t start, uint32_t end)
{
    if (*n == s->cap_cands) {
        zc_cand *q = grow_buf(s->cands, &s->cap_cands, *n + 1, sizeof *q);
        if (!q)
            return -1;
        s->cands = q;
    }
    s->cands[(*n)++] = (zc_cand){rule, start, end, 0, 0, start, end};
    return 0;
}

/* 1 when the evidence term ending at folded index `end` is followed by its number: within three characters, the
 * first word character is an ASCII letter or digit (国药准字Z…, 卫食健字(2000)第…, 械注准2015…). *num_end receives
 * the last folded index of that number (the term's end when it has none). */
static int evidence_number(const zc_ntext *nt, uint32_t end, uint32_t *num_end)
{
    *num_end = end;
    size_t i = (size_t)end + 1;
    for (int seen = 0;; i++, seen++) {
        if (i >= nt->n || seen > 3 || nt->cls[i] == ZC_STOP)
            return 0;
        uint32_t c = nt->cp[i];
        if (zc_is_ascii_alnum(c))
            break;
        if (nt->cls[i] == ZC_WORD && c != 0x7B2C) /* 第 as in 卫食健字(2000)第0123号 */
            return 0;
    }
    size_t k = i;
    while (k + 1 < nt->n && k - i < 24 && nt->cls[k + 1] != ZC_STOP &&
           (zc_is_ascii_alnum(nt->cp[k + 1]) || nt->cls[k + 1] == ZC_SKIP))
        k++;
    while (k > i && !zc_is_ascii_alnum(nt->cp[k])) /* no trailing separators */
        k--;
    *num_end = (uint32_t)k;
    return 1;
}

static int push_relaxed(zc_scratch *s, size_t *n, uint32_t rule, uint32_t relax, int given_cat)
{
    zc_report_relaxed *q = grow_buf(s->relaxed, &s->cap_relaxed, *n + 1, sizeof *q);
    if (!q)
        return -1;
    s->relaxed = q;
    int c = given_cat >= 0 && (relax >> given_cat & 1u) ? given_cat : -1;
    for (int k = 0; c < 0 && k < ZC_N_CATEGORIES; k++)
        if (relax >> k & 1u)
            c = k;
    q[*n].rule = rule;
    q[*n].category = c;
    q[*n].by_evidence = !(given_cat >= 0 && c == given_cat);
    (*n)++;
    return 0;
}

#define ZC_MERGE_MAX 16

/* Per family, the family it merges with (the registry's groups: the claims families are one legal problem seen by
 * several rules). */
static const uint8_t family_merge[ZC_REGISTRY_N_FAMILIES] = {ZC_REGISTRY_FAMILY_MERGE};

/* 1 when candidates a and b cover the same original text (the same term said twice: 最好最好). */
static int same_text(const uint32_t *cps, const zc_cand *a, const zc_cand *b)
{
    uint32_t n = a->end - a->start;
    return n == b->end - b->start && memcmp(cps + a->start, cps + b->start, n * sizeof *cps) == 0;
}

/* Folds findings of one family (or one family group) whose spans overlap or touch into one (candidates sorted by
 * start): the strongest severity leads (then the longer span, then the later rule), the span covers them all, the
 * others go to s->also in order. One legal problem on one phrase is one finding with every basis in it, not three
 * (根治失眠). */
static int merge_cands(const zc_engine *e, zc_scratch *s, const uint32_t *cps, size_t *n_io)
{
    size_t n = *n_io;
    if (n < 2)
        return 0;
    zc_cand *c = s->cands;
    /* per candidate its group; per group: primary, start, end, member count, last member (6 × n words in all) */
    uint32_t *gid = grow_buf(s->groups, &s->cap_groups, 6 * n, sizeof *gid);
    if (!gid)
        return -1;
    s->groups = gid;
    uint32_t *gprim = gid + n, *gstart = gprim + n, *gend = gstart + n, *gcount = gend + n, *glast = gcount + n;
    uint32_t open[256]; /* per merge family (zc_rule.family is a uint8_t): its open group */
    for (size_t f = 0; f < 256; f++)
        open[f] = UINT32_MAX;
    uint32_t ng = 0;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        const zc_rule *ri = &e->rules[c[i].rule];
        uint8_t mf = family_merge[ri->family];
        uint32_t g = open[mf];
        /* joins the family's open group when it overlaps it, or touches it (根治|失眠, 疗程|治愈; the same
         * term said again, 最好最好, stays one finding each); a group holds at most ZC_MERGE_MAX findings, so that the
         * `also` lists stay small whatever the text */
        int joins = g != UINT32_MAX && gcount[g] < ZC_MERGE_MAX &&
                    (c[i].start < gend[g] || (c[i].start == gend[g] &&
                                              !(c[glast[g]].rule == c[i].rule && same_text(cps, &c[glast[g]], &c[i]))));
        if (joins) {
            any = 1;
            gid[i] = g;
            if (c[i].end > gend[g])
                gend[g] = c[i].end;
            gcount[g]++;
            glast[g] = (uint32_t)i;
            const zc_cand *p = &c[gprim[g]];
            const zc_rule *rp = &e->rules[p->rule];
            /* strongest severity, then the longer span, then the later rule (a user's pack, loaded after the
             * built-in ones, leads a tie with them) */
            if (ri->info.severity > rp->info.severity ||
                (ri->info.severity == rp->info.severity &&
                 (c[i].end - c[i].start > p->end - p->start ||
                  (c[i].end - c[i].start == p->end - p->start && c[i].rule > p->rule))))
                gprim[g] = (uint32_t)i;
        } else {
            g = ng++;
            gid[i] = g;
            gprim[g] = (uint32_t)i;
            gstart[g] = c[i].start;
            gend[g] = c[i].end;
            gcount[g] = 1;
            glast[g] = (uint32_t)i;
            open[mf] = g;
        }
    }
    if (!any) /* push_cand left every also_n at 0 */
        return 0;
    size_t n_also = n - ng;
    zc_cand *also = grow_buf(s->also, &s->cap_also, n_also, sizeof *also);
    if (!also)
        return -1;
    s->also = also;
    /* offsets: gcount becomes each group's next free slot */
    uint32_t off = 0;
    for (uint32_t g = 0; g < ng; g++) {
        uint32_t k = gcount[g] - 1;
        gcount[g] = off;
        off += k;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t g = gid[i];
        if (gprim[g] == i)
            continue;
        also[gcount[g]++] = (zc_cand){c[i].rule, c[i].start, c[i].end, 0, 0, c[i].start, c[i].end};
    }
    /* primaries in group order (a group's primary index is never below its number) */
    uint32_t start_off = 0;
    for (uint32_t g = 0; g < ng; g++) {
        zc_cand p = c[gprim[g]];
        uint32_t end_off = gcount[g];
        c[g] = (zc_cand){p.rule, gstart[g], gend[g], start_off, end_off - start_off, p.start, p.end};
        start_off = end_off;
    }
    *n_io = ng;
    return 0;
}

/* What a check leaves for the report writers: the candidates are in s->cands, the decoded text in
 * s->text_bufs. */
typedef struct zc_checked {
    zc_ntext nt;
    const uint32_t *cps; /* decoded original text */
    size_t n_cands;
    zc_report_input in;
} zc_checked;

/* A scratch keeps the text buffers of the largest text it checked, up to this size; a larger
 * text's are released after its check. */
#define ZC_SCRATCH_KEEP_TEXT ((size_t)128 << 20)

static void checked_free(zc_scratch *s, zc_checked *c)
{
    (void)c;
    if (zc_ntext_bufs_size(&s->text_bufs) > ZC_SCRATCH_KEEP_TEXT)
        zc_ntext_bufs_free(&s->text_bufs);
}

/* The check itself: matching, structured patterns, rule logic. Fills *out (free with checked_free, also on
 * failure) and returns 0, or -1 with err set. */
static int check_core(const zc_engine *e, zc_scratch *sc, const char *text, size_t len, const zc_options *opt,
                      zc_checked *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    if (!e || !e->compiled) {
        zc_set_error(err, ZC_ERR_STATE, "zc_check: the engine is not compiled");
        return -1;
    }
    if (!text && len) {
        zc_set_error(err, ZC_ERR_INPUT, "zc_check: no text");
        return -1;
    }
    if (len > ZC_MAX_TEXT_BYTES) {
        zc_set_error(err, ZC_ERR_TOO_LARGE, "文本过大：%zu 字节，上限 %u 字节（16 MB）", len,
                     (unsigned)ZC_MAX_TEXT_BYTES);
        return -1;
    }
    int given_cat = -1;
    if (opt && opt->category && opt->category[0]) {
        given_cat = zc_category_index(opt->category);
        if (given_cat < 0) {
            zc_set_error(err, ZC_ERR_CATEGORY, "unknown category \"%.60s\"", opt->category);
            return -1;
        }
    }

    size_t n_invalid = 0;
    size_t n = 0;
    zc_ntext *nt = &out->nt;
    zc_scan scan; /* only the counters are zeroed: cue_start/cue_end are read below cue_n */
    scan.e = e;
    memset(scan.cue_count, 0, sizeof scan.cue_count);
    memset(scan.cue_n, 0, sizeof scan.cue_n);
    memset(scan.ev_n, 0, sizeof scan.ev_n);
    scan.hits = 0;
    scan.max_hits = ZC_MAX_HITS + len;
    scan.over = 0;
    /* the hit lists come from the scratch (their memory is reused, their contents are not) */
    scan.terms = (zc_rhits){sc->terms.v, 0, sc->terms.cap, 0};
    scan.allows = (zc_rhits){sc->allows.v, 0, sc->allows.cap, 0};
    scan.nears = (zc_rhits){sc->nears.v, 0, sc->nears.cap, 0};
    scan.unlesses = (zc_rhits){sc->unlesses.v, 0, sc->unlesses.cap, 0};
    zc_pat_spans *spans = sc->spans;
    for (int k = 0; k < ZC_PAT_COUNT; k++) {
        spans[k].n = 0;
        spans[k].failed = 0;
    }
    size_t n_cands = 0;
    uint8_t *questions = NULL;
    int rc = -1;
    /* decode + normalise in one pass; the matcher finds match starts without a scratch array */
    if (zc_ntext_decode_into(nt, text, len, e->fold_table, &sc->text_bufs, &n, &n_invalid))
        goto nomem;
    out->cps = nt->ocp;
    zc_matcher_scan(e->matcher, nt, NULL, on_hit, &scan);
    if (scan.over)
        goto over;
    if (scan.terms.failed || scan.allows.failed || scan.nears.failed || scan.unlesses.failed)
        goto nomem;
    /* evidence: an approval-number prefix followed by its number proves a category (first one in the text) */
    uint32_t ev_mask = 0;
    int ev_cat = -1;
    uint32_t ev_first = UINT32_MAX;
    for (int c = 0; c < ZC_N_CATEGORIES; c++)
        for (int k = 0; k < scan.ev_n[c]; k++) {
            uint32_t s0 = scan.ev_start[c][k], e1;
            if (!evidence_number(nt, scan.ev_end[c][k], &e1))
                continue;
            if (!(ev_mask >> c & 1u)) {
                ev_mask |= 1u << c;
                out->in.ev[out->in.n_ev].category = c;
                out->in.ev[out->in.n_ev].start = zc_ntext_orig(nt, s0);
                out->in.ev[out->in.n_ev].end = zc_ntext_orig(nt, e1) + 1;
                out->in.n_ev++;
            }
            if (s0 < ev_first) {
                ev_first = s0;
                ev_cat = c;
            }
        }
    /* the categories in which `permitted_in` rules stand down: the caller's choice and what the text proves */
    uint32_t permitted = ev_mask | (given_cat >= 0 ? 1u << given_cat : 0u);
    size_t n_relaxed = 0;
    /* category */
    int cat = given_cat, detected = 0;
    if (cat < 0 && ev_cat >= 0)
        cat = ev_cat;
    else if (cat < 0) {
        uint32_t best = 0;
        cat = 0;
        for (int k = 0; k < e->n_cue_order; k++) {
            int c = e->cue_order[k];
            if (scan.cue_count[c] > best) {
                best = scan.cue_count[c];
                cat = c;
            }
        }
        detected = best > 0;
    }
    int shop = opt && opt->mode == ZC_MODE_SHOP      ? 1
               : opt && opt->mode == ZC_MODE_LISTING ? 0
                                                     : looks_like_shop_page(nt, text, len);

    zc_ctx_check cc = {nt, spans, text, len, 0, e->context_kinds[cat][shop], 0};
    /* digit-led kinds on a text without a folded digit: nothing to find, mark them scanned */
    if (!nt->has_digit) /* known from the decoding */
        cc.scanned |= DIGIT_KINDS;
    /* structured triggers of the rules that apply to this category and mode only; they become
     * term hits of the rules that use them (only rules with structured triggers, only kinds that found some) */
    uint32_t trig_kinds = e->trigger_kinds[cat][shop];
    if (scan_kinds(&cc, with_context(trig_kinds, cc.context)))
        goto nomem;
    uint32_t found_kinds = 0; /* trigger kinds with at least one span */
    for (int k = 0; k < ZC_PAT_COUNT; k++)
        if (spans[k].n && (trig_kinds >> k & 1u))
            found_kinds |= 1u << k;
    for (size_t t = 0; found_kinds && t < e->n_trigger_rules; t++) {
        uint32_t r = e->trigger_rules[t];
        uint32_t m = e->rules[r].trigger_patterns & found_kinds;
        for (int k = 0; m && k < ZC_PAT_COUNT; k++)
            if (m >> k & 1u) {
                if ((scan.hits += spans[k].n) > scan.max_hits)
                    goto over;
                for (size_t i = 0; i < spans[k].n; i++)
                    rpush(&scan.terms, r, spans[k].v[i].start, spans[k].v[i].end);
            }
    }
    if (scan.terms.failed)
        goto nomem;
    sort_rhits(&scan.terms, e->n_rules, sc);
    sort_rhits(&scan.allows, e->n_rules, sc);
    /* an allow phrase suppresses a hit it covers, however long the phrase and however far before the hit it starts:
     * reach[i] is the furthest end of the rule's allow hits up to i (sorted by start), so "does a phrase starting
     * at or before the hit cover it" is one lookup */
    uint32_t *reach =
        scan.allows.n ? grow_buf(sc->allow_reach, &sc->cap_allow_reach, scan.allows.n, sizeof *reach) : sc->allow_reach;
    if (scan.allows.n && !reach)
        goto nomem;
    sc->allow_reach = reach;
    for (size_t i = 0; i < scan.allows.n; i++) {
        const zc_rhit *x = &scan.allows.v[i];
        reach[i] = i && x[-1].rule == x->rule && reach[i - 1] > x->end ? reach[i - 1] : x->end;
    }
    sort_rhits(&scan.nears, e->n_rules, sc);
    sort_rhits(&scan.unlesses, e->n_rules, sc);

    /* a 《 anywhere in the text (UTF-8 E3 80 8A): only then can a hit lie inside a cited title */
    int has_title = 0;
    for (const char *p = text, *end = text + len; !has_title && end - p > 2 && (p = memchr(p, 0xE3, (size_t)(end - p)));
         p++)
        has_title = end - p > 2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x8A;
    /* visit only the rules that have a trigger hit (scan.terms is sorted by rule) and the
     * `absent` rules, in rule order, instead of every rule */
    size_t tcur = 0, acur = 0;
    while (tcur < scan.terms.n || acur < e->n_absent_rules) {
        uint32_t rt = tcur < scan.terms.n ? scan.terms.v[tcur].rule : UINT32_MAX;
        uint32_t ra = acur < e->n_absent_rules ? e->absent_rules[acur] : UINT32_MAX;
        uint32_t r = rt < ra ? rt : ra;
        size_t lo = tcur, hi = tcur;
        while (hi < scan.terms.n && scan.terms.v[hi].rule == r)
            hi++;
        tcur = hi;
        if (ra == r)
            acur++;
        const zc_rule *rule = &e->rules[r];
        if (rule->cat_mask && !(rule->cat_mask >> cat & 1u))
            continue;
        if (rule->not_cat_mask >> cat & 1u)
            continue;
        if (rule->scope == ZC_SCOPE_SHOP && !shop)
            continue;
        uint32_t relax = rule->permit_mask & permitted; /* a finding of this rule is recorded as relaxed instead */
        if (rule->absent) {
            uint32_t cs, ce;
            if (hi > lo)
                continue;
            if (rule->unless.present) {
                size_t ulo, uhi;
                rule_range(&scan.unlesses, r, &ulo, &uhi);
                if (find_context(&cc, &rule->unless, &scan.unlesses, ulo, uhi, 0, 0, &cs, &ce))
                    continue;
            }
            if (push_cand(sc, &n_cands, r, 0, 0))
                goto nomem;
            continue;
        }
        size_t alo, ahi, nlo = 0, nhi = 0, ulo = 0, uhi = 0;
        rule_range(&scan.allows, r, &alo, &ahi);
        if (rule->near.present)
            rule_range(&scan.nears, r, &nlo, &nhi);
        if (rule->unless.present)
            rule_range(&scan.unlesses, r, &ulo, &uhi);
        uint32_t last_s = UINT32_MAX, last_e = 0;
        for (size_t i = lo; i < hi; i++) {
            uint32_t hs = scan.terms.v[i].start, he = scan.terms.v[i].end;
            /* contained in the previous kept hit of this rule (sorted by start, longer first) */
            if (last_s != UINT32_MAX && hs >= last_s && he <= last_e)
                continue;
            if (rule->boundary && ascii_edge_conflict(nt, hs, he))
                continue;
            /* an allow phrase covers the hit: one starting at or before it reaches its end */
            size_t p = lower_start(scan.allows.v, alo, ahi, hs + 1);
            int allowed = p > alo && reach[p - 1] >= he;
            if (allowed)
                continue;
            uint32_t fs = hs, fe = he, cs, ce;
            if (rule->near.present) {
                if (!find_context(&cc, &rule->near, &scan.nears, nlo, nhi, hs, he, &cs, &ce))
                    continue;
                /* a claim phrased predicate first (不能治疗失眠): the guard looks before the predicate too */
                if (rule->negation && cs < hs && negated(e, nt, cs))
                    continue;
                if (rule->near.extend) {
                    fs = cs < fs ? cs : fs;
                    fe = ce > fe ? ce : fe;
                }
            }
            /* the guards after the context: most hits of a grammar rule have no context and stop there */
            if (rule->negation) {
                if (negated(e, nt, hs) || (has_title && in_title(nt, hs)))
                    continue;
                if (!questions && !(questions = question_marks(nt, sc))) /* only when needed */
                    goto nomem;
                if (question_at(nt, questions, hs) || explains_at(e, nt, questions, hs))
                    continue;
            }
            if (rule->unless.present && find_context(&cc, &rule->unless, &scan.unlesses, ulo, uhi, hs, he, &cs, &ce))
                continue;
            last_s = hs;
            last_e = he;
            if (relax) {
                if (push_relaxed(sc, &n_relaxed, r, relax, given_cat))
                    goto nomem;
                break;
            }
            if (push_cand(sc, &n_cands, r, zc_ntext_orig(nt, fs), zc_ntext_orig(nt, fe) + 1))
                goto nomem;
        }
    }
    if (cc.failed)
        goto nomem;
    zc_cand *cands = sc->cands;
    sort_cands(cands, n_cands);
    /* the same rule on the same span once */
    size_t w = 0;
    for (size_t i = 0; i < n_cands; i++)
        if (w == 0 || cmp_cand(&cands[w - 1], &cands[i]) != 0)
            cands[w++] = cands[i];
    if (merge_cands(e, sc, out->cps, &w))
        goto nomem;
    out->n_cands = w;

    zc_report_input *in = &out->in;
    in->engine = e;
    in->cps = out->cps;
    in->n_cps = n;
    in->category = ZC_CATEGORIES[cat];
    in->category_detected = detected;
    in->given = given_cat >= 0;
    in->evidenced = given_cat < 0 && ev_cat >= 0;
    in->also = (const zc_report_cand *)sc->also;
    in->relaxed = sc->relaxed;
    in->n_relaxed = n_relaxed;
    in->shop = shop;
    in->n_invalid = n_invalid;
    in->cue_category = detected ? cat : -1;
    in->cue_n = detected ? scan.cue_n[cat] : 0;
    for (int k = 0; k < in->cue_n; k++) {
        in->cue_start[k] = zc_ntext_orig(nt, scan.cue_start[cat][k]);
        in->cue_end[k] = zc_ntext_orig(nt, scan.cue_end[cat][k]) + 1;
    }
    rc = 0;
    goto done;
over:
    zc_set_error(err, ZC_ERR_BUDGET,
                 "规则包过于复杂：本次检查超过工作量上限（%zu 个匹配），检查已停止；请精简相互重叠的词条或分段检查",
                 scan.max_hits);
    goto done;
nomem:
    zc_set_error(err, ZC_ERR_NOMEM, "out of memory while checking the text");
done:
    /* the hit lists' memory goes back to the scratch (also when a push failed: v is then still the old block) */
    sc->terms = (zc_rhits){scan.terms.v, 0, scan.terms.cap, 0};
    sc->allows = (zc_rhits){scan.allows.v, 0, scan.allows.cap, 0};
    sc->nears = (zc_rhits){scan.nears.v, 0, scan.nears.cap, 0};
    sc->unlesses = (zc_rhits){scan.unlesses.v, 0, scan.unlesses.cap, 0};
    return rc;
}

static size_t max_findings_of(const zc_options *opt)
{
    return opt && opt->max_findings ? opt->max_findings : ZC_DEFAULT_MAX_FINDINGS;
}

zc_scratch *zc_scratch_new(void)
{
    return calloc(1, sizeof(zc_scratch));
}

static void scratch_release(zc_scratch *s)
{
    free(s->terms.v);
    free(s->allows.v);
    free(s->nears.v);
    free(s->unlesses.v);
    for (int k = 0; k < ZC_PAT_COUNT; k++)
        free(s->spans[k].v);
    free(s->cands);
    free(s->also);
    free(s->groups);
    free(s->relaxed);
    free(s->questions);
    free(s->sort_count);
    free(s->allow_reach);
    free(s->sort_tmp);
    free(s->out.data);
    zc_json_doc_free(&s->line);
    zc_ntext_bufs_free(&s->text_bufs);
}

void zc_scratch_free(zc_scratch *s)
{
    if (!s)
        return;
    scratch_release(s);
    free(s);
}

zc_report *zc_check(const zc_engine *e, const char *text, size_t len, const zc_options *opt, zc_error *err)
{
    zc_scratch sc;
    memset(&sc, 0, sizeof sc);
    zc_checked c;
    zc_report *rep = NULL;
    if (check_core(e, &sc, text, len, opt, &c, err) == 0) {
        rep = zc_report_build(&c.in, (const zc_report_cand *)sc.cands, c.n_cands, max_findings_of(opt));
        if (!rep)
            zc_set_error(err, ZC_ERR_NOMEM, "out of memory while checking the text");
    }
    checked_free(&sc, &c);
    scratch_release(&sc);
    return rep;
}

int zc_check_write(const zc_engine *e, zc_scratch *s, const char *text, size_t len, const zc_options *opt, zc_buf *out,
                   int flags, zc_error *err)
{
    zc_checked c;
    int rc = check_core(e, s, text, len, opt, &c, err);
    if (rc == 0) {
        zc_report_write_json(out, &c.in, (const zc_report_cand *)s->cands, c.n_cands, max_findings_of(opt), flags);
        if (out->failed) {
            zc_set_error(err, ZC_ERR_NOMEM, "out of memory while writing the report");
            rc = -1;
        }
    }
    checked_free(s, &c);
    return rc;
}

static const char *check_json(const zc_engine *e, zc_scratch *s, const char *text, size_t len, const zc_options *opt,
                              size_t *json_len, int flags, zc_error *err)
{
    if (json_len)
        *json_len = 0;
    if (!s) {
        zc_set_error(err, ZC_ERR_STATE, "zc_check_json: no scratch");
        return NULL;
    }
    zc_buf_reset(&s->out);
    if (zc_check_write(e, s, text, len, opt, &s->out, flags, err))
        return NULL;
    if (json_len)
        *json_len = s->out.len;
    return s->out.data;
}

const char *zc_check_json(const zc_engine *e, zc_scratch *s, const char *text, size_t len, const zc_options *opt,
                          size_t *json_len, zc_error *err)
{
    return check_json(e, s, text, len, opt, json_len, 0, err);
}

const char *zc_check_json_compact(const zc_engine *e, zc_scratch *s, const char *text, size_t len,
                                  const zc_options *opt, size_t *json_len, zc_error *err)
{
    return check_json(e, s, text, len, opt, json_len, ZC_JSON_COMPACT, err);
}

zc_buf *zc_scratch_out(zc_scratch *s)
{
    return &s->out;
}

zc_json_doc *zc_scratch_json(zc_scratch *s)
{
    return &s->line;
}
