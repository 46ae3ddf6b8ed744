import { ruleTables } from '../rule-tables.js';

ruleTables(
  'PUSH_INVALID_GROUPING',
  [
    { name: 'valid path', input: 'a 1\n', options: { push: '/metrics/job/x/a/b' } },
    {
      name: 'trailing slash after a label name gives an empty value',
      input: 'a 1\n',
      options: { push: '/metrics/job/x/foo/' },
    },
    { name: 'no path', input: 'a 1\n', options: { push: true } },
  ],
  [
    {
      name: 'reserved label name (reply as observed)',
      input: 'a 1\n',
      options: { push: '/metrics/job/t7/__x/1' },
      expected: [
        { message: 'the Pushgateway refuses the push path "/metrics/job/t7/__x/1": 400 improper label name "__x"' },
      ],
    },
    {
      name: 'odd segments (reply as observed)',
      input: '',
      options: { push: '/metrics/job/t8/a/b/c' },
      expected: [
        {
          message:
            'the Pushgateway refuses the push path "/metrics/job/t8/a/b/c": 400 odd number of components in label string "/a/b/c"',
        },
      ],
    },
    {
      name: 'bad base64 (reply as observed)',
      input: '',
      options: { push: '/metrics/job/t9/x@base64/a' },
      expected: [
        {
          message:
            'the Pushgateway refuses the push path "/metrics/job/t9/x@base64/a": 400 invalid base64 encoding for label x="a": illegal base64 data at input byte 0',
        },
      ],
    },
    {
      name: 'redirect',
      input: '',
      options: { push: '/metrics/job/x//a/b' },
      expected: [
        {
          message:
            /^the Pushgateway refuses the push path "\/metrics\/job\/x\/\/a\/b": 301 redirect to \/metrics\/job\/x\/a\/b/,
        },
      ],
    },
    {
      name: 'not a push path',
      input: '',
      options: { push: '/metrics' },
      expected: [{ message: 'the Pushgateway refuses the push path "/metrics": 404 page not found' }],
    },
  ],
);
