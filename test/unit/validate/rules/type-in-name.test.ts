import { ruleTables } from '../rule-tables.js';

ruleTables(
  'TYPE_IN_NAME',
  [
    { name: 'plain name', input: 'queue_size 3\n' },
    { name: 'type as a prefix', input: 'gauge_thing 1\n' },
    { name: 'type inside a word', input: 'x_gauges 1\n' },
    { name: 'untyped is not looked for', input: 'x_untyped 1\n' },
  ],
  [
    {
      name: 'suffix',
      input: 'queue_size_gauge 3\n',
      expected: [{ line: 1, message: "metric name should not include type 'gauge'" }],
    },
    {
      name: 'infix',
      input: 'a_counter_b 3\n',
      expected: [{ message: "metric name should not include type 'counter'" }],
    },
    {
      name: 'upper case',
      input: 'requests_COUNTER_total 1\n',
      expected: [{ message: "metric name should not include type 'counter'" }],
    },
    {
      name: 'gauge_histogram gives three',
      input: 'x_gauge_histogram 1\n',
      expected: [
        { message: "metric name should not include type 'gauge'" },
        { message: "metric name should not include type 'histogram'" },
        { message: "metric name should not include type 'gauge_histogram'" },
      ],
    },
    {
      name: 'summary',
      input: 'lat_summary_seconds 1\n',
      expected: [{ message: "metric name should not include type 'summary'" }],
    },
  ],
);
