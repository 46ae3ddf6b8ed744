import { describe, expect, test } from 'vitest';
import { compareLabels, labelSignature, sortedLabels } from '../../../src/model/labels.js';

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
