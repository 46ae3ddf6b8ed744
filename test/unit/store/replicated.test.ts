/**
 * A replicated store: writes are prepared without changing the store, and
 * groups changed elsewhere are applied whole; conflicting groups accepted
 * by two replicas at once are resolved the same way whatever the order.
 */
import { describe, expect, it } from 'vitest';
import { createStore, type GroupChange } from '../../../src/store/index.js';
import { put, request, T0 } from './helpers.js';

describe('replicated store', () => {
  it('prepare answers like submit and changes nothing', async () => {
    const plain = createStore();
    const rep = createStore({ replicated: true });
    await put(plain, '/metrics/job/a', 'x 1\n');
    rep.applyChanges(rep.prepare(request('/metrics/job/a', 'x 1\n', 'replace')).write!.changes());
    const before = rep.snapshot().text();
    const req = request('/metrics/job/a', '# TYPE x counter\nx 2\n', 'merge', T0 + 1000);
    const prepared = rep.prepare(req);
    expect(rep.snapshot().text()).toBe(before);
    const submitted = await plain.submit(req);
    expect(prepared.result).toEqual(submitted);
    expect(prepared.write!.keys).toEqual([submitted.group]);
    rep.applyChanges(prepared.write!.changes());
    expect(rep.snapshot().text()).toBe(plain.snapshot().text());
  });

  it('a refused push records push_failure_time_seconds, which is a change too', () => {
    const rep = createStore({ replicated: true });
    const p = rep.prepare({ ...request('/metrics/job/a', 'x 1 5\n', 'replace') });
    expect(p.result.ok).toBe(false);
    expect(
      p
        .write!.changes()[0]
        .group!.families.map((f) => f.name)
        .sort(),
    ).toEqual(['push_failure_time_seconds', 'push_time_seconds']);
  });

  it('a delete of a stored group is a change to null', async () => {
    const rep = createStore({ replicated: true });
    rep.applyChanges(rep.prepare(request('/metrics/job/a', 'x 1\n', 'replace')).write!.changes());
    const p = rep.prepare(request('/metrics/job/a', undefined, 'delete'));
    expect(p.write!.changes()[0].group).toBeNull();
    rep.applyChanges(p.write!.changes());
    expect(rep.snapshot().groups.size).toBe(0);
  });

  it('resolves a cross-group type conflict by group key, whatever the order of arrival', () => {
    const base = createStore({ replicated: true });
    const a = base.prepare(request('/metrics/job/a', '# TYPE x counter\nx 1\n', 'replace')).write!.changes();
    const b = base.prepare(request('/metrics/job/b', '# TYPE x gauge\nx 2\n', 'replace')).write!.changes();
    const texts = [
      [a, b],
      [b, a],
    ].map((order: readonly (readonly GroupChange[])[]) => {
      const s = createStore({ replicated: true });
      for (const ch of order) s.applyChanges(ch);
      return { text: s.snapshot().text(), problems: s.snapshot().problems() };
    });
    expect(texts[0].text).toBe(texts[1].text);
    expect(texts[0].text).toContain('# TYPE x counter');
    expect(texts[0].text).not.toContain('x{job="b"');
    expect(texts[0].problems.map((p) => p.group)).toEqual([
      base.prepare(request('/metrics/job/b', [], 'replace')).result.group,
    ]);
  });

  it('importState accepts such a conflict in a replicated store and refuses it otherwise', () => {
    // Each replica checked its push against a view without the other one.
    const view = createStore({ replicated: true });
    const s = createStore({ replicated: true });
    s.applyChanges(view.prepare(request('/metrics/job/a', '# TYPE x counter\nx 1\n', 'replace')).write!.changes());
    s.applyChanges(view.prepare(request('/metrics/job/b', '# TYPE x gauge\nx 2\n', 'replace')).write!.changes());
    const state = s.exportState();
    expect(() => createStore().importState(state)).toThrow(/inconsistent/);
    const t = createStore({ replicated: true });
    t.importState(state);
    expect(t.snapshot().text()).toBe(s.snapshot().text());
  });
});
