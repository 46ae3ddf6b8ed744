import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { resetFloatTexts } from '../../../src/model/float-texts.js';
import { floatValueArb } from '../../helpers/float-values.js';
import {
  formatGoFloat,
  formatTextFloat,
  parseGoFloat,
  parseGoFloatAt,
  parseGoInt64,
  toUint64,
} from '../../../src/model/values.js';

describe('parseGoFloat (Go strconv.ParseFloat after refusing p, P and _)', () => {
  test.each([
    ['1', 1],
    ['+1', 1],
    ['-0', -0],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['1e+06', 1e6],
    ['00012', 12],
    ['0.1e-1', 0.01],
    ['NaN', NaN],
    ['nan', NaN],
    ['NAN', NaN],
    ['Inf', Infinity],
    ['+inf', Infinity],
    ['-Infinity', -Infinity],
    ['INFINITY', Infinity],
    ['1e-400', 0],
    ['4.9e-324', 5e-324],
    ['9007199254740993', 9007199254740992],
    ['1.7976931348623157e308', 1.7976931348623157e308],
  ])('accepts %j', (s, v) => {
    expect(Object.is(parseGoFloat(s), v)).toBe(true);
  });
  test.each([
    '',
    '+',
    '-',
    '.',
    'e5',
    '1e',
    '1e+',
    '+NaN',
    '-nan',
    'infin',
    'in',
    '0x10',
    '0x1p3',
    '0b1',
    '0o7',
    '1_000',
    '1e400',
    '1.7976931348623159e308',
    ' 1',
    '1 ',
    '1,5',
    'true',
    '1.2.3',
    '--1',
  ])('rejects %j', (s) => {
    expect(parseGoFloat(s)).toBeUndefined();
  });
  test('parseGoFloatAt equals parseGoFloat on a slice', () => {
    const text = 'x 123 -4.5e2 0x1 y';
    expect(parseGoFloatAt(text, 2, 5)).toBe(123);
    expect(parseGoFloatAt(text, 6, 12)).toBe(-450);
    expect(parseGoFloatAt(text, 13, 16)).toBeUndefined();
  });
});

describe('parseGoInt64 (Go strconv.ParseInt base 10)', () => {
  test.each([
    ['0', 0],
    ['-3982045', -3982045],
    ['+1000', 1000],
    ['000123', 123],
    ['9223372036854775807', 2 ** 63],
    ['-9223372036854775808', -(2 ** 63)],
  ])('accepts %j', (s, v) => expect(parseGoInt64(s)).toBe(v));
  test.each(['', '+', '-', '9223372036854775808', '-9223372036854775809', '1.5', '1e3', '0x10', '1_000', ' 1'])(
    'rejects %j',
    (s) => expect(parseGoInt64(s)).toBeUndefined(),
  );
});

const LARGE_INT_SEED = 190423;
const REPEATED_SEED = 0xf10a7;

describe('formatGoFloat (Go %g shortest, Prometheus spellings)', () => {
  test.each([
    [1, '1'],
    [0, '0'],
    [-0, '-0'],
    [-1, '-1'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [123456, '123456'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [5e-324, '5e-324'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [-1.234567e-7, '-1.234567e-07'],
    [1.8446744073709552e19, '1.8446744073709552e+19'],
    [999999.5, '999999.5'],
    [1e100, '1e+100'],
    [1e20, '1e+20'],
    [-5e7, '-5e+07'],
    [123456789012, '1.23456789012e+11'],
    [1520879607789, '1.520879607789e+12'],
    [-1234567, '-1.234567e+06'],
    [9.999999999999999e20, '9.999999999999999e+20'],
    // Fixed forms built from toExponential's digits (both signs, exponents -4 to 5) and exponent forms beside them.
    [-0.00012, '-0.00012'],
    [0.00123, '0.00123'],
    [12.5, '12.5'],
    [-99999.25, '-99999.25'],
    [123456.7, '123456.7'],
    [-1.5, '-1.5'],
    [1e-7, '1e-07'],
    [-1e-300, '-1e-300'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [61017892.25358516, '6.101789225358516e+07'],
  ])('formats %d as %s', (v, s) => expect(formatGoFloat(v)).toBe(s));
  test(`integers from 1e6 to 1e21 read as toExponential's shortest digits (seed ${LARGE_INT_SEED})`, () => {
    console.log(`fast-check seed ${LARGE_INT_SEED}`);
    const reference = (v: number): string => {
      const [mantissa, exp] = v.toExponential().split('e');
      const e = Number(exp);
      return `${mantissa}e+${e < 10 ? '0' : ''}${e}`;
    };
    const large = fc.oneof(
      fc.integer({ min: 1e6, max: Number.MAX_SAFE_INTEGER }),
      fc.double({ min: 1e6, max: 1e21, noNaN: true }).map((v) => Math.trunc(v)),
    );
    fc.assert(
      fc.property(large, fc.boolean(), (v, negative) => {
        if (v >= 1e21) return;
        const x = negative ? -v : v;
        expect(formatGoFloat(x)).toBe((negative ? '-' : '') + reference(v));
      }),
      { seed: LARGE_INT_SEED, numRuns: 5000 },
    );
  });
  test(`values written again, unique runs and values sharing a slot each get their own text (seed ${REPEATED_SEED})`, () => {
    console.log(`fast-check seed ${REPEATED_SEED}`);
    // Independent of the slots of recent texts: %g from toExponential's digits, or JavaScript's fixed form.
    const reference = (v: number): string => {
      if (v !== v) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
      if (v === 0) return Object.is(v, -0) ? '-0' : '0';
      const [mantissa, exp] = v.toExponential().split('e');
      const e = Number(exp);
      if (e >= -4 && e < 6) return String(v);
      const abs = e < 0 ? -e : e;
      return `${mantissa}e${e < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
    };
    // A pool read over and over (most lookups find their stored text), then a run of values seen once
    // (texts are then no longer stored), then the pool again.
    const readPool = (pool: readonly number[]): void => {
      for (let round = 0; round < 12; round++) for (const v of pool) expect(formatGoFloat(v)).toBe(reference(v));
    };
    fc.assert(
      fc.property(
        fc.array(floatValueArb, { minLength: 1, maxLength: 300 }),
        fc.array(floatValueArb, { maxLength: 4000 }),
        (pool, once) => {
          resetFloatTexts();
          readPool(pool);
          for (const v of once) expect(formatGoFloat(v)).toBe(reference(v));
          readPool(pool);
        },
      ),
      { seed: REPEATED_SEED, numRuns: 40 },
    );
  });
  test('the text serializer writes negative zero as 0', () => {
    expect(formatTextFloat(-0)).toBe('0');
    expect(formatTextFloat(-2)).toBe('-2');
  });
});

describe('toUint64 (Go uint64(float64) on amd64)', () => {
  test.each([
    [1.9, 1],
    [0, 0],
    [-0.5, 0],
    [2 ** 53, 2 ** 53],
    [NaN, 2 ** 63],
    [Infinity, 2 ** 63],
    [1e20, 2 ** 63],
    [-1, 2 ** 64 - 1],
  ])('%d -> %d', (v, want) => expect(toUint64(v)).toBe(want));
});
