// The name-char predicates the scanners loop on: exactly the legacy name classes, for every
// UTF-16 unit and for what a read past the end gives (NaN from charCodeAt, undefined from a Buffer).
import { describe, expect, test } from 'vitest';
import { isLabelNameChar, isLabelNameStart, isMetricNameChar, isMetricNameStart } from '../../../src/model/names.js';

const cases = [
  [isMetricNameStart, /^[a-zA-Z_:]$/],
  [isMetricNameChar, /^[a-zA-Z0-9_:]$/],
  [isLabelNameStart, /^[a-zA-Z_]$/],
  [isLabelNameChar, /^[a-zA-Z0-9_]$/],
] as const;

describe('name char predicates', () => {
  test.each(cases)('%o matches %s on every UTF-16 unit', (predicate, pattern) => {
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (predicate(c) !== pattern.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  test.each(cases)('%o is false past the end of the input', (predicate) => {
    expect(predicate(NaN)).toBe(false);
    expect(predicate(undefined as unknown as number)).toBe(false);
    expect(predicate(-1)).toBe(false);
  });
});
