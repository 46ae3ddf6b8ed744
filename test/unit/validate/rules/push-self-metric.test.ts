import { ruleTables } from '../rule-tables.js';

const P = { push: '/metrics/job/batch' };

ruleTables(
  'PUSH_SELF_METRIC',
  [
    { name: 'same type', input: '# TYPE go_goroutines gauge\ngo_goroutines 3\n', options: P },
    { name: 'unrelated go_ name', input: 'go_custom 1\n', options: P },
    { name: 'without --push', input: '# TYPE go_threads counter\ngo_threads 1\n' },
  ],
  [
    {
      name: 'type clash (message as observed from Pushgateway 1.5.1)',
      input: '# TYPE go_threads counter\ngo_threads 1\n',
      options: P,
      expected: [
        {
          line: 1,
          column: 8,
          message:
            'go_threads clashes with the Pushgateway\'s own metrics; the Pushgateway rejects the push with 400 "pushed metrics are invalid or inconsistent with existing metrics: gathered metric family go_threads has type COUNTER but should have GAUGE"',
        },
      ],
    },
    {
      name: 'untyped',
      input: 'pushgateway_build_info 1\n',
      options: P,
      expected: [{ message: /gathered metric family pushgateway_build_info has type UNTYPED but should have GAUGE"$/ }],
    },
    {
      name: 'suffix of a gateway summary (message as observed)',
      input: '# TYPE go_gc_duration_seconds_count gauge\ngo_gc_duration_seconds_count 1\n',
      options: P,
      expected: [
        {
          message:
            /collected metric named "go_gc_duration_seconds_count" collides with previously collected summary named "go_gc_duration_seconds""$/,
        },
      ],
    },
  ],
);
