import { ruleTables } from '../rule-tables.js';

ruleTables(
  'DUPLICATE_SERIES',
  [
    { name: 'different values of a label', input: 'x{a="1"} 1\nx{a="2"} 1\n' },
    { name: 'different families', input: 'x 1\ny 1\n' },
    { name: 'subset of labels', input: 'x{a="1"} 1\nx{a="1",b="2"} 1\n' },
    { name: 'distinct buckets', input: '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="2"} 1\n' },
  ],
  [
    {
      name: 'same labels in another order',
      input: 'x{a="1",b="2"} 1\nx{b="2",a="1"} 2\n',
      expected: [{ line: 2, column: 1, message: 'series x{b="2",a="1"} appears more than once; first on line 1' }],
    },
    {
      name: 'no labels',
      input: 'x 1\nx 2\nx 3\n',
      expected: [
        { line: 2, message: 'series x appears more than once; first on line 1' },
        { line: 3, message: 'series x appears more than once; first on line 1' },
      ],
    },
    {
      name: 'family reopened later',
      input: 'x 1\ny 1\nx 2\n',
      expected: [{ line: 3, message: 'series x appears more than once; first on line 1' }],
    },
    {
      name: 'bucket twice, at the second',
      input: '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="1.0"} 1\n',
      expected: [{ line: 2, column: 10, message: 'le="1" appears twice in h' }],
    },
    {
      name: 'quantile twice',
      input: '# TYPE s summary\ns{quantile="0.5"} 1\ns{quantile="0.5"} 2\n',
      expected: [{ message: 'quantile="0.5" appears twice in s' }],
    },
  ],
);
