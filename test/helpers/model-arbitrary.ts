/**
 * fast-check generators of models (`MetricFamily[]`) that the text format can
 * carry: legal, distinct family names that no other family's samples claim,
 * legal label names (no `le` in histograms, no `quantile` in summaries),
 * label values and HELP with every escape and any Unicode, every kind of
 * float (NaN, ±Inf, -0, subnormal, huge), int64 timestamps within ±2^53,
 * counts within 2^53, and distinct label sets within summaries and histograms
 * (the parser groups their lines by label set).
 */
import fc from 'fast-check';
import type { Exemplar, Label, Metric, MetricFamily, MetricType } from '../../src/model/types.js';

/** Fixed seed of the serializer properties, printed in their describe blocks. */
export const SERIALIZE_SEED = 42;

const LABEL_NAMES = ['a', 'b', 'job', 'instance', 'le', 'quantile', '_x', 'Z9', 'code'];
const TEXT_PIECES = [
  '',
  'v',
  '\\',
  '\n',
  '"',
  '\\n',
  '\t',
  '\r',
  '\u0000',
  '#',
  '{}=,',
  'é',
  '✓',
  '😀',
  ' ',
  'NaN',
  '+Inf',
  '\u2028',
];

/** Any Unicode text without lone surrogates, biased towards escapes and multi-byte characters. */
export const textArb = fc
  .array(fc.oneof(fc.constantFrom(...TEXT_PIECES), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 6 })
  .map((parts) => parts.join(''));

/** Any double, biased towards the ones with special spellings. */
export const floatArb = fc.oneof(
  { weight: 3, arbitrary: fc.double() },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -0,
      1,
      -1,
      0.5,
      1e6,
      123456,
      1e-5,
      1e-4,
      5e-324,
      1.7976931348623157e308,
      NaN,
      Infinity,
      -Infinity,
      1e21,
      0.1,
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: -1e9, max: 1e12 }) },
);

const countArb = fc.oneof(fc.nat({ max: 1000 }), fc.maxSafeNat());
const timestampArb = fc.option(
  fc.oneof(
    fc.integer({ min: -1e12, max: 2e12 }),
    fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
  ),
  { nil: undefined },
);

function labelsArb(type: MetricType): fc.Arbitrary<Label[]> {
  const names = LABEL_NAMES.filter(
    (n) => !(type === 'histogram' && n === 'le') && !(type === 'summary' && n === 'quantile'),
  );
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom(...names), textArb), { maxLength: 3, selector: ([n]) => n })
    .map((pairs) => pairs.map(([name, value]) => ({ name, value })));
}

const exemplarArb: fc.Arbitrary<Exemplar> = fc
  .record({
    labels: fc.uniqueArray(fc.tuple(fc.constantFrom('trace_id', 'span'), fc.string({ maxLength: 8 })), {
      maxLength: 2,
      selector: ([n]) => n,
    }),
    value: fc.double({ noNaN: true }),
    timestamp: fc.option(
      fc.integer({ min: 0, max: 2e12 }).map((ms) => ms / 1000),
      { nil: undefined },
    ),
  })
  .map(({ labels, value, timestamp }) => {
    const e: Exemplar = { labels: labels.map(([name, v]) => ({ name, value: v })), value };
    if (timestamp !== undefined) e.timestamp = timestamp;
    return e;
  });

function metricArb(type: MetricType, exemplars: boolean): fc.Arbitrary<Metric> {
  const base = fc.record({ labels: labelsArb(type), ts: timestampArb });
  const withTs = (m: Metric, ts: number | undefined): Metric => (ts === undefined ? m : { ...m, timestampMs: ts });
  if (type === 'summary') {
    const q = fc.record({
      quantile: fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0.5, 0.9, 0.99)),
      value: floatArb,
    });
    return fc
      .tuple(base, fc.array(q, { maxLength: 4 }), countArb, floatArb)
      .map(([{ labels, ts }, quantiles, count, sum]) => withTs({ labels, summary: { count, sum, quantiles } }, ts));
  }
  if (type === 'histogram') {
    const bucket = fc.record({
      upperBound: fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0.1, 1, 10, Infinity)),
      cumulativeCount: countArb,
      exemplar: fc.option(exemplars ? exemplarArb : fc.constant(undefined), { nil: undefined, freq: 3 }),
    });
    return fc
      .tuple(base, fc.array(bucket, { maxLength: 5 }), countArb, floatArb)
      .map(([{ labels, ts }, buckets, count, sum]) =>
        withTs(
          {
            labels,
            histogram: {
              count,
              sum,
              buckets: buckets.map(({ exemplar, ...b }) => (exemplar === undefined ? b : { ...b, exemplar })),
            },
          },
          ts,
        ),
      );
  }
  return fc
    .tuple(
      base,
      floatArb,
      fc.option(type === 'counter' && exemplars ? exemplarArb : fc.constant(undefined), { nil: undefined, freq: 3 }),
    )
    .map(([{ labels, ts }, value, exemplar]) =>
      withTs(exemplar === undefined ? { labels, value } : { labels, value, exemplar }, ts),
    );
}

const setKey = (m: Metric) => JSON.stringify(m.labels.map((l) => [l.name, l.value]).sort());

function familyArb(index: number, exemplars: boolean): fc.Arbitrary<MetricFamily> {
  return fc
    .record({
      base: fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,6}$/),
      total: fc.boolean(),
      help: fc.option(
        textArb.filter((h) => h !== '' && h[0] !== ' ' && h[0] !== '\t'),
        { nil: undefined },
      ),
      type: fc.constantFrom<MetricType>('counter', 'gauge', 'untyped', 'summary', 'histogram'),
    })
    .chain(({ base, total, help, type }) => {
      // The index keeps names distinct; a final digit or `_total` never claims another family's samples.
      const name = `${base}_${index}${total ? '_total' : ''}`;
      const metrics =
        type === 'summary' || type === 'histogram'
          ? fc.uniqueArray(metricArb(type, exemplars), { minLength: 1, maxLength: 3, selector: setKey })
          : fc.array(metricArb(type, exemplars), { minLength: 1, maxLength: 3 });
      return metrics.map((ms) => {
        const f: MetricFamily = { name, type, metrics: ms };
        if (help !== undefined) f.help = help;
        return f;
      });
    });
}

/** Up to `max` families in a random order. Exemplars only where OpenMetrics writes them, when asked. */
export function familiesArb(max = 5, exemplars = false): fc.Arbitrary<MetricFamily[]> {
  return fc
    .integer({ min: 0, max })
    .chain((n) =>
      n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => familyArb(i, exemplars))),
    );
}
