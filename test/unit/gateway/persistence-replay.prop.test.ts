// Property: whatever sequence of writes is acknowledged, with snapshots taken
// at any points in between, a restart from the files on disk (no shutdown,
// as after kill -9) restores exactly the same store content.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { MetricFamily, WriteRequest } from '../../../src/model/types.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import { OWN_FAMILIES } from '../../../src/gateway/telemetry/metrics.js';
import { openPersistence } from '../../../src/gateway/writer.js';
import { createStore } from '../../../src/store/index.js';

const SEED = 42;

const familyArb: fc.Arbitrary<MetricFamily> = fc
  .record({
    name: fc.constantFrom('alpha', 'beta', 'gamma'),
    type: fc.constantFrom('gauge' as const, 'counter' as const, 'untyped' as const),
    help: fc.option(fc.constantFrom('One help.', 'Another help.'), { nil: undefined }),
    values: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.double({ noNaN: false })), {
      minLength: 1,
      maxLength: 3,
    }),
    timestamp: fc.option(fc.integer({ min: 0, max: 2_000_000_000_000 }), { nil: undefined, freq: 8 }),
  })
  .map(({ name, type, help, values, timestamp }) => {
    const f: MetricFamily = {
      name,
      type,
      metrics: values.map(([k, v]) =>
        timestamp === undefined
          ? { labels: [{ name: 'k', value: k }], value: v }
          : { labels: [{ name: 'k', value: k }], value: v, timestampMs: timestamp },
      ),
    };
    if (help !== undefined) f.help = help;
    return f;
  });

const writeArb: fc.Arbitrary<WriteRequest | 'persist'> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        job: fc.constantFrom('j1', 'j2', 'j3'),
        instance: fc.option(fc.constantFrom('', 'i1'), { nil: undefined }),
        mode: fc.constantFrom('replace' as const, 'merge' as const, 'delete' as const),
        families: fc.array(familyArb, { maxLength: 3 }),
        at: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
      })
      .map(({ job, instance, mode, families, at }) => {
        const grouping: { name: string; value: string }[] = [{ name: 'job', value: job }];
        if (instance !== undefined) grouping.push({ name: 'instance', value: instance });
        const req: WriteRequest = { grouping, mode, receivedAt: at };
        if (mode !== 'delete') req.families = families;
        return req;
      }),
  },
  { weight: 1, arbitrary: fc.constant('persist' as const) },
);

describe(`persistence replay (seed ${SEED})`, () => {
  test('a restart from disk restores exactly what was acknowledged', async () => {
    console.log(`fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { maxLength: 25 }), async (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'promkit-prop-'));
        try {
          const file = join(dir, 'state.json');
          const store = createStore({ ownFamilies: OWN_FAMILIES });
          const live = (await openPersistence({ file, intervalMs: 3_600_000, store, logger: silentLogger })).writer;
          for (const op of ops) {
            if (op === 'persist') await live.persist('test');
            else await live.submit(op);
          }
          const restored = createStore({ ownFamilies: OWN_FAMILIES });
          const b = await openPersistence({ file, intervalMs: 3_600_000, store: restored, logger: silentLogger });
          expect(b.report.refused).toEqual([]);
          expect(restored.exportState()).toEqual(store.exportState());
          await b.writer.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  }, 120_000);
});
