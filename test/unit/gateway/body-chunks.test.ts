// A rendering's bytes are made once, a slice at a time: the chunks must join to exactly the UTF-8 of
// the pieces (multi-byte characters and surrogate pairs across slice boundaries), each run of strings
// must become one Buffer of its exact size, bytes must be used as they are, and the work must pause
// now and then (counted, never timed). Writing hands every chunk to the socket in one corked pass.
import { describe, expect, test } from 'vitest';
import type { ServerResponse } from 'node:http';
import { bodyChunks, writeChunks } from '../../../src/gateway/handlers/body-chunks.js';

const utf8 = (pieces: readonly (string | Uint8Array)[]): Buffer =>
  Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

const MIB = 1024 * 1024;

describe('bodyChunks', () => {
  test('many small pieces with multi-byte characters become one buffer of exactly their bytes', async () => {
    const pieces = Array.from({ length: 120_000 }, (_, i) => `m{k="é✓😀-${i}-${'ü'.repeat(i % 13)}"} ${i}\n`);
    let pauses = 0;
    const chunks = await bodyChunks(pieces, () => (pauses++, Promise.resolve()));
    const want = utf8(pieces);
    expect(want.length).toBeGreaterThan(4 * MIB);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].equals(want)).toBe(true);
    // Allocated at its exact size: no slack kept alive with the rendering.
    expect(chunks[0].buffer.byteLength).toBe(want.length);
    // The run is measured, then encoded: a pause once at least a MiB of either was done since the last one.
    const piece = Math.max(...pieces.map((p) => Buffer.byteLength(p)));
    expect(pauses).toBeGreaterThanOrEqual(Math.floor((2 * want.length) / (MIB + piece)));
    expect(pauses).toBeLessThanOrEqual(Math.floor((2 * want.length) / MIB));
  });

  test('a string longer than a slice is encoded in slices, never cut inside a surrogate pair', async () => {
    const long = 'a' + '😀'.repeat(300_000) + 'é'.repeat(300_000) + 'z';
    let pauses = 0;
    const chunks = await bodyChunks(['# HELP x ', long, '\n'], () => (pauses++, Promise.resolve()));
    expect(chunks).toHaveLength(1);
    expect(chunks[0].toString('utf8')).toBe(`# HELP x ${long}\n`);
    // 1.8 MB: one pause after measuring it, and at least one between the slices of the long string.
    expect(pauses).toBeGreaterThanOrEqual(2);
  });

  test('bytes are used as they are, not copied; the strings around them are one buffer each', async () => {
    const kept = Buffer.from('kept family\n');
    const chunks = await bodyChunks(['# TYPE a gauge\n', '# HELP a x\n', kept, 'a 1\n', new Uint8Array(0)]);
    expect(chunks.map((c) => c.toString())).toEqual(['# TYPE a gauge\n# HELP a x\n', 'kept family\n', 'a 1\n']);
    expect(chunks[1].buffer === kept.buffer && chunks[1].byteOffset === kept.byteOffset).toBe(true);
    expect(Buffer.concat(await bodyChunks('one string ✓')).toString()).toBe('one string ✓');
    expect(Buffer.concat(await bodyChunks(new Uint8Array([1, 2, 3])))).toEqual(Buffer.from([1, 2, 3]));
    expect(await bodyChunks([])).toEqual([]);
    expect(await bodyChunks(['', ''])).toEqual([]);
  });
});

/** A response that records the calls made on it; `write` refuses more (returns false) like a full socket. */
function recorder(destroyed = false) {
  const calls: string[] = [];
  const res = {
    destroyed,
    cork: () => calls.push('cork'),
    write: (c: Buffer) => (calls.push(`write ${c.toString()}`), false),
    end: () => calls.push('end'),
  };
  return { res: res as unknown as ServerResponse, calls };
}

describe('writeChunks', () => {
  test('every chunk is written inside one cork, then the response ends, even when the socket is full', () => {
    const { res, calls } = recorder();
    writeChunks(res, [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);
    expect(calls).toEqual(['cork', 'write a', 'write b', 'write c', 'end']);
  });

  test('a closed connection gets nothing', () => {
    const { res, calls } = recorder(true);
    writeChunks(res, [Buffer.from('a')]);
    expect(calls).toEqual([]);
  });
});
