import { ruleTables } from '../rule-tables.js';

ruleTables(
  'LABEL_LENGTH',
  [
    { name: 'short', input: 'x{a="short"} 1\n' },
    { name: 'at the limit in bytes', input: 'x{a="éé"} 1\n', options: { limits: { maxLabelValueLength: 4 } } },
    { name: '2048 bytes by default', input: `x{a="${'v'.repeat(2048)}"} 1\n` },
  ],
  [
    {
      name: 'value over the default, at the label',
      input: `x{b="1",a="${'v'.repeat(2049)}"} 1\n`,
      expected: [{ line: 1, column: 9, message: 'value of label "a" is 2049 bytes long, more than the limit of 2048' }],
    },
    {
      name: 'bytes, not characters',
      input: 'x{a="ééé"} 1\n',
      options: { limits: { maxLabelValueLength: 5 } },
      expected: [{ message: 'value of label "a" is 6 bytes long, more than the limit of 5' }],
    },
    {
      name: 'surrogate pairs are 4 bytes',
      input: 'x{a="😀"} 1\n',
      options: { limits: { maxLabelValueLength: 3 } },
      expected: [{ message: 'value of label "a" is 4 bytes long, more than the limit of 3' }],
    },
    {
      name: 'name over a configured limit',
      input: 'x{long_name="x"} 1\n',
      options: { limits: { maxLabelNameLength: 4 } },
      expected: [{ column: 3, message: 'label name "long_name" is 9 bytes long, more than the limit of 4' }],
    },
    {
      name: 'long names are cut in the message',
      input: `x{${'n'.repeat(50)}="x"} 1\n`,
      options: { limits: { maxLabelNameLength: 45 } },
      expected: [{ message: `label name "${'n'.repeat(40)}…" is 50 bytes long, more than the limit of 45` }],
    },
  ],
);
