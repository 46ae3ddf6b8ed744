import { gunzipSync } from 'node:zlib';
import { describe, expect, test, vi } from 'vitest';
import type { GatewayContext, HandlerRequest } from '../../../src/gateway/context.js';
import { renderExposition } from '../../../src/gateway/handlers/exposition.js';
import { dropStaleRenderings, keptRenderingCount, metricsHandler } from '../../../src/gateway/handlers/metrics.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import type { MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { createStore, type MetricStore } from '../../../src/store/index.js';

const ACCEPT = {
  text: undefined,
  protobuf: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
  openmetrics: 'application/openmetrics-text;version=0.0.1',
  'protobuf-text': 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text',
} as const;

/** The gateway's own families at its `k`-th scrape: values change on every scrape; one name is also pushed. */
function own(k: number): MetricFamily[] {
  return [
    {
      name: 'process_open_fds',
      help: 'Number of open file descriptors.',
      type: 'gauge',
      metrics: [{ labels: [], value: k }],
    },
    {
      name: 'pushgateway_http_requests_total',
      help: 'Total HTTP requests.',
      type: 'counter',
      metrics: [{ labels: [{ name: 'code', value: '200' }], value: 10 * k }],
    },
  ];
}

/** A minimal response that collects the body. */
class Response {
  statusCode = 0;
  readonly headers = new Map<string, unknown>();
  readonly chunks: Buffer[] = [];
  destroyed = false;
  writableLength = 0;
  setHeader(name: string, value: unknown): void {
    this.headers.set(name.toLowerCase(), value);
  }
  cork(): void {}
  write(c: Uint8Array): boolean {
    this.chunks.push(Buffer.from(c));
    return true;
  }
  end(): void {}
  on(): void {}
  off(): void {}
}

async function storeWithGroups(): Promise<MetricStore> {
  const store = createStore();
  for (const job of ['a', 'b', 'c'])
    await store.submit({
      grouping: [{ name: 'job', value: job }],
      mode: 'replace',
      families: parse(
        `# HELP m A metric.\n# TYPE m counter\nm{i="1"} 1\nm{i="2"} 2\nprocess_open_fds 7\nz_last{x="ü✓"} 3\n`,
      ),
      receivedAt: 1,
    });
  return store;
}

/** Scrapes `store` through `metricsHandler`; the own families are `own(k)` at the k-th scrape. */
function scraper(store: MetricStore) {
  let k = 0;
  const gw = { store, metrics: { families: () => own(++k) }, logger: silentLogger } as unknown as GatewayContext;
  return async (headers: Record<string, string>): Promise<{ body: Buffer; k: number }> => {
    const res = new Response();
    await metricsHandler({ gw, req: { method: 'GET', headers }, res } as unknown as HandlerRequest);
    const bytes = Buffer.concat(res.chunks);
    expect(res.headers.get('content-length')).toBe(bytes.length);
    return { body: headers['accept-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes, k };
  };
}

async function expected(store: MetricStore, k: number, accept: string | undefined): Promise<Buffer> {
  const out = await renderExposition(store.snapshot(), own(k), accept);
  const body = out.body;
  if (typeof body === 'string' || body instanceof Uint8Array) return Buffer.from(body);
  return Buffer.concat(body.map((p) => Buffer.from(p)));
}

describe('a scrape of an unchanged store writes the kept rendering, with its own metrics fresh', () => {
  test.each(Object.keys(ACCEPT) as (keyof typeof ACCEPT)[])('%s', async (format) => {
    const store = await storeWithGroups();
    const accept = ACCEPT[format];
    const headers: Record<string, string> = accept ? { accept } : {};
    const scrape = scraper(store);
    const renderings = vi.spyOn(store.snapshot(), 'families');
    const stored = vi.spyOn(store.snapshot(), 'storedChunks');
    const rendered = (): number => (format === 'text' ? stored.mock.calls.length : renderings.mock.calls.length);

    const first = await scrape(headers);
    const made = rendered();
    expect(made).toBeGreaterThan(0);
    const second = await scrape({ ...headers, 'accept-encoding': 'gzip' });
    // One rendering: the second scrape only filled in its own families (protobuf and OpenMetrics look
    // the stored family up by name once per scrape for the one merged with an own family).
    expect(stored.mock.calls.length).toBe(format === 'text' ? 1 : 0);
    if (format !== 'text') expect(renderings.mock.calls.length).toBe(made + 1);
    // (`expected` renders the same snapshot again: counted above, before it.)
    expect(first.body.equals(await expected(store, first.k, accept))).toBe(true);
    expect(second.body.equals(await expected(store, second.k, accept))).toBe(true);
    expect(second.body.equals(first.body)).toBe(false);
    expect(keptRenderingCount(store)).toBe(1);

    // A push: the kept rendering is let go at once, and the next scrape renders the new version.
    await store.submit({
      grouping: [{ name: 'job', value: 'd' }],
      mode: 'replace',
      families: parse('# TYPE m counter\nm{i="new"} 5\n'),
      receivedAt: 2,
    });
    dropStaleRenderings(store);
    expect(keptRenderingCount(store)).toBe(0);
    const families2 = vi.spyOn(store.snapshot(), 'families');
    const stored2 = vi.spyOn(store.snapshot(), 'storedChunks');
    const third = await scrape(headers);
    expect((format === 'text' ? stored2 : families2).mock.calls.length).toBeGreaterThan(0);
    expect(third.body.equals(await expected(store, third.k, accept))).toBe(true);
    expect(third.body.toString()).toContain('new');
  });

  test('one rendering kept per format: text and protobuf scrapes keep one each', async () => {
    const store = await storeWithGroups();
    const scrape = scraper(store);
    await scrape({});
    await scrape({ accept: ACCEPT.protobuf });
    await scrape({});
    expect(keptRenderingCount(store)).toBe(2);
  });
});
