import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { OmType } from '../../../grammar/openmetrics/records.js';
import { roleOf, TYPE_SAMPLES } from '../../../src/parse/openmetrics/roles.js';

/**
 * `roleOf` compares lengths first and checks the prefix with `endsWith`: its
 * verdicts equal those of building `base + suffix` for each suffix of the type.
 */

const SEED = 190419;
const TYPES = Object.keys(TYPE_SAMPLES) as OmType[];
const NAMES = ['a', 'b', 'ab', 'a_total', 'b_total', 'a_sum', 'a_count', 'a_bucket', 'a_info', 'a_gsum', 'a_created'];

test(`roleOf gives the role of the suffix that makes base + suffix the name (seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  fc.assert(
    fc.property(fc.constantFrom(...TYPES), fc.constantFrom(...NAMES), fc.constantFrom(...NAMES), (type, base, name) => {
      const samples = TYPE_SAMPLES[type];
      const k = samples.suffixes.findIndex((s) => base + s === name);
      expect(roleOf(samples, name, base)).toBe(k < 0 ? undefined : samples.roles[k]);
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

test('a name with the right suffix and length but another base has no role', () => {
  expect(roleOf(TYPE_SAMPLES.counter, 'b_total', 'a')).toBeUndefined();
  expect(roleOf(TYPE_SAMPLES.gauge, 'b', 'a')).toBeUndefined();
  expect(roleOf(TYPE_SAMPLES.counter, 'a_total', 'a')).toBe(TYPE_SAMPLES.counter.roles[0]);
});
