import { ruleTables } from '../rule-tables.js';

ruleTables(
  'NEGATIVE_SUM',
  [
    { name: 'positive summary sum', input: '# TYPE s summary\ns_sum 1\ns_count 1\n' },
    { name: 'zero histogram sum', input: '# TYPE h histogram\nh_sum 0\nh_bucket{le="+Inf"} 0\n' },
    { name: 'no sum', input: '# TYPE s summary\ns_count 1\n' },
  ],
  [
    {
      name: 'summary, at the _sum value',
      input: '# TYPE t summary\nt_count 4\nt_sum -12.5\n',
      expected: [{ line: 3, column: 7, message: '_sum of t is negative (-12.5)' }],
    },
    {
      name: 'histogram with labels',
      input: '# TYPE h histogram\nh_bucket{x="1",le="+Inf"} 1\nh_sum{x="1"} -1\n',
      expected: [{ line: 3, column: 14, message: '_sum of h{x="1"} is negative (-1)' }],
    },
  ],
);
