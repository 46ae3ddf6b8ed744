import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deleteFrom, PushError, pushTo, pushUrl } from '../../../src/push/index.js';
import { startFeatureGateway, type FeatureGateway } from '../gateway/features/helpers.js';

describe('pushUrl', () => {
  test.each([
    { name: 'plain', base: 'http://h:9091', grouping: { job: 'j' }, expected: 'http://h:9091/metrics/job/j' },
    {
      name: 'route prefix kept, labels sorted',
      base: 'http://h:9091/pg/',
      grouping: { job: 'j', zone: 'a', instance: 'i' },
      expected: 'http://h:9091/pg/metrics/job/j/instance/i/zone/a',
    },
    {
      name: 'slash in a value uses base64',
      base: 'http://h',
      grouping: { job: 'a/b' },
      expected: 'http://h/metrics/job@base64/YS9i',
    },
    {
      name: 'empty value',
      base: 'http://h',
      grouping: { job: 'j', instance: '' },
      expected: 'http://h/metrics/job/j/instance@base64/=',
    },
  ])('$name', ({ base, grouping, expected }) =>
    expect(pushUrl(base, grouping as Record<string, string>)).toBe(expected),
  );
});

type Call = { url: string; method: string; headers: Record<string, string>; body?: Uint8Array };
/** A fetch answering from a script: statuses, or 'down' for a connection error. */
function scriptedFetch(script: (number | 'down')[], body = 'no\n') {
  const calls: Call[] = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({
      url,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      body: init.body as Uint8Array | undefined,
    });
    const s = script[Math.min(calls.length - 1, script.length - 1)];
    if (s === 'down') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    return new Response(s === 200 || s === 202 ? '' : body, { status: s });
  }) as unknown as typeof fetch;
  return { f, calls };
}

describe('pushTo retries (injected fetch and timers)', () => {
  test.each([
    { name: 'success at once', script: [200], attempts: 1, sleeps: [] },
    { name: '5xx then success', script: [503, 500, 200], attempts: 3, sleeps: [100, 200] },
    {
      name: 'connection refused then success',
      script: ['down', 200] as (number | 'down')[],
      attempts: 2,
      sleeps: [100],
    },
  ])('$name', async ({ script, attempts, sleeps }) => {
    const { f } = scriptedFetch(script as (number | 'down')[]);
    const slept: number[] = [];
    const r = await pushTo('http://gw', { job: 'j' }, 'a 1\n', {
      fetch: f,
      sleep: async (ms) => void slept.push(ms),
      initialDelayMs: 100,
      jitter: 0,
    });
    expect([r.attempts, slept]).toEqual([attempts, sleeps]);
  });

  test('retries are bounded', async () => {
    const { f, calls } = scriptedFetch([502]);
    const err = await pushTo('http://gw', { job: 'j' }, 'a 1\n', { fetch: f, sleep: async () => {}, retries: 2 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PushError);
    expect([(err as PushError).kind, (err as PushError).status, (err as PushError).attempts, calls.length]).toEqual([
      'failed',
      502,
      3,
      3,
    ]);
  });

  test('4xx is not retried and carries the body', async () => {
    const { f, calls } = scriptedFetch([400], 'pushed metrics are invalid or inconsistent with existing metrics: x\n');
    const err = (await pushTo('http://gw', { job: 'j' }, 'a 1\n', { fetch: f, sleep: async () => {} }).catch(
      (e: unknown) => e,
    )) as PushError;
    expect([err.kind, err.status, err.body, calls.length]).toEqual([
      'rejected',
      400,
      'pushed metrics are invalid or inconsistent with existing metrics: x',
      1,
    ]);
  });

  test('gzip and headers', async () => {
    const { f, calls } = scriptedFetch([200]);
    await pushTo('http://gw', [{ name: 'job', value: 'j' }], 'a 1\n', {
      fetch: f,
      gzip: true,
      method: 'POST',
      headers: { 'Promkit-TTL': '1m' },
    });
    expect(calls[0].method).toBe('POST');
    expect(calls[0].headers).toMatchObject({ 'Content-Encoding': 'gzip', 'Promkit-TTL': '1m' });
    expect(gunzipSync(calls[0].body!).toString()).toBe('a 1\n');
  });
});

describe('pushTo against promkit gateway on 127.0.0.1', () => {
  let g: FeatureGateway;
  beforeAll(async () => {
    g = await startFeatureGateway({});
  });
  afterAll(() => g.stop());

  test('families are serialized, pushed, and deleted', async () => {
    const r = await pushTo(
      g.base,
      { job: 'lib', instance: 'a/b' },
      [{ name: 'x_total', type: 'counter', help: 'X.', metrics: [{ labels: [{ name: 'k', value: 'v' }], value: 3 }] }],
      { gzip: true },
    );
    expect(r.status).toBe(200);
    expect(await (await fetch(`${g.base}/metrics`)).text()).toContain('x_total{instance="a/b",job="lib",k="v"} 3');
    expect((await deleteFrom(g.base, { job: 'lib', instance: 'a/b' })).status).toBe(202);
    expect(g.gw.store.snapshot().groups.size).toBe(0);
  });

  test('the gateway refusal surfaces as PushError with its message', async () => {
    await pushTo(g.base, { job: 'c' }, '# TYPE y counter\ny 1\n');
    const err = (await pushTo(g.base, { job: 'd' }, '# TYPE y gauge\ny 1\n').catch((e: unknown) => e)) as PushError;
    expect(err.kind).toBe('rejected');
    expect(err.status).toBe(400);
    expect(err.body).toMatch(/^pushed metrics are invalid or inconsistent with existing metrics: /);
  });
});
