import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { formatTextFloat } from '../../../src/model/values.js';
import { serializeText } from '../../../src/serialize/index.js';

/**
 * Integer values below 1024 have their line ends written in advance. Every
 * line must read as if the value had been formatted: same digits, `-0` as
 * `0`, timestamps kept, each family's own name and labels.
 */

const SEED = 190422;

function gauge(name: string, value: number, labels: [string, string][] = [], timestampMs?: number): MetricFamily {
  const metric = { labels: labels.map(([n, v]) => ({ name: n, value: v })), value, timestampMs };
  if (timestampMs === undefined) delete metric.timestampMs;
  return { name, type: 'gauge', metrics: [metric] };
}

describe('sample lines with small integer values', () => {
  test(`read as the formatted value, with and without labels and timestamps (seed ${SEED})`, () => {
    console.log(`fast-check seed ${SEED}`);
    const value = fc.oneof(
      fc.integer({ min: 0, max: 1100 }),
      fc.constantFrom(-0, -1, 0.5, 1023.5, 1e6, NaN, Infinity, -Infinity),
      fc.double(),
    );
    fc.assert(
      fc.property(value, fc.boolean(), fc.option(fc.integer({ min: -1e6, max: 1e6 })), (v, labelled, ts) => {
        const labels: [string, string][] = labelled ? [['a', 'x']] : [];
        const out = serializeText([gauge('g', v, labels, ts ?? undefined)]);
        const line = `g${labelled ? '{a="x"}' : ''} ${formatTextFloat(v)}${ts === null ? '' : ` ${ts}`}\n`;
        expect(out).toBe('# TYPE g gauge\n' + line);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  test("regression: each family's first labelled line carries its own name", () => {
    const out = serializeText([gauge('first', 3, [['kind', 'a']]), gauge('second', 3, [['kind', 'a']])]);
    expect(out).toBe('# TYPE first gauge\nfirst{kind="a"} 3\n# TYPE second gauge\nsecond{kind="a"} 3\n');
  });

  test('summary and histogram counts, with and without a timestamp', () => {
    const families: MetricFamily[] = [
      {
        name: 's',
        type: 'summary',
        metrics: [{ labels: [], summary: { quantiles: [{ quantile: 0.5, value: 7 }], sum: 1023, count: 1024 } }],
      },
      {
        name: 'h',
        type: 'histogram',
        metrics: [
          {
            labels: [{ name: 'a', value: 'x' }],
            histogram: { buckets: [{ upperBound: 1, cumulativeCount: 2 }], sum: 0.5, count: 3 },
            timestampMs: 5,
          },
        ],
      },
    ];
    expect(serializeText(families)).toBe(
      [
        '# TYPE s summary',
        's{quantile="0.5"} 7',
        's_sum 1023',
        's_count 1024',
        '# TYPE h histogram',
        'h_bucket{a="x",le="1"} 2 5',
        'h_bucket{a="x",le="+Inf"} 3 5',
        'h_sum{a="x"} 0.5 5',
        'h_count{a="x"} 3 5',
        '',
      ].join('\n'),
    );
  });
});
