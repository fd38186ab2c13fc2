#!/usr/bin/env node
// Build step: the licence findings of rules/licence.json as a C table for core/src/licence.c.
//
// Usage: node tools/gen-licence-rules.mjs rules/licence.json OUT_FILE
//   OUT_FILE  the header to write, build/gen/zc_licence_rules.h (written atomically; not committed)
//
// The licence check has no engine and its wasm module no JSON reader, so its rules are compiled in rather than
// loaded: one enum constant per rule (licence.uscc.org_check → ZC_LR_USCC_ORG_CHECK), so licence.c cannot name
// a rule the data lacks; the rule table (zc_rule_info: id, family, severity, basis, message, suggestion); the
// message variants (ZC_LV_<RULE>_<NAME>); the scope requirements of licence.scope.missing. Examples stay in the
// JSON: the tests read them there. A malformed file stops the build with a message naming the rule and field.
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

function die(msg) {
  process.stderr.write(`gen-licence-rules: ${msg}\n`);
  process.exit(1);
}

const [src, outFile, ...extra] = process.argv.slice(2);
if (!src || !outFile || extra.length) die('usage: node tools/gen-licence-rules.mjs rules/licence.json OUT_FILE');
let data;
try {
  data = JSON.parse(readFileSync(src, 'utf8'));
} catch (e) {
  die(`${src}: ${e.message}`);
}

const TOP = new Set(['pack', 'description', 'note', 'today', 'licence_rules']);
const RULE = new Set(['id', 'family', 'severity', 'basis', 'message', 'message_variants', 'suggestion', 'scope_needs',
  'examples', 'note']);
const NEED = new Set(['category', 'keywords', 'what', 'basis']);
const SEVERITY = { error: 'ZC_ERROR', warning: 'ZC_WARNING', info: 'ZC_INFO' };
const MAX_KEYWORDS = 8;
const MAX_KEYWORD_CHARS = 32; // licence.c compares a keyword through a buffer of this many code points

const isObj = (x) => x && typeof x === 'object' && !Array.isArray(x);
const nonEmpty = (x) => typeof x === 'string' && x.length > 0;
if (!isObj(data)) die(`${src}: must be a JSON object`);
for (const k of Object.keys(data)) if (!TOP.has(k)) die(`${src}: unknown top-level key "${k}"`);
if (!/^\d{4}-\d{2}-\d{2}$/.test(data.today || '')) die(`${src}: "today" (YYYY-MM-DD, the date examples are judged on) is required`);
if (!Array.isArray(data.licence_rules) || !data.licence_rules.length) die(`${src}: "licence_rules" must be a non-empty array`);

// {name} placeholders: balanced braces, names [a-z_]+ (licence.c fills them in)
function template(where, s) {
  if (!nonEmpty(s)) die(`${where}: must be a non-empty string`);
  const stripped = s.replace(/\{[a-z_]+\}/g, '');
  if (/[{}]/.test(stripped)) die(`${where}: a brace that is not a {name} placeholder`);
  return s;
}

const constName = (id) => id.replace(/^licence\./, '').replace(/[.\-]/g, '_').toUpperCase();
const seen = new Set();
const rules = [];
const variants = [];
let needs = null;
for (const [i, r] of data.licence_rules.entries()) {
  const at = `licence_rules[${i}]${r && r.id ? ` (${r.id})` : ''}`;
  if (!isObj(r)) die(`${at}: must be an object`);
  for (const k of Object.keys(r)) if (!RULE.has(k)) die(`${at}: unknown key "${k}"`);
  if (!/^licence(\.[a-z0-9_]+)+$/.test(r.id || '')) die(`${at}: "id" must look like licence.word.word`);
  if (seen.has(r.id)) die(`${at}: duplicate id`);
  seen.add(r.id);
  if (!/^licence_[a-z_]+$/.test(r.family || '')) die(`${at}: "family" must be a licence_* family`);
  if (!SEVERITY[r.severity]) die(`${at}: "severity" must be error, warning or info`);
  if (!nonEmpty(r.basis)) die(`${at}: "basis" (law and article) is required`);
  template(`${at} message`, r.message);
  if (r.severity !== 'info' || r.suggestion !== undefined) template(`${at} suggestion`, r.suggestion);
  const ex = r.examples;
  if (!isObj(ex) || !Array.isArray(ex.match) || !ex.match.length || !Array.isArray(ex.no_match) || !ex.no_match.length)
    die(`${at}: "examples" needs "match" and "no_match" examples`);
  if (r.message_variants !== undefined) {
    if (!isObj(r.message_variants)) die(`${at}: "message_variants" must be an object`);
    for (const [name, msg] of Object.entries(r.message_variants)) {
      if (!/^[a-z_]+$/.test(name)) die(`${at}: variant name "${name}" must be [a-z_]+`);
      variants.push({ rule: r, name, message: template(`${at} message_variants.${name}`, msg) });
    }
  }
  if (r.scope_needs !== undefined) {
    if (needs) die(`${at}: only one rule may carry "scope_needs"`);
    if (!Array.isArray(r.scope_needs) || !r.scope_needs.length) die(`${at}: "scope_needs" must be a non-empty array`);
    needs = r.scope_needs.map((n, j) => {
      const w = `${at} scope_needs[${j}]`;
      if (!isObj(n)) die(`${w}: must be an object`);
      for (const k of Object.keys(n)) if (!NEED.has(k)) die(`${w}: unknown key "${k}"`);
      if (!/^[a-z_]+$/.test(n.category || '')) die(`${w}: "category" must be a category name`);
      if (!Array.isArray(n.keywords) || !n.keywords.length || n.keywords.length > MAX_KEYWORDS || !n.keywords.every(nonEmpty))
        die(`${w}: "keywords" must hold 1 to ${MAX_KEYWORDS} strings`);
      for (const k of n.keywords)
        if ([...k].length > MAX_KEYWORD_CHARS) die(`${w}: keyword "${k}" is longer than ${MAX_KEYWORD_CHARS} characters`);
      if (!nonEmpty(n.what)) die(`${w}: "what" is required`);
      if (n.basis !== undefined && !nonEmpty(n.basis)) die(`${w}: "basis" must be a non-empty string`);
      return { ...n, rule: r };
    });
  }
  rules.push(r);
}

// A C string literal: UTF-8 as is; quotes, backslashes, '?' (trigraphs) and control characters escaped.
function c(s) {
  let o = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === '"' || ch === '\\' || ch === '?') o += '\\' + ch;
    else if (ch === '\n') o += '\\n';
    else if (cp < 0x20 || cp === 0x7f) o += '\\' + cp.toString(8).padStart(3, '0');
    else o += ch;
  }
  return o + '"';
}

const L = [];
L.push('/* GENERATED by tools/gen-licence-rules.mjs from rules/licence.json: do not edit, do not commit. */');
L.push('#ifndef ZC_LICENCE_RULES_H');
L.push('#define ZC_LICENCE_RULES_H');
L.push('#include "licence.h"');
L.push('');
L.push('typedef enum zc_licence_rule_id {');
for (const r of rules) L.push(`    ZC_LR_${constName(r.id)}, /* ${r.id} */`);
L.push('    ZC_LR_COUNT');
L.push('} zc_licence_rule_id;');
L.push('');
L.push('static const zc_rule_info zc_licence_rule_table[ZC_LR_COUNT] = {');
for (const r of rules)
  L.push(`    {.id = ${c(r.id)}, .family = ${c(r.family)}, .severity = ${SEVERITY[r.severity]}, .basis = ${c(r.basis)},\n` +
    `     .message = ${c(r.message)},\n     .suggestion = ${c(r.suggestion || '')}, .pack = "licence"},`);
L.push('};');
L.push('');
L.push('/* Other wordings of a rule\'s message, for the cases its "message_variants" name. */');
L.push('typedef enum zc_licence_variant_id {');
for (const v of variants) L.push(`    ZC_LV_${constName(v.rule.id)}_${v.name.toUpperCase()},`);
L.push('    ZC_LV_COUNT');
L.push('} zc_licence_variant_id;');
L.push('');
L.push('static const struct {');
L.push('    zc_licence_rule_id rule;');
L.push('    const char *message;');
L.push('} zc_licence_variant_table[ZC_LV_COUNT + 1] = {');
for (const v of variants) L.push(`    {ZC_LR_${constName(v.rule.id)}, ${c(v.message)}},`);
L.push('    {ZC_LR_COUNT, ""},');
L.push('};');
L.push('');
L.push('/* What the business scope must mention for a category (the rule carrying "scope_needs"); keywords: any one. */');
L.push(`#define ZC_LICENCE_MAX_KEYWORDS ${MAX_KEYWORDS}`);
L.push(`#define ZC_LICENCE_MAX_KEYWORD_CHARS ${MAX_KEYWORD_CHARS}`);
L.push('typedef struct zc_licence_scope_need {');
L.push('    zc_licence_rule_id rule;');
L.push('    const char *category;');
L.push('    const char *keywords[ZC_LICENCE_MAX_KEYWORDS + 1]; /* NULL-terminated */');
L.push('    const char *what;');
L.push('    const char *basis;');
L.push('} zc_licence_scope_need;');
L.push('');
L.push(`#define ZC_LICENCE_SCOPE_NEED_COUNT ${needs ? needs.length : 0}`);
L.push(`static const zc_licence_scope_need zc_licence_scope_needs[ZC_LICENCE_SCOPE_NEED_COUNT + 1] = {`);
for (const n of needs || [])
  L.push(`    {ZC_LR_${constName(n.rule.id)}, ${c(n.category)}, {${n.keywords.map(c).join(', ')}, NULL}, ${c(n.what)},\n     ${c(n.basis || n.rule.basis)}},`);
L.push('    {ZC_LR_COUNT, "", {NULL}, "", ""},');
L.push('};');
L.push('#endif');

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile + '.tmp', L.join('\n') + '\n');
renameSync(outFile + '.tmp', outFile);
