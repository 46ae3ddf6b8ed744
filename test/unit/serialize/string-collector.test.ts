// StringCollector: whatever path a piece takes (string, ASCII bytes, UTF-8 bytes, a string again after a
// lone surrogate), the result is exactly the pieces joined.
import { describe, expect, test } from 'vitest';
import { StringCollector } from '../../../src/serialize/string-collector.js';
import type { MetricFamily } from '../../../src/model/types.js';
import { serializeText } from '../../../src/serialize/index.js';
import { serializeOpenMetrics } from '../../../src/serialize/openmetrics.js';

function collect(pieces: readonly string[]): string {
  const c = new StringCollector();
  for (const p of pieces) c.add(p);
  return c.finish();
}

/** `n` pieces of about 50 characters made from `unit`. */
function pieces(n: number, unit: (i: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => `line_${i}{a="${unit(i)}"} ${i}\n`);
}

describe('StringCollector', () => {
  test.each([
    { name: 'small ASCII output (string only)', input: pieces(10, () => 'x') },
    { name: 'large ASCII output (bytes, decoded as latin1)', input: pieces(40_000, (i) => 'v'.repeat(i % 40)) },
    {
      name: 'large output with UTF-8 (bytes, decoded as UTF-8)',
      input: pieces(40_000, (i) => (i % 997 === 0 ? 'é✓😀' : 'plain')),
    },
    {
      name: 'latin1-range characters only after the first batch (not ASCII, still UTF-8 on the way back)',
      input: [...pieces(5_000, () => 'a'), ...pieces(5_000, () => 'ÿé')],
    },
    { name: 'one piece longer than the reused buffer', input: ['a'.repeat(3_000_000), 'é'.repeat(1_500_000), '\n'] },
    {
      name: 'lone high surrogate after the output went to bytes (stays a string)',
      input: [...pieces(5_000, () => 'a'), 'x\uD800y', ...pieces(5_000, () => 'b')],
    },
    { name: 'lone low surrogate', input: [...pieces(5_000, () => 'é'), '\uDC00', ...pieces(5_000, () => 'b')] },
    {
      name: 'surrogate pair split across two pieces',
      input: [...pieces(5_000, () => 'a'), 'x\uD83D', '\uDE00y', ...pieces(5_000, () => 'b')],
    },
  ])('$name', ({ input }) => {
    expect(collect(input)).toBe(input.join(''));
  });

  test('outputs in a row reuse the buffer without mixing their bytes', () => {
    const a = pieces(30_000, (i) => String(i % 7));
    const b = pieces(20_000, () => '✓');
    const c = pieces(30_000, () => 'z');
    expect(collect(a)).toBe(a.join(''));
    expect(collect(b)).toBe(b.join(''));
    expect(collect(c)).toBe(c.join(''));
    expect(collect(a)).toBe(a.join(''));
  });
});

describe('large outputs', () => {
  const family = (name: string, n: number, value: (i: number) => string): MetricFamily => ({
    name,
    help: `help of ${name} ✓`,
    type: 'gauge',
    metrics: Array.from({ length: n }, (_, i) => ({ labels: [{ name: 'v', value: value(i) }], value: i })),
  });

  test('serializeText and serializeOpenMetrics of a large output equal their small outputs family by family', () => {
    // Each family alone stays under the string limit; all 400 together go through the bytes.
    const families = Array.from({ length: 400 }, (_, k) =>
      family(`f${k}`, 100, (i) => (k % 3 === 0 ? `value ${i}` : k % 3 === 1 ? `é✓${i}` : `é\uD800${i}`)),
    );
    const eof = '# EOF\n';
    expect(serializeText(families)).toBe(families.map((f) => serializeText([f])).join(''));
    expect(serializeOpenMetrics(families)).toBe(
      families.map((f) => serializeOpenMetrics([f]).slice(0, -eof.length)).join('') + eof,
    );
  });
});
