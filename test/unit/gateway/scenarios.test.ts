// Every scenario of fixtures/gateway/scenarios.json against promkit in-process,
// compared with what Pushgateway 1.5.1 answered (fixtures/gateway/expected-1.5.1.json,
// written by scripts/gen-gateway-fixtures.mjs); deliberate differences are listed
// with their reason in fixtures/gateway/differences.json.
import { afterAll, describe, expect, test } from 'vitest';
import { runScenario, type Transcript } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { loadDifferences, loadExpected, loadScenarios, startTestGateway } from './helpers/gateway.js';

const scenarios = loadScenarios();
const expected = loadExpected();
const differences = loadDifferences();
const used = new Set<string>();

function comparable(t: Transcript, bodyPrefix?: number): Transcript {
  return bodyPrefix === undefined ? t : { ...t, body: t.body.slice(0, bodyPrefix) };
}

describe('scenarios against the Pushgateway 1.5.1 transcripts', () => {
  test('every scenario has a 1.5.1 transcript', () => {
    expect(scenarios.map((s) => s.name).filter((n) => !expected.has(n))).toEqual([]);
  });

  test.each(scenarios)('$name', async (sc) => {
    const g = await startTestGateway(sc.flags ?? []);
    let got: Transcript[];
    try {
      got = await runScenario(g.base, sc);
    } finally {
      await g.stop();
    }
    const want = expected.get(sc.name)!;
    expect(got.length).toBe(want.length);
    sc.steps.forEach((step, i) => {
      const key = `${sc.name}#${i}`;
      const diff = differences.get(key);
      const where = `${sc.name} step ${i}: ${step.method} ${step.path}`;
      if (diff) {
        used.add(key);
        expect({ where, ...got[i] }).toMatchObject({ where, ...diff.ours });
        return;
      }
      const prefix = step.compare?.bodyPrefix;
      expect({ where, ...comparable(got[i], prefix) }).toEqual({ where, ...comparable(want[i], prefix) });
    });
  });

  afterAll(() => {
    // Every listed difference must still be needed (checked after the scenarios ran).
    const stale = [...differences.keys()].filter((k) => !used.has(k));
    if (stale.length > 0) throw new Error(`differences.json lists steps that were not run: ${stale.join(', ')}`);
  });
});
