// GET /metrics streams the text exposition from the store's cached texts in fixed-size buffers:
// the bytes must be exactly the exposition, with a Content-Length that matches them, whatever the
// size of the pieces (series texts, a header longer than a buffer, multi-byte characters at buffer
// boundaries).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

/** A body of `n` gauge series whose label values are `value(i)`. */
function gauges(name: string, n: number, value: (i: number) => string, help = 'A gauge.'): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (let i = 0; i < n; i++) lines.push(`${name}{k="${value(i)}"} ${i}`);
  return lines.join('\n') + '\n';
}

const CASES = [
  { name: 'many small series (several buffers)', job: 'many', body: gauges('many_series', 5000, (i) => `value-${i}`) },
  {
    name: 'a header longer than a buffer',
    job: 'help',
    body: gauges('long_help', 3, (i) => `v${i}`, 'h'.repeat(100_000)),
  },
  {
    name: 'multi-byte characters across buffer boundaries',
    job: 'utf8',
    body: gauges('utf8_series', 4000, (i) => `é✓😀-${i}-${'ü'.repeat(i % 17)}`),
  },
];

describe('GET /metrics streamed from the cached texts', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
    for (const c of CASES) {
      const r = await send(g.base, { method: 'PUT', path: `/metrics/job/${c.job}`, body: c.body });
      if (r.status !== 200) throw new Error(`push ${c.job}: ${r.status} ${r.body.toString()}`);
    }
  });
  afterAll(() => g.stop());

  test.each(CASES)('$name: the stored exposition is served whole, with a matching Content-Length', async ({ job }) => {
    const r = await send(g.base, { method: 'GET', path: '/metrics' });
    expect(r.status).toBe(200);
    expect(r.headers['transfer-encoding']).toBeUndefined();
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    const served = r.body.toString('utf8').split('\n');
    const stored = g.gw.store
      .snapshot()
      .text()
      .split('\n')
      .filter((l) => l.includes(`job="${job}"`) || l.startsWith('# '));
    const storedSet = new Set(stored);
    // The stored lines appear in the response in the same order (the gateway's own families are merged in between).
    expect(served.filter((l) => storedSet.has(l))).toEqual(stored);
    expect(stored.filter((l) => l.includes(`job="${job}"`)).length).toBeGreaterThanOrEqual(3);
  });
});
