#!/usr/bin/env node
// zicha Node CLI: runs the very same web/gen/zicha.wasm and web/engine.js as the page.
//
//   node web/cli.mjs check [--category CAT] [--mode auto|listing|shop] [--format json|text] [--rules PACK.json] [FILE|-]
//   node web/cli.mjs batch [--category CAT] [--rules PACK.json]          (JSONL stdin -> stdout)
//   node web/cli.mjs rules
//
// Output and exit codes follow the native build/zicha (docs/../contract.md): check prints the report JSON
// byte-for-byte as `build/zicha check --format json` does (JSON is the default here, as contract.md says;
// `--format text` gives the native text format); exit 0 = no error/warning findings, 1 = some,
// 2 = usage or input error (message on stderr).
//
// Node >= 20. The Emscripten 3.1.6 ES6 glue is built for web,worker; in Node it cannot fetch a file path, so
// the wasm bytes are read here and passed as `wasmBinary` (tech-notes.md §5.2/5.3).

import { readFileSync, openSync, readSync, fstatSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { CATEGORIES, MAX_LINE, utf8SeqLen } from './batch.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;
const NEWLINE = Buffer.from('\n');

const USAGE = `usage:
  node web/cli.mjs check [--category CAT] [--mode auto|listing|shop] [--format json|text] [--rules PACK.json] [FILE|-]
  node web/cli.mjs batch [--category CAT] [--rules PACK.json]
  node web/cli.mjs rules [--rules PACK.json]
  node web/cli.mjs licence IMAGE [--listing FILE] [--category CAT] [--today YYYY-MM-DD] [--verbose]
  node web/cli.mjs image IMAGE [--category CAT] [--mode listing|shop] [--rules PACK.json] [--verbose]
`;

class UsageError extends Error {}

function parseArgs(argv, { allowFile, allowFormat }) {
  const opts = { category: '', rules: [], file: null, format: 'json', mode: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name) => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      return argv[++i];
    };
    if (a === '--category' || a.startsWith('--category=')) {
      opts.category = value('--category');
      if (!CATEGORIES.includes(opts.category)) throw new UsageError(`unknown category '${opts.category}'`);
    } else if (allowFormat && (a === '--mode' || a.startsWith('--mode='))) {
      // check only, as with the native CLI
      opts.mode = value('--mode');
      if (!['auto', 'listing', 'shop'].includes(opts.mode)) throw new UsageError(`unknown mode "${opts.mode}" (auto, listing, shop)`);
    } else if (a === '--rules' || a.startsWith('--rules=')) {
      opts.rules.push(value('--rules'));
    } else if (allowFormat && (a === '--format' || a.startsWith('--format='))) {
      opts.format = value('--format');
      if (opts.format !== 'json' && opts.format !== 'text') {
        throw new UsageError(`unknown format "${opts.format}" (text, json)`);
      }
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE);
      process.exit(EXIT_OK);
    } else if (a !== '-' && a.startsWith('-')) {
      throw new UsageError(`unknown option '${a}'`);
    } else if (allowFile && opts.file === null) {
      opts.file = a;
    } else {
      throw new UsageError(`unexpected argument '${a}'`);
    }
  }
  if (opts.rules.length > 1) throw new UsageError('the wasm engine takes one --rules pack');
  return opts;
}

// The native limits (core/include/zicha.h ZC_MAX_TEXT_BYTES, ZC_MAX_PACK_BYTES) and their messages.
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
const MAX_PACK_BYTES = 32 * 1024 * 1024;

function tooLarge(name, size, limit) {
  return limit === MAX_TEXT_BYTES
    ? `${name}: 文本过大：${size} 字节，上限 ${limit} 字节（16 MB）`
    : `${name}: 文件过大：${size} 字节，上限 ${limit} 字节`;
}

/** A file (or stdin for null / '-') read up to `limit` + 1 bytes, as the native CLI does: endless input
 * (/dev/zero, a pipe that never ends) is refused with the size message once it passes the limit, and memory
 * stays near the limit. A directory or unreadable file is a UsageError. */
async function readInput(file, limit = MAX_TEXT_BYTES) {
  const stdin = file === null || file === '-';
  const name = stdin ? '-' : file;
  const chunks = [];
  let n = 0;
  if (stdin) {
    try {
      for await (const chunk of process.stdin) {
        chunks.push(chunk);
        n += chunk.length;
        if (n > limit) break;
      }
    } catch (e) {
      throw new UsageError(`cannot read stdin: ${e.code || e.message}`);
    }
    if (n > limit) {
      process.stdin.destroy();
      throw new UsageError(tooLarge(name, `至少 ${limit + 1}`, limit));
    }
    return Buffer.concat(chunks, n);
  }
  let fd;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${file}: 是目录，不是文件（is a directory: give a file, or - for stdin）`);
    if (st.isFile() && st.size > limit) throw new UsageError(tooLarge(name, st.size, limit));
    const block = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const got = readSync(fd, block, 0, block.length, null);
      if (!got) break;
      chunks.push(Buffer.from(block.subarray(0, got)));
      n += got;
      if (n > limit) throw new UsageError(tooLarge(name, `至少 ${limit + 1}`, limit));
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${e.code || e.message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return Buffer.concat(chunks, n);
}

async function engineFor(opts) {
  // Dynamic import so that usage errors are reported even when the wasm build is missing.
  const { loadEngine } = await import('./engine.js');
  let wasmBinary;
  const wasmPath = join(HERE, 'gen', 'zicha.wasm');
  try {
    wasmBinary = readFileSync(wasmPath);
  } catch (e) {
    throw new UsageError(`cannot read ${wasmPath} (run make wasm): ${e.code || e.message}`);
  }
  let extraPack;
  if (opts.rules.length) extraPack = await readInput(opts.rules[0], MAX_PACK_BYTES);
  try {
    return await loadEngine({ wasmBinary, extraPack });
  } catch (e) {
    // the wasm glue names the extra pack custom-rules.json: name the user's file instead
    throw new UsageError(opts.rules.length ? e.message.replace(/^custom-rules\.json/, opts.rules[0]) : e.message);
  }
}

function writeOut(bytesOrString) {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytesOrString, (err) => (err ? reject(err) : resolve()));
  });
}

/** Code points of UTF-8 bytes as the C core counts them: a valid sequence is one, each bad byte one (U+FFFD).
 * Yields the ASCII value, or -1 for anything else (only '\n' matters to the caller). */
function* codePointsOf(bytes) {
  for (let i = 0; i < bytes.length; ) {
    const len = utf8SeqLen(bytes, i);
    yield len === 1 ? bytes[i] : -1;
    i += len || 1;
  }
}

/** The native `check --format text` output: `LINE:COL: severity: message「match」 [rule_id] (basis)` and an
 * indented suggestion line; LINE and COL are 1-based, COL in code points, lines split at '\n' only. */
function textReport(input, report) {
  const starts = report.findings.map((f) => f.start);
  const pos = new Map();
  let line = 1;
  let col = 1;
  let k = 0;
  const order = [...new Set(starts)].sort((a, b) => a - b);
  let p = 0;
  const it = codePointsOf(input);
  for (const target of order) {
    while (p < target) {
      const { value, done } = it.next();
      if (done) break;
      if (value === 10) {
        line++;
        col = 1;
      } else col++;
      p++;
    }
    pos.set(target, [line, col]);
    k++;
  }
  let out = '';
  for (const f of report.findings) {
    const [l, c] = pos.get(f.start);
    out += `${l}:${c}: ${f.severity}: ${inert(f.message)}「${inert(f.match)}」 [${inert(f.rule_id)}] (${inert(f.basis)})\n`;
    for (const a of f.also || []) out += `    另见：[${inert(a.rule_id)}] (${inert(a.basis)})\n`;
    if (f.suggestion) out += `    建议：${inert(f.suggestion)}\n`;
  }
  return out;
}

// C0 and C1 controls, DEL, bidirectional overrides and U+FFFD's stand-ins: what a terminal would act on
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A string for a terminal: control characters shown as escapes (\x1b, \u009b) as the native CLI does, so
 * that a text or a rule pack cannot move the cursor, erase a line or set the clipboard. */
function inert(s) {
  return String(s).replace(CONTROL, (ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x80 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

async function cmdCheck(argv) {
  const opts = parseArgs(argv, { allowFile: true, allowFormat: true });
  const input = await readInput(opts.file);
  const engine = await engineFor(opts);
  let raw;
  try {
    raw = engine.checkRaw(input, opts.category, opts.mode);
  } catch (e) {
    // the engine's refusals (work budget, size) are input errors with the engine's own message
    if (e && e.name === 'EngineError') throw new UsageError(e.message);
    throw e;
  }
  const report = JSON.parse(new TextDecoder().decode(raw));
  if (opts.format === 'text') await writeOut(textReport(input, report));
  else await writeOut(Buffer.concat([raw, Buffer.from('\n')]));
  const s = report.summary || {};
  const serious =
    typeof s.error === 'number'
      ? s.error + (s.warning || 0) > 0
      : report.findings.some((f) => f.severity === 'error' || f.severity === 'warning');
  return serious ? EXIT_FINDINGS : EXIT_OK;
}

async function cmdRules(argv) {
  const opts = parseArgs(argv, { allowFile: false, allowFormat: false });
  const engine = await engineFor(opts);
  await writeOut(engine.rulesJSON() + '\n');
  return EXIT_OK;
}

async function cmdBatch(argv) {
  const opts = parseArgs(argv, { allowFile: false, allowFormat: false });
  const engine = await engineFor(opts);
  const { cliBatchLine } = await import('./batch.js');
  // the current line's bytes, in the chunks they came in (joined once, at its newline: a long line costs linear
  // time); past MAX_LINE only its length matters (cliBatchLine answers with an error), so no more is kept
  let parts = [];
  let partsLen = 0;
  const keep = (b) => {
    if (partsLen >= MAX_LINE || !b.length) return;
    const k = b.subarray(0, MAX_LINE - partsLen);
    parts.push(k);
    partsLen += k.length;
  };
  const take = () => {
    const line = parts.length === 1 ? parts[0] : Buffer.concat(parts, partsLen);
    parts = [];
    partsLen = 0;
    return line;
  };
  let out = [];
  let outLen = 0;
  const flush = async () => {
    if (out.length) {
      const chunk = Buffer.concat(out, outLen);
      out = [];
      outLen = 0;
      await writeOut(chunk);
    }
  };
  const handle = (lineBytes) => {
    const b = cliBatchLine(engine, lineBytes, opts.category);
    if (b === null) return; // blank line
    out.push(b, NEWLINE);
    outLen += b.length + 1;
  };
  try {
    for await (const chunk of process.stdin) {
      let nl;
      let from = 0;
      while ((nl = chunk.indexOf(10, from)) !== -1) {
        if (parts.length) {
          keep(chunk.subarray(from, nl));
          handle(take());
        } else handle(chunk.subarray(from, nl));
        from = nl + 1;
      }
      keep(chunk.subarray(from));
      if (outLen > 1 << 16) await flush();
    }
  } catch (e) {
    await flush();
    process.stderr.write(`zicha: cannot read stdin: ${e.message}\n`);
    return EXIT_USAGE;
  }
  if (parts.length) handle(take());
  await flush();
  return EXIT_OK;
}

// Subcommand dispatch. Add new subcommands here (the `licence` command is planned: see contract.md).
const COMMANDS = {
  check: cmdCheck,
  batch: cmdBatch,
  rules: cmdRules,
  // licence image check: web/licence.js (owner: licence engineer)
  licence: async (args) => (await import('./licence-node.mjs')).licenceCli(args, { root: join(HERE, '..') }),
  // product image check: web/image-check.js (OCR + text check, findings mapped to image rectangles)
  image: async (args) => (await import('./image-cli.mjs')).imageCli(args, { root: join(HERE, '..') }),
};

export async function main(argv) {
  // --debug anywhere: unexpected errors with their stack trace (otherwise the message alone)
  const debug = argv.includes('--debug');
  argv = argv.filter((a) => a !== '--debug');
  // Global options may come before the command, as with the native CLI: `--rules FILE check …`.
  const global = [];
  let i = 0;
  while (i < argv.length && (argv[i] === '--rules' || argv[i].startsWith('--rules='))) {
    if (argv[i] === '--rules') global.push(argv[i], argv[i + 1] ?? '');
    else global.push(argv[i]);
    i += argv[i] === '--rules' ? 2 : 1;
  }
  const [cmd, ...tail] = argv.slice(i);
  const rest = [...tail, ...global];
  if (cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    process.stderr.write(cmd ? `zicha: unknown command '${cmd}'\n${USAGE}` : USAGE);
    return EXIT_USAGE;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`zicha: ${inert(e.message)}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`zicha: ${debug && e && e.stack ? e.stack : inert(e && e.message ? e.message : e)}\n`);
    return EXIT_USAGE;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
