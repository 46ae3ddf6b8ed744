import { ruleTables } from '../rule-tables.js';

ruleTables(
  'HISTOGRAM_SUMMARY_RESERVED',
  [
    { name: 'histogram', input: '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n' },
    { name: 'summary', input: '# TYPE s summary\ns{quantile="0.5"} 1\ns_count 1\ns_sum 1\n' },
    { name: 'untyped names and labels are not checked', input: 'x_count 1\nx_bucket{le="1"} 1\ny{quantile="1"} 1\n' },
    { name: 'suffix inside a name', input: '# TYPE a_count_b gauge\na_count_b 1\n' },
  ],
  [
    {
      name: 'gauge _count',
      input: '# TYPE q_count gauge\nq_count 4\n',
      expected: [{ line: 1, message: 'non-histogram and non-summary metrics should not have "_count" suffix' }],
    },
    {
      name: 'counter _sum',
      input: '# TYPE p_sum counter\np_sum 3\n',
      expected: [{ message: 'non-histogram and non-summary metrics should not have "_sum" suffix' }],
    },
    {
      name: 'summary _bucket',
      input: '# TYPE s_bucket summary\ns_bucket_sum 1\n',
      expected: [{ message: 'non-histogram metrics should not have "_bucket" suffix' }],
    },
    {
      name: 'quantile label on a gauge, once per series, at the label',
      input: '# TYPE l gauge\nl{quantile="0.9"} 3\nl{a="b", quantile="0.5"} 2\n',
      expected: [
        { line: 2, column: 3, message: 'non-summary metrics should not have "quantile" label' },
        { line: 3, column: 10, message: 'non-summary metrics should not have "quantile" label' },
      ],
    },
    {
      name: 'le label on a summary',
      input: '# TYPE r summary\nr{le="1",quantile="0.5"} 0.2\n',
      expected: [{ line: 2, column: 3, message: 'non-histogram metrics should not have "le" label' }],
    },
    {
      name: 'quantile label on a histogram',
      input: '# TYPE h histogram\nh_bucket{quantile="1",le="1"} 1\n',
      expected: [{ line: 2, message: 'non-summary metrics should not have "quantile" label' }],
    },
  ],
);
