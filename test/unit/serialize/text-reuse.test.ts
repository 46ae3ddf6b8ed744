// What the text writer reuses (HELP/TYPE lines across outputs, bucket and quantile bounds across the series
// of a family) never leaks into an output where the family or the series differ.
import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { SerializeError, serializeText } from '../../../src/serialize/index.js';

const gauge = (help: string | undefined, type: MetricFamily['type'] = 'gauge'): MetricFamily => ({
  name: 'reused_head',
  ...(help === undefined ? {} : { help }),
  type,
  metrics: [{ labels: [], value: 1 }],
});

describe('HELP and TYPE lines of a family written again', () => {
  test('a changed HELP text, type or missing HELP is written as it is now', () => {
    expect(serializeText([gauge('first')])).toBe('# HELP reused_head first\n# TYPE reused_head gauge\nreused_head 1\n');
    expect(serializeText([gauge('second \\ line\nbreak')])).toBe(
      '# HELP reused_head second \\\\ line\\nbreak\n# TYPE reused_head gauge\nreused_head 1\n',
    );
    expect(serializeText([gauge('second \\ line\nbreak', 'counter')])).toBe(
      '# HELP reused_head second \\\\ line\\nbreak\n# TYPE reused_head counter\nreused_head 1\n',
    );
    expect(serializeText([gauge(undefined, 'counter')])).toBe('# TYPE reused_head counter\nreused_head 1\n');
    expect(serializeText([gauge('')])).toBe('# HELP reused_head \n# TYPE reused_head gauge\nreused_head 1\n');
    expect(serializeText([gauge('first')])).toBe('# HELP reused_head first\n# TYPE reused_head gauge\nreused_head 1\n');
  });
});

const series = (name: string, ...sets: [string, string][][]): MetricFamily => ({
  name,
  type: 'gauge',
  metrics: sets.map((labels, i) => ({ labels: labels.map(([n, value]) => ({ name: n, value })), value: i })),
});

describe('the start of labelled sample lines', () => {
  test('series whose first label changes, and families after them, start with their own name and label', () => {
    const families = [
      series(
        'a',
        [['x', '1']],
        [['y', '2']],
        [
          ['x', '3'],
          ['y', '4'],
        ],
        [],
        [['x', 'q"\\\n']],
      ),
      series('b', [['x', '5']], [['y', '6']]),
      series('c', [['y', '7']]),
    ];
    expect(serializeText(families)).toBe(
      [
        '# TYPE a gauge',
        'a{x="1"} 0',
        'a{y="2"} 1',
        'a{x="3",y="4"} 2',
        'a 3',
        'a{x="q\\"\\\\\\n"} 4',
        '# TYPE b gauge',
        'b{x="5"} 0',
        'b{y="6"} 1',
        '# TYPE c gauge',
        'c{y="7"} 0',
        '',
      ].join('\n'),
    );
  });

  test('across outputs, a family whose first label name changes starts with the one it has now', () => {
    expect(serializeText([series('kept_open', [['x', '1']], [['x', '2']])])).toBe(
      '# TYPE kept_open gauge\nkept_open{x="1"} 0\nkept_open{x="2"} 1\n',
    );
    expect(serializeText([series('kept_open', [['y', '1']], [['x', '2']])])).toBe(
      '# TYPE kept_open gauge\nkept_open{y="1"} 0\nkept_open{x="2"} 1\n',
    );
    expect(serializeText([series('kept_open', [], [['x', '2']])])).toBe(
      '# TYPE kept_open gauge\nkept_open 0\nkept_open{x="2"} 1\n',
    );
    const summary: MetricFamily = {
      name: 'kept_open',
      type: 'summary',
      metrics: [{ labels: [{ name: 'x', value: '1' }], summary: { quantiles: [], sum: 1, count: 2 } }],
    };
    expect(serializeText([summary])).toBe(
      '# TYPE kept_open summary\nkept_open_sum{x="1"} 1\nkept_open_count{x="1"} 2\n',
    );
    expect(serializeText([series('kept_open', [['x', '3']])])).toBe('# TYPE kept_open gauge\nkept_open{x="3"} 0\n');
  });

  test('a repeated or illegal label is refused after a series with the same first label', () => {
    expect(() =>
      serializeText([
        series(
          'd',
          [['x', '1']],
          [
            ['x', '2'],
            ['x', '3'],
          ],
        ),
      ]),
    ).toThrow(new SerializeError('duplicate label name "x" in metric "d"', 'd'));
    expect(() =>
      serializeText([
        series(
          'e',
          [['x', '1']],
          [
            ['x', '2'],
            ['x.y', '3'],
          ],
        ),
      ]),
    ).toThrow('invalid label name "x.y" in metric "e"');
  });
});

describe('label names checked once per family', () => {
  const summary = (name: string, labels: [string, string][]): MetricFamily => ({
    name,
    type: 'summary',
    metrics: [
      { labels: labels.map(([n, value]) => ({ name: n, value })), summary: { count: 1, sum: 1, quantiles: [] } },
    ],
  });

  test('series of the same length whose names differ from the last checked ones are checked again', () => {
    const pairs = (...names: string[]): [string, string][] => names.map((n, i) => [n, String(i)]);
    expect(() => serializeText([series('f', pairs('x', 'y'), pairs('x', 'x'))])).toThrow(
      new SerializeError('duplicate label name "x" in metric "f"', 'f'),
    );
    expect(() => serializeText([series('g', pairs('x', 'y'), pairs('x', '__name__'))])).toThrow(
      'label name "__name__" is reserved in metric "g"',
    );
    expect(serializeText([series('h', pairs('x', 'y'), pairs('x', 'z'), pairs('x', 'y'))])).toBe(
      '# TYPE h gauge\nh{x="0",y="1"} 0\nh{x="0",z="1"} 1\nh{x="0",y="1"} 2\n',
    );
  });

  test('names that passed in one family are checked again in the next (`quantile` is legal on a gauge only)', () => {
    const names: [string, string][] = [['quantile', 'q']];
    expect(serializeText([series('i', names)])).toBe('# TYPE i gauge\ni{quantile="q"} 0\n');
    expect(() => serializeText([series('j', names), summary('k', names)])).toThrow(
      'label name "quantile" is reserved for the samples of summary "k"',
    );
  });

  test('a failed check is not remembered as passed', () => {
    const f = series('l', [
      ['x', '1'],
      ['x', '2'],
    ]);
    expect(() => serializeText([f])).toThrow('duplicate label name "x" in metric "l"');
    expect(() => serializeText([f])).toThrow('duplicate label name "x" in metric "l"');
  });
});

describe('bounds of buckets and quantiles', () => {
  test('series of one histogram with different bounds each get their own', () => {
    const h: MetricFamily = {
      name: 'h',
      type: 'histogram',
      metrics: [
        {
          labels: [{ name: 'a', value: '1' }],
          histogram: {
            count: 2,
            sum: 1,
            buckets: [
              { upperBound: 0, cumulativeCount: 1 },
              { upperBound: 1, cumulativeCount: 2 },
            ],
          },
        },
        {
          labels: [{ name: 'a', value: '2' }],
          histogram: {
            count: 3,
            sum: 2,
            buckets: [
              { upperBound: -0, cumulativeCount: 1 },
              { upperBound: 2, cumulativeCount: 2 },
              { upperBound: NaN, cumulativeCount: 3 },
            ],
          },
        },
        {
          labels: [{ name: 'a', value: '3' }],
          histogram: {
            count: 4,
            sum: 3,
            buckets: [
              { upperBound: NaN, cumulativeCount: 1 },
              { upperBound: 2, cumulativeCount: 2 },
              { upperBound: NaN, cumulativeCount: 3 },
              { upperBound: Infinity, cumulativeCount: 4 },
            ],
          },
        },
        { labels: [{ name: 'a', value: '4' }], histogram: { count: 5, sum: 4, buckets: [] } },
      ],
    };
    expect(serializeText([h])).toBe(
      [
        '# TYPE h histogram',
        'h_bucket{a="1",le="0"} 1',
        'h_bucket{a="1",le="1"} 2',
        'h_bucket{a="1",le="+Inf"} 2',
        'h_sum{a="1"} 1',
        'h_count{a="1"} 2',
        'h_bucket{a="2",le="0"} 1',
        'h_bucket{a="2",le="2"} 2',
        'h_bucket{a="2",le="NaN"} 3',
        'h_bucket{a="2",le="+Inf"} 3',
        'h_sum{a="2"} 2',
        'h_count{a="2"} 3',
        'h_bucket{a="3",le="NaN"} 1',
        'h_bucket{a="3",le="2"} 2',
        'h_bucket{a="3",le="NaN"} 3',
        'h_bucket{a="3",le="+Inf"} 4',
        'h_sum{a="3"} 3',
        'h_count{a="3"} 4',
        'h_bucket{a="4",le="+Inf"} 5',
        'h_sum{a="4"} 4',
        'h_count{a="4"} 5',
        '',
      ].join('\n'),
    );
  });

  test('the next family does not reuse the bounds of the one before', () => {
    const s = (name: string, q: number[]): MetricFamily => ({
      name,
      type: 'summary',
      metrics: [
        { labels: [], summary: { count: 1, sum: 1, quantiles: q.map((quantile) => ({ quantile, value: 7 })) } },
      ],
    });
    expect(serializeText([s('a', [0.5, 0.9]), s('b', [0.25, 0.9, 0.99])])).toBe(
      [
        '# TYPE a summary',
        'a{quantile="0.5"} 7',
        'a{quantile="0.9"} 7',
        'a_sum 1',
        'a_count 1',
        '# TYPE b summary',
        'b{quantile="0.25"} 7',
        'b{quantile="0.9"} 7',
        'b{quantile="0.99"} 7',
        'b_sum 1',
        'b_count 1',
        '',
      ].join('\n'),
    );
  });
});
