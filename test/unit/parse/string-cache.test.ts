import { describe, expect, test } from 'vitest';
import { StringCache } from '../../../grammar/common/string-cache.js';

// Two spellings of equal length whose hashes are equal (found by search): they share a slot.
const SAME_HASH = ['4kokjko7', '2el5h856'] as const;

describe('StringCache', () => {
  test('gives the right string for runs of equal hash that take turns in one slot', () => {
    const [a, b] = SAME_HASH;
    const buf = Buffer.from(`${a} ${b} ${a}`, 'latin1');
    const cache = new StringCache();
    cache.begin(buf);
    expect(cache.bytes(buf, 0, 8)).toBe(a);
    expect(cache.bytes(buf, 9, 17)).toBe(b);
    expect(cache.bytes(buf, 18, 26)).toBe(a);
  });

  test('a buffer written again after begin is compared with the string, not with its old place', () => {
    // Regression: a slot remembers where its string was spelled; a new `begin` must forget it,
    // or the new bytes at that place would confirm a string they no longer spell.
    const [a, b] = SAME_HASH;
    const buf = Buffer.from(`${a} ${b}`, 'latin1');
    const cache = new StringCache();
    cache.begin(buf);
    expect(cache.bytes(buf, 0, 8)).toBe(a);
    buf.write(`${b} ${b}`, 'latin1');
    cache.begin(buf);
    expect(cache.bytes(buf, 9, 17)).toBe(b);
  });
});
