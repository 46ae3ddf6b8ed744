import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { documentArb, PARSE_SEED } from '../helpers/generators.js';
import { fedInPieces, outcome } from '../helpers/parse-outcome.js';

describe(`parser properties (seed ${PARSE_SEED})`, () => {
  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('any split of the input and any piece size give the same result as the whole: %s', (_name, garble) => {
    console.log(`fast-check seed ${PARSE_SEED}`);
    fc.assert(
      fc.property(
        documentArb(garble),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 80 }),
        (input, cuts, chunkSize) => {
          const whole = outcome(() => parse(input, { positions: true }));
          expect(outcome(() => fedInPieces(input, cuts, { chunkSize, engine: 'auto' }))).toEqual(whole);
          expect(outcome(() => fedInPieces(input, cuts, { chunkSize, engine: 'grammar' }))).toEqual(whole);
        },
      ),
      { seed: PARSE_SEED, numRuns: 1500 },
    );
  });

  test('the fast reader and the grammar agree on every input', () => {
    fc.assert(
      fc.property(documentArb(true), (input) => {
        expect(outcome(() => parse(input, { engine: 'auto', positions: true }))).toEqual(
          outcome(() => parse(input, { engine: 'grammar', positions: true })),
        );
      }),
      { seed: PARSE_SEED + 1, numRuns: 3000 },
    );
  });

  test('string input parses like its UTF-8 bytes when it is valid UTF-8', () => {
    fc.assert(
      fc.property(documentArb(false), (input) => {
        const text = Buffer.from(input).toString('latin1');
        if (/[\x80-\xff]/.test(text)) return;
        expect(outcome(() => parse(text))).toEqual(outcome(() => parse(input)));
      }),
      { seed: PARSE_SEED + 2, numRuns: 500 },
    );
  });
});
