// Models the reference would write but its parser would then reject or read back differently:
// we refuse them with a SerializeError naming the problem (our own contract, see serializeText).
import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { serializeOpenMetrics, serializeText, SerializeError } from '../../../src/serialize/index.js';

const gauge = (name: string, labels: [string, string][] = [], timestampMs?: number): MetricFamily => ({
  name,
  type: 'gauge',
  metrics: [
    {
      labels: labels.map(([n, value]) => ({ name: n, value })),
      value: 1,
      ...(timestampMs === undefined ? {} : { timestampMs }),
    },
  ],
});
const summary = (name: string, labels: [string, string][] = []): MetricFamily => ({
  name,
  type: 'summary',
  metrics: [{ labels: labels.map(([n, value]) => ({ name: n, value })), summary: { quantiles: [] } }],
});
const histogram = (name: string, labels: [string, string][] = []): MetricFamily => ({
  name,
  type: 'histogram',
  metrics: [{ labels: labels.map(([n, value]) => ({ name: n, value })), histogram: { buckets: [] } }],
});

describe('refused by both text serializers', () => {
  test.each([
    { name: 'metric name with a dash', families: [gauge('a-b')], message: 'invalid metric name "a-b"' },
    { name: 'metric name starting with a digit', families: [gauge('0a')], message: 'invalid metric name "0a"' },
    {
      name: 'label name with a dot',
      families: [gauge('a', [['x.y', '1']])],
      message: 'invalid label name "x.y" in metric "a"',
    },
    { name: 'empty label name', families: [gauge('a', [['', '1']])], message: 'invalid label name "" in metric "a"' },
    {
      name: '__name__ label',
      families: [gauge('a', [['__name__', 'b']])],
      message: 'label name "__name__" is reserved in metric "a"',
    },
    {
      name: 'duplicate label name',
      families: [
        gauge('a', [
          ['x', '1'],
          ['x', '2'],
        ]),
      ],
      message: 'duplicate label name "x" in metric "a"',
    },
    {
      name: 'le label on a histogram',
      families: [histogram('h', [['le', '1']])],
      message: 'label name "le" is reserved for the samples of histogram "h"',
    },
    {
      name: 'quantile label on a summary',
      families: [summary('s', [['quantile', '1']])],
      message: 'label name "quantile" is reserved for the samples of summary "s"',
    },
    {
      name: 'fractional timestamp',
      families: [gauge('a', [], 1.5)],
      message: 'timestamp 1.5 of metric "a" is not an int64',
    },
    { name: 'NaN timestamp', families: [gauge('a', [], NaN)], message: 'timestamp NaN of metric "a"' },
    {
      name: 'timestamp beyond int64',
      families: [gauge('a', [], 1e19)],
      message: 'timestamp 10000000000000000000 of metric "a"',
    },
  ])('$name', ({ families, message }) => {
    for (const write of [serializeText, serializeOpenMetrics]) {
      expect(() => write(families)).toThrow(SerializeError);
      expect(() => write(families)).toThrow(message);
    }
  });
});

describe('refused by the 0.0.4 serializer: families the parser would merge', () => {
  test.each([
    { name: 'same name twice', families: [gauge('a'), gauge('a')], message: 'second metric family named "a"' },
    {
      name: 's_sum after summary s',
      families: [summary('s'), gauge('s_sum')],
      message: 'metric family "s_sum" collides with the samples of summary "s"',
    },
    {
      name: 's_count before summary s',
      families: [gauge('s_count'), summary('s')],
      message: 'metric family "s_count" collides with the samples of summary "s"',
    },
    {
      name: 'h_bucket after histogram h',
      families: [histogram('h'), gauge('h_bucket')],
      message: 'metric family "h_bucket" collides with the samples of histogram "h"',
    },
    {
      name: 'h_sum before histogram h',
      families: [gauge('h_sum'), histogram('h')],
      message: 'metric family "h_sum" collides with the samples of histogram "h"',
    },
  ])('$name', ({ families, message }) => {
    expect(() => serializeText(families)).toThrow(message);
  });

  test.each([
    { name: 's_bucket next to summary s', families: [summary('s'), gauge('s_bucket')] },
    { name: 'x_sum next to gauge x', families: [gauge('x'), gauge('x_sum')] },
    { name: 'x_total next to counter x', families: [gauge('x'), gauge('x_total')] },
  ])('accepted: $name', ({ families }) => {
    expect(serializeText(families)).toContain('# TYPE');
  });
});

describe('what is not refused', () => {
  test('any label value text, including escapes, controls and non-BMP characters', () => {
    const out = serializeText([gauge('a', [['v', 'a\\b\n"c\u0000\t😀']])]);
    expect(out).toBe('# TYPE a gauge\na{v="a\\\\b\\n\\"c\u0000\t😀"} 1\n');
  });
  test('unknown is written as untyped in 0.0.4 and as unknown in OpenMetrics', () => {
    const f: MetricFamily = { name: 'u', type: 'unknown', metrics: [{ labels: [], value: 2 }] };
    expect(serializeText([f])).toBe('# TYPE u untyped\nu 2\n');
    expect(serializeOpenMetrics([f])).toBe('# TYPE u unknown\nu 2.0\n# EOF\n');
  });
  test.each(['info', 'stateset', 'gaugehistogram'] as const)('%s is refused like GAUGE_HISTOGRAM', (type) => {
    const f: MetricFamily = { name: 'x', type, metrics: [{ labels: [], value: 1 }] };
    expect(() => serializeText([f])).toThrow(/^unknown metric type [A-Z_]+$/);
  });
  test('sortByName orders families by name and leaves the input alone', () => {
    const families = [gauge('b'), gauge('a')];
    expect(serializeText(families, { sortByName: true })).toBe('# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n');
    expect(families.map((f) => f.name)).toEqual(['b', 'a']);
  });
  test('the error names the family', () => {
    try {
      serializeText([gauge('ok'), { name: 'bad', type: 'counter', metrics: [{ labels: [] }] }]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SerializeError);
      expect((e as SerializeError).family).toBe('bad');
      expect((e as SerializeError).message).toMatch(/^expected counter in metric bad /);
    }
  });
});

describe('label-name checks stay linear (100,000 labels on one series)', () => {
  const many = Array.from({ length: 100_000 }, (_, i): [string, string] => [`l${i}`, 'v']);
  test('distinct names are written, every one', () => {
    const out = serializeText([gauge('big', many)]);
    expect(out.startsWith('# TYPE big gauge\nbig{l0="v",l1="v",')).toBe(true);
    expect(out.match(/="v"/g)).toHaveLength(100_000);
  });
  test('the first name that occurs again is the one refused, as in a small set', () => {
    const small: [string, string][] = [
      ['a', '1'],
      ['b', '1'],
      ['b', '2'],
      ['a', '2'],
    ];
    expect(() => serializeText([gauge('x', small)])).toThrow('duplicate label name "a" in metric "x"');
    const large = [...many, ['l99999', 'w'] as [string, string], ['l5', 'w'] as [string, string]];
    expect(() => serializeText([gauge('big', large)])).toThrow('duplicate label name "l5" in metric "big"');
    expect(() => serializeOpenMetrics([gauge('big', large)])).toThrow('duplicate label name "l5" in metric "big"');
  });
});

describe('a huge label set is checked name by name, not through the cache of known names', () => {
  const many = (n: number, at: number, name: string): [string, string][] =>
    Array.from({ length: n }, (_, i): [string, string] => [i === at ? name : `l${i}`, 'v']);

  test.each([
    ['an invalid name', 'bad-name', /invalid label name "bad-name"/],
    ['the reserved __name__', '__name__', /label name "__name__" is reserved/],
    ['a repeated name', 'l7', /duplicate label name "l7"/],
  ])('%s among 5,000 labels is refused', (_, name, message) => {
    const f = gauge('x', many(5000, 4321, name));
    expect(() => serializeText([f])).toThrow(message);
    // Refused again: nothing about the set was remembered as legal.
    expect(() => serializeText([f])).toThrow(message);
  });

  test('a legal huge set is written, twice the same', () => {
    const f = gauge('x', many(5000, -1, ''));
    const out = serializeText([f]);
    expect(out.startsWith('# TYPE x gauge\nx{l0="v",l1="v",')).toBe(true);
    expect(serializeText([f])).toBe(out);
  });
});

describe('family names met in earlier outputs', () => {
  test('collisions are found whatever the names were written as before, and a refused output leaves nothing behind', () => {
    // Names met alone first, so that what is kept of them is reused below.
    expect(serializeText([gauge('again_sum')])).toBe('# TYPE again_sum gauge\nagain_sum 1\n');
    expect(serializeText([gauge('again')])).toBe('# TYPE again gauge\nagain 1\n');
    expect(() => serializeText([summary('again'), gauge('again_sum')])).toThrow(
      'metric family "again_sum" collides with the samples of summary "again"',
    );
    expect(() => serializeText([gauge('again_sum'), summary('again')])).toThrow(
      'metric family "again_sum" collides with the samples of summary "again"',
    );
    expect(() => serializeText([gauge('again_bucket'), summary('again'), histogram('again')])).toThrow(
      'second metric family named "again"',
    );
    expect(() => serializeText([gauge('again_bucket'), histogram('again')])).toThrow(
      'metric family "again_bucket" collides with the samples of histogram "again"',
    );
    // A summary `again` with `again_bucket` is legal; so are the names alone again.
    expect(serializeText([gauge('again_bucket'), summary('again')])).toContain('again_count 0\n');
    expect(serializeText([gauge('again_sum')])).toBe('# TYPE again_sum gauge\nagain_sum 1\n');
    expect(() => serializeText([gauge('bad-name_sum')])).toThrow('invalid metric name "bad-name_sum"');
    expect(() => serializeText([gauge('bad-name_sum')])).toThrow('invalid metric name "bad-name_sum"');
  });
});
