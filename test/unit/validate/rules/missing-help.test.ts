import { ruleTables } from '../rule-tables.js';

ruleTables(
  'MISSING_HELP',
  [
    { name: 'help given', input: '# HELP a_total Requests.\n# TYPE a_total counter\na_total 1\n' },
    { name: 'help after the samples', input: 'a 1\n# HELP a Late help.\n' },
    { name: 'help of a family without samples is irrelevant', input: '# HELP b B.\n' },
    { name: 'empty input', input: '' },
  ],
  [
    { name: 'no help', input: 'a 1\n', expected: [{ line: 1, column: 1, message: 'no help text', family: 'a' }] },
    {
      name: 'empty help counts as none',
      input: '# HELP a\n# TYPE a gauge\na 1\n',
      expected: [{ line: 3, message: 'no help text' }],
    },
    { name: 'empty help with a blank', input: '# HELP a \na 1\n', expected: [{ line: 2, message: 'no help text' }] },
    {
      name: 'one per family, at its first sample',
      input: 'a 1\nb 2\na{x="1"} 3\n',
      expected: [
        { line: 1, message: 'no help text', family: 'a' },
        { line: 2, message: 'no help text', family: 'b' },
      ],
    },
    { name: 'indented first sample', input: '  a 1\n', expected: [{ line: 1, column: 3, message: 'no help text' }] },
  ],
);
