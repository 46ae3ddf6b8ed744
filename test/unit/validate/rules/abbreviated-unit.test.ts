import { ruleTables } from '../rule-tables.js';

ruleTables(
  'ABBREVIATED_UNIT',
  [
    { name: 'spelled out', input: 'request_latency_seconds 1\n' },
    { name: 'abbreviation as a prefix', input: 'ms_latency 1\n' },
    { name: 'abbreviation inside a word', input: 'x_msg 1\n' },
  ],
  [
    {
      name: 'ms suffix',
      input: 'request_latency_ms 12\n',
      expected: [{ line: 1, message: 'metric names should not contain abbreviated units' }],
    },
    {
      name: 'infix',
      input: 'x_kb_total 1\n',
      expected: [{ message: 'metric names should not contain abbreviated units' }],
    },
    {
      name: 'upper case',
      input: 'memory_MB 3\n',
      expected: [{ message: 'metric names should not contain abbreviated units' }],
    },
    {
      name: 'one problem per abbreviation',
      input: 'cache_s_ms_total 1\n',
      expected: [
        { message: 'metric names should not contain abbreviated units' },
        { message: 'metric names should not contain abbreviated units' },
      ],
    },
  ],
);
