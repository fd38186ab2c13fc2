// Smaller downloads for ONNX models: the float32 weights (initializers and Constant nodes with raw_data) quantised to
// a few bits (8 unless told, per tensor) in blocks of 64 consecutive weights, each block with its own affine range (min, step),
// the rest of the model (graph, biases, norms, small tensors) kept exact. Only the transfer is smaller: unpackOnnx()
// rebuilds an ordinary float32 model (the dequantised weights) before onnxruntime sees it, so the runtime and the
// operators are unchanged.
//
//   packOnnx(onnxBytes, {bits, block, minElems}) → packed bytes   (build time: tools/pack-onnx.mjs; bits: a number,
//                                                   or a function of the tensor {dims, n}, e.g. bitsByKind())
//   bitsByKind('8,classifier=4') → (tensor) → bits                  (a plan by weightKind)
//   weightKind({dims}) → 'depthwise' | 'pointwise' | 'conv' | 'classifier' | 'matmul'
//   unpackOnnx(bytes) → onnx bytes                                 (load time; passes plain ONNX through unchanged)
//   isPackedOnnx(bytes)
//
// Packed layout (little endian): "ZQ2\0", u32 skeleton length, skeleton (the ONNX file with the quantised raw_data
// bytes zeroed: same length, so no protobuf is re-encoded, and it compresses to almost nothing), u32 tensor count,
// then per tensor: u32 offset of its raw_data in the skeleton, u32 element count n, u16 block size B, u8 bits b,
// u8 0, and ceil(n / B) × (f16 min, f16 step); then all the tensors' codes, each tensor's b-bit codes packed
// least significant bit first from a fresh byte. weight = min + step × code.
//
// 8 bits by default. The kinds of weight differ a lot (README "First-use download"): a depthwise kernel (one
// 3 × 3 or 5 × 5 filter per channel, a block of 64 spanning several channels of different scales) read at 4 bits
// alone turns 94 % of the recogniser's characters, a 1 × 1 convolution 2–20 %, the recogniser's final classifier
// (120 × 6,625, a third of its weights) under 1 %.

const MAGIC = [0x5a, 0x51, 0x32, 0x00]; // "ZQ2\0"

function varint(b, i) {
  let v = 0, mul = 1, byte;
  do {
    byte = b[i++];
    v += (byte & 0x7f) * mul;
    mul *= 128;
  } while (byte & 0x80);
  return [v, i];
}

// Calls f(field, wire, start, end, value) for each field of the message in b[start, end).
function fields(b, start, end, f) {
  let i = start;
  while (i < end) {
    let key;
    [key, i] = varint(b, i);
    const field = Math.floor(key / 8), wire = key & 7;
    if (wire === 0) { let v; [v, i] = varint(b, i); f(field, wire, i, i, v); }
    else if (wire === 1) { f(field, wire, i, i + 8); i += 8; }
    else if (wire === 5) { f(field, wire, i, i + 4); i += 4; }
    else if (wire === 2) { let len; [len, i] = varint(b, i); f(field, wire, i, i + len); i += len; }
    else throw new Error(`onnx-pack: unsupported protobuf wire type ${wire}`);
  }
}

// Float tensors with raw_data: [{off, n, dims}]: the graph's initializers and the value of its Constant nodes
// (ModelProto.graph = 7; GraphProto.node = 1, .initializer = 5; NodeProto.attribute = 5; AttributeProto.t = 5;
// TensorProto: dims = 1, data_type = 2 (1 = FLOAT), raw_data = 9).
function floatTensors(b) {
  const out = [];
  const tensor = (s, e) => {
    const t = { dims: [], type: 0, off: -1, len: 0 };
    fields(b, s, e, (h, hw, hs, he, v) => {
      if (h === 1 && hw === 0) t.dims.push(v);
      else if (h === 1 && hw === 2) { for (let i = hs; i < he;) { let d; [d, i] = varint(b, i); t.dims.push(d); } }
      else if (h === 2) t.type = v;
      else if (h === 9 && hw === 2) { t.off = hs; t.len = he - hs; }
    });
    if (t.type === 1 && t.off >= 0) out.push({ off: t.off, n: t.len / 4, dims: t.dims });
  };
  fields(b, 0, b.length, (f, w, s, e) => {
    if (f !== 7 || w !== 2) return;
    fields(b, s, e, (g, gw, gs, ge) => {
      if (g === 5 && gw === 2) tensor(gs, ge);
      else if (g === 1 && gw === 2) {
        fields(b, gs, ge, (n, nw, ns, ne) => {
          if (n === 5 && nw === 2) fields(b, ns, ne, (a, aw, as, ae) => { if (a === 5 && aw === 2) tensor(as, ae); });
        });
      }
    });
  });
  return out;
}

// IEEE half precision: f32 → f16 bits (round to nearest even) and back.
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
export function toHalf(v) {
  f32[0] = v;
  const x = u32[0], sign = (x >>> 16) & 0x8000, e = ((x >>> 23) & 0xff) - 127 + 15;
  let m = x & 0x7fffff;
  if (e >= 31) return sign | 0x7c00; // overflow (weights never reach it)
  if (e <= 0) {
    if (e < -10) return sign;
    m |= 0x800000;
    const shift = 14 - e, half = m >>> shift, rest = m & ((1 << shift) - 1), mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const h = (e << 10) | (m >>> 13), rest = m & 0x1fff;
  return sign | (h + (rest > 0x1000 || (rest === 0x1000 && h & 1) ? 1 : 0));
}
export function fromHalf(h) {
  const s = h & 0x8000 ? -1 : 1, e = (h >>> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

// What a weight tensor does, from its shape: convolution kernels [out, in/groups, kh, kw] (in/groups = 1: one
// filter per channel), matrices [in, out]; a matrix with a side over 4,096 is the recogniser's classifier over its
// dictionary.
export function weightKind({ dims }) {
  if (dims.length === 4) return dims[1] === 1 ? 'depthwise' : dims[2] === 1 && dims[3] === 1 ? 'pointwise' : 'conv';
  return dims.some((d) => d > 4096) ? 'classifier' : 'matmul';
}

// A plan "B[,kind=B…]": B bits for every weight tensor, except the kinds named.
export function bitsByKind(plan) {
  const [all, ...rest] = String(plan).split(',');
  const by = {};
  for (const r of rest) {
    const [k, v] = r.split('=');
    if (!['depthwise', 'pointwise', 'conv', 'classifier', 'matmul'].includes(k)) throw new Error(`onnx-pack: unknown kind ${k}`);
    by[k] = Number(v);
  }
  const bad = [all, ...Object.values(by)].find((b) => !(Number(b) >= 1 && Number(b) <= 8));
  if (bad !== undefined) throw new Error(`onnx-pack: bad bits ${bad}`);
  return (t) => by[weightKind(t)] ?? Number(all);
}

export function isPackedOnnx(b) {
  return b.length > 8 && MAGIC.every((m, i) => b[i] === m);
}

// One block's range as stored (f16 min and step) and as dequantised.
function blockRange(w, a, z, levels) {
  let lo = Infinity, hi = -Infinity;
  for (let i = a; i < z; i++) { if (w[i] < lo) lo = w[i]; if (w[i] > hi) hi = w[i]; }
  // min rounded down (f16 towards -infinity), so that every weight is at or above it
  let hMin = toHalf(lo);
  if (fromHalf(hMin) > lo) hMin += hMin & 0x8000 ? 1 : hMin ? -1 : 0x8001;
  const min = fromHalf(hMin);
  // the step is rounded up, so that min + step × levels still reaches hi from the rounded min
  let hStep = toHalf(hi > min ? (hi - min) / levels : 0);
  if (fromHalf(hStep) * levels + min < hi) hStep++;
  return { hMin, hStep, min, step: fromHalf(hStep) };
}

export function packOnnx(onnx, { minElems = 1024, block = 64, bits = 8, select = () => true } = {}) {
  const skel = new Uint8Array(onnx); // copy
  const dv = new DataView(onnx.buffer, onnx.byteOffset, onnx.byteLength);
  // weight matrices and convolution kernels; 1-D tensors (biases, norms) and small ones stay exact
  const tensors = floatTensors(onnx).filter((t) => t.n >= minElems && t.dims.length >= 2).filter(select);
  const heads = [], codes = [];
  for (const t of tensors) {
    const b = typeof bits === 'function' ? bits(t) : bits;
    if (!(b >= 1 && b <= 8) || block < 1 || block > 65535) throw new Error(`onnx-pack: bad bits ${b} or block ${block}`);
    const levels = (1 << b) - 1;
    const w = new Float32Array(t.n);
    for (let i = 0; i < t.n; i++) w[i] = dv.getFloat32(t.off + 4 * i, true);
    const nb = Math.ceil(t.n / block);
    const head = new DataView(new ArrayBuffer(12 + 4 * nb));
    head.setUint32(0, t.off, true);
    head.setUint32(4, t.n, true);
    head.setUint16(8, block, true);
    head.setUint8(10, b);
    const q = new Uint8Array(Math.ceil((t.n * b) / 8));
    let bit = 0;
    for (let g = 0; g < nb; g++) {
      const a = g * block, z = Math.min(t.n, a + block);
      const r = blockRange(w, a, z, levels);
      head.setUint16(12 + 4 * g, r.hMin, true);
      head.setUint16(14 + 4 * g, r.hStep, true);
      for (let i = a; i < z; i++, bit += b) {
        const c = r.step > 0 ? Math.max(0, Math.min(levels, Math.round((w[i] - r.min) / r.step))) : 0;
        q[bit >>> 3] |= c << (bit & 7);
        if ((bit & 7) + b > 8) q[(bit >>> 3) + 1] |= c >>> (8 - (bit & 7));
      }
    }
    skel.fill(0, t.off, t.off + 4 * t.n);
    heads.push(new Uint8Array(head.buffer));
    codes.push(q);
  }
  const size = 4 + 4 + skel.length + 4 + heads.reduce((a, h) => a + h.length, 0) + codes.reduce((a, c) => a + c.length, 0);
  const out = new Uint8Array(size);
  const o = new DataView(out.buffer);
  out.set(MAGIC, 0);
  o.setUint32(4, skel.length, true);
  out.set(skel, 8);
  let p = 8 + skel.length;
  o.setUint32(p, tensors.length, true);
  p += 4;
  for (const h of heads) { out.set(h, p); p += h.length; }
  for (const c of codes) { out.set(c, p); p += c.length; }
  return out;
}

export function unpackOnnx(b) {
  if (!isPackedOnnx(b)) return b;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const skelLen = dv.getUint32(4, true);
  if (8 + skelLen + 4 > b.length) throw new Error('onnx-pack: truncated packed model');
  const onnx = b.slice(8, 8 + skelLen);
  const od = new DataView(onnx.buffer);
  let p = 8 + skelLen;
  const count = dv.getUint32(p, true);
  p += 4;
  const heads = [];
  for (let i = 0; i < count; i++) {
    if (p + 12 > b.length) throw new Error('onnx-pack: truncated packed model');
    const off = dv.getUint32(p, true), n = dv.getUint32(p + 4, true), block = dv.getUint16(p + 8, true), bits = dv.getUint8(p + 10);
    if (!block || !(bits >= 1 && bits <= 8)) throw new Error('onnx-pack: bad packed model');
    heads.push({ off, n, block, bits, at: p + 12 });
    p += 12 + 4 * Math.ceil(n / block);
  }
  for (const h of heads) {
    const len = Math.ceil((h.n * h.bits) / 8);
    if (h.off + 4 * h.n > onnx.length || p + len > b.length) throw new Error('onnx-pack: truncated packed model');
    const mask = (1 << h.bits) - 1;
    let min = 0, step = 0;
    for (let i = 0, bit = 8 * p; i < h.n; i++, bit += h.bits) {
      if (i % h.block === 0) {
        const g = h.at + 4 * (i / h.block);
        min = fromHalf(dv.getUint16(g, true));
        step = fromHalf(dv.getUint16(g + 2, true));
      }
      const k = bit >>> 3;
      const c = ((b[k] | ((b[k + 1] ?? 0) << 8)) >>> (bit & 7)) & mask;
      od.setFloat32(h.off + 4 * i, min + step * c, true);
    }
    p += len;
  }
  return onnx;
}

export const _floatTensors = floatTensors; // tests
