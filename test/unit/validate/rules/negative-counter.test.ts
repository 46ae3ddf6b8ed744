import { ruleTables } from '../rule-tables.js';

const C = '# TYPE c_total counter\n';

ruleTables(
  'NEGATIVE_COUNTER',
  [
    { name: 'zero and positive', input: C + 'c_total{a="1"} 0\nc_total{a="2"} 5\n' },
    { name: 'negative zero', input: C + 'c_total -0\n' },
    { name: 'negative gauge', input: '# TYPE g gauge\ng -3\n' },
    { name: 'negative untyped', input: 'u -3\n' },
  ],
  [
    {
      name: 'negative, at the value',
      input: C + 'c_total{account="a"} -3\n',
      expected: [{ line: 2, column: 22, message: 'counter c_total{account="a"} is negative (-3)' }],
    },
    {
      name: '-Inf with blanks',
      input: C + 'c_total   -Inf 123\n',
      expected: [{ line: 2, column: 11, message: 'counter c_total is negative (-Inf)' }],
    },
    {
      name: 'tiny negative',
      input: C + 'c_total -1e-300\n',
      expected: [{ message: 'counter c_total is negative (-1e-300)' }],
    },
  ],
);
