import { ruleTables } from '../rule-tables.js';

ruleTables(
  'PUSH_LABEL_OVERWRITTEN',
  [
    { name: 'same value as the grouping label', input: 'a{job="batch"} 1\n', options: { push: '/metrics/job/batch' } },
    {
      name: 'instance not in the grouping key is kept',
      input: 'a{instance="db1"} 1\n',
      options: { push: '/metrics/job/batch' },
    },
    { name: 'without --push', input: 'a{job="x"} 1\n' },
  ],
  [
    {
      name: 'job and instance, at the labels',
      input: 'backup_bytes{job="nightly",instance="db1"} 1\n',
      options: { push: '/metrics/job/batch/instance/host1' },
      expected: [
        {
          line: 1,
          column: 14,
          message:
            'label job="nightly" of backup_bytes{job="nightly",instance="db1"} is replaced by the grouping label job="batch"; the Pushgateway stores the series with job="batch"',
        },
        {
          line: 1,
          column: 28,
          message:
            'label instance="db1" of backup_bytes{job="nightly",instance="db1"} is replaced by the grouping label instance="host1"; the Pushgateway stores the series with instance="host1"',
        },
      ],
    },
    {
      name: 'base64 grouping value',
      input: 'a{path="/tmp"} 1\n',
      options: { push: '/metrics/job/b/path@base64/L3Zhci90bXA' },
      expected: [
        {
          message:
            'label path="/tmp" of a{path="/tmp"} is replaced by the grouping label path="/var/tmp"; the Pushgateway stores the series with path="/var/tmp"',
        },
      ],
    },
    {
      name: 'job with an unknown path',
      input: 'a{job="x"} 1\n',
      options: { push: true },
      expected: [
        {
          message:
            'label job="x" of a{job="x"} is replaced by the job name of the push URL; the Pushgateway stores the series without it',
        },
      ],
    },
  ],
);
