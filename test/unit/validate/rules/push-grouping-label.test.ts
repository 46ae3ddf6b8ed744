import { ruleTables } from '../rule-tables.js';

ruleTables(
  'PUSH_GROUPING_LABEL',
  [
    {
      name: 'quantile on a histogram',
      input: '# TYPE h histogram\nh_sum 1\n',
      options: { push: '/metrics/job/t/quantile/1' },
    },
    { name: 'le on a summary', input: '# TYPE s summary\ns_sum 1\n', options: { push: '/metrics/job/t/le/1' } },
    { name: 'le on a gauge', input: '# TYPE g gauge\ng 1\n', options: { push: '/metrics/job/t/le/1' } },
  ],
  [
    {
      name: 'quantile on a summary (message as observed from Pushgateway 1.5.1)',
      input: '# TYPE s5 summary\ns5_sum 1\ns5_count 1\n',
      options: { push: '/metrics/job/t5/quantile/0.5' },
      expected: [
        {
          line: 1,
          column: 8,
          message:
            'grouping label "quantile" is applied to summary s5; the Pushgateway rejects the push with 400 "pushed metrics are invalid or inconsistent with existing metrics: collected metric "s5" { label:<name:"instance" value:"" > label:<name:"job" value:"t5" > label:<name:"quantile" value:"0.5" > summary:<sample_count:1 sample_sum:1 > } must not have an explicit "quantile" label"',
        },
      ],
    },
    {
      name: 'le on a histogram',
      input: '# TYPE h6 histogram\nh6_bucket{le="1"} 1\n',
      options: { push: '/metrics/job/u6/le/7' },
      expected: [
        {
          message:
            'grouping label le="7" is applied to histogram h6; the Pushgateway accepts the push but exports every bucket with two le labels, which Prometheus cannot scrape',
        },
      ],
    },
  ],
);
