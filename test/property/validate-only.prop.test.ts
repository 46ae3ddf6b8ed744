import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../src/errors/parse-error.js';
import { check, createParser, parse } from '../../src/parse/index.js';
import type { ParseOptions } from '../../src/parse/options.js';
import { documentArb, PARSE_SEED } from '../helpers/generators.js';
import { feedInPieces, outcome, type Outcome } from '../helpers/parse-outcome.js';

/** `check` as an {@link Outcome}: the families are replaced by `ok`, as validate-only builds none. */
function checked(input: string | Uint8Array, options: ParseOptions = {}): Outcome {
  const e = check(input, options);
  return e === undefined
    ? { families: 'ok' }
    : { code: e.code, line: e.line, column: e.column, offset: e.offset, msg: e.msg };
}

/** parse as an {@link Outcome} with the families reduced to `ok`. */
function parsed(input: string | Uint8Array, options: ParseOptions = {}): Outcome {
  const o = outcome(() => parse(input, options));
  return 'families' in o ? { families: 'ok' } : o;
}

/** A validate-only streaming parse fed in pieces cut at `cuts`: `ok` (and no families) or the error. */
function checkedInPieces(input: Uint8Array, cuts: number[], chunkSize: number): Outcome {
  return outcome(() => {
    const parser = createParser({ validateOnly: true, chunkSize });
    feedInPieces(parser, input, cuts);
    const { families } = parser.end();
    if (families.length !== 0) throw new Error('validate-only built families');
    return 'ok';
  });
}

const SEED = PARSE_SEED + 40;

describe(`validate-only and parse agree (fast-check seed ${SEED})`, () => {
  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('same verdict and error, whole and fed in pieces: %s', (_name, garble) => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(
        documentArb(garble),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 80 }),
        (input, cuts, chunkSize) => {
          const want = parsed(input);
          expect(checked(input)).toEqual(want);
          expect(checkedInPieces(input, cuts, chunkSize)).toEqual(want);
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  test('same verdict on string input, and with a label limit', () => {
    fc.assert(
      fc.property(documentArb(true), fc.integer({ min: 0, max: 4 }), (input, maxLabelsPerSeries) => {
        const text = Buffer.from(input).toString('utf8');
        expect(checked(text)).toEqual(parsed(text));
        expect(checked(input, { maxLabelsPerSeries })).toEqual(parsed(input, { maxLabelsPerSeries }));
      }),
      { seed: SEED + 1, numRuns: 1000 },
    );
  });
});

describe('check', () => {
  test('returns the ParseError parse throws, undefined when parse accepts', () => {
    const bad = 'a{le="x"} 1\n# TYPE a histogram\n';
    expect(check('# TYPE a histogram\na_bucket{le="0.5"} 1\na_sum 1\na_count 1\n')).toBeUndefined();
    const e = check('# TYPE a histogram\na_bucket{le="x"} 1\n');
    expect(e).toBeInstanceOf(ParseError);
    expect(() => parse('# TYPE a histogram\na_bucket{le="x"} 1\n')).toThrow(e?.message);
    expect(checked(bad)).toEqual(parsed(bad));
  });

  test('a series limit is kept (the series are then counted)', () => {
    const input = 'a{x="1"} 1\na{x="2"} 1\na{x="3"} 1\n';
    expect(check(input, { maxSeries: 2 })?.code).toBe('TOO_MANY_SERIES');
    expect(check(input, { maxSeries: 3 })).toBeUndefined();
  });

  test('OpenMetrics gives the verdict of parse', () => {
    expect(check('# TYPE a counter\na_total 1\n# EOF\n', { format: 'openmetrics' })).toBeUndefined();
    const noEof = '# TYPE a counter\na_total 1\n';
    expect(checked(noEof, { format: 'openmetrics' })).toEqual(parsed(noEof, { format: 'openmetrics' }));
    expect(checked(noEof, { format: 'openmetrics' })).not.toEqual({ families: 'ok' });
  });
});
