import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { OmType } from '../../../grammar/openmetrics/records.js';
import { parse } from '../../../src/parse/index.js';
import { outcome } from '../../helpers/parse-outcome.js';
import { HeldNames } from '../../../src/parse/openmetrics/names.js';
import { TYPE_SAMPLES } from '../../../src/parse/openmetrics/roles.js';

/**
 * Names held by earlier families (their names, and the sample names their
 * types reserve), kept without `name + suffix` strings: the verdicts equal a
 * plain set of every such name, in any order of families and types.
 */

const SEED = 190421;
const TYPES = Object.keys(TYPE_SAMPLES) as OmType[];
const NAMES = [
  'a',
  'b',
  '_total',
  'a_total',
  'a_created',
  'a_count',
  'a_gcount',
  'a_sum',
  'a_gsum',
  'a_bucket',
  'a_info',
  'a_g',
  'a_total_total',
  'b_sum',
];

/** The plain model: one set of every held name. */
class NameSet {
  private readonly seen = new Set<string>();
  addFamily(name: string): boolean {
    if (this.seen.has(name)) return false;
    this.seen.add(name);
    return true;
  }
  heldSuffix(name: string, type: OmType): string | undefined {
    return TYPE_SAMPLES[type].suffixes.find((s) => s !== '' && this.seen.has(name + s));
  }
  reserve(name: string, type: OmType): void {
    for (const s of TYPE_SAMPLES[type].suffixes) this.seen.add(name + s);
  }
}

test(`HeldNames gives the verdicts of a set of all held names (seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  const family = fc.tuple(fc.constantFrom(...NAMES), fc.option(fc.constantFrom(...TYPES)));
  fc.assert(
    fc.property(fc.array(family, { maxLength: 12 }), (families) => {
      const held = new HeldNames();
      const holders = new Map<string, { reserved: number }>();
      const model = new NameSet();
      for (const [name, type] of families) {
        const added = model.addFamily(name);
        const holder = { reserved: 0 };
        expect(held.addFamily(name, holder)).toBe(added);
        if (added) holders.set(name, holder);
        if (!added || type === null) continue;
        const { suffixes, mask } = TYPE_SAMPLES[type];
        const suffix = model.heldSuffix(name, type);
        expect(held.heldSuffix(name, suffixes, mask)).toBe(suffix);
        if (suffix !== undefined) continue;
        model.reserve(name, type);
        held.reserve(holders.get(name) as { reserved: number }, mask);
      }
    }),
    { seed: SEED, numRuns: 5000 },
  );
});

test('a family named like a sample name of an earlier typed family, or typed over an earlier name, is OM_CLASHING_NAME', () => {
  const codeOf = (doc: string): string | undefined => {
    const result = outcome(() => parse(doc, { format: 'openmetrics' }));
    return 'code' in result ? result.code : undefined;
  };
  expect(codeOf('# TYPE a histogram\na_bucket{le="+Inf"} 1\n# TYPE a_count gauge\na_count 1\n# EOF\n')).toBe(
    'OM_CLASHING_NAME',
  );
  expect(codeOf('# TYPE a_sum gauge\na_sum 1\n# TYPE a summary\na_count 1\na_sum 1\n# EOF\n')).toBe('OM_CLASHING_NAME');
  expect(codeOf('# TYPE a_gsum gauge\na_gsum 1\n# TYPE a summary\na_count 1\n# EOF\n')).toBeUndefined();
  expect(codeOf('# TYPE a gaugehistogram\na_bucket{le="+Inf"} 1\n# TYPE a_g gauge\na_g 1\n# EOF\n')).toBeUndefined();
});
