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
/** Largest compressed chunk body: the checksum and the worst-case encoding of a full block (Go's `maxEncodedLenOfMaxBlockSize`). */
const MAX_COMPRESSED_CHUNK = 4 + 32 + MAX_BLOCK + Math.floor(MAX_BLOCK / 6);
const EMPTY = Buffer.alloc(0);

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

/**
 * Decodes one raw snappy block of at most `maxLength` decoded bytes. The
 * length is checked before anything is allocated, so a forged length costs
 * nothing. Throws {@link SnappyError}.
 */
export function decodeSnappyBlock(src: Uint8Array, maxLength = MAX_BLOCK): Uint8Array {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length || shift > 28) throw new SnappyError(CORRUPT);
    const b = src[pos++];
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  // A copy of at most 64 bytes takes at least 3 bytes: no block expands more than 22 times.
  if (length > maxLength || length > src.length * 22) throw new SnappyError(CORRUPT);
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
 * An incremental decoder of the snappy framing format: {@link push} takes
 * the body as it arrives and returns the data decoded so far, one block (at
 * most 64 KiB) at a time, so neither the input nor the output is ever held
 * whole here and a chunk length is checked before its bytes are awaited.
 * Throws {@link SnappyError}.
 */
export class SnappyFrameDecoder {
  private pending: Buffer = EMPTY;
  private skipping = 0;
  private sawId = false;

  /** Feeds the next bytes of the stream; returns the blocks they completed. */
  push(chunk: Buffer): Uint8Array[] {
    const out: Uint8Array[] = [];
    const src = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = Math.min(this.skipping, src.length);
    this.skipping -= pos;
    while (src.length - pos >= 4) {
      const type = src[pos];
      const len = src[pos + 1] | (src[pos + 2] << 8) | (src[pos + 3] << 16);
      if (type !== 0xff && !this.sawId) throw new SnappyError(CORRUPT);
      if (type >= 0x80 && type !== 0xff) {
        // Padding and skippable chunks: dropped as they arrive.
        const n = Math.min(len, src.length - pos - 4);
        this.skipping = len - n;
        pos += 4 + n;
        continue;
      }
      if (type >= 0x02 && type <= 0x7f) throw new SnappyError(UNSUPPORTED);
      const max = type === 0xff ? STREAM_ID.length - 4 : type === 0x00 ? MAX_COMPRESSED_CHUNK : 4 + MAX_BLOCK;
      if (len > max || (type !== 0xff && len < 4)) throw new SnappyError(CORRUPT);
      if (src.length - pos - 4 < len) break;
      const body = src.subarray(pos + 4, pos + 4 + len);
      if (type === 0xff) {
        if (!src.subarray(pos, pos + 4 + len).equals(STREAM_ID)) throw new SnappyError(CORRUPT);
        this.sawId = true;
      } else {
        const sum = (body[0] | (body[1] << 8) | (body[2] << 16) | (body[3] << 24)) >>> 0;
        const data = type === 0x00 ? decodeSnappyBlock(body.subarray(4)) : Buffer.from(body.subarray(4));
        if (maskedCrc(data) !== sum) throw new SnappyError(CORRUPT);
        out.push(data);
      }
      pos += 4 + len;
    }
    this.pending = pos < src.length ? Buffer.from(src.subarray(pos)) : EMPTY;
    return out;
  }

  /** Ends the stream; throws {@link SnappyError} when it stopped inside a chunk. */
  end(): void {
    if (this.pending.length > 0 || this.skipping > 0) throw new SnappyError(CORRUPT);
  }
}

/**
 * Decodes a whole snappy framing-format stream, refusing output beyond
 * `limit` bytes (returns `undefined` then). Throws {@link SnappyError}.
 */
export function decodeSnappyFramed(src: Uint8Array, limit: number): Buffer | undefined {
  const decoder = new SnappyFrameDecoder();
  const blocks = decoder.push(Buffer.from(src.buffer, src.byteOffset, src.byteLength));
  decoder.end();
  let size = 0;
  for (const b of blocks) size += b.length;
  return size > limit ? undefined : Buffer.concat(blocks, size);
}
