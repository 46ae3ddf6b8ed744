import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Metric, MetricFamily } from '../../src/model/types.js';
import { parse } from '../../src/parse/index.js';
import {
  decodeProtobuf,
  encodeProtobuf,
  serializeIter,
  serializeOpenMetrics,
  serializeStream,
  serializeText,
  type SerializeFormat,
} from '../../src/serialize/index.js';
import { familiesArb, SERIALIZE_SEED } from '../helpers/model-arbitrary.js';

const RUNS = { seed: SERIALIZE_SEED, numRuns: 200 };

/** What the text format keeps of a model: `-0` is written `0`, `_sum`/`_count` always, the `+Inf` bucket added when missing; no exemplars. */
function textImage(families: MetricFamily[]): MetricFamily[] {
  const z = (v: number) => (v === 0 ? 0 : v);
  return families.map((f) => ({
    ...f,
    metrics: f.metrics.map((m): Metric => {
      const out: Metric = { labels: m.labels };
      if (m.timestampMs !== undefined) out.timestampMs = m.timestampMs;
      if (m.value !== undefined) out.value = z(m.value);
      if (m.summary)
        out.summary = {
          count: m.summary.count ?? 0,
          sum: z(m.summary.sum ?? 0),
          quantiles: m.summary.quantiles.map((q) => ({ quantile: z(q.quantile), value: z(q.value) })),
        };
      if (m.histogram) {
        const buckets = m.histogram.buckets.map((b) => ({
          upperBound: z(b.upperBound),
          cumulativeCount: b.cumulativeCount,
        }));
        if (!buckets.some((b) => b.upperBound === Infinity))
          buckets.push({ upperBound: Infinity, cumulativeCount: m.histogram.count ?? 0 });
        out.histogram = { count: m.histogram.count ?? 0, sum: z(m.histogram.sum ?? 0), buckets };
      }
      return out;
    }),
  }));
}

function whole(format: SerializeFormat, families: MetricFamily[]): Buffer {
  if (format === 'text') return Buffer.from(serializeText(families));
  if (format === 'openmetrics') return Buffer.from(serializeOpenMetrics(families));
  return Buffer.from(encodeProtobuf(families));
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const c of it) chunks.push(c);
  return chunks;
}

describe(`serializer properties (seed ${SERIALIZE_SEED})`, () => {
  test('parse(serializeText(x)) equals x as the text format keeps it', () => {
    fc.assert(
      fc.property(familiesArb(), (families) => {
        const text = serializeText(families);
        expect(parse(text)).toEqual(textImage(families));
      }),
      RUNS,
    );
  });

  test('decodeProtobuf(encodeProtobuf(x)) equals x', () => {
    fc.assert(
      fc.property(familiesArb(5, true), (families) => {
        expect(decodeProtobuf(encodeProtobuf(families))).toEqual(families);
      }),
      RUNS,
    );
  });

  test('serializeIter chunks are at most chunkSize and concatenate to the whole output', async () => {
    await fc.assert(
      fc.asyncProperty(
        familiesArb(6, true),
        fc.constantFrom<SerializeFormat>('text', 'openmetrics', 'protobuf'),
        fc.integer({ min: 4, max: 300 }),
        async (families, format, chunkSize) => {
          const chunks = await collect(serializeIter(families, { format, chunkSize }));
          for (const c of chunks) {
            expect(c.length).toBeGreaterThan(0);
            expect(c.length).toBeLessThanOrEqual(chunkSize);
          }
          expect(Buffer.concat(chunks).equals(whole(format, families))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  test('gzip round trip: gunzip of the gzipped chunks is the plain output', async () => {
    await fc.assert(
      fc.asyncProperty(
        familiesArb(6, true),
        fc.constantFrom<SerializeFormat>('text', 'openmetrics', 'protobuf'),
        fc.integer({ min: 64, max: 4096 }),
        async (families, format, chunkSize) => {
          const chunks = await collect(serializeIter(families, { format, chunkSize, gzip: true }));
          for (const c of chunks) expect(c.length).toBeLessThanOrEqual(chunkSize);
          expect(gunzipSync(Buffer.concat(chunks)).equals(whole(format, families))).toBe(true);
        },
      ),
      { ...RUNS, numRuns: 50 },
    );
  });

  test('serializeStream yields the same bytes as a Node Readable', async () => {
    await fc.assert(
      fc.asyncProperty(familiesArb(4), async (families) => {
        const chunks: Buffer[] = [];
        for await (const c of serializeStream(families, { format: 'text', chunkSize: 64 })) chunks.push(c as Buffer);
        expect(Buffer.concat(chunks).toString('utf8')).toBe(serializeText(families));
      }),
      { ...RUNS, numRuns: 50 },
    );
  });
});
