// NameSequence spells a document's family names from the last document's: whatever it was
// given before, a name it returns is the one written at that place of the text.
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { NameSequence, NameShelf } from '../../../grammar/common/name-sequence.js';
import { parse } from '../../../src/parse/index.js';

const SEED = 0x5e9e;

const shelf = new NameShelf();

/** Reads the names of `doc` (one per line, each followed by a space) as the meta-line reader does. */
function readNames(doc: string[]): string[] {
  const names = new NameSequence(shelf);
  const out: string[] = [];
  for (const line of doc) {
    const text = `${line} x\n`;
    out.push(names.expected(text, 0) ?? names.record(line));
  }
  names.finish();
  return out;
}

test('a repeated document is spelled from the last one, and a changed one is read as written', () => {
  expect(readNames(['a_b', 'c', 'd_e_f'])).toEqual(['a_b', 'c', 'd_e_f']);
  expect(readNames(['a_b', 'c', 'd_e_f'])).toEqual(['a_b', 'c', 'd_e_f']);
  // A name that only starts like the expected one is not it.
  expect(readNames(['a_b_c', 'c', 'd_e'])).toEqual(['a_b_c', 'c', 'd_e']);
  // A family gone, one added.
  expect(readNames(['a_b_c', 'd_e', 'z'])).toEqual(['a_b_c', 'd_e', 'z']);
});

test('a document past the record limits is read as written, and so is the next one', () => {
  const many = Array.from({ length: 10_050 }, (_, i) => `metric_number_${i}`);
  expect(readNames(many)).toEqual(many);
  expect(readNames(many)).toEqual(many);
  const long = Array.from({ length: 300 }, (_, i) => `m${i}_${'x'.repeat(1000)}`);
  expect(readNames(long)).toEqual(long);
  expect(readNames(long)).toEqual(long);
});

test(`names come back as written whatever the last document was (seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  const name = fc.string({ unit: fc.constantFrom('a', 'b', '_', '1'), minLength: 1, maxLength: 6 }).map((s) => `m${s}`);
  fc.assert(
    fc.property(fc.array(fc.array(name, { maxLength: 12 }), { minLength: 1, maxLength: 5 }), (docs) => {
      for (const doc of docs) expect(readNames(doc)).toEqual(doc);
    }),
    { seed: SEED, numRuns: 500 },
  );
});

test('OpenMetrics documents that change between parses keep their own family names', () => {
  const doc = (names: string[]): string =>
    names.map((n) => `# HELP ${n} h\n# TYPE ${n} gauge\n${n} 1\n`).join('') + '# EOF\n';
  const parsed = (names: string[]): string[] => parse(doc(names), { format: 'openmetrics' }).map((f) => f.name);
  expect(parsed(['a', 'b_long_metric_name_here', 'c'])).toEqual(['a', 'b_long_metric_name_here', 'c']);
  expect(parsed(['a', 'b_long_metric_name_here', 'c'])).toEqual(['a', 'b_long_metric_name_here', 'c']);
  expect(parsed(['a', 'b_long_metric_name', 'c'])).toEqual(['a', 'b_long_metric_name', 'c']);
  // The name at the same place last time is a prefix of this one.
  expect(parsed(['a', 'b_long_metric_name_here_too', 'd'])).toEqual(['a', 'b_long_metric_name_here_too', 'd']);
});
