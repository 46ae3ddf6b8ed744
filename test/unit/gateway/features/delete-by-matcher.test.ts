import { afterEach, describe, expect, test } from 'vitest';
import { parseDeleteQuery, selectGroups } from '../../../../src/gateway/features/delete-by-matcher.js';
import { createStore } from '../../../../src/store/index.js';
import { startFeatureGateway, type FeatureGateway } from './helpers.js';

const enc = (s: string) => encodeURIComponent(s);

describe('parseDeleteQuery / selectGroups (library)', () => {
  test.each([
    { name: 'one selector', query: `match[]=${enc('{job="a"}')}`, dryRun: false, selected: ['a'] },
    { name: 'regex and negation', query: `match[]=${enc('{job=~"a|b",env!="prod"}')}`, dryRun: false, selected: ['a'] },
    {
      name: 'union of selectors, dry run',
      query: `match[]=${enc('{job="a"}')}&match[]=${enc('{env="prod"}')}&dry_run=true`,
      dryRun: true,
      selected: ['a', 'b'],
    },
  ])('$name', async ({ query, dryRun, selected }) => {
    const store = createStore();
    for (const [job, env] of [
      ['a', 'dev'],
      ['b', 'prod'],
      ['c', 'dev'],
    ]) {
      await store.submit({
        grouping: [
          { name: 'job', value: job },
          { name: 'env', value: env },
        ],
        mode: 'replace',
        families: [{ name: 'x', type: 'gauge', metrics: [{ labels: [], value: 1 }] }],
        receivedAt: 1,
      });
    }
    const q = parseDeleteQuery(query);
    expect(q.dryRun).toBe(dryRun);
    expect(
      selectGroups(store.snapshot().groups.values(), q.selectors).map(
        (g) => g.labels.find((l) => l.name === 'job')!.value,
      ),
    ).toEqual(selected);
  });

  test.each([
    { name: 'no match[]', query: '', message: 'no match[] parameter' },
    { name: 'bad selector', query: `match[]=${enc('{job=x}')}`, message: 'invalid matcher at char 6' },
    {
      name: 'bad dry_run',
      query: `match[]=${enc('{job="x"}')}&dry_run=maybe`,
      message: 'dry_run must be true or false',
    },
  ])('refuses $name', ({ query, message }) => {
    expect(() => parseDeleteQuery(query)).toThrow(message);
  });
});

describe('DELETE /api/v1/groups over HTTP', () => {
  let g: FeatureGateway | undefined;
  afterEach(async () => {
    await g?.stop();
    g = undefined;
  });

  test('dry run lists, then delete removes exactly the matching groups', async () => {
    g = await startFeatureGateway({ deleteByMatcher: true });
    for (const p of ['/metrics/job/x/env/dev1', '/metrics/job/x/env/prod', '/metrics/job/y/env/dev2'])
      expect((await g.req('PUT', p, 'a 1\n')).status).toBe(200);
    const sel = enc('{job="x",env=~"dev.*"}');
    let r = await g.req('DELETE', `/api/v1/groups?match[]=${sel}&dry_run=true`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      status: 'success',
      data: { dry_run: true, deleted: [{ labels: { env: 'dev1', job: 'x' } }] },
    });
    expect(g.gw.store.snapshot().groups.size).toBe(3);
    r = await g.req('DELETE', `/api/v1/groups?match[]=${sel}`);
    expect(JSON.parse(r.body).data).toEqual({ dry_run: false, deleted: [{ labels: { env: 'dev1', job: 'x' } }] });
    expect([...g.gw.store.snapshot().groups.values()].map((v) => v.labels.map((l) => l.value).join('/'))).toEqual([
      'prod/x',
      'dev2/y',
    ]);
  });

  test('a bad selector is a 400 naming the position', async () => {
    g = await startFeatureGateway({ deleteByMatcher: true });
    const r = await g.req('DELETE', `/api/v1/groups?match[]=${enc('{job=~"("}')}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/^bad match\[\]: invalid matcher at char 7: invalid regular expression/);
  });

  test('off by default: the route does not exist', async () => {
    g = await startFeatureGateway({ ttlMs: 1000 });
    expect((await g.req('DELETE', `/api/v1/groups?match[]=${enc('{job="x"}')}`)).status).toBe(404);
  });
});
