import { ruleTables } from '../rule-tables.js';

const H = '# TYPE h histogram\n';

ruleTables(
  'HISTOGRAM_MISSING_INF',
  [
    { name: '+Inf present', input: H + 'h_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_count 1\n' },
    { name: '+Inf spelled inf', input: H + 'h_bucket{le="inf"} 1\n' },
    { name: 'not a histogram', input: '# TYPE g gauge\ng{le="1"} 1\n' },
  ],
  [
    {
      name: 'no +Inf, at the first line of the series',
      input: H + 'h_bucket{le="1"} 3\nh_count 4\nh_sum 2.5\n',
      expected: [
        {
          line: 2,
          column: 1,
          message:
            'histogram h has no le="+Inf" bucket; serializers and the Pushgateway add one counting 4 (its _count)',
        },
      ],
    },
    {
      name: 'only _sum and _count',
      input: H + 'h_sum{a="b"} 1\nh_count{a="b"} 2\n',
      expected: [{ line: 2, message: /^histogram h\{a="b"\} has no le="\+Inf" bucket/ }],
    },
    {
      name: 'no _count either',
      input: H + 'h_bucket{le="1"} 3\n',
      expected: [{ message: /counting 0 \(its _count\)$/ }],
    },
  ],
);
