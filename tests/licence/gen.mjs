#!/usr/bin/env node
// Generates licence-like test images (营业执照) with ground truth, deterministically (seeded PRNG).
//
//   node tests/licence/gen.mjs [--out DIR] [--count N] [--only a,b,c] [--set base|upload --seed N]
//
// Each case: DIR/<id>.png|jpg + DIR/<id>.json {id, file, degraded, today, category?, listing?, qr, truth:{fields},
// planted:[family...]}. An HTML licence template is rendered in headless Chromium (Debian /usr/bin/chromium via
// playwright-core) with Noto Serif CJK / WenQuanYi fonts; the QR code comes from Debian's `qrencode`.
// Degraded cases imitate phone photos: a desk background, rotation (small tilt or 90/180/270), perspective,
// blur, noise, uneven light and JPEG compression.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
export const TODAY = '2026-06-01';

// ---------------------------------------------------------------- USCC helpers
const CS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function orgCheck(b8) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const ch = b8[i];
    s += (/\d/.test(ch) ? +ch : ch.charCodeAt(0) - 55) * w[i];
  }
  const r = 11 - (s % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}
function mod31(c17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += CS.indexOf(c17[i]) * W[i];
  return CS[(31 - (s % 31)) % 31];
}
export function usccValid(c) {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(c) && mod31(c) === c[17] && orgCheck(c.slice(8, 16)) === c[16];
}
// the in-alphabet confusions licence.c tries (must not turn a planted invalid code valid)
const CONF = { B: '8', 8: 'B', D: '0', 0: 'D', G: '6', 6: 'G' };
function singleFixExists(c) {
  for (let i = 0; i < 18; i++) {
    const alt = CONF[c[i]];
    if (!alt || (i >= 2 && i < 8 && !/\d/.test(alt))) continue;
    if (usccValid(c.slice(0, i) + alt + c.slice(i + 1))) return true;
  }
  return false;
}

// ---------------------------------------------------------------- PRNG
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- data
const PLACES = [
  { div: '310115', prov: '上海市', city: '', district: '浦东新区', streets: ['张江路', '世纪大道', '川沙路'], auth: '上海市浦东新区市场监督管理局' },
  { div: '440305', prov: '广东省', city: '深圳市', district: '南山区', streets: ['科技园南路', '粤海街道高新南一道', '蛇口望海路'], auth: '深圳市市场监督管理局' },
  { div: '330106', prov: '浙江省', city: '杭州市', district: '西湖区', streets: ['文三路', '古墩路', '西溪路'], auth: '杭州市西湖区市场监督管理局' },
  { div: '110105', prov: '北京市', city: '', district: '朝阳区', streets: ['建国路', '望京街', '酒仙桥路'], auth: '北京市朝阳区市场监督管理局' },
  { div: '320505', prov: '江苏省', city: '苏州市', district: '虎丘区', streets: ['狮山路', '长江路', '金山路'], auth: '苏州市虎丘区市场监督管理局' },
  { div: '350203', prov: '福建省', city: '厦门市', district: '思明区', streets: ['湖滨南路', '莲前西路', '厦禾路'], auth: '厦门市思明区市场监督管理局' },
  { div: '510107', prov: '四川省', city: '成都市', district: '武侯区', streets: ['人民南路', '科华北路', '武侯大道'], auth: '成都市武侯区市场监督管理局' },
  { div: '420106', prov: '湖北省', city: '武汉市', district: '武昌区', streets: ['中南路', '中北路', '友谊大道'], auth: '武汉市武昌区市场监督管理局' },
];
const BRAND = ['恒信', '华联', '优品', '鼎盛', '嘉禾', '瑞丰', '锦程', '新航', '博远', '正和', '宏图', '青禾', '云帆', '明德', '天启', '星耀'];
const TRADE = ['科技', '贸易', '电子商务', '食品', '商贸', '网络科技', '供应链管理', '日用品'];
const SURNAME = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '建华', '志强'];
const CAPITAL = ['壹佰万元整', '伍佰万元整', '壹仟万元整', '叁佰万元整', '伍拾万元整', '贰佰万元整'];
const SCOPE_GENERAL = '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息咨询服务（不含许可类信息咨询服务）；日用百货销售；办公用品销售；服装服饰零售；互联网销售（除销售需要许可的商品）。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）';
const SCOPE_FOOD = '许可项目：食品销售；食品互联网销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）一般项目：食用农产品零售；日用百货销售；互联网销售（除销售需要许可的商品）。';

function pick(r, a) { return a[Math.floor(r() * a.length)]; }
function pad(n) { return String(n).padStart(2, '0'); }
function dateCn(y, m, d) { return `${y}年${pad(m)}月${pad(d)}日`; }

function makeCode(r, prefix, div) {
  for (;;) {
    let body = 'MA';
    const BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 6; i++) body += pick(r, BODY);
    const c17 = prefix + div + body + orgCheck(body);
    const code = c17 + mod31(c17);
    if (usccValid(code)) return code;
  }
}

// problem kinds → family
export const PROBLEMS = {
  checksum: 'licence_uscc_checksum',
  expired: 'licence_expired',
  qr_mismatch: 'licence_qr_mismatch',
  qr_unofficial: 'licence_qr_not_official',
  type: 'licence_type_mismatch',
  region: 'licence_region_mismatch',
  scope: 'licence_scope_missing',
  name: 'licence_name_mismatch',
};
const CYCLE = ['none', 'checksum', 'expired', 'qr_mismatch', 'qr_unofficial', 'type', 'none', 'region', 'scope', 'name', 'none', 'none'];

// o.seed (upload sets): another PRNG stream and place rotation; o.problem overrides the cycle. The default
// (no o) gives the original 90 cases unchanged.
export function makeCase(i, o = {}) {
  const seed = o.seed || 0;
  const r = rng(seed ? seed * 1000003 + 17 + i * 7919 : 1000 + i * 7919);
  const problem = o.problem ?? CYCLE[i % CYCLE.length];
  const degraded = o.degraded ?? i % 2 === 1;
  const pi = (i + 3 * seed) % PLACES.length;
  const place = PLACES[pi];
  const indiv = problem === 'type' ? i % 4 < 2 : false; // type problems: half the 92 codes printed as companies
  const trade = problem === 'scope' ? pick(r, ['科技', '网络科技', '供应链管理']) : pick(r, TRADE);
  const city = place.city ? place.city.replace('市', '') : place.prov.replace('市', '');
  const name = `${city}${pick(r, BRAND)}${trade}有限公司`;
  let type = '有限责任公司（自然人投资或控股）';
  let prefix = '91';
  if (problem === 'type') {
    if (i % 4 < 2) { prefix = '92'; } // code says 个体工商户, licence says company
    else { type = '个体工商户'; }     // code says company (91), licence says 个体工商户
  }
  let divForCode = place.div;
  let address = `${place.prov === '上海市' || place.prov === '北京市' ? place.prov : place.prov + place.city}${place.district}${pick(r, place.streets)}${1 + Math.floor(r() * 999)}号${1 + Math.floor(r() * 20)}楼${100 + Math.floor(r() * 900)}室`;
  if (problem === 'region') {
    const other = PLACES[(pi + 3) % PLACES.length];
    divForCode = other.div; // registered in another province than the address
  }
  let uscc = makeCode(r, prefix, divForCode);
  if (problem === 'checksum') {
    for (;;) {
      const last = pick(r, CS.split(''));
      const bad = uscc.slice(0, 17) + last;
      if (last !== uscc[17] && CONF[uscc[17]] !== last && !usccValid(bad) && !singleFixExists(bad)) { uscc = bad; break; }
    }
  }
  const fy = 2012 + Math.floor(r() * 12), fm = 1 + Math.floor(r() * 12), fd = 1 + Math.floor(r() * 28);
  const founded = dateCn(fy, fm, fd);
  let term;
  if (problem === 'expired') {
    const ey = 2019 + Math.floor(r() * 6); // before 2026-06-01
    term = `${dateCn(Math.min(fy, ey - 1), fm, fd)}至${dateCn(ey, fm, fd)}`;
  } else if (r() < 0.5) {
    term = `${founded}至长期`;
  } else {
    term = `${founded}至${dateCn(fy + 30, fm, fd)}`;
  }
  const issued = dateCn(Math.max(fy, 2019 + Math.floor(r() * 6)), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
  const rep = pick(r, SURNAME.split('')) + pick(r, GIVEN);
  const scope = problem === 'scope' ? SCOPE_GENERAL : (trade === '食品' || i % 3 === 0 ? SCOPE_FOOD : SCOPE_GENERAL);
  let qr = `https://www.gsxt.gov.cn/corp-query-homepage.html?uniscid=${uscc}`;
  if (problem === 'qr_mismatch') qr = `https://www.gsxt.gov.cn/corp-query-homepage.html?uniscid=${makeCode(r, prefix, divForCode)}`;
  if (problem === 'qr_unofficial') qr = pick(r, [`http://www.gsxt-gov.cn.verify-licence.top/q?uniscid=${uscc}`, `https://gsxt.gov.cn.licence-check.com/${uscc}`, `http://qiye-zhaozhao.cn/?code=${uscc}`]);
  let category = null, listing = null;
  if (problem === 'scope') { category = 'food'; listing = `【店铺公示】${name} 主营休闲零食、坚果炒货，产地直发。`; }
  if (problem === 'name') {
    const other = `${city}${pick(r, BRAND.filter((b) => !name.includes(b)))}商贸有限公司`;
    listing = `店铺资质公示\n企业名称：${other}\n统一社会信用代码：${uscc}\n主营：日用百货`;
  }
  if (problem === 'none' && i % 4 === 0) {
    // a consistent listing and a category the scope allows: must give no finding
    category = scope === SCOPE_FOOD ? 'food' : 'apparel';
    listing = `店铺资质公示\n企业名称：${name}\n统一社会信用代码：${uscc}`;
  }
  const fields = { uscc, name, type, representative: rep, scope, founded, term, address, authority: place.auth, issued };
  const capital = `人民币${pick(r, CAPITAL)}`;
  // degradation parameters
  let deg = null;
  if (degraded) {
    const rot90 = [0, 0, 0, 90, 180, 270][i % 6 === 1 ? 3 : i % 6 === 3 ? 4 : i % 6 === 5 ? 5 : 0];
    deg = {
      rot90,
      tilt: (r() * 2 - 1) * 6,
      persp: 4 + r() * 8,
      blur: 0.3 + r() * 0.7,
      noise: 0.04 + r() * 0.06,
      light: 0.1 + r() * 0.2,
      quality: 55 + Math.floor(r() * 25),
      scale: 0.85 + r() * 0.2,
    };
  }
  const id = `lic${String(i + 1).padStart(3, '0')}`;
  const planted = problem === 'none' ? [] : [PROBLEMS[problem]];
  return { id, problem, degraded, deg, fields, capital, qr, category, listing, planted, indiv };
}

// ---------------------------------------------------------------- rendering
function qrDataUri(payload) {
  const png = execFileSync('qrencode', ['-o', '-', '-t', 'PNG', '-s', '6', '-m', '2', '-l', 'M', payload]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]); }

function licenceHtml(c) {
  const f = c.fields;
  const sp = (s) => s.split('').join('　'); // labels are printed letter-spaced: 名　　称
  const row = (label, value, wide = false) => `<div class="row${wide ? ' wide' : ''}"><span class="lab">${label}</span><span class="val">${esc(value)}</span></div>`;
  return `<div id="lic" class="lic">
  <div class="frame">
    <div class="top">
      <div class="code"><div>统一社会信用代码</div><div class="codev">${esc(f.uscc)}</div></div>
      <div class="title"><div class="t1">营业执照</div><div class="t2">（副　本）</div></div>
      <div class="qr"><img src="${qrDataUri(c.qr)}"><div class="qrt">扫描二维码登录“国家企业信用信息公示系统”了解更多登记、备案、许可、监管信息</div></div>
    </div>
    <div class="cols">
      <div class="col">
        ${row('名　　称', f.name)}
        ${row('类　　型', f.type)}
        ${row(c.fields.type === '个体工商户' ? '经　营　者' : '法定代表人', f.representative)}
        ${row('经营范围', f.scope)}
      </div>
      <div class="col right">
        ${row('注册资本', c.capital)}
        ${row('成立日期', f.founded)}
        ${row('营业期限', f.term)}
        ${row('住　　所', f.address)}
        <div class="auth"><span class="lab">登记机关</span><span class="val">${esc(f.authority)}</span>
          <div class="stamp"></div><div class="date">${esc(f.issued)}</div></div>
      </div>
    </div>
    <div class="foot"><span>国家企业信用信息公示系统网址：http://www.gsxt.gov.cn</span><span>国家市场监督管理总局监制</span></div>
  </div></div>`;
}

const CSS = `
body{margin:0;background:#fff}
.lic{width:1600px;height:1130px;background:#fbf9f3;box-sizing:border-box;padding:28px;font-family:"Noto Serif CJK SC","WenQuanYi Zen Hei",serif;color:#111}
.frame{border:10px double #c9a45b;height:100%;box-sizing:border-box;padding:36px 56px;position:relative}
.top{display:flex;justify-content:space-between;align-items:flex-start;height:250px}
.code{font-size:26px;width:420px;line-height:1.5;margin-top:30px}
.codev{font-size:30px;letter-spacing:1px;font-family:"Noto Sans CJK SC",sans-serif}
.title{text-align:center;margin-top:10px}
.t1{font-size:96px;letter-spacing:24px;font-weight:bold;color:#b01818}
.t2{font-size:30px;margin-top:6px}
.qr{width:260px;text-align:center}
.qr img{width:170px;height:170px;image-rendering:pixelated}
.qrt{font-size:14px;line-height:1.3}
.cols{display:flex;gap:60px;margin-top:20px}
.col{flex:1.15}
.col.right{flex:1}
.row{display:flex;font-size:27px;line-height:1.55;margin-bottom:14px}
.lab{width:150px;flex:none;white-space:nowrap}
.val{flex:1}
.auth{display:flex;font-size:27px;margin-top:40px;position:relative;flex-wrap:wrap}
.auth .val{flex:1}
.stamp{position:absolute;left:190px;top:-40px;width:200px;height:200px;border:5px solid rgba(210,30,30,.55);border-radius:50%}
.date{width:100%;text-align:right;margin-top:60px;padding-right:40px}
.foot{position:absolute;bottom:20px;left:56px;right:56px;display:flex;justify-content:space-between;font-size:18px}
`;

function pageHtml(c) {
  const d = c.deg;
  if (!d) return `<html><head><style>${CSS}</style></head><body>${licenceHtml(c)}</body></html>`;
  // phone photo: the licence on a desk, tilted, in perspective, blurred; noise and light via a canvas overlay
  const W = d.rot90 % 180 ? 1500 : 1900, H = d.rot90 % 180 ? 1900 : 1500;
  return `<html><head><style>${CSS}
  body{width:${W}px;height:${H}px;overflow:hidden;background:linear-gradient(135deg,#6b5a48,#8a7560 60%,#5d4d3d)}
  .stage{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%) rotate(${d.rot90 + d.tilt}deg) perspective(2400px) rotateX(${d.persp}deg) scale(${d.scale});filter:blur(${d.blur}px)}
  .lic{box-shadow:0 10px 40px rgba(0,0,0,.5)}
  canvas{position:absolute;left:0;top:0}
  </style></head><body><div class="stage">${licenceHtml(c)}</div>${photoLayers(W, H, d.light, d.noise)}</body></html>`;
}

// The layers over a phone photo: uneven light (a smooth gradient) and sensor noise (faint black/white grain).
function photoLayers(W, H, light, noise) {
  return `<canvas id="lt" width="${W}" height="${H}"></canvas><canvas id="nz" width="${W}" height="${H}"></canvas>
  <script>
  (function(){
   const g=document.getElementById('lt').getContext('2d');
   const grd=g.createRadialGradient(${W * 0.3},${H * 0.3},100,${W * 0.5},${H * 0.5},${Math.max(W, H)});
   grd.addColorStop(0,'rgba(255,255,240,${light * 0.5})');grd.addColorStop(1,'rgba(0,0,0,${light})');
   g.fillStyle=grd;g.fillRect(0,0,${W},${H});
   const n2=document.getElementById('nz').getContext('2d');
   const im=n2.createImageData(${W},${H}),p=im.data;let s=${Math.floor(noise * 1e6)};
   for(let i=0;i<p.length;i+=4){s=(s*1103515245+12345)&0x7fffffff;const n=((s>>8)%256-128)*${noise};
     const v=n>0?255:0;p[i]=v;p[i+1]=v;p[i+2]=v;p[i+3]=Math.min(255,Math.abs(n)*2.5);}
   n2.putImageData(im,0,0);})();
  </script>`;
}

// ---------------------------------------------------------------- upload sets
// Licences as merchants upload them (`--set upload --seed N`): each case is one condition, in turn:
//   watermark    a platform watermark repeated diagonally over the copy (仅供…使用 他用无效), half-transparent,
//                gray, blue or red; flat copies and photos
//   perspective  a phone held at an angle (rotateX/rotateY 10–24°) over a desk
//   rotated      a photo sideways or upside down (90/180/270°, plus a small tilt)
//   lowres       a screenshot about 600 px wide (560–660), PNG or JPEG
//   shadow       a photo under uneven light with a hard-edged shadow (a hand or the phone) across the fields
//   seal         a red company seal stamped over the name (multiplied like ink, or laid over half-opaque)
// The problem planted follows CYCLE, shifted per condition so that every condition gets a mix.
export const CONDITIONS = ['watermark', 'perspective', 'rotated', 'lowres', 'shadow', 'seal'];
const WM_TEXT = ['仅供天猫店铺入驻审核使用 他用无效', '仅供京东开店资质审核使用 他用无效', '仅供抖音小店认证使用 他用无效',
  '仅供拼多多商家入驻使用 复印无效', '仅供办理平台资质使用 他用无效'];
const WM_COLOUR = ['rgba(120,120,120,A)', 'rgba(60,100,200,A)', 'rgba(200,40,40,A)', 'rgba(90,90,90,A)'];

export function makeUploadCase(i, seed) {
  const ci = i % CONDITIONS.length, k = Math.floor(i / CONDITIONS.length);
  const cond = CONDITIONS[ci];
  const problem = CYCLE[(k + 5 * ci + 7 * seed) % CYCLE.length];
  const c = makeCase(i, { seed, problem, degraded: false });
  const r = rng(seed * 7777 + i * 104729 + 5);
  const photo = cond === 'perspective' || cond === 'rotated' || cond === 'shadow' || ((cond === 'watermark' || cond === 'seal') && k % 2 === 1);
  const up = {
    cond, photo,
    rot90: cond === 'rotated' ? [90, 180, 270][(k + seed) % 3] : 0,
    tilt: (r() * 2 - 1) * (cond === 'perspective' ? 8 : 4),
    rx: cond === 'perspective' ? (r() < 0.5 ? -1 : 1) * (10 + r() * 14) : 2 + r() * 8,
    ry: cond === 'perspective' ? (r() < 0.5 ? -1 : 1) * (8 + r() * 12) : 0,
    scale: 0.8 + r() * 0.2,
    blur: 0.2 + r() * 0.6,
    noise: 0.03 + r() * 0.05,
    light: cond === 'shadow' ? 0.25 + r() * 0.2 : 0.05 + r() * 0.15,
    quality: 62 + Math.floor(r() * 24),
  };
  if (cond === 'watermark') {
    up.wm = { text: pick(r, WM_TEXT), colour: pick(r, WM_COLOUR).replace('A', (0.22 + r() * 0.23).toFixed(2)),
      size: 40 + Math.floor(r() * 24), angle: (r() < 0.5 ? -1 : 1) * (22 + r() * 18), gap: 90 + Math.floor(r() * 60) };
  }
  if (cond === 'shadow') {
    up.shadow = { angle: Math.floor(r() * 360), alpha: 0.35 + r() * 0.25, at: 30 + Math.floor(r() * 35), soft: 3 + Math.floor(r() * 10),
      glare: 0.15 + r() * 0.3 };
  }
  if (cond === 'seal') {
    up.seal = { dx: 40 + Math.floor(r() * 260), dy: -22 + Math.floor(r() * 40), size: 200 + Math.floor(r() * 60), turn: Math.floor(r() * 50) - 25,
      multiply: r() < 0.6, opacity: 0.7 + r() * 0.25, colour: pick(r, ['#d9161c', '#c8102e', '#e0262b']) };
  }
  if (cond === 'lowres') { up.width = 560 + Math.floor(r() * 100); up.png = k % 3 === 0; }
  c.degraded = true;
  c.deg = null;
  c.up = up;
  c.id = `lic${String(i + 1).padStart(3, '0')}`;
  return c;
}

function overlays(c) {
  const u = c.up;
  let h = '';
  if (u.wm) {
    const row = Array(6).fill(esc(u.wm.text)).join('　　　');
    const rows = Array(16).fill(0).map((_, j) => `<div style="margin-left:${(j % 2) * -260}px">${row}</div>`).join('');
    h += `<div style="position:absolute;inset:0;overflow:hidden;pointer-events:none"><div style="position:absolute;left:-60%;top:-60%;width:220%;height:220%;display:flex;flex-direction:column;justify-content:center;gap:${u.wm.gap}px;transform:rotate(${u.wm.angle}deg);color:${u.wm.colour};font-size:${u.wm.size}px;white-space:nowrap;font-family:'Noto Sans CJK SC',sans-serif">${rows}</div></div>`;
  }
  if (u.seal) {
    const s = u.seal, R = s.size / 2;
    const name = esc(c.fields.name);
    // the seal's centre over the name's value (the first row of the left column)
    h += `<svg width="${s.size}" height="${s.size}" viewBox="0 0 ${s.size} ${s.size}" style="position:absolute;left:${244 + s.dx}px;top:${372 + s.dy - R}px;transform:rotate(${s.turn}deg);opacity:${s.opacity.toFixed(2)};${s.multiply ? 'mix-blend-mode:multiply;' : ''}">
      <defs><path id="arc${c.id}" d="M ${R - 0.72 * R} ${R} A ${0.72 * R} ${0.72 * R} 0 1 1 ${R + 0.72 * R} ${R}"/></defs>
      <circle cx="${R}" cy="${R}" r="${R - 5}" fill="none" stroke="${s.colour}" stroke-width="6"/>
      <text font-size="${Math.round(R * 0.2)}" fill="${s.colour}" font-family="Noto Serif CJK SC" font-weight="bold"><textPath href="#arc${c.id}" startOffset="50%" text-anchor="middle">${name}</textPath></text>
      <polygon fill="${s.colour}" points="${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((j) => { const a = -Math.PI / 2 + (j * Math.PI) / 5, rr = j % 2 ? 0.12 * R : 0.3 * R; return `${(R + rr * Math.cos(a)).toFixed(1)},${(R + rr * Math.sin(a)).toFixed(1)}`; }).join(' ')}"/>
      <text x="${R}" y="${R + 0.55 * R}" font-size="${Math.round(R * 0.16)}" fill="${s.colour}" text-anchor="middle" font-family="Noto Serif CJK SC">与原件一致</text></svg>`;
  }
  return h;
}

function uploadHtml(c) {
  const u = c.up;
  const lic = licenceHtml(c).replace('<div class="frame">', `${overlays(c)}<div class="frame">`);
  const css = `${CSS}\n.lic{position:relative}`;
  if (!u.photo) return `<html><head><style>${css}</style></head><body>${lic}</body></html>`;
  const [W, H] = photoSize(c);
  const sh = u.shadow;
  const shadow = sh ? `<div style="position:absolute;inset:0;background:linear-gradient(${sh.angle}deg,rgba(0,0,0,${sh.alpha.toFixed(2)}) ${sh.at}%,rgba(0,0,0,0) ${sh.at + sh.soft}%)"></div>
    <div style="position:absolute;inset:0;background:radial-gradient(circle at ${30 + (sh.angle % 40)}% ${60 - (sh.angle % 30)}%,rgba(255,255,250,${sh.glare.toFixed(2)}) 0,rgba(255,255,250,0) 30%)"></div>` : '';
  return `<html><head><style>${css}
  body{width:${W}px;height:${H}px;overflow:hidden;margin:0;position:relative;background:linear-gradient(135deg,#6b5a48,#8a7560 60%,#5d4d3d)}
  .stage{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%) rotate(${u.rot90 + u.tilt}deg) perspective(1800px) rotateX(${u.rx}deg) rotateY(${u.ry}deg) scale(${u.scale});filter:blur(${u.blur}px)}
  .lic{box-shadow:0 10px 40px rgba(0,0,0,.5)}
  canvas{position:absolute;left:0;top:0}
  </style></head><body><div class="stage">${lic}</div>${shadow}${photoLayers(W, H, u.light, u.noise)}</body></html>`;
}

function photoSize(c) {
  const side = c.up.rot90 % 180;
  return side ? [1500, 1900] : [1900, 1500];
}

// Renders one upload case into out; returns the file name.
async function renderUpload(browser, c, out) {
  const u = c.up;
  const file = `${c.id}.${u.png ? 'png' : 'jpg'}`;
  const [W, H] = u.photo ? photoSize(c) : [1600, 1130];
  const page = await browser.newPage({ viewport: { width: W, height: H } });
  await page.setContent(uploadHtml(c), { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  if (u.cond === 'lowres') {
    // a screenshot of the licence shown small: the full rendering scaled down by the browser, then captured
    const full = await (await page.$('#lic')).screenshot({ type: 'png' });
    const h = Math.round((u.width * 1130) / 1600);
    await page.setViewportSize({ width: u.width, height: h });
    await page.setContent(`<html><body style="margin:0"><img id="im" style="width:${u.width}px;height:${h}px;display:block" src="data:image/png;base64,${full.toString('base64')}"></body></html>`, { waitUntil: 'load' });
    await page.screenshot({ path: join(out, file), type: u.png ? 'png' : 'jpeg', ...(u.png ? {} : { quality: u.quality }) });
  } else if (u.photo) {
    await page.screenshot({ path: join(out, file), type: 'jpeg', quality: u.quality });
  } else {
    await (await page.$('#lic')).screenshot({ path: join(out, file), type: 'jpeg', quality: Math.max(75, u.quality) });
  }
  await page.close();
  return file;
}

export async function generate({ out, count = 36, only = null, set = 'base', seed = 1 } = {}) {
  const { chromium } = await import('playwright-core');
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const made = [];
  try {
    for (let i = 0; i < count; i++) {
      if (set === 'upload') {
        const c = makeUploadCase(i, seed);
        if (only && !only.includes(c.id)) continue;
        const file = await renderUpload(browser, c, out);
        const truth = { id: c.id, file, degraded: true, set, seed, condition: c.up.cond, problem: c.problem, today: TODAY, category: c.category, listing: c.listing, qr: c.qr, planted: c.planted, fields: c.fields, rotation: c.up.rot90 };
        writeFileSync(join(out, `${c.id}.json`), JSON.stringify(truth, null, 1) + '\n');
        if (c.listing) writeFileSync(join(out, `${c.id}.listing.txt`), c.listing + '\n');
        made.push(truth);
        continue;
      }
      const c = makeCase(i);
      if (only && !only.includes(c.id)) continue;
      const file = `${c.id}.${c.degraded ? 'jpg' : 'png'}`;
      const page = await browser.newPage({ viewport: c.deg ? { width: c.deg.rot90 % 180 ? 1500 : 1900, height: c.deg.rot90 % 180 ? 1900 : 1500 } : { width: 1600, height: 1130 } });
      await page.setContent(pageHtml(c), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      if (c.deg) await page.screenshot({ path: join(out, file), type: 'jpeg', quality: c.deg.quality });
      else await (await page.$('#lic')).screenshot({ path: join(out, file), type: 'png' });
      await page.close();
      const truth = { id: c.id, file, degraded: c.degraded, problem: c.problem, today: TODAY, category: c.category, listing: c.listing, qr: c.qr, planted: c.planted, fields: c.fields, rotation: c.deg ? c.deg.rot90 : 0 };
      writeFileSync(join(out, `${c.id}.json`), JSON.stringify(truth, null, 1) + '\n');
      if (c.listing) writeFileSync(join(out, `${c.id}.listing.txt`), c.listing + '\n');
      made.push(truth);
    }
  } finally {
    await browser.close();
  }
  return made;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let out = null, count = 36, only = null, set = 'base', seed = 1;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = args[++i];
    else if (args[i] === '--set') set = args[++i];
    else if (args[i] === '--seed') seed = +args[++i];
    else if (args[i] === '--count') count = +args[++i];
    else if (args[i] === '--only') only = args[++i].split(',');
    else { console.error(`gen.mjs: unknown argument ${args[i]}`); process.exit(2); }
  }
  if (!['base', 'upload'].includes(set) || !(seed >= 1)) { console.error('gen.mjs: --set base|upload, --seed N ≥ 1'); process.exit(2); }
  out ??= join(ROOT, 'build', set === 'upload' ? `licence-upload-${seed}` : 'licence-cases');
  const t0 = Date.now();
  const made = await generate({ out, count, only, set, seed });
  console.log(`generated ${made.length} licence images in ${out} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!existsSync(out)) process.exit(1);
}
