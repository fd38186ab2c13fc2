#!/usr/bin/env node
// Compiles the identifier table (core/src/identifier_kinds.h) into build/gen/zc_id_table.h for identifier_scan.c:
//   - the anchors: their patterns as element arrays, their checkers, the order zc_id_identify tries them in;
//   - one perfect hash over the characters the scan cares about (province abbreviations and the first characters
//     of the anchors found in running text), slot = (cp * MUL mod 2^32) >> SHIFT, with the multiplier searched for
//     here (deterministically: the same table always gives the same output);
//   - for every first character, the in-text anchors that can start with it (a list; the scan tests their second
//     and third elements before it calls a checker);
//   - the run lengths the bare "@" anchor's checker takes.
// Usage: node tools/gen-id-table.mjs core/src/identifier_kinds.h OUT.h
import { readFileSync, writeFileSync } from 'node:fs';

const [, , tablePath, outPath] = process.argv;
if (!tablePath || !outPath) {
  console.error('usage: gen-id-table.mjs core/src/identifier_kinds.h OUT.h');
  process.exit(2);
}
const fail = (msg) => {
  console.error(`gen-id-table: ${tablePath}: ${msg}`);
  process.exit(1);
};

// ---- read the rows (comments removed; rows are macro calls with string, identifier and number arguments)
const text = readFileSync(tablePath, 'utf8').replace(/\/\*[\s\S]*?\*\//g, ' ');
const body = text.slice(text.lastIndexOf('#endif') + 6); // after the default definitions
const rows = [];
for (const m of body.matchAll(/\b(ZC_ID_KIND|ZC_ID_ANCHOR|ZC_ID_PROVINCE|ZC_ID_LABEL)\s*\(((?:"[^"]*"|[^()"])*)\)/g)) {
  const args = [...m[2].matchAll(/"([^"]*)"|([A-Za-z0-9_]+)/g)].map((a) => (a[1] !== undefined ? { s: a[1] } : { id: a[2] }));
  rows.push({ macro: m[1], args });
}
const kinds = rows.filter((r) => r.macro === 'ZC_ID_KIND').map((r) => r.args[0].id);
const provinces = rows.filter((r) => r.macro === 'ZC_ID_PROVINCE').map((r) => {
  const [abbr, code] = r.args;
  const cps = [...abbr.s];
  if (cps.length !== 1) fail(`province "${abbr.s}" is not one character`);
  return { cp: cps[0].codePointAt(0), code: Number(code.id) };
});
const provCode = new Map(provinces.map((p) => [p.cp, p.code]));
const anchors = rows.filter((r) => r.macro === 'ZC_ID_ANCHOR').map((r, i) => {
  const [kind, pattern, checker, spec, where] = r.args;
  if (!kinds.includes(kind.id)) fail(`anchor "${pattern.s}" names kind ${kind.id}, which has no ZC_ID_KIND row`);
  if (!['ZC_ID_IN_TEXT', 'ZC_ID_ALONE'].includes(where.id)) fail(`anchor "${pattern.s}": where must be ZC_ID_IN_TEXT or ZC_ID_ALONE`);
  return { i, kind: kind.id, pattern: pattern.s, checker: checker.id, spec: spec.s, inText: where.id === 'ZC_ID_IN_TEXT' };
});
for (const k of kinds.slice(1)) {
  if (!anchors.some((a) => a.kind === k) && !anchors.some((a) => a.pattern === '@'))
    fail(`kind ${k} has no anchor`);
}

// ---- patterns → elements (16 bits): a literal character (BMP, not a control character nor private use), a class
// (control-character codes) or a set (private-use codes: 0xE000 + offset in zc_id_sets). The #defines written below
// give identifier_scan.c the same codes.
const EL = { PROV: 1, CJK: 2, OPEN: 3, CLOSE: 4, DIGIT: 5, BARE: 6, SET: 0xe000 };
const isLiteral = (e) => e >= 0x20 && e < 0xe000;
const sets = [0]; // zc_id_sets: each set is its characters then 0; offset 0 is unused
const setAt = new Map();
const OPENS = ['(', '[', 0x3014, 0x3010].map((c) => (typeof c === 'number' ? c : c.codePointAt(0)));
const fold = (cp) => {
  if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
  if (cp >= 0x61 && cp <= 0x7a) cp -= 32;
  return cp;
};
function compile(a) {
  const els = [];
  let look = -1;
  const p = [...a.pattern];
  if (a.pattern === '@') return { els: [EL.BARE], look: 0 };
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '^') {
      if (look >= 0) fail(`"${a.pattern}": two ^`);
      look = els.length;
    } else if (ch === '[') {
      const close = p.indexOf(']', i);
      const cls = p.slice(i + 1, close).join('');
      const code = { P: EL.PROV, C: EL.CJK, '(': EL.OPEN, ')': EL.CLOSE }[cls];
      if (close < 0 || code === undefined) fail(`"${a.pattern}": unknown class [${cls}]`);
      els.push(code);
      i = close;
    } else if (ch === '{') {
      const close = p.indexOf('}', i);
      if (close < 0) fail(`"${a.pattern}": unclosed {`);
      const chars = p.slice(i + 1, close).map((c) => fold(c.codePointAt(0)));
      const key = chars.join(',');
      if (!setAt.has(key)) {
        setAt.set(key, sets.length);
        sets.push(...chars, 0);
      }
      els.push(EL.SET + setAt.get(key));
      i = close;
    } else if (ch === '#') {
      els.push(EL.DIGIT);
    } else if (ch === '@') {
      fail(`"${a.pattern}": @ must be the whole pattern`);
    } else {
      const cp = ch.codePointAt(0);
      if (cp < 0x20 || (cp >= 0xe000 && cp <= 0xf8ff) || cp > 0xffff) fail(`"${a.pattern}": ${ch} cannot be a literal`);
      if (fold(cp) !== cp) fail(`"${a.pattern}": write ${ch} as ${String.fromCodePoint(fold(cp))} (patterns are folded)`);
      els.push(cp);
    }
  }
  return { els, look: look < 0 ? els.length : look };
}
const allEls = [];
for (const a of anchors) {
  const { els, look } = compile(a);
  a.els = els;
  a.look = look;
  a.el = allEls.length;
  allEls.push(...els);
}
if (sets.length > 0x1000 || allEls.length > 0xffff) fail('table too large');

// the characters an element accepts (null: too many to list, e.g. any CJK character)
const setChars = (e) => {
  const out = [];
  for (let k = e - EL.SET; sets[k]; k++) out.push(sets[k]);
  return out;
};
function firstChars(e) {
  if (isLiteral(e)) return [e];
  if (e === EL.PROV) return provinces.map((p) => p.cp);
  if (e === EL.OPEN) return OPENS;
  if (e === EL.DIGIT) return [...'0123456789'].map((c) => c.codePointAt(0));
  if (e >= EL.SET) return setChars(e);
  return null;
}

// Try order for zc_id_identify: table order, the bare run last.
const order = [...anchors.filter((a) => a.pattern !== '@'), ...anchors.filter((a) => a.pattern === '@')];
const bare = anchors.filter((a) => a.pattern === '@');
if (bare.length > 1) fail('more than one bare anchor');
const inText = order.filter((a) => a.inText);

// ---- first character → list of in-text anchors (in try order)
const firstMap = new Map(); // cp → [anchor index]
for (const a of inText) {
  if (a.pattern === '@') continue;
  const fc = firstChars(a.els[0]);
  if (!fc) fail(`"${a.pattern}": an anchor found in running text must not start with [C]`);
  for (const cp of fc) {
    if (!firstMap.has(cp)) firstMap.set(cp, []);
    firstMap.get(cp).push(a.i);
  }
}
const isAlnum = (cp) => (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a);
for (let cp = 0; cp < 128; cp++) {
  if (!isAlnum(cp) || !bare.length) continue;
  if (!firstMap.has(cp)) firstMap.set(cp, []);
  for (const a of bare) if (a.inText) firstMap.get(cp).push(a.i);
}
for (const cp of firstMap.keys()) if (cp > 0xffff) fail(`first character U+${cp.toString(16)} is outside the BMP`);

// lists: deduplicated sequences, 0xFF-terminated; offset 0 is the empty list
const lists = [0xff];
const listOf = new Map();
const listKey = (ids) => ids.join(',');
function listOffset(ids) {
  if (!ids || !ids.length) return 0;
  const k = listKey(ids);
  if (!listOf.has(k)) {
    listOf.set(k, lists.length);
    lists.push(...ids, 0xff);
  }
  return listOf.get(k);
}
if (anchors.length >= 0xff) fail('more than 254 anchors');

// ---- the perfect hash: provinces and the non-ASCII first characters
const keys = [...new Set([...provinces.map((p) => p.cp), ...[...firstMap.keys()].filter((cp) => cp >= 0x80)])].sort((x, y) => x - y);
const BITS = 7;
const SLOTS = 1 << BITS;
let mul = 0;
{
  let x = 0x9e3779b9 >>> 0; // xorshift32, fixed seed
  const seen = new Int32Array(SLOTS);
  for (let tries = 1; tries < 50_000_000 && !mul; tries++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    const m = (x | 1) >>> 0;
    let okm = true;
    for (const k of keys) {
      const h = Math.imul(k, m) >>> (32 - BITS);
      if (seen[h] === tries) { okm = false; break; }
      seen[h] = tries;
    }
    if (okm) mul = m;
  }
  if (!mul) fail('no perfect hash multiplier found');
}
const slots = Array.from({ length: SLOTS }, () => null);
for (const k of keys) slots[Math.imul(k, mul) >>> (32 - BITS)] = { cp: k, prov: provCode.get(k) || 0, list: listOffset(firstMap.get(k)) };
const asciiList = Array.from({ length: 128 }, (_, cp) => listOffset(firstMap.get(cp)));

// bare run lengths: "8 9 14-20"
let bareRuns = 0;
let bareMax = 0;
for (const a of bare) {
  for (const part of a.spec.trim().split(/\s+/)) {
    const m = part.match(/^(\d+)(?:-(\d+))?$/);
    if (!m) fail(`bare anchor spec "${a.spec}": run lengths like "8 9 14-20"`);
    for (let n = Number(m[1]); n <= Number(m[2] || m[1]); n++) {
      if (n > 31) fail('bare run lengths above 31');
      bareRuns |= 1 << n;
      bareMax = Math.max(bareMax, n);
    }
  }
}

// ---- write
const cstr = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const hex32 = (n) => `0x${(n >>> 0).toString(16).toUpperCase()}u`;
const hex16 = (n) => `0x${n.toString(16).toUpperCase()}`;
const o = [];
o.push(`/* Generated by tools/gen-id-table.mjs from ${tablePath}: do not edit. See identifier_kinds.h. */`);
o.push('#ifndef ZC_ID_TABLE_H', '#define ZC_ID_TABLE_H', '');
o.push('/* the checkers the table names */');
for (const c of [...new Set(anchors.map((a) => a.checker))].sort())
  o.push(`int ${c}(zc_cur *c, const zc_id_options *o, zc_id_info *out, const zc_id_hit *h);`);
o.push('', '/* pattern elements: a code point, or one of these */');
for (const [k, v] of Object.entries(EL)) o.push(`#define ZC_EL_${k} ${hex16(v)}u`);
o.push('', `static const uint16_t zc_id_els[${allEls.length}] = {`);
for (const a of anchors) o.push(`    ${a.els.map(hex16).join(', ')}, /* ${a.pattern} */`);
o.push('};', '', `static const uint16_t zc_id_sets[${sets.length}] = {${sets.map(hex16).join(', ')}};`, '');
const checkers = [...new Set(anchors.map((a) => a.checker))];
const specs = [...new Set(anchors.map((a) => a.spec))];
o.push(`static const zc_id_checker zc_id_checkers[${checkers.length}] = {${checkers.join(', ')}};`);
o.push(`static const char *const zc_id_specs[${specs.length}] = {${specs.map(cstr).join(', ')}};`, '');
o.push(`#define ZC_ID_N_ANCHORS ${anchors.length}`);
o.push('static const zc_id_anchor zc_id_anchors[ZC_ID_N_ANCHORS] = {');
for (const a of anchors) {
  const f = [a.el, `ZC_ID_${a.kind}`, a.els.length, a.look, a.inText ? 1 : 0, checkers.indexOf(a.checker), specs.indexOf(a.spec)];
  o.push(`    {${f.join(', ')}}, /* ${a.pattern} */`);
}
o.push('};', '');
o.push('/* lists of in-text anchors by first character (anchor indexes, 0xFF-terminated; offset 0 is empty) */');
o.push(`static const uint8_t zc_id_lists[${lists.length}] = {${lists.join(', ')}};`, '');
o.push('/* ASCII first character → list */');
o.push(`static const uint8_t zc_id_ascii_list[128] = {${asciiList.join(', ')}};`, '');
o.push(`/* Perfect hash of the province abbreviations and the non-ASCII first characters (${keys.length} keys):`);
o.push(' * slot = (cp * ZC_ID_HASH_MUL mod 2^32) >> ZC_ID_HASH_SHIFT; prov: province code, list: in-text anchors. */');
o.push(`#define ZC_ID_HASH_MUL ${hex32(mul)}`, `#define ZC_ID_HASH_SHIFT ${32 - BITS}`);
o.push(`static const struct {`, '    uint16_t cp;', '    uint8_t prov, list;', `} zc_id_slots[${SLOTS}] = {`);
slots.forEach((s, i) => {
  if (s) o.push(`    [${i}] = {${hex32(s.cp).slice(0, -1)}, ${s.prov}, ${s.list}}, /* ${String.fromCodePoint(s.cp)} */`);
});
o.push('};', '');
o.push('static inline unsigned zc_prov_lookup(uint32_t cp)', '{', '    if (cp > 0xFFFF)', '        return 0;');
o.push('    uint32_t h = (uint32_t)(cp * ZC_ID_HASH_MUL) >> ZC_ID_HASH_SHIFT;');
o.push('    return zc_id_slots[h].cp == cp ? zc_id_slots[h].prov : 0;', '}', '');
o.push('/* run lengths the bare "@" anchor takes (bit n: n characters) and the longest */');
o.push(`#define ZC_ID_BARE_RUNS ${hex32(bareRuns)}`, `#define ZC_ID_BARE_MAX ${bareMax}`);
o.push(`/* the anchor index of the bare run, 0xFF when none */`, `#define ZC_ID_BARE_ANCHOR ${bare.length ? bare[0].i : 0xff}`);
o.push('', '#endif', '');
writeFileSync(outPath, o.join('\n'));
