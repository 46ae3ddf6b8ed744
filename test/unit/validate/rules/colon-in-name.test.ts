import { ruleTables } from '../rule-tables.js';

ruleTables(
  'COLON_IN_NAME',
  [
    { name: 'snake case', input: 'http_requests_total 3\n' },
    { name: 'colon in a label value', input: 'x{a="b:c"} 3\n' },
  ],
  [
    {
      name: 'recording-rule style name',
      input: 'job:http_requests:rate5m 3\n',
      expected: [{ line: 1, column: 1, message: "metric names should not contain ':'" }],
    },
    { name: 'leading colon', input: ':x 3\n', expected: [{ message: "metric names should not contain ':'" }] },
  ],
);
