// OpenMetrics through the gateway over HTTP on 127.0.0.1: OpenMetrics pushes (1.0.0 and 0.0.1)
// are parsed with the OpenMetrics parser and go through the same grouping and consistency rules;
// exemplars are kept and served when the scrape's Accept asks for OpenMetrics; text otherwise.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { ParseError } from '../../../src/errors/parse-error.js';
import type { MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { createStore } from '../../../src/store/index.js';
import { OPENMETRICS_0_CONTENT_TYPE, TEXT_CONTENT_TYPE } from '../../../src/serialize/index.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

const OM1 = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
const OM0 = 'application/openmetrics-text; version=0.0.1';
/** What Prometheus 2.x sends when it scrapes. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const BODY = [
  '# TYPE req counter',
  '# HELP req Requests.',
  'req_total{path="/a"} 5 # {trace_id="abc"} 1 1700000000.5',
  'req_created{path="/a"} 1600000000',
  '# TYPE lat_seconds histogram',
  '# UNIT lat_seconds seconds',
  'lat_seconds_bucket{le="0.5"} 1 # {trace_id="def"} 0.25',
  'lat_seconds_bucket{le="+Inf"} 2',
  'lat_seconds_count 2',
  'lat_seconds_sum 1.5',
  '# TYPE build info',
  'build_info{version="1.0"} 1',
  '# TYPE mode stateset',
  'mode{mode="a"} 1',
  'mode{mode="b"} 0',
  '# EOF',
  '',
].join('\n');

/** The pushed families as the OpenMetrics parser reads them. */
const pushed = parse(BODY, { format: 'openmetrics' });

function family(families: MetricFamily[], name: string): MetricFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no family ${name} in ${families.map((x) => x.name).join(', ')}`);
  return f;
}

function scrape(g: TestGateway, accept?: string) {
  return send(g.base, { method: 'GET', path: '/metrics', headers: accept === undefined ? {} : { Accept: accept } });
}

describe('OpenMetrics pushes and scrapes', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
  });
  afterAll(() => g.stop());

  test.each([
    { name: 'version 1.0.0', contentType: OM1, job: 'om1' },
    { name: 'version 0.0.1', contentType: OM0, job: 'om0' },
    { name: 'no version', contentType: 'application/openmetrics-text', job: 'omx' },
  ])('a push with $name is accepted', async ({ contentType, job }) => {
    const r = await send(g.base, {
      method: 'PUT',
      path: `/metrics/job/${job}/instance/i1`,
      body: BODY,
      headers: { 'Content-Type': contentType },
    });
    expect({ status: r.status, body: r.body.toString() }).toEqual({ status: 200, body: '' });
  });

  test('a scrape asking for OpenMetrics gets OpenMetrics with the exemplars, _created and # EOF', async () => {
    const r = await scrape(g, PROMETHEUS_ACCEPT);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(OPENMETRICS_0_CONTENT_TYPE);
    const text = r.body.toString();
    expect(text.endsWith('# EOF\n')).toBe(true);
    const served = parse(text, { format: 'openmetrics' });
    const req = family(served, 'req_total');
    expect(req.type).toBe('counter');
    expect(req.help).toBe('Requests.');
    // One series per push, grouping labels added and sorted in.
    expect(req.metrics.map((m) => m.labels)).toEqual(
      ['om0', 'om1', 'omx'].map((job) => [
        { name: 'instance', value: 'i1' },
        { name: 'job', value: job },
        { name: 'path', value: '/a' },
      ]),
    );
    for (const m of req.metrics) {
      expect(m.exemplar).toEqual(family(pushed, 'req_total').metrics[0].exemplar);
      expect(m.createdTimestamp).toBe(1600000000);
      expect(m.value).toBe(5);
    }
    const lat = family(served, 'lat_seconds');
    expect(lat.metrics).toHaveLength(3);
    for (const m of lat.metrics)
      expect(m.histogram?.buckets).toEqual(family(pushed, 'lat_seconds').metrics[0].histogram?.buckets);
  });

  test.each([
    { name: 'OpenMetrics', accept: OM0, unitLine: true },
    { name: 'text 0.0.4', accept: 'text/plain;version=0.0.4', unitLine: false },
  ])('a pushed unit is kept through the store: $name scrape writes # UNIT: $unitLine', async ({ accept, unitLine }) => {
    const text = (await scrape(g, accept)).body.toString();
    expect(text.includes('# UNIT lat_seconds seconds\n')).toBe(unitLine);
    if (unitLine) expect(family(parse(text, { format: 'openmetrics' }), 'lat_seconds').unit).toBe('seconds');
  });

  test('info and stateset families are stored as gauges (client_model has no such types)', async () => {
    const served = parse((await scrape(g, OM0)).body.toString(), { format: 'openmetrics' });
    expect(family(served, 'build_info').type).toBe('gauge');
    expect(family(served, 'mode').type).toBe('gauge');
    expect(
      family(served, 'mode').metrics.map((m) => [m.labels.find((l) => l.name === 'mode')?.value, m.value]),
    ).toEqual([
      ['a', 1],
      ['b', 0],
      ['a', 1],
      ['b', 0],
      ['a', 1],
      ['b', 0],
    ]);
  });

  test.each([
    { name: 'no Accept', accept: undefined },
    { name: 'text only', accept: 'text/plain;version=0.0.4' },
    {
      name: 'OpenMetrics 1.0.0 only (expfmt 0.39 offers 0.0.1)',
      accept: 'application/openmetrics-text; version=1.0.0',
    },
  ])('a scrape with $name gets text 0.0.4 without exemplars', async ({ accept }) => {
    const r = await scrape(g, accept);
    expect(r.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    const text = r.body.toString();
    expect(text).not.toContain('# EOF');
    expect(text).not.toContain('trace_id');
    const served = parse(text);
    expect(family(served, 'req_total').metrics.map((m) => m.value)).toEqual([5, 5, 5]);
  });
});

describe('OpenMetrics push errors', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
  });
  afterAll(() => g.stop());

  /** The parser's own message for a body it refuses. */
  function parseMessage(body: string): string {
    try {
      parse(body, { format: 'openmetrics' });
    } catch (e) {
      if (e instanceof ParseError) return e.message;
      throw e;
    }
    throw new Error('body was accepted');
  }

  test.each([
    { name: 'missing # EOF', body: 'a 1\n' },
    { name: 'text after # EOF', body: 'a 1\n# EOF\nb 2\n' },
    { name: 'blank line', body: 'a 1\n\n# EOF\n' },
    { name: 'exemplar on a gauge', body: '# TYPE g gauge\ng 1 # {a="b"} 1\n# EOF\n' },
    { name: 'histogram without +Inf', body: '# TYPE h histogram\nh_bucket{le="1"} 1\n# EOF\n' },
    { name: 'untyped is not an OpenMetrics type', body: '# TYPE u untyped\nu 1\n# EOF\n' },
  ])('$name: 400 with the parser message', async ({ body }) => {
    const r = await send(g.base, { method: 'PUT', path: '/metrics/job/bad', body, headers: { 'Content-Type': OM1 } });
    expect({ status: r.status, body: r.body.toString() }).toEqual({ status: 400, body: parseMessage(body) + '\n' });
  });

  test('the same body as text 0.0.4 is read by the text parser', async () => {
    const r = await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/text',
      body: 'a 1\n',
      headers: { 'Content-Type': 'text/plain; version=0.0.4' },
    });
    expect(r.status).toBe(200);
  });

  test('timestamps are refused as for text pushes', async () => {
    const r = await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/ts',
      body: 'a 1 1700000000\n# EOF\n',
      headers: { 'Content-Type': OM1 },
    });
    expect(r.status).toBe(400);
    expect(r.body.toString()).toMatch(/timestamp/);
  });

  test('consistency with other groups: a counter pushed as OpenMetrics conflicts with a gauge of its series name', async () => {
    const a = await send(g.base, { method: 'PUT', path: '/metrics/job/g1', body: '# TYPE x_total gauge\nx_total 1\n' });
    expect(a.status).toBe(200);
    const b = await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/g2',
      body: '# TYPE x counter\nx_total 1\n# EOF\n',
      headers: { 'Content-Type': OM1 },
    });
    expect(b.status).toBe(400);
    expect(b.body.toString()).toMatch(/^pushed metrics are invalid or inconsistent with existing metrics: .*x_total/);
  });

  test('a gauge histogram is refused like one pushed as protobuf', async () => {
    const body = '# TYPE gh gaugehistogram\ngh_bucket{le="+Inf"} 1\ngh_gcount 1\ngh_gsum 1\n# EOF\n';
    const r = await send(g.base, { method: 'PUT', path: '/metrics/job/gh', body, headers: { 'Content-Type': OM1 } });
    expect(r.status).toBe(400);
    expect(r.body.toString()).toMatch(/GAUGE_HISTOGRAM/);
  });
});

describe('exemplars in the store state', () => {
  test('export then import keeps counter and bucket exemplars and created timestamps', async () => {
    const store = createStore();
    const r = await store.submit({
      grouping: [{ name: 'job', value: 'j' }],
      mode: 'replace',
      families: pushed.filter((f) => f.type === 'counter' || f.type === 'histogram'),
      receivedAt: 1,
    });
    expect(r.ok).toBe(true);
    const copy = createStore();
    copy.importState(JSON.parse(JSON.stringify(store.exportState())));
    const families = copy.snapshot().families();
    expect(family([...families], 'req_total').metrics[0].exemplar).toEqual(
      family(pushed, 'req_total').metrics[0].exemplar,
    );
    expect(family([...families], 'req_total').metrics[0].createdTimestamp).toBe(1600000000);
    expect(family([...families], 'lat_seconds').unit).toBe('seconds');
    expect(family([...families], 'lat_seconds').metrics[0].histogram?.buckets[0].exemplar).toEqual({
      labels: [{ name: 'trace_id', value: 'def' }],
      value: 0.25,
    });
  });
});
