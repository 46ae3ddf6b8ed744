/**
 * Import of Pushgateway 1.x persistence files (fixtures/pushgateway-state/,
 * written by the real Pushgateway 1.5.1, see scripts/gen-pushgateway-state.mjs):
 * a gateway started on such a file serves what the Pushgateway served from
 * it (text and protobuf scrapes, /api/v1/metrics), keeps the original
 * beside it, and serves the same after a restart from its own format.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { OWN_METRIC, send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { decodeProtobuf } from '../../../src/serialize/index.js';
import { importPushgatewayState, isPushgatewayState } from '../../../src/storage/pushgateway/index.js';
import { startTestGateway } from '../gateway/helpers/gateway.js';

const FIX = 'fixtures/pushgateway-state';
const PROTO = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A text exposition without the servers' own families. */
function withoutOwn(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const name = /^# (?:HELP|TYPE) (\S+)/.exec(line)?.[1] ?? /^[^{ ]+/.exec(line)?.[0] ?? '';
      return !OWN_METRIC.test(name);
    })
    .join('\n');
}

/** /api/v1/metrics with groups in a fixed order and family times cut to microseconds (what promkit keeps). */
function apiNormalized(text: string): unknown {
  const doc = JSON.parse(text) as { data: Record<string, unknown>[] };
  for (const g of doc.data) {
    for (const v of Object.values(g)) {
      if (typeof v === 'object' && v !== null && 'time_stamp' in v) {
        const t = v as { time_stamp: string };
        t.time_stamp = t.time_stamp.replace(/\.(\d{1,6})\d*Z$/, (_, f: string) => {
          const cut = f.replace(/0+$/, '');
          return cut ? `.${cut}Z` : 'Z';
        });
      }
    }
  }
  doc.data.sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
  return doc;
}

async function scrape(base: string) {
  const get = async (path: string, headers: Record<string, string> = {}) =>
    (await send(base, { method: 'GET', path, headers })).body;
  return {
    text: (await get('/metrics', { Accept: 'text/plain' })).toString('utf8'),
    pb: await get('/metrics', { Accept: PROTO }),
    api: (await get('/api/v1/metrics')).toString('utf8'),
  };
}

function expectServedAsRecorded(name: string, got: Awaited<ReturnType<typeof scrape>>): void {
  const want = readFileSync(join(FIX, `${name}.metrics.txt`), 'utf8');
  expect(withoutOwn(got.text)).toBe(withoutOwn(want));
  const own = (fams: ReturnType<typeof decodeProtobuf>) => fams.filter((f) => !OWN_METRIC.test(f.name));
  expect(own(decodeProtobuf(got.pb))).toEqual(own(decodeProtobuf(readFileSync(join(FIX, `${name}.metrics.pb`)))));
  expect(apiNormalized(got.api)).toEqual(apiNormalized(readFileSync(join(FIX, `${name}.api.json`), 'utf8')));
}

/** Starts a gateway on `file`, checks it serves what 1.5.1 served for fixture `name`, and stops it. */
async function startAndCompare(name: string, file: string): Promise<void> {
  const g = await startTestGateway([], { persistenceFile: file, persistenceIntervalMs: 60_000 });
  try {
    expectServedAsRecorded(name, await scrape(g.base));
  } finally {
    await g.gw.shutdown('test done', 1000);
  }
}

function stateCopy(name: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'promkit-pg-import-'));
  dirs.push(dir);
  const file = join(dir, 'pg.state');
  copyFileSync(join(FIX, `${name}.state`), file);
  return { dir, file };
}

describe('Pushgateway 1.5.1 state files', () => {
  test.each(['all', 'emptied'])(
    '%s: served as 1.5.1 served it, original kept, same after a restart',
    async (name) => {
      const original = readFileSync(join(FIX, `${name}.state`));
      expect(isPushgatewayState(original)).toBe(true);
      const { file } = stateCopy(name);
      await startAndCompare(name, file);
      expect(readFileSync(`${file}.pushgateway-1.x`)).toEqual(original);
      const now = readFileSync(file);
      expect(isPushgatewayState(now)).toBe(false);
      expect(JSON.parse(now.toString('utf8'))).toMatchObject({ format: 'promkit-gateway' });

      await startAndCompare(name, file);
      expect(readFileSync(`${file}.pushgateway-1.x`)).toEqual(original);
    },
    60_000,
  );

  test('push_time_seconds and push_failure_time_seconds are the stored doubles, exactly', () => {
    const state = importPushgatewayState(readFileSync(join(FIX, 'all.state')));
    const failed = state.groups.find((g) => g.labels.some(([k, v]) => k === 'job' && v === 'fail_job'))!;
    const value = (n: string) => failed.families.find((f) => f.name === n)!.metrics[0].value!;
    const recorded = readFileSync(join(FIX, 'all.metrics.txt'), 'utf8');
    for (const n of ['push_time_seconds', 'push_failure_time_seconds']) {
      const line = recorded.split('\n').find((l) => l.startsWith(`${n}{instance="",job="fail_job"} `))!;
      expect(Number(value(n))).toBe(Number(line.split(' ')[1]));
    }
    expect(Number(value('push_failure_time_seconds'))).toBeGreaterThan(Number(value('push_time_seconds')));
  });

  test('native-histogram fields of a protobuf push are imported', () => {
    const state = importPushgatewayState(readFileSync(join(FIX, 'all.state')));
    const fams = state.groups.flatMap((g) => g.families);
    const native = fams.find((f) => f.name === 'proto_native_seconds')!.metrics[0].histogram!.native!;
    expect(native).toMatchObject({ schema: 3, zeroThreshold: '1e-128', positiveDeltas: [2, -1, 1] });
  });
});

describe('a Pushgateway file that cannot be read', () => {
  const original = readFileSync(join(FIX, 'all.state'));
  /** The fixture with occurrence `occurrence` (from 0) of `from` replaced by `to` (same length). */
  function edited(from: string, to: string, occurrence = 0): Buffer {
    const b = Buffer.from(original);
    let at = -1;
    for (let k = 0; k <= occurrence; k++) at = b.indexOf(from, at + 1);
    expect(at).toBeGreaterThanOrEqual(0);
    b.write(to, at);
    return b;
  }

  test.each([
    { name: 'cut short', bytes: original.subarray(0, original.length - 40), reason: /unexpected end of data|claims/ },
    {
      name: 'an unknown MetricGroup field',
      bytes: edited('Metrics', 'Metricz'),
      reason: /MetricGroup has a field "Metricz" that Pushgateway 1\.x does not write/,
    },
    {
      name: 'a family whose protobuf name differs from its key',
      bytes: edited('text_nan', 'text_nbn', 1),
      reason: /group \{job="text_job"\} family "text_nan": GobbableMetricFamily is named "text_nbn"/,
    },
  ])('$name: the start is refused with the field named, the file left unchanged', async ({ bytes, reason }) => {
    expect(() => importPushgatewayState(bytes)).toThrow(reason);
    const { dir, file } = stateCopy('all');
    writeFileSync(file, bytes);
    // Unreadable state stops the start (docs/gateway.md): nothing is lost, the file is left as it is.
    const start = startTestGateway([], { persistenceFile: file, persistenceIntervalMs: 60_000 });
    await expect(start).rejects.toThrow(/Pushgateway 1\.x state file could not be imported: /);
    await expect(start).rejects.toThrow(reason);
    expect(readFileSync(file)).toEqual(bytes);
    expect(existsSync(join(dir, 'pg.state.pushgateway-1.x'))).toBe(false);
  });
});
