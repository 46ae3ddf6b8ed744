import { ruleTables } from '../rule-tables.js';

ruleTables(
  'EMPTY_LABEL_COLLISION',
  [
    { name: 'empty value alone', input: 'x{a=""} 1\n' },
    { name: 'distinct after dropping', input: 'x{a=""} 1\nx{b="1"} 2\n' },
    { name: 'exact duplicates are DUPLICATE_SERIES business', input: 'x{a=""} 1\nx{a=""} 2\n' },
    { name: 'other family', input: 'x{a=""} 1\ny 2\n' },
  ],
  [
    {
      name: 'empty vs absent',
      input: 'q{queue=""} 3\nq 4\n',
      expected: [
        {
          line: 2,
          column: 1,
          message: 'series q and q{queue=""} (line 1) are both q once Prometheus drops empty label values',
        },
      ],
    },
    {
      name: 'two different empty labels',
      input: 'q{a="",s="1"} 3\nq{b="",s="1"} 4\n',
      expected: [
        {
          line: 2,
          message:
            'series q{b="",s="1"} and q{a="",s="1"} (line 1) are both q{s="1"} once Prometheus drops empty label values',
        },
      ],
    },
  ],
);
