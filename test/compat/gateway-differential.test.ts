/**
 * promkit gateway (the built CLI) against the real Pushgateway 1.5.1 (Debian
 * prometheus-pushgateway), both on 127.0.0.1 with free ports and temporary
 * persistence files: every scenario of fixtures/gateway/scenarios.json runs
 * against both and the normalized transcripts (status, headers, bodies with
 * timestamps masked, own metrics left out) must be equal, except for the
 * steps listed with a reason in fixtures/gateway/differences.json, where
 * promkit must answer as listed and 1.5.1 must still answer otherwise.
 * Plus a node_exporter scrape piped in with `curl --data-binary @-`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  runScenario,
  send,
  startPushgateway,
  transcript,
  type Transcript,
} from '../../scripts/gen-gateway-fixtures.lib.mjs';
import { loadDifferences, loadScenarios } from '../unit/gateway/helpers/gateway.js';
import { spawnGateway } from '../unit/gateway/helpers/gateway-process.js';
import { VENDOR } from '../helpers/fixtures.js';

const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const have = existsSync(PUSHGATEWAY);
const scenarios = loadScenarios();
const differences = loadDifferences();
const dir = mkdtempSync(join(tmpdir(), 'promkit-gw-compat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.runIf(!have && process.env.CI)('Pushgateway 1.5.1 is installed in CI', () => {
  expect.fail(`${PUSHGATEWAY} not found: apt-get install prometheus-pushgateway`);
});

async function ours(flags: string[], name: string) {
  return spawnGateway([`--persistence.file=${join(dir, `${name}.json`)}`, ...flags]);
}

function comparable(t: Transcript, prefix?: number): Transcript {
  return prefix === undefined ? t : { ...t, body: t.body.slice(0, prefix) };
}

describe.runIf(have)('differential: promkit gateway vs Pushgateway 1.5.1', () => {
  test.each(scenarios)('$name', async (sc) => {
    const pg = await startPushgateway(PUSHGATEWAY, sc.flags ?? []);
    const us = await ours(sc.flags ?? [], sc.name);
    let theirs: Transcript[];
    let mine: Transcript[];
    try {
      [theirs, mine] = await Promise.all([runScenario(pg.base, sc), runScenario(us.base, sc)]);
    } finally {
      await pg.stop();
      if (us.proc.exitCode === null) {
        us.proc.kill('SIGTERM');
        await us.exited;
      }
    }
    sc.steps.forEach((step, i) => {
      const where = `${sc.name} step ${i}: ${step.method} ${step.path}`;
      const diff = differences.get(`${sc.name}#${i}`);
      if (diff) {
        expect({ where, ...mine[i] }).toMatchObject({ where, ...diff.ours });
        expect({ where, ...theirs[i] }, `1.5.1 no longer differs here: ${diff.reason}`).not.toMatchObject({
          where,
          ...diff.ours,
        });
        return;
      }
      const p = step.compare?.bodyPrefix;
      expect({ where, ...comparable(mine[i], p) }).toEqual({ where, ...comparable(theirs[i], p) });
    });
  });

  test('a node_exporter scrape piped in with curl --data-binary @- is stored and exposed alike', async () => {
    const pg = await startPushgateway(PUSHGATEWAY, []);
    const us = await ours([], 'node-exporter');
    const input = join(VENDOR, 'bench-data', 'node.prom');
    try {
      for (const base of [pg.base, us.base]) {
        // node.prom carries go_* and process_* families of its own: push it under names that do not clash.
        const text = execFileSync('sed', [
          '-e',
          's/^\\(# [A-Z]* \\)\\?\\(go_\\|process_\\|promhttp_\\)/\\1node_\\2/',
          input,
        ]);
        const code = execFileSync(
          'curl',
          [
            '-s',
            '-o',
            '/dev/null',
            '-w',
            '%{http_code}',
            '-X',
            'PUT',
            '--data-binary',
            '@-',
            `${base}/metrics/job/node/instance/host1`,
          ],
          { input: text },
        ).toString();
        expect(code).toBe('200');
      }
      const step = { method: 'GET', path: '/metrics', normalize: 'exposition' as const };
      const [a, b] = await Promise.all([send(pg.base, step), send(us.base, step)]);
      const ta = transcript(step, a);
      const tb = transcript(step, b);
      expect(tb.body.length).toBeGreaterThan(10_000);
      expect(tb).toEqual(ta);
    } finally {
      await pg.stop();
      us.proc.kill('SIGTERM');
      await us.exited;
    }
  });
});
