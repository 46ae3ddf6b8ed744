import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openMetricsRenames, parseOpenMetricsStage, toOpenMetrics } from '../../../src/bench/openmetrics-stage.js';
import { countSeries, type Payload } from '../../../src/bench/payload.js';
import type { PayloadInput } from '../../../src/bench/stage.js';
import type { MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { VENDOR } from '../../helpers/fixtures.js';

/** The parse-openmetrics bench row: the conversion of a 0.0.4 payload and the prepared operation. */

function input(bytes: Buffer): PayloadInput {
  const payload: Payload = { name: 't', path: '/t.prom', bytes: bytes.length, series: countSeries(bytes) };
  return { payload, bytes: new Uint8Array(bytes), text: bytes.toString('utf8') };
}

const fam = (name: string, type: MetricFamily['type']): MetricFamily => ({
  name,
  type,
  metrics: [{ labels: [], value: 1 }],
});

describe('parse-openmetrics bench stage', () => {
  test.each([
    { name: 'no clash', families: [fam('a', 'gauge'), fam('b_total', 'counter')], expected: {} },
    {
      name: 'gauge x and counter x_total',
      families: [fam('x_total', 'counter'), fam('x', 'gauge')],
      expected: { x_total: 'x_om2_total' },
    },
    {
      name: 'histogram x and gauge x_bucket',
      families: [fam('x', 'histogram'), fam('x_bucket', 'gauge')],
      expected: { x_bucket: 'x_bucket_om2' },
    },
    {
      name: 'a counter not named _total is written as unknown and reserves only its name',
      families: [fam('y', 'counter'), fam('y_created', 'gauge')],
      expected: {},
    },
    {
      name: 'a counter x_total reserves x_created',
      families: [fam('z_total', 'counter'), fam('z_created', 'gauge')],
      expected: { z_total: 'z_om2_total' },
    },
  ])('renames: $name', ({ families, expected }) => {
    expect(Object.fromEntries(openMetricsRenames(families))).toEqual(expected);
  });

  test('the node payload becomes valid OpenMetrics with the same series', () => {
    const bytes = readFileSync(join(VENDOR, 'bench-data', 'node.prom'));
    const { om, renamed } = toOpenMetrics(bytes.toString('utf8'), bytes);
    expect(renamed).toBe(1);
    const text = parse(bytes);
    const fromOm = parse(om, { format: 'openmetrics' });
    const count = (fs: MetricFamily[]) => fs.reduce((n, f) => n + f.metrics.length, 0);
    expect(count(fromOm)).toBe(count(text));
    expect(fromOm.length).toBe(text.length);
  });

  test('prepare times parse on the OpenMetrics bytes and checks the result', async () => {
    const c = await parseOpenMetricsStage.prepare(input(readFileSync(join(VENDOR, 'bench-data', 'small.prom'))));
    if ('unavailable' in c) throw new Error(c.unavailable);
    const result = c.fn() as MetricFamily[];
    expect(result.length).toBeGreaterThan(5);
    const counts = await c.check!(result);
    expect(counts.openMetricsBytes).toBe(c.bytes);
    expect(counts.metrics).toBe(result.reduce((n, f) => n + f.metrics.length, 0));
  });

  test('an OpenMetrics payload is parsed as given', async () => {
    const om = Buffer.from('# TYPE a counter\na_total 1\n# EOF\n');
    const c = await parseOpenMetricsStage.prepare(input(om));
    if ('unavailable' in c) throw new Error(c.unavailable);
    expect(c.bytes).toBe(om.length);
    expect(c.fn()).toEqual([{ name: 'a_total', type: 'counter', metrics: [{ labels: [], value: 1 }] }]);
  });
});
