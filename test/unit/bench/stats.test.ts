import { expect, test } from 'vitest';
import { median, spread } from '../../../src/bench/stats.js';

test.each([
  { xs: [3], median: 3 },
  { xs: [2, 1], median: 2 },
  { xs: [5, 1, 3], median: 3 },
  { xs: [4, 1, 3, 2], median: 3 },
])('median of $xs is element length>>1 of the sorted list: $median', ({ xs, median: m }) => {
  const copy = [...xs];
  expect(median(xs)).toBe(m);
  expect(xs).toEqual(copy);
});

test('median of nothing is a code error', () => {
  expect(() => median([])).toThrow(/code error/);
});

test('spread gives min, median and max', () => {
  expect(spread([4, 9, 1, 7])).toEqual({ min: 1, median: 7, max: 9 });
});
