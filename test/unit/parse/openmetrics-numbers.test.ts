import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseOmNumber, parseOmTimestamp, parseShortDecimal } from '../../../grammar/openmetrics/numbers.js';
import { parseGoFloat } from '../../../src/model/values.js';

/**
 * The short-decimal path of OpenMetrics numbers (`12.0`, `0.25`, `-3.5`, up
 * to 15 digits) gives the same double as the general parser, -0 included, and
 * leaves every other spelling to it.
 */

const SEED = 190420;

describe('parseShortDecimal', () => {
  test('takes plain decimals and gives the nearest double', () => {
    expect(parseShortDecimal('852520.0', 0, 8)).toBe(852520);
    expect(parseShortDecimal('42.318', 0, 6)).toBe(42.318);
    expect(parseShortDecimal('0.1', 0, 3)).toBe(0.1);
    expect(Object.is(parseShortDecimal('-0.0', 0, 4), -0)).toBe(true);
    expect(parseShortDecimal('x 1.5 y', 2, 5)).toBe(1.5);
    expect(parseShortDecimal('999999999999999', 0, 15)).toBe(999999999999999);
    expect(parseShortDecimal('0.00000000000001', 0, 16)).toBe(1e-14);
  });

  test('leaves other spellings to the general parser', () => {
    for (const s of [
      '',
      '-',
      '1.',
      '.5',
      '+1',
      '1e3',
      '1.2.3',
      'NaN',
      '+Inf',
      '1_0',
      '0x1',
      '1234567890123456',
      '1.234567890123456',
    ]) {
      expect(Number.isNaN(parseShortDecimal(s, 0, s.length)), s).toBe(true);
    }
  });

  test(`equals parseGoFloat on decimals of up to 18 digits (seed ${SEED})`, () => {
    console.log(`fast-check seed ${SEED}`);
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(fc.boolean(), digits, fc.option(digits), (negative, whole, fraction) => {
        const s = (negative ? '-' : '') + whole + (fraction === null ? '' : '.' + fraction);
        const expected = parseGoFloat(s);
        const short = parseShortDecimal(s, 0, s.length);
        if (short === short) expect(Object.is(short, expected), s).toBe(true);
        expect(Object.is(parseOmNumber(s, 0, s.length), expected), s).toBe(true);
        if (expected !== undefined) expect(Object.is(parseOmTimestamp(s, 0, s.length), expected), s).toBe(true);
      }),
      { seed: SEED, numRuns: 20000 },
    );
  });
});
