import { ruleTables } from '../rule-tables.js';

const P = { push: '/metrics/job/batch' };

ruleTables(
  'PUSH_RESERVED_METRIC',
  [
    { name: 'other names', input: 'push_time 1\npush_time_seconds_total 1\n', options: P },
    { name: 'without --push', input: 'push_time_seconds 1\n' },
  ],
  [
    {
      name: 'push_time_seconds',
      input: '# TYPE push_time_seconds gauge\npush_time_seconds 5\n',
      options: P,
      expected: [
        {
          line: 1,
          column: 8,
          message:
            'push_time_seconds is written by the Pushgateway; it overwrites the pushed value with the time of the push',
        },
      ],
    },
    {
      name: 'push_failure_time_seconds gauge',
      input: 'push_failure_time_seconds 5\n',
      options: P,
      expected: [
        {
          line: 1,
          message:
            /^push_failure_time_seconds is written by the Pushgateway; a new group gets 0 instead, an existing group keeps the pushed value, and as a untyped it makes/,
        },
      ],
    },
    {
      name: 'push_failure_time_seconds counter',
      input: '# TYPE push_failure_time_seconds counter\npush_failure_time_seconds 5\n',
      options: P,
      expected: [{ message: /, and as a counter it makes every later push and scrape fail$/ }],
    },
    {
      name: 'push_failure_time_seconds as a gauge',
      input: '# TYPE push_failure_time_seconds gauge\npush_failure_time_seconds 5\n',
      options: P,
      expected: [
        {
          message:
            'push_failure_time_seconds is written by the Pushgateway; a new group gets 0 instead, an existing group keeps the pushed value',
        },
      ],
    },
  ],
);
