// serializeIter / serializeStream: sources, bounds, errors in the middle of a stream.
import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { serializeIter, serializeStream, serializeText, SerializeError } from '../../../src/serialize/index.js';

const gauge = (name: string, n: number): MetricFamily => ({
  name,
  help: 'é✓😀 help',
  type: 'gauge',
  metrics: Array.from({ length: n }, (_, i) => ({ labels: [{ name: 'i', value: `${i}😀` }], value: i / 3 })),
});

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe('serializeIter', () => {
  test.each([
    { name: 'array source', source: () => [gauge('a', 50), gauge('b', 3)] },
    {
      name: 'generator source',
      source: function* () {
        yield gauge('a', 50);
        yield gauge('b', 3);
      },
    },
    {
      name: 'async source',
      source: async function* () {
        yield gauge('a', 50);
        yield gauge('b', 3);
      },
    },
  ])('$name gives the same bytes as serializeText', async ({ source }) => {
    const chunks = await collect(serializeIter(source(), { format: 'text', chunkSize: 37 }));
    expect(chunks.every((c) => c.length <= 37)).toBe(true);
    expect(chunks.slice(0, -1).every((c) => c.length >= 37 - 3)).toBe(true);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(serializeText([gauge('a', 50), gauge('b', 3)]));
  });

  test('one large family is cut into bounded chunks', async () => {
    const chunks = await collect(serializeIter([gauge('big', 20000)], { format: 'text' }));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(65536);
  });

  test('an empty exposition is no chunk for text and one `# EOF` for OpenMetrics', async () => {
    expect(await collect(serializeIter([], { format: 'text' }))).toEqual([]);
    expect(Buffer.concat(await collect(serializeIter([], { format: 'openmetrics' }))).toString()).toBe('# EOF\n');
  });

  test('a refused family throws after the chunks before it', async () => {
    const chunks: Uint8Array[] = [];
    const bad: MetricFamily = { name: 'bad', type: 'counter', metrics: [{ labels: [] }] };
    await expect(async () => {
      for await (const c of serializeIter([gauge('a', 500), bad], { format: 'text', chunkSize: 1024 })) chunks.push(c);
    }).rejects.toThrow(SerializeError);
    expect(chunks.length).toBeGreaterThan(0);
    expect(serializeText([gauge('a', 500)]).startsWith(Buffer.concat(chunks).toString('utf8'))).toBe(true);
  });

  test('a chunk size below 4 bytes is refused', async () => {
    await expect(collect(serializeIter([gauge('a', 1)], { format: 'text', chunkSize: 3 }))).rejects.toThrow(RangeError);
  });
});

describe('serializeStream', () => {
  test('is destroyed with the SerializeError', async () => {
    const stream = serializeStream(
      [gauge('a', 1), { name: 'x-y', type: 'gauge', metrics: [{ labels: [], value: 1 }] }],
      { format: 'openmetrics' },
    );
    await expect(async () => {
      for await (const _ of stream) void _;
    }).rejects.toThrow('invalid metric name "x-y"');
  });
  test('gzip level 9 output is a gzip member', async () => {
    const chunks: Buffer[] = [];
    for await (const c of serializeStream([gauge('a', 10)], { format: 'text', gzip: 9 })) chunks.push(c as Buffer);
    const all = Buffer.concat(chunks);
    expect([all[0], all[1]]).toEqual([0x1f, 0x8b]);
  });
});
