// Counts beyond 2^53 pushed via protobuf keep their exact uint64 through the store: export and
// import of its state (JSON), the journal (restart without persisting), the snapshot (restart
// after persisting), and a real gateway restart scraped as protobuf.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { MetricFamily, WriteRequest } from '../../../src/model/types.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import { OWN_FAMILIES } from '../../../src/gateway/telemetry/metrics.js';
import { openPersistence } from '../../../src/gateway/writer.js';
import { decodeProtobuf, encodeProtobuf } from '../../../src/serialize/index.js';
import { createStore, type MetricStore } from '../../../src/store/index.js';
import { startTestGateway } from './helpers/gateway.js';

const PROTOBUF = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
const TWO_60_PLUS_1 = 1152921504606846977n;
const UINT64_MAX = 18446744073709551615n;

const pushed: MetricFamily[] = [
  {
    name: 'big_summary',
    type: 'summary',
    metrics: [{ labels: [], summary: { count: 2 ** 60, countExact: TWO_60_PLUS_1, sum: 1, quantiles: [] } }],
  },
  {
    name: 'big_histogram',
    type: 'histogram',
    metrics: [
      {
        labels: [],
        histogram: {
          count: 2 ** 64,
          countExact: UINT64_MAX,
          sum: 1,
          buckets: [{ upperBound: Infinity, cumulativeCount: 2 ** 64, cumulativeCountExact: UINT64_MAX }],
          native: {
            zeroCount: 2 ** 60,
            zeroCountExact: TWO_60_PLUS_1,
            negativeSpans: [{ offset: 0, length: 1 }],
            negativeDeltas: [-(2 ** 60)],
            negativeDeltasExact: [-TWO_60_PLUS_1],
            negativeCounts: [],
            positiveSpans: [],
            positiveDeltas: [],
            positiveCounts: [],
          },
        },
      },
    ],
  },
];

/** The exact integers of the two pushed families as the store holds them. */
function exacts(families: readonly MetricFamily[]): unknown {
  const s = families.find((f) => f.name === 'big_summary')!.metrics[0].summary!;
  const h = families.find((f) => f.name === 'big_histogram')!.metrics[0].histogram!;
  return [
    s.countExact,
    h.countExact,
    h.buckets[0].cumulativeCountExact,
    h.native?.zeroCountExact,
    h.native?.negativeDeltasExact,
  ];
}
const WANT = [TWO_60_PLUS_1, UINT64_MAX, UINT64_MAX, TWO_60_PLUS_1, [-TWO_60_PLUS_1]];

const request: WriteRequest = {
  grouping: [{ name: 'job', value: 'j' }],
  mode: 'replace',
  families: decodeProtobuf(encodeProtobuf(pushed), { asPushed: true }),
  receivedAt: 1_700_000_000_000,
};

describe('exact counts survive the store', () => {
  test.each([false, true])('state export/import, and a restart (snapshot written first: %s)', async (persist) => {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-exact-'));
    try {
      const file = join(dir, 'state.json');
      const store = createStore({ ownFamilies: OWN_FAMILIES });
      const live = (await openPersistence({ file, intervalMs: 3_600_000, store, logger: silentLogger })).writer;
      expect((await live.submit(request)).ok).toBe(true);
      expect(exacts(store.snapshot().families())).toEqual(WANT);

      const imported: MetricStore = createStore({ ownFamilies: OWN_FAMILIES });
      imported.importState(JSON.parse(JSON.stringify(store.exportState())));
      expect(exacts(imported.snapshot().families())).toEqual(WANT);

      if (persist) await live.persist('test');
      const restored = createStore({ ownFamilies: OWN_FAMILIES });
      const b = await openPersistence({ file, intervalMs: 3_600_000, store: restored, logger: silentLogger });
      expect(b.report.refused).toEqual([]);
      expect(exacts(restored.snapshot().families())).toEqual(WANT);
      await b.writer.close();
      await live.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a 2^60+1 count pushed via protobuf is scraped exactly, before and after a gateway restart', async () => {
    const first = await startTestGateway();
    const file = join(first.dir, 'state.json');
    const scrape = async (base: string) =>
      decodeProtobuf(
        new Uint8Array(await (await fetch(`${base}/metrics`, { headers: { accept: PROTOBUF } })).arrayBuffer()),
      );
    try {
      const res = await fetch(`${first.base}/metrics/job/j`, {
        method: 'PUT',
        headers: { 'content-type': PROTOBUF },
        body: encodeProtobuf(pushed),
      });
      expect(res.status).toBe(200);
      expect(exacts(await scrape(first.base))).toEqual(WANT);
      // The JSON API writes uint64 counts in decimal, as Go's fmt.Sprint does.
      const api = await (await fetch(`${first.base}/api/v1/metrics`)).text();
      expect(api).toContain('"count":"1152921504606846977"');
      expect(api).toContain('"+Inf":"18446744073709551615"');
      await first.gw.shutdown('restart', 1000);
      const second = await startTestGateway([], { persistenceFile: file });
      try {
        expect(exacts(await scrape(second.base))).toEqual(WANT);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
