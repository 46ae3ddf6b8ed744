import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Bucket, Exemplar, Label, Metric, MetricFamily } from '../../src/model/types.js';
import { parse } from '../../src/parse/index.js';
import { OPENMETRICS_FULL, serializeOpenMetrics } from '../../src/serialize/index.js';

/**
 * `parse(serializeOpenMetrics(model, OPENMETRICS_FULL), { format: 'openmetrics' })`
 * equals the model for every model OpenMetrics can hold: all eight types,
 * units, created timestamps, exemplars with timestamps, sample timestamps,
 * unset `_count`/`_sum`. Only `-0` comes back as `0`.
 */
const SEED = 8_2026;

const labelValue = fc.oneof(
  fc.constantFrom('', 'v', 'x y', 'é✓🚀', '\\', '"', '\n', 'a\\nb', '# {}', '=,'),
  fc.string({ maxLength: 10 }),
);
const labelSets = (names: readonly string[], max: number) =>
  fc.uniqueArray(
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...names), labelValue), { maxLength: 3, selector: ([n]) => n })
      .map((ps) => ps.map(([name, value]): Label => ({ name, value }))),
    { minLength: 1, maxLength: max, selector: (ls) => JSON.stringify(ls.map((l) => [l.name, l.value]).sort()) },
  );
const LABELS = ['a', 'job', 'x_y', '_z'];

const anyFloat = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, 0.5, 1e21, NaN, Infinity, -Infinity));
const nonNegative = fc.oneof(fc.double({ min: 0, noNaN: true }), fc.constantFrom(0, 1, 2.5, 1e21, Infinity));
// The parser wants timestamps that stay finite in milliseconds.
const finite = fc.double({ min: -1e300, max: 1e300, noNaN: true });
const timestampMs = fc.option(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), { nil: undefined });
const created = fc.option(finite, { nil: undefined });
const exemplar = fc.option(
  fc.record(
    {
      labels: fc
        .uniqueArray(fc.tuple(fc.constantFrom('trace_id', 'span'), fc.string({ maxLength: 20 })), {
          maxLength: 2,
          selector: ([n]) => n,
        })
        .map((ps) => ps.map(([name, value]) => ({ name, value }))),
      value: anyFloat,
      timestamp: finite,
    },
    { requiredKeys: ['labels', 'value'] },
  ) as fc.Arbitrary<Exemplar>,
  { nil: undefined },
);

/** Copies `base` with the defined entries of `extra`. */
function withOptional<T extends object>(base: T, extra: Partial<T>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

const perSet = <T>(sets: fc.Arbitrary<Label[][]>, metric: (labels: Label[]) => fc.Arbitrary<T>) =>
  sets.chain((ss) => fc.tuple(...ss.map(metric)));

const counterMetrics = perSet(labelSets(LABELS, 3), (labels) =>
  fc
    .tuple(nonNegative, timestampMs, exemplar, created)
    .map(([value, ts, ex, c]) =>
      withOptional<Metric>({ labels, value }, { timestampMs: ts, exemplar: ex, createdTimestamp: c }),
    ),
);
const simpleMetrics = (value: fc.Arbitrary<number>) =>
  perSet(labelSets(LABELS, 3), (labels) =>
    fc.tuple(value, timestampMs).map(([v, ts]) => withOptional<Metric>({ labels, value: v }, { timestampMs: ts })),
  );
const statesetMetrics = (name: string) =>
  perSet(
    labelSets(['a', 'job'], 2).map((ss) => ss.map((ls) => [...ls, { name, value: 'state' }])),
    (labels) =>
      fc
        .tuple(fc.constantFrom(0, 1), timestampMs)
        .map(([v, ts]) => withOptional<Metric>({ labels, value: v }, { timestampMs: ts })),
  );
const summaryMetrics = perSet(labelSets(LABELS, 2), (labels) =>
  fc
    .tuple(
      fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
      fc.array(fc.oneof(nonNegative, fc.constant(NaN)), { minLength: 3, maxLength: 3 }),
      fc.option(fc.tuple(fc.nat(), nonNegative), { nil: undefined }),
      timestampMs,
      created,
    )
    .map(([qs, vs, cs, ts, c]) =>
      withOptional<Metric>(
        {
          labels,
          summary: withOptional<NonNullable<Metric['summary']>>(
            { quantiles: qs.map((q, i) => ({ quantile: q, value: vs[i] })) },
            { count: cs?.[0], sum: cs?.[1] },
          ),
        },
        { timestampMs: ts, createdTimestamp: c },
      ),
    ),
);
const histogramMetrics = (gauge: boolean) =>
  perSet(labelSets(LABELS, 2), (labels) =>
    fc
      .tuple(
        fc.uniqueArray(fc.double({ min: 0, max: 1e9, noNaN: true }), { maxLength: 3 }),
        fc.array(fc.nat({ max: 1000 }), { minLength: 4, maxLength: 4 }),
        fc.array(exemplar, { minLength: 4, maxLength: 4 }),
        fc.option(nonNegative, { nil: undefined }),
        timestampMs,
        created,
      )
      .map(([bounds, steps, exemplars, sum, ts, c]) => {
        let cumulative = 0;
        const buckets = [...bounds.sort((a, b) => a - b), Infinity].map((upperBound, i) => {
          cumulative += steps[i];
          return withOptional<Bucket>({ upperBound, cumulativeCount: cumulative }, { exemplar: exemplars[i] });
        });
        const histogram = withOptional<NonNullable<Metric['histogram']>>(
          { buckets },
          { count: sum === undefined ? undefined : cumulative, sum },
        );
        return withOptional<Metric>(
          { labels, histogram },
          { timestampMs: ts, createdTimestamp: gauge ? undefined : c },
        );
      }),
  );

const help = fc.option(
  fc.oneof(fc.constantFrom('Help.', 'a "quoted" \\ back\nslash', 'é✓'), fc.string({ minLength: 1, maxLength: 20 })),
  { nil: undefined },
);
const unit = fc.option(fc.constantFrom('seconds', 'bytes', 'ratio'), { nil: undefined });

/** A family of any OpenMetrics type on `base`, with a unit (ending its name) where the type allows one. */
const familyArb = (base: string): fc.Arbitrary<MetricFamily> =>
  fc.tuple(help, unit).chain(([h, u]) => {
    const name = u === undefined ? base : `${base}_${u}`;
    const family = (n: string, type: MetricFamily['type'], metrics: Metric[], withUnit = true) =>
      withOptional<MetricFamily>({ name: n, type, metrics }, { help: h, unit: withUnit ? u : undefined });
    return fc.oneof(
      counterMetrics.map((ms) => family(`${name}_total`, 'counter', ms)),
      simpleMetrics(anyFloat).map((ms) => family(name, 'gauge', ms)),
      simpleMetrics(anyFloat).map((ms) => family(name, 'unknown', ms)),
      summaryMetrics.map((ms) => family(name, 'summary', ms)),
      histogramMetrics(false).map((ms) => family(name, 'histogram', ms)),
      histogramMetrics(true).map((ms) => family(name, 'gaugehistogram', ms)),
      simpleMetrics(fc.constant(1)).map((ms) => family(`${base}_info`, 'info', ms, false)),
      statesetMetrics(base).map((ms) => family(base, 'stateset', ms, false)),
    );
  });

const BASES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const modelArb = fc
  .shuffledSubarray(BASES, { minLength: 1, maxLength: 4 })
  .chain((bases) => fc.tuple(...bases.map(familyArb)));

/** -0 is written `0.0`. */
function zeroed(families: MetricFamily[]): MetricFamily[] {
  return JSON.parse(
    JSON.stringify(families, (_k, v) =>
      Object.is(v, -0) ? 0 : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    ),
  ) as MetricFamily[];
}

describe(`OpenMetrics serialize with OPENMETRICS_FULL → parse (seed ${SEED})`, () => {
  test('gives the model back', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(modelArb, (model) => {
        const text = serializeOpenMetrics(model, OPENMETRICS_FULL);
        const back = parse(text, { format: 'openmetrics' });
        expect(zeroed(back)).toEqual(zeroed(model));
        expect(parse(Buffer.from(text), { format: 'openmetrics', engine: 'grammar' })).toEqual(back);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('the generator reaches every type and every optional field', () => {
    const all = fc.sample(modelArb, { seed: SEED, numRuns: 200 }).flat();
    for (const t of ['counter', 'gauge', 'unknown', 'summary', 'histogram', 'gaugehistogram', 'info', 'stateset'])
      expect(all.some((f) => f.type === t)).toBe(true);
    const metrics = all.flatMap((f) => f.metrics);
    expect(all.some((f) => f.unit !== undefined)).toBe(true);
    expect(metrics.some((m) => m.createdTimestamp !== undefined)).toBe(true);
    expect(metrics.some((m) => m.exemplar?.timestamp !== undefined)).toBe(true);
    expect(metrics.some((m) => m.histogram && m.histogram.count === undefined)).toBe(true);
  });
});
