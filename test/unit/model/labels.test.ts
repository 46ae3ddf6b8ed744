import { describe, expect, test } from 'vitest';
import {
  compareLabels,
  hasRepeatedName,
  labelSignature,
  repeatedNames,
  sortedLabels,
} from '../../../src/model/labels.js';

const l = (name: string, value: string) => ({ name, value });

describe('labelSignature', () => {
  test('ignores order', () => {
    expect(labelSignature([l('b', '1'), l('a', '2')])).toBe(labelSignature([l('a', '2'), l('b', '1')]));
  });
  test.each([
    [
      [l('a', 'x=1:'), l('b', '')],
      [l('a', 'x'), l('b', '1:')],
    ],
    [[l('a', '1:b=1:2')], [l('a', '1'), l('b', '2')]],
    [[l('a', '')], []],
    [[l('a', 'b')], [l('ab', '')]],
  ])('tells apart label sets that a naive join would confuse: %j vs %j', (x, y) => {
    expect(labelSignature(x)).not.toBe(labelSignature(y));
  });
  test('does not mutate its input', () => {
    const labels = [l('z', '1'), l('a', '2')];
    labelSignature(labels);
    expect(labels.map((x) => x.name)).toEqual(['z', 'a']);
  });
});

describe('sortedLabels', () => {
  test('sorts by name then value, into a new array', () => {
    const labels = [l('b', '2'), l('a', '9'), l('b', '1')];
    expect(sortedLabels(labels)).toEqual([l('a', '9'), l('b', '1'), l('b', '2')]);
    expect(labels[0]).toEqual(l('b', '2'));
    expect(compareLabels(l('a', '1'), l('a', '1'))).toBe(0);
  });
});

describe('hasRepeatedName', () => {
  const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `l${i}`);

  test('small and large sets without a repeat', () => {
    for (const n of [0, 1, 8, 9, 100, 100_000]) expect(hasRepeatedName(names(n), n)).toBe(false);
  });

  test('a repeat anywhere in a large set, and only within the first count names', () => {
    const set = names(10_000);
    for (const [a, b] of [
      [0, 9_999],
      [5_000, 5_001],
      [9_998, 9_999],
    ]) {
      const copy = set.slice();
      copy[b] = copy[a];
      expect(hasRepeatedName(copy, copy.length)).toBe(true);
      expect(hasRepeatedName(copy, b)).toBe(false);
    }
  });

  test('a table reused by a smaller set after a larger one keeps nothing of it', () => {
    expect(hasRepeatedName(names(50_000), 50_000)).toBe(false);
    expect(hasRepeatedName(['x', ...names(20)], 21)).toBe(false);
    expect(hasRepeatedName([...names(20), 'l3'], 21)).toBe(true);
  });

  test('names built to share one slot of the table (crafted collisions) keep the verdict', () => {
    // 200 names: a table of 512 slots. Names whose FNV-1a hash has the same low 9 bits all probe
    // the same run of slots, which exceeds the probe budget and hands the set to a `Set`.
    const fnv = (s: string): number => {
      let h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      return h & 511;
    };
    const colliding: string[] = [];
    for (let i = 0; colliding.length < 200; i++) if (fnv(`n${i}`) === 7) colliding.push(`n${i}`);
    expect(hasRepeatedName(colliding, 200)).toBe(false);
    const repeated = colliding.slice();
    repeated[199] = repeated[3];
    expect(hasRepeatedName(repeated, 200)).toBe(true);
  });
});

describe('repeatedNames', () => {
  const set = (names: string[]) => names.map((name, i) => ({ name, value: String(i) }));
  test('undefined for a small set (compared pairwise instead)', () => {
    expect(repeatedNames(set(['a', 'a']))).toBeUndefined();
  });
  test('empty for a large set without a repeat, at any size', () => {
    for (const n of [9, 1000, 100_000]) {
      expect(repeatedNames(set(Array.from({ length: n }, (_, i) => `l${i}`)))).toEqual(new Set());
    }
  });
  test('every repeated name of a large set, wherever it repeats', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `l${i}`);
    names[5000] = 'l0';
    names[9999] = 'l77';
    names.push('l77', 'l4999');
    expect(repeatedNames(set(names))).toEqual(new Set(['l0', 'l77', 'l4999']));
  });
});
