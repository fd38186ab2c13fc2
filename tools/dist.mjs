#!/usr/bin/env node
// Builds the deployable static site: `make dist` → dist/ (or --out DIR).
//
//   node tools/dist.mjs [--web web] [--out dist]
//
// One self-contained folder that works when copied under any subpath of any static host:
//   index.html, sw.js, precache.json      fixed names (the page's URL, the service worker's scope, its list)
//   app.<hash>.js, style.<hash>.css, …    every other asset renamed with the first 8 hex digits of the SHA-256
//                                         of its final content; every reference to it rewritten (import
//                                         specifiers, new URL(…) worker/wasm URLs, CSS link, manifest, icon)
//   gen/zicha.<hash>.mjs + .wasm          the engine (the glue's own "zicha.wasm" default name rewritten too)
//   gen/zicha-licence.<hash>.mjs + .wasm  the licence module (QR decoder, licence checks): loaded only when
//                                         needed, so hashed and shipped but not precached (cached on first use)
//   xlsx.<hash>.js, gen/fflate.<hash>.mjs the batch check's .xlsx reader/writer and its zip library (fflate,
//                                         copied from node_modules by mk/web.mk): lazy, not precached
//   gen/paddle.<hash>/…                   the OCR assets (onnxruntime-web wasm backend, PP-OCRv4 det/rec models,
//                                         dictionary, jpeg-js decoder), loaded lazily by the licence check; the
//                                         directory is hashed as a whole (onnxruntime picks file names inside
//                                         it), and they are not precached (nor are ocr-paddle.js, onnx-pack.js)
// precache.json lists the core files (relative URLs); the service worker precaches them on install and caches
// the OCR assets when they are first used. sw.js gets a cache VERSION derived from the build, so a new build
// replaces the old cache. All URLs stay relative. The build fails if any reference is left dangling.
// Not shipped: cli.mjs, batch.js, image-cli.mjs, licence-node.mjs, README.md (Node / docs only).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The long-text editor's libraries (CodeMirror 6, copied by tools/copy-editor.mjs), in dependency order: loaded
// only when a text is too long for the textarea, so shipped but not precached.
const EDITOR_LIBS = ['gen/cm-find-cluster-break.mjs', 'gen/cm-state.mjs', 'gen/cm-style-mod.mjs', 'gen/cm-w3c-keyname.mjs', 'gen/cm-crelt.mjs', 'gen/cm-view.mjs'];
// Core files, in dependency order (a file comes after everything it refers to).
const CORE = [
  'gen/zicha.wasm',
  'gen/zicha.mjs', // → gen/zicha.wasm
  'icon.svg',
  'style.css',
  'gen/registry.js',
  'i18n.js', // → gen/registry.js
  'files.js',
  'csv.js',
  'gen/fflate.mjs',
  'xlsx.js', // → gen/fflate.mjs
  'workflow.js', // → gen/registry.js
  'engine.js', // → gen/zicha.mjs
  'sheet-core.js', // → i18n.js, engine.js
  'sheet-check.js', // → sheet-core.js
  'onnx-pack.js',
  'ocr-paddle.js', // → onnx-pack.js
  'licence.js', // → gen/registry.js
  'image-check.js',
  'worker.js', // → engine.js, gen/zicha.wasm
  'sheet-worker.js', // → csv.js, files.js, sheet-core.js, sheet-check.js, i18n.js, xlsx.js
  'supervisor.js',
  'sheet.js', // → i18n.js, supervisor.js, sheet-worker.js
  'boot.js', // → worker.js
  'ui.js', // → i18n.js, workflow.js
  'findings.js',
  'engine-client.js', // → supervisor.js, ui.js, worker.js
  'consumer-view.js', // → i18n.js, workflow.js, ui.js
  'draft.js', // → ui.js
  ...EDITOR_LIBS,
  'editor.js', // → gen/cm-view.mjs, gen/cm-state.mjs
  'editing.js', // → draft.js, ui.js, editor.js
  'share.js', // → editing.js, ui.js
  'text-panel.js', // → workflow.js, engine-client.js, supervisor.js, findings.js, files.js, consumer-view.js, draft.js, editing.js, ui.js, editor.js
  'report-export.js', // → text-panel.js, ui.js
  'settings-file.js', // → workflow.js
  'settings-panel.js', // → i18n.js, workflow.js, settings-file.js, engine-client.js, files.js, text-panel.js, ui.js
  'gen/zicha-licence.wasm',
  'gen/zicha-licence.mjs', // → gen/zicha-licence.wasm
  'ocr-worker.js', // → licence.js, ocr-paddle.js, gen/zicha-licence.mjs, gen/paddle/, engine.js, image-check.js
  'licence-panel.js', // → supervisor.js, findings.js, ui.js, ocr-worker.js
  'image-panel.js', // → supervisor.js, ui.js, ocr-worker.js
  'app.js', // → the panels above
  'manifest.webmanifest', // → icon.svg
];
// Core files that only the licence check loads: shipped, but cached on first use rather than precached.
// The .xlsx reader/writer and its zip library (gen/fflate.mjs) load only when an .xlsx is read or written.
const LAZY = new Set([...EDITOR_LIBS, 'gen/fflate.mjs', 'xlsx.js', 'gen/zicha-licence.wasm', 'gen/zicha-licence.mjs', 'onnx-pack.js', 'ocr-paddle.js']);
const FIXED = ['index.html', 'sw.js']; // never renamed
const OCR_DIR = 'gen/paddle'; // the OCR engine's assets (tools/copy-paddle-assets.sh); gen/ocr (tesseract) is not shipped
const TEXT = /\.(m?js|css|html|json|webmanifest|svg)$/;

const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function walk(dir, base = dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, base));
    else if (e.isFile()) out.push(posix.normalize(p.slice(base.length + 1).split('\\').join('/')));
  }
  return out.sort();
}

/** Replace every quoted (or url(…)) reference to `from` (a path relative to the web root) in a file that lives
 * in directory `dir`, by the same reference to `to`. A reference may be written with or without './'. */
function rewriteRef(text, dir, from, to) {
  const rel = (p) => posix.relative(dir || '.', p) || '.';
  const a = rel(from);
  const b = rel(to);
  const re = new RegExp(`(['"\`(])(\\./)?${esc(a)}(?=['"\`)?#])`, 'g');
  return text.replace(re, (_, q, dot) => `${q}${dot || ''}${b}`);
}
/** Same for a directory prefix (references to files inside it). */
function rewriteDirRef(text, dir, from, to) {
  const a = posix.relative(dir || '.', from);
  const b = posix.relative(dir || '.', to);
  const re = new RegExp(`(['"\`])(\\./)?${esc(a)}/`, 'g');
  return text.replace(re, (_, q, dot) => `${q}${dot || ''}${b}/`);
}

export function buildDist({ web = join(ROOT, 'web'), out = join(ROOT, 'dist'), log = console.log } = {}) {
  web = resolve(web);
  out = resolve(out);
  for (const f of [...CORE, ...FIXED]) {
    if (!existsSync(join(web, f))) throw new Error(`dist: ${join(web, f)} is missing${f.startsWith('gen/') ? ' (run: make wasm)' : ''}`);
  }
  const tmp = out + '.tmp';
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const put = (rel, content) => {
    mkdirSync(dirname(join(tmp, rel)), { recursive: true });
    writeFileSync(join(tmp, rel), content);
  };

  const renamed = new Map(); // original rel path → shipped rel path
  const dirRenamed = new Map();

  // OCR assets: copied as they are into gen/paddle.<hash>/ (hash over names and contents).
  const ocrFiles = existsSync(join(web, OCR_DIR)) ? walk(join(web, OCR_DIR)) : [];
  if (ocrFiles.length) {
    const h = createHash('sha256');
    for (const f of ocrFiles) h.update(f + '\0' + sha(readFileSync(join(web, OCR_DIR, f))) + '\n');
    const to = `${OCR_DIR}.${h.digest('hex').slice(0, 8)}`;
    for (const f of ocrFiles) put(`${to}/${f}`, readFileSync(join(web, OCR_DIR, f)));
    dirRenamed.set(OCR_DIR, to);
  } else {
    log(`dist: warning: ${OCR_DIR}/ not found (make paddle-assets): the licence check will not work in dist/`);
  }

  const rewrite = (rel, buf) => {
    if (!TEXT.test(rel)) return buf;
    let text = buf.toString('utf8');
    const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
    for (const [from, to] of renamed) text = rewriteRef(text, dir, from, to);
    for (const [from, to] of dirRenamed) text = rewriteDirRef(text, dir, from, to);
    // The Emscripten glue names its wasm by bare file name ("zicha.wasm"), resolved next to itself.
    for (const glue of ['gen/zicha.mjs', 'gen/zicha-licence.mjs']) {
      const wasm = glue.replace(/\.mjs$/, '.wasm');
      if (rel === glue && renamed.has(wasm)) {
        text = text.split(JSON.stringify(posix.basename(wasm))).join(JSON.stringify(posix.basename(renamed.get(wasm))));
      }
    }
    return Buffer.from(text, 'utf8');
  };

  for (const rel of CORE) {
    const content = rewrite(rel, readFileSync(join(web, rel)));
    const ext = rel.match(/\.[^./]+$/)[0];
    const hashed = `${rel.slice(0, -ext.length)}.${sha(content).slice(0, 8)}${ext}`;
    renamed.set(rel, hashed);
    put(hashed, content);
  }
  put('index.html', rewrite('index.html', readFileSync(join(web, 'index.html'))));

  const precache = ['index.html', ...CORE.filter((f) => !LAZY.has(f)).map((f) => renamed.get(f))];
  const precacheJSON = JSON.stringify(precache, null, 1) + '\n';
  put('precache.json', precacheJSON);
  let sw = rewrite('sw.js', readFileSync(join(web, 'sw.js'))).toString('utf8');
  const version = `zicha-${sha(precacheJSON + [...dirRenamed.values()].join()).slice(0, 8)}`;
  if (!/const VERSION = '[^']*';/.test(sw)) throw new Error('dist: sw.js has no `const VERSION = \'…\';` to stamp');
  sw = sw.replace(/const VERSION = '[^']*';/, `const VERSION = '${version}';`);
  put('sw.js', sw);

  verify(tmp, renamed, dirRenamed);

  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
  const files = walk(out);
  const bytes = files.reduce((n, f) => n + statSync(join(out, f)).size, 0);
  log(`dist: ${files.length} files, ${(bytes / 1048576).toFixed(1)} MB in ${out} (cache ${version}; precache ${precache.length} files)`);
  return { out, files, precache, version, renamed: Object.fromEntries(renamed), ocrDir: dirRenamed.get(OCR_DIR) || null };
}

/** Every relative reference in the shipped text files resolves to a shipped file, and no shipped file still
 * names an asset by its unhashed name. Throws with the list of problems. */
function verify(dir, renamed, dirRenamed) {
  const problems = [];
  const files = walk(dir);
  const have = new Set(files);
  const refRe = [
    /\bimport\s*(?:[^'"()]*?\bfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g, // static imports
    /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g, // dynamic imports with a literal
    /new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url/g, // worker / wasm URLs
    /\b(?:href|src)="(?!https?:|data:|blob:|#|mailto:)([^"]+)"/g, // HTML
    /"src"\s*:\s*"([^"]+)"/g, // manifest icons
  ];
  for (const f of files) {
    if (!/\.(m?js|html|webmanifest)$/.test(f) || f.startsWith(dirRenamed.get(OCR_DIR) || '\0')) continue;
    // Comments do not load anything (ocr-worker.js shows its own usage in its header): skip whole-line ones.
    const text = readFileSync(join(dir, f), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const base = posix.dirname(f);
    for (const re of refRe) {
      for (const m of text.matchAll(re)) {
        const target = posix.normalize(posix.join(base, m[1].split(/[?#]/)[0]));
        if (target.startsWith('..')) problems.push(`${f}: ${m[1]} leaves the site`);
        else if (!have.has(target) && !have.has(posix.join(target, 'index.html'))) problems.push(`${f}: ${m[1]} → ${target} is not shipped`);
      }
    }
    for (const [from] of renamed) {
      const a = posix.relative(base === '.' ? '.' : base, from);
      if (new RegExp(`['"\`(](\\./)?${esc(a)}['"\`)]`).test(text)) problems.push(`${f}: still refers to ${from} by its unhashed name`);
    }
    for (const [from] of dirRenamed) {
      const a = posix.relative(base === '.' ? '.' : base, from);
      if (new RegExp(`['"\`](\\./)?${esc(a)}/`).test(text)) problems.push(`${f}: still refers to ${from}/`);
    }
  }
  const pre = JSON.parse(readFileSync(join(dir, 'precache.json'), 'utf8'));
  for (const u of pre) if (!have.has(u)) problems.push(`precache.json: ${u} is not shipped`);
  if (problems.length) throw new Error('dist: broken references:\n  ' + problems.join('\n  '));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') opt.out = args[++i];
    else if (args[i] === '--web') opt.web = args[++i];
    else {
      console.error('usage: node tools/dist.mjs [--web DIR] [--out DIR]');
      process.exit(2);
    }
  }
  try {
    buildDist(opt);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
