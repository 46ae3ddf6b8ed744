/**
 * The Python client (Debian python3-prometheus-client, /usr/bin/python3)
 * against promkit gateway: push_to_gateway (PUT), pushadd_to_gateway (POST)
 * and delete_from_gateway (DELETE) with grouping keys that need escaping
 * (space, slash, empty value). The same script runs against Pushgateway
 * 1.5.1 and both expositions must match (push and `_created` times masked).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { send, startPushgateway, transcript } from '../../scripts/gen-gateway-fixtures.lib.mjs';
import { spawnGateway } from '../unit/gateway/helpers/gateway-process.js';

const PYTHON = '/usr/bin/python3';
const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const havePython =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import prometheus_client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
const dir = mkdtempSync(join(tmpdir(), 'promkit-py-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.runIf(!havePython && process.env.CI)('python3-prometheus-client is installed in CI', () => {
  expect.fail('apt-get install python3-prometheus-client');
});

const SCRIPT = `
import sys, urllib.error
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Summary
from prometheus_client import push_to_gateway, pushadd_to_gateway, delete_from_gateway
gw = sys.argv[1]
r = CollectorRegistry()
Gauge('py_last_success', 'Last success.', registry=r).set(1234.5)
c = Counter('py_jobs', 'Jobs done.', ['kind'], registry=r)
c.labels('a').inc(3)
h = Histogram('py_duration_seconds', 'Durations.', buckets=(0.1, 1), registry=r)
h.observe(0.05); h.observe(0.5); h.observe(5)
Summary('py_size_bytes', 'Sizes.', registry=r).observe(42)
push_to_gateway(gw, job='py batch', registry=r, grouping_key={'instance': 'host a', 'path': '/var/tmp', 'empty': ''})
r2 = CollectorRegistry()
Gauge('py_added', 'Added later.', registry=r2).set(7)
pushadd_to_gateway(gw, job='py batch', registry=r2, grouping_key={'instance': 'host a', 'path': '/var/tmp', 'empty': ''})
push_to_gateway(gw, job='py_other', registry=r2)
delete_from_gateway(gw, job='py_other')
r3 = CollectorRegistry()
Gauge('py_jobs_total', 'Clashes with the counter.', registry=r3).set(1)
try:
    push_to_gateway(gw, job='py_clash', registry=r3)
    print('clash accepted')
except urllib.error.HTTPError as e:
    print('clash refused', e.code)
`;

function runClient(base: string): string {
  return execFileSync(PYTHON, ['-c', SCRIPT, base.replace(/^http:\/\//, '')], { encoding: 'utf8', timeout: 30_000 });
}

function masked(text: string): string {
  return text.replace(/^(\S+_created(?:\{[^}]*\})?) \S+$/gm, '$1 <ts>');
}

describe.runIf(havePython)('Python prometheus_client against promkit gateway', () => {
  test('push, pushadd, delete and a refused push', async () => {
    const us = await spawnGateway([`--persistence.file=${join(dir, 'py.json')}`]);
    try {
      expect(runClient(us.base)).toBe('clash refused 400\n');
      await new Promise((r) => setTimeout(r, 50));
      const step = { method: 'GET', path: '/metrics', normalize: 'exposition' as const };
      const text = transcript(step, await send(us.base, step)).body;
      expect(text).toContain('py_last_success{empty="",instance="host+a",job="py+batch",path="/var/tmp"} 1234.5\n');
      expect(text).toContain('py_added{empty="",instance="host+a",job="py+batch",path="/var/tmp"} 7\n');
      expect(text).toContain('py_jobs_total{empty="",instance="host+a",job="py+batch",kind="a",path="/var/tmp"} 3\n');
      expect(text).toContain(
        'py_duration_seconds_bucket{empty="",instance="host+a",job="py+batch",path="/var/tmp",le="+Inf"} 3\n',
      );
      expect(text).not.toContain('job="py_other"');
      expect(text).toContain('push_failure_time_seconds{instance="",job="py_clash"} <ts>\n');

      if (existsSync(PUSHGATEWAY)) {
        const pg = await startPushgateway(PUSHGATEWAY, []);
        try {
          expect(runClient(pg.base.replace(/^http:\/\//, ''))).toBe('clash refused 400\n');
          await new Promise((r) => setTimeout(r, 200));
          const theirs = transcript(step, await send(pg.base, step)).body;
          expect(masked(text)).toBe(masked(theirs));
        } finally {
          await pg.stop();
        }
      }
    } finally {
      us.proc.kill('SIGTERM');
      await us.exited;
    }
  });
});
