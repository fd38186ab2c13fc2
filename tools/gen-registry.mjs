#!/usr/bin/env node
// The contract's vocabulary (rules/registry/vocabulary.json: families, categories, pattern names, evaluation
// groups, with their labels and consumer wording) turned into the tables every part of zicha reads:
//
//   node tools/gen-registry.mjs [--registry FILE] [--c OUT.h] [--js OUT.js]
//
//   --c   the C header (make: build/gen/zc_registry.h): ZC_N_CATEGORIES, the category, family and pattern-name
//         initialisers for core/src/pack.c and patterns.c, and enum zc_pattern_kind (patterns.h)
//   --js  the ES module (make: web/gen/registry.js) that web/i18n.js, workflow.js, batch.js, licence.js, the
//         extension (a copy) and tools/eval.mjs import
// Without --c or --js it only validates the registry. Exit 0, or 1 with one line per problem on stderr.
// tests/registry.test.mjs imports validate/renderC/renderJs to check the built files are current and that every
// name the rule packs use is in the registry.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REGISTRY = join(ROOT, 'rules', 'registry', 'vocabulary.json');
const SOURCE = 'rules/registry/vocabulary.json';

// Bounds the C side relies on: a category mask and a pattern mask are uint32_t, a rule's family index a uint8_t.
const MAX_CATEGORIES = 32;
const MAX_PATTERNS = 32;
const MAX_FAMILIES = 255;

export function loadRegistry(file = REGISTRY) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The problems of a registry object (an empty list when it is usable). */
export function validate(reg) {
  const problems = [];
  const bad = (where, msg) => problems.push(`${where}: ${msg}`);
  const isText = (s) => typeof s === 'string' && s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s) && !s.includes('*/');
  const text = (where, obj, key, optional = false) => {
    if (obj[key] === undefined && optional) return;
    if (!isText(obj[key])) bad(where, `"${key}" must be a non-empty one-line string (no control characters, no "*/")`);
  };
  const keys = (where, obj, allowed) => {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) bad(where, `unknown field "${k}" (known: ${allowed.join(', ')})`);
  };
  const list = (key, allowed, max, each) => {
    const a = reg[key];
    if (!Array.isArray(a) || a.length === 0) return bad(SOURCE, `"${key}" must be a non-empty array`);
    if (a.length > max) bad(SOURCE, `${a.length} ${key}: at most ${max} fit the C tables`);
    const seen = new Set();
    a.forEach((o, i) => {
      const where = `${key}[${i}]${o && typeof o.name === 'string' ? ` (${o.name})` : ''}`;
      if (!o || typeof o !== 'object' || Array.isArray(o)) return bad(where, 'must be an object');
      keys(where, o, allowed);
      if (typeof o.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(o.name)) bad(where, '"name" must match [a-z][a-z0-9_]*');
      else if (seen.has(o.name)) bad(where, `"${o.name}" appears twice`);
      seen.add(o.name);
      text(where, o, 'zh');
      text(where, o, 'en');
      each(where, o);
    });
  };
  if (!reg || typeof reg !== 'object') return [`${SOURCE}: not a JSON object`];
  keys(SOURCE, reg, ['description', 'fields', 'groups', 'families', 'categories', 'patterns']);

  const groups = new Set();
  list('groups', ['name', 'zh', 'en', 'note'], Infinity, (where, g) => {
    text(where, g, 'note', true);
    groups.add(g.name);
  });
  list('families', ['name', 'source', 'zh', 'en', 'consumer', 'permit', 'group'], MAX_FAMILIES, (where, f) => {
    if (f.source !== 'listing' && f.source !== 'licence') bad(where, '"source" must be "listing" or "licence"');
    if (f.consumer !== undefined) {
      if (!f.consumer || typeof f.consumer !== 'object') bad(where, '"consumer" must be {"zh": …, "en": …}');
      else { keys(`${where}.consumer`, f.consumer, ['zh', 'en']); text(`${where}.consumer`, f.consumer, 'zh'); text(`${where}.consumer`, f.consumer, 'en'); }
    }
    if (f.permit !== undefined && typeof f.permit !== 'boolean') bad(where, '"permit" must be true or false');
    if (f.group !== undefined && !groups.has(f.group)) bad(where, `"group" "${f.group}" is not one of the groups`);
  });
  list('categories', ['name', 'zh', 'en', 'checklist'], MAX_CATEGORIES, (where, c) => {
    if (c.checklist !== undefined) {
      const zh = c.checklist && c.checklist.zh;
      if (!Array.isArray(zh) || !zh.length || !zh.every(isText)) bad(where, '"checklist" must be {"zh": [non-empty strings]}');
      else keys(`${where}.checklist`, c.checklist, ['zh']);
    }
  });
  if (Array.isArray(reg.categories) && reg.categories[0] && reg.categories[0].name !== 'general') {
    bad('categories[0]', 'the first category must be "general" (the default: index 0 in core/src/check.c)');
  }
  list('patterns', ['name', 'zh', 'en', 'matches'], MAX_PATTERNS, (where, p) => text(where, p, 'matches'));
  return problems;
}

// ---------------------------------------------------------------- C header
const cstr = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** A comma-separated initialiser list as a macro body, wrapped at about 110 columns. */
function cmacro(name, items) {
  const lines = [];
  let line = '';
  for (const it of items) {
    const piece = line ? `${line} ${it},` : `${it},`;
    if (line && piece.length > 100) { lines.push(line); line = `${it},`; } else line = piece;
  }
  if (line) lines.push(line);
  lines[lines.length - 1] = lines[lines.length - 1].replace(/,$/, '');
  return `#define ${name} \\\n${lines.map((l) => `    ${l}`).join(' \\\n')}\n`;
}

export function renderC(reg) {
  const out = [];
  out.push(`/* Generated by tools/gen-registry.mjs from ${SOURCE}: do not edit (make regenerates it). */`);
  out.push('#ifndef ZC_REGISTRY_H', '#define ZC_REGISTRY_H', '');
  out.push('/* Categories, in registry order: bit i of a category mask is category i; category 0 is the default. */');
  out.push(`#define ZC_N_CATEGORIES ${reg.categories.length}`);
  out.push(cmacro('ZC_REGISTRY_CATEGORY_NAMES', reg.categories.map((c) => cstr(c.name))));
  out.push('/* Families, in registry order: a rule\'s family index. */');
  out.push(`#define ZC_REGISTRY_N_FAMILIES ${reg.families.length}`);
  out.push(cmacro('ZC_REGISTRY_FAMILY_NAMES', reg.families.map((f) => cstr(f.name))));
  out.push('/* Per family, the family whose findings it merges with on one phrase: the first family of its group (a',
    ' * claims-group rule and the general medical rule on 改善三高 are one finding), else itself. */');
  out.push(cmacro('ZC_REGISTRY_FAMILY_MERGE', reg.families.map((f, i) =>
    String(f.group ? reg.families.findIndex((g) => g.group === f.group) : i))));
  out.push('/* Pattern names (rule field "patterns"): kind k is bit k of a pattern mask; the matchers are in patterns.c. */');
  out.push('typedef enum zc_pattern_kind {');
  reg.patterns.forEach((p, i) => out.push(`    ZC_PAT_${p.name.toUpperCase()}${i === 0 ? ' = 0' : ''}, /* ${p.matches} */`));
  out.push('    ZC_PAT_COUNT', '} zc_pattern_kind;');
  out.push(cmacro('ZC_REGISTRY_PATTERN_NAMES', reg.patterns.map((p) => cstr(p.name))));
  out.push('/* The same names for messages. */');
  out.push(`#define ZC_REGISTRY_PATTERN_LIST ${cstr(reg.patterns.map((p) => p.name).join(', '))}`, '');
  out.push('#endif', '');
  return out.join('\n');
}

// ---------------------------------------------------------------- JS module
export function renderJs(reg) {
  const j = (v) => JSON.stringify(v);
  const obj = (entries) => `Object.freeze({\n${entries.map(([k, v]) => `  ${k}: ${j(v)},`).join('\n')}\n})`;
  const arr = (items) => `Object.freeze([\n${items.map((v) => `  ${j(v)},`).join('\n')}\n])`;
  const fams = reg.families;
  const out = [];
  out.push(`// Generated by tools/gen-registry.mjs from ${SOURCE}: do not edit (make regenerates it).`);
  out.push('// The contract\'s vocabulary for the page, the extension and the Node tools; that file describes the fields.', '');
  out.push('/** Category names in registry order; the first (general) is the default. */');
  out.push(`export const CATEGORY_NAMES = ${arr(reg.categories.map((c) => c.name))};`);
  out.push('/** [name, zh, en] per category. */');
  out.push(`export const CATEGORY_LABELS = ${arr(reg.categories.map((c) => [c.name, c.zh, c.en]))};`);
  out.push('/** What a buyer should check before paying, per category (zh). */');
  out.push(`export const CATEGORY_CHECKLIST = ${obj(reg.categories.filter((c) => c.checklist).map((c) => [c.name, c.checklist.zh]))};`);
  out.push('/** Every family name, in registry order. */');
  out.push(`export const FAMILY_NAMES = ${arr(fams.map((f) => f.name))};`);
  out.push('/** The families found in listing text (the others come from the licence image check). */');
  out.push(`export const LISTING_FAMILIES = ${arr(fams.filter((f) => f.source === 'listing').map((f) => f.name))};`);
  out.push('/** family → [zh, en] label. */');
  out.push(`export const FAMILY_LABELS = ${obj(fams.map((f) => [f.name, [f.zh, f.en]]))};`);
  out.push('/** family → [zh, en]: what it means for a buyer (consumer mode). */');
  out.push(`export const FAMILY_CONSUMER = ${obj(fams.filter((f) => f.consumer).map((f) => [f.name, [f.consumer.zh, f.consumer.en]]))};`);
  out.push('/** Families whose warnings are about a permit, a registration or a proof the seller must hold. */');
  out.push(`export const PERMIT_FAMILIES = ${arr(fams.filter((f) => f.permit).map((f) => f.name))};`);
  out.push('/** family → its group, for the families the evaluation counts as one. */');
  out.push(`export const FAMILY_GROUP = ${obj(fams.filter((f) => f.group).map((f) => [f.name, f.group]))};`);
  out.push('/** Pattern names (rule field "patterns"), in registry order. */');
  out.push(`export const PATTERN_NAMES = ${arr(reg.patterns.map((p) => p.name))};`, '');
  return out.join('\n');
}

/** Writes `text` to `file` through a temporary file, so a failed run never leaves half a file. */
function put(file, text) {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function main(argv) {
  let file = REGISTRY;
  let cOut = null;
  let jsOut = null;
  for (let i = 0; i < argv.length; i++) {
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    if (argv[i] === '--registry') file = val();
    else if (argv[i] === '--c') cOut = val();
    else if (argv[i] === '--js') jsOut = val();
    else throw new Error(`unknown argument ${argv[i]} (usage: node tools/gen-registry.mjs [--registry FILE] [--c OUT.h] [--js OUT.js])`);
  }
  const reg = loadRegistry(file);
  const problems = validate(reg);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`gen-registry: ${p}\n`);
    return 1;
  }
  if (cOut) put(cOut, renderC(reg));
  if (jsOut) put(jsOut, renderJs(reg));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`gen-registry: ${e.message}\n`);
    process.exitCode = 1;
  }
}
