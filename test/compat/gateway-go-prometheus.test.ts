/**
 * Real clients and a real scraper against promkit gateway (the built CLI):
 * - client_golang's push package (Debian sources, GOPATH build of
 *   test/compat/gateway-go-client): Push (PUT, protobuf), Add (POST),
 *   Delete, a refused push; the exposition must equal Pushgateway 1.5.1's
 *   after the same client run;
 * - Prometheus (Debian prometheus) scraping the gateway with
 *   `honor_labels: true`; the pushed series are queried back through its
 *   HTTP API with the pushed labels (and no `instance` for `instance=""`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  buildGoPushClient,
  freePort,
  send,
  startPushgateway,
  transcript,
} from '../../scripts/gen-gateway-fixtures.lib.mjs';
import { spawnGateway } from '../unit/gateway/helpers/gateway-process.js';

const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const PROMETHEUS = '/usr/bin/prometheus';
const haveGoClient =
  existsSync('/usr/share/gocode/src/github.com/prometheus/client_golang/prometheus/push/push.go') && hasGo();
const dir = mkdtempSync(join(tmpdir(), 'promkit-clients-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test.runIf(!haveGoClient && process.env.CI)('Go and client_golang sources are installed in CI', () => {
  expect.fail('apt-get install golang-go golang-github-prometheus-client-golang-dev');
});
test.runIf(!existsSync(PROMETHEUS) && process.env.CI)('Prometheus is installed in CI', () => {
  expect.fail('apt-get install prometheus');
});

describe.runIf(haveGoClient)('client_golang push against promkit gateway', () => {
  test('Push, Add, Delete and a refused push; same exposition as 1.5.1', async () => {
    const bin = buildGoPushClient(join(dir, 'goclient'));
    const expectedOut = 'push: <nil>\nadd: <nil>\npush other: <nil>\ndelete other: <nil>\nclash refused: true\n';
    const step = { method: 'GET', path: '/metrics', normalize: 'exposition' as const };
    const us = await spawnGateway([`--persistence.file=${join(dir, 'go.json')}`]);
    let mine: string;
    try {
      expect(execFileSync(bin, [us.base], { encoding: 'utf8', timeout: 30_000 })).toBe(expectedOut);
      mine = transcript(step, await send(us.base, step)).body;
    } finally {
      us.proc.kill('SIGTERM');
      await us.exited;
    }
    expect(mine).toContain('gopush_last_success{empty="",instance="host+a",job="go+batch",path="/var/tmp"} 1234.5\n');
    expect(mine).toContain('gopush_added{empty="",instance="host+a",job="go+batch",path="/var/tmp"} 7\n');
    expect(mine).not.toContain('job="go_other"');
    expect(mine).toContain('push_failure_time_seconds{instance="",job="go_clash"} <ts>\n');
    if (existsSync(PUSHGATEWAY)) {
      const pg = await startPushgateway(PUSHGATEWAY, []);
      try {
        expect(execFileSync(bin, [pg.base], { encoding: 'utf8', timeout: 30_000 })).toBe(expectedOut);
        await new Promise((r) => setTimeout(r, 200));
        expect(mine).toBe(transcript(step, await send(pg.base, step)).body);
      } finally {
        await pg.stop();
      }
    }
  });
});

describe.runIf(existsSync(PROMETHEUS))('Prometheus scraping promkit gateway with honor_labels: true', () => {
  test('pushed series are stored with the pushed job and without an instance for instance=""', async () => {
    const us = await spawnGateway([`--persistence.file=${join(dir, 'prom.json')}`]);
    const port = await freePort();
    const target = us.base.replace(/^http:\/\//, '');
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: pg_honor\n    honor_labels: true\n    static_configs:\n      - targets: ['${target}']\n`,
    );
    const prom = spawn(
      PROMETHEUS,
      [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: 'ignore' },
    );
    try {
      expect(
        (await send(us.base, { method: 'PUT', path: '/metrics/job/batch', body: 'batch_last_success 17\n' })).status,
      ).toBe(200);
      expect(
        (
          await send(us.base, {
            method: 'PUT',
            path: '/metrics/job/batch/instance/host1',
            body: 'batch_last_success{extra="e"} 18\n',
          })
        ).status,
      ).toBe(200);
      const query = `/api/v1/query?query=${encodeURIComponent('batch_last_success')}`;
      let result: { metric: Record<string, string>; value: [number, string] }[] = [];
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        try {
          const r = await send(`http://127.0.0.1:${port}`, { method: 'GET', path: query }, 2000);
          if (r.status === 200) {
            result = (JSON.parse(r.body.toString()) as { data: { result: typeof result } }).data.result;
            if (result.length === 2) break;
          }
        } catch {
          // not up yet
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      const series = result
        .map((s) => ({ ...s.metric, value: s.value[1] }))
        .sort((a, b) => (a.value < b.value ? -1 : 1));
      expect(series).toEqual([
        { __name__: 'batch_last_success', job: 'batch', value: '17' },
        { __name__: 'batch_last_success', extra: 'e', instance: 'host1', job: 'batch', value: '18' },
      ]);
      const own = await send(`http://127.0.0.1:${port}`, {
        method: 'GET',
        path: `/api/v1/query?query=${encodeURIComponent('pushgateway_build_info')}`,
      });
      const ownSeries = (JSON.parse(own.body.toString()) as { data: { result: { metric: Record<string, string> }[] } })
        .data.result;
      expect(ownSeries[0]?.metric).toMatchObject({ job: 'pg_honor', instance: target });
    } finally {
      prom.kill('SIGTERM');
      await new Promise((r) => prom.once('exit', r));
      us.proc.kill('SIGTERM');
      await us.exited;
    }
  });
});
