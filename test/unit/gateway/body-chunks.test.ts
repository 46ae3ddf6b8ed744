// A rendering's bytes are made once, a slice at a time: the chunks must join to exactly the UTF-8 of
// the pieces (multi-byte characters and surrogate pairs across buffer and slice boundaries), bytes
// must be used as they are, and the work must pause now and then (counted, never timed).
import { describe, expect, test } from 'vitest';
import { bodyChunks, CHUNK_BYTES } from '../../../src/gateway/handlers/body-chunks.js';

const utf8 = (pieces: readonly (string | Uint8Array)[]): Buffer =>
  Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

describe('bodyChunks', () => {
  test('many small pieces with multi-byte characters join to the exact bytes', async () => {
    const pieces = Array.from({ length: 120_000 }, (_, i) => `m{k="é✓😀-${i}-${'ü'.repeat(i % 13)}"} ${i}\n`);
    let pauses = 0;
    const chunks = await bodyChunks(pieces, () => (pauses++, Promise.resolve()));
    const want = utf8(pieces);
    expect(want.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(Buffer.concat(chunks).equals(want)).toBe(true);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(CHUNK_BYTES);
    // A pause once at least a MiB was encoded since the last one (whole buffers only).
    const mib = 1024 * 1024;
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(want.length / (mib + CHUNK_BYTES)));
    expect(pauses).toBeLessThanOrEqual(Math.floor(want.length / mib));
  });

  test('a string longer than a buffer is cut between characters, never inside a surrogate pair', async () => {
    const long = 'a' + '😀'.repeat(CHUNK_BYTES) + 'é'.repeat(CHUNK_BYTES) + 'z';
    const chunks = await bodyChunks(['# HELP x ', long, '\n'], () => Promise.resolve());
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`# HELP x ${long}\n`);
  });

  test('bytes are used as they are, not copied; a single string or bytes body works too', async () => {
    const kept = Buffer.from('kept family\n');
    const chunks = await bodyChunks(['# TYPE a gauge\n', kept, 'a 1\n']);
    expect(chunks.some((c) => c.buffer === kept.buffer && c.byteOffset === kept.byteOffset)).toBe(true);
    expect(Buffer.concat(chunks).toString()).toBe('# TYPE a gauge\nkept family\na 1\n');
    expect(Buffer.concat(await bodyChunks('one string ✓')).toString()).toBe('one string ✓');
    expect(Buffer.concat(await bodyChunks(new Uint8Array([1, 2, 3])))).toEqual(Buffer.from([1, 2, 3]));
    expect(await bodyChunks([])).toEqual([]);
  });
});
