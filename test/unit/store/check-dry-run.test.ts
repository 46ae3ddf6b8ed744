// `check` (the validate endpoint's dry run) plans a write against the committed index without
// copying the store: it looks up the pushed group and names, never walks the groups or names, never
// takes a snapshot or an export, and leaves the store as it was. Asserted structurally: the maps
// of the store's content refuse to be iterated while `check` runs, and lookups are counted.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Content } from '../../../src/store/content.js';
import { createStore, type MetricStore } from '../../../src/store/index.js';
import { request } from './helpers.js';

const BODY = '# TYPE a counter\na{k="1"} 1\na{k="2"} 2\n# TYPE b gauge\nb 3\n';

async function storeWith(groups: number): Promise<MetricStore> {
  const s = createStore();
  for (let i = 0; i < groups; i++) {
    const r = await s.submit(request(`/metrics/job/j/instance/i${i}`, BODY, 'replace'));
    expect(r.ok).toBe(true);
  }
  s.snapshot().text();
  return s;
}

/** Makes every way of iterating `m` throw (lookups still work). */
function forbidIteration(m: Map<unknown, unknown>, what: string): void {
  const refuse = (): never => {
    throw new Error(`check iterated the store's ${what}`);
  };
  for (const k of ['keys', 'values', 'entries', 'forEach', Symbol.iterator] as const)
    Object.defineProperty(m, k, { value: refuse, configurable: true });
}

function allowIteration(m: Map<unknown, unknown>): void {
  for (const k of ['keys', 'values', 'entries', 'forEach', Symbol.iterator] as const) delete (m as never)[k];
}

/** Runs `check` with the store's group and name maps closed to iteration; counts index lookups. */
function dryRun(s: MetricStore, path: string, body: string, mode: 'replace' | 'merge' = 'replace') {
  const content = (s as unknown as { content: Content }).content;
  expect(content).toBeInstanceOf(Content);
  const group = vi.spyOn(Content.prototype, 'group');
  const name = vi.spyOn(Content.prototype, 'name');
  const snapshot = vi.spyOn(s, 'snapshot');
  const exportState = vi.spyOn(s, 'exportStateLazily');
  forbidIteration(content.groups, 'groups');
  forbidIteration(content.names, 'names');
  try {
    const result = s.check(request(path, body, mode));
    return { result, groupLookups: group.mock.calls.length, nameLookups: name.mock.calls.length };
  } finally {
    allowIteration(content.groups);
    allowIteration(content.names);
    expect(snapshot).not.toHaveBeenCalled();
    expect(exportState).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('check (dry run)', () => {
  test('costs the push, not the store: the same lookups at 3 and 300 groups, no walk, no copy', async () => {
    const small = await storeWith(3);
    const large = await storeWith(300);
    for (const [path, body] of [
      ['/metrics/job/j/instance/i1', BODY], // an existing group
      ['/metrics/job/j/instance/new', BODY], // a new group
      ['/metrics/job/j/instance/i2', '# TYPE a gauge\na{k="9"} 1\n'], // refused: `a` is a counter elsewhere
    ] as const) {
      const a = dryRun(small, path, body);
      const b = dryRun(large, path, body);
      expect(b).toEqual(a);
      expect(a.groupLookups + a.nameLookups).toBeLessThan(40);
    }
    expect(dryRun(large, '/metrics/job/j/instance/i2', '# TYPE a gauge\na{k="9"} 1\n').result).toMatchObject({
      ok: false,
      reason: 'inconsistent',
    });
  });

  test('changes nothing and answers what the write would', async () => {
    const s = await storeWith(5);
    const before = s.snapshot();
    const text = before.text();
    const dup = '# TYPE a counter\na{instance="i0",job="j",k="1"} 1\n';
    const r = dryRun(s, '/metrics/job/j/instance/i0', dup, 'merge').result;
    expect(r).toMatchObject({ ok: true, mode: 'merge', changed: false });
    const bad = dryRun(s, '/metrics/job/j/instance/i9', '# TYPE b counter\nb 1\n').result;
    expect(bad).toMatchObject({ ok: false, reason: 'inconsistent' });
    expect(s.snapshot()).toBe(before);
    expect(s.snapshot().text()).toBe(text);
    // The real write gives the same answers.
    expect(await s.submit(request('/metrics/job/j/instance/i9', '# TYPE b counter\nb 1\n', 'replace'))).toMatchObject({
      ok: false,
      reason: 'inconsistent',
      message: (bad as { message: string }).message,
    });
  });
});
