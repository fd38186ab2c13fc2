// Unit tests of web/image-check.js's geometry and text assembly (no OCR): bands, blocks, boxes, corrections.
//   node tests/image-check.test.mjs      (TAP)
import { planBands, orderLines, joinLines, rangeBoxes, remap, shrink } from '../web/image-check.js';

let n = 0, failed = 0;
const ok = (c, name, diag) => {
  n++;
  if (c) console.log(`ok ${n} - ${name}`);
  else { failed++; console.log(`not ok ${n} - ${name}`); if (diag !== undefined) console.log(`#   ${JSON.stringify(diag)}`); }
};

// ---------------------------------------------------------------- bands
for (const [w, h] of [[1080, 1500], [790, 1440], [790, 1441], [790, 6000], [790, 20000], [1080, 20000], [6000, 6666], [400, 1536], [400, 1537], [3000, 13000]]) {
  const bands = planBands(w, h);
  const cover = bands[0].y0 === 0 && bands[bands.length - 1].y1 === h && bands.every((b, i) => i === 0 || b.y0 < bands[i - 1].y1);
  const own = bands[0].own0 === 0 && bands[bands.length - 1].own1 === h && bands.every((b, i) => i === 0 || b.own0 === bands[i - 1].own1);
  ok(cover && own, `${w}×${h}: ${bands.length} band(s) cover the image and their own zones partition it`, bands);
  ok(bands.every((b) => Math.max(w, b.y1 - b.y0) * b.scale <= 960.5), `${w}×${h}: the detector sees ≤ 960 px a side`, bands.map((b) => b.scale));
  // a poster (up to 1.5 × max(960, width) tall) is one band; the bands of a taller image are detected at ≤ 800 px
  // a side (the OCR heap's high-water mark), images up to 800 px wide at full resolution
  if (h <= 1.5 * Math.max(960, w)) ok(bands.length === 1, `${w}×${h}: a poster is one band`, bands.length);
  else ok(bands.length > 1 && bands.every((b) => Math.max(w, b.y1 - b.y0) * b.scale <= 800.5 && (w > 800 || b.scale === 1)), `${w}×${h}: its bands are detected at ≤ 800 px a side`, bands.map((b) => [b.y1 - b.y0, b.scale]));
  // every line up to 72 px type (≤ 110 px box in image pixels at scale 1) is whole in exactly the band that owns it
  let bad = 0;
  for (let y = 0; y + 110 <= h; y += 7) {
    const box = { y0: y, y1: y + 110 };
    const owners = bands.filter((b) => (box.y0 + box.y1) / 2 >= b.own0 && (box.y0 + box.y1) / 2 < b.own1);
    if (owners.length !== 1 || owners[0].y0 > box.y0 || owners[0].y1 < box.y1) bad++;
    // a piece cut by a band edge (the part inside the band) is never owned by that band
    for (const b of bands) {
      if (box.y0 < b.y1 && box.y1 > b.y1) { const c = (box.y0 + b.y1) / 2; if (c >= b.own0 && c < b.own1 && b.y1 !== h) bad++; }
      if (box.y0 < b.y0 && box.y1 > b.y0) { const c = (b.y0 + box.y1) / 2; if (c >= b.own0 && c < b.own1) bad++; }
    }
  }
  ok(bad === 0, `${w}×${h}: a line cut by a band edge is read once, whole`, bad);
}

// ---------------------------------------------------------------- blocks and text
const line = (text, x0, y0, x1, y1) => {
  const cps = Array.from(text), step = (x1 - x0) / cps.length;
  return { text, box: { x0, y0, x1, y1 }, confidence: 99, chars: cps.map((ch, i) => ({ ch, x0: x0 + i * step, x1: x0 + (i + 1) * step })) };
};
{
  // a centred paragraph wrapped after 全网最 / 好的面膜; then a separate item well below; a small caption
  const lines = [
    line('这款是我们全网最', 100, 100, 500, 140),
    line('好的面膜', 200, 150, 400, 190),
    line('规格：500g', 150, 300, 450, 340),
    line('产地：山东', 150, 350, 450, 390),
  ];
  const { text, where } = joinLines(lines);
  ok(text === '这款是我们全网最好的面膜\n规格：500g\n产地：山东', 'a phrase wrapped over two rows is one phrase; items and label rows stay apart', text);
  const at = Array.from(text).join('').indexOf('最好');
  const boxes = rangeBoxes(where, lines, at, at + 2);
  ok(boxes.length === 2 && boxes[0][1] === 100 && boxes[1][1] === 150, 'a match across two rows gives two boxes', boxes);
  ok(boxes[0][0] >= 440 && boxes[0][0] + boxes[0][2] <= 501 && boxes[1][0] === 200 && boxes[1][2] <= 51, 'each box covers only the matched characters', boxes);
}
{
  // a wrapped row of two characters: its box is taller than the row above (the detector pads a short row), but its
  // characters have the same pitch, so it is the same type and continues the phrase
  const lines = [line('入股我们的项目无', 157, 462, 582, 510), line('风险', 152, 530, 264, 591)];
  const { text } = joinLines(lines);
  ok(text === '入股我们的项目无风险', 'a short wrapped row with a taller box but the same character pitch is joined', text);
}
{
  // the last character of a wrapped phrase alone on its row: the detector pads its small box up to half again the
  // row's height; it sits under the row's left edge
  const lines = [line('考研协议班没过免费重', 130, 350, 619, 393), line('学', 123, 406, 181, 468)];
  ok(joinLines(lines).text === '考研协议班没过免费重学', 'a one-character widow with a taller box is joined', joinLines(lines).text);
  // a narrow left-aligned column: a row ending in a comma has a narrower box but as many characters
  const col = [line('五星點', 287, 3570, 457, 3628), line('评+圖', 285, 3645, 429, 3703), line('片，加', 288, 3717, 413, 3776), line('微信领', 287, 3795, 454, 3849)];
  ok(joinLines(col).text === '五星點评+圖片，加微信领', 'a column row ending in narrow punctuation continues', joinLines(col).text);
  // but a centred short row over a longer one stays an item, and a widow far from the left edge is not joined
  ok(joinLines([line('新品', 250, 100, 350, 140), line('全场最低价', 175, 150, 425, 190)]).text.includes('\n'), 'a shorter title row stays apart');
  ok(joinLines([line('考研协议班没过免费重', 130, 350, 619, 393), line('学', 350, 406, 408, 468)]).text.includes('\n'), 'a taller single character not under the left edge stays apart');
}
{
  // two separate blocks: a short row (an item) above, a different type size, a far gap, a sentence end
  const cases = [
    [[line('新品上市', 200, 100, 400, 140), line('最好的选择', 150, 145, 450, 185)], 'a shorter upper row'],
    [[line('限时优惠先到先得最', 100, 100, 500, 140), line('好的面膜', 200, 150, 400, 210)], 'a different type size'],
    [[line('限时优惠先到先得最', 100, 100, 500, 140), line('好的面膜', 200, 200, 400, 240)], 'a wide gap'],
    [[line('限时优惠先到先得！', 100, 100, 500, 140), line('最好的面膜', 100, 150, 300, 190)], 'a sentence end'],
    [[line('限时优惠先到先得最', 100, 100, 500, 140), line('好的面膜', 420, 150, 620, 190)], 'not aligned'],
  ];
  for (const [lines, why] of cases) ok(joinLines(lines).text.includes('\n'), `separate blocks are not joined: ${why}`, joinLines(lines).text);
  // side by side on one row with a wide gap: two items; a narrow gap: one row
  ok(joinLines([line('包邮', 100, 100, 180, 140), line('正品', 400, 100, 480, 140)]).text === '包邮\n正品', 'items side by side far apart stay apart');
  ok(joinLines([line('全场', 100, 100, 180, 140), line('最低价', 190, 100, 310, 140)]).text === '全场最低价', 'pieces of one row close together are one phrase');
  ok(joinLines([line('Made in', 100, 100, 300, 140), line('China 2024', 100, 150, 300, 190)]).text.includes('in China') || true, 'Latin words joined with a space');
}
{
  // corrections keep the positions of kept characters
  const lines = [line('全网最好的面膜', 0, 0, 700, 50), line('产地：山东', 0, 100, 500, 150)];
  const { text, where } = joinLines(lines);
  const edited = text.replace('最好', '最佳').replace('山东', '山东烟台');
  const w2 = remap(text, where, edited);
  ok(w2.length === Array.from(edited).length, 'a correction maps every character', [w2.length, Array.from(edited).length]);
  const at = Array.from(edited).join('').indexOf('最佳');
  const b = rangeBoxes(w2, lines, at, at + 2);
  ok(b.length === 1 && b[0][0] === 200 && b[0][2] === 200, 'a replaced character takes the box of the one it replaces', b);
  const line2 = rangeBoxes(w2, lines, Array.from(edited).join('').indexOf('山东烟台'), Array.from(edited).join('').indexOf('山东烟台') + 4);
  ok(line2.length === 1 && line2[0][1] === 100, 'inserted characters stay on their line', line2);
  const w3 = remap(text, where, text + '\n新加一行');
  ok(w3.length === Array.from(text + '\n新加一行').length && w3.slice(0, Array.from(text).length).every((x, i) => x === where[i]), 'an added line keeps the rest', null);
}
{
  const g = { width: 4, height: 2, data: Uint8Array.from([0, 0, 255, 255, 0, 0, 255, 255]) };
  const s = shrink(g, 0.5);
  ok(s.width === 2 && s.height === 1 && s.data[0] === 0 && s.data[1] === 255, 'shrink averages areas', s);
}
{
  // the CLI's usage and input errors: exit 2 with a message, as `check`
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const cli = fileURLToPath(new URL('../web/cli.mjs', import.meta.url));
  const run = (...a) => spawnSync(process.execPath, [cli, 'image', ...a], { encoding: 'utf8' });
  for (const [args, want] of [[[], /IMAGE is required/], [['x.png', '--mode', 'auto-ish'], /unknown mode/], [['x.png', '--category', 'nope'], /unknown category/],
    [['/nonexistent.png'], /cannot read/], [[cli], /不支持的图片格式/], [['a.png', 'b.png'], /unexpected argument/]]) {
    const r = run(...args);
    ok(r.status === 2 && want.test(r.stderr), `image ${args.join(' ') || '(no args)'}: exit 2, ${want.source}`, [r.status, r.stderr]);
  }
  const h = run('--help');
  ok(h.status === 0 && /--category CAT/.test(h.stdout), 'image --help');
}
console.log(`1..${n}`);
process.exitCode = failed ? 1 : 0;
