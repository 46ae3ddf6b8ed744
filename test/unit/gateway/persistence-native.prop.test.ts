// Property: native-histogram fields of a protobuf push (schema, zero bucket, spans, deltas, float
// counts, exemplars) survive the store's state export and import (through JSON), the journal (a
// restart without shutdown) and the snapshot (a restart after persisting).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { HistogramValue, Label, MetricFamily, WriteRequest } from '../../../src/model/types.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import { OWN_FAMILIES } from '../../../src/gateway/telemetry/metrics.js';
import { openPersistence } from '../../../src/gateway/writer.js';
import { createStore, type MetricStore } from '../../../src/store/index.js';

const SEED = 1553;
const int = (min: number, max: number) => fc.integer({ min, max });
const count = fc.oneof(int(0, 1000), fc.constant(2 ** 53 - 1));
const spans = fc.array(
  fc.record({ offset: int(-(2 ** 31), 2 ** 31 - 1), length: fc.oneof(int(0, 100), fc.constant(2 ** 32 - 1)) }),
  {
    maxLength: 3,
  },
);
const deltas = fc.array(fc.oneof(int(-1000, 1000), fc.constantFrom(-(2 ** 53) + 1, 2 ** 53 - 1)), { maxLength: 4 });
const floats = fc.array(fc.double({ noNaN: true }), { maxLength: 4 });

const nativeArb: fc.Arbitrary<NonNullable<HistogramValue['native']>> = fc
  .record(
    {
      schema: int(-4, 8),
      zeroThreshold: fc.double({ min: 0, noNaN: true }),
      zeroCount: count,
      zeroCountFloat: fc.double({ noNaN: true }),
      negativeSpans: spans,
      negativeDeltas: deltas,
      negativeCounts: floats,
      positiveSpans: spans,
      positiveDeltas: deltas,
      positiveCounts: floats,
      exemplars: fc.array(
        fc.record({
          labels: fc.constant([{ name: 'trace_id', value: 'abc' }] as Label[]),
          value: fc.double({ noNaN: true }),
          timestamp: fc.constantFrom(1_700_000_000.5, 1_700_000_001),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    },
    {
      noNullPrototype: true,
      requiredKeys: [
        'negativeSpans',
        'negativeDeltas',
        'negativeCounts',
        'positiveSpans',
        'positiveDeltas',
        'positiveCounts',
      ],
    },
  )
  .filter(
    (n) =>
      Object.keys(n).length > 6 ||
      [n.negativeSpans, n.negativeDeltas, n.negativeCounts, n.positiveSpans, n.positiveDeltas, n.positiveCounts].some(
        (a) => a.length > 0,
      ),
  );

const pushArb: fc.Arbitrary<WriteRequest> = fc
  .record({ job: fc.constantFrom('a', 'b'), native: nativeArb, n: count, sum: fc.double({ noNaN: true }) })
  .map(({ job, native, n, sum }) => {
    const f: MetricFamily = {
      name: 'rpc_seconds',
      type: 'histogram',
      metrics: [{ labels: [], histogram: { count: n, sum, buckets: [{ upperBound: 1, cumulativeCount: n }], native } }],
    };
    return { grouping: [{ name: 'job', value: job }], mode: 'replace', families: [f], receivedAt: 1_700_000_000_000 };
  });

function natives(store: MetricStore): unknown[] {
  return store
    .snapshot()
    .families()
    .flatMap((f) => f.metrics.map((m) => m.histogram?.native))
    .filter((n) => n !== undefined);
}

describe(`native histograms survive export/import, journal and snapshot (fast-check seed ${SEED})`, () => {
  test('same families after each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pushArb, { minLength: 1, maxLength: 4 }), fc.boolean(), async (pushes, persist) => {
        const dir = mkdtempSync(join(tmpdir(), 'promkit-native-'));
        try {
          const file = join(dir, 'state.json');
          const store = createStore({ ownFamilies: OWN_FAMILIES });
          const live = (await openPersistence({ file, intervalMs: 3_600_000, store, logger: silentLogger })).writer;
          for (const p of pushes) expect((await live.submit(p)).ok).toBe(true);
          const last = new Map(pushes.map((p) => [p.grouping[0].value, p.families![0].metrics[0].histogram!.native]));
          expect(natives(store)).toEqual([...last.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([, n]) => n));

          const imported = createStore({ ownFamilies: OWN_FAMILIES });
          imported.importState(JSON.parse(JSON.stringify(store.exportState())));
          expect(imported.snapshot().families()).toEqual(store.snapshot().families());

          if (persist) await live.persist('test');
          const restored = createStore({ ownFamilies: OWN_FAMILIES });
          const b = await openPersistence({ file, intervalMs: 3_600_000, store: restored, logger: silentLogger });
          expect(b.report.refused).toEqual([]);
          expect(restored.snapshot().families()).toEqual(store.snapshot().families());
          await b.writer.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  }, 120_000);
});
