// The journal writes the common families itself: its bytes must be exactly encodeProtobuf's, for
// every model (the others go through encodeProtobuf's own path), and must read back the same.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { decodeProtobuf, encodeProtobuf } from '../../../src/serialize/index.js';
import { encodeJournalFamilies } from '../../../src/storage/local/journal-families.js';
import { extremeFamilies } from '../../helpers/extreme-families.js';
import { familiesArb } from '../../helpers/model-arbitrary.js';

const SEED = 1802;

const same = (families: MetricFamily[]): void => {
  const fast = encodeJournalFamilies(families);
  expect(Buffer.from(fast).toString('hex')).toBe(Buffer.from(encodeProtobuf(families)).toString('hex'));
};

test(`the journal's families are encodeProtobuf's bytes (seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  fc.assert(
    fc.property(familiesArb(5, true), (families) => same(families)),
    { seed: SEED, numRuns: 400 },
  );
}, 120_000);

test('pushed bodies: every type, NaN, -0, empty HELP, multi-byte text, long strings', () => {
  const long = 'x'.repeat(200);
  const body = [
    '# HELP c A counter ✓.',
    '# TYPE c counter',
    'c{a="1",b="é"} 3',
    'c 0',
    '# HELP g',
    '# TYPE g gauge',
    `g{k="${long}"} NaN`,
    'g{k="z"} -0',
    'g{k="i"} +Inf',
    '# TYPE u untyped',
    'u 1e300',
    '# TYPE s summary',
    's{quantile="0.5"} 1',
    's{quantile="0.9"} NaN',
    's_sum 3.5',
    's_count 12',
    '# TYPE h histogram',
    'h_bucket{le="1"} 1',
    'h_bucket{le="+Inf"} 9007199254740991',
    'h_sum 2',
    'h_count 9007199254740991',
    'h_bucket{x="a",le="+Inf"} 0',
    'h_count{x="a"} 0',
    '',
  ].join('\n');
  const families = parse(body);
  same(families);
  expect(decodeProtobuf(encodeJournalFamilies(families), { asPushed: true })).toEqual(
    decodeProtobuf(encodeProtobuf(families), { asPushed: true }),
  );
  same(extremeFamilies());
  same([]);
});
