import { ruleTables } from '../rule-tables.js';

const H = '# TYPE h histogram\n';

ruleTables(
  'HISTOGRAM_BUCKET_ORDER',
  [
    { name: 'ascending', input: H + 'h_bucket{le="0.5"} 1\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 2\n' },
    { name: 'equal bounds are DUPLICATE_SERIES business', input: H + 'h_bucket{le="1"} 1\nh_bucket{le="1.0"} 1\n' },
    {
      name: 'NaN bound lines are dropped by the reference parser',
      input: H + 'h_bucket{le="NaN"} 1\nh_bucket{le="+Inf"} 1\n',
    },
    { name: 'negative bounds', input: H + 'h_bucket{le="-1"} 1\nh_bucket{le="0"} 2\n' },
  ],
  [
    {
      name: 'descending pair',
      input: H + 'h_bucket{le="1024"} 7\nh_bucket{le="512"} 4\nh_bucket{le="+Inf"} 9\n',
      expected: [
        {
          line: 3,
          column: 10,
          message: 'bucket le="512" of h comes after le="1024"; write buckets in ascending le order',
        },
      ],
    },
    {
      name: '+Inf first',
      input: H + 'h_bucket{le="+Inf"} 9\nh_bucket{le="1"} 4\nh_bucket{le="2"} 5\n',
      expected: [
        { line: 3, message: 'bucket le="1" of h comes after le="+Inf"; write buckets in ascending le order' },
        { line: 4, message: 'bucket le="2" of h comes after le="+Inf"; write buckets in ascending le order' },
      ],
    },
    {
      name: 'NaN bound (protobuf input; the text parser drops such lines)',
      input: [
        {
          name: 'h',
          type: 'histogram',
          metrics: [
            {
              labels: [],
              histogram: {
                buckets: [
                  { upperBound: NaN, cumulativeCount: 1 },
                  { upperBound: Infinity, cumulativeCount: 1 },
                ],
              },
            },
          ],
        },
      ],
      expected: [{ message: 'bucket le="NaN" of h has no upper bound' }],
    },
  ],
);
