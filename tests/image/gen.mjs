#!/usr/bin/env node
// Generates product images (商品主图 posters and multi-section 详情页 long images) with ground truth,
// deterministically from a seed, for the product image check's evaluation (tests/image/eval.mjs).
//
//   node tests/image/gen.mjs [--out DIR] [--seed N] [--count N] [--only id,id] [--long-height H]
//
// Each case: DIR/<id>.png|jpg + DIR/<id>.json {id, file, kind, width, height, category, font, background,
// effects, planted: [{rule, family, phrase, match, rects: [[x, y, w, h], …]}], text}. Two thirds of the cases
// carry one or two planted claims: rule examples (rules/*.json examples.match) that the text engine flags with
// an error or warning in their category; one third only ordinary selling points, which the text engine leaves
// without an error or warning (both checked here, on the true text, with web/engine.js).
// An HTML page is rendered in headless Chromium (Debian /usr/bin/chromium via playwright-core) with Debian's
// Noto Sans/Serif CJK (regular, bold) and WenQuanYi Zen Hei, and, when installed (`make image-fonts`), the
// decorative web fonts @chinese-fonts/jxzk (江西拙楷) and @chinese-fonts/dyh (得意黑) from build/image-fonts/.
// Variation: type 24–72 px, light/dark/coloured/gradient grounds, outlined text, lines rotated up to ±6°, shapes
// behind the text, mild blur, JPEG quality 70–90. The page is captured in slices of ≤ 4000 px (stacked here),
// so long images of any height work.
import { mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng } from '../licence/gen.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
export const FONT_DIR = join(ROOT, 'build', 'image-fonts', 'node_modules', '@chinese-fonts');

export { rng };

// ---------------------------------------------------------------- fonts
const SYSTEM_FONTS = [
  { name: 'noto-sans', family: '"Noto Sans CJK SC"', weight: 400 },
  { name: 'noto-sans-bold', family: '"Noto Sans CJK SC"', weight: 700 },
  { name: 'noto-serif', family: '"Noto Serif CJK SC"', weight: 400 },
  { name: 'noto-serif-bold', family: '"Noto Serif CJK SC"', weight: 700 },
  { name: 'wqy-zenhei', family: '"WenQuanYi Zen Hei"', weight: 400 },
];
const WEB_FONTS = [
  { name: 'jiangxi-zhuokai', pkg: 'jxzk', family: '"jiangxizhuokai"', weight: 400 },
  { name: 'smiley-sans', pkg: 'dyh', family: '"Smiley Sans Oblique"', weight: 400 },
];
export function fonts() {
  const web = WEB_FONTS.map((f) => {
    const dir = join(FONT_DIR, f.pkg, 'dist');
    if (!existsSync(dir)) return null;
    const sub = readdirSync(dir).find((d) => existsSync(join(dir, d, 'result.css')));
    return sub ? { ...f, css: pathToFileURL(join(dir, sub, 'result.css')).href } : null;
  }).filter(Boolean);
  return [...SYSTEM_FONTS, ...web];
}

// ---------------------------------------------------------------- text
// Ordinary selling points (checked clean below; any the engine flags is left out of the pool).
const POINTS = [
  '规格：500g/袋', '产地：云南普洱', '保质期：12个月', '尺码：S M L XL', '全国包邮', '七天无理由退换', '纯棉面料 柔软亲肤',
  '新品上市', '净含量：250ml', '颜色：米白 / 雾蓝', '材质：304不锈钢', '储存方法：阴凉干燥处', '产地：山东烟台',
  '规格：10枚装', '保质期：18个月', '尺码：35-40码', '包邮到家', '下单48小时内发货', '支持货到付款', '当季新茶 手工采摘',
  '加厚款 冬季保暖', '容量：1.5L', '重量：约2.3kg', '适用人群：成人', '配料：小麦粉、白砂糖、鸡蛋', '生产日期：见包装',
  '面料：95%棉 5%氨纶', '尺寸：30×20×10cm', '颜色可选 多款可挑', '简约设计 百搭款', '精选原料 用心制作', '顺丰发货',
  '买二件享九折', '限时优惠 先到先得', '每日现烤 新鲜直达', '可机洗 不起球', '独立包装 方便携带', '货号：A2381',
  '型号：KX-200', '功率：800W', '电压：220V', '产品参数', '商品详情', '温馨提示：请按尺码表选购', '售后无忧 正品保障',
  '品牌：禾田', '口味：原味 / 麻辣', '包装：礼盒装', '净重：2.5kg', '适用季节：春秋', '领口设计 修身版型', '轻薄透气',
  '清香型 回甘持久', '果园直发 坏果包赔', '送礼自用两相宜', '大容量 分区收纳', '防滑底 耐磨', '进口原料', '贮存：冷藏0-4℃',
];
const TITLES = ['夏日清凉', '精选好物', '年货礼盒', '新品上市', '匠心之作', '品质生活', '居家必备', '产品介绍', '细节展示', '为你而来', '舒适体验', '每一天的好味道'];

// Rule examples (examples.match) the engine flags: [{rule, family, severity, text, match, category}]
export function plantable(engine) {
  const out = [];
  const seen = new Set();
  for (const f of readdirSync(join(ROOT, 'rules')).sort()) {
    if (!f.endsWith('.json')) continue;
    const pack = JSON.parse(readFileSync(join(ROOT, 'rules', f), 'utf8'));
    for (const r of pack.rules || []) {
      for (const ex of r.examples?.match || []) {
        const text = ex.text, category = ex.category || '';
        if (!text || Array.from(text).length > 18 || !/[\u4e00-\u9fff]/.test(text) || /[\n\t]/.test(text)) continue;
        if (Array.from(ex.match).length < 2 || seen.has(text + category)) continue;
        seen.add(text + category);
        const rep = engine.check(text, category, 'listing');
        const start = Array.from(text).join('').indexOf(ex.match);
        const hit = rep.findings.find((x) => (x.family === r.family) && (x.severity === 'error' || x.severity === 'warning'));
        if (!hit || start < 0) continue;
        out.push({ rule: r.id, family: r.family, severity: hit.severity, text, match: ex.match, category });
      }
    }
  }
  return out;
}

const serious = (rep) => rep.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');

// The planted claims and the ordinary selling points, frozen in tests/image/claims.json so that a seed always draws
// the same images: drawn live from the rule examples, every new example would shift which claim each image gets and
// the accuracy would move with the rule data rather than with the OCR. `live` (tests/image/freeze-claims.mjs) draws
// them from the current rules: the claims the engine flags, the points it leaves alone.
const FROZEN = join(ROOT, 'tests', 'image', 'claims.json');
export function claimPool(engine, { live = false } = {}) {
  if (!live && existsSync(FROZEN)) return JSON.parse(readFileSync(FROZEN, 'utf8'));
  return { pool: plantable(engine), points: POINTS.filter((p) => serious(engine.check(p, '', 'listing')).length === 0) };
}

// ---------------------------------------------------------------- look
const LIGHT = ['#ffffff', '#f7f3ea', '#eef6ff', '#fff4f0', '#f2f7ee', '#fafafa'];
const DARK = ['#1d1f24', '#2b1b17', '#0f2a3a', '#222222', '#24173a'];
const COLOURED = [['#c8102e', '#ffe9a8'], ['#0b6e4f', '#ffffff'], ['#1f4fa3', '#ffffff'], ['#f2b705', '#3a2100'], ['#e85d04', '#ffffff'], ['#7b2cbf', '#fff3b0'], ['#ffd6e0', '#7a1030']];
const GRADIENTS = [['#ff9a9e', '#fecfef', '#5a1030'], ['#a1c4fd', '#c2e9fb', '#0d2b57'], ['#f6d365', '#fda085', '#4a1c00'], ['#0f2027', '#2c5364', '#ffffff'], ['#43cea2', '#185a9d', '#ffffff'], ['#fbc2eb', '#a6c1ee', '#2a1a4a']];

function pick(r, a) { return a[Math.floor(r() * a.length)]; }
function int(r, lo, hi) { return lo + Math.floor(r() * (hi - lo + 1)); }
function esc(s) { return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c])); }

function ground(r, kind) {
  if (kind === 'light') { const bg = pick(r, LIGHT); return { kind, css: bg, ink: pick(r, ['#222', '#333', '#5a3a1a', '#1a3a5a', '#8a1020']) }; }
  if (kind === 'dark') { const bg = pick(r, DARK); return { kind, css: bg, ink: pick(r, ['#fff', '#f5e6c8', '#ffd27a', '#cde8ff']) }; }
  if (kind === 'coloured') { const [bg, ink] = pick(r, COLOURED); return { kind, css: bg, ink }; }
  const [a, b, ink] = pick(r, GRADIENTS);
  return { kind, css: `linear-gradient(${int(r, 0, 180)}deg, ${a}, ${b})`, ink };
}

// ---------------------------------------------------------------- one case
// A section (a whole poster, or one part of a long image): blocks of text over a ground with shapes.
function section(r, { width, height, font, g, blocks, effects }) {
  let shapes = '';
  if (effects.shapes) {
    for (let i = 0, n = int(r, 2, 5); i < n; i++) {
      const s = int(r, 80, 380), x = int(r, -60, width - 60), y = int(r, -60, height - 60);
      const col = pick(r, ['rgba(255,255,255,0.35)', 'rgba(0,0,0,0.12)', 'rgba(255,200,80,0.35)', 'rgba(80,160,255,0.3)', 'rgba(255,90,90,0.25)']);
      shapes += `<div class="shape" style="left:${x}px;top:${y}px;width:${s}px;height:${int(r, 60, 380)}px;background:${col};border-radius:${pick(r, ['50%', '16px', '0'])}"></div>`;
    }
  }
  let html = '';
  for (const b of blocks) {
    const style = [`font-size:${b.size}px`, `color:${b.ink}`, `text-align:${b.align}`, `width:${b.width}px`, `margin:${b.margin}px auto 0`];
    if (b.rotate) style.push(`transform:rotate(${b.rotate}deg)`);
    if (b.outline) style.push(`-webkit-text-stroke:${b.outline}px ${b.outlineColour}`, 'paint-order:stroke fill');
    if (b.badge) style.push(`background:${b.badge};padding:6px 0;border-radius:10px`);
    const inner = b.planted
      ? esc(b.text.slice(0, b.planted.at)) + `<span class="plant" data-k="${b.planted.k}">${esc(b.planted.match)}</span>` + esc(b.text.slice(b.planted.at + b.planted.match.length))
      : esc(b.text);
    html += `<p class="blk" style="${style.join(';')}">${inner}</p>`;
  }
  return `<section style="position:relative;overflow:hidden;width:${width}px;height:${height}px;background:${g.css};font-family:${font.family};font-weight:${font.weight}">${shapes}<div class="content" style="position:relative;padding-top:${int(r, 30, 80)}px">${html}</div></section>`;
}

function makeBlocks(r, { width, ink, claims, nPoints, effects, points, titleSize }) {
  const blocks = [];
  const base = (text, size, extra = {}) => {
    const maxW = width - 2 * int(r, 30, 70);
    const w = Math.min(maxW, Math.max(size * 4, Math.ceil(Array.from(text).length * size * 1.08) + 8));
    const rot = effects.rotate && r() < 0.5 ? Math.round((r() * 12 - 6) * 10) / 10 : 0;
    return { text, size, ink, align: pick(r, ['center', 'left', 'center']), width: w, margin: int(r, 14, 48), rotate: rot,
      outline: effects.outline && r() < 0.6 ? pick(r, [1, 1.5, 2]) : 0, outlineColour: pick(r, ['#000', '#fff', '#c00']), ...extra };
  };
  blocks.push(base(pick(r, TITLES), titleSize, { align: 'center' }));
  const items = [];
  for (let i = 0; i < nPoints; i++) items.push({ text: points[Math.floor(r() * points.length)] });
  // k: the claim's index in the case (a long image's section holds only some of them)
  claims.forEach((c, k) => items.splice(int(r, 0, items.length), 0, { text: c.text, claim: c, k: c.k ?? k }));
  for (const it of items) {
    const size = int(r, 24, Math.min(56, titleSize));
    let b = base(it.text, size);
    if (it.claim) {
      const cps = Array.from(it.text);
      const at = cps.join('').indexOf(it.claim.match);
      b.planted = { k: it.k, at: Array.from(it.text.slice(0, at)).length, match: it.claim.match };
      // UTF-16 slicing in section(): the examples are BMP-only, so code units = code points
      // some claims wrap over two rows of a narrow paragraph (the phrase split by the wrap)
      if (r() < 0.3 && cps.length >= 6) {
        const perRow = Math.max(3, Math.min(cps.length - 2, at + Math.ceil(it.claim.match.length / 2)));
        b.width = Math.ceil(perRow * size * 1.02) + 4;
        b.align = 'left';
        b.rotate = 0;
        b.wrapped = true;
      }
    }
    blocks.push(b);
  }
  return blocks;
}

const KINDS = ['light', 'dark', 'coloured', 'gradient'];

export function planCase(seed, index, { pool, points, fontList, longHeight }) {
  const r = rng(seed * 100003 + index * 7919 + 17);
  const id = `img${String(seed).padStart(2, '0')}-${String(index).padStart(3, '0')}`;
  const clean = index % 3 === 2; // one third
  const long = index % 4 === 1 || index % 4 === 3 && r() < 0.3; // about a third long images
  const font = fontList[index % fontList.length];
  const bgKind = KINDS[Math.floor(index / 2) % 4];
  const effects = { rotate: r() < 0.4, outline: r() < 0.3, shapes: r() < 0.5, blur: r() < 0.3 };
  const jpeg = r() < 0.65 ? int(r, 70, 90) : 0;
  let claims = [];
  let category = '';
  if (!clean) {
    const first = pool[Math.floor(r() * pool.length)];
    category = first.category;
    claims = [first];
    if (r() < 0.4) {
      const same = pool.filter((p) => p.category === category && p.text !== first.text && p.family !== first.family);
      if (same.length) claims.push(same[Math.floor(r() * same.length)]);
    }
  }
  const width = long ? pick(r, [750, 790]) : pick(r, [750, 800, 1080]);
  const sections = [];
  if (long) {
    const nSec = longHeight ? Math.ceil(longHeight / 1000) : int(r, 3, 5);
    // claims go into random sections
    const where = claims.map(() => int(r, 0, nSec - 1));
    for (let s = 0; s < nSec; s++) {
      const g = ground(r, s === 0 ? bgKind : KINDS[int(r, 0, 3)]);
      const height = longHeight ? Math.round(longHeight / nSec) : int(r, 800, 1200);
      sections.push({ g, height, claims: claims.map((c, k) => ({ ...c, k })).filter((c) => where[c.k] === s), nPoints: int(r, 3, 6) });
    }
  } else {
    const g = ground(r, bgKind);
    sections.push({ g, height: width === 1080 ? pick(r, [1080, 1350, 1500]) : pick(r, [750, 1000, 1200]), claims: claims.map((c, k) => ({ ...c, k })), nPoints: int(r, 2, 5) });
  }
  const html = sections.map((s) => {
    const blocks = makeBlocks(r, { width, ink: s.g.ink, claims: s.claims, nPoints: s.nPoints, effects, points, titleSize: int(r, 44, 72) });
    // planted indices refer to `claims`
    return section(r, { width, height: s.height, font, g: s.g, blocks, effects });
  }).join('');
  return {
    id, kind: long ? 'long' : 'poster', width, height: sections.reduce((a, s) => a + s.height, 0), category, font: font.name, fontCss: font.css || null,
    background: bgKind, effects, jpeg, clean, claims, html,
  };
}

function pageHtml(c) {
  return `<!doctype html><html><head><meta charset="utf-8">${c.fontCss ? `<link rel="stylesheet" href="${c.fontCss}">` : ''}
<style>html,body{margin:0;padding:0;background:#fff}.shape{position:absolute}.blk{line-height:1.35;word-break:break-all;box-sizing:content-box;margin-left:auto;margin-right:auto}
#root{width:${c.width}px;${c.effects.blur ? 'filter:blur(0.6px);' : ''}}</style></head><body><div id="root">${c.html}</div></body></html>`;
}

async function render(page, c, outDir) {
  const file = join(outDir, `${c.id}.html`);
  writeFileSync(file, pageHtml(c));
  await page.setViewportSize({ width: c.width, height: Math.min(c.height, 2000) });
  await page.goto(pathToFileURL(file).href);
  await page.evaluate(async () => { await document.fonts.ready; });
  // force every glyph subset of the web fonts to load before capturing
  await page.waitForTimeout(c.fontCss ? 400 : 50);
  await page.evaluate(async () => { await document.fonts.ready; });
  const info = await page.evaluate(() => {
    const plants = [...document.querySelectorAll('.plant')].map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return { k: Number(el.dataset.k), rects: [...range.getClientRects()].filter((q) => q.width > 2 && q.height > 2).map((q) => [q.x + scrollX, q.y + scrollY, q.width, q.height].map(Math.round)) };
    });
    const text = [...document.querySelectorAll('.blk')].map((b) => b.textContent).join('\n');
    return { plants, text, height: document.getElementById('root').getBoundingClientRect().height };
  });
  const { decode } = await import('fast-png');
  const H = Math.round(info.height);
  const rgba = new Uint8Array(c.width * H * 4);
  for (let y = 0; y < H; y += 4000) {
    const h = Math.min(4000, H - y);
    const buf = await page.screenshot({ clip: { x: 0, y, width: c.width, height: h }, fullPage: true, type: 'png' });
    const im = decode(buf);
    const ch = im.channels;
    for (let i = 0, n = im.width * im.height; i < n; i++) {
      const o = (y * c.width + i) * 4;
      rgba[o] = im.data[i * ch]; rgba[o + 1] = im.data[i * ch + 1]; rgba[o + 2] = im.data[i * ch + 2]; rgba[o + 3] = 255;
    }
  }
  let bytes, name;
  if (c.jpeg) {
    const { default: jpeg } = await import('jpeg-js');
    bytes = jpeg.encode({ data: rgba, width: c.width, height: H }, c.jpeg).data;
    name = `${c.id}.jpg`;
  } else {
    const { encode } = await import('fast-png');
    bytes = encode({ width: c.width, height: H, data: rgba, channels: 4, depth: 8 });
    name = `${c.id}.png`;
  }
  writeFileSync(join(outDir, name), bytes);
  return { name, info, H };
}

// filter(planned) picks cases before rendering (planCase's fields: kind, clean, jpeg, …); systemFonts: Debian's only
export async function generate({ out = join(ROOT, 'build', 'image-eval', 'seed1'), seed = 1, count = 60, only = null, longHeight = 0, filter = null, limit = Infinity, systemFonts = false, log = () => {} } = {}) {
  mkdirSync(out, { recursive: true });
  const { loadEngine } = await import(pathToFileURL(join(ROOT, 'web', 'engine.js')).href);
  const engine = await loadEngine({ wasmBinary: readFileSync(join(ROOT, 'web', 'gen', 'zicha.wasm')) });
  const { pool, points } = claimPool(engine);
  const fontList = systemFonts ? SYSTEM_FONTS : fonts();
  const { launch } = await import(pathToFileURL(join(ROOT, 'tests', 'e2e', 'lib.mjs')).href);
  const browser = await launch();
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const cases = [];
  try {
    for (let i = 0; i < count; i++) {
      const planned = planCase(seed, i, { pool, points, fontList, longHeight });
      if ((only && !only.includes(planned.id)) || (filter && !filter(planned))) continue;
      if (cases.length >= limit) break;
      const { name, info, H } = await render(page, planned, out);
      // the true text must behave as intended: the planted phrases flagged, a clean image without error/warning
      const cat = planned.category;
      const rep = engine.check(info.text, cat, 'listing');
      const bad = serious(rep);
      const planted = planned.claims.map((c, k) => ({ rule: c.rule, family: c.family, phrase: c.text, match: c.match, rects: (info.plants.find((p) => p.k === k) || { rects: [] }).rects }));
      const truthOk = planned.clean ? bad.length === 0 : planted.every((p) => bad.some((f) => f.family === p.family || (f.also || []).some((a) => a.family === p.family)));
      const meta = {
        id: planned.id, file: name, kind: planned.kind, width: planned.width, height: H, category: cat, font: planned.font,
        background: planned.background, effects: planned.effects, jpeg: planned.jpeg, clean: planned.clean, planted, text: info.text, truth_ok: truthOk,
        truth_findings: bad.map((f) => `${f.family}:${f.match}`),
      };
      writeFileSync(join(out, `${planned.id}.json`), JSON.stringify(meta, null, 1));
      cases.push(meta);
      log(`${planned.id} ${planned.kind} ${planned.width}×${H} ${planned.font} ${planned.background}${planned.jpeg ? ` q${planned.jpeg}` : ''} ${planned.clean ? 'clean' : planted.map((p) => p.match).join('+')}${truthOk ? '' : ' (TRUTH MISMATCH)'}`);
    }
  } finally {
    await browser.close();
  }
  return cases;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
  const seed = Number(opt('--seed', 1));
  await generate({
    out: opt('--out', join(ROOT, 'build', 'image-eval', `seed${seed}`)), seed, count: Number(opt('--count', 60)),
    only: opt('--only', null)?.split(','), longHeight: Number(opt('--long-height', 0)), log: (s) => console.log(s),
  });
}
