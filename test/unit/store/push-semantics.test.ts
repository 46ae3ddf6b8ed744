import { describe, expect, test } from 'vitest';
import { createStore, type MetricStore } from '../../../src/store/index.js';
import { del, post, pushedLines, put, T0 } from './helpers.js';

const S0 = T0 / 1000;

async function scenario(steps: (s: MetricStore) => Promise<unknown>): Promise<string[]> {
  const s = createStore();
  await steps(s);
  return pushedLines(s.snapshot().text());
}

// docs/pushgateway-compat.md, "Push processing" (success, empty bodies, DELETE).
describe('PUT / POST / DELETE', () => {
  test.each([
    {
      name: 'PUT replaces the whole group',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/s05', 's05_a 1\ns05_b{x="1"} 2\n');
        await put(s, '/metrics/job/s05', 's05_c 3\n');
      },
      lines: ['# TYPE s05_c untyped', 's05_c{instance="",job="s05"} 3'],
    },
    {
      name: 'POST replaces only the families it names, the whole family',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/s05', 's05_a 1\ns05_b 2\ns05_b{x="0"} 9\n');
        await post(s, '/metrics/job/s05', 's05_b{x="1"} 3\n');
      },
      lines: [
        '# TYPE s05_a untyped',
        's05_a{instance="",job="s05"} 1',
        '# TYPE s05_b untyped',
        's05_b{instance="",job="s05",x="1"} 3',
      ],
    },
    {
      name: 'POST may change the type of a family only this group holds',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/s05', '# TYPE s05_a counter\ns05_a 1\n');
        await post(s, '/metrics/job/s05', '# TYPE s05_a gauge\ns05_a 2\n');
      },
      lines: ['# TYPE s05_a gauge', 's05_a{instance="",job="s05"} 2'],
    },
    {
      name: 'PUT to another group leaves the first alone',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/a', 'm 1\n');
        await put(s, '/metrics/job/b', 'm 2\n');
      },
      lines: ['# TYPE m untyped', 'm{instance="",job="a"} 1', 'm{instance="",job="b"} 2'],
    },
    {
      name: 'DELETE removes the group',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/a', 'm 1\n');
        await put(s, '/metrics/job/b', 'm 2\n');
        await del(s, '/metrics/job/a');
      },
      lines: ['# TYPE m untyped', 'm{instance="",job="b"} 2'],
    },
    {
      name: 'DELETE needs the exact grouping',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/a/instance/i', 'm 1\n');
        await del(s, '/metrics/job/a');
      },
      lines: ['# TYPE m untyped', 'm{instance="i",job="a"} 1'],
    },
    {
      name: 'empty PUT clears the group',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/a', 'm 1\n');
        await put(s, '/metrics/job/a', '');
      },
      lines: [],
    },
    {
      name: 'empty POST changes nothing but push_time_seconds',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/a', 'm 1\n');
        await post(s, '/metrics/job/a', '');
      },
      lines: ['# TYPE m untyped', 'm{instance="",job="a"} 1'],
    },
    {
      name: 'a refused PUT keeps what the group had',
      steps: async (s: MetricStore) => {
        await put(s, '/metrics/job/a', 'm 1\n');
        await put(s, '/metrics/job/a', 'x 1 5\n');
      },
      lines: ['# TYPE m untyped', 'm{instance="",job="a"} 1'],
    },
  ])('$name', async ({ steps, lines }) => {
    expect(await scenario(steps)).toEqual(lines);
  });
});

// docs/pushgateway-compat.md, "Push time gauges".
describe('push_time_seconds and push_failure_time_seconds', () => {
  test('a first successful push sets push_time and adds push_failure 0', async () => {
    const s = createStore();
    expect(await put(s, '/metrics/job/a', 'm 1\n')).toEqual({
      ok: true,
      mode: 'replace',
      group: '3:job1:a',
      changed: true,
      ignored: [],
    });
    const g = s.snapshot().group([{ name: 'job', value: 'a' }])!;
    expect(g.pushTimeSeconds).toBe(S0);
    expect(g.pushFailureTimeSeconds).toBe(0);
    expect(g.lastPushSuccessful).toBe(true);
    expect([...g.families.keys()]).toEqual(['push_time_seconds', 'push_failure_time_seconds', 'm']);
    expect(g.families.get('m')!.writtenAt).toBe(T0);
    const text = s.snapshot().text();
    expect(text).toContain(
      '# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.\n# TYPE push_time_seconds gauge\npush_time_seconds{instance="",job="a"} 1.795543401031e+09\n',
    );
    expect(text).toContain(
      '# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.\n# TYPE push_failure_time_seconds gauge\npush_failure_time_seconds{instance="",job="a"} 0\n',
    );
  });

  test('a failed push to a new group creates it with push_time 0', async () => {
    const s = createStore();
    const r = await put(s, '/metrics/job/a', 'm 1 5\n');
    expect(r).toMatchObject({ ok: false, reason: 'timestamps', failureRecorded: true });
    const g = s.snapshot().groups.get('3:job1:a')!;
    expect(g.pushTimeSeconds).toBe(0);
    expect(g.pushFailureTimeSeconds).toBe(S0);
    expect(g.lastPushSuccessful).toBe(false);
    expect([...g.families.keys()]).toEqual(['push_failure_time_seconds', 'push_time_seconds']);
  });

  test('an earlier failure time survives later successes', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', 'm 1\n', 1000);
    await put(s, '/metrics/job/a', 'm 1 5\n', 2000);
    await put(s, '/metrics/job/a', 'm 2\n', 3000);
    const g = s.snapshot().groups.get('3:job1:a')!;
    expect([g.pushTimeSeconds, g.pushFailureTimeSeconds, g.lastPushSuccessful]).toEqual([3, 2, true]);
    expect(g.families.get('push_failure_time_seconds')!.writtenAt).toBe(2000);
  });

  test('a failure keeps the earlier push time', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', 'm 1\n', 1000);
    await post(s, '/metrics/job/a', 'm 1 5\n', 2000);
    const g = s.snapshot().groups.get('3:job1:a')!;
    expect([g.pushTimeSeconds, g.pushFailureTimeSeconds, g.lastPushSuccessful]).toEqual([1, 2, false]);
  });

  test('an empty PUT to a new group creates an empty group', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', '');
    const g = s.snapshot().groups.get('3:job1:a')!;
    expect([...g.families.keys()]).toEqual(['push_time_seconds', 'push_failure_time_seconds']);
  });

  test('body families with the bookkeeping names are ignored', async () => {
    const s = createStore();
    const r = await put(
      s,
      '/metrics/job/a',
      'push_time_seconds 5\n# TYPE push_failure_time_seconds counter\npush_failure_time_seconds 5\nm 1\n',
    );
    expect(r).toMatchObject({ ok: true, ignored: ['push_time_seconds', 'push_failure_time_seconds'] });
    const g = s.snapshot().groups.get('3:job1:a')!;
    expect([g.pushTimeSeconds, g.pushFailureTimeSeconds]).toEqual([S0, 0]);
    expect(g.families.get('push_failure_time_seconds')!.family.type).toBe('gauge');
  });

  test('DELETE removes the bookkeeping gauges and touches no times', async () => {
    const s = createStore();
    await put(s, '/metrics/job/a', 'm 1\n');
    expect(await del(s, '/metrics/job/a')).toEqual({
      ok: true,
      mode: 'delete',
      group: '3:job1:a',
      changed: true,
      ignored: [],
    });
    expect(await del(s, '/metrics/job/a')).toEqual({
      ok: true,
      mode: 'delete',
      group: '3:job1:a',
      changed: false,
      ignored: [],
    });
    expect(s.snapshot().text()).toBe('');
    expect(s.snapshot().groups.size).toBe(0);
  });

  test('the clock is used when a request has no valid receivedAt', async () => {
    const s = createStore({ now: () => 42_000 });
    await s.submit({ grouping: [{ name: 'job', value: 'a' }], mode: 'replace', families: [], receivedAt: Number.NaN });
    expect(s.snapshot().groups.get('3:job1:a')!.pushTimeSeconds).toBe(42);
  });
});

describe('requests the store refuses without recording anything', () => {
  test.each([
    { name: 'no job', grouping: [{ name: 'a', value: '1' }], mode: 'replace', message: 'job name is required' },
    { name: 'empty job', grouping: [{ name: 'job', value: '' }], mode: 'delete', message: 'job name is required' },
    {
      name: 'reserved grouping name',
      grouping: [
        { name: 'job', value: 'j' },
        { name: '__a', value: '1' },
      ],
      mode: 'replace',
      message: 'improper label name "__a"',
    },
    {
      name: 'repeated grouping name',
      grouping: [
        { name: 'job', value: 'j' },
        { name: 'job', value: 'k' },
      ],
      mode: 'replace',
      message: 'duplicate grouping label name "job"',
    },
    {
      name: 'unknown mode',
      grouping: [{ name: 'job', value: 'j' }],
      mode: 'patch',
      message: 'mode must be "replace", "merge" or "delete", got "patch"',
    },
  ])('$name', async ({ grouping, mode, message }) => {
    const s = createStore();
    const r = await s.submit({ grouping, mode: mode as 'replace', families: [], receivedAt: T0 });
    expect(r).toEqual({
      ok: false,
      reason: 'invalid-request',
      group: '',
      message,
      errors: [message],
      failureRecorded: false,
    });
    expect(s.snapshot().version).toBe(0);
  });
});

describe('the write queue', () => {
  test('writes are applied in submission order, after the caller yields', async () => {
    const s = createStore();
    const a = put(s, '/metrics/job/a', 'm 1\n');
    const b = put(s, '/metrics/job/a', 'm 2\n');
    const c = del(s, '/metrics/job/a');
    const d = put(s, '/metrics/job/a', 'm 3\n');
    expect(s.pendingWrites).toBe(4);
    expect(s.snapshot().version).toBe(0);
    const results = await Promise.all([a, b, c, d]);
    expect(results.map((r) => r.ok && r.changed)).toEqual([true, false, true, true]);
    expect(s.pendingWrites).toBe(0);
    expect(pushedLines(s.snapshot().text())).toEqual(['# TYPE m untyped', 'm{instance="",job="a"} 3']);
  });

  test('the request is not mutated', async () => {
    const s = createStore();
    const families = [
      { name: 'm', type: 'untyped' as const, metrics: [{ labels: [{ name: 'job', value: 'body' }], value: 1 }] },
    ];
    const grouping = [{ name: 'job', value: 'a' }];
    const req = { grouping, mode: 'replace' as const, families, receivedAt: T0 };
    const before = structuredClone(req);
    await s.submit(req);
    expect(req).toEqual(before);
  });
});
