// How the image evaluation and the e2e test decide that a finding's box covers a planted claim: the box and the
// claim's rendered rectangle ([x, y, w, h], image pixels) intersect by at least half the smaller of the two.
// (A box is one line's part of a match; a claim wrapped over two rows has two rectangles.)
export function intersection(a, b) {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}
export const overlapsRect = (box, rect) => intersection(box, rect) >= 0.5 * Math.min(box[2] * box[3], rect[2] * rect[3]);
