import { ruleTables } from '../rule-tables.js';

const REJECT =
  'the Pushgateway rejects the push with 400 "pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps"';

ruleTables(
  'PUSH_TIMESTAMP',
  [
    { name: 'no timestamps', input: 'a 1\n', options: { push: '/metrics/job/x' } },
    { name: 'timestamps without --push', input: 'a 1 123\n' },
  ],
  [
    {
      name: 'timestamp',
      input: 'a 1\nb{x="1"} 2 1700000000000\n',
      options: { push: '/metrics/job/x' },
      expected: [{ line: 2, column: 1, message: `sample b{x="1"} has a timestamp; ${REJECT}` }],
    },
    {
      name: 'push without a path',
      input: 'a 1 -5\n',
      options: { push: true },
      expected: [{ line: 1, message: `sample a has a timestamp; ${REJECT}` }],
    },
  ],
);
