import { afterEach, describe, expect, test } from 'vitest';
import { aggregatePush } from '../../../../src/gateway/features/aggregation.js';
import { parseSelector } from '../../../../src/gateway/features/matcher.js';
import { parse } from '../../../../src/parse/index.js';
import { createStore } from '../../../../src/store/index.js';
import { startFeatureGateway, type FeatureGateway } from './helpers.js';

const job = [{ name: 'job', value: 'lambda' }];

async function storeWith(text: string) {
  const store = createStore();
  await store.submit({ grouping: job, mode: 'replace', families: parse(text), receivedAt: 1 });
  return store;
}

describe('aggregatePush (library)', () => {
  test.each([
    {
      name: 'counters add up',
      stored: '# TYPE c counter\nc{p="a"} 2\n',
      pushed: '# TYPE c counter\nc{p="a"} 3\n',
      values: [5],
    },
    {
      name: 'new series appended, old kept',
      stored: '# TYPE c counter\nc{p="a"} 2\n',
      pushed: '# TYPE c counter\nc{p="b"} 3\n',
      values: [2, 3],
    },
    { name: 'gauges replaced', stored: '# TYPE g gauge\ng 2\n', pushed: '# TYPE g gauge\ng 7\n', values: [7] },
    {
      name: 'nothing stored yet',
      stored: '# TYPE other gauge\nother 1\n',
      pushed: '# TYPE c counter\nc 4\n',
      values: [4],
    },
  ])('$name', async ({ stored, pushed, values }) => {
    const store = await storeWith(stored);
    const r = aggregatePush(store.snapshot().group(job), job, parse(pushed));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.families[0].metrics.map((m) => m.value)).toEqual(values);
  });

  test('histograms add bucket by bucket', async () => {
    const h = '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n';
    const store = await storeWith(h);
    const r = aggregatePush(store.snapshot().group(job), job, parse(h));
    expect(r.ok && r.families[0].metrics[0].histogram).toEqual({
      count: 4,
      sum: 6,
      buckets: [
        { upperBound: 1, cumulativeCount: 2 },
        { upperBound: Infinity, cumulativeCount: 4 },
      ],
    });
  });

  test.each([
    {
      name: 'different bucket bounds',
      stored: '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      pushed: '# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      message:
        'aggregation mode: histogram h{instance="",job="lambda"} has bucket bounds [2, +Inf] but the stored series has [1, +Inf]',
    },
    {
      name: 'summaries',
      stored: '# TYPE x gauge\nx 1\n',
      pushed: '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 1\ns_count 1\n',
      message: 'aggregation mode: summary s cannot be summed across pushes',
    },
  ])('refuses $name', async ({ stored, pushed, message }) => {
    const store = await storeWith(stored);
    const r = aggregatePush(store.snapshot().group(job), job, parse(pushed));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.startsWith(message)).toBe(true);
  });
});

describe('aggregation mode over HTTP', () => {
  let g: FeatureGateway | undefined;
  afterEach(async () => {
    await g?.stop();
    g = undefined;
  });

  test('counters sum across concurrent pushes, gauges are replaced, other jobs keep Pushgateway semantics', async () => {
    g = await startFeatureGateway({
      aggregate: [{ selector: '{job="lambda"}', matchers: parseSelector('{job="lambda"}') }],
    });
    const body = (n: number) =>
      `# TYPE invocations_total counter\ninvocations_total 1\n# TYPE last_run gauge\nlast_run ${n}\n`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => g!.req('PUT', '/metrics/job/lambda', body(i))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await g.req('PUT', '/metrics/job/plain', body(1))).status).toBe(200);
    expect((await g.req('PUT', '/metrics/job/plain', body(2))).status).toBe(200);
    const m = (await g.req('GET', '/metrics')).body;
    expect(m).toContain('invocations_total{instance="",job="lambda"} 10');
    expect(m).toMatch(/last_run\{instance="",job="lambda"\} \d/);
    expect(m).toContain('invocations_total{instance="",job="plain"} 1');
    expect(m).toContain('last_run{instance="",job="plain"} 2');
  });

  test('a summary push is refused with 400 and a message', async () => {
    g = await startFeatureGateway({
      aggregate: [{ selector: '{job="lambda"}', matchers: parseSelector('{job="lambda"}') }],
    });
    const r = await g.req('PUT', '/metrics/job/lambda', '# TYPE s summary\ns_sum 1\ns_count 1\n');
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/^aggregation mode: summary s cannot be summed/);
  });
});
