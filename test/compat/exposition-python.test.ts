/**
 * Every OpenMetrics exposition the gateway serves is read by Python's
 * OpenMetrics parser (Debian python3-prometheus-client,
 * `prometheus_client.openmetrics.parser`): store states reached by random
 * accepted pushes, with families whose OpenMetrics names clash (answered in
 * text 0.0.4 then, which is not given to this parser).
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderExposition } from '../../src/gateway/handlers/exposition.js';
import { OWN_FAMILIES } from '../../src/gateway/telemetry/metrics.js';
import { OPENMETRICS_0_CONTENT_TYPE } from '../../src/serialize/index.js';
import { createStore } from '../../src/store/index.js';
import { pushArb } from '../property/exposition-arbitraries.js';

const PYTHON = '/usr/bin/python3';
const SEED = 2020;
const READ_ALL = `
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for path in sys.stdin.read().split():
    try:
        list(text_string_to_metric_families(open(path, encoding='utf-8').read()))
        print('ok')
    except Exception as e:
        print('error ' + path + ': ' + str(e).replace('\\n', ' '))
`;
const havePython =
  existsSync(PYTHON) &&
  spawnSync(PYTHON, ['-c', 'import prometheus_client.openmetrics.parser'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'promkit-om-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(havePython)(`gateway OpenMetrics scrapes read by Python (fast-check seed ${SEED})`, () => {
  test('every OpenMetrics body parses', async () => {
    const paths: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(pushArb, { minLength: 1, maxLength: 6 }), async (pushes) => {
        const store = createStore({ ownFamilies: OWN_FAMILIES });
        for (const p of pushes) await store.submit(p);
        const om = await renderExposition(store.snapshot(), [], 'application/openmetrics-text;version=0.0.1');
        if (om.contentType !== OPENMETRICS_0_CONTENT_TYPE) return;
        const path = join(dir, `${paths.length}.om`);
        writeFileSync(path, om.body as string);
        paths.push(path);
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(paths.length).toBeGreaterThan(50);
    const r = spawnSync(PYTHON, ['-c', READ_ALL], { input: paths.join('\n'), encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('error'));
    expect(errors).toEqual([]);
  }, 120_000);
});
