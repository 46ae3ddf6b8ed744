import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { defaultLimits, type LimitsConfig } from '../../../../src/gateway/features/config.js';
import { checkPushLimits } from '../../../../src/gateway/features/limits.js';
import { createStore } from '../../../../src/store/index.js';
import type { MetricFamily } from '../../../../src/model/types.js';
import { startFeatureGateway, type FeatureGateway } from './helpers.js';

const job = (j: string) => [{ name: 'job', value: j }];
const series = (name: string, n: number, extra: Record<string, string> = {}): MetricFamily => ({
  name,
  type: 'gauge',
  metrics: Array.from({ length: n }, (_, i) => ({
    labels: [{ name: 'i', value: String(i) }, ...Object.entries(extra).map(([k, v]) => ({ name: k, value: v }))],
    value: i,
  })),
});

describe('checkPushLimits (library)', () => {
  test.each([
    {
      name: 'series per push',
      limits: { seriesPerPush: 2 },
      push: [series('a', 3)],
      status: 413,
      message: 'limit series_per_push (--limits.series-per-push) is 2; this push has series: 3',
    },
    {
      name: 'labels per series counts grouping labels',
      limits: { labelsPerSeries: 3 },
      push: [series('a', 1, { x: '1' })],
      status: 413,
      message: 'limit labels_per_series (--limits.labels-per-series) is 3; series a{i,instance,job,x} has labels: 4',
    },
    {
      name: 'label value length in bytes',
      limits: { labelValueLength: 3 },
      push: [series('a', 1, { x: 'éé' })],
      status: 413,
      message:
        'limit label_value_length (--limits.label-value-length) is 3; label x of a has a value of length (bytes): 4',
    },
    {
      name: 'groups',
      limits: { groups: 1 },
      push: [series('a', 1)],
      status: 429,
      message: 'limit groups (--limits.groups) is 1; groups stored now: 1',
    },
    {
      name: 'series stored',
      limits: { series: 3 },
      push: [series('a', 2)],
      status: 429,
      message: 'limit series (--limits.series) is 3; series stored now: 2, after this push: 4',
    },
  ])('$name', async ({ limits, push, status, message }) => {
    const store = createStore();
    await store.submit({ grouping: job('old'), mode: 'replace', families: [series('b', 2)], receivedAt: 1 });
    const r = checkPushLimits(
      { ...defaultLimits(), ...(limits as Partial<LimitsConfig>) },
      job('new'),
      push,
      true,
      store.snapshot(),
    );
    expect(r && { status: r.status, message: r.message }).toEqual({ status, message });
  });

  test('a PUT replacing a group frees its series first', async () => {
    const store = createStore();
    await store.submit({ grouping: job('old'), mode: 'replace', families: [series('b', 2)], receivedAt: 1 });
    expect(
      checkPushLimits({ ...defaultLimits(), series: 3 }, job('old'), [series('b', 3)], true, store.snapshot()),
    ).toBeUndefined();
    expect(
      checkPushLimits({ ...defaultLimits(), series: 3 }, job('old'), [series('c', 2)], false, store.snapshot())?.status,
    ).toBe(429);
  });

  test('per-push limits take no store snapshot; store limits take one', async () => {
    const store = createStore();
    await store.submit({ grouping: job('old'), mode: 'replace', families: [series('b', 2)], receivedAt: 1 });
    let taken = 0;
    const snap = () => (taken++, store.snapshot());
    const perPush = { ...defaultLimits(), seriesPerPush: 5, labelsPerSeries: 5, labelValueLength: 5 };
    expect(checkPushLimits(perPush, job('x'), [series('a', 3)], true, snap)).toBeUndefined();
    expect(checkPushLimits(perPush, job('x'), [series('a', 6)], true, snap)?.status).toBe(413);
    expect(taken).toBe(0);
    expect(checkPushLimits({ ...perPush, groups: 1 }, job('x'), [series('a', 3)], true, snap)?.status).toBe(429);
    expect(taken).toBe(1);
  });

  test('no limits: nothing is refused', async () => {
    const store = createStore();
    expect(checkPushLimits(defaultLimits(), job('x'), [series('a', 10_000)], true, store.snapshot())).toBeUndefined();
  });
});

describe('limits over HTTP', () => {
  let g: FeatureGateway | undefined;
  afterEach(async () => {
    await g?.stop();
    g = undefined;
  });

  test('each refusal names the limit, its value and the usage; nothing is stored', async () => {
    g = await startFeatureGateway({ limits: { ...defaultLimits(), bodyBytes: 64, seriesPerPush: 2, groups: 2 } });
    const big = 'a{x="' + 'y'.repeat(80) + '"} 1\n';
    let r = await g.req('PUT', '/metrics/job/a', big);
    expect([r.status, r.body]).toEqual([
      413,
      `limit body_bytes (--limits.body-bytes) is 64; this request body has (bytes) ${big.length}\n`,
    ]);
    r = await g.req('PUT', '/metrics/job/a', 'a{i="1"} 1\na{i="2"} 1\na{i="3"} 1\n');
    expect([r.status, r.body]).toEqual([
      413,
      'limit series_per_push (--limits.series-per-push) is 2; this push has series: 3\n',
    ]);
    expect((await g.req('PUT', '/metrics/job/a', 'a 1\n')).status).toBe(200);
    expect((await g.req('PUT', '/metrics/job/b', 'a 1\n')).status).toBe(200);
    r = await g.req('PUT', '/metrics/job/c', 'a 1\n');
    expect([r.status, r.body]).toEqual([429, 'limit groups (--limits.groups) is 2; groups stored now: 2\n']);
    expect((await g.req('PUT', '/metrics/job/a', 'a 2\n')).status).toBe(200);
    expect([...g.gw.store.snapshot().groups.values()].map((x) => x.labels[0].value)).toEqual(['a', 'b']);
    const m = (await g.req('GET', '/metrics')).body;
    expect(m).toContain('promkit_limit_refusals_total{limit="body_bytes"} 1');
    expect(m).toContain('promkit_limit_refusals_total{limit="groups"} 1');
  });

  test('the body limit applies to the decoded bytes, and decoding stops at the limit', async () => {
    g = await startFeatureGateway({ limits: { ...defaultLimits(), bodyBytes: 100 } });
    const body = 'a{x="' + 'y'.repeat(200) + '"} 1\n';
    const res = await fetch(`${g.base}/metrics/job/z`, {
      method: 'PUT',
      body: gzipSync(body),
      headers: { 'Content-Encoding': 'gzip' },
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe(
      'limit body_bytes (--limits.body-bytes) is 100; this request body has more than (bytes) 100\n',
    );
  });
});
