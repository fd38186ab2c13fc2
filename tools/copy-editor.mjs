#!/usr/bin/env node
// Copies the long-text editor's libraries (CodeMirror 6's view and state and their four small dependencies, all
// MIT, pinned in package.json, installed by npm ci) from node_modules into web/gen/ as flat ES modules that
// import each other by relative URL: the page has no bundler and its CSP allows no import map. Each copy starts
// with the package's name, version and licence. The page loads them only when a text is too long for the
// textarea (web/editor.js); tools/dist.mjs ships them as lazy files.
//
//   node tools/copy-editor.mjs [--out web/gen]
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = process.argv.indexOf('--out');
const OUT = resolve(ROOT, arg > 0 ? process.argv[arg + 1] : 'web/gen');

// package → [its ES module entry, the copy's name]
export const EDITOR_FILES = {
  '@codemirror/view': ['dist/index.js', 'cm-view.mjs'],
  '@codemirror/state': ['dist/index.js', 'cm-state.mjs'],
  'style-mod': ['src/style-mod.js', 'cm-style-mod.mjs'],
  'w3c-keyname': ['index.js', 'cm-w3c-keyname.mjs'],
  crelt: ['index.js', 'cm-crelt.mjs'],
  '@marijn/find-cluster-break': ['src/index.js', 'cm-find-cluster-break.mjs'],
};

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(OUT, { recursive: true });
  for (const [pkg, [entry, name]] of Object.entries(EDITOR_FILES)) {
    const dir = join(ROOT, 'node_modules', pkg);
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licence = readFileSync(join(dir, 'LICENSE'), 'utf8').trimEnd();
    let src = readFileSync(join(dir, entry), 'utf8');
    // every bare specifier must be one of the copied packages
    src = src.replace(/(\bfrom\s*|\bimport\s*)(['"])([^'"./][^'"]*)\2/g, (m, kw, q, spec) => {
      if (!EDITOR_FILES[spec]) throw new Error(`${pkg} imports ${spec}, which is not copied`);
      return `${kw}${q}./${EDITOR_FILES[spec][1]}${q}`;
    });
    const head = `// ${pkg} ${version} (${entry} from the npm package, ${license}), copied by tools/copy-editor.mjs. Its licence:\n`
      + licence.split('\n').map((l) => ('// ' + l).trimEnd()).join('\n') + '\n\n';
    writeFileSync(join(OUT, name + '.tmp'), head + src);
    renameSync(join(OUT, name + '.tmp'), join(OUT, name));
  }
}
