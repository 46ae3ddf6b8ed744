import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/errors/parse-error.js';
import { labelSignature } from '../../../src/model/labels.js';
import type { Label } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { outcome } from '../../helpers/parse-outcome.js';
import {
  compareGroups,
  groupHash,
  groupHashing,
  MetricGroups,
  sameLabelSet,
} from '../../../src/parse/openmetrics/groups.js';

/**
 * The contiguity rule of OpenMetrics metrics (a family's label group may not
 * come back after another one) decided without keys while groups come sorted
 * and increasing, with signatures after that: the verdicts equal a plain set
 * of signatures, whatever the order of groups and of labels.
 */

const SEED = 190419;

function group(...pairs: [string, string][]): Label[] {
  return pairs.map(([name, value]) => ({ name, value }));
}

function codeOf(input: string): string | undefined {
  const result = outcome(() => parse(input, { format: 'openmetrics' }));
  return 'code' in result ? result.code : undefined;
}

describe('MetricGroups', () => {
  test('an increasing run is accepted; going back to an earlier group is refused', () => {
    const g = new MetricGroups();
    expect(g.add(group())).toBe(true);
    expect(g.add(group(['a', '1']))).toBe(true);
    expect(g.add(group(['a', '2']))).toBe(true);
    expect(g.add(group(['a', '2'], ['b', '1']))).toBe(true);
    expect(g.add(group(['a', '1']))).toBe(false);
    expect(g.add(group())).toBe(false);
    expect(g.add(group(['a', '0']))).toBe(true);
    expect(g.add(group(['a', '0']))).toBe(false);
  });

  test('a group with its labels in another order is the same group', () => {
    const g = new MetricGroups();
    expect(g.add(group(['a', '1'], ['b', '2']))).toBe(true);
    expect(g.add(group(['b', '2'], ['a', '1']))).toBe(false);
    const h = new MetricGroups();
    expect(h.add(group(['b', '2'], ['a', '1']))).toBe(true);
    expect(h.add(group(['c', '1']))).toBe(true);
    expect(h.add(group(['a', '1'], ['b', '2']))).toBe(false);
  });

  test('a decreasing group that is new is accepted, and the earlier groups are still known', () => {
    const g = new MetricGroups();
    for (const v of ['1', '2', '3']) expect(g.add(group(['a', v]))).toBe(true);
    expect(g.add(group(['a', '0']))).toBe(true);
    for (const v of ['0', '1', '2', '3']) expect(g.add(group(['a', v]))).toBe(false);
  });

  test('a run of groups with the names of the first group in its order, going down, needs no sorted names', () => {
    const g = new MetricGroups();
    for (const v of ['9', '5', '1']) expect(g.add(group(['b', v], ['a', '0']))).toBe(true);
    expect(g.add(group(['b', '5'], ['a', '0']))).toBe(false);
    expect(g.add(group(['a', '0'], ['b', '9']))).toBe(false);
    expect(g.add(group(['a', '0'], ['b', '7']))).toBe(true);
  });

  test('sameLabelSet: same labels in any order, small and large', () => {
    expect(sameLabelSet(group(['a', '1'], ['b', '2']), group(['b', '2'], ['a', '1']))).toBe(true);
    expect(sameLabelSet(group(['a', '1'], ['b', '2']), group(['b', '1'], ['a', '2']))).toBe(false);
    expect(sameLabelSet(group(['a', '1']), group(['a', '1'], ['b', '2']))).toBe(false);
    const big = Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, value: `${i}` }));
    expect(sameLabelSet(big, big.slice().reverse())).toBe(true);
    expect(sameLabelSet(big, [...big.slice(1), { name: 'n0', value: 'x' }])).toBe(false);
  });

  test('groupHash: the same for a set in any order, apart for the name and value of a label', () => {
    expect(groupHash(group(['a', '1'], ['b', '2']))).toBe(groupHash(group(['b', '2'], ['a', '1'])));
    expect(groupHash(group(['a', '1'], ['b', '2']))).not.toBe(groupHash(group(['a', '2'], ['b', '1'])));
    expect(groupHash(group(['ab', 'c']))).not.toBe(groupHash(group(['a', 'bc'])));
    expect(groupHash(group())).toBe(0);
  });

  test('groups that break the run are told apart by a label whose values are each new, while they are', () => {
    const g = new MetricGroups();
    // "10" before "9": the run of increasing groups breaks at "11"; "id" tells the groups apart.
    for (const v of ['9', '10', '11', '2', '3']) expect(g.add(group(['job', 'j'], ['id', v]))).toBe(true);
    expect(g.add(group(['id', '3'], ['job', 'j']))).toBe(false);
    expect(g.add(group(['job', 'k'], ['id', '4']))).toBe(true);
    // A value of "id" seen before: the label set decides (here a new one), from then on for every group.
    expect(g.add(group(['job', 'k'], ['id', '2']))).toBe(true);
    expect(g.add(group(['job', 'j'], ['id', '5']))).toBe(true);
    expect(g.add(group(['job', 'j'], ['id', '9']))).toBe(false);
    expect(g.add(group(['job', 'k'], ['id', '2']))).toBe(false);
    // A group without the label.
    const h = new MetricGroups();
    for (const v of ['9', '10', '11']) expect(h.add(group(['id', v], ['x', '1']))).toBe(true);
    expect(h.add(group(['x', '1']))).toBe(true);
    expect(h.add(group(['x', '1']))).toBe(false);
    expect(h.add(group(['id', '10'], ['x', '1']))).toBe(false);
    // Run groups that share the label's value: the label does not tell them apart.
    const k = new MetricGroups();
    for (const v of ['1', '2']) expect(k.add(group(['a', '1'], ['b', v]))).toBe(true);
    expect(k.add(group(['a', '0'], ['b', '2']))).toBe(true);
    expect(k.add(group(['a', '1'], ['b', '1']))).toBe(false);
  });

  test('after a value of that label comes back, groups are told apart by hash', () => {
    const g = new MetricGroups();
    // The run breaks at "11" (after "9", "10" going down); "a" tells the groups apart until "10" comes back.
    for (const v of ['9', '10', '11', '2']) expect(g.add(group(['a', v], ['b', 'x']))).toBe(true);
    expect(g.add(group(['b', 'x'], ['a', '10']))).toBe(false);
    expect(g.add(group(['a', '9'], ['b', 'x']))).toBe(false);
    expect(g.add(group(['a', '3']))).toBe(true);
    expect(g.add(group(['a', '3']))).toBe(false);
  });

  test('groups that meet on one hash switch the family to exact keys, with the same verdicts', () => {
    const mask = groupHashing.mask;
    groupHashing.mask = 0;
    try {
      const g = new MetricGroups();
      for (const v of ['9', '10', '11', '2']) expect(g.add(group(['a', v]))).toBe(true);
      expect(g.add(group(['a', '11']))).toBe(false);
      expect(g.add(group(['a', '12']))).toBe(true);
      expect(g.add(group(['a', '12']))).toBe(false);
      const h = new MetricGroups();
      expect(h.add(group(['a', '2']))).toBe(true);
      expect(h.add(group(['a', '1']))).toBe(true);
      // Breaks the run; its hash meets the run's groups' (all 0), so the keys decide.
      expect(h.add(group(['a', '3']))).toBe(true);
      expect(h.add(group(['a', '2']))).toBe(false);
    } finally {
      groupHashing.mask = mask;
    }
  });

  test.each([
    ['full hashes', 0x3fffffff],
    ['hashes of two bits (groups meet on them)', 3],
  ])(`verdicts equal a set of signatures, %s (seed ${SEED})`, (_name, mask) => {
    const saved = groupHashing.mask;
    groupHashing.mask = mask;
    try {
      verdictsEqualSignatures();
    } finally {
      groupHashing.mask = saved;
    }
  });
});

/** The order of two groups by label pairs, place by place, and whether their names match by place: as written out. */
function modelCompare(a: Label[], b: Label[]): { order: number; sameNames: boolean } {
  const sign = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  let order = 0;
  for (let i = 0; i < Math.min(a.length, b.length) && order === 0; i++)
    order = sign(a[i].name, b[i].name) || sign(a[i].value, b[i].value);
  if (order === 0) order = Math.sign(a.length - b.length);
  const sameNames = a.length === b.length && a.every((l, i) => l.name === b[i].name);
  return { order, sameNames };
}

test(`compareGroups gives the pair order and whether the names match by place (seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  const arbGroup = fc
    .array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('', '1', '2', '10')), { maxLength: 3 })
    .map((pairs) => pairs.map(([name, value]) => ({ name, value })));
  fc.assert(
    fc.property(arbGroup, arbGroup, (a, b) => {
      const r = compareGroups(a, b);
      expect({ order: r >> 1, sameNames: (r & 1) === 1 }).toEqual(modelCompare(a, b));
    }),
    { seed: SEED, numRuns: 5000 },
  );
});

/** Random groups added one by one: each verdict is whether its signature is new. */
function verdictsEqualSignatures(): void {
  console.log(`fast-check seed ${SEED}`);
  const arbGroup = fc
    .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('', '1', '2', '10', 'é')), {
      maxLength: 3,
      selector: ([name]) => name,
    })
    .map((pairs) => pairs.map(([name, value]) => ({ name, value })));
  fc.assert(
    fc.property(fc.array(arbGroup, { maxLength: 30 }), (groups) => {
      const g = new MetricGroups();
      const keys = new Set<string>();
      for (const labels of groups) {
        const key = labelSignature(labels);
        const fresh = !keys.has(key);
        keys.add(key);
        expect(g.add(labels)).toBe(fresh);
      }
    }),
    { seed: SEED, numRuns: 2000 },
  );
}

describe('OpenMetrics metric contiguity', () => {
  test('a metric that comes back after later ones is OM_INTERLEAVED_METRIC', () => {
    const doc = 'a{x="1"} 1\na{x="2"} 1\na{x="3"} 1\na{x="2"} 1\n# EOF\n';
    expect(codeOf(doc)).toBe('OM_INTERLEAVED_METRIC');
  });

  test('metrics out of order are accepted when none comes back', () => {
    const families = parse('a{x="3"} 1\na{x="1"} 1\na{x="2",y="0"} 1\na{x="2"} 1\n# EOF\n', { format: 'openmetrics' });
    expect(families[0].metrics.map((m) => m.labels)).toEqual([
      group(['x', '3']),
      group(['x', '1']),
      group(['x', '2'], ['y', '0']),
      group(['x', '2']),
    ]);
  });

  test('labels in another order on the next line continue the same histogram point', () => {
    const doc =
      '# TYPE h histogram\n' +
      'h_bucket{a="1",b="2",le="1"} 0\n' +
      'h_bucket{b="2",le="+Inf",a="1"} 1\n' +
      'h_count{b="2",a="1"} 1\n' +
      'h_sum{a="1",b="2"} 0.5\n' +
      '# EOF\n';
    const [h] = parse(doc, { format: 'openmetrics' });
    expect(h.metrics).toHaveLength(1);
    expect(h.metrics[0].labels).toEqual(group(['a', '1'], ['b', '2']));
    expect(h.metrics[0].histogram?.buckets).toHaveLength(2);
    expect(h.metrics[0].histogram?.count).toBe(1);
  });

  test('a next line with one label more, or another value after the same names, starts a new point', () => {
    const doc =
      '# TYPE h histogram\n' +
      'h_bucket{a="1",le="+Inf"} 1\n' +
      'h_bucket{a="1",b="2",le="+Inf"} 1\n' +
      'h_bucket{a="1",b="3",le="+Inf"} 1\n' +
      'h_bucket{b="3",a="2",le="+Inf"} 1\n' +
      '# EOF\n';
    const [h] = parse(doc, { format: 'openmetrics' });
    expect(h.metrics.map((m) => m.labels)).toEqual([
      group(['a', '1']),
      group(['a', '1'], ['b', '2']),
      group(['a', '1'], ['b', '3']),
      group(['b', '3'], ['a', '2']),
    ]);
  });

  test('an earlier metric written with its labels in another order is OM_INTERLEAVED_METRIC', () => {
    const doc = 'a{x="1",y="1"} 1\na{x="2",y="1"} 1\na{y="1",x="1"} 1\n# EOF\n';
    expect(codeOf(doc)).toBe('OM_INTERLEAVED_METRIC');
  });

  test('stateset metrics keep their state label; states of one metric are one group', () => {
    const doc = '# TYPE s stateset\ns{s="a",x="1"} 1\ns{s="b",x="1"} 0\ns{s="a",x="2"} 0\n# EOF\n';
    const [s] = parse(doc, { format: 'openmetrics' });
    expect(s.metrics.map((m) => m.labels)).toEqual([
      group(['s', 'a'], ['x', '1']),
      group(['s', 'b'], ['x', '1']),
      group(['s', 'a'], ['x', '2']),
    ]);
    expect(codeOf(doc.replace('# EOF', 's{x="1",s="c"} 1\n# EOF'))).toBe('OM_INTERLEAVED_METRIC');
  });

  test(`documents of gauge lines: refused exactly when a label set comes back (seed ${SEED})`, () => {
    const arbLine = fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('1', '2')), {
      maxLength: 2,
      selector: ([name]) => name,
    });
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 12 }), fc.boolean(), (lines, grammar) => {
        const doc =
          lines.map((pairs) => `g{${pairs.map(([n, v]) => `${n}="${v}"`).join(',')}} 1\n`).join('') + '# EOF\n';
        const keys = new Set<string>();
        let last: string | undefined;
        let interleaved = false;
        for (const pairs of lines) {
          const key = labelSignature(pairs.map(([name, value]) => ({ name, value })));
          if (key !== last && keys.has(key)) interleaved = true;
          keys.add(key);
          last = key;
        }
        let code: string | undefined;
        try {
          const [g] = parse(doc, { format: 'openmetrics', engine: grammar ? 'grammar' : 'auto' });
          expect(g.metrics).toHaveLength(lines.length);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          code = e.code;
        }
        expect(code).toBe(interleaved ? 'OM_INTERLEAVED_METRIC' : undefined);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
