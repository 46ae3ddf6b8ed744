import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { floorPayload, hasWrk, runGatewayFloor, startFloor } from '../../../bench/lib/gateway-floor.js';
import { parse } from '../../../src/parse/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

describe('gateway floor bench harness', () => {
  it('has parseable small and node payloads', () => {
    for (const name of ['small', 'node'] as const) {
      const { bytes } = floorPayload(root, name);
      expect(parse(bytes).length).toBeGreaterThan(0);
    }
  });

  it('durable floor: a PUT is answered only once its body is in the journal file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-durable-floor-'));
    const journal = join(dir, 'journal');
    const floor = await startFloor(10, journal);
    try {
      const bodies = ['a 1\n', 'b 2\n', 'c 3\n'];
      const statuses = await Promise.all(
        bodies.map(async (body) => (await fetch(`${floor.url}/metrics/job/x`, { method: 'PUT', body })).status),
      );
      expect(statuses).toEqual([200, 200, 200]);
      const written = readFileSync(journal, 'utf8');
      for (const body of bodies) expect(written).toContain(body);
      expect(written).toHaveLength(bodies.join('').length);
      expect((await (await fetch(`${floor.url}/metrics`)).arrayBuffer()).byteLength).toBe(10);
    } finally {
      await floor.stop(5000);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!built)('parse floor: a body is parsed before the answer (400 when promkit rejects it)', async () => {
    const floor = await startFloor(10, '', pathToFileURL(join(root, 'dist', 'index.js')).href);
    try {
      const put = (body: string) => fetch(`${floor.url}/metrics/job/x`, { method: 'PUT', body }).then((r) => r.status);
      expect(await put('a 1\n')).toBe(200);
      expect(await put('a{ 1\n')).toBe(400);
    } finally {
      await floor.stop(5000);
    }
  });

  // Runs the whole harness on a tiny setting; asserts that every row was measured, never a speed.
  it.skipIf(!hasWrk() || !built)(
    'runs end to end on 20 groups for 1 s',
    async () => {
      const rows = await runGatewayFloor(
        root,
        { groups: 20, seconds: 1, connections: 2, scrapers: 3, gets: 2, starts: 1, seriesLimit: 1000 },
        () => {},
      );
      expect(rows.map((r) => r.measure)).toHaveLength(10);
      for (const r of rows) {
        expect(Number.isFinite(r.promkit), r.measure).toBe(true);
        expect(r.promkit, r.measure).toBeGreaterThan(0);
        if (r.anchor !== undefined) expect(r.anchor, r.measure).toBeGreaterThan(0);
      }
    },
    300_000,
  );
});
