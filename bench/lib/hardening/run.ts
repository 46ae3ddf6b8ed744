// Runs the hardening scenarios against promkit and, where they apply, Debian's Pushgateway 1.5.1 in the
// same run, and formats the rows as one table.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { damagedFiles } from './damaged-files.js';
import { fullDisk } from './full-disk.js';
import { bigLabels } from './labels.js';
import { load } from './load.js';
import { regexMatchers } from './regex.js';
import { PUSHGATEWAY_BIN, pushgatewayLauncher } from './servers.js';
import { snappyBomb } from './snappy-bomb.js';
import type { HardeningContext, HardeningOptions, HardeningRow, Launcher, ScenarioName } from './types.js';

const RUNS: Record<ScenarioName, (ctx: HardeningContext) => Promise<HardeningRow[]>> = {
  'full-disk': fullDisk,
  labels: bigLabels,
  'snappy-bomb': snappyBomb,
  regex: regexMatchers,
  'damaged-files': damagedFiles,
  load,
};

/** Where to find the servers: promkit's launcher, and the Pushgateway binary (`false`: do not run it). */
export interface HardeningTargets {
  root: string;
  promkit: Launcher;
  pushgateway?: string | false;
}

/**
 * Runs the scenarios of `o` in order; each is bounded in count and time, uses its own servers on free
 * loopback ports and a temp directory removed at the end. `log` gets progress lines.
 */
export async function runHardening(
  o: HardeningOptions,
  t: HardeningTargets,
  log: (line: string) => void,
): Promise<HardeningRow[]> {
  const bin = t.pushgateway === false ? undefined : (t.pushgateway ?? PUSHGATEWAY_BIN);
  const pushgateway = bin !== undefined && existsSync(bin) ? pushgatewayLauncher(bin) : undefined;
  const noPushgateway = t.pushgateway === false ? 'not run' : `not run: no Pushgateway at ${bin}`;
  const dir = mkdtempSync(join(tmpdir(), 'promkit-hardening-'));
  // A server started as another user (damaged files, as root) must reach its directory below this one.
  chmodSync(dir, 0o711);
  const ctx: HardeningContext = { o, promkit: t.promkit, pushgateway, noPushgateway, root: t.root, dir, log };
  const rows: HardeningRow[] = [];
  try {
    for (const name of o.scenarios) rows.push(...(await RUNS[name](ctx)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The rows as a Markdown table: scenario, promkit, Pushgateway 1.5.1, promkit's expectation, pass. */
export function hardeningTable(rows: readonly HardeningRow[]): string {
  const lines = [
    '| scenario | promkit | Pushgateway 1.5.1 | promkit expected | pass |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${[
          r.scenario,
          r.promkit,
          r.pushgateway,
          r.expected,
          r.pass === undefined ? 'skipped' : r.pass ? 'pass' : 'FAIL',
        ]
          .map(cell)
          .join(' | ')} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}
