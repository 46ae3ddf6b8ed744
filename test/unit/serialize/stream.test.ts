// serializeIter / serializeStream: sources, bounds, errors in the middle of a stream.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
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

/** A generator of ten families that records whether it was closed (its `finally` ran). */
function closingSource(): { source: Generator<MetricFamily>; closed: () => boolean } {
  let closed = false;
  function* source(): Generator<MetricFamily> {
    try {
      for (let i = 0; i < 10; i++) yield gauge(`f${i}`, 200);
    } finally {
      closed = true;
    }
  }
  return { source: source(), closed: () => closed };
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

  test('stopping early closes the source and ends the iteration', async () => {
    const { source, closed } = closingSource();
    const it = serializeIter(source, { format: 'text', chunkSize: 1024 });
    const first = await it.next();
    expect(first.done).toBe(false);
    expect(closed()).toBe(false);
    expect(await it.return(undefined)).toEqual({ done: true, value: undefined });
    expect(closed()).toBe(true);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('a refused family closes a generator source and ends the iteration', async () => {
    let closed = false;
    const bad: MetricFamily = { name: 'bad', type: 'counter', metrics: [{ labels: [] }] };
    function* source(): Generator<MetricFamily> {
      try {
        yield gauge('a', 1);
        yield bad;
        yield gauge('b', 1);
      } finally {
        closed = true;
      }
    }
    const it = serializeIter(source(), { format: 'text' });
    await expect(it.next()).rejects.toThrow(SerializeError);
    expect(closed).toBe(true);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('an error thrown into the iteration comes back out of it and ends it', async () => {
    const it = serializeIter([gauge('a', 500), gauge('b', 500)], { format: 'text', chunkSize: 1024 });
    await it.next();
    await expect(it.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('a source that throws rejects the next chunk', async () => {
    function* source(): Generator<MetricFamily> {
      yield gauge('a', 1);
      throw new Error('source failed');
    }
    await expect(collect(serializeIter(source(), { format: 'text' }))).rejects.toThrow('source failed');
  });

  test('is its own async iterator', () => {
    const it = serializeIter([gauge('a', 1)], { format: 'text' });
    expect(it[Symbol.asyncIterator]()).toBe(it);
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
  test.each([
    { name: 'sync source', source: () => [gauge('a', 500), gauge('b', 3)] },
    {
      name: 'async source',
      source: async function* () {
        yield gauge('a', 500);
        yield gauge('b', 3);
      },
    },
  ])('gives the bytes of serializeText in bounded chunks ($name)', async ({ source }) => {
    const chunks: Buffer[] = [];
    for await (const c of serializeStream(source(), { format: 'text', chunkSize: 512 })) chunks.push(c as Buffer);
    expect(chunks.every((c) => c.length <= 512)).toBe(true);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(serializeText([gauge('a', 500), gauge('b', 3)]));
  });

  test('a refused family in a synchronous source destroys the stream after the chunks before it', async () => {
    const chunks: Buffer[] = [];
    const bad: MetricFamily = { name: 'bad', type: 'counter', metrics: [{ labels: [] }] };
    const stream = serializeStream([gauge('a', 500), bad], { format: 'text', chunkSize: 1024 });
    await expect(async () => {
      for await (const c of stream) chunks.push(c as Buffer);
    }).rejects.toThrow(SerializeError);
    expect(chunks.length).toBeGreaterThan(0);
    expect(stream.destroyed).toBe(true);
  });

  test('destroying the stream before its end closes a generator source', async () => {
    const { source, closed } = closingSource();
    const stream = serializeStream(source, { format: 'text', chunkSize: 1024 });
    for await (const c of stream) {
      expect(c.length).toBeGreaterThan(0);
      break;
    }
    expect(stream.destroyed).toBe(true);
    expect(closed()).toBe(true);
  });

  test('piped into a slow writable, every byte arrives in order', async () => {
    const families = [gauge('a', 400), gauge('b', 400)];
    const got: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 256,
      write(chunk: Buffer, _encoding, done) {
        got.push(chunk);
        setImmediate(done);
      },
    });
    await pipeline(serializeStream(families, { format: 'text', chunkSize: 512 }), slow);
    expect(got.length).toBeGreaterThan(10);
    expect(Buffer.concat(got).toString('utf8')).toBe(serializeText(families));
  });

  test('gzip of a synchronous source unzips to the text', async () => {
    const chunks: Buffer[] = [];
    for await (const c of serializeStream([gauge('a', 300)], { format: 'text', gzip: true, chunkSize: 256 }))
      chunks.push(c as Buffer);
    expect(chunks.every((c) => c.length <= 256)).toBe(true);
    expect(gunzipSync(Buffer.concat(chunks)).toString('utf8')).toBe(serializeText([gauge('a', 300)]));
  });

  test('gzip level 9 output is a gzip member', async () => {
    const chunks: Buffer[] = [];
    for await (const c of serializeStream([gauge('a', 10)], { format: 'text', gzip: 9 })) chunks.push(c as Buffer);
    const all = Buffer.concat(chunks);
    expect([all[0], all[1]]).toEqual([0x1f, 0x8b]);
  });
});
