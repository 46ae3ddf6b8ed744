import { describe, expect, test } from 'vitest';
import { flatCopy, flatten, internLabel, internLabels, internString, ownCopy } from '../../../src/store/intern.js';
import { createStore } from '../../../src/store/index.js';
import { parse } from '../../../src/parse/index.js';

// Strings built at run time, so that equal contents are distinct objects before interning.
const built = (s: string): string => s.split('').join('');

describe('internString', () => {
  test.each([
    ['short', 'job'],
    ['long (a slice would be a view)', 'batch_job_last_success_timestamp_seconds'],
    ['array index', '123'],
    ['empty', ''],
    ['non-ASCII', 'grüße \u{1F600}'],
    ['a prototype key', '__proto__'],
    ['an Object.prototype name', 'toString'],
  ])('%s: same content, same result, content kept', (_, s) => {
    const a = internString(built(s));
    const b = internString(built(s));
    expect(a).toBe(s);
    expect(Object.is(a, b)).toBe(true);
    expect(flatten(built(s))).toBe(s);
    expect(ownCopy(built(s))).toBe(s);
    expect(flatCopy(built(s).slice(0))).toBe(s);
  });
});

test('flatCopy of many distinct strings gives each its own content, in any order', () => {
  // One shared holder takes every key and gives it back: a key left behind would come back for the next string.
  const inputs = Array.from({ length: 2000 }, (_, i) => built(`value_${i % 7 === 0 ? i : `x${i}`}`));
  inputs.push(built('12'), built('0'), built('__proto__'), built('1e3'));
  for (const s of inputs) expect(flatCopy(s)).toBe(s);
  expect(flatCopy(built('12'))).toBe('12');
});

describe('internLabel', () => {
  test.each([
    ['job', 'batch'],
    ['instance', ''],
    ['le', '+Inf'],
  ])('%s=%s is one frozen object', (name, value) => {
    const a = internLabel(built(name), built(value));
    const b = internLabel(name, value);
    expect(a).toBe(b);
    expect(a).toEqual({ name, value });
    expect(Object.isFrozen(a)).toBe(true);
  });

  test('internLabels replaces in place and keeps order', () => {
    const ls = [
      { name: 'b', value: '2' },
      { name: 'a', value: '1' },
    ];
    const out = internLabels(ls);
    expect(out).toBe(ls);
    expect(out).toEqual([
      { name: 'b', value: '2' },
      { name: 'a', value: '1' },
    ]);
    expect(out[0]).toBe(internLabel('b', '2'));
  });
});

describe('stored series share label objects between groups', () => {
  test.each([['a="x"'], ['a="a value longer than thirteen"']])('body label %s', async (label) => {
    const store = createStore();
    const body = `# TYPE m gauge\nm{${label}} 1\n`;
    for (const instance of ['h1', 'h2']) {
      const r = await store.submit({
        grouping: [
          { name: 'job', value: 'j' },
          { name: 'instance', value: instance },
        ],
        mode: 'replace',
        families: parse(body),
        receivedAt: 1000,
      });
      expect(r.ok).toBe(true);
    }
    const [f] = store
      .snapshot()
      .families()
      .filter((x) => x.name === 'm');
    expect(f.metrics).toHaveLength(2);
    const [m1, m2] = f.metrics;
    const a1 = m1.labels.find((l) => l.name === 'a');
    const a2 = m2.labels.find((l) => l.name === 'a');
    expect(a1).toBe(a2);
    expect(m1.labels.find((l) => l.name === 'job')).toBe(m2.labels.find((l) => l.name === 'job'));
    expect(m1.labels.find((l) => l.name === 'instance')).not.toBe(m2.labels.find((l) => l.name === 'instance'));
    expect(store.snapshot().text()).toContain(`m{${label},instance="h1",job="j"} 1\n`);
  });
});

test('a series with very many labels gets frozen copies, not shared objects, with the same content', () => {
  const many = Array.from({ length: 1500 }, (_, i) => ({
    name: built(`l${i}`),
    value: built('a long value, longer than a slice'),
  }));
  const copy = internLabels(many.map((l) => ({ ...l })));
  expect(copy).toEqual(many);
  for (const l of copy) expect(Object.isFrozen(l)).toBe(true);
  // Not taken from (or put into) the shared cache.
  expect(copy[0]).not.toBe(internLabel('l0', 'a long value, longer than a slice'));
  const few = internLabels([{ name: built('l0'), value: built('a long value, longer than a slice') }]);
  expect(few[0]).toBe(internLabel('l0', 'a long value, longer than a slice'));
});
