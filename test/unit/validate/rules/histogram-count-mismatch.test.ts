import { ruleTables } from '../rule-tables.js';

const H = '# TYPE h histogram\n';

ruleTables(
  'HISTOGRAM_COUNT_MISMATCH',
  [
    { name: 'equal', input: H + 'h_bucket{le="+Inf"} 10\nh_count 10\n' },
    { name: 'no +Inf bucket (HISTOGRAM_MISSING_INF)', input: H + 'h_bucket{le="1"} 10\nh_count 11\n' },
    { name: 'fractions truncate as in the reference', input: H + 'h_bucket{le="+Inf"} 10.7\nh_count 10.2\n' },
  ],
  [
    {
      name: 'different, at the _count value',
      input: H + 'h_bucket{p="/a",le="+Inf"} 10\nh_sum{p="/a"} 3\nh_count{p="/a"} 9\n',
      expected: [
        {
          line: 4,
          column: 17,
          message: '_count of h{p="/a"} is 9 but its le="+Inf" bucket counts 10; they must be equal',
        },
      ],
    },
    {
      name: 'no _count, at the +Inf bucket',
      input: H + 'h_bucket{le="+Inf"} 2\nh_sum 1\n',
      expected: [
        {
          line: 2,
          column: 10,
          message: 'histogram h has no _count line but its le="+Inf" bucket counts 2; a missing _count is written as 0',
        },
      ],
    },
  ],
);
