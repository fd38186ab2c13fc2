// The licence check's second reading for copies as merchants upload them (web/licence.js: enhance, straighten,
// homography, watermarkLevel, readingScore, splitMergedLabels) and the upload-set generator's case plan
// (tests/licence/gen.mjs makeUploadCase). Pure functions only, no OCR: the accuracy is measured by
// `make licence-upload-eval` (tests/licence/eval.mjs --set upload). TAP output.
import * as L from '../web/licence.js';
import { makeCase, makeUploadCase, CONDITIONS, usccValid } from './licence/gen.mjs';

let n = 0, failed = 0;
const ok = (cond, name, diag) => {
  n++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond) { failed++; if (diag !== undefined) console.log(`  # ${JSON.stringify(diag)}`); }
};
const I = L._internals;

// ---- homography: the four corners map exactly, a point inside maps consistently
{
  const from = [[0, 0], [100, 0], [100, 50], [0, 50]], to = [[10, 20], [120, 30], [110, 90], [5, 70]];
  const H = I.homography(from, to);
  const map = ([x, y]) => { const z = H[6] * x + H[7] * y + 1; return [(H[0] * x + H[1] * y + H[2]) / z, (H[3] * x + H[4] * y + H[5]) / z]; };
  ok(from.every((p, i) => Math.hypot(map(p)[0] - to[i][0], map(p)[1] - to[i][1]) < 1e-6), 'homography maps the four corners', H);
  ok(I.homography([[0, 0], [0, 0], [0, 0], [0, 0]], to) === null, 'degenerate corners: no homography');
}

// ---- straighten: a bright quadrilateral (the paper in perspective) on a dark desk becomes an upright rectangle
{
  const W = 800, H = 600, data = new Uint8Array(W * H).fill(60);
  const quad = [[150, 100], [690, 140], [650, 520], [120, 470]];
  const inside = (x, y) => {
    for (let i = 0; i < 4; i++) {
      const [ax, ay] = quad[i], [bx, by] = quad[(i + 1) % 4];
      if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) < 0) return false;
    }
    return true;
  };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inside(x, y)) data[y * W + x] = 235;
  const s = I.straighten({ width: W, height: H, data });
  const ar = s.width / s.height;
  let bright = 0;
  for (const v of s.data) if (v > 200) bright++;
  ok(s.width !== W && ar > 1.2 && ar < 1.6, 'straighten: the paper is cut out at about its own aspect', { w: s.width, h: s.height });
  ok(bright / s.data.length > 0.9, 'straighten: the result is (almost) all paper', bright / s.data.length);
  const flat = { width: W, height: H, data: new Uint8Array(W * H).fill(240) };
  ok(I.straighten(flat) === flat, 'straighten: a page filling the picture is left alone');
}

// ---- enhance: red and blue marks whiten, black print stays
{
  const px = [[20, 20, 20], [217, 22, 28], [194, 204, 230], [251, 249, 243], [150, 150, 150]];
  const img = { width: px.length, height: 1, data: new Uint8ClampedArray(px.flatMap((p) => [...p, 255])) };
  const g = I.enhance(img).gray.data;
  ok(g[0] < 60 && g[1] === 255 && g[2] === 255 && g[3] === 255 && g[4] === 150, 'enhance: seal red and watermark blue go white, black and gray stay', [...g]);
}

// ---- watermarkLevel: many mid-gray pixels against few dark ones
{
  const mk = (ink, mid) => { const d = new Uint8Array(3000).fill(255); d.fill(20, 0, ink); d.fill(190, ink, ink + mid); return { width: 3000, height: 1, data: d }; };
  ok(I.watermarkLevel(mk(300, 900)) > 0 && I.watermarkLevel(mk(300, 150)) === 0, 'watermarkLevel: on for a page of gray marks, off for print only');
}

// ---- splitMergedLabels: a right-column label glued to the name
{
  const r = I.splitMergedLabels(['名 称 武汉正和网络科技有限公司注册资', '类型 有限责任公司', '名称 某某有限公司营业部']);
  ok(JSON.stringify(r) === JSON.stringify(['名 称 武汉正和网络科技有限公司', '注册资', '类型 有限责任公司', '名称 某某有限公司营业部']),
    'splitMergedLabels: 注册资本 cut off the name; a branch (营业部) kept', r);
}

// ---- readingScore: a complete reading scores highest; a seal's words after the name, or watermark words, lower
{
  const fields = { uscc: '91310115MA93PMK506', name: '上海明德供应链管理有限公司', type: '有限责任公司', representative: '何丽', founded: '2022年07月16日',
    term: '2022年07月16日至长期', address: '上海市浦东新区川沙路880号', authority: '上海市浦东新区市场监督管理局', scope: '一般项目：技术服务、技术开发、技术咨询、技术交流' };
  const full = I.readingScore({ fields, findings: [], qr: 'x' }, '');
  const seal = I.readingScore({ fields: { ...fields, name: fields.name + '原件一致' }, findings: [], qr: 'x' }, '');
  const wm = I.readingScore({ fields, findings: [], qr: 'x' }, '仅供天猫店铺入驻审核使用 他用无效');
  const bad = I.readingScore({ fields, findings: [{ family: 'licence_uscc_checksum' }], qr: 'x' }, '');
  ok(full >= 16 && seal < full && wm < full && bad < full, 'readingScore orders readings', { full, seal, wm, bad });
}

// ---- the upload-set plan: every condition, every problem kind across a seed, the base cases unchanged
{
  const cases = Array.from({ length: 42 }, (_, i) => makeUploadCase(i, 1));
  const conds = new Set(cases.map((c) => c.up.cond)), probs = new Set(cases.map((c) => c.problem));
  ok(CONDITIONS.every((c) => conds.has(c)) && cases.filter((c) => c.up.cond === 'watermark').length === 7, '42 upload cases: 7 per condition', [...conds]);
  ok(probs.size >= 8, 'upload cases plant every problem kind and clean ones', [...probs]);
  ok(cases.every((c) => c.problem === 'checksum' ? !usccValid(c.fields.uscc) : usccValid(c.fields.uscc)), 'codes valid except the planted checksum ones');
  const seed2 = makeUploadCase(0, 2);
  ok(seed2.fields.uscc !== cases[0].fields.uscc, 'seed 2 draws other licences');
  const base = makeCase(0);
  ok(base.fields.uscc === '91310115MA93PMK506' && base.fields.name === '上海明德供应链管理有限公司', 'base case 1 unchanged by the seed option', base.fields);

}

console.log(`1..${n}`);
process.exitCode = failed ? 1 : 0;
