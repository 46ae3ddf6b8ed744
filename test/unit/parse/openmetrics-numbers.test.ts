import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseOmNumber, parseOmTimestamp } from '../../../grammar/openmetrics/numbers.js';
import { parseGoFloat } from '../../../src/model/values.js';

/**
 * OpenMetrics numbers read in place (plain decimals of up to 15 digits, with
 * or without an exponent: `12.0`, `0.25`, `1.445977e+06`) give the same
 * double as the general parser, -0 included, and every other spelling is
 * left to it.
 */

const SEED = 190420;

describe('parseOmNumber and parseOmTimestamp', () => {
  test('read plain decimals as the nearest double', () => {
    const cases: [string, number][] = [
      ['852520.0', 852520],
      ['42.318', 42.318],
      ['0.1', 0.1],
      ['999999999999999', 999999999999999],
      ['0.00000000000001', 1e-14],
      ['1.445977e+06', 1445977],
      ['4.4179e-05', 4.4179e-5],
      ['1E3', 1000],
      ['.5', 0.5],
      ['1.', 1],
    ];
    for (const [s, v] of cases) {
      expect(parseOmNumber(s, 0, s.length), s).toBe(v);
      expect(parseOmTimestamp(s, 0, s.length), s).toBe(v);
    }
    expect(Object.is(parseOmNumber('-0.0', 0, 4), -0)).toBe(true);
    expect(parseOmNumber('x 1.5 y', 2, 5)).toBe(1.5);
  });

  test('leave the other spellings to the general rules', () => {
    expect(parseOmNumber('+1', 0, 2)).toBe(1);
    expect(parseOmNumber('1234567890123456789', 0, 19)).toBe(1234567890123456800);
    expect(parseOmNumber('1e400', 0, 5)).toBe(Infinity);
    expect(parseOmNumber('-1e400', 0, 6)).toBe(-Infinity);
    expect(parseOmNumber('+Inf', 0, 4)).toBe(Infinity);
    expect(parseOmNumber('NaN', 0, 3)).toBeNaN();
    expect(parseOmTimestamp('1e400', 0, 5)).toBeUndefined();
    expect(parseOmTimestamp('NaN', 0, 3)).toBeUndefined();
    for (const s of ['', '-', '.', '1e', '1e+', '1.2.3', '1_0', '0x1', '1e5.0', '--1']) {
      expect(parseOmNumber(s, 0, s.length), s).toBeUndefined();
      expect(parseOmTimestamp(s, 0, s.length), s).toBeUndefined();
    }
  });

  test(`equal parseGoFloat on decimals of up to 18 digits with or without an exponent (seed ${SEED})`, () => {
    console.log(`fast-check seed ${SEED}`);
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 });
    const exponent = fc.tuple(
      fc.constantFrom('e', 'E'),
      fc.constantFrom('', '+', '-'),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.boolean(), digits, fc.option(digits), fc.option(exponent), (negative, whole, fraction, exp) => {
        const s =
          (negative ? '-' : '') +
          whole +
          (fraction === null ? '' : '.' + fraction) +
          (exp === null ? '' : exp.join(''));
        const expected = parseGoFloat(s);
        const om = parseOmNumber(s, 0, s.length);
        // Out of a double's range a realnumber is still a number: ±Inf, where Go reports a range error.
        if (expected === undefined) expect(om, s).toBe(negative ? -Infinity : Infinity);
        else expect(Object.is(om, expected), s).toBe(true);
        if (expected !== undefined && Number.isFinite(expected))
          expect(Object.is(parseOmTimestamp(s, 0, s.length), expected), s).toBe(true);
      }),
      { seed: SEED, numRuns: 20000 },
    );
  });
});
