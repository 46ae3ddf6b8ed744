import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardeningTable, runHardening } from '../../../bench/lib/hardening/run.js';
import { manyLabels } from '../../../bench/lib/hardening/labels.js';
import { scrapeP99Limit } from '../../../bench/lib/hardening/load.js';
import { promkitLauncher } from '../../../bench/lib/hardening/servers.js';
import { SCENARIOS, type HardeningRow } from '../../../bench/lib/hardening/types.js';
import { parse } from '../../../src/parse/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');

describe('hardening bench harness', () => {
  it('builds one series with the asked number of labels', () => {
    const [family] = parse(manyLabels(500));
    expect(family.metrics).toHaveLength(1);
    expect(family.metrics[0].labels).toHaveLength(500);
  });

  it('prints one Markdown row per result, pipes escaped, skipped rows marked', () => {
    const rows: HardeningRow[] = [
      { scenario: 'a|b', promkit: 'ok', pushgateway: 'n/a', expected: 'x', pass: true },
      { scenario: 'c', promkit: 'bad', pushgateway: 'y', expected: 'x', pass: false },
      { scenario: 'd', promkit: 'skipped: no root', pushgateway: 'skipped', expected: 'x', pass: undefined },
    ];
    const lines = hardeningTable(rows).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe('| a\\|b | ok | n/a | x | pass |');
    expect(lines[3].endsWith('| FAIL |')).toBe(true);
    expect(lines[4].endsWith('| skipped |')).toBe(true);
  });

  it("holds promkit's scrape p99 to 5 s, or to twice the floor's when the machine cannot do 5 s", () => {
    expect(scrapeP99Limit(1000)).toBe(5000);
    expect(scrapeP99Limit(2500)).toBe(5000);
    expect(scrapeP99Limit(4000)).toBe(8000);
  });

  // Every scenario on tiny sizes against the built CLI (and the Pushgateway when installed). Asserts that
  // the rows are well formed and that the outcomes that do not depend on speed are promkit's; never a time.
  it.skipIf(!existsSync(cli))(
    'runs every scenario on tiny sizes and reports well-formed rows',
    async () => {
      const rows = await runHardening(
        {
          labels: 1000,
          snappyMib: 2,
          regexLength: 40,
          journalGroups: 6,
          groups: 20,
          seconds: 1,
          scrapers: 3,
          pushers: 2,
          scenarios: [...SCENARIOS],
        },
        { root, promkit: promkitLauncher(process.execPath, [cli, 'gateway']) },
        () => {},
      );
      expect(rows).toHaveLength(9);
      for (const r of rows) {
        for (const cell of [r.scenario, r.promkit, r.pushgateway, r.expected])
          expect(cell.length, r.scenario).toBeGreaterThan(0);
        if (r.pass === undefined) expect(r.promkit, r.scenario).toMatch(/^skipped: /);
        else expect(typeof r.pass).toBe('boolean');
      }
      const row = (start: string): HardeningRow => rows.find((r) => r.scenario.startsWith(start))!;
      for (const damaged of ['(a)', '(b)', '(c)']) expect(row(damaged).pass, row(damaged).promkit).toBe(true);
      expect(row('delete {job=~"A)|(B"}').pass, row('delete {job=~"A)|(B"}').promkit).toBe(true);
      const loadRow = row('3 scrapers');
      if (loadRow.pass !== undefined) {
        // The floor is measured in the same run and the scrape expectation says what it is held to.
        expect(loadRow.promkit).toMatch(/Floor \(bare node:http serving a static [\d.]+ MB buffer/);
        expect(loadRow.expected).toMatch(/p99 ≤ \d+ ms \(the larger of 5 s and 2× the floor's scrape p99/);
      }
      const disk = row('full disk');
      if (disk.pass !== undefined) expect(disk.pass, disk.promkit).toBe(true);
      expect(hardeningTable(rows).trimEnd().split('\n')).toHaveLength(rows.length + 2);
    },
    300_000,
  );
});
