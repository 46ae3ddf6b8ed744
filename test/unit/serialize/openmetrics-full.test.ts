// The OpenMetrics writer with OPENMETRICS_FULL writes back everything the OpenMetrics parser
// reads: every accepted OpenMetrics input (our peer-judged fixtures and the official suite)
// parsed, written and parsed again gives the same model; and each option only adds what it
// names to the reference output (which fixtures.test.ts compares with the oracle byte for byte).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Exemplar, Metric, MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import {
  OPENMETRICS_FULL,
  serializeOpenMetrics,
  SerializeError,
  type OpenMetricsOptions,
} from '../../../src/serialize/index.js';
import { ROOT, VENDOR } from '../../helpers/fixtures.js';

const OWN = join(ROOT, 'fixtures', 'openmetrics', 'valid');
const SUITE = join(VENDOR, 'conformance', 'openmetrics', 'tests', 'testdata', 'parsers');

function accepted(input: Buffer): MetricFamily[] | undefined {
  try {
    return parse(input, { format: 'openmetrics' });
  } catch {
    return undefined;
  }
}

const inputs: { name: string; input: Buffer }[] = [
  ...readdirSync(OWN)
    .filter((f) => f.endsWith('.om'))
    .sort()
    .map((f) => ({ name: `own/${f}`, input: readFileSync(join(OWN, f)) })),
  ...readdirSync(SUITE)
    .sort()
    .map((name) => {
      const spec = JSON.parse(readFileSync(join(SUITE, name, 'test.json'), 'utf8')) as {
        file: string;
        shouldParse: boolean;
      };
      return { name: `suite/${name}`, input: readFileSync(join(SUITE, name, spec.file)), ok: spec.shouldParse };
    })
    .filter((c) => c.ok),
];
const rows = inputs
  .map((c) => ({ ...c, families: accepted(c.input) }))
  .filter((c): c is typeof c & { families: MetricFamily[] } => c.families !== undefined);

/**
 * Models the parser accepts and the writer refuses, with why. Each entry is checked to still be refused.
 */
const REFUSED: Record<string, RegExp> = {
  // The text formats cannot carry a `__name__` label; OpenMetrics 1.0 does not reserve it.
  'own/b3_reserved_label_name_accepted.om': /label name "__name__" is reserved/,
  // Timestamps beyond int64 milliseconds: the model holds them, client_model and the writer do not.
  'suite/timestamps': /is not an int64 number of milliseconds/,
};

/** The writer spells -0 as 0.0 (as the reference does). */
function normalized(families: MetricFamily[]): MetricFamily[] {
  const z = (v: number) => (v === 0 ? 0 : v);
  const ex = (e: Exemplar): Exemplar => ({ ...e, value: z(e.value) });
  return families.map((f) => ({
    ...f,
    metrics: f.metrics.map((m): Metric => {
      const out: Metric = { ...m };
      if (m.value !== undefined) out.value = z(m.value);
      if (m.createdTimestamp !== undefined) out.createdTimestamp = z(m.createdTimestamp);
      if (m.exemplar) out.exemplar = ex(m.exemplar);
      if (m.summary)
        out.summary = {
          ...m.summary,
          quantiles: m.summary.quantiles.map((q) => ({ quantile: z(q.quantile), value: z(q.value) })),
        };
      if (m.summary?.sum !== undefined) out.summary!.sum = z(m.summary.sum);
      if (m.histogram) {
        out.histogram = {
          ...m.histogram,
          buckets: m.histogram.buckets.map((b) =>
            b.exemplar
              ? { ...b, upperBound: z(b.upperBound), exemplar: ex(b.exemplar) }
              : { ...b, upperBound: z(b.upperBound) },
          ),
        };
        if (m.histogram.sum !== undefined) out.histogram.sum = z(m.histogram.sum);
      }
      return out;
    }),
  }));
}

describe('OpenMetrics written with OPENMETRICS_FULL parses back to the same model', () => {
  test('there are inputs of every OpenMetrics type, with units, created timestamps and exemplars', () => {
    expect(rows.length).toBeGreaterThan(100);
    const all = rows.flatMap((r) => r.families);
    for (const t of ['counter', 'gauge', 'summary', 'histogram', 'gaugehistogram', 'info', 'stateset', 'unknown'])
      expect(all.some((f) => f.type === t)).toBe(true);
    expect(all.some((f) => f.unit !== undefined)).toBe(true);
    expect(all.some((f) => f.metrics.some((m) => m.createdTimestamp !== undefined))).toBe(true);
    expect(all.some((f) => f.metrics.some((m) => m.exemplar?.timestamp !== undefined))).toBe(true);
    expect(all.some((f) => f.metrics.some((m) => m.histogram?.buckets.some((b) => b.exemplar !== undefined)))).toBe(
      true,
    );
  });

  test.each(rows)('$name', ({ name, families }) => {
    if (REFUSED[name]) {
      expect(() => serializeOpenMetrics(families, OPENMETRICS_FULL)).toThrow(REFUSED[name]);
      return;
    }
    const text = serializeOpenMetrics(families, OPENMETRICS_FULL);
    const again = parse(text, { format: 'openmetrics' });
    expect(normalized(again)).toEqual(normalized(families));
    // Writing is stable: the second trip gives the same bytes.
    expect(serializeOpenMetrics(again, OPENMETRICS_FULL)).toBe(text);
  });
});

/** Families that carry what expfmt 0.39 does not write. */
const rich: MetricFamily[] = [
  {
    name: 'req_seconds_total',
    help: 'Requests.',
    type: 'counter',
    unit: 'seconds',
    metrics: [
      {
        labels: [{ name: 'a', value: '1' }],
        value: 2,
        createdTimestamp: 1700000000.5,
        exemplar: { labels: [{ name: 'trace_id', value: 'x' }], value: 1, timestamp: 1700000001.25 },
      },
    ],
  },
  {
    name: 'lat_seconds',
    type: 'histogram',
    unit: 'seconds',
    metrics: [
      {
        labels: [],
        createdTimestamp: 3,
        timestampMs: 5000,
        histogram: {
          count: 1,
          sum: 0.5,
          buckets: [
            { upperBound: 1, cumulativeCount: 1 },
            { upperBound: Infinity, cumulativeCount: 1 },
          ],
        },
      },
    ],
  },
  {
    name: 'sz_bytes',
    type: 'summary',
    unit: 'bytes',
    metrics: [
      { labels: [], createdTimestamp: 4, summary: { count: 2, sum: 3, quantiles: [{ quantile: 0.5, value: 1 }] } },
    ],
  },
];

const optionRows: { name: string; options: OpenMetricsOptions; adds: RegExp[] }[] = [
  {
    name: 'unit',
    options: { unit: true },
    adds: [/^# UNIT req_seconds seconds$/m, /^# UNIT lat_seconds seconds$/m, /^# UNIT sz_bytes bytes$/m],
  },
  {
    name: 'created',
    options: { created: true },
    adds: [
      /^req_seconds_created\{a="1"\} 1\.7000000005e\+09$/m,
      /^lat_seconds_created 3\.0 5\.0$/m,
      /^sz_bytes_created 4\.0$/m,
    ],
  },
];

describe('each option adds its lines to the reference output and changes nothing else', () => {
  const reference = serializeOpenMetrics(rich);
  test('the reference output has an exemplar with its timestamp, and no UNIT or _created', () => {
    // expfmt writes float64(UnixNano)/1e9.
    expect(reference).toMatch(/ # \{trace_id="x"\} 1\.0 1\.7000000012499998e\+09$/m);
    expect(reference).not.toMatch(/# UNIT|_created/);
  });
  test.each(optionRows)('$name', ({ options, adds }) => {
    const out = serializeOpenMetrics(rich, options);
    for (const re of adds) expect(out).toMatch(re);
    const removed = out
      .split('\n')
      .filter((l) => !adds.some((re) => re.test(l)))
      .join('\n');
    expect(removed).toBe(reference);
  });
});

describe('exactTimestamps', () => {
  const ts: MetricFamily[] = [
    {
      name: 'c_total',
      type: 'counter',
      metrics: [
        {
          labels: [],
          value: 1,
          timestampMs: 9007199254740991,
          exemplar: { labels: [], value: 1, timestamp: 1700000001.25 },
        },
        { labels: [{ name: 'a', value: 'b' }], value: 2, timestampMs: -1 },
      ],
    },
  ];
  test('sample and exemplar timestamps read back exactly; the reference spelling does not', () => {
    const back = (o: OpenMetricsOptions) => parse(serializeOpenMetrics(ts, o), { format: 'openmetrics' });
    expect(back({ exactTimestamps: true })).toEqual(ts);
    expect(back({})).not.toEqual(ts);
  });
});

describe('OpenMetrics-only types', () => {
  const types: { name: string; family: MetricFamily }[] = [
    {
      name: 'gauge histogram',
      family: {
        name: 'gh',
        type: 'gaugehistogram',
        metrics: [
          {
            labels: [],
            histogram: {
              count: 1,
              sum: 2,
              buckets: [
                { upperBound: 1, cumulativeCount: 1, exemplar: { labels: [], value: 0.5 } },
                { upperBound: Infinity, cumulativeCount: 1 },
              ],
            },
          },
        ],
      },
    },
    {
      name: 'gauge_histogram spelling',
      family: {
        name: 'gh',
        type: 'gauge_histogram',
        metrics: [
          { labels: [], histogram: { count: 0, sum: 0, buckets: [{ upperBound: Infinity, cumulativeCount: 0 }] } },
        ],
      },
    },
    {
      name: 'info',
      family: {
        name: 'build_info',
        type: 'info',
        metrics: [{ labels: [{ name: 'version', value: '1.2' }], value: 1 }],
      },
    },
    {
      name: 'stateset',
      family: {
        name: 'mode',
        type: 'stateset',
        metrics: [
          { labels: [{ name: 'mode', value: 'a' }], value: 1 },
          { labels: [{ name: 'mode', value: 'b' }], value: 0 },
        ],
      },
    },
  ];
  test.each(types)('$name is refused by default, as the reference does', ({ family }) => {
    expect(() => serializeOpenMetrics([family])).toThrow(SerializeError);
  });
  test.each(types)('$name is written with openMetricsTypes and parses back', ({ family }) => {
    const text = serializeOpenMetrics([family], { openMetricsTypes: true });
    const back = parse(text, { format: 'openmetrics' });
    expect(back).toEqual([{ ...family, type: family.type === 'gauge_histogram' ? 'gaugehistogram' : family.type }]);
  });
  test('an info family whose name does not end with _info is refused', () => {
    expect(() =>
      serializeOpenMetrics([{ name: 'build', type: 'info', metrics: [{ labels: [], value: 1 }] }], {
        openMetricsTypes: true,
      }),
    ).toThrow(/does not end with "_info"/);
  });
});

describe('omitUnset', () => {
  const unset: MetricFamily[] = [
    {
      name: 'h',
      type: 'histogram',
      metrics: [
        {
          labels: [],
          histogram: {
            buckets: [
              { upperBound: -1, cumulativeCount: 1 },
              { upperBound: Infinity, cumulativeCount: 1 },
            ],
          },
        },
      ],
    },
    { name: 's', type: 'summary', metrics: [{ labels: [], summary: { quantiles: [{ quantile: 0.5, value: 1 }] } }] },
  ];
  test('writes 0 by default (the reference), leaves unset _count/_sum out with the option', () => {
    expect(serializeOpenMetrics(unset)).toMatch(/^h_sum 0\.0$/m);
    const out = serializeOpenMetrics(unset, { omitUnset: true });
    expect(out).not.toMatch(/_sum|_count/);
    expect(parse(out, { format: 'openmetrics' })).toEqual(unset);
  });
});
