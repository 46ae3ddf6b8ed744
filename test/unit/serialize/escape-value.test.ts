// Label value escaping: short values take a char loop, long ones an indexOf search first; both find every
// character to escape wherever it is.
import { expect, test } from 'vitest';
import { escapeValue } from '../../../src/serialize/renderer.js';

const slow = (s: string): string => s.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));

test.each(
  [1, 7, 8, 9, 15, 16, 17, 40].flatMap((n) =>
    ['\\', '\n', '"'].flatMap((special) =>
      [0, Math.floor(n / 2), n - 1].map((at) => 'x'.repeat(at) + special + 'y'.repeat(Math.max(0, n - at - 1))),
    ),
  ),
)('escapeValue(%j)', (s) => {
  expect(escapeValue(s)).toBe(slow(s));
});

test('values with nothing to escape come back as they are', () => {
  for (const s of ['', 'a', 'x'.repeat(7), 'x'.repeat(8), 'x'.repeat(15), 'x'.repeat(16), 'é✓😀'.repeat(9)])
    expect(escapeValue(s)).toBe(s);
  expect(escapeValue('a\\b\n"c'.repeat(5))).toBe(slow('a\\b\n"c'.repeat(5)));
});
