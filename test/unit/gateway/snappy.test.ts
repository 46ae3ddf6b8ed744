// Snappy framing decoder against bodies written by Go's github.com/golang/snappy
// (fixtures/gateway/snappy.json, from scripts/gen-gateway-fixtures.snappy.go).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { crc32c, decodeSnappyFramed, SnappyError } from '../../../src/gateway/http/snappy.js';

const rows = JSON.parse(readFileSync(new URL('../../../fixtures/gateway/snappy.json', import.meta.url), 'utf8')) as {
  name: string;
  text: string;
  framedBase64: string;
}[];

describe('snappy framing', () => {
  test.each(rows)('$name decodes to what Go encoded', ({ text, framedBase64 }) => {
    const out = decodeSnappyFramed(Buffer.from(framedBase64, 'base64'), 1 << 20);
    expect(out?.toString('utf8')).toBe(text);
  });

  test('output beyond the limit is refused', () => {
    const big = rows.find((r) => r.text.length > 65536)!;
    expect(decodeSnappyFramed(Buffer.from(big.framedBase64, 'base64'), 1000)).toBeUndefined();
  });

  test.each([
    {
      name: 'no stream identifier',
      bytes: Buffer.from([0x01, 0x05, 0x00, 0x00, 0, 0, 0, 0, 0x61]),
      message: 'snappy: corrupt input',
    },
    {
      name: 'bad checksum',
      bytes: () => flipLast(Buffer.from(rows[1].framedBase64, 'base64')),
      message: 'snappy: corrupt input',
    },
    {
      name: 'cut short',
      bytes: () => Buffer.from(rows[1].framedBase64, 'base64').subarray(0, 20),
      message: 'snappy: corrupt input',
    },
    {
      name: 'reserved unskippable chunk',
      bytes: () =>
        Buffer.concat([Buffer.from(rows[1].framedBase64, 'base64').subarray(0, 10), Buffer.from([0x02, 0, 0, 0])]),
      message: 'snappy: unsupported input',
    },
    { name: 'text sent as snappy', bytes: Buffer.from('some_metric 1\n'), message: 'snappy: corrupt input' },
  ])('$name', ({ bytes, message }) => {
    const b = typeof bytes === 'function' ? bytes() : bytes;
    expect(() => decodeSnappyFramed(b, 1 << 20)).toThrow(SnappyError);
    expect(() => decodeSnappyFramed(b, 1 << 20)).toThrow(message);
  });

  test('CRC-32C check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});

function flipLast(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c[c.length - 1] ^= 0x01;
  return c;
}
