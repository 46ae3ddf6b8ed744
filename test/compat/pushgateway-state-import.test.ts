/**
 * Switching from Pushgateway 1.5.1 (Debian prometheus-pushgateway) to
 * promkit gateway on the same --persistence.file: the real Pushgateway
 * stores a few groups (text, protobuf, `@base64` and empty grouping values,
 * a refused push) and is stopped; promkit starts on its file and serves the
 * same `/metrics` and `/api/v1/metrics` (push times exact), keeps the
 * original as `<file>.pushgateway-1.x`, and serves the same again after a
 * restart from its own format.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { OWN_METRIC, send, startPushgateway } from '../../scripts/gen-gateway-fixtures.lib.mjs';
import { encodeProtobuf } from '../../src/serialize/index.js';
import { spawnGateway } from '../unit/gateway/helpers/gateway-process.js';

const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const PROTO = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
const dir = mkdtempSync(join(tmpdir(), 'promkit-pg-switch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.runIf(!existsSync(PUSHGATEWAY) && process.env.CI)('Pushgateway is installed in CI', () => {
  expect.fail('apt-get install prometheus-pushgateway');
});

function withoutOwn(text: string): string {
  return text
    .split('\n')
    .filter((line) => !OWN_METRIC.test(/^# (?:HELP|TYPE) (\S+)/.exec(line)?.[1] ?? /^[^{ ]+/.exec(line)?.[0] ?? ''))
    .join('\n');
}

/** Groups in a fixed order; family times cut to microseconds (what promkit keeps of 1.x's nanoseconds). */
function api(text: string): unknown {
  const doc = JSON.parse(text) as { data: Record<string, unknown>[] };
  for (const g of doc.data)
    for (const v of Object.values(g))
      if (typeof v === 'object' && v !== null && 'time_stamp' in v) {
        const t = v as { time_stamp: string };
        t.time_stamp = t.time_stamp.replace(/\.(\d{1,6})\d*Z$/, (_, f: string) =>
          f.replace(/0+$/, '') ? `.${f.replace(/0+$/, '')}Z` : 'Z',
        );
      }
  doc.data.sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
  return doc;
}

async function scrape(base: string): Promise<{ text: string; api: unknown }> {
  const text = (await send(base, { method: 'GET', path: '/metrics' })).body.toString('utf8');
  const doc = (await send(base, { method: 'GET', path: '/api/v1/metrics' })).body.toString('utf8');
  return { text: withoutOwn(text), api: api(doc) };
}

describe.runIf(existsSync(PUSHGATEWAY))('a Pushgateway 1.5.1 state file, taken over by promkit', () => {
  test('same scrapes after the switch and after a restart; the original kept', async () => {
    const file = join(dir, 'pushgateway.state');
    const pg = await startPushgateway(PUSHGATEWAY, [`--persistence.file=${file}`, '--persistence.interval=1s']);
    let theirs;
    try {
      const put = async (path: string, body: string | Uint8Array, ct = 'text/plain; version=0.0.4') =>
        (
          await send(pg.base, {
            method: 'PUT',
            path,
            headers: { 'Content-Type': ct },
            bodyBase64: Buffer.from(body).toString('base64'),
          })
        ).status;
      expect(await put('/metrics/job/batch/instance/h1', '# TYPE jobs_total counter\njobs_total{k="v"} 3\n')).toBe(200);
      const pb = encodeProtobuf([
        {
          name: 'latency_seconds',
          help: 'Latency.',
          type: 'histogram',
          metrics: [
            {
              labels: [],
              histogram: {
                count: 2,
                sum: 1.5,
                buckets: [{ upperBound: 1, cumulativeCount: 1 }],
              },
            },
          ],
        },
      ]);
      expect(await put('/metrics/job@base64/L3Zhci90bXA/empty@base64/=', pb, PROTO)).toBe(200);
      expect(await put('/metrics/job/bad', '# TYPE jobs_total gauge\njobs_total 1\n')).toBe(400);
      theirs = await scrape(pg.base);
    } finally {
      await pg.stop();
    }
    const original = readFileSync(file);
    expect(theirs.text).toContain('push_failure_time_seconds{instance="",job="bad"} 1.');

    for (const round of ['switch', 'restart']) {
      const gw = await spawnGateway([`--persistence.file=${file}`]);
      let ours;
      try {
        if (round === 'switch') await gw.waitForLog(/imported a Pushgateway 1\.x persistence file/);
        ours = await scrape(gw.base);
      } finally {
        gw.proc.kill('SIGTERM');
        await gw.exited;
      }
      expect(ours.text, round).toBe(theirs.text);
      expect(ours.api, round).toEqual(theirs.api);
      expect(readFileSync(`${file}.pushgateway-1.x`)).toEqual(original);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'promkit-gateway' });
    }
  }, 120_000);
});
