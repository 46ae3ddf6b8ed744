import { describe, expect, test } from 'vitest';
import { createStore, StoreStateError, type StoreState } from '../../../src/store/index.js';
import { put } from './helpers.js';

async function filled() {
  const s = createStore();
  await put(
    s,
    '/metrics/job/a/instance/i',
    '# HELP m A \\\\ help.\n# TYPE m gauge\nm{x="1"} NaN\nm{x="2"} -0\nm{x="3"} +Inf\n',
    1000,
  );
  await put(
    s,
    '/metrics/job/b',
    '# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1e-300\nh_count 2\n# TYPE s summary\ns{quantile="0.99"} -Inf\ns_count 1\n',
    2000,
  );
  await put(s, '/metrics/job/c', 'x 1 5\n', 3000);
  await s.submit({
    grouping: [{ name: 'job', value: 'p' }],
    mode: 'replace',
    receivedAt: 4000,
    families: [
      {
        name: 'nh',
        type: 'histogram',
        metrics: [
          {
            labels: [],
            histogram: {
              count: 3,
              countFloat: 3.5,
              sum: 2,
              buckets: [
                {
                  upperBound: 1,
                  cumulativeCount: 1,
                  cumulativeCountFloat: 1.5,
                  exemplar: { labels: [{ name: 't', value: 'a' }], value: 0.5, timestamp: 1.25 },
                },
              ],
              native: {
                schema: -1,
                zeroThreshold: 1e-128,
                zeroCount: 1,
                negativeSpans: [{ offset: -2, length: 1 }],
                negativeDeltas: [3],
                negativeCounts: [],
                positiveSpans: [],
                positiveDeltas: [],
                positiveCounts: [0.5],
              },
            },
          },
        ],
      },
    ],
  });
  return s;
}

describe('exportState / importState', () => {
  test('a JSON round trip gives the same store', async () => {
    const s = await filled();
    const state = s.exportState();
    const json = JSON.stringify(state);
    const t = createStore();
    t.importState(JSON.parse(json));
    expect(t.exportState()).toEqual(state);
    expect(t.snapshot().text()).toBe(s.snapshot().text());
    expect(t.snapshot().families()).toEqual(s.snapshot().families());
    const g = t.snapshot().groups.get('3:job1:c')!;
    expect([g.pushTimeSeconds, g.pushFailureTimeSeconds, g.lastPushSuccessful]).toEqual([0, 3, false]);
    expect(t.snapshot().groups.get('3:job1:b')!.families.get('h')!.writtenAt).toBe(2000);
  });

  test('floats survive as Go float strings', async () => {
    const s = await filled();
    const m = s.exportState().groups[0].families.find((f) => f.name === 'm')!;
    expect(m.metrics.map((x) => x.value)).toEqual(['NaN', '-0', '+Inf']);
    const t = createStore();
    t.importState(JSON.parse(JSON.stringify(s.exportState())));
    const values = t
      .snapshot()
      .groups.get('8:instance1:i3:job1:a')!
      .families.get('m')!
      .family.metrics.map((x) => x.value);
    expect(Object.is(values[1], -0)).toBe(true);
    expect(values[0]).toBeNaN();
  });

  test('the state names its format and version', async () => {
    const state = (await filled()).exportState();
    expect(state.format).toBe('promkit-store');
    expect(state.version).toBe(1);
  });

  test('importing replaces everything and bumps the version', async () => {
    const s = await filled();
    const t = createStore();
    await put(t, '/metrics/job/old', 'o 1\n');
    const v = t.snapshot().version;
    t.importState(s.exportState());
    expect(t.snapshot().version).toBeGreaterThan(v);
    expect(t.snapshot().groups.has('3:job3:old')).toBe(false);
    // The indexes are rebuilt: the imported histogram h still decides h's type.
    expect(await put(t, '/metrics/job/q', '# TYPE h gauge\nh 1\n')).toMatchObject({
      ok: false,
      reason: 'inconsistent',
    });
    expect(await put(t, '/metrics/job/q', 'h_count 1\n')).toMatchObject({ ok: false, reason: 'inconsistent' });
  });
});

describe('importState refuses bad states and leaves the store as it was', () => {
  const good = (): StoreState => ({
    format: 'promkit-store',
    version: 1,
    groups: [
      {
        labels: [['job', 'a']],
        families: [
          {
            name: 'm',
            type: 'gauge',
            writtenAt: 1,
            metrics: [
              {
                labels: [
                  ['instance', ''],
                  ['job', 'a'],
                ],
                value: '1',
              },
            ],
          },
        ],
      },
    ],
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits arbitrary fields of the JSON state
  const edit = (f: (s: any) => void): unknown => {
    const s = good();
    f(s);
    return s;
  };
  test.each([
    { name: 'not an object', state: 'x', message: 'invalid store state: expected an object' },
    {
      name: 'another format',
      state: edit((s) => (s.format = 'gob')),
      message: 'invalid store state: format is "gob", expected "promkit-store"',
    },
    {
      name: 'a newer version',
      state: edit((s) => (s.version = 2)),
      message: 'unsupported store state version 2: this build reads version 1 only',
    },
    {
      name: 'no version',
      state: edit((s) => delete s.version),
      message: 'unsupported store state version undefined: this build reads version 1 only',
    },
    {
      name: 'groups not an array',
      state: edit((s) => (s.groups = {})),
      message: 'invalid store state at groups: expected an array, got {}',
    },
    {
      name: 'a float that is not a Go float',
      state: edit((s) => (s.groups[0].families[0].metrics[0].value = '0x10')),
      message: 'invalid store state at groups[0].families[0].metrics[0].value: expected a float string, got "0x10"',
    },
    {
      name: 'a number instead of a float string',
      state: edit((s) => (s.groups[0].families[0].metrics[0].value = 1)),
      message: 'invalid store state at groups[0].families[0].metrics[0].value: expected a float string, got 1',
    },
    {
      name: 'an unknown type',
      state: edit((s) => (s.groups[0].families[0].type = 'foo')),
      message: 'invalid store state at groups[0].families[0].type: expected a metric type, got "foo"',
    },
    {
      name: 'a missing writtenAt',
      state: edit((s) => delete s.groups[0].families[0].writtenAt),
      message: 'invalid store state at groups[0].families[0].writtenAt: expected a finite number, got undefined',
    },
    {
      name: 'a grouping without job',
      state: edit((s) => (s.groups[0].labels = [['a', 'b']])),
      message: 'invalid store state at groups[0].labels: job name is required',
    },
    {
      name: 'two groups with one grouping',
      state: edit((s) => s.groups.push(s.groups[0])),
      message: 'invalid store state at groups[1]: a second group with the same grouping',
    },
    {
      name: 'two families with one name',
      state: edit((s) => s.groups[0].families.push(s.groups[0].families[0])),
      message: 'invalid store state at groups[0].families[1]: a second family named "m"',
    },
    {
      name: 'content a checked store cannot hold',
      state: edit((s) =>
        s.groups.push({
          labels: [['job', 'b']],
          families: [{ name: 'm', type: 'counter', writtenAt: 1, metrics: [{ labels: [], value: '1' }] }],
        }),
      ),
      message:
        'store state is inconsistent: collected metric "m" { label:<name:"instance" value:"" > label:<name:"job" value:"b" > counter:<value:1 > } is not a GAUGE',
    },
  ])('$name', async ({ state, message }) => {
    const s = createStore();
    await put(s, '/metrics/job/keep', 'k 1\n');
    const before = s.exportState();
    expect(() => s.importState(state)).toThrow(new StoreStateError(message));
    expect(s.exportState()).toEqual(before);
  });

  test('an unchecked store takes inconsistent content and reports it', () => {
    const s = createStore({ checked: false });
    s.importState(
      edit((st) =>
        st.groups.push({
          labels: [['job', 'b']],
          families: [{ name: 'm', type: 'counter', writtenAt: 1, metrics: [{ labels: [], value: '1' }] }],
        }),
      ),
    );
    expect(s.snapshot().problems()).toHaveLength(1);
  });

  test('the good state imports', () => {
    const s = createStore();
    s.importState(good());
    expect(s.snapshot().text()).toContain('m{instance="",job="a"} 1\n');
  });
});
