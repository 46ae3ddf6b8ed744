// spellsAt and sliceOrReuse compare with endsWith at the end of the run: they must agree with
// startsWith at the start everywhere, including runs that reach past the end of the text.
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { sliceOrReuse, spellsAt } from '../../../grammar/common/fast-labels.js';

const SEED = 0x5be11;

test(`spellsAt is startsWith at an offset inside the text (seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  const chars = fc.string({ unit: fc.constantFrom('a', 'b', '_'), maxLength: 12 });
  fc.assert(
    fc.property(chars, chars, fc.nat(14), (text, s, at) => {
      const start = at % (text.length + 1);
      expect(spellsAt(text, s, start)).toBe(text.startsWith(s, start));
      const end = Math.min(text.length, start + s.length);
      if (start <= end) {
        const got = sliceOrReuse(text, start, end, s);
        expect(got).toBe(text.slice(start, end));
      }
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

test('a word that would fit only if the end were clamped is not spelled', () => {
  // endsWith clamps its end to the text length: "xbc".endsWith("xbc", 4) is true.
  expect(spellsAt('xbc', 'xbc', 1)).toBe(false);
  expect(spellsAt('# HEL', 'HELP', 2)).toBe(false);
});
