import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../src/errors/parse-error.js';
import { createParser, parse } from '../../src/parse/index.js';
import { documentArb, PARSE_SEED } from '../helpers/generators.js';

type Outcome = { families: unknown } | { code: string; line: number; column: number; offset: number; msg: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { families: run() };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { code: e.code, line: e.line, column: e.column, offset: e.offset, msg: e.msg };
  }
}

function fedInPieces(input: Uint8Array, cuts: number[], chunkSize: number, engine: 'auto' | 'grammar'): unknown {
  const parser = createParser({ chunkSize, engine, positions: true });
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of points) {
    parser.feed(input.subarray(prev, p));
    prev = p;
  }
  parser.feed(input.subarray(prev));
  return parser.end().families;
}

describe(`parser properties (seed ${PARSE_SEED})`, () => {
  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('any split of the input and any piece size give the same result as the whole: %s', (_name, garble) => {
    console.log(`fast-check seed ${PARSE_SEED}`);
    fc.assert(
      fc.property(documentArb(garble), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 1, max: 80 }), (input, cuts, chunkSize) => {
        const whole = outcome(() => parse(input, { positions: true }));
        expect(outcome(() => fedInPieces(input, cuts, chunkSize, 'auto'))).toEqual(whole);
        expect(outcome(() => fedInPieces(input, cuts, chunkSize, 'grammar'))).toEqual(whole);
      }),
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
