import { crc32c } from '../../src/gateway/http/snappy.js';

/** Bodies in the snappy framing format for tests: built by hand, so that forged and hostile ones can be made too. */

const STREAM_ID = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

function masked(data: Uint8Array): number {
  const c = crc32c(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

function chunk(type: number, body: Uint8Array): Buffer {
  const head = Buffer.from([type, body.length & 0xff, (body.length >> 8) & 0xff, (body.length >> 16) & 0xff]);
  return Buffer.concat([head, body]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

/** `data` as a stream of uncompressed chunks. */
export function snappyFramed(data: Uint8Array): Buffer {
  const parts: Buffer[] = [STREAM_ID];
  for (let i = 0; i < data.length || i === 0; i += 65536) {
    const d = data.subarray(i, i + 65536);
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(masked(d));
    parts.push(chunk(0x01, Buffer.concat([sum, d])));
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** A compressed chunk of 64 KiB of `byte`: one literal, then copies of 64 bytes (about 3 KiB for 64 KiB). */
function repeatedBlock(byte: number): Buffer {
  const parts = [varint(65536), Buffer.from([0x00, byte])];
  let left = 65535;
  while (left > 0) {
    const n = Math.min(64, left);
    parts.push(Buffer.from([((n - 1) << 2) | 2, 1, 0]));
    left -= n;
  }
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(masked(Buffer.alloc(65536, byte)));
  return chunk(0x00, Buffer.concat([sum, ...parts]));
}

/** A valid stream decoding to `mib` MiB of `#` (a comment line without end): small on the wire, large decoded. */
export function snappyBomb(mib: number): Buffer {
  const block = repeatedBlock(0x23);
  return Buffer.concat([STREAM_ID, ...Array.from({ length: mib * 16 }, () => block)]);
}

/** A stream whose one compressed chunk claims a decoded length of `length` bytes. */
export function snappyForgedLength(length: number): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), varint(length), Buffer.from([0x00, 0x41])]);
  return Buffer.concat([STREAM_ID, chunk(0x00, body)]);
}
