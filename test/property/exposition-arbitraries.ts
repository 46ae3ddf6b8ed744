/**
 * Pushes for the exposition properties: random families (exemplars
 * included) into three groups, and families whose OpenMetrics names collide
 * with each other (each fine on its own).
 */
import fc from 'fast-check';
import type { MetricFamily, WriteRequest } from '../../src/model/types.js';
import { familiesArb } from '../helpers/model-arbitrary.js';

const one = (name: string, type: MetricFamily['type']): MetricFamily => ({
  name,
  type,
  metrics: [
    type === 'summary'
      ? { labels: [], summary: { count: 1, sum: 2, quantiles: [{ quantile: 0.5, value: 1 }] } }
      : type === 'histogram'
        ? { labels: [], histogram: { count: 1, sum: 2, buckets: [{ upperBound: 1, cumulativeCount: 1 }] } }
        : { labels: [], value: 1 },
  ],
});

/** Families whose OpenMetrics names collide with each other (each fine on its own). */
const CLASHING: MetricFamily[] = [
  one('clash', 'gauge'),
  one('clash_total', 'counter'),
  one('s', 'summary'),
  one('s_count', 'gauge'),
  one('h', 'histogram'),
  one('h_bucket', 'untyped'),
  one('k_total', 'counter'),
  one('k_created', 'gauge'),
];

/** One push (replace or merge) of random or clashing families to job a, b or c. */
export const pushArb: fc.Arbitrary<WriteRequest> = fc
  .record({
    job: fc.constantFrom('a', 'b', 'c'),
    families: fc.oneof(
      familiesArb(3, true),
      fc.subarray(CLASHING, { minLength: 1, maxLength: 2 }).map((fs) => fs.map((f) => structuredClone(f))),
    ),
    mode: fc.constantFrom('replace' as const, 'merge' as const),
  })
  .map(({ job, families, mode }) => ({
    grouping: [{ name: 'job', value: job }],
    mode,
    families,
    receivedAt: 1_700_000_000_000,
  }));
