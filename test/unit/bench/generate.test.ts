import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  checkGenerateOptions,
  DEFAULT_GENERATE,
  generatedName,
  generatePayload,
  type GenerateOptions,
} from '../../../src/bench/generate.js';
import { countSeries } from '../../../src/bench/payload.js';
import { parse } from '../../../src/parse/index.js';

const shape = (o: Partial<GenerateOptions>): GenerateOptions => ({ ...DEFAULT_GENERATE, ...o });

function lineShare(text: string, test: (line: string) => boolean): number {
  const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  return samples.filter(test).length / samples.length;
}

describe('generatePayload', () => {
  test.each([
    { name: 'default shape', o: shape({}) },
    { name: 'counters and gauges only', o: shape({ series: 1234, histograms: 0, summaries: 0 }) },
    { name: 'histograms only', o: shape({ series: 1500, histograms: 1, summaries: 0, buckets: 12 }) },
    { name: 'summaries only', o: shape({ series: 999, histograms: 0, summaries: 1, quantiles: 5 }) },
    { name: 'no labels (one metric per family)', o: shape({ series: 300, labels: 0, families: 3 }) },
    {
      name: 'many labels, escapes everywhere, timestamps',
      o: shape({ series: 700, labels: 30, escapes: 1, timestamps: 1 }),
    },
    { name: 'one series', o: shape({ series: 1, families: 1 }) },
    { name: 'one family asked for many series', o: shape({ series: 5000, families: 1, histograms: 0.5 }) },
  ])('$name: exactly the asked sample lines, and promkit parses every one', ({ o }) => {
    const text = generatePayload(o);
    expect(countSeries(Buffer.from(text))).toBe(o.series);
    const families = parse(Buffer.from(text));
    let lines = 0;
    for (const f of families) {
      for (const m of f.metrics) {
        if (m.histogram) lines += m.histogram.buckets.length + 2;
        else if (m.summary) lines += m.summary.quantiles.length + 2;
        else lines += 1;
      }
    }
    expect(lines).toBe(o.series);
  });

  test.each([
    {
      name: 'histogram share',
      o: shape({ series: 20_000, histograms: 0.6, summaries: 0 }),
      match: (l: string) => /_bucket\{|^\w+_(sum|count)\{.*\} /.test(l),
      share: 0.6,
    },
    {
      name: 'summary share',
      o: shape({ series: 20_000, histograms: 0, summaries: 0.4 }),
      match: (l: string) => /quantile="|^\w+_(sum|count)\{/.test(l),
      share: 0.4,
    },
    {
      name: 'timestamp share',
      o: shape({ series: 20_000, histograms: 0, summaries: 0, timestamps: 0.5 }),
      match: (l: string) => /\} \S+ \d{13}$/.test(l),
      share: 0.5,
    },
  ])('$name follows the option', ({ o, match, share }) => {
    expect(lineShare(generatePayload(o), match)).toBeCloseTo(share, 1);
  });

  test('the same options give the same bytes; another seed gives others', () => {
    const hash = (o: GenerateOptions): string => createHash('sha256').update(generatePayload(o)).digest('hex');
    expect(hash(shape({ series: 3000 }))).toBe(hash(shape({ series: 3000 })));
    expect(hash(shape({ series: 3000, seed: 2 }))).not.toBe(hash(shape({ series: 3000 })));
  });

  test('every family has HELP and TYPE, and names are unique', () => {
    const text = generatePayload(shape({ series: 5000 }));
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    const helps = text.split('\n').filter((l) => l.startsWith('# HELP '));
    expect(types.length).toBe(helps.length);
    expect(new Set(types).size).toBe(types.length);
    expect(parse(text).length).toBe(types.length);
  });

  test('an impossible shape throws a RangeError naming the option', () => {
    expect(() => generatePayload(shape({ histograms: 0.7, summaries: 0.7 }))).toThrow(/histograms \+ summaries/);
  });
});

describe('checkGenerateOptions', () => {
  test.each([
    { name: 'default', o: {}, problems: [] },
    { name: 'zero series', o: { series: 0 }, problems: ['series must be an integer from 1 to 100000000, got 0'] },
    {
      name: 'fractional buckets',
      o: { buckets: 2.5 },
      problems: ['buckets must be an integer from 1 to 1000, got 2.5'],
    },
    { name: 'fraction above 1', o: { escapes: 1.5 }, problems: ['escapes must be a fraction from 0 to 1, got 1.5'] },
    {
      name: 'too many quantiles',
      o: { quantiles: 10 },
      problems: ['quantiles must be an integer from 1 to 9, got 10'],
    },
    {
      name: 'histograms and summaries above 1',
      o: { histograms: 0.6, summaries: 0.5 },
      problems: ['histograms + summaries must be at most 1, got 1.1'],
    },
  ])('$name', ({ o, problems }) => {
    expect(checkGenerateOptions(shape(o))).toEqual(problems);
  });
});

describe('generatedName', () => {
  test.each([
    { o: {}, name: 'gen-10000' },
    { o: { series: 500 }, name: 'gen-500' },
    { o: { histograms: 0.5, seed: 7 }, name: 'gen-10000-h0.5-seed7' },
    { o: { labels: 0, timestamps: 0.1 }, name: 'gen-10000-l0-t0.1' },
  ])('$name', ({ o, name }) => {
    expect(generatedName(shape(o))).toBe(name);
  });
});
