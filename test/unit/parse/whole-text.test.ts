// A long string chunk is read in place by the fast reader (not cut into pieces first): it must
// give what the grammar gives, line for line, error for error (position and excerpt included).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { check, createParser, parse } from '../../../src/parse/index.js';
import type { ParseOptions } from '../../../src/parse/options.js';
import { documentArb, PARSE_SEED } from '../../helpers/generators.js';
import { wholeTextTuning } from '../../../src/parse/create-parser.js';
import { familiesOrError, wholeError } from '../../helpers/compare.js';

// Every string chunk, however short, is read in place here.
const minChunk = wholeTextTuning.minChunk;
beforeAll(() => {
  wholeTextTuning.minChunk = 0;
});
afterAll(() => {
  wholeTextTuning.minChunk = minChunk;
});

/** `parse(text)` read in place, fed whole or in pieces of `piece` units. */
function inPlace(text: string, piece = 0, options: ParseOptions = {}): unknown {
  return familiesOrError(() => {
    if (piece === 0) return parse(text, { positions: true, ...options });
    const parser = createParser({ positions: true, ...options });
    for (let i = 0; i < text.length; i += piece) parser.feed(text.slice(i, i + piece));
    return parser.end().families;
  });
}

/** The same text read by the grammar alone. */
function viaGrammar(text: string, options: ParseOptions = {}): unknown {
  return familiesOrError(() => parse(text, { positions: true, engine: 'grammar', ...options }));
}

/** `check(text)` read in place: accepted, or its error as {@link wholeError} gives it. */
function checkedInPlace(text: string): unknown {
  const e = check(text);
  return e === undefined ? { accepted: true } : wholeError(e);
}

function same(text: string): void {
  const want = viaGrammar(text);
  expect(inPlace(text)).toEqual(want);
  for (const piece of [1, 3, 17]) expect(inPlace(text, piece)).toEqual(want);
  expect(checkedInPlace(text)).toEqual('families' in (want as object) ? { accepted: true } : want);
}

describe('a string read in place reads as the grammar does', () => {
  test('errors after lines read in place are placed at their line and column', () => {
    same('a 1\nb{x="1"} 2\nc{x="1"} nope\n');
    same('a 1\nb 2\n# TYPE a counter\n');
    same('a 1\n# TYPE b counter\n# TYPE b gauge\n');
    same('# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="x"} 2\n');
    same('a 1\nb{x="1",x="2"} 2\n');
  });

  test('a run of lines the fast reader leaves, then lines it takes again', () => {
    const slow = Array.from({ length: 300 }, (_, i) => `a{x="${i}"}\t${i}\n`).join('');
    const fast = Array.from({ length: 300 }, (_, i) => `b{x="${i}"} ${i}\n`).join('');
    same(slow + fast + slow + 'c 1\n');
    same(fast + slow + fast + 'c{x="1"} 1 2 3\n');
  });

  test('the end of the input: no final LF, an empty input, a line split across chunks', () => {
    same('a 1\nb 2');
    same('a 1\nb{x="v"');
    same('');
    same('\n\n');
    same('a{x="✓"} 1\nb 2\n');
  });

  test('options it leaves to the pieces give the same result', () => {
    const text = 'a{x="1",y="2"} 1\nb 2\nc\t3\n';
    for (const options of [{ maxLabelsPerSeries: 1 }, { maxSeries: 1 }, { maxLineLength: 10 }, { maxBodyBytes: 12 }])
      expect(inPlace(text, 0, options)).toEqual(viaGrammar(text, options));
  });

  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('generated %s: the same families or error, whole and in pieces', (_name, garble) => {
    const seed = PARSE_SEED + 61;
    console.log(`fast-check seed ${seed}`);
    fc.assert(
      fc.property(documentArb(garble), fc.integer({ min: 1, max: 40 }), (bytes, piece) => {
        const text = Buffer.from(bytes).toString('utf8');
        const want = viaGrammar(text);
        expect(inPlace(text)).toEqual(want);
        expect(inPlace(text, piece)).toEqual(want);
        expect(checkedInPlace(text)).toEqual('families' in (want as object) ? { accepted: true } : want);
      }),
      { seed, numRuns: 1500 },
    );
  });
});
