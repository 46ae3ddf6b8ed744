import { ruleTables } from '../rule-tables.js';

const labels = (n: number): string => Array.from({ length: n }, (_, i) => `l${i}="v"`).join(',');

ruleTables(
  'LABEL_LIMIT',
  [
    { name: '30 labels by default', input: `x{${labels(30)}} 1\n` },
    { name: 'at a configured limit', input: 'x{a="1",b="2"} 1\n', options: { limits: { maxLabels: 2 } } },
  ],
  [
    {
      name: '31 labels by default',
      input: `x{${labels(31)}} 1\n`,
      expected: [{ line: 1, column: 1, message: /^series x\{l0="v",.*\} has 31 labels, more than the limit of 30$/ }],
    },
    {
      name: 'configured limit',
      input: 'x{a="1",b="2",c="3"} 1\n',
      options: { limits: { maxLabels: 2 } },
      expected: [{ message: 'series x{a="1",b="2",c="3"} has 3 labels, more than the limit of 2' }],
    },
    {
      name: 'le counts',
      input: '# TYPE h histogram\nh_bucket{a="1",b="2",le="+Inf"} 1\n',
      options: { limits: { maxLabels: 2 } },
      expected: [{ line: 2, message: 'series h{a="1",b="2"} has 3 labels, more than the limit of 2' }],
    },
  ],
);
