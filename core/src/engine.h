/* Engine internals shared by pack loading (pack.c), checking (check.c) and reporting (report.c). */
#ifndef ZC_ENGINE_H
#define ZC_ENGINE_H
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "matcher.h"
#include "patterns.h"
#include "zc_registry.h" /* generated from rules/registry/vocabulary.json: ZC_N_CATEGORIES, the name lists */
#include "zicha.h"

/* The contract's categories, in registry order; bit i of a category mask is ZC_CATEGORIES[i]. */
extern const char *const ZC_CATEGORIES[ZC_N_CATEGORIES];
int zc_category_index(const char *name); /* -1 when unknown */
_Static_assert(ZC_N_CATEGORIES <= 32, "category masks (zc_rule.cat_mask …) are uint32_t");
_Static_assert(ZC_PAT_COUNT <= 32, "pattern masks (zc_rule.trigger_patterns …) are uint32_t");

extern const char *const ZC_FAMILIES[];
extern const size_t ZC_N_FAMILIES;

/* A context requirement (`near`) or suppression (`unless`). */
typedef struct zc_context {
    int present;
    char **terms;
    size_t n_terms;
    uint32_t pattern_mask; /* bit per zc_pattern_kind */
    uint32_t window;       /* code points; 0 = whole text */
    int extend;            /* near only: the finding covers trigger and context */
    int clause; /* the context lies in the trigger's clause: no clause mark (，、：; or a space) between */
} zc_context;

/* A named term list (zicha.h zc_lexicon_info); strings live in the engine's blocks. */
typedef struct zc_lexicon {
    zc_lexicon_info info;
    char **terms; /* as written, "@other" references included; owned array */
    size_t n_terms;
    char **expanded; /* after compile: every reference replaced by that lexicon's terms; owned array */
    size_t n_expanded;
    int state;            /* expansion: 0 not yet, 1 in progress (a cycle when met again), 2 done */
    zc_example *examples; /* owned */
} zc_lexicon;

typedef enum zc_scope { ZC_SCOPE_ANY = 0, ZC_SCOPE_SHOP = 1 } zc_scope;

typedef struct zc_rule {
    zc_rule_info info; /* public view; strings below are owned here */
    char **allow;
    size_t n_allow;
    uint32_t trigger_patterns;
    uint32_t cat_mask, not_cat_mask; /* 0 cat_mask = every category */
    uint32_t permit_mask; /* `permitted_in`: the rule is off only where one of these categories is given by the
                             caller or proven by evidence in the text (an approval number), never by a cue guess */
    uint8_t family;       /* index in ZC_FAMILIES */
    zc_context near, unless;
    int negation;
    int boundary;
    zc_scope scope;
    int absent;           /* fires when none of its triggers occur (disclosure rules) */
    zc_example *examples; /* match examples first, then no_match; owned */
    zc_replace *replace;  /* info.replace: owned array; its texts arrays are owned too, the strings are the engine's */
    uint32_t *replace_fold;     /* the entries' terms folded like text, concatenated (owned); "*" folds to nothing */
    uint32_t *replace_fold_off; /* n_replace + 1 offsets into replace_fold (owned) */
    /* the fixed parts of this rule's findings in JSON, escaped once at compile time (report.c):
     * head = "rule_id":…,"family":…,"severity":…   tail = "message":…,"basis":…,"suggestion":… */
    char *json_head, *json_tail;
    size_t json_head_len, json_tail_len;
} zc_rule;

/* How an automaton pattern is used. */
typedef enum zc_use_kind {
    ZC_USE_TERM,
    ZC_USE_ALLOW,
    ZC_USE_NEAR,
    ZC_USE_UNLESS,
    ZC_USE_CUE,
    ZC_USE_EVIDENCE,
    ZC_USE_KINDS
} zc_use_kind;

typedef struct zc_use {
    int32_t pattern;
    uint8_t kind;
    uint32_t index; /* rule index, or category index for cues */
} zc_use;

typedef struct zc_cue_list {
    char **terms;
    size_t n;
} zc_cue_list;

/* A fixed word list folded at compile time: cues[i] (len[i] code points) for each of its n words; owned by the
 * engine, freed with zc_word_list_free. */
typedef struct zc_word_list {
    uint32_t **cues;
    size_t *len;
    size_t n;
} zc_word_list;
void zc_word_list_free(zc_word_list *l);

struct zc_engine {
    zc_rule *rules;
    size_t n_rules, cap_rules;
    char **pack_names;
    size_t n_packs;
    struct zc_str_block *strings; /* the rules' and cues' strings, in blocks (pack.c) */
    zc_cue_list cues[ZC_N_CATEGORIES];
    zc_cue_list evidence[ZC_N_CATEGORIES]; /* approval-number prefixes that prove a category (国药准字 → drug) */
    zc_lexicon *lexicons;
    size_t n_lexicons, cap_lexicons;
    size_t n_expanded_refs; /* terms produced by expanding "@name" references, over all rules (pack.c bounds it) */
    int cue_order[ZC_N_CATEGORIES]; /* order of first appearance, for ties */
    int n_cue_order;

    /* compiled */
    int compiled;
    uint32_t *fold_table; /* zc_fold_table_new */
    zc_matcher *matcher;
    zc_use *uses; /* sorted by pattern */
    size_t n_uses;
    uint32_t *use_start;      /* per pattern: first use index (n_patterns + 1 entries) */
    uint32_t patterns_needed; /* bitmask of structured patterns any rule uses */
    /* for the check loop (check.c): the `absent` rules and the rules with structured triggers,
     * in rule order; both point into the use_start allocation (not freed separately) */
    const uint32_t *absent_rules, *trigger_rules;
    size_t n_absent_rules, n_trigger_rules;
    uint32_t trigger_kinds[ZC_N_CATEGORIES][2]; /* structured triggers of the rules that apply, per category and
                                                   [listing, shop] */
    uint32_t context_kinds[ZC_N_CATEGORIES][2]; /* near/unless patterns of the same rules */
    zc_word_list negation;                      /* negation cues, folded (check.c) */
    uint64_t negation_last[64]; /* bit (c & 4095) set for the last folded character c of each negation cue */
    int negation_empty;         /* some negation cue folds to nothing (check.c) */
    zc_word_list register_cues; /* cues of a sentence that explains a rule, folded (check.c) */
};

char *zc_strdup(const char *s);
/* Replaces every "@name" reference in the rules' term lists by that lexicon's terms (pack.c; called by
 * zc_engine_compile). 0, or -1 with err set (unknown lexicon, a cycle, out of memory). */
int zc_engine_expand_lexicons(zc_engine *e, zc_error *err);
char *zc_strndup(const char *s, size_t n);
#endif
