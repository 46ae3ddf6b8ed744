/**
 * The merge stage and the store's exposition against the reference
 * (expfmt-oracle: client_golang 1.14 Gatherers, expfmt 0.39):
 *
 * - gatherFamilies equals `-in json -out gather` (errors and merged, sorted
 *   families) on generated family lists full of clashes;
 * - every exposition of generated stores, checked or not, is accepted by
 *   `-out gather` without errors and re-serialized by `-out text` byte for byte
 *   (so it parses, and its order is the reference's).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gatherFamilies } from '../../src/merge/index.js';
import type { Label, Metric, MetricFamily, MetricType } from '../../src/model/types.js';
import { createStore } from '../../src/store/index.js';
import { readCanonicalJson, toCanonicalJson } from '../helpers/canonical-json.js';
import { OracleBatch, findOracle } from '../helpers/oracle.js';

const SEED = 42;
const oracle = findOracle();

test.runIf(!oracle && process.env.CI)('the oracle is built in CI', () => {
  expect.fail('expfmt-oracle not found: run `bash scripts/build-oracle.sh` first');
});

const TYPES: MetricType[] = ['counter', 'gauge', 'untyped', 'summary', 'histogram'];
/** Label lists; `hostile` makes invalid, reserved and repeated names common. */
function labelsArb(hostile: boolean): fc.Arbitrary<Label[]> {
  const names = hostile
    ? fc.constantFrom('a', 'b', 'job', 'instance', 'quantile', 'le', '__r', 'b-c', '')
    : fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('a', 'b', 'job', 'instance') },
        { weight: 1, arbitrary: fc.constantFrom('quantile', 'le', '__r') },
      );
  return fc
    .array(fc.tuple(names, fc.constantFrom('', '1', '2', 'é', '\n"\\', '😀')), { maxLength: 3 })
    .map((ps) => ps.map(([name, value]) => ({ name, value })));
}
const valueArb = fc.constantFrom(0, -0, 1, 0.5, -2.5, 1e-7, 1e21, 123456789, NaN, Infinity, -Infinity);

function metricArb(type: MetricType, hostile: boolean): fc.Arbitrary<Metric> {
  return fc.tuple(labelsArb(hostile), valueArb).map(([labels, v]) => {
    if (type === 'summary') return { labels, summary: { count: 2, sum: v, quantiles: [{ quantile: 0.5, value: v }] } };
    if (type === 'histogram')
      return { labels, histogram: { count: 2, sum: v, buckets: [{ upperBound: 1, cumulativeCount: 1 }] } };
    return { labels, value: v };
  });
}

function familiesArb(hostile: boolean): fc.Arbitrary<MetricFamily[]> {
  return fc.array(
    fc
      .tuple(
        fc.constantFrom('x', 'x_count', 'x_sum', 'x_bucket', 'y', 'y_bucket'),
        fc.constantFrom(...TYPES),
        fc.constantFrom(undefined, 'one', 'two'),
      )
      .chain(([name, type, help]) =>
        fc.array(metricArb(type, hostile), { maxLength: 3 }).map((metrics) => {
          const f: MetricFamily = { name, type, metrics };
          if (help !== undefined) f.help = help;
          return f;
        }),
      ),
    { maxLength: 4 },
  );
}

function canonicalLabels(f: MetricFamily): MetricFamily {
  const byNameValue = (a: Label, b: Label) =>
    a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return { ...f, metrics: f.metrics.map((m) => ({ ...m, labels: m.labels.slice().sort(byNameValue) })) };
}

describe.skipIf(!oracle)(`merge and store against the oracle (seed ${SEED})`, () => {
  let gather: OracleBatch;
  let gatherText: OracleBatch;
  let text: OracleBatch;
  beforeAll(() => {
    gather = new OracleBatch(['-in', 'json', '-out', 'gather']);
    gatherText = new OracleBatch(['-out', 'gather']);
    text = new OracleBatch(['-out', 'text']);
  });
  afterAll(async () => {
    await Promise.all([gather?.close(), gatherText?.close(), text?.close()]);
  });

  test('gatherFamilies equals client_golang Gatherers', async () => {
    console.log(`fast-check seed ${SEED}`);
    let withErrors = 0;
    await fc.assert(
      fc.asyncProperty(familiesArb(true), async (families) => {
        const reply = (await gather.run(toCanonicalJson(families))) as { families: unknown[]; gather_errors: string[] };
        const ours = gatherFamilies(families);
        if (reply.gather_errors.length > 0) withErrors++;
        expect(ours.errors).toEqual(reply.gather_errors);
        // The oracle's canonical JSON lists labels by name, then value.
        expect(ours.families.map(canonicalLabels)).toEqual(readCanonicalJson(reply));
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(withErrors).toBeGreaterThan(300);
  });

  test.each([
    { name: 'checked store', checked: true },
    { name: 'unchecked store', checked: false },
  ])('every exposition of a $name is a clean gather and re-serializes byte for byte', async ({ checked }) => {
    console.log(`fast-check seed ${SEED}`);
    const groupingArb = fc
      .tuple(fc.constantFrom('a', 'b'), fc.constantFrom(undefined, 'i1', ''))
      .map(([job, instance]) => {
        const g: Label[] = [{ name: 'job', value: job }];
        if (instance !== undefined) g.push({ name: 'instance', value: instance });
        return g;
      });
    const reqArb = fc.record({
      grouping: groupingArb,
      mode: fc.constantFrom('replace' as const, 'merge' as const, 'delete' as const),
      families: familiesArb(false),
    });
    let exposed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(reqArb, { minLength: 1, maxLength: 6 }), async (reqs) => {
        const s = createStore({ checked });
        let t = 1000;
        for (const r of reqs) {
          // Each name once per body, as a parser gives it.
          const seen = new Set<string>();
          const families = r.families.filter((f) => !seen.has(f.name) && seen.add(f.name));
          await s.submit({ ...r, families, receivedAt: (t += 1000) });
        }
        const exposition = s.snapshot().text();
        exposed += s
          .snapshot()
          .families()
          .filter((f) => !f.name.startsWith('push_')).length;
        const g = await gatherText.runWithExit(exposition);
        expect(g.exit, JSON.stringify(g.result)).toBe(0);
        expect((g.result as { gather_errors: string[] }).gather_errors).toEqual([]);
        const reserialized = (await text.run(exposition)) as { text: string };
        expect(reserialized.text).toBe(exposition);
      }),
      { seed: SEED, numRuns: 400 },
    );
    console.log(`${exposed} pushed families exposed`);
    expect(exposed).toBeGreaterThan(100);
  });
});
