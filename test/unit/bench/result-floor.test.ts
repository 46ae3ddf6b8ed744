import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from 'vitest';
import { DEFAULT_GENERATE, generatePayload } from '../../../src/bench/generate.js';
import { resultBuilder } from '../../../src/bench/result-floor.js';
import type { Label, MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';

/** Every label object of a result, in order of appearance (with repeats). */
function labelObjects(families: readonly MetricFamily[]): Label[] {
  return families.flatMap((f) => f.metrics.flatMap((m) => m.labels));
}

/** Every object and array reachable from `v`. */
function objects(v: unknown, into = new Set<object>()): Set<object> {
  if (v === null || typeof v !== 'object' || into.has(v)) return into;
  into.add(v);
  for (const x of Object.values(v)) objects(x, into);
  return into;
}

const GENERATED = generatePayload({ ...DEFAULT_GENERATE, series: 2000, families: 20, escapes: 0.1, timestamps: 0.2 });

const CASES: { name: string; families: () => MetricFamily[] }[] = [
  { name: 'a generated payload (histograms, summaries, escapes, timestamps)', families: () => parse(GENERATED) },
  {
    name: 'UTF-8 label values and help, a gauge histogram, an untyped metric with no labels',
    families: () =>
      parse(
        [
          '# HELP temp Température en °C',
          '# TYPE temp gauge',
          'temp{city="Zürich",sensor="南"} 21.5',
          'temp{city="Zürich",sensor="北"} 19',
          '# TYPE gh gauge_histogram',
          'gh_bucket{le="1"} 2',
          'up 1',
          '',
        ].join('\n'),
      ),
  },
  {
    name: 'OpenMetrics with exemplars, units and created timestamps',
    families: () =>
      parse(
        [
          '# TYPE req_seconds histogram',
          '# UNIT req_seconds seconds',
          'req_seconds_bucket{le="0.5"} 3 # {trace_id="abc"} 0.2 1700000000.5',
          'req_seconds_bucket{le="+Inf"} 4',
          'req_seconds_count 4',
          'req_seconds_sum 1.5',
          'req_seconds_created 1700000000',
          '# TYPE jobs counter',
          'jobs_total{kind="a"} 7 # {id="1"} 1',
          '# EOF',
          '',
        ].join('\n'),
        { format: 'openmetrics' },
      ),
  },
];

describe('resultBuilder', () => {
  test.each(CASES)('builds a result equal to the template: $name', ({ families }) => {
    const template = families();
    const build = resultBuilder(template);
    expect(isDeepStrictEqual(build(), template)).toBe(true);
    // Every call builds it again.
    expect(isDeepStrictEqual(build(), template)).toBe(true);
  });

  test.each(CASES)('shares label objects between the same metrics as the template: $name', ({ families }) => {
    const template = families();
    const built = resultBuilder(template)();
    const want = labelObjects(template);
    const got = labelObjects(built);
    expect(new Set(got).size).toBe(new Set(want).size);
    for (let i = 0; i < want.length; i++) {
      for (const j of [i + 1, i + 7]) {
        if (j < want.length) expect(got[i] === got[j]).toBe(want[i] === want[j]);
      }
    }
  });

  test.each(CASES)('makes every object anew, leaving the template as it was: $name', ({ families }) => {
    const template = families();
    const snapshot = structuredClone(template);
    const build = resultBuilder(template);
    const first = objects(build());
    const second = objects(build());
    for (const o of objects(template)) {
      // The help bytes of a family are the template's, as a parser hands the same bytes on.
      if (!(o instanceof Uint8Array)) expect(first.has(o) || second.has(o)).toBe(false);
    }
    for (const o of first) if (!(o instanceof Uint8Array)) expect(second.has(o)).toBe(false);
    expect(template).toEqual(snapshot);
  });

  test('the generated case exercises the literal shapes, the copied one and shared labels', () => {
    const families = parse(GENERATED);
    const labels = labelObjects(families);
    expect(new Set(labels).size).toBeLessThan(labels.length);
    const metrics = families.flatMap((f) => f.metrics);
    expect(metrics.some((m) => m.summary !== undefined && m.timestampMs === undefined)).toBe(true);
    expect(metrics.some((m) => m.histogram !== undefined && m.timestampMs === undefined)).toBe(true);
    expect(metrics.some((m) => m.value !== undefined && m.timestampMs === undefined)).toBe(true);
    expect(metrics.some((m) => m.timestampMs !== undefined)).toBe(true);
  });
});
