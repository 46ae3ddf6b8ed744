// unitCandidates (NON_BASE_UNIT) finds what promlint's metricUnits loop finds: every unit key in table order, each with its first prefix.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { unitCandidates } from '../../../src/validate/rules/non-base-unit.js';

const UNITS = [
  ['amperes', 'amperes'],
  ['bytes', 'bytes'],
  ['seconds', 'seconds'],
  ['minutes', 'seconds'],
  ['hours', 'seconds'],
  ['kelvin', 'kelvin'],
  ['kelvins', 'kelvin'],
  ['meters', 'meters'],
  ['metres', 'metres'],
] as const;
const WORDS = ['kilo', 'milli', 'kibi', 'giga', '', 'total', 'request', 'x', 'nanoseconds', 'kilobytes', 'bytes'];

/** promlint's loop as written: units in order, prefixes in order, the first matching word. */
function reference(name: string, units: ReadonlyArray<readonly [string, string]>, prefixes: readonly string[]) {
  const segments = name.split('_');
  const out: Array<{ unit: string; base: string }> = [];
  for (const [unit, base] of units)
    for (const prefix of prefixes)
      if (segments.includes(prefix + unit)) {
        out.push({ unit: prefix + unit, base });
        break;
      }
  return out;
}

const SEED = 20261202;

test(`the candidates are promlint's, in its order (fast-check seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  const prefixes = ['pico', 'nano', 'micro', 'milli', 'centi', 'deci', 'deca', 'hecto', 'kilo', 'kibi', 'mega'];
  const word = fc.oneof(
    fc.constantFrom(...WORDS),
    fc.tuple(fc.constantFrom(...prefixes, ''), fc.constantFrom(...UNITS.map((u) => u[0]))).map(([p, u]) => p + u),
  );
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
      const name = words.join('_');
      const got = unitCandidates(name).filter((c) => UNITS.some(([u]) => c.unit.endsWith(u)));
      const want = reference(name, UNITS, [...prefixes, 'mibi', 'giga', 'gibi', 'tera', 'tebi', 'peta', 'pebi', '']);
      // Only the units of this test's table are compared; the order among them is the table's.
      expect(got.map((c) => c.unit).sort()).toEqual(want.map((c) => c.unit).sort());
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

test('a name with several prefixed units gives each unit once, with its first prefix', () => {
  expect(unitCandidates('x_kilobytes_millibytes_hours')).toEqual([
    { unit: 'millibytes', base: 'bytes' },
    { unit: 'hours', base: 'seconds' },
  ]);
  expect(unitCandidates('request_total')).toEqual([]);
});
