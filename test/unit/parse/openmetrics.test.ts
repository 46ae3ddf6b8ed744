import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { createParser, parse, parseStream } from '../../../src/parse/index.js';
import { runCli } from '../../helpers/cli.js';

/**
 * How OpenMetrics families map to the model (promkit's own mapping; the
 * fixture tests compare it with the Python peer and the Go reference), the
 * streaming API with `format: 'openmetrics'`, and the CLI switch.
 */

const EOF = '# EOF\n';

interface ModelCase {
  name: string;
  input: string;
  expected: MetricFamily[];
}

const modelCases: ModelCase[] = [
  {
    name: 'a counter family x is the series x_total; _created is the created timestamp in seconds',
    input:
      '# TYPE x counter\n# HELP x Requests.\n# UNIT x \nx_total{a="1"} 5 # {trace="t1"} 1 1700000000.5\nx_created{a="1"} 1699999999.25\n' +
      EOF,
    expected: [
      {
        name: 'x_total',
        help: 'Requests.',
        type: 'counter',
        metrics: [
          {
            labels: [{ name: 'a', value: '1' }],
            value: 5,
            exemplar: { labels: [{ name: 'trace', value: 't1' }], value: 1, timestamp: 1700000000.5 },
            createdTimestamp: 1699999999.25,
          },
        ],
      },
    ],
  },
  {
    name: 'a unit is kept; timestamps become whole milliseconds',
    input:
      '# TYPE t_seconds gauge\n# UNIT t_seconds seconds\nt_seconds 1.5 1700000000.001\nt_seconds 2 1700000000.0025\n' +
      EOF,
    expected: [
      {
        name: 't_seconds',
        type: 'gauge',
        unit: 'seconds',
        metrics: [
          { labels: [], value: 1.5, timestampMs: 1700000000001 },
          { labels: [], value: 2, timestampMs: 1700000000002 },
        ],
      },
    ],
  },
  {
    name: 'an info family x is the series x_info',
    input: '# TYPE build info\nbuild_info{version="1.0"} 1\n' + EOF,
    expected: [
      { name: 'build_info', type: 'info', metrics: [{ labels: [{ name: 'version', value: '1.0' }], value: 1 }] },
    ],
  },
  {
    name: 'a stateset sample is one metric, its state label kept',
    input: '# TYPE s stateset\ns{s="a",x="1"} 1\ns{s="b",x="1"} 0\n' + EOF,
    expected: [
      {
        name: 's',
        type: 'stateset',
        metrics: [
          {
            labels: [
              { name: 's', value: 'a' },
              { name: 'x', value: '1' },
            ],
            value: 1,
          },
          {
            labels: [
              { name: 's', value: 'b' },
              { name: 'x', value: '1' },
            ],
            value: 0,
          },
        ],
      },
    ],
  },
  {
    name: 'a gauge histogram keeps _gcount and _gsum as count and sum; bucket exemplars stay on their bucket',
    input:
      '# TYPE g gaugehistogram\ng_bucket{le="-1"} 1\ng_bucket{le="+Inf"} 3 # {id="z"} 9\ng_gcount 3\ng_gsum -2\n' + EOF,
    expected: [
      {
        name: 'g',
        type: 'gaugehistogram',
        metrics: [
          {
            labels: [],
            histogram: {
              buckets: [
                { upperBound: -1, cumulativeCount: 1 },
                {
                  upperBound: Infinity,
                  cumulativeCount: 3,
                  exemplar: { labels: [{ name: 'id', value: 'z' }], value: 9 },
                },
              ],
              count: 3,
              sum: -2,
            },
          },
        ],
      },
    ],
  },
  {
    name: 'a summary point gathers quantiles, sum, count and created; labels without quantile, in input order',
    input:
      '# TYPE s summary\ns{b="2",quantile="0.5",a="1"} 7\ns_sum{b="2",a="1"} 9\ns_count{b="2",a="1"} 3\ns_created{b="2",a="1"} 10\n' +
      EOF,
    expected: [
      {
        name: 's',
        type: 'summary',
        metrics: [
          {
            labels: [
              { name: 'b', value: '2' },
              { name: 'a', value: '1' },
            ],
            summary: { quantiles: [{ quantile: 0.5, value: 7 }], sum: 9, count: 3 },
            createdTimestamp: 10,
          },
        ],
      },
    ],
  },
  {
    name: 'histogram points of one metric split by timestamp',
    input:
      '# TYPE h histogram\nh_bucket{le="+Inf"} 1 10\nh_count 1 10\nh_sum 2 10\nh_bucket{le="+Inf"} 4 20\nh_count 4 20\nh_sum 5 20\n' +
      EOF,
    expected: [
      {
        name: 'h',
        type: 'histogram',
        metrics: [
          {
            labels: [],
            timestampMs: 10000,
            histogram: { buckets: [{ upperBound: Infinity, cumulativeCount: 1 }], count: 1, sum: 2 },
          },
          {
            labels: [],
            timestampMs: 20000,
            histogram: { buckets: [{ upperBound: Infinity, cumulativeCount: 4 }], count: 4, sum: 5 },
          },
        ],
      },
    ],
  },
  {
    name: 'no TYPE is unknown; empty HELP and UNIT are absent; metadata-only families are left out',
    input: '# HELP m \n# TYPE m gauge\n# HELP u \n# UNIT u \nu 1\n' + EOF,
    expected: [{ name: 'u', type: 'unknown', metrics: [{ labels: [], value: 1 }] }],
  },
  {
    name: 'escapes: \\\\, \\" and \\n decoded, other backslashes kept',
    input: '# HELP e a\\\\b \\"c\\" d\\ne \\t\ne{v="x\\\\y\\"z\\n\\q"} 1\n' + EOF,
    expected: [
      {
        name: 'e',
        help: 'a\\b "c" d\ne \\t',
        type: 'unknown',
        metrics: [{ labels: [{ name: 'v', value: 'x\\y"z\n\\q' }], value: 1 }],
      },
    ],
  },
  {
    name: 'special values and -0 are kept',
    input: 'v{k="a"} NaN\nv{k="b"} -Inf\nv{k="c"} -0\nv{k="d"} 1e400\n' + EOF,
    expected: [
      {
        name: 'v',
        type: 'unknown',
        metrics: [
          { labels: [{ name: 'k', value: 'a' }], value: NaN },
          { labels: [{ name: 'k', value: 'b' }], value: -Infinity },
          { labels: [{ name: 'k', value: 'c' }], value: -0 },
          { labels: [{ name: 'k', value: 'd' }], value: Infinity },
        ],
      },
    ],
  },
];

describe('OpenMetrics to the model', () => {
  test.each(modelCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    for (const engine of ['auto', 'grammar'] as const) {
      expect(parse(c.input, { format: 'openmetrics', engine })).toEqual(c.expected);
      expect(parse(Buffer.from(c.input), { format: 'openmetrics', engine })).toEqual(c.expected);
    }
  });

  test('-0 is kept as -0', () => {
    const [f] = parse('v -0\n' + EOF, { format: 'openmetrics' });
    expect(Object.is(f.metrics[0].value, -0)).toBe(true);
  });

  test('positions point at the first line of each metric', () => {
    const input =
      '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\nh_bucket{a="x",le="+Inf"} 1\ng 1\n' + EOF;
    for (const engine of ['auto', 'grammar'] as const) {
      const fams = parse(input, { format: 'openmetrics', positions: true, engine });
      expect(fams.flatMap((f) => f.metrics.map((m) => m.pos))).toEqual([
        { line: 2, column: 1, offset: 19 },
        { line: 5, column: 1, offset: 59 },
        { line: 6, column: 1, offset: 87 },
      ]);
    }
  });

  test('the 0.0.4 default is unchanged: OpenMetrics-only lines are plain comments or untyped series there', () => {
    const input = '# TYPE x counter\n# UNIT x \nx_total 1\n' + EOF;
    expect(parse(input)).toEqual([{ name: 'x_total', type: 'untyped', metrics: [{ labels: [], value: 1 }] }]);
  });
});

describe('streaming OpenMetrics', () => {
  const doc =
    '# TYPE h histogram\n# HELP h Latency.\nh_bucket{le="0.5"} 1 # {id="a"} 0.25\nh_bucket{le="+Inf"} 2\nh_count 2\nh_sum 0.75\n# TYPE c counter\nc_total{x="é"} 3\n# EOF';

  test('any split into chunks and any piece size give the whole-input result', () => {
    const whole = parse(doc, { format: 'openmetrics' });
    const bytes = Buffer.from(doc);
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      for (const chunkSize of [1, 16, 65536]) {
        const parser = createParser({ format: 'openmetrics', chunkSize });
        parser.feed(bytes.subarray(0, cut));
        parser.feed(bytes.subarray(cut));
        expect(parser.end().families).toEqual(whole);
      }
    }
  });

  test('parseStream reads a Node stream', async () => {
    const result = await parseStream(Readable.from([Buffer.from(doc.slice(0, 50)), Buffer.from(doc.slice(50))]), {
      format: 'openmetrics',
    });
    expect(result.families.map((f) => f.name)).toEqual(['h', 'c_total']);
  });

  test('a missing # EOF is found only at the end', () => {
    const parser = createParser({ format: 'openmetrics' });
    parser.feed('a 1\n');
    expect(() => parser.end()).toThrow(/expected "# EOF"/);
  });
});

describe('promkit parse --input-format', () => {
  const om = '# TYPE x counter\nx_total 1\n# EOF\n';

  test.each([
    [['--input-format', 'openmetrics'], 0, 'x_total  counter  1 series\n1 families, 1 series\n'],
    [['--input-format=auto'], 0, 'x_total  counter  1 series\n1 families, 1 series\n'],
    [[], 0, 'x_total  counter  1 series\n1 families, 1 series\n'],
    [['--input-format', 'text'], 0, 'x_total  untyped  1 series\n1 families, 1 series\n'],
  ])('%j', async (flags, code, stdout) => {
    const run = await runCli(['parse', ...flags, '-'], om);
    expect(run).toEqual({ code, stdout, stderr: '' });
  });

  test('auto reads a body without # EOF as text', async () => {
    const run = await runCli(['parse', '--input-format', 'auto', '-'], 'x_total 1\n');
    expect(run.stdout).toBe('x_total  untyped  1 series\n1 families, 1 series\n');
  });

  test('an OpenMetrics error is reported with its code and position', async () => {
    const run = await runCli(['parse', '--input-format', 'openmetrics', '-'], 'a 1\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      '<stdin>:2:1: OM_MISSING_EOF expected "# EOF" at the end of the input, found end of input\n',
    );
  });

  test('--json error object', async () => {
    const run = await runCli(['parse', '--json', '--input-format', 'openmetrics', '-'], 'a  1\n# EOF\n');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      error: 'openmetrics parsing error in line 1: expected a number after " ", found " "',
      stage: 'parse',
      line: 1,
      msg: 'expected a number after " ", found " "',
      column: 3,
      code: 'OM_INVALID_VALUE',
    });
  });

  test('an unknown format is a usage error', async () => {
    expect((await runCli(['parse', '--input-format', 'proto', '-'], om)).code).toBe(2);
  });
});

describe('OpenMetrics metric objects', () => {
  test('have their properties in the order of the samples that set them, with positions and timestamps or not', () => {
    const doc =
      '# TYPE c counter\nc_total 1 5\nc_created 2 5\n# TYPE d counter\nd_created 2\nd_total 1\n' +
      'g 1\n# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 2\ns_count 3\n# EOF\n';
    const keys = (positions: boolean): string[][] =>
      parse(doc, { format: 'openmetrics', positions }).flatMap((f) => f.metrics.map((m) => Object.keys(m)));
    expect(keys(false)).toEqual([
      ['labels', 'timestampMs', 'value', 'createdTimestamp'],
      ['labels', 'createdTimestamp', 'value'],
      ['labels', 'value'],
      ['labels', 'summary'],
    ]);
    expect(keys(true)).toEqual([
      ['labels', 'timestampMs', 'pos', 'value', 'createdTimestamp'],
      ['labels', 'pos', 'createdTimestamp', 'value'],
      ['labels', 'pos', 'value'],
      ['labels', 'summary', 'pos'],
    ]);
  });
});
