import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Bucket, Exemplar, Label, Metric, MetricFamily } from '../../src/model/types.js';
import { parse } from '../../src/parse/index.js';
import { serializeOpenMetrics } from '../../src/serialize/index.js';
import { omDocumentArb as documentArb } from './openmetrics-arbitraries.js';
import { fedInPieces, outcome } from '../helpers/parse-outcome.js';

/**
 * OpenMetrics properties:
 * - a model the OpenMetrics writer can express comes back unchanged from
 *   `parse(serializeOpenMetrics(model), { format: 'openmetrics' })`;
 * - any split of the input and any piece size give the whole input's result,
 *   valid or not, and the fast reader and the grammar agree on every input.
 */
const SEED = 20261125;

// ---- models the writer can express and OpenMetrics keeps --------------------------------

const labelNames = ['a', 'b', 'job', 'instance', 'x_y', '_z', 'path'];
const labelValue = fc.oneof(
  fc.constantFrom('', 'v', '1', 'x y', 'é✓🚀', '\\', '"', '\n', 'a\\nb', '# {}', '=,', '\t\r'),
  fc.string({ maxLength: 12 }),
);
const labelSet = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...labelNames), labelValue), { maxLength: 3, selector: ([n]) => n })
  .map((pairs) => pairs.map(([name, value]): Label => ({ name, value })));
/** Several label sets of one family, distinct as sets. */
const labelSets = (max: number) =>
  fc.uniqueArray(labelSet, {
    minLength: 1,
    maxLength: max,
    selector: (ls) => JSON.stringify(ls.map((l) => [l.name, l.value]).sort()),
  });

const anyFloat = fc.oneof(fc.double(), fc.constantFrom(0, 1, -1, 0.5, 1e21, 1e-7, NaN, Infinity, -Infinity));
const nonNegative = fc.oneof(fc.double({ min: 0, noNaN: true }), fc.constantFrom(0, 1, 2.5, 1e21, Infinity));
const count = fc.oneof(fc.nat(), fc.constantFrom(0, 1, 2 ** 53 - 1));
const timestampMs = fc.option(fc.integer({ min: -1e14, max: 1e14 }), { nil: undefined });
const exemplar = fc.option(
  fc.record(
    {
      labels: fc
        .uniqueArray(fc.tuple(fc.constantFrom('trace_id', 'span', 'a'), fc.string({ maxLength: 20 })), {
          maxLength: 2,
          selector: ([n]) => n,
        })
        .map((ps) => ps.map(([name, value]) => ({ name, value }))),
      value: anyFloat,
      // The writer, like Go's, writes float64(UnixNano)/1e9: whole nanoseconds within 2^53 come back exactly.
      timestamp: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }).map((ns) => ns / 1e9),
    },
    { requiredKeys: ['labels', 'value'] },
  ) as fc.Arbitrary<Exemplar>,
  { nil: undefined },
);

function withOptional<T extends object>(base: T, extra: Partial<T>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

const simpleMetrics = (value: fc.Arbitrary<number>, withExemplar: boolean) =>
  labelSets(4).chain((sets) =>
    fc.tuple(
      ...sets.map((labels) =>
        fc
          .tuple(value, timestampMs, withExemplar ? exemplar : fc.constant(undefined))
          .map(([v, ts, ex]) => withOptional<Metric>({ labels, value: v }, { timestampMs: ts, exemplar: ex })),
      ),
    ),
  );

const summaryMetrics = labelSets(3).chain((sets) =>
  fc.tuple(
    ...sets.map((labels) =>
      fc
        .tuple(
          fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
          fc.array(fc.oneof(nonNegative, fc.constant(NaN)), { minLength: 4, maxLength: 4 }),
          count,
          nonNegative,
          timestampMs,
        )
        .map(([qs, vs, c, s, ts]) =>
          withOptional<Metric>(
            { labels, summary: { quantiles: qs.map((q, i) => ({ quantile: q, value: vs[i] })), count: c, sum: s } },
            { timestampMs: ts },
          ),
        ),
    ),
  ),
);

const histogramMetrics = labelSets(3).chain((sets) =>
  fc.tuple(
    ...sets.map((labels) =>
      fc
        .tuple(
          fc.uniqueArray(fc.double({ min: 0, max: 1e9, noNaN: true }), { maxLength: 4 }),
          fc.array(fc.nat({ max: 1000 }), { minLength: 5, maxLength: 5 }),
          fc.array(exemplar, { minLength: 5, maxLength: 5 }),
          nonNegative,
          fc.boolean(),
          timestampMs,
        )
        .map(([bounds, steps, exemplars, sum, infWritten, ts]) => {
          const les = [...bounds.sort((a, b) => a - b), Infinity];
          let cumulative = 0;
          const buckets = les.map((upperBound, i) => {
            cumulative += steps[i];
            return withOptional<Bucket>({ upperBound, cumulativeCount: cumulative }, { exemplar: exemplars[i] });
          });
          // The writer adds the +Inf bucket itself when the model has none.
          const written = infWritten ? buckets : buckets.slice(0, -1);
          return withOptional<Metric>(
            { labels, histogram: { buckets: written, count: cumulative, sum } },
            { timestampMs: ts },
          );
        }),
    ),
  ),
);

const BASES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
const help = fc.option(
  fc.oneof(fc.constantFrom('Help.', 'a "quoted" \\ back\nslash', 'é✓'), fc.string({ minLength: 1, maxLength: 20 })),
  { nil: undefined },
);

const familyArb = (base: string): fc.Arbitrary<MetricFamily> =>
  fc.oneof(
    fc
      .tuple(help, simpleMetrics(nonNegative, true))
      .map(([h, metrics]) =>
        withOptional<MetricFamily>({ name: `${base}_total`, type: 'counter', metrics }, { help: h }),
      ),
    fc
      .tuple(help, simpleMetrics(anyFloat, false))
      .map(([h, metrics]) => withOptional<MetricFamily>({ name: base, type: 'gauge', metrics }, { help: h })),
    fc
      .tuple(help, simpleMetrics(anyFloat, false))
      .map(([h, metrics]) => withOptional<MetricFamily>({ name: base, type: 'untyped', metrics }, { help: h })),
    fc
      .tuple(help, summaryMetrics)
      .map(([h, metrics]) => withOptional<MetricFamily>({ name: base, type: 'summary', metrics }, { help: h })),
    fc
      .tuple(help, histogramMetrics)
      .map(([h, metrics]) => withOptional<MetricFamily>({ name: base, type: 'histogram', metrics }, { help: h })),
  );

const modelArb = fc
  .shuffledSubarray(BASES, { minLength: 1, maxLength: 4 })
  .chain((bases) => fc.tuple(...bases.map(familyArb)));

/** What the model looks like after a trip through OpenMetrics: untyped is unknown, -0 is 0, the +Inf bucket exists. */
function expectedAfterTrip(families: MetricFamily[]): MetricFamily[] {
  const z = (v: number) => (v === 0 ? 0 : v);
  return families.map((f) => ({
    ...f,
    type: f.type === 'untyped' ? 'unknown' : f.type,
    metrics: f.metrics.map((m) => {
      const out: Metric = { ...m };
      if (m.value !== undefined) out.value = z(m.value);
      const ex = (e: Exemplar): Exemplar =>
        withOptional<Exemplar>(
          { labels: e.labels, value: z(e.value) },
          { timestamp: e.timestamp === undefined ? undefined : z(e.timestamp) },
        );
      if (m.exemplar) out.exemplar = ex(m.exemplar);
      if (m.summary)
        out.summary = {
          ...m.summary,
          sum: z(m.summary.sum ?? 0),
          quantiles: m.summary.quantiles.map((q) => ({ quantile: z(q.quantile), value: z(q.value) })),
        };
      if (m.histogram) {
        const buckets = m.histogram.buckets.map((b) => ({
          ...b,
          upperBound: z(b.upperBound),
          ...(b.exemplar ? { exemplar: ex(b.exemplar) } : {}),
        }));
        if (buckets.length === 0 || buckets[buckets.length - 1].upperBound !== Infinity)
          buckets.push({ upperBound: Infinity, cumulativeCount: m.histogram.count ?? 0 });
        out.histogram = { ...m.histogram, sum: z(m.histogram.sum ?? 0), buckets };
      }
      return out;
    }),
  }));
}

describe(`OpenMetrics properties (seed ${SEED})`, () => {
  test('parse(serializeOpenMetrics(model)) gives the model back', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(modelArb, (model) => {
        const text = serializeOpenMetrics(model);
        const expected = expectedAfterTrip(model);
        expect(parse(text, { format: 'openmetrics' })).toEqual(expected);
        expect(parse(Buffer.from(text), { format: 'openmetrics', engine: 'grammar' })).toEqual(expected);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('any split of the input and any piece size give the same result as the whole: %s', (_name, garble) => {
    console.log(`fast-check seed ${SEED + 1}`);
    fc.assert(
      fc.property(
        documentArb(garble),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.integer({ min: 1, max: 60 }),
        (input, cuts, chunkSize) => {
          const whole = outcome(() => parse(input, { format: 'openmetrics', positions: true }));
          expect(outcome(() => fedInPieces(input, cuts, { format: 'openmetrics', chunkSize, engine: 'auto' }))).toEqual(
            whole,
          );
          expect(
            outcome(() => fedInPieces(input, cuts, { format: 'openmetrics', chunkSize, engine: 'grammar' })),
          ).toEqual(whole);
        },
      ),
      { seed: SEED + 1, numRuns: 800 },
    );
  });

  test('the fast reader and the grammar agree on every input', () => {
    console.log(`fast-check seed ${SEED + 2}`);
    fc.assert(
      fc.property(documentArb(true), (input) => {
        expect(outcome(() => parse(input, { format: 'openmetrics', positions: true }))).toEqual(
          outcome(() => parse(input, { format: 'openmetrics', engine: 'grammar', positions: true })),
        );
      }),
      { seed: SEED + 2, numRuns: 2000 },
    );
  });

  test('some generated documents are accepted and some rejected (the generators reach both sides)', () => {
    const samples = fc.sample(documentArb(true), { seed: SEED + 3, numRuns: 300 });
    const verdicts = samples.map((s) => 'families' in outcome(() => parse(s, { format: 'openmetrics' })));
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(20);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(20);
  });
});
