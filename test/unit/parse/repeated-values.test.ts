// The fast reader takes a label value again from the line before only when the text spells it the same up to its quote.
import { describe, expect, test } from 'vitest';
import { parse } from '../../../src/parse/index.js';

const values = (input: string | Uint8Array): string[] =>
  parse(input).flatMap((f) => f.metrics.map((m) => m.labels.map((l) => l.value).join('|')));

describe('label values repeated from the line before', () => {
  test('a longer value, an escaped quote or backslash after the same text is read in full', () => {
    const input = 'a{x="ab"} 1\na{x="ab\\"c"} 2\na{x="ab\\\\"} 3\na{x="ab"} 4\na{x="abc"} 5\na{x="a"} 6\n';
    const want = ['ab', 'ab"c', 'ab\\', 'ab', 'abc', 'a'];
    expect(values(input)).toEqual(want);
    expect(values(Buffer.from(input))).toEqual(want);
  });

  test('values with escapes or bytes to decode are read again on every line', () => {
    const input = 'a{x="é",y="q\\nr"} 1\na{x="é",y="q\\nr"} 2\na{x="é\\\\",y="q"} 3\n';
    const want = ['é|q\nr', 'é|q\nr', 'é\\|q'];
    expect(values(Buffer.from(input))).toEqual(want);
    expect(values(input)).toEqual(want);
  });

  test('a value is taken by its place in the set, whatever the label name', () => {
    expect(values('a{x="v",y="w"} 1\na{y="v",x="w"} 2\na{x="w"} 3\n')).toEqual(['v|w', 'v|w', 'w']);
  });

  test('sets longer than the places remembered are read right at every place', () => {
    const set = (last: string): string =>
      Array.from({ length: 100 }, (_, i) => `l${i}="${i < 99 ? 'v' : last}"`).join(',');
    const input = `a{${set('v')}} 1\na{${set('w')}} 2\na{${set('v')}} 3\n`;
    const got = values(Buffer.from(input)).map((v) => v.slice(-3));
    expect(got).toEqual(['v|v', 'v|w', 'v|v']);
  });
});
