import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { gatherFamilies, metricProblem } from '../../../src/merge/index.js';
import type { MetricFamily, MetricType } from '../../../src/model/types.js';
import { parseGoFloat } from '../../../src/model/values.js';
import { readCanonicalJson } from '../../helpers/canonical-json.js';

// gather.json is written by fixtures/gen-gather.mjs: hand-written inputs with
// the oracle's (client_golang 1.14 Gatherers) verdict stored verbatim.
interface GatherCase {
  name: string;
  input: { families: Array<{ type: string; metrics: Array<Record<string, unknown>> }> };
  exit: number;
  result: { families: unknown[]; gather_errors: string[] };
}

const HERE = dirname(fileURLToPath(import.meta.url));
const CASES = JSON.parse(readFileSync(join(HERE, 'fixtures', 'gather.json'), 'utf8')) as GatherCase[];

const KIND_KEYS = ['counter', 'gauge', 'untyped'] as const;

/** The type of the family each metric's value field belongs to (a `counter`/`gauge`/`untyped` key, or the summary/histogram it carries). */
function kindsOf(c: GatherCase): MetricType[][] {
  return c.input.families.map((f) =>
    f.metrics.map((m) => {
      for (const k of KIND_KEYS) if (m[k] !== undefined) return k;
      if (m.summary && f.type !== 'summary') return 'summary';
      if (m.histogram && f.type !== 'histogram' && f.type !== 'gauge_histogram') return 'histogram';
      return f.type as MetricType;
    }),
  );
}

/** The input as model families; a `counter`/`gauge`/`untyped` key becomes the metric's value. */
function familiesOf(c: GatherCase): MetricFamily[] {
  const families = readCanonicalJson(c.input as unknown as { families: unknown[] });
  c.input.families.forEach((f, i) =>
    f.metrics.forEach((m, j) => {
      for (const k of KIND_KEYS)
        if (typeof m[k] === 'string') families[i].metrics[j].value = parseGoFloat(m[k] as string);
    }),
  );
  return families;
}

const consistent = CASES.filter((c) => kindsOf(c).every((ks, i) => ks.every((k) => k === c.input.families[i].type)));
const mismatched = CASES.filter((c) => !consistent.includes(c));

describe('gatherFamilies equals client_golang Gatherers (oracle fixtures)', () => {
  test('the fixture file has both kinds of cases', () => {
    expect(consistent.length).toBeGreaterThan(20);
    expect(mismatched.length).toBeGreaterThan(4);
  });

  test.each(consistent)('$name', (c) => {
    const ours = gatherFamilies(familiesOf(c));
    expect(ours.errors).toEqual(c.result.gather_errors);
    expect(ours.families).toEqual(readCanonicalJson(c.result as { families: unknown[] }));
  });
});

describe('metricProblem equals checkMetricConsistency for value fields of another type (oracle fixtures)', () => {
  test.each(mismatched)('$name', (c) => {
    const kinds = kindsOf(c);
    const families = familiesOf(c);
    const errors: string[] = [];
    families.forEach((f, i) =>
      f.metrics.forEach((m, j) => {
        const p = metricProblem(f.name, f.type, m, kinds[i][j]);
        if (p !== undefined) errors.push(p);
      }),
    );
    expect(errors).toEqual(c.result.gather_errors);
  });
});

describe('metricProblem: the strict le rule', () => {
  test.each([
    {
      name: 'le on a histogram is refused when strict',
      strict: true,
      expected:
        'collected metric "h" { label:<name:"le" value:"7" > histogram:<> } must not have an explicit "le" label',
    },
    { name: 'le on a histogram passes otherwise (as in Go)', strict: false, expected: undefined },
  ])('$name', ({ strict, expected }) => {
    const m = { labels: [{ name: 'le', value: '7' }], histogram: { buckets: [] } };
    expect(metricProblem('h', 'histogram', m, 'histogram', strict)).toBe(expected);
  });
});
