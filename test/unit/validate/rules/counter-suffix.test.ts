import { ruleTables } from '../rule-tables.js';

ruleTables(
  'COUNTER_SUFFIX',
  [
    { name: 'counter with _total', input: '# TYPE a_total counter\na_total 1\n' },
    { name: 'gauge without _total', input: '# TYPE a gauge\na 1\n' },
    { name: 'untyped with _total', input: 'a_total 1\n' },
    { name: 'untyped without _total', input: 'a 1\n' },
  ],
  [
    {
      name: 'counter without _total, at the TYPE line',
      input: '# HELP jobs x\n# TYPE jobs counter\njobs 3\n',
      expected: [{ line: 2, column: 8, message: 'counter metrics should have "_total" suffix' }],
    },
    {
      name: 'gauge with _total',
      input: '# TYPE q_total gauge\nq_total 4\n',
      expected: [{ line: 1, message: 'non-counter metrics should not have "_total" suffix' }],
    },
    {
      name: 'summary with _total',
      input: '# TYPE s_total summary\ns_total_sum 1\ns_total_count 1\n',
      expected: [{ message: 'non-counter metrics should not have "_total" suffix' }],
    },
    {
      name: 'histogram with _total',
      input: '# TYPE h_total histogram\nh_total_bucket{le="+Inf"} 1\n',
      expected: [{ message: 'non-counter metrics should not have "_total" suffix' }],
    },
    {
      name: 'TYPE written without a blank after #',
      input: '#TYPE c counter\nc 1\n',
      expected: [{ line: 1, column: 7, message: 'counter metrics should have "_total" suffix' }],
    },
  ],
);
