// Assembles the unpacked extension and its store zip (called by mk/extension.mk).
//
//   node extension/build.mjs --out DIR --zip FILE [--test-hosts "http://127.0.0.1/* ..."]
//
// The page's modules (web/engine.js, web/workflow.js, web/i18n.js and the registry's web/gen/registry.js) and the
// engine (web/gen/zicha.{mjs,wasm}) are copied in as they are: the extension runs the same code and rule packs as the page. Icons are drawn here from the
// shapes of web/icon.svg (Chromium does not take SVG icons). --test-hosts puts origins in host_permissions (a test
// build: a headless browser cannot click the permission prompt); the store build has optional_host_permissions only.
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync, readdirSync, utimesSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const out = resolve(opt('--out', 'build/extension/unpacked'));
const zip = opt('--zip', '');
const testHosts = (opt('--test-hosts', '') || '').split(/\s+/).filter(Boolean);

const OWN = ['bg.js', 'content.js', 'popup.html', 'popup.js', 'options.html', 'options.js', 'settings.js', 'ui.css'];
const SHARED = [['web/engine.js', 'engine.js'], ['web/workflow.js', 'workflow.js'], ['web/settings-file.js', 'settings-file.js'], ['web/i18n.js', 'i18n.js'],
  ['web/gen/zicha.mjs', 'gen/zicha.mjs'], ['web/gen/zicha.wasm', 'gen/zicha.wasm'], ['web/gen/registry.js', 'gen/registry.js']];

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'gen'), { recursive: true });
mkdirSync(join(out, 'icons'), { recursive: true });
for (const f of OWN) copyFileSync(join(ROOT, 'extension', f), join(out, f));
for (const [from, to] of SHARED) copyFileSync(join(ROOT, from), join(out, to));

const manifest = JSON.parse(readFileSync(join(ROOT, 'extension', 'manifest.json'), 'utf8'));
manifest.version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
if (testHosts.length) {
  manifest.host_permissions = testHosts;
  manifest.name += '（测试版）';
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// ---------------------------------------------------------------- icons (web/icon.svg's shapes, 512 units)
const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (buf) => {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function inside(x, y) {
  // 0 transparent, 1 red, 2 white
  const rx = 96;
  const cx = Math.min(Math.max(x, rx), 512 - rx);
  const cy = Math.min(Math.max(y, rx), 512 - rx);
  if (x < 0 || y < 0 || x > 512 || y > 512 || (x - cx) ** 2 + (y - cy) ** 2 > rx * rx) return 0;
  if (x >= 140 && x <= 372 && ((y >= 150 && y <= 190) || (y >= 236 && y <= 276))) return 2;
  if (x >= 140 && x <= 290 && y >= 322 && y <= 362) return 2;
  const d = Math.hypot(x - 370, y - 370);
  if (Math.abs(d - 70) <= 14) return 2;
  // handle: segment (420,420)-(470,470), width 32, round caps
  const t = Math.max(0, Math.min(1, ((x - 420) + (y - 420)) / 100));
  if (Math.hypot(x - (420 + 50 * t), y - (420 + 50 * t)) <= 16) return 2;
  return 1;
}
function png(size) {
  const S = 4; // supersampling per axis
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
        const k = inside(((x + (sx + 0.5) / S) * 512) / size, ((y + (sy + 0.5) / S) * 512) / size);
        if (k === 1) { r += 0x8c; g += 0x1c; b += 0x13; a += 255; }
        else if (k === 2) { r += 255; g += 255; b += 255; a += 255; }
      }
      const n = S * S;
      const o = 1 + x * 4;
      // colour averaged over the covered samples, alpha over all
      const cov = a / 255 || 1;
      row[o] = Math.round(r / cov); row[o + 1] = Math.round(g / cov); row[o + 2] = Math.round(b / cov); row[o + 3] = Math.round(a / n);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
for (const s of [16, 32, 48, 128]) writeFileSync(join(out, 'icons', `${s}.png`), png(s));

// ---------------------------------------------------------------- store zip (same bytes for the same inputs)
if (zip) {
  const files = [];
  (function list(d) {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) list(p);
      else files.push(relative(out, p));
    }
  })(out);
  const epoch = new Date('2024-01-01T00:00:00Z');
  for (const f of files) utimesSync(join(out, f), epoch, epoch);
  rmSync(resolve(zip), { force: true });
  mkdirSync(dirname(resolve(zip)), { recursive: true });
  execFileSync('zip', ['-q', '-X', '-9', resolve(zip), ...files], { cwd: out, env: { ...process.env, TZ: 'UTC' } });
  console.log(`  ${relative(process.cwd(), resolve(zip))}: ${statSync(resolve(zip)).size} bytes, ${files.length} files`);
}
