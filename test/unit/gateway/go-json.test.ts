import { describe, expect, test } from 'vitest';
import { formatRfc3339Nano, goJson, sortedKeys } from '../../../src/gateway/http/go-json.js';

describe('Go JSON spellings', () => {
  test.each([
    { name: 'HTML characters escaped', value: '<a>&', expected: '"\\u003ca\\u003e\\u0026"' },
    { name: 'line separators escaped', value: 'a\u2028b\u2029', expected: '"a\\u2028b\\u2029"' },
    {
      name: 'map order kept',
      value: new Map([
        ['b', 1],
        ['a', 2],
      ]),
      expected: '{"b":1,"a":2}',
    },
    {
      name: 'undefined members left out',
      value: new Map<string, unknown>([
        ['a', undefined],
        ['b', 'x'],
      ]),
      expected: '{"b":"x"}',
    },
    {
      name: 'integer-like keys keep their place',
      value: sortedKeys([
        ['10', 'x'],
        ['+Inf', 'y'],
        ['1', 'z'],
        ['0.5', 'w'],
      ]),
      expected: '{"+Inf":"y","0.5":"w","1":"z","10":"x"}',
    },
  ])('$name', ({ value, expected }) => {
    expect(goJson(value)).toBe(expected);
  });

  test.each([
    { ms: Date.UTC(2026, 10, 24, 18, 3, 56, 572), expected: '2026-11-24T18:03:56.572Z' },
    { ms: Date.UTC(2026, 10, 24, 18, 3, 56, 500), expected: '2026-11-24T18:03:56.5Z' },
    { ms: Date.UTC(2026, 10, 24, 18, 3, 56, 0), expected: '2026-11-24T18:03:56Z' },
    { ms: Date.UTC(2026, 10, 24, 18, 3, 56, 0) + 0.25, expected: '2026-11-24T18:03:56.00025Z' },
  ])('RFC3339Nano of $ms', ({ ms, expected }) => {
    expect(formatRfc3339Nano(ms)).toBe(expected);
  });
});
