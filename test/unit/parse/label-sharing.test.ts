import { expect, test } from 'vitest';
import { parse } from '../../../src/parse/index.js';
import { SharedLabels } from '../../../src/parse/label-sharing.js';
import type { Label, MetricFamily } from '../../../src/model/types.js';

/** Parse results share one label object between metrics with the same label name and value. */

test('SharedLabels gives each pair its own name and value, also when pairs share a slot', () => {
  // Values that differ only at index 1 have the same first, middle and last chars and length:
  // they hash alike and take each other's slot over.
  const values = ['', 'a', 'aa', ...Array.from({ length: 40 }, (_, i) => `a${String.fromCharCode(48 + i)}za`)];
  const names = ['a', 'b', 'job', 'instance'];
  const shared = new SharedLabels();
  let seed = 20261202;
  for (let i = 0; i < 20000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const name = names[seed % names.length];
    const value = values[(seed >>> 8) % values.length];
    const label = shared.get(name, value);
    if (label.name !== name || label.value !== value) expect(label).toEqual({ name, value });
  }
});

test('SharedLabels hands out one object per pair once it keeps labels, and tells names apart', () => {
  const shared = new SharedLabels();
  const first = Array.from({ length: 100 }, (_, i) => shared.get('x', `v${i}`));
  const again = Array.from({ length: 100 }, (_, i) => shared.get('x', `v${i}`));
  // The first labels are not kept (a short input pays nothing); the later ones are.
  expect(again.filter((l, i) => l === first[i]).length).toBeGreaterThan(0);
  const a = shared.get('a', 'same');
  const b = shared.get('b', 'same');
  expect(a).toEqual({ name: 'a', value: 'same' });
  expect(b).toEqual({ name: 'b', value: 'same' });
  expect(shared.get('a', 'same')).toEqual({ name: 'a', value: 'same' });
});

/** A document of `n` counters, each with a shared `job`, one of three `zone`s and its own `id`. */
function doc(n: number, openMetrics: boolean): string {
  const lines = ['# TYPE c counter'];
  for (let i = 0; i < n; i++) lines.push(`c${openMetrics ? '_total' : ''}{job="api",zone="z${i % 3}",id="${i}"} ${i}`);
  if (openMetrics) lines.push('# EOF');
  return lines.join('\n') + '\n';
}

function labelsOf(families: MetricFamily[]): Label[] {
  return families.flatMap((f) => f.metrics.flatMap((m) => m.labels));
}

for (const openMetrics of [false, true]) {
  for (const bytes of [false, true]) {
    test(`${openMetrics ? 'OpenMetrics' : 'text'} from ${bytes ? 'bytes' : 'a string'}: equal labels are one object, values unchanged`, () => {
      const text = doc(1000, openMetrics);
      const input = bytes ? new TextEncoder().encode(text) : text;
      const families = parse(input, openMetrics ? { format: 'openmetrics' } : {});
      const metrics = families[0].metrics;
      expect(metrics).toHaveLength(1000);
      metrics.forEach((m, i) =>
        expect(m.labels).toEqual([
          { name: 'job', value: 'api' },
          { name: 'zone', value: `z${i % 3}` },
          { name: 'id', value: `${i}` },
        ]),
      );
      const objects = new Set(labelsOf(families));
      // Without sharing: 3,000 objects. With it: about 1,000 ids plus a few `job` and `zone` labels.
      expect(objects.size).toBeLessThan(1200);
      expect(metrics[999].labels[0]).toBe(metrics[998].labels[0]);
      expect(metrics[999].labels[1]).toBe(metrics[996].labels[1]);
    });
  }
}

test('a label of one metric is not shared with another metric of another value', () => {
  const families = parse(doc(500, false));
  const metrics = families[0].metrics;
  for (let i = 1; i < metrics.length; i++) expect(metrics[i].labels[2]).not.toBe(metrics[i - 1].labels[2]);
});

test('a series with more than 1,024 labels gets its own label objects', () => {
  const set = (n: number): string => Array.from({ length: n }, (_, i) => `l${i}="${i}"`).join(',');
  // Two series of n + 1 labels, the same n of them.
  for (const [n, shared] of [
    [1023, true],
    [1024, false],
  ] as const) {
    const [f] = parse(`a{${set(n)},x="1"} 1\na{${set(n)},x="2"} 2\n`);
    const [m1, m2] = f.metrics;
    expect(m1.labels.slice(0, n)).toEqual(m2.labels.slice(0, n));
    expect(m1.labels.slice(0, n).some((l, i) => l === m2.labels[i])).toBe(shared);
  }
});
