// Byte input is read by a reader over the raw bytes: it must give what the string readers and the
// grammar give, line for line, value for value, error for error (with its excerpt).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { check, createParser, parse } from '../../../src/parse/index.js';
import type { ParseOptions } from '../../../src/parse/options.js';
import { documentArb, PARSE_SEED } from '../../helpers/generators.js';
import { byteReaderTuning } from '../../../src/parse/create-parser.js';
import { BYTE_READER_MAX_LABELS } from '../../../grammar/text/fast-bytes.js';
import { familiesOrError, wholeError } from '../../helpers/compare.js';
import { plainDecimals, prefixLinesArb } from '../../helpers/generators.js';

// Every byte chunk, however short, goes to the byte reader here.
const minChunk = byteReaderTuning.minChunk;
beforeAll(() => {
  byteReaderTuning.minChunk = 0;
});
afterAll(() => {
  byteReaderTuning.minChunk = minChunk;
});

/** `parse(bytes)` (the byte reader), fed whole and in pieces of `piece` bytes. */
function viaBytes(input: Buffer, piece = 0, options: ParseOptions = {}): unknown {
  return familiesOrError(() => {
    if (piece === 0) return parse(input, { positions: true, ...options });
    const parser = createParser({ positions: true, ...options });
    for (let i = 0; i < input.length; i += piece) parser.feed(input.subarray(i, i + piece));
    return parser.end().families;
  });
}

/** The same bytes read by the grammar alone (which decodes every line first). */
function viaGrammar(input: Buffer, options: ParseOptions = {}): unknown {
  return familiesOrError(() => parse(input, { positions: true, engine: 'grammar', ...options }));
}

/** `check(bytes)`: accepted, or its error as {@link wholeError} gives it. */
function checkedLike(input: Buffer): unknown {
  const e = check(input);
  return e === undefined ? { accepted: true } : wholeError(e);
}

function same(text: string | Buffer): void {
  const input = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  const want = viaGrammar(input);
  expect(viaBytes(input)).toEqual(want);
  for (const piece of [1, 3, 17]) expect(viaBytes(input, piece)).toEqual(want);
  const checked = checkedLike(input);
  if ('families' in (want as object)) expect(checked).toEqual({ accepted: true });
  else expect(checked).toEqual(want);
}

describe('the byte reader reads as the grammar does', () => {
  test('sample values in every spelling the in-place conversion takes or leaves', () => {
    const values = [
      '0',
      '-0',
      '7',
      '.5',
      '5.',
      '-.5',
      '0.1',
      '0.3',
      '123456789012345',
      '1234567890123456',
      '0.000000000000001',
      '4.06e+5',
      '4.06E5',
      '-4.7025e-1',
      '3.8284343290142714e-7',
      '1e22',
      '1e23',
      '9e-22',
      '1e-23',
      '1e400',
      '0e400',
      '1e',
      '1e+',
      '+1',
      '+1.5e3',
      '1.2.3',
      '1e1.5',
      '--1',
      '-',
      '.',
      'NaN',
      '-Inf',
      '+Inf',
      'inf',
      '1_0',
    ];
    for (const v of values) same(`a ${v}\n`);
  });

  test('the in-place conversion equals Number on random decimals', () => {
    fc.assert(
      fc.property(plainDecimals, (spelled) => {
        const [family] = parse(Buffer.from(`a ${spelled}\n`));
        expect(Object.is(family.metrics[0].value, Number(spelled))).toBe(true);
      }),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  test('timestamps, blanks and tabs', () => {
    for (const tail of [' 1000', ' -5', ' +1', ' -0', ' 1234567890123456', ' 9223372036854775807', ' 1 ', '\t1', '  1'])
      same(`a 1${tail}\n`);
  });

  test('label values: escapes, UTF-8 valid and not, with escapes around the bytes', () => {
    const values = [
      '',
      'v',
      'é',
      '\xc3\xa9',
      '\xc3',
      '\xc3\\\\\xa9',
      'a\\nb',
      'a\\"b',
      'a\\tb',
      '\xff',
      '\xe2\x9c\x93',
    ];
    for (const v of values) {
      same(`a{x="${v}"} 1\n`);
      same(`# TYPE h histogram\nh_bucket{x="${v}",le="1"} 1\nh_bucket{x="${v}",le="+Inf"} 2\n`);
    }
  });

  test('label sets: reused names, a name changing at a place, duplicates, reserved and trailing commas', () => {
    same('a{x="1",y="2"} 1\na{x="1",y="2"} 2\na{x="1",z="2"} 3\na{x="1",x="2"} 4\n');
    same('a{x="1",y="2"} 1\na{x="1",xy="2"} 2\n');
    same('a{x="1",} 1\na{} 2\na{,} 3\n');
    same('a{__name__="b"} 1\n');
    same('a{x="1"} 1\na{x ="1"} 2\n');
  });

  test('label sets around the size the byte reader leaves to the string reader', () => {
    const set = (n: number, dup = ''): string =>
      Array.from({ length: n }, (_, i) => `l${i}="v${i % 7}"`).join(',') + (dup === '' ? '' : `,${dup}="x"`);
    for (const n of [BYTE_READER_MAX_LABELS - 1, BYTE_READER_MAX_LABELS, BYTE_READER_MAX_LABELS + 1, 3000]) {
      same(`a{${set(n)}} 1\na{${set(n)}} 2\nb 3\n`);
      same(`a{${set(n, 'l0')}} 1\n`);
      same(`a{${set(n, `l${n - 1}`)}} 1\n`);
    }
  });

  test('comments between samples, and their errors placed at their line', () => {
    same('# HELP a first\na 1\n# HELP a second\n');
    same('a 1\n# TYPE a counter\n');
    same('# TYPE a counter\na 1\n# TYPE b bogus\n');
    same('# HELP a caf\xc3\xa9 \xff\na 1\n# plain comment\n#\n');
  });

  test('histograms and summaries with bad le or quantile values', () => {
    same('# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="x"} 2\n');
    same('# TYPE s summary\ns{quantile="0.5"} 1\ns{quantile="0.5"} 2\ns{quantile="nope"} 3\n');
    same('# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="1"} 2\nh_sum 3\nh_count 2\n');
  });

  test('a run of lines the byte reader leaves, then lines it takes again', () => {
    const slow = Array.from({ length: 300 }, (_, i) => `a{x="${i}"}\t${i}\n`).join('');
    const fast = Array.from({ length: 300 }, (_, i) => `b{x="${i}"} ${i}\n`).join('');
    same(slow + fast + slow + 'c 1\n');
  });

  test('the end of the input: no final LF, an empty input, a line split across chunks', () => {
    same('a 1\nb 2');
    same('a 1\nb{x="v"');
    same('');
    same('\n\n');
    same('a{x="\xe2\x9c\x93"} 1\nb 2\n');
  });

  test('a buffer written again between two feeds is read anew (names and values are not taken from where they were)', () => {
    // Regression: the reader compares a line with where the previous line spelled the same
    // name or value; those places must not outlive the bytes they were read from.
    const first = 'aaaaa{lbl="hello",quantile="1"} 1\naaaaa{lbl="hello",quantile="1"} 2\n';
    const second = 'bbbbb{xyz="world",quantile="1"} 3\nbbbbb{xyz="world",quantile="1"} 4\n';
    const chunk = Buffer.from(first, 'latin1');
    const parser = createParser();
    parser.feed(chunk);
    chunk.write(second, 'latin1');
    parser.feed(chunk);
    expect(parser.end().families).toEqual(parse(first + second));
  });

  test('a short last line that begins like the longer name of the line before', () => {
    // Regression: comparing the name with the previous line's read past the end of the bytes (a RangeError).
    same('abcdefgh 1\nabcd 1\n');
    same('abcdefghijkl{a="b"} 1\nabcdefgh 2\n');
    same('abcdefgh 1\nabcd 1');
  });

  test('generated lines whose names and values begin like those of the lines before', () => {
    // The reader compares each name and value with where the line before spelled one: prefixes
    // and extensions of those, at every length and at the end of the bytes, must read as the grammar reads them.
    const seed = PARSE_SEED + 61;
    console.log(`fast-check seed ${seed}`);
    fc.assert(
      fc.property(prefixLinesArb, fc.boolean(), (lines, lastLf) => {
        same(lines.join('\n') + (lastLf ? '\n' : ''));
      }),
      { seed, numRuns: 1500 },
    );
  });

  test('limits the byte reader does not take are kept (the string readers read such input)', () => {
    const input = Buffer.from('a{x="1",y="2"} 1\nb 2\n');
    expect(viaBytes(input, 0, { maxLabelsPerSeries: 1 })).toEqual(viaGrammar(input, { maxLabelsPerSeries: 1 }));
    expect(viaBytes(input, 0, { maxSeries: 1 })).toEqual(viaGrammar(input, { maxSeries: 1 }));
    expect(viaBytes(input, 0, { maxLineLength: 10 })).toEqual(viaGrammar(input, { maxLineLength: 10 }));
  });

  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('generated %s: the same families or error, whole and in pieces, and check agrees', (_name, garble) => {
    const seed = PARSE_SEED + 60;
    console.log(`fast-check seed ${seed}`);
    fc.assert(
      fc.property(documentArb(garble), fc.integer({ min: 1, max: 40 }), (bytes, piece) => {
        const input = Buffer.from(bytes);
        const want = viaGrammar(input);
        expect(viaBytes(input)).toEqual(want);
        expect(viaBytes(input, piece)).toEqual(want);
        expect(checkedLike(input)).toEqual('families' in (want as object) ? { accepted: true } : want);
      }),
      { seed, numRuns: 1500 },
    );
  });
});
