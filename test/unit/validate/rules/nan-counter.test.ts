import { ruleTables } from '../rule-tables.js';

ruleTables(
  'NAN_COUNTER',
  [
    { name: 'NaN gauge', input: '# TYPE r gauge\nr NaN\n' },
    { name: 'NaN untyped', input: 'u NaN\n' },
    { name: 'NaN quantile value', input: '# TYPE s summary\ns{quantile="0.5"} NaN\n' },
    { name: 'finite counter', input: '# TYPE c_total counter\nc_total 1\n' },
  ],
  [
    {
      name: 'counter, at the value',
      input: '# TYPE c_total counter\nc_total NaN\n',
      expected: [{ line: 2, column: 9, message: 'counter c_total is NaN' }],
    },
    {
      name: 'lower-case nan',
      input: '# TYPE c_total counter\nc_total{a="b"} nan\n',
      expected: [{ message: 'counter c_total{a="b"} is NaN' }],
    },
    {
      name: 'histogram _sum',
      input: '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum NaN\nh_count 1\n',
      expected: [{ line: 3, column: 7, message: '_sum of h is NaN' }],
    },
    {
      name: 'summary _sum',
      input: '# TYPE s summary\ns_sum NaN\n',
      expected: [{ line: 2, message: '_sum of s is NaN' }],
    },
  ],
);
