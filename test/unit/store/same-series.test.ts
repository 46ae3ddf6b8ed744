/**
 * A group pushing again exactly the series it holds under a name (a re-push
 * with new values) is not looked up in the series index: in a checked store
 * each series is held by one group at most. Every other push still is, so a
 * series another group holds is refused, in a batch as well; a replicated
 * store (whose groups may arrive from other replicas unchecked) looks every
 * series up.
 */
import { describe, expect, it } from 'vitest';
import { createStore, type MetricStore } from '../../../src/store/index.js';
import type { FamilyRecord } from '../../../src/store/records.js';
import { pushedLines, put, request, T0 } from './helpers.js';

/** Counts the lookups in the series index of `name` (the store's committed content). */
function countLookups(store: MetricStore, name: string): { count: number } {
  const content = (store as unknown as { content: { names: Map<string, { series: Map<string, string> }> } }).content;
  const series = content.names.get(name)!.series;
  const counter = { count: 0 };
  const get = series.get.bind(series);
  series.get = (key: string) => {
    counter.count++;
    return get(key);
  };
  return counter;
}

const DUPLICATE = /collected before with the same name and label values/;

describe('pushing a group’s own series again', () => {
  it('is accepted without series lookups; a new series or another group’s is looked up', async () => {
    const store = createStore();
    expect((await put(store, '/metrics/job/a', 'x{k="1"} 1\nx{k="2"} 2\n')).ok).toBe(true);
    expect((await put(store, '/metrics/job/a/instance/i', 'x 3\n')).ok).toBe(true);
    const lookups = countLookups(store, 'x');

    expect((await put(store, '/metrics/job/a', 'x{k="1"} 10\nx{k="2"} 20\n', T0 + 1)).ok).toBe(true);
    expect(lookups.count).toBe(0);
    expect(store.snapshot().text()).toContain('x{instance="",job="a",k="1"} 10\n');

    const other = await put(store, '/metrics/job/a', 'x{k="1"} 1\nx{instance="i"} 4\n', T0 + 2);
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.message).toMatch(DUPLICATE);
    expect(lookups.count).toBeGreaterThan(0);
  });

  it('a series pushed twice in one body is refused', async () => {
    const store = createStore();
    await put(store, '/metrics/job/a', 'x{k="1"} 1\nx{k="2"} 2\n');
    const r = await put(store, '/metrics/job/a', 'x{k="1"} 1\nx{k="1"} 2\n', T0 + 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(DUPLICATE);
  });

  it('in a batch, sees the series the writes before it moved', async () => {
    const store = createStore();
    await put(store, '/metrics/job/a', 'x{instance="i"} 1\n');
    await put(store, '/metrics/job/a/instance/i', 'y 1\n');
    const batch = store.batch();
    // Group a lets go of x{instance="i",job="a"}; the other group takes it, then pushes it again.
    const moved = batch.prepare(request('/metrics/job/a', 'x{instance="j"} 1\n', 'replace', T0 + 1));
    const taken = batch.prepare(request('/metrics/job/a/instance/i', 'x 2\n', 'replace', T0 + 2));
    const again = batch.prepare(request('/metrics/job/a/instance/i', 'x 3\n', 'replace', T0 + 3));
    // Group a takes it back: it is the other group's now, whatever a held before.
    const back = batch.prepare(request('/metrics/job/a', 'x{instance="i"} 4\n', 'replace', T0 + 4));
    expect([moved, taken, again].map((p) => p.result.ok)).toEqual([true, true, true]);
    expect(back.result.ok).toBe(false);
    if (!back.result.ok) expect(back.result.message).toMatch(DUPLICATE);
    for (const p of [moved, taken, again, back]) store.commit(p);
    expect(store.snapshot().text()).toContain('x{instance="i",job="a"} 3\n');
    expect(store.snapshot().text()).toContain('x{instance="j",job="a"} 1\n');
  });

  it('a replicated store holding one series in two groups refuses either pushing it again', () => {
    const rep = createStore({ replicated: true });
    const a = rep.prepare(request('/metrics/job/a', 'x{instance="i"} 1\n', 'replace')).write!.changes();
    const b = rep.prepare(request('/metrics/job/a/instance/i', 'x 2\n', 'replace')).write!.changes();
    rep.applyChanges(a);
    rep.applyChanges(b);
    // The index names the last group that took the series; the first pushing it again is refused.
    const again = rep.prepare(request('/metrics/job/a', 'x{instance="i"} 3\n', 'replace', T0 + 1));
    expect(again.result.ok).toBe(false);
    if (!again.result.ok) expect(again.result.message).toMatch(DUPLICATE);
  });
});

describe('a re-push of the same series', () => {
  /** The stored record of family `name` of group `job`. */
  const record = (store: MetricStore, job: string, name: string): FamilyRecord =>
    store
      .snapshot()
      .group([{ name: 'job', value: job }])!
      .families.get(name) as FamilyRecord;

  it('shares the keys and label objects of the record it replaces; a changed series gets its own', async () => {
    const store = createStore();
    await put(store, '/metrics/job/a', 'x{k="1"} 1\nx{k="2"} 2\n');
    const first = record(store, 'a', 'x');
    const firstTime = record(store, 'a', 'push_time_seconds');
    await put(store, '/metrics/job/a', 'x{k="1"} 10\nx{k="3"} 30\n', T0 + 1000);
    const second = record(store, 'a', 'x');
    expect(second.key(0)).toBe(first.key(0));
    expect(second.hasLabelObjects(0, first.labels(0))).toBe(true);
    expect(second.metric(0).value).toBe(10);
    expect(second.hasLabelObjects(1, first.labels(1))).toBe(false);
    expect(second.key(1)).not.toBe(first.key(1));
    expect(record(store, 'a', 'push_time_seconds').hasLabelObjects(0, firstTime.labels(0))).toBe(true);
    // The earlier snapshot's record is unchanged, and the exposition is the one built from scratch.
    expect(first.metric(1).labels).toEqual([
      { name: 'instance', value: '' },
      { name: 'job', value: 'a' },
      { name: 'k', value: '2' },
    ]);
    const fresh = createStore();
    fresh.importState(store.exportState());
    expect(store.snapshot().text()).toBe(fresh.snapshot().text());
    expect(store.snapshot().text()).toContain('x{instance="",job="a",k="3"} 30\n');
    expect(store.snapshot().text()).not.toContain('k="2"');
  });

  it('a label renamed at the same place, or a new HELP, is stored as pushed', async () => {
    const store = createStore();
    await put(store, '/metrics/job/a', '# HELP x old\nx{k="1"} 1\n');
    await put(store, '/metrics/job/a', '# HELP x new\nx{j="1"} 2\n', T0 + 1000);
    expect(pushedLines(store.snapshot().text())).toEqual([
      '# HELP x new',
      '# TYPE x untyped',
      'x{instance="",j="1",job="a"} 2',
    ]);
  });
});
