import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floorPayload, hasWrk, runGatewayFloor } from '../../../bench/lib/gateway-floor.js';
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

  // Runs the whole harness on a tiny setting; asserts that every row was measured, never a speed.
  it.skipIf(!hasWrk() || !built)(
    'runs end to end on 20 groups for 1 s',
    async () => {
      const rows = await runGatewayFloor(
        root,
        { groups: 20, seconds: 1, connections: 2, scrapers: 3, gets: 2, starts: 1, seriesLimit: 1000 },
        () => {},
      );
      expect(rows.map((r) => r.measure)).toHaveLength(7);
      for (const r of rows) {
        expect(Number.isFinite(r.promkit), r.measure).toBe(true);
        expect(r.promkit, r.measure).toBeGreaterThan(0);
        if (r.anchor !== undefined) expect(r.anchor, r.measure).toBeGreaterThan(0);
      }
    },
    300_000,
  );
});
