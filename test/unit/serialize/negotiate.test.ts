// Accept headers against Go expfmt.Negotiate / NegotiateIncludingOpenMetrics (0.39);
// negotiate-expected.json is written by gen-negotiate.go from negotiate-cases.json.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { negotiate } from '../../../src/serialize/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const rows = JSON.parse(readFileSync(join(here, 'negotiate-expected.json'), 'utf8')) as {
  accept: string;
  negotiate: string;
  negotiateIncludingOpenMetrics: string;
}[];

describe('negotiate', () => {
  test('the generated table covers every case', () => {
    const cases = JSON.parse(readFileSync(join(here, 'negotiate-cases.json'), 'utf8')) as string[];
    expect(rows.map((r) => r.accept)).toEqual(cases);
  });
  test.each(rows)('Negotiate($accept)', ({ accept, negotiate: want }) => {
    expect(negotiate(accept).contentType).toBe(want);
  });
  test.each(rows)('NegotiateIncludingOpenMetrics($accept)', ({ accept, negotiateIncludingOpenMetrics: want }) => {
    expect(negotiate(accept, { openMetrics: true }).contentType).toBe(want);
  });
  test.each([
    { contentType: 'text/plain; version=0.0.4; charset=utf-8', format: 'text' },
    {
      contentType: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
      format: 'protobuf',
    },
    { contentType: 'application/openmetrics-text; version=0.0.1; charset=utf-8', format: 'openmetrics' },
  ])('format of $contentType', ({ contentType, format }) => {
    const row = rows.find((r) => r.negotiateIncludingOpenMetrics === contentType)!;
    expect(negotiate(row.accept, { openMetrics: true }).format).toBe(format);
  });
  test('a missing header is text', () => {
    expect(negotiate(undefined)).toEqual({ format: 'text', contentType: 'text/plain; version=0.0.4; charset=utf-8' });
  });
});
