import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from '../../../../src/gateway/config/flags.js';
import { silentLogger } from '../../../../src/gateway/telemetry/logger.js';
import { startGateway, type Gateway } from '../../../../src/gateway/gateway.js';
import type { GatewayConfig } from '../../../../src/gateway/config/config.js';
import type { Scenario, Transcript } from '../../../../scripts/gen-gateway-fixtures.lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The scenarios of fixtures/gateway/scenarios.json. */
export function loadScenarios(): Scenario[] {
  return JSON.parse(readFileSync(join(root, 'fixtures/gateway/scenarios.json'), 'utf8')) as Scenario[];
}

/** The transcripts Pushgateway 1.5.1 gave (fixtures/gateway/expected-1.5.1.json), by scenario name. */
export function loadExpected(): Map<string, Transcript[]> {
  const doc = JSON.parse(readFileSync(join(root, 'fixtures/gateway/expected-1.5.1.json'), 'utf8')) as {
    scenarios: { name: string; transcripts: Transcript[] }[];
  };
  return new Map(doc.scenarios.map((s) => [s.name, s.transcripts]));
}

/** One deliberate difference from 1.5.1 (fixtures/gateway/differences.json). */
export interface Difference {
  scenario: string;
  /** Index of the step in the scenario. */
  step: number;
  /** Why we differ. */
  reason: string;
  /** What promkit answers instead (checked); fields left out are not compared. */
  ours: Partial<Transcript>;
}

/** The allow-list of deliberate differences, keyed `scenario#step`. */
export function loadDifferences(): Map<string, Difference> {
  const list = JSON.parse(readFileSync(join(root, 'fixtures/gateway/differences.json'), 'utf8')) as {
    differences: Difference[];
  };
  return new Map(list.differences.map((d) => [`${d.scenario}#${d.step}`, d]));
}

/** A gateway started in-process on 127.0.0.1 with a free port and a temporary persistence file. */
export interface TestGateway {
  gw: Gateway;
  base: string;
  dir: string;
  quits: string[];
  stop(): Promise<void>;
}

/** Starts a gateway in-process with Pushgateway-style `flags` (listen address and persistence file are chosen here). */
export async function startTestGateway(flags: string[] = [], extra: Partial<GatewayConfig> = {}): Promise<TestGateway> {
  const parsed = parseFlags(flags);
  if (parsed.kind !== 'config') throw new Error(`bad flags ${flags.join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'promkit-gw-'));
  const quits: string[] = [];
  const gw = await startGateway({
    config: { ...parsed.config, listenAddresses: ['127.0.0.1:0'], persistenceFile: join(dir, 'state.json'), ...extra },
    logger: silentLogger,
    onQuit: (reason) => quits.push(reason),
  });
  return {
    gw,
    base: gw.addresses[0].url,
    dir,
    quits,
    stop: async () => {
      await gw.shutdown('test done', 1000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
