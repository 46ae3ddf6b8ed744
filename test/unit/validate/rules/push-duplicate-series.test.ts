import { ruleTables } from '../rule-tables.js';

ruleTables(
  'PUSH_DUPLICATE_SERIES',
  [
    {
      name: 'distinct after grouping',
      input: 'b{foo="a",x="1"} 1\nb{foo="b",x="2"} 2\n',
      options: { push: '/metrics/job/t2/foo/url' },
    },
    {
      name: 'exact duplicates are DUPLICATE_SERIES business',
      input: 'b 1\nb 2\n',
      options: { push: '/metrics/job/t2' },
    },
    { name: 'without --push', input: 'b{foo="a"} 1\nb{foo="b"} 2\n' },
  ],
  [
    {
      name: 'grouping label collapses two series (message as observed from Pushgateway 1.5.1)',
      input: 'b{foo="a"} 1\nb{foo="b"} 2\n',
      options: { push: '/metrics/job/t2/foo/url' },
      expected: [
        {
          line: 2,
          column: 1,
          message:
            'series b{foo="b"} and b{foo="a"} (line 1) both become b{foo="url",instance="",job="t2"}; the Pushgateway rejects the push with 400 "pushed metrics are invalid or inconsistent with existing metrics: collected metric "b" { label:<name:"foo" value:"url" > label:<name:"instance" value:"" > label:<name:"job" value:"t2" > untyped:<value:2 > } was collected before with the same name and label values"',
        },
      ],
    },
    {
      name: 'explicit empty instance equals the added one',
      input: 'r 1\nr{instance=""} 2\n',
      options: { push: '/metrics/job/j' },
      expected: [
        {
          line: 2,
          message:
            /^series r\{instance=""\} and r \(line 1\) both become r\{instance="",job="j"\}; the Pushgateway rejects/,
        },
      ],
    },
    {
      name: 'summaries too',
      input: '# TYPE s summary\ns_sum{job="a"} 1\ns_sum{job="b"} 1\n',
      options: { push: '/metrics/job/j' },
      expected: [
        { line: 3, message: /summary:<sample_sum:1 > \} was collected before with the same name and label values"$/ },
      ],
    },
  ],
);
