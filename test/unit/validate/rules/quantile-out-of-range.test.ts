import { ruleTables } from '../rule-tables.js';

const S = '# TYPE s summary\n';

ruleTables(
  'QUANTILE_OUT_OF_RANGE',
  [
    { name: 'bounds included', input: S + 's{quantile="0"} 1\ns{quantile="1"} 2\ns{quantile="0.99"} 3\n' },
    { name: 'NaN quantile lines are dropped by the reference parser', input: S + 's{quantile="NaN"} 1\n' },
    { name: 'gauge with a quantile label is not a summary', input: '# TYPE g gauge\ng{quantile="99"} 1\n' },
  ],
  [
    {
      name: 'percent instead of fraction, at the label',
      input: S + 's{quantile="0.5"} 0.1\ns{quantile="99"} 0.3\n',
      expected: [{ line: 3, column: 3, message: 'quantile="99" of s is not between 0 and 1' }],
    },
    {
      name: 'negative',
      input: S + 's{a="b",quantile="-0.1"} 1\n',
      expected: [{ line: 2, column: 9, message: 'quantile="-0.1" of s{a="b"} is not between 0 and 1' }],
    },
    {
      name: 'NaN (protobuf input; the text parser drops such lines)',
      input: [
        {
          name: 's',
          type: 'summary',
          metrics: [{ labels: [], summary: { quantiles: [{ quantile: NaN, value: 1 }] } }],
        },
      ],
      expected: [{ message: 'quantile="NaN" of s is not between 0 and 1' }],
    },
    {
      name: '+Inf',
      input: S + 's{quantile="+Inf"} 1\n',
      expected: [{ message: 'quantile="+Inf" of s is not between 0 and 1' }],
    },
  ],
);
