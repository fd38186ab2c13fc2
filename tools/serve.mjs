// Tiny static server for the zicha page, with the production security headers.
//
//   node tools/serve.mjs [DIR]          serve DIR (default web/) on http://127.0.0.1:$PORT/ (PORT default 8080)
//
// The same tree is also served under the subpath /sub/path/ (to test that the page works under a subpath).
// Headers: Content-Security-Policy (CSP below, plus frame-ancestors 'none'), X-Frame-Options: DENY,
// Permissions-Policy, X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer, Cache-Control: no-store. Only GET and HEAD; no directory listings; no path outside DIR (.., encoded
// separators, NUL and symlinks leaving DIR are refused with 404/400).
//
// As a module: `const { server, url, close } = await startServer({ root, port: 0 })` starts on a random free
// port of 127.0.0.1 and resolves once listening; `url` ends with '/'; `close()` returns a promise.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self'; " +
  "img-src 'self' blob: data:; style-src 'self'; form-action 'none'; base-uri 'none'; manifest-src 'self'";

// Sent only as headers: a <meta> CSP cannot carry frame-ancestors (browsers ignore it there), so the header refuses
// framing (clickjacking: a hostile site showing the page in a frame and steering clicks), with X-Frame-Options for
// browsers without CSP 2. Permissions-Policy as the README's deploy notes list it.
export const CSP_HEADER = `${CSP}; frame-ancestors 'none'`;
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), interest-cohort=()';

export const SUBPATH = '/sub/path/';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.gz': 'application/gzip',
  '.traineddata': 'application/octet-stream',
};

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_ROOT = resolve(HERE, '..', 'web');

function baseHeaders(extra = {}) {
  return {
    'Content-Security-Policy': CSP_HEADER,
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  };
}

function sendText(res, status, text, extra = {}) {
  const body = Buffer.from(text + '\n', 'utf8');
  res.writeHead(status, baseHeaders({
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    ...extra,
  }));
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

// Maps a request path to a file under root, or returns { status } for a refusal.
async function resolvePath(root, rootReal, pathname) {
  let rel;
  if (pathname === SUBPATH.slice(0, -1)) return { redirect: SUBPATH };
  if (pathname.startsWith(SUBPATH)) rel = pathname.slice(SUBPATH.length - 1);
  else rel = pathname;
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  const parts = decoded.split('/');
  if (parts.some((p) => p === '..' || p === '.')) return { status: 404 };
  if (parts.some((p) => p.startsWith('.') && p !== '')) return { status: 404 }; // no dotfiles
  let file = resolve(root, '.' + decoded);
  if (file !== root && !file.startsWith(root + sep)) return { status: 404 };
  let st;
  try {
    st = await stat(file);
    if (st.isDirectory()) {
      if (!pathname.endsWith('/')) return { redirect: pathname + '/' };
      file = join(file, 'index.html');
      st = await stat(file);
    }
    if (!st.isFile()) return { status: 404 };
    const real = await realpath(file);
    if (!real.startsWith(rootReal + sep)) return { status: 404 };
  } catch {
    return { status: 404 };
  }
  return { file, size: st.size };
}

export function createHandler(rootDir = DEFAULT_ROOT) {
  const root = resolve(rootDir);
  let rootRealP = realpath(root);
  return async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname;
    try {
      pathname = new URL(req.url, 'http://localhost').pathname;
    } catch {
      sendText(res, 400, 'bad request');
      return;
    }
    let rootReal;
    try {
      rootReal = await rootRealP;
    } catch {
      rootRealP = realpath(root);
      sendText(res, 500, `root ${root} is missing`);
      return;
    }
    const r = await resolvePath(root, rootReal, pathname);
    if (r.redirect) {
      sendText(res, 301, 'moved', { Location: r.redirect });
      return;
    }
    if (r.status) {
      sendText(res, r.status, r.status === 404 ? 'not found' : 'bad request');
      return;
    }
    const type = MIME[extname(r.file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, baseHeaders({ 'Content-Type': type, 'Content-Length': r.size }));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(r.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

export function startServer({ root = DEFAULT_ROOT, port = 0, host = '127.0.0.1' } = {}) {
  const server = createServer(createHandler(root));
  return new Promise((resolveP, rejectP) => {
    server.once('error', rejectP);
    server.listen(port, host, () => {
      server.off('error', rejectP);
      const addr = server.address();
      const url = `http://${host}:${addr.port}/`;
      const close = () => new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections?.();
      });
      resolveP({ server, url, port: addr.port, close });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_ROOT;
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`serve: bad PORT ${process.env.PORT}\n`);
    process.exit(2);
  }
  startServer({ root, port, host: process.env.HOST || '127.0.0.1' }).then(
    ({ url }) => {
      process.stdout.write(`serving ${root} on ${url} (also ${url}${SUBPATH.slice(1)})\n`);
    },
    (e) => {
      process.stderr.write(`serve: ${e.message}\n`);
      process.exit(1);
    },
  );
}
