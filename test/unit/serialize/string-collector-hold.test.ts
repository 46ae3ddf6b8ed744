// The byte buffer of a large output is held for the next one for a minute after its last use, then let go;
// a garbage collection in between does not drop it, and reusing it never mixes two outputs.
import { afterAll, describe, expect, test, vi } from 'vitest';
import { heldBuffer, StringCollector } from '../../../src/serialize/string-collector.js';
import { exposeGc } from '../bench/gc.js';

exposeGc();
const gc = (globalThis as unknown as { gc: () => void }).gc;

/** A large output (it goes through the byte buffer) whose lines all carry `tag`. */
function output(tag: string): { pieces: string[]; expected: string } {
  const pieces = Array.from({ length: 20_000 }, (_, i) => `line_${i}{t="${tag}"} ${i}\n`);
  return { pieces, expected: pieces.join('') };
}

function collect(pieces: readonly string[]): string {
  const c = new StringCollector();
  for (const p of pieces) c.add(p);
  return c.finish();
}

describe('the byte buffer kept between large outputs', () => {
  vi.useFakeTimers();
  afterAll(() => void vi.useRealTimers());

  test('is held across a collection, reused, and let go a minute after its last use', async () => {
    const a = output('a');
    expect(collect(a.pieces)).toBe(a.expected);
    const buf = heldBuffer();
    expect(buf).toBeDefined();
    // A collection after the job that wrote the output (a weak reference alone would be cleared here).
    await Promise.resolve();
    gc();
    expect(heldBuffer()).toBe(buf);

    vi.advanceTimersByTime(59_000);
    const b = output('bb');
    expect(collect(b.pieces)).toBe(b.expected);
    expect(heldBuffer()).toBe(buf);

    // The last use restarted the minute.
    vi.advanceTimersByTime(59_000);
    expect(heldBuffer()).toBe(buf);
    vi.advanceTimersByTime(2_000);
    expect(heldBuffer()).toBeUndefined();

    // Whatever buffer the next output gets, it is written as it is.
    const c = output('c');
    expect(collect(c.pieces)).toBe(c.expected);
  });

  test('a small output (string only) takes no buffer', () => {
    vi.advanceTimersByTime(61_000);
    expect(heldBuffer()).toBeUndefined();
    expect(collect(['a 1\n', 'b 2\n'])).toBe('a 1\nb 2\n');
    expect(heldBuffer()).toBeUndefined();
  });
});
