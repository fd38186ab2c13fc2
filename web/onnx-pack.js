// Smaller downloads for ONNX models: the float32 weights (initializers and Constant nodes with raw_data) quantised to 8 bits
// in blocks of 64 consecutive weights, each with its own affine min/scale, the rest of the model (graph, small tensors) kept as is.
// Only the transfer is smaller: unpackOnnx() rebuilds an ordinary float32 model (the dequantised weights) before
// onnxruntime sees it, so the runtime and the operators are unchanged.
//
//   packOnnx(onnxBytes, {minElems, block}) → packed bytes      (build time: tools/copy-paddle-assets.sh)
//   unpackOnnx(bytes) → onnx bytes                             (load time; passes plain ONNX through unchanged)
//   isPackedOnnx(bytes)
//
// Packed layout (little endian): "ZQ8\0", u32 skeleton length, skeleton (the ONNX file with the quantised
// raw_data bytes zeroed: same length, so no protobuf is re-encoded, and it gzips to almost nothing), u32 tensor
// count, then per tensor: u32 offset of its raw_data in the skeleton, u32 element count n, u32 block size B,
// ceil(n / B) × (f32 min, f32 scale) (one affine range for each B consecutive weights); then all the tensors' u8
// codes, in order.

const MAGIC = [0x5a, 0x51, 0x38, 0x00]; // "ZQ8\0"

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

export function isPackedOnnx(b) {
  return b.length > 8 && MAGIC.every((m, i) => b[i] === m);
}

export function packOnnx(onnx, { minElems = 1024, block = 64, select = () => true } = {}) {
  const skel = new Uint8Array(onnx); // copy
  const dv = new DataView(onnx.buffer, onnx.byteOffset, onnx.byteLength);
  // weight matrices and convolution kernels; 1-D tensors (biases, norms) and small ones stay exact
  const tensors = floatTensors(onnx).filter((t) => t.n >= minElems && t.dims.length >= 2).filter(select);
  const heads = [], codes = [];
  for (const t of tensors) {
    const nb = Math.ceil(t.n / block);
    const head = new DataView(new ArrayBuffer(12 + 8 * nb));
    head.setUint32(0, t.off, true);
    head.setUint32(4, t.n, true);
    head.setUint32(8, block, true);
    const q = new Uint8Array(t.n);
    for (let g = 0; g < nb; g++) {
      const a = g * block, z = Math.min(t.n, a + block);
      let lo = Infinity, hi = -Infinity;
      for (let i = a; i < z; i++) {
        const v = dv.getFloat32(t.off + 4 * i, true);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const scale = hi > lo ? (hi - lo) / 255 : 1;
      head.setFloat32(12 + 8 * g, lo, true);
      head.setFloat32(16 + 8 * g, scale, true);
      for (let i = a; i < z; i++) q[i] = Math.max(0, Math.min(255, Math.round((dv.getFloat32(t.off + 4 * i, true) - lo) / scale)));
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
    const off = dv.getUint32(p, true), n = dv.getUint32(p + 4, true), block = dv.getUint32(p + 8, true);
    if (!block) throw new Error('onnx-pack: bad packed model');
    heads.push({ off, n, block, at: p + 12 });
    p += 12 + 8 * Math.ceil(n / block);
  }
  for (const h of heads) {
    if (h.off + 4 * h.n > onnx.length || p + h.n > b.length) throw new Error('onnx-pack: truncated packed model');
    for (let i = 0; i < h.n; i++) {
      const g = Math.floor(i / h.block);
      od.setFloat32(h.off + 4 * i, dv.getFloat32(h.at + 8 * g, true) + dv.getFloat32(h.at + 4 + 8 * g, true) * b[p + i], true);
    }
    p += h.n;
  }
  return onnx;
}

export const _floatTensors = floatTensors; // tests
