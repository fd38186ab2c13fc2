// tools/serve.mjs: MIME types, security headers, subpath, refusal of traversal and of other methods.
// Serves a temporary tree (so it does not depend on the web build) on a random port of 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startServer, CSP, CSP_HEADER } from '../tools/serve.mjs';

let dir;
let srv;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zicha-serve-'));
  mkdirSync(join(dir, 'root', 'gen'), { recursive: true });
  writeFileSync(join(dir, 'root', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'root', 'app.js'), 'export {};');
  writeFileSync(join(dir, 'root', 'gen', 'zicha.mjs'), 'export default 1;');
  writeFileSync(join(dir, 'root', 'gen', 'zicha.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(dir, 'root', '.secret'), 'no');
  writeFileSync(join(dir, 'outside.txt'), 'outside');
  symlinkSync(join(dir, 'outside.txt'), join(dir, 'root', 'link.txt'));
  srv = await startServer({ root: join(dir, 'root'), port: 0 });
});

after(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

// Raw request so that the path is sent exactly as written (no client-side normalisation).
function get(path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('index is served as HTML with the security headers', async () => {
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.headers['content-security-policy'], CSP_HEADER);
  assert.ok(CSP_HEADER.startsWith(CSP));
  // framing refused (a <meta> CSP cannot say frame-ancestors: only the headers can)
  assert.match(r.headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal(r.headers['permissions-policy'], 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(CSP, /default-src 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
  assert.equal(r.body.toString(), '<!doctype html><title>t</title>');
});

test('wasm and module MIME types', async () => {
  const w = await get('/gen/zicha.wasm');
  assert.equal(w.status, 200);
  assert.equal(w.headers['content-type'], 'application/wasm');
  assert.equal(w.body.length, 8);
  const m = await get('/gen/zicha.mjs');
  assert.equal(m.headers['content-type'], 'text/javascript; charset=utf-8');
  const j = await get('/app.js');
  assert.equal(j.headers['content-type'], 'text/javascript; charset=utf-8');
});

test('the same tree under /sub/path/', async () => {
  const r = await get('/sub/path/');
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), '<!doctype html><title>t</title>');
  const w = await get('/sub/path/gen/zicha.wasm');
  assert.equal(w.headers['content-type'], 'application/wasm');
  const redir = await get('/sub/path');
  assert.equal(redir.status, 301);
  assert.equal(redir.headers.location, '/sub/path/');
});

test('traversal, dotfiles and symlinks out of the root are refused', async () => {
  for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/gen/..%2f..%2foutside.txt', '/sub/path/..%2f..%2foutside.txt',
    '/.secret', '/link.txt', '/gen/%5c..%5c..%5coutside.txt']) {
    const r = await get(p);
    assert.ok(r.status === 404 || r.status === 400, `${p} gave ${r.status}`);
    assert.ok(!r.body.toString().includes('outside'), `${p} leaked the file`);
  }
  assert.equal((await get('/%00')).status, 400);
  assert.equal((await get('/missing.js')).status, 404);
});

test('only GET and HEAD', async () => {
  const h = await get('/', 'HEAD');
  assert.equal(h.status, 200);
  assert.equal(h.body.length, 0);
  const p = await get('/', 'POST');
  assert.equal(p.status, 405);
  assert.equal(p.headers.allow, 'GET, HEAD');
});
