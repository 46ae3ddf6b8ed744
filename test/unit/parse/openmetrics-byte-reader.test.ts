// OpenMetrics byte input is read by a reader over the raw bytes: it must give what the string
// readers and the grammar give, line for line, value for value, error for error (with its excerpt).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { check, createParser, parse } from '../../../src/parse/index.js';
import type { ParseOptions } from '../../../src/parse/options.js';
import { byteReaderTuning } from '../../../src/parse/create-parser.js';
import { omDocumentArb } from '../../property/openmetrics-arbitraries.js';
import { prefixLinesArb } from '../../helpers/generators.js';
import { ROOT, VENDOR } from '../../helpers/fixtures.js';
import { familiesOrError, wholeError } from '../../helpers/compare.js';
import { plainDecimals } from '../../helpers/generators.js';

// Every byte chunk, however short, goes to the byte reader here.
const minChunk = byteReaderTuning.minChunk;
beforeAll(() => {
  byteReaderTuning.minChunk = 0;
});
afterAll(() => {
  byteReaderTuning.minChunk = minChunk;
});

const OM: ParseOptions = { format: 'openmetrics', positions: true };

/** `parse(bytes)` (the byte reader), fed whole or in pieces of `piece` bytes. */
function viaBytes(input: Buffer, piece = 0, options: ParseOptions = {}): unknown {
  return familiesOrError(() => {
    if (piece === 0) return parse(input, { ...OM, ...options });
    const parser = createParser({ ...OM, ...options });
    for (let i = 0; i < input.length; i += piece) parser.feed(input.subarray(i, i + piece));
    return parser.end().families;
  });
}

/** The same bytes read by the grammar alone (which decodes every line first). */
function viaGrammar(input: Buffer, options: ParseOptions = {}): unknown {
  return familiesOrError(() => parse(input, { ...OM, engine: 'grammar', ...options }));
}

/** `check(bytes)` (validate-only): accepted, or its error as {@link wholeError} gives it. */
function checked(input: Buffer): unknown {
  const error = check(input, { format: 'openmetrics' });
  return error === undefined ? 'accepted' : wholeError(error);
}

function same(text: string | Buffer): void {
  const input = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  const want = viaGrammar(input);
  expect(viaBytes(input)).toEqual(want);
  for (const piece of [1, 3, 17]) expect(viaBytes(input, piece)).toEqual(want);
  expect(checked(input)).toEqual('families' in (want as object) ? 'accepted' : want);
}

/** The `.om` files under `dir`, recursively. */
function omFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.om') || f.endsWith('metrics'))
    .sort()
    .map((f) => join(dir, f));
}

describe('the OpenMetrics byte reader reads as the grammar does', () => {
  test('sample values in every spelling the in-place conversion takes or leaves', () => {
    const values = [
      ...['0', '-0', '7', '.5', '5.', '-.5', '0.1', '0.3', '123456789012345', '1234567890123456'],
      ...['0.000000000000001', '4.06e+5', '4.06E5', '-4.7025e-1', '3.8284343290142714e-7', '1e22', '1e23'],
      ...['9e-22', '1e-23', '1e400', '-1e400', '0e400', '1e', '1e+', '+1', '+1.5e3', '1.2.3', '1e1.5', '--1'],
      ...['-', '.', 'NaN', 'nan', '-NaN', '-Inf', '+Inf', 'inf', '+infinity', '1_0', '0x1p3', '1e0001'],
    ];
    for (const v of values) same(`a ${v}\n# EOF\n`);
  });

  test('the in-place conversion equals Number on random decimals', () => {
    const seed = 20261203;
    console.log(`fast-check seed ${seed}`);
    fc.assert(
      fc.property(plainDecimals, (spelled) => {
        const [family] = parse(Buffer.from(`a ${spelled}\n# EOF\n`), { format: 'openmetrics' });
        expect(Object.is(family.metrics[0].value, Number(spelled))).toBe(true);
      }),
      { seed, numRuns: 2000 },
    );
  });

  test('timestamps in seconds, integer and not, and blanks and tabs', () => {
    const tails = [' 1000', ' 0', ' 000000000001', ' 999999999999', ' 1000000000000', ' -5', ' +1', ' -0'];
    tails.push(' 1.001', ' 1.5e3', ' 1e-3', ' 1234567890123456', ' 1e400', ' NaN', ' Inf', ' 1 ', '\t1', '  1', ' 1 2');
    for (const tail of tails) same(`a 1${tail}\n# EOF\n`);
    same('a 1 10\na 2 9\n# EOF\n');
    same('a 1 10\na 2\n# EOF\n');
  });

  test('label values: escapes, UTF-8 valid and not', () => {
    const values = ['', 'v', '\xc3\xa9', '\xc3', '\xc3\\\\\xa9', 'a\\nb', 'a\\"b', 'a\\tb', '\xff', '\xe2\x9c\x93'];
    for (const v of values) {
      same(`a{x="${v}"} 1\n# EOF\n`);
      same(`# TYPE h histogram\nh_bucket{x="${v}",le="1"} 1\nh_bucket{x="${v}",le="+Inf"} 2\n# EOF\n`);
    }
    same('a{x="1",} 1\n# EOF\n');
    same('a{__name__="b"} 1\n# EOF\n');
    same('a{x="1",x="2"} 1\n# EOF\n');
  });

  test('errors of sample lines the byte reader takes are placed at their line, with its text', () => {
    same('a 1\n# EOF\nb 2\n');
    same('# TYPE a counter\na_total -1\n# EOF\n');
    same('# TYPE a counter\na_total 1\na_bogus 1\n# EOF\n');
    same('a{x="1"} 1\na{x="2"} 1\na{x="1"} 1\n# EOF\n');
    same('# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="1"} 2\n# EOF\n');
    same('# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\n# EOF\n');
    same('# TYPE s summary\ns{quantile="1.5"} 1\n# EOF\n');
    same('# TYPE s stateset\ns{s="a"} 2\n# EOF\n');
    same('a 1\nb 1\na 2\n# EOF\n');
    same('a{x="\xc3\xa9"} 1\n# EOF\nb{y="\xc3\xa9"} 2\n');
    same('a 1\n');
  });

  test('metadata between samples, and their errors placed at their line', () => {
    same('# HELP a first\na 1\n# HELP a second\n# EOF\n');
    same('a 1\n# TYPE a counter\n# EOF\n');
    same('# TYPE a gauge\n# UNIT a seconds\na 1\n# TYPE b bogus\n# EOF\n');
    same('# HELP a caf\xc3\xa9 \xff\na 1\n# EOF\n');
    same('a 1\n# plain comment\n# EOF\n');
    same('a 1\n# EOF');
    same('a 1\n# EOF\n\n');
  });

  test('exemplars and a run of lines the byte reader leaves, then lines it takes again', () => {
    const slow = Array.from({ length: 300 }, (_, i) => `a_total{x="${i}"} ${i} # {t="${i}"} 1\n`).join('');
    const fast = Array.from({ length: 300 }, (_, i) => `a_total{x="${i + 300}"} ${i}\n`).join('');
    same(`# TYPE a counter\n${slow}${fast}${slow.replaceAll('x="', 'x="b')}# EOF\n`);
  });

  test('limits the byte reader does not take are kept (the string readers read such input)', () => {
    const input = Buffer.from('a{x="1",y="2"} 1\nb 2\n# EOF\n');
    for (const options of [{ maxLabelsPerSeries: 1 }, { maxSeries: 1 }, { maxLineLength: 10 }])
      expect(viaBytes(input, 0, options)).toEqual(viaGrammar(input, options));
  });

  test('fixtures and the OpenMetrics suite: the same families or error, whole and in pieces', () => {
    const files = [
      ...omFiles(join(ROOT, 'fixtures', 'openmetrics')),
      ...readdirSync(join(ROOT, 'fixtures', 'valid'))
        .filter((f) => f.endsWith('.om'))
        .map((f) => join(ROOT, 'fixtures', 'valid', f)),
      ...omFiles(join(VENDOR, 'conformance', 'openmetrics', 'tests', 'testdata', 'parsers')),
    ];
    expect(files.length).toBeGreaterThan(400);
    for (const file of files) {
      const input = readFileSync(file);
      const want = viaGrammar(input);
      expect([file, viaBytes(input)]).toEqual([file, want]);
      expect([file, viaBytes(input, 7)]).toEqual([file, want]);
    }
  });

  test('generated lines whose names and values begin like those of the lines before', () => {
    // As in the text format's byte reader test: each name and value is compared with where the
    // line before spelled one, up to the end of the bytes (with and without the `# EOF` line).
    const seed = 20261205;
    console.log(`fast-check seed ${seed}`);
    fc.assert(
      fc.property(prefixLinesArb, fc.boolean(), (lines, eof) => {
        same(lines.join('\n') + (eof ? '\n# EOF\n' : '\n'));
      }),
      { seed, numRuns: 1500 },
    );
  });

  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('generated %s: the same families or error, whole and in pieces', (_name, garble) => {
    const seed = 20261204;
    console.log(`fast-check seed ${seed}`);
    fc.assert(
      fc.property(omDocumentArb(garble), fc.integer({ min: 1, max: 40 }), (bytes, piece) => {
        const input = Buffer.from(bytes);
        const want = viaGrammar(input);
        expect(viaBytes(input)).toEqual(want);
        expect(viaBytes(input, piece)).toEqual(want);
      }),
      { seed, numRuns: 1000 },
    );
  });
});
