// Integers beyond 2^53 and HELP bytes that are not UTF-8, kept exactly by
// the text parser (both engines) and written back by canonical JSON.
import { describe, expect, test } from 'vitest';
import { canonicalJson } from '../../../src/cli/canonical-json.js';
import { parse } from '../../../src/parse/index.js';
import type { MetricFamily } from '../../../src/model/types.js';

const ENGINES = ['auto', 'grammar'] as const;
const bytes = (s: string) => Buffer.from(s, 'latin1');

describe.each(ENGINES)('text parser, %s engine', (engine) => {
  const one = (input: string | Uint8Array): MetricFamily => parse(input, { engine })[0];

  test('int64 timestamps beyond 2^53 keep their exact value beside the nearest double', () => {
    const f = one('a 1 9223372036854775807\na 2 -9223372036854775808\na 3 9007199254740993\na 4 9007199254740992\n');
    expect(f.metrics.map((m) => [m.timestampMs, m.timestampMsExact])).toEqual([
      [2 ** 63, 9223372036854775807n],
      [-(2 ** 63), undefined], // -2^63 is a double
      [9007199254740992, 9007199254740993n],
      [9007199254740992, undefined],
    ]);
  });

  test('a later line of a summary replaces an exact timestamp (no stale sidecar)', () => {
    const f = one('# TYPE s summary\ns_count 1 9007199254740993\ns_sum 2 9007199254740992\n');
    expect(f.metrics[0].timestampMs).toBe(9007199254740992);
    expect(f.metrics[0].timestampMsExact).toBeUndefined();
  });

  test('negative counts wrap to uint64 exactly (Go uint64(float64) on amd64); NaN and huge are 2^63', () => {
    const f = one(
      '# TYPE h histogram\nh_bucket{le="1"} -1\nh_bucket{le="2"} NaN\nh_bucket{le="+Inf"} -3.5\nh_count -0.5\nh_sum 0\n',
    );
    const h = f.metrics[0].histogram!;
    expect(h.buckets.map((b) => b.cumulativeCountExact)).toEqual([
      18446744073709551615n,
      undefined,
      18446744073709551613n,
    ]);
    expect(h.buckets[1].cumulativeCount).toBe(2 ** 63);
    expect(h.count).toBe(0);
    expect(h.countExact).toBeUndefined();
  });

  test('a second _count line replaces an exact count', () => {
    const s = one('# TYPE s summary\ns_count -1\ns_count 18446744073709551616\n').metrics[0].summary!;
    expect(s.count).toBe(2 ** 63);
    expect(s.countExact).toBeUndefined();
  });

  test('HELP that is not UTF-8 keeps its bytes; valid or string HELP has none', () => {
    const bad = one(bytes('# HELP a x\xff\xe2\x82y\\n\na 1\n'));
    expect(bad.help).toBe('x\ufffd\ufffd\ufffdy\n');
    expect(Buffer.from(bad.helpBytes!)).toEqual(bytes('x\xff\xe2\x82y\n'));
    expect(one(bytes('# HELP a \xe2\x82\xac\na 1\n')).helpBytes).toBeUndefined();
    expect(one('# HELP a x\ufffd\na 1\n').helpBytes).toBeUndefined();
  });

  test('canonical JSON writes exact integers and help_base64 as the oracle does', () => {
    const json = canonicalJson(
      parse(bytes('# HELP a \xff\\\\\n# TYPE a summary\na_count -1 9223372036854775807\n'), { engine }),
    );
    expect(json).toBe(
      '{"families":[{"name":"a","help":"\\ufffd\\\\","help_base64":"/1w=","type":"summary","metrics":[{"labels":[],' +
        '"timestamp_ms":"9223372036854775807","summary":{"sample_count":"18446744073709551615","sample_sum":null,"quantiles":[]}}]}]}',
    );
  });
});

test('an out-of-range timestamp is refused as the reference does', () => {
  for (const engine of ENGINES)
    expect(() => parse('a 1 9223372036854775808\n', { engine })).toThrow(
      'expected integer as timestamp, got "9223372036854775808"',
    );
});
