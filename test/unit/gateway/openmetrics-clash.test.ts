// Families that OpenMetrics cannot write side by side (a gauge `clash` and a counter `clash_total`
// both claim `# TYPE clash`), or one that OpenMetrics cannot express (a negative counter): an
// OpenMetrics scrape is answered in text 0.0.4, which parses.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import type { MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { openMetricsNameClash, OPENMETRICS_0_CONTENT_TYPE, TEXT_CONTENT_TYPE } from '../../../src/serialize/index.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

const OM = 'application/openmetrics-text; version=0.0.1';
const fam = (name: string, type: MetricFamily['type']): MetricFamily => ({ name, type, metrics: [] });

describe('openMetricsNameClash', () => {
  test.each([
    { families: [fam('clash', 'gauge'), fam('clash_total', 'counter')], clash: 'clash' },
    { families: [fam('a_count', 'gauge'), fam('a', 'summary')], clash: 'a_count' },
    { families: [fam('a', 'summary'), fam('a_count', 'gauge')], clash: 'a_count' },
    { families: [fam('h', 'histogram'), fam('h_bucket', 'untyped')], clash: 'h_bucket' },
    { families: [fam('c_created', 'gauge'), fam('c_total', 'counter')], clash: 'c_created' },
    { families: [fam('b_info', 'info'), fam('b', 'gauge')], clash: 'b' },
  ])('$clash', ({ families, clash }) => {
    expect(openMetricsNameClash(families)).toBe(clash);
  });

  test('families that can be written together', () => {
    const ok = [fam('x', 'counter'), fam('x_total', 'gauge'), fam('a_count', 'gauge'), fam('a', 'gauge')];
    expect(openMetricsNameClash(ok.slice(0, 1))).toBeUndefined();
    expect(openMetricsNameClash([fam('c_total', 'counter'), fam('d', 'summary'), fam('e', 'histogram')])).toBe(
      undefined,
    );
    expect(openMetricsNameClash(ok.slice(2))).toBeUndefined();
  });
});

describe('a gateway whose families clash in OpenMetrics', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
  });
  afterAll(() => g.stop());

  const scrape = (accept: string) => send(g.base, { method: 'GET', path: '/metrics', headers: { Accept: accept } });
  const push = (job: string, body: string) =>
    send(g.base, { method: 'PUT', path: `/metrics/job/${job}`, headers: { 'Content-Type': 'text/plain' }, body });

  test('an OpenMetrics scrape is answered in text 0.0.4 while they clash, in OpenMetrics again after', async () => {
    expect((await push('a', '# TYPE clash gauge\nclash 1\n')).status).toBe(200);
    let r = await scrape(OM);
    expect(r.headers['content-type']).toBe(OPENMETRICS_0_CONTENT_TYPE);
    expect(() => parse(r.body, { format: 'openmetrics' })).not.toThrow();

    expect((await push('b', '# TYPE clash_total counter\nclash_total 2\n')).status).toBe(200);
    r = await scrape(OM);
    expect(r.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    const fams = parse(r.body, { format: 'text' });
    expect(fams.find((f) => f.name === 'clash')?.type).toBe('gauge');
    expect(fams.find((f) => f.name === 'clash_total')?.type).toBe('counter');

    expect((await send(g.base, { method: 'DELETE', path: '/metrics/job/b' })).status).toBe(202);
    r = await scrape(OM);
    expect(r.headers['content-type']).toBe(OPENMETRICS_0_CONTENT_TYPE);
    expect(() => parse(r.body, { format: 'openmetrics' })).not.toThrow();
  });

  test('a family OpenMetrics cannot express (a negative counter) gives text 0.0.4 as well', async () => {
    expect((await push('neg', '# TYPE neg_total counter\nneg_total -1\n')).status).toBe(200);
    const r = await scrape(OM);
    expect(r.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    expect(parse(r.body, { format: 'text' }).find((f) => f.name === 'neg_total')?.metrics[0].value).toBe(-1);
    expect((await send(g.base, { method: 'DELETE', path: '/metrics/job/neg' })).status).toBe(202);
    expect((await scrape(OM)).headers['content-type']).toBe(OPENMETRICS_0_CONTENT_TYPE);
  });
});
