import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyGrouping, groupingPath, groupKey, parseGroupingPath } from '../../src/merge/index.js';
import type { Label, MetricFamily } from '../../src/model/types.js';

const SEED = 42;

/** Strings biased towards characters that could fake a separator or need escaping in a path. */
const valueArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc
    .array(
      fc.constantFrom(
        '',
        ':',
        '0',
        '1',
        '2',
        '/',
        '=',
        '.',
        '..',
        '%',
        '+',
        ' ',
        '?',
        '#',
        '@',
        'é',
        '😀',
        '\u0000',
        '\n',
      ),
      { maxLength: 5 },
    )
    .map((p) => p.join('')),
);
const nameArb = fc.constantFrom('a', 'b', 'job', 'instance', '_x', 'Z9', 'a1', 'le', 'quantile');

const labelSetArb = fc
  .uniqueArray(fc.tuple(nameArb, valueArb), { maxLength: 4, selector: ([n]) => n })
  .map((ps) => ps.map(([name, value]) => ({ name, value })));

const groupingArb: fc.Arbitrary<Label[]> = fc
  .tuple(
    valueArb.filter((v) => v !== ''),
    labelSetArb,
  )
  .map(([job, rest]) => [{ name: 'job', value: job }, ...rest.filter((l) => l.name !== 'job')]);

const bodyArb: fc.Arbitrary<MetricFamily[]> = fc.array(
  fc.record({
    name: fc.constantFrom('m', 'n'),
    type: fc.constantFrom('untyped' as const, 'summary' as const, 'histogram' as const),
    metrics: fc.array(
      fc.record({
        labels: fc
          .array(fc.tuple(nameArb, valueArb), { maxLength: 4 })
          .map((ps) => ps.map(([name, value]) => ({ name, value }))),
        value: fc.double(),
      }),
      { maxLength: 3 },
    ),
  }),
  { maxLength: 3 },
);

const byName = (a: Label, b: Label) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

describe(`merge properties (seed ${SEED})`, () => {
  test('grouping labels always win, instance is always there, labels are sorted', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(bodyArb, groupingArb, (families, grouping) => {
        const out = applyGrouping(families, grouping);
        expect(out.map((f) => f.metrics.length)).toEqual(families.map((f) => f.metrics.length));
        for (const f of out) {
          for (const m of f.metrics) {
            for (const g of grouping) expect(m.labels.find((l) => l.name === g.name)?.value).toBe(g.value);
            expect(m.labels.some((l) => l.name === 'instance')).toBe(true);
            expect(m.labels.map((l) => l.name)).toEqual(m.labels.map((l) => l.name).sort());
          }
        }
        // Applying the grouping again changes nothing.
        expect(applyGrouping(out, grouping)).toEqual(out);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('the group key is collision-free: equal keys exactly for equal label sets', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(labelSetArb, labelSetArb, fc.nat(), (a, b, rot) => {
        const sameSet = JSON.stringify(a.slice().sort(byName)) === JSON.stringify(b.slice().sort(byName));
        expect(groupKey(a) === groupKey(b)).toBe(sameSet);
        const rotated = a.slice(rot % (a.length || 1)).concat(a.slice(0, rot % (a.length || 1)));
        expect(groupKey(rotated)).toBe(groupKey(a));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('groupingPath gives a path that parses back to the same grouping', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(groupingArb, (grouping) => {
        const path = groupingPath(grouping);
        expect(parseGroupingPath(path)).toEqual(grouping.slice().sort(byName));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
