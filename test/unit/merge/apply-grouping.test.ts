import { describe, expect, test } from 'vitest';
import { applyGrouping, groupLabels } from '../../../src/merge/apply-grouping.js';
import { parseGroupingPath } from '../../../src/merge/grouping-key.js';
import type { Label, MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';

const L = (pairs: Array<[string, string]>): Label[] => pairs.map(([name, value]) => ({ name, value }));

// docs/pushgateway-compat.md, "Push processing" step 3 (observed on 1.5.1): push path, body sample, stored labels.
describe('applyGrouping as the Pushgateway stores series', () => {
  test.each([
    {
      name: 'body job is overwritten',
      path: '/metrics/job/s09_a',
      body: 's09_m1{job="bodyjob"} 1\n',
      stored: L([
        ['instance', ''],
        ['job', 's09_a'],
      ]),
    },
    {
      name: 'body instance is kept when not in the key',
      path: '/metrics/job/s09_b',
      body: 's09_m2{instance="bodyinst"} 1\n',
      stored: L([
        ['instance', 'bodyinst'],
        ['job', 's09_b'],
      ]),
    },
    {
      name: 'grouping instance wins',
      path: '/metrics/job/s09_c/instance/urlinst',
      body: 's09_m3{instance="bodyinst"} 1\n',
      stored: L([
        ['instance', 'urlinst'],
        ['job', 's09_c'],
      ]),
    },
    {
      name: 'grouping label overwrites, others kept, sorted',
      path: '/metrics/job/s09_d/foo/url',
      body: 's09_m4{foo="body",bar="x"} 1\n',
      stored: L([
        ['bar', 'x'],
        ['foo', 'url'],
        ['instance', ''],
        ['job', 's09_d'],
      ]),
    },
    {
      name: 'byte order puts U__ before instance',
      path: '/metrics/job/s07/U__a_2e_b/1',
      body: 'm 1\n',
      stored: L([
        ['U__a_2e_b', '1'],
        ['instance', ''],
        ['job', 's07'],
      ]),
    },
    {
      name: 'explicit empty instance in the key',
      path: '/metrics/job/s52/instance@base64/=',
      body: 'm{instance="x"} 1\n',
      stored: L([
        ['instance', ''],
        ['job', 's52'],
      ]),
    },
  ])('$name', ({ path, body, stored }) => {
    const [family] = applyGrouping(parse(body), parseGroupingPath(path));
    expect(family.metrics.map((m) => m.labels)).toEqual([stored]);
  });

  test('summary and histogram series get the grouping too, le/quantile stay out of the labels', () => {
    const body =
      '# TYPE s summary\ns{quantile="0.5",a="1"} 2\ns_sum{a="1"} 3\ns_count{a="1"} 4\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n';
    const out = applyGrouping(parse(body), L([['job', 'j']]));
    expect(out.map((f) => f.metrics.map((m) => m.labels))).toEqual([
      [
        L([
          ['a', '1'],
          ['instance', ''],
          ['job', 'j'],
        ]),
      ],
      [
        L([
          ['instance', ''],
          ['job', 'j'],
        ]),
      ],
    ]);
    expect(out[0].metrics[0].summary).toEqual({ quantiles: [{ quantile: 0.5, value: 2 }], sum: 3, count: 4 });
    expect(out[1].metrics[0].histogram?.buckets).toEqual([
      { upperBound: 1, cumulativeCount: 1 },
      { upperBound: Infinity, cumulativeCount: 2 },
    ]);
  });

  test('does not mutate its input and shares nothing with it', () => {
    const input: MetricFamily[] = [
      {
        name: 'h',
        help: 'x',
        type: 'histogram',
        metrics: [
          {
            labels: L([
              ['z', '1'],
              ['job', 'body'],
            ]),
            histogram: {
              count: 1,
              buckets: [{ upperBound: 1, cumulativeCount: 1, exemplar: { labels: L([['t', 'a']]), value: 1 } }],
            },
          },
        ],
      },
    ];
    const before = structuredClone(input);
    const out = applyGrouping(input, L([['job', 'j']]));
    expect(input).toEqual(before);
    out[0].metrics[0].labels[0].value = 'changed';
    out[0].metrics[0].histogram!.buckets[0].exemplar!.labels[0].value = 'changed';
    out[0].metrics[0].histogram!.buckets.push({ upperBound: 2, cumulativeCount: 2 });
    expect(input).toEqual(before);
    expect(out[0]).toMatchObject({ name: 'h', help: 'x', type: 'histogram' });
  });
});

describe('groupLabels', () => {
  test.each([
    { name: 'no labels, no grouping', labels: L([]), grouping: L([]), expected: L([['instance', '']]) },
    {
      name: 'only the first of a repeated body name is overwritten',
      labels: L([
        ['a', 'x'],
        ['a', 'y'],
      ]),
      grouping: L([['a', 'g']]),
      expected: L([
        ['a', 'g'],
        ['a', 'y'],
        ['instance', ''],
      ]),
    },
    {
      name: 'body instance with empty value counts as present',
      labels: L([['instance', '']]),
      grouping: L([['job', 'j']]),
      expected: L([
        ['instance', ''],
        ['job', 'j'],
      ]),
    },
    {
      name: 'grouping le is added like any label',
      labels: L([]),
      grouping: L([
        ['job', 'j'],
        ['le', '7'],
      ]),
      expected: L([
        ['instance', ''],
        ['job', 'j'],
        ['le', '7'],
      ]),
    },
    {
      name: 'sorted by byte order',
      labels: L([
        ['b', '1'],
        ['B', '2'],
        ['_', '3'],
      ]),
      grouping: L([]),
      expected: L([
        ['B', '2'],
        ['_', '3'],
        ['b', '1'],
        ['instance', ''],
      ]),
    },
  ])('$name', ({ labels, grouping, expected }) => {
    expect(groupLabels(labels, grouping)).toEqual(expected);
  });
});
