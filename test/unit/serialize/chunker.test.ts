import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Chunker } from '../../../src/serialize/chunker.js';

const SEED = 0x5e19b;

/** Feeds `pieces` to a chunker of `size` bytes and returns every chunk, the last one included. */
function chunks(pieces: readonly (string | Uint8Array)[], size: number): Uint8Array[] {
  const c = new Chunker(size);
  const out: Uint8Array[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') c.text(p);
    else c.bytes(p);
    out.push(...c.ready.splice(0));
  }
  const last = c.end();
  out.push(...c.ready.splice(0));
  if (last !== undefined) out.push(last);
  return out;
}

const expected = (pieces: readonly (string | Uint8Array)[]): Buffer =>
  Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

/**
 * Text with ASCII, latin1, BMP, astral and lone surrogate characters. No
 * two pieces join into a surrogate pair, so each piece's bytes are its own
 * (the renderers never split a pair).
 */
const piece = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', '\n', 'é', 'ÿ', '€', '😀', '\uD800x', 'y\uDC00'), maxLength: 40 }),
  fc.string({ maxLength: 3000 }),
  fc.uint8Array({ maxLength: 50 }),
);

describe('Chunker', () => {
  test(`the chunks joined are the UTF-8 bytes of the pieces, none over the size (seed ${SEED})`, () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 4, max: 5000 }), (pieces, size) => {
        const got = chunks(pieces, size);
        expect(Buffer.concat(got).equals(expected(pieces))).toBe(true);
        for (const c of got) expect(c.length).toBeLessThanOrEqual(size);
        // A chunk ends short only where the next character's bytes do not fit.
        for (const c of got.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(size - 3);
        expect(got.every((c) => c.length > 0)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('a short output is one chunk of its exact size', () => {
    const got = chunks(['é😀a', 'b\n'], 65536);
    expect(got).toHaveLength(1);
    expect(got[0].length).toBe(Buffer.byteLength('é😀ab\n'));
    expect(got[0].buffer.byteLength).toBeLessThan(65536);
    expect(Buffer.from(got[0]).toString('utf8')).toBe('é😀ab\n');
  });

  test('short outputs one after another each keep their own bytes', () => {
    // Short outputs share slabs: every one must still hold exactly its own text once many more were written.
    const texts = Array.from({ length: 400 }, (_, i) => `m${i}{a="${'é😀'.repeat(i % 7)}"} ${'9'.repeat(i % 300)}\n`);
    texts.push('x'.repeat(9000), 'y'.repeat(20000), 'z'.repeat(7));
    const got = texts.map((t) => chunks([t], 65536));
    got.forEach((g, i) => {
      expect(g).toHaveLength(1);
      expect(Buffer.from(g[0]).toString('utf8')).toBe(texts[i]);
    });
  });

  test('a short output whose characters fit the end of a slab but whose bytes do not keeps its bytes', () => {
    // ASCII outputs of many lengths leave every possible room at a slab's end; each multi-byte output
    // after one is 900 characters of 2,700 bytes, which may start in that room and not fit it.
    const texts: string[] = [];
    for (let k = 0; k < 200; k++) texts.push('a'.repeat(1000 + ((k * 389) % 2000)), '€'.repeat(900));
    const got = texts.map((t) => chunks([t], 65536));
    got.forEach((g, i) => {
      expect(g).toHaveLength(1);
      expect(g[0].length).toBe(Buffer.byteLength(texts[i]));
      expect(Buffer.from(g[0]).toString('utf8')).toBe(texts[i]);
    });
  });

  test('text of exactly one chunk of ASCII fills one chunk', () => {
    const got = chunks(['x'.repeat(1000), 'y'.repeat(24)], 1024);
    expect(got.map((c) => c.length)).toEqual([1024]);
  });

  test('a piece larger than many chunks is cut at character boundaries', () => {
    const text = 'ab😀'.repeat(5000);
    const got = chunks([text], 101);
    expect(Buffer.concat(got).toString('utf8')).toBe(text);
    for (const c of got) expect(Buffer.from(c).toString('utf8')).not.toContain('\uFFFD');
  });

  test('no output gives no chunk', () => {
    expect(chunks([''], 64)).toEqual([]);
  });
});
