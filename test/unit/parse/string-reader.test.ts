// The fast string reader shares a family's name string between its lines and converts plain decimals in place.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../../src/parse/index.js';
import { plainDecimals } from '../../helpers/generators.js';
import { familiesOrError } from '../../helpers/compare.js';

const fast = (input: string): unknown => familiesOrError(() => parse(input, { positions: true }));
const grammar = (input: string): unknown => familiesOrError(() => parse(input, { positions: true, engine: 'grammar' }));

describe('names taken again from the line before', () => {
  test('a name spelled as a prefix of the line before, or the line before as its prefix, is read in full', () => {
    const inputs = [
      '# HELP ab x\n# TYPE a gauge\na 1\nab 2\n',
      '# HELP a x\n# TYPE ab gauge\nab 1\na 2\n',
      '# HELP a x\n# TYPE a summary\na_sum 1\na_count 2\na{quantile="0.5"} 3\n',
      '# TYPE a histogram\na_bucket{le="1"} 1\na_bucket{le="+Inf"} 1\na_b 5\na 7\n',
      '# HELP a x\n# TYPE a gauge\na{x="1"} 1\na_x 2\na 3\n# HELP a_x y\n',
      'a 1\nab 2\na{x="y"} 3\nab{x="y"} 4\n',
    ];
    for (const input of inputs) expect(fast(input)).toEqual(grammar(input));
  });

  test('errors on a line after a shared name keep their place', () => {
    const input = '# HELP a x\n# HELP a y\n';
    expect(() => parse(input)).toThrowError(/second HELP line for metric name "a"/);
    expect(() => parse('# TYPE a gauge\na{x="1"} 1\na{x="1"} x\n')).toThrowError(/expected float as value/);
  });
});

const SEED = 20261203;

describe('values converted in place', () => {
  test(`plain decimals equal Number, as the grammar reads them (seed ${SEED})`, () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(plainDecimals, (spelled) => {
        const [family] = parse(`a ${spelled}\n`);
        expect(Object.is(family.metrics[0].value, Number(spelled))).toBe(true);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  test('other spellings go to the full parser', () => {
    for (const v of [
      '+1.5',
      '1e',
      '1e+',
      '.5',
      '5.',
      '-0',
      '1.2.3',
      '0x10',
      '1_000',
      'Inf',
      '-inf',
      'NaN',
      '1e400',
      '1e-400',
    ])
      expect(fast(`a ${v}\n`)).toEqual(grammar(`a ${v}\n`));
  });
});
