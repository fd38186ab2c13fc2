// The one reader of text files: it detects the encoding of every text input (the text box's .txt, the batch
// check's CSV, custom rule packs and word lists, the settings file). No DOM: web/sheet-worker.js uses it too; the
// page loads it when the first file is read. (The one drop handler for every drop zone is ui.js dropTarget.)

/** Encodings a text file can be read in, in the order the batch check's override menu lists them. */
export const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];
const SAMPLE = 4 << 20; // bytes looked at to tell UTF-8 from GB18030

const validAs = (encoding, bytes) => {
  try {
    // fatal: one invalid sequence means "not this encoding"; a sequence cut at the end of the sample is fine
    new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, Math.min(bytes.length, SAMPLE)), { stream: true });
    return true;
  } catch {
    return false;
  }
};

/**
 * Guess how `bytes` are encoded: a BOM decides; without one, many NUL bytes on one side mean UTF-16 (ASCII
 * characters in UTF-16 have a zero high byte), valid UTF-8 means UTF-8, valid GB18030 (a superset of GBK and
 * GB2312: what Excel and Notepad on Chinese Windows save) means GB18030, and anything else is UTF-8 with its
 * invalid bytes replaced. Returns {encoding, bom} (bom: bytes to skip).
 */
export function detectEncoding(bytes) {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(b.length, 65536) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  if (n >= 4) {
    if (oddZero > n / 8 && oddZero > evenZero * 4) return { encoding: 'utf-16le', bom: 0 };
    if (evenZero > n / 8 && evenZero > oddZero * 4) return { encoding: 'utf-16be', bom: 0 };
  }
  if (validAs('utf-8', b) || !validAs('gb18030', b)) return { encoding: 'utf-8', bom: 0 };
  return { encoding: 'gb18030', bom: 0 };
}

/** Decodes bytes the way the C core does (core/src/text.c): strict UTF-8, and each byte of an invalid or
 * truncated sequence becomes one U+FFFD, so code-point offsets agree with the engine's. */
export function decodeUtf8LikeCore(b) {
  let out = '';
  let bad = 0;
  let chunk = [];
  const flush = () => {
    out += String.fromCodePoint(...chunk);
    chunk = [];
  };
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    let need = 0;
    let v = 0;
    if (c < 0x80) {
      chunk.push(c);
      i++;
    } else {
      if (c >= 0xc2 && c <= 0xdf) [need, v] = [1, c & 0x1f];
      else if (c >= 0xe0 && c <= 0xef) [need, v] = [2, c & 0x0f];
      else if (c >= 0xf0 && c <= 0xf4) [need, v] = [3, c & 0x07];
      let ok = need > 0;
      for (let k = 1; ok && k <= need; k++) {
        const d = b[i + k];
        if (i + k >= b.length || (d & 0xc0) !== 0x80) ok = false;
        else if (k === 1 && ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f))) ok = false;
        else v = (v << 6) | (d & 0x3f);
      }
      if (ok) {
        chunk.push(v);
        i += need + 1;
      } else {
        chunk.push(0xfffd);
        bad++;
        i++;
      }
    }
    if (chunk.length >= 8192) flush();
  }
  flush();
  return { text: out, bad };
}

/**
 * Decode `bytes` as `encoding` ('auto' detects it). Returns {text, encoding, detected, replaced}: `replaced`
 * counts the characters that could not be decoded (U+FFFD; a sign of a wrong encoding), at most 1000 outside
 * UTF-8. Invalid UTF-8 becomes one U+FFFD per byte, as in the engine. A leading BOM is dropped.
 */
export function decodeBytes(bytes, encoding = 'auto') {
  const det = detectEncoding(bytes);
  const enc = encoding === 'auto' || !ENCODINGS.includes(encoding) ? det.encoding : encoding;
  const body = bytes.subarray(enc === det.encoding ? det.bom : 0);
  let text;
  let replaced = 0;
  if (enc === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      ({ text, bad: replaced } = decodeUtf8LikeCore(body));
    }
  } else {
    text = new TextDecoder(enc).decode(body);
    for (let i = text.indexOf('\ufffd'); i >= 0 && replaced < 1000; i = text.indexOf('\ufffd', i + 1)) replaced++;
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: enc, detected: det.encoding, replaced };
}

/** A File or Blob read as text by decodeBytes. */
export async function readTextFile(file, encoding = 'auto') {
  return decodeBytes(new Uint8Array(await file.arrayBuffer()), encoding);
}
