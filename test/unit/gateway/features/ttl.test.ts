import { afterEach, describe, expect, test } from 'vitest';
import { parseSelector } from '../../../../src/gateway/features/matcher.js';
import { parseTtlHeader, TtlTracker } from '../../../../src/gateway/features/ttl.js';
import { createStore } from '../../../../src/store/index.js';
import type { MetricFamily } from '../../../../src/model/types.js';
import { formatTextFloat } from '../../../../src/model/values.js';
import { startFeatureGateway, type FeatureGateway } from './helpers.js';

const T0 = 1_700_000_000_000;
const fam = (name: string): MetricFamily[] => [{ name, type: 'gauge', metrics: [{ labels: [], value: 1 }] }];
const job = (j: string) => [{ name: 'job', value: j }];

describe('TtlTracker (library, injected clock)', () => {
  const rules = [{ selector: '{job="short"}', matchers: parseSelector('{job="short"}'), ttlMs: 10_000 }];

  test.each([
    { name: 'default applies', grouping: job('a'), header: undefined, expected: T0 + 60_000 },
    { name: 'rule wins over default', grouping: job('short'), header: undefined, expected: T0 + 10_000 },
    { name: 'header wins over rule', grouping: job('short'), header: 5_000, expected: T0 + 5_000 },
    { name: 'header 0 never expires', grouping: job('a'), header: 0, expected: undefined },
  ])('$name', async ({ grouping, header, expected }) => {
    const store = createStore({ now: () => T0 });
    const ttl = new TtlTracker({ ttlMs: 60_000, ttlRules: rules });
    await store.submit({ grouping, mode: 'replace', families: fam('x'), receivedAt: T0 });
    ttl.pushed(grouping, header);
    const g = store.snapshot().group(grouping)!;
    expect(ttl.expiryOf(g)).toBe(expected);
    expect(ttl.due(store.snapshot(), T0 + 59_999).map((x) => x.labels[0].value)).toEqual(
      expected !== undefined && expected <= T0 + 59_999 ? [grouping[0].value] : [],
    );
  });

  test('no TTL configured: nothing is ever due', async () => {
    const store = createStore();
    await store.submit({ grouping: job('a'), mode: 'replace', families: fam('x'), receivedAt: T0 });
    expect(new TtlTracker({ ttlMs: 0, ttlRules: [] }).due(store.snapshot(), T0 + 1e12)).toEqual([]);
  });

  test.each([
    { name: 'absent', input: undefined, expected: undefined },
    { name: 'seconds', input: '30s', expected: 30_000 },
    { name: 'compound', input: '1h30m', expected: 5_400_000 },
    { name: 'zero', input: '0', expected: 0 },
  ])('parseTtlHeader $name', ({ input, expected }) => {
    expect(parseTtlHeader(input)).toBe(expected);
  });

  test.each(['30', '-1s', 'soon', ''])('parseTtlHeader refuses %j', (input) => {
    expect(parseTtlHeader(input)).toBeInstanceOf(Error);
  });
});

describe('TTL over HTTP (injected clock, no sleeps)', () => {
  let g: FeatureGateway | undefined;
  afterEach(async () => {
    await g?.stop();
    g = undefined;
  });

  test('default, per-job rule and header expire groups in order; expiry gauge and counter are exposed', async () => {
    g = await startFeatureGateway({
      ttlMs: 60_000,
      ttlRules: [{ selector: '{job="short"}', matchers: parseSelector('{job="short"}'), ttlMs: 10_000 }],
      ttlHeader: true,
    });
    expect((await g.req('PUT', '/metrics/job/long', 'a 1\n')).status).toBe(200);
    expect((await g.req('PUT', '/metrics/job/short', 'b 1\n')).status).toBe(200);
    expect((await g.req('PUT', '/metrics/job/hdr', 'c 1\n', { 'Promkit-TTL': '5s' })).status).toBe(200);
    let m = (await g.req('GET', '/metrics')).body;
    expect(m).toContain(`promkit_group_expiry_timestamp_seconds{job="hdr"} ${formatTextFloat((T0 + 5_000) / 1000)}`);
    expect(m).toContain(`promkit_group_expiry_timestamp_seconds{job="short"} ${formatTextFloat((T0 + 10_000) / 1000)}`);
    expect(m).toContain(`promkit_group_expiry_timestamp_seconds{job="long"} ${formatTextFloat((T0 + 60_000) / 1000)}`);

    g.clock.now = T0 + 6_000;
    m = (await g.req('GET', '/metrics')).body;
    expect(m).not.toContain('job="hdr"');
    expect(m).toContain('b{instance="",job="short"} 1');

    g.clock.now = T0 + 11_000;
    expect((await g.req('PUT', '/metrics/job/long', 'a 2\n')).status).toBe(200);
    m = (await g.req('GET', '/metrics')).body;
    expect(m).not.toContain('job="short"');
    expect(m).toContain('promkit_groups_expired_total 2');

    g.clock.now = T0 + 61_000;
    m = (await g.req('GET', '/metrics')).body;
    expect(m).toContain('a{instance="",job="long"} 2');

    g.clock.now = T0 + 11_000 + 60_000;
    m = (await g.req('GET', '/metrics')).body;
    expect(m).not.toContain('job="long"');
    expect(m).toContain('promkit_groups_expired_total 3');
  });

  test('a malformed TTL header is refused with 400 and stores nothing', async () => {
    g = await startFeatureGateway({ ttlHeader: true });
    const r = await g.req('PUT', '/metrics/job/x', 'a 1\n', { 'Promkit-TTL': 'soon' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('invalid promkit-ttl header "soon"');
    expect(g.gw.store.snapshot().groups.size).toBe(0);
  });

  test('without the header flag the header is ignored', async () => {
    g = await startFeatureGateway({ ttlMs: 60_000 });
    expect((await g.req('PUT', '/metrics/job/x', 'a 1\n', { 'Promkit-TTL': '1s' })).status).toBe(200);
    g.clock.now = T0 + 2_000;
    expect((await g.req('GET', '/metrics')).body).toContain('a{instance="",job="x"} 1');
  });
});
