import { describe, expect, test } from 'vitest';
import { backoffDelay } from '../../../src/push/retry.js';

describe('backoffDelay', () => {
  test.each([
    { name: 'first retry', retry: 0, options: {}, random: 0, expected: 500 },
    { name: 'doubles', retry: 2, options: {}, random: 0, expected: 2000 },
    { name: 'capped', retry: 10, options: {}, random: 0, expected: 10_000 },
    { name: 'jitter takes up to 20%', retry: 1, options: {}, random: 0.999999, expected: 800 },
    {
      name: 'custom factor and start',
      retry: 2,
      options: { initialDelayMs: 100, factor: 3, jitter: 0 },
      random: 0.5,
      expected: 900,
    },
  ])('$name', ({ retry, options, random, expected }) => {
    expect(backoffDelay(retry, options, () => random)).toBe(expected);
  });
});
