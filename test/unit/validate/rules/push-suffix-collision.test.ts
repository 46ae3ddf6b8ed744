import { ruleTables } from '../rule-tables.js';

const P = { push: '/metrics/job/u1' };

ruleTables(
  'PUSH_SUFFIX_COLLISION',
  [
    { name: 'summary alone', input: '# TYPE x summary\nx_sum 1\nx_count 1\n', options: P },
    { name: 'untyped base', input: 'x 1\nx_count 2\n', options: P },
    {
      name: 'lines of a suffix family after TYPE of the base join the base',
      input: 'z_bucket 3\n# TYPE z histogram\nz_bucket{le="+Inf"} 1\n',
      options: P,
    },
    { name: 'x_bucket next to a summary', input: 'x_bucket 3\n# TYPE x summary\nx_sum 1\n', options: P },
    { name: 'without --push', input: 'x_count 3\n# TYPE x summary\nx_sum 1\n' },
  ],
  [
    {
      name: 'untyped x_count before summary x (both wordings observed from Pushgateway 1.5.1)',
      input: 'x_count 3\n# TYPE x summary\nx_sum 1\nx_count 1\n',
      options: P,
      expected: [
        {
          line: 1,
          column: 1,
          message:
            'family x_count collides with the _count series of summary x; the Pushgateway rejects the push with 400 "pushed metrics are invalid or inconsistent with existing metrics: collected metric named "x_count" collides with previously collected summary named "x"" (or "collected histogram or summary named "x" collides with previously collected metric named "x_count"", depending on gather order)',
        },
      ],
    },
    {
      name: 'z_bucket before histogram z',
      input: 'z_bucket 3\n# TYPE z histogram\nz_bucket{le="+Inf"} 1\nz_sum 1\nz_count 1\n',
      options: P,
      expected: [
        {
          message:
            /collected metric named "z_bucket" collides with previously collected histogram named "z"" \(or "collected histogram named "z" collides with previously collected metric named "z_bucket"", depending on gather order\)$/,
        },
      ],
    },
    {
      name: 'typed suffix family, at its TYPE line',
      input: '# TYPE h_sum gauge\nh_sum 2\n# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n',
      options: P,
      expected: [{ line: 1, column: 8, message: /^family h_sum collides with the _sum series of histogram h;/ }],
    },
  ],
);
