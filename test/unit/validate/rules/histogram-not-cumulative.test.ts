import { ruleTables } from '../rule-tables.js';

const H = '# TYPE h histogram\n';

ruleTables(
  'HISTOGRAM_NOT_CUMULATIVE',
  [
    { name: 'cumulative', input: H + 'h_bucket{le="0.1"} 1\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 3\nh_count 3\n' },
    { name: 'equal counts', input: H + 'h_bucket{le="1"} 2\nh_bucket{le="2"} 2\nh_bucket{le="+Inf"} 2\n' },
    {
      name: 'cumulative once sorted by le',
      input: H + 'h_bucket{le="+Inf"} 5\nh_bucket{le="1"} 1\nh_bucket{le="2"} 4\n',
    },
    { name: 'one bucket', input: H + 'h_bucket{le="+Inf"} 5\n' },
    { name: 'series are separate', input: H + 'h_bucket{a="1",le="1"} 9\nh_bucket{a="2",le="2"} 1\n' },
  ],
  [
    {
      name: 'drop points at the bucket line',
      input: H + 'h_bucket{le="0.1"} 5\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 9\n',
      expected: [
        {
          line: 3,
          column: 10,
          message: 'bucket le="1" of h counts 3, fewer than the 5 of le="0.1"; buckets must be cumulative',
        },
      ],
    },
    {
      name: 'out of order input, compared by le',
      input: H + 'h_bucket{k="v",le="+Inf"} 2\nh_bucket{k="v",le="1"} 3\n',
      expected: [
        {
          line: 2,
          column: 16,
          message: 'bucket le="+Inf" of h{k="v"} counts 2, fewer than the 3 of le="1"; buckets must be cumulative',
        },
      ],
    },
    {
      name: 'the right series among interleaved ones',
      input:
        H + 'h_bucket{a="1",le="1"} 1\nh_bucket{a="2",le="1"} 5\nh_bucket{a="1",le="2"} 2\nh_bucket{a="2",le="2"} 4\n',
      expected: [{ line: 5, column: 16, message: /^bucket le="2" of h\{a="2"\} counts 4, fewer than the 5/ }],
    },
  ],
);
