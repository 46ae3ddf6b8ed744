/**
 * The compact layout of stored records: a group's families are a
 * `FamilyTable` (a read-only map over one array) that reads like the map it
 * was built from, and a family record keeps its series as columns of one
 * array (no object per series) that read back as the pushed metrics.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/index.js';
import { FAMILY_TABLE_MAX, FamilyTable, familyTable } from '../../../src/store/family-table.js';
import { familyRecord, type FamilyRecord } from '../../../src/store/records.js';
import { checkPush } from '../../../src/store/check.js';
import { post, put, T0 } from './helpers.js';

const rec = (name: string, value = 1): FamilyRecord =>
  familyRecord({ name, type: 'gauge', metrics: [{ labels: [{ name: 'job', value: 'j' }], value }] }, 0);

describe('FamilyTable', () => {
  it('reads like the map it is made from: size, get, has, order of every iteration', () => {
    const map = new Map([
      ['b', rec('b')],
      ['a', rec('a')],
      ['c', rec('c')],
    ]);
    const t = familyTable(map);
    expect(t).toBeInstanceOf(FamilyTable);
    expect(t.size).toBe(3);
    expect(t.get('a')).toBe(map.get('a'));
    expect(t.get('d')).toBeUndefined();
    expect([t.has('c'), t.has('d')]).toEqual([true, false]);
    expect([...t]).toEqual([...map]);
    expect([...t.entries()]).toEqual([...map.entries()]);
    expect([...t.keys()]).toEqual(['b', 'a', 'c']);
    expect([...t.values()]).toEqual([...map.values()]);
    const seen: string[] = [];
    t.forEach((v, k, m) => {
      expect(m).toBe(t);
      expect(v.name).toBe(k);
      seen.push(k);
    });
    expect(seen).toEqual(['b', 'a', 'c']);
    expect(new Map(t)).toEqual(map);
  });

  it('is not made when a key is not its record’s name (the map is kept)', () => {
    const map = new Map([['other', rec('a')]]);
    expect(familyTable(map)).toBe(map);
  });

  // Regression: a POST of node_exporter's ~100 families scanned the table once per family.
  it('is not made for a group of more than FAMILY_TABLE_MAX families (the map is kept)', () => {
    const names = Array.from({ length: FAMILY_TABLE_MAX + 1 }, (_, i) => `f${i}`);
    const map = new Map(names.map((n) => [n, rec(n)]));
    expect(familyTable(map)).toBe(map);
    map.delete('f0');
    expect(familyTable(map)).toBeInstanceOf(FamilyTable);
  });

  it('holds the families of every stored group, in the order the group took them', async () => {
    const store = createStore();
    await put(store, '/metrics/job/a', 'x 1\ny 2\n');
    await post(store, '/metrics/job/a', 'z 3\nx 4\n', T0 + 1);
    const g = store.snapshot().group([{ name: 'job', value: 'a' }])!;
    expect(g.families).toBeInstanceOf(FamilyTable);
    expect([...g.families.keys()]).toEqual(['push_time_seconds', 'push_failure_time_seconds', 'x', 'y', 'z']);
    expect(g.families.get('x')!.family.metrics[0].value).toBe(4);
    for (const f of g.families.values()) expect(f.size).toBe(f.family.metrics.length);
  });
});

describe('FamilyRecord columns', () => {
  it('read back as the metrics, keys and order keys of the series, in pushed order', () => {
    const r = familyRecord(
      {
        name: 'x',
        type: 'gauge',
        metrics: [
          { labels: [{ name: 'k', value: 'b' }], value: 1 },
          { labels: [{ name: 'k', value: 'a' }], value: 2 },
        ],
      },
      T0,
    );
    expect(r.size).toBe(2);
    expect(r.family.metrics.map((m) => m.value)).toEqual([1, 2]);
    expect(r.metric(1).labels).toEqual([{ name: 'k', value: 'a' }]);
    expect(r.key(0)).not.toBe(r.key(1));
    expect(r.key(0).slice(0, r.orderLength(0))).toBe('\u0000\u0001b\u0000\u0000');
    expect([r.text(0), r.text(1)]).toEqual([undefined, undefined]);
    r.setText(1, 'x{k="a"} 2\n');
    expect([r.text(0), r.text(1)]).toEqual([undefined, 'x{k="a"} 2\n']);
    expect(Object.keys(r)).not.toContain('entries');
  });

  it('keep a plain series as its labels and value, and any other metric as it is', () => {
    const labels = [{ name: 'k', value: 'v' }];
    const histogram = {
      labels,
      histogram: { count: 1, sum: 2, buckets: [{ upperBound: Infinity, cumulativeCount: 1 }] },
    };
    const noValue = { labels, value: undefined };
    const r = familyRecord(
      { name: 'x', type: 'histogram', metrics: [{ labels, value: -0 }, histogram, { labels }, noValue] },
      T0,
    );
    expect(Object.is(r.metric(0).value, -0)).toBe(true);
    expect(r.metric(0)).not.toBe(r.metric(0));
    expect(r.metric(0).labels).not.toBe(labels);
    expect(r.hasLabelObjects(0, labels)).toBe(true);
    expect(r.metric(1)).toBe(histogram);
    expect(r.labels(1)).toBe(labels);
    expect(r.metric(2)).toEqual({ labels });
    expect('value' in r.metric(2)).toBe(false);
    expect(r.metric(3)).toBe(noValue);
    const into = [{ name: 'k', value: 'v' }];
    expect(r.takeLabels(0, into)).toBeUndefined();
    expect(into[0]).toBe(labels[0]);
    expect(r.takeLabels(1, [])).toBe(labels);
  });

  it('read back label sets of every size (the count is taken from the series key)', () => {
    for (const n of [0, 1, 65, 300, 1100]) {
      const labels = Array.from({ length: n }, (_, j) => ({ name: `l${String(j).padStart(4, '0')}`, value: `v${j}` }));
      const r = familyRecord(
        {
          name: 'x',
          type: 'gauge',
          metrics: [
            { labels, value: n },
            { labels: [], value: 1 },
          ],
        },
        T0,
      );
      expect(r.metric(0)).toEqual({ labels, value: n });
      expect(r.metric(1)).toEqual({ labels: [], value: 1 });
      expect(r.hasLabels(0, labels)).toBe(true);
    }
  });

  it('of the same family in different groups share one head (name, type, HELP, unit); another HELP gets its own', async () => {
    const store = createStore();
    await put(store, '/metrics/job/a', '# HELP x one\nx 1\n');
    await put(store, '/metrics/job/b', '# HELP x one\nx 2\n');
    await put(store, '/metrics/job/c', '# HELP x two\nx 3\n');
    const head = (job: string): unknown =>
      (
        store
          .snapshot()
          .group([{ name: 'job', value: job }])!
          .families.get('x') as unknown as { head: unknown }
      ).head;
    expect(head('a')).toBe(head('b'));
    expect(head('c')).not.toBe(head('a'));
    const c = store
      .snapshot()
      .group([{ name: 'job', value: 'c' }])!
      .families.get('x')!;
    expect([c.family.name, c.family.type, c.family.help, c.family.unit]).toEqual(['x', 'untyped', 'two', undefined]);
  });
});

describe('the push-time check', () => {
  it('reads the pushed metrics it is given instead of rebuilding them from the records', () => {
    const pushed = rec('x');
    const ix = { name: () => undefined, own: new Map() };
    const push = {
      group: 'g',
      mode: 'replace' as const,
      isNew: false,
      families: new Map([['x', pushed]]),
      bookkeeping: [],
    };
    expect(checkPush(ix, push)).toEqual([]);
    // The same series as the check sees it through `metrics`: a label name the check refuses.
    const given = [{ labels: [{ name: '__bad', value: 'j' }], value: 1 }];
    expect(checkPush(ix, { ...push, metrics: new Map([['x', given]]) })).toEqual([
      expect.stringContaining('has a label with an invalid name: __bad'),
    ]);
  });
});

describe('a merged view patched after a write', () => {
  it('takes over the metrics the previous view made for the series it keeps, and equals a view built anew', async () => {
    const store = createStore();
    for (let i = 0; i < 8; i++) await put(store, `/metrics/job/j${i}`, `x{k="${i}"} ${i}\n`);
    const before = store
      .snapshot()
      .families()
      .find((f) => f.name === 'x')!.metrics;
    await put(store, '/metrics/job/j3', 'x{k="3"} 33\n', T0 + 1);
    const after = store
      .snapshot()
      .families()
      .find((f) => f.name === 'x')!.metrics;
    expect(after[0]).toBe(before[0]);
    expect(after[3]).not.toBe(before[3]);
    expect(after[3].value).toBe(33);
    const fresh = createStore();
    fresh.importState(store.exportState());
    expect(after).toEqual(
      fresh
        .snapshot()
        .families()
        .find((f) => f.name === 'x')!.metrics,
    );
  });
});
