// The multi-line protobuf text format derived from the compact one (the gateway's encoding=text).
import { expect, test } from 'vitest';
import { protoCompactFamily, protoTextLines } from '../../../src/model/proto-text.js';

test('quoted strings with spaces, > and escaped quotes stay on their line; messages nest by two spaces', () => {
  const compact = protoCompactFamily({
    name: 'a',
    help: 'x > y "z" \\',
    type: 'gauge',
    metrics: [{ labels: [{ name: 'k', value: 'a b>' }], value: 2 }],
  });
  expect(compact).toBe(
    'name:"a" help:"x > y \\"z\\" \\\\" type:GAUGE metric:<label:<name:"k" value:"a b>" > gauge:<value:2 > > ',
  );
  expect(protoTextLines(compact)).toBe(
    [
      'name: "a"',
      'help: "x > y \\"z\\" \\\\"',
      'type: GAUGE',
      'metric: <',
      '  label: <',
      '    name: "k"',
      '    value: "a b>"',
      '  >',
      '  gauge: <',
      '    value: 2',
      '  >',
      '>',
      '',
    ].join('\n'),
  );
});
