import { ruleTables } from '../rule-tables.js';

ruleTables(
  'CAMEL_CASE',
  [
    { name: 'snake case', input: 'http_requests_total{status_code="200"} 1\n' },
    { name: 'all upper case', input: 'HTTP_REQUESTS{URL="/"} 1\n' },
    { name: 'upper then lower', input: 'Requests_total 1\n' },
    { name: 'camel case in a value', input: 'x{a="fooBar"} 1\n' },
  ],
  [
    {
      name: 'metric name',
      input: 'httpRequests 1\n',
      expected: [{ line: 1, column: 1, message: "metric names should be written in 'snake_case' not 'camelCase'" }],
    },
    {
      name: 'label name, once per series',
      input: 'x{statusCode="200"} 1\nx{statusCode="500"} 2\n',
      expected: [
        { line: 1, column: 3, message: "label names should be written in 'snake_case' not 'camelCase'" },
        { line: 2, column: 3, message: "label names should be written in 'snake_case' not 'camelCase'" },
      ],
    },
    {
      name: 'digit then upper is fine, lower then upper is not',
      input: 'x1Y_aB 1\n',
      expected: [{ message: "metric names should be written in 'snake_case' not 'camelCase'" }],
    },
  ],
);
