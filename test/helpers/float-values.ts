import fc from 'fast-check';

/**
 * Sample values for the float formatters' tests: any double (NaN, infinities and -0 included),
 * tiny fractions written in exponent form, thousandths, integers from 10^6 to 2^53 and doubles
 * of magnitude below 10^6, which Go writes in fixed form.
 */
export const floatValueArb: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.double({ min: 1e-12, max: 1e-4, noNaN: true }),
  fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 1000),
  fc.integer({ min: 1e6, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
