import { ruleTables } from '../rule-tables.js';

ruleTables(
  'RESERVED_PREFIX',
  [
    { name: 'single underscore', input: '_x{_a="1"} 1\n' },
    { name: 'underscores inside', input: 'a__b{c__d="1"} 1\n' },
    { name: 'in a label value', input: 'x{a="__b"} 1\n' },
  ],
  [
    {
      name: 'label name, at the label',
      input: 'jobs_total{a="1",__tenant="a"} 1\n',
      expected: [
        { line: 1, column: 18, message: 'label name "__tenant" starts with "__", which is reserved for internal use' },
      ],
    },
    {
      name: 'metric name',
      input: '__internal 2\n',
      expected: [
        {
          line: 1,
          column: 1,
          message: 'metric name "__internal" starts with "__", which is reserved for internal use',
        },
      ],
    },
    {
      name: 'with --push the gateway reply is quoted',
      input: 'c{__x="1"} 1\n',
      options: { push: '/metrics/job/t6' },
      expected: [
        {
          message:
            'label name "__x" starts with "__", which is reserved for internal use; the Pushgateway rejects the push with 400 "pushed metrics are invalid or inconsistent with existing metrics: collected metric "c" { label:<name:"__x" value:"1" > label:<name:"instance" value:"" > label:<name:"job" value:"t6" > untyped:<value:1 > } has a label with an invalid name: __x"',
        },
      ],
    },
  ],
);
