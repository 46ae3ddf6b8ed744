/**
 * Decoding of `Content-Encoding: snappy` push bodies in the snappy framing
 * format (what Go's `snappy.NewReader` reads, as Pushgateway 1.6.0 and later
 * accept): a stream identifier chunk, then compressed (0x00) or
 * uncompressed (0x01) data chunks with a masked CRC-32C of the data,
 * padding and skippable chunks ignored. Errors use Go's texts
 * (`snappy: corrupt input`, `snappy: unsupported input`).
 */

/** A snappy body that cannot be decoded; the message is Go's. */
export class SnappyError extends Error {
  override readonly name = 'SnappyError';
}

const CORRUPT = 'snappy: corrupt input';
const UNSUPPORTED = 'snappy: unsupported input';
const STREAM_ID = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);
const MAX_BLOCK = 65536;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli) of `data`. */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The snappy framing format's masked checksum. */
function maskedCrc(data: Uint8Array): number {
  const c = crc32c(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** Decodes one raw snappy block. Throws {@link SnappyError}. */
export function decodeSnappyBlock(src: Uint8Array): Uint8Array {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length || shift > 28) throw new SnappyError(CORRUPT);
    const b = src[pos++];
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  const dst = new Uint8Array(length);
  let d = 0;
  while (pos < src.length) {
    const tag = src[pos++];
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (pos + extra > src.length) throw new SnappyError(CORRUPT);
        len = 0;
        for (let k = 0; k < extra; k++) len += src[pos + k] * 2 ** (8 * k);
        pos += extra;
      }
      len += 1;
      if (pos + len > src.length || d + len > length) throw new SnappyError(CORRUPT);
      dst.set(src.subarray(pos, pos + len), d);
      pos += len;
      d += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (pos >= src.length) throw new SnappyError(CORRUPT);
      len = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | src[pos++];
    } else if (kind === 2) {
      if (pos + 2 > src.length) throw new SnappyError(CORRUPT);
      len = 1 + (tag >>> 2);
      offset = src[pos] | (src[pos + 1] << 8);
      pos += 2;
    } else {
      if (pos + 4 > src.length) throw new SnappyError(CORRUPT);
      len = 1 + (tag >>> 2);
      offset = (src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16) | (src[pos + 3] << 24)) >>> 0;
      pos += 4;
    }
    if (offset === 0 || offset > d || d + len > length) throw new SnappyError(CORRUPT);
    for (let k = 0; k < len; k++, d++) dst[d] = dst[d - offset];
  }
  if (d !== length) throw new SnappyError(CORRUPT);
  return dst;
}

/**
 * Decodes a snappy framing-format stream, refusing output beyond `limit`
 * bytes (returns `undefined` then). Throws {@link SnappyError}.
 */
export function decodeSnappyFramed(src: Uint8Array, limit: number): Buffer | undefined {
  const out: Uint8Array[] = [];
  let size = 0;
  let pos = 0;
  let sawId = false;
  while (pos < src.length) {
    if (pos + 4 > src.length) throw new SnappyError(CORRUPT);
    const type = src[pos];
    const len = src[pos + 1] | (src[pos + 2] << 8) | (src[pos + 3] << 16);
    const body = src.subarray(pos + 4, pos + 4 + len);
    if (body.length < len) throw new SnappyError(CORRUPT);
    pos += 4 + len;
    if (type === 0xff) {
      if (!Buffer.from(src.subarray(pos - 4 - len, pos)).equals(STREAM_ID)) throw new SnappyError(CORRUPT);
      sawId = true;
      continue;
    }
    if (!sawId) throw new SnappyError(CORRUPT);
    if (type === 0x00 || type === 0x01) {
      if (len < 4) throw new SnappyError(CORRUPT);
      const sum = (body[0] | (body[1] << 8) | (body[2] << 16) | (body[3] << 24)) >>> 0;
      const data = type === 0x00 ? decodeSnappyBlock(body.subarray(4)) : body.subarray(4);
      if (data.length > MAX_BLOCK) throw new SnappyError(CORRUPT);
      if (maskedCrc(data) !== sum) throw new SnappyError(CORRUPT);
      size += data.length;
      if (size > limit) return undefined;
      out.push(data);
      continue;
    }
    if (type >= 0x02 && type <= 0x7f) throw new SnappyError(UNSUPPORTED);
    // 0x80–0xfe: padding and skippable chunks.
  }
  return Buffer.concat(out, size);
}
