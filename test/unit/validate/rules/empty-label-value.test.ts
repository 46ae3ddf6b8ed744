import { ruleTables } from '../rule-tables.js';

ruleTables(
  'EMPTY_LABEL_VALUE',
  [
    { name: 'values given', input: 'x{a="1",b=" "} 1\n' },
    { name: 'no labels', input: 'x 1\n' },
  ],
  [
    {
      name: 'empty value, at the label',
      input: 'disk_free_bytes{device="",x="1"} 1e9\n',
      expected: [
        { line: 1, column: 17, message: 'label "device" has an empty value; Prometheus stores the series without it' },
      ],
    },
    {
      name: 'two empties',
      input: 'x{a="",b=""} 1\n',
      expected: [
        { column: 3, message: /^label "a"/ },
        { column: 8, message: /^label "b"/ },
      ],
    },
  ],
);
