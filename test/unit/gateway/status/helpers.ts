import { gatewayConfig, type GatewayConfig } from '../../../../src/gateway/config.js';
import type { GatewayContext } from '../../../../src/gateway/context.js';
import { flagValues } from '../../../../src/gateway/flags.js';
import { silentLogger } from '../../../../src/gateway/logger.js';
import { buildInfo, GatewayMetrics, OWN_FAMILIES } from '../../../../src/gateway/metrics.js';
import { LastFailures } from '../../../../src/gateway/status/index.js';
import { memoryWriter } from '../../../../src/gateway/writer.js';
import { parse } from '../../../../src/parse/index.js';
import { createStore } from '../../../../src/store/index.js';

/** A gateway context without HTTP, with a clock the test moves, for rendering the status page. */
export interface PageContext {
  gw: GatewayContext;
  clock: { now: number };
  /** Pushes `text` (PUT) to the group with these labels at the clock's time; resolves with the store's result. */
  push(labels: Record<string, string>, text: string, method?: 'PUT' | 'POST'): Promise<boolean>;
}

/** A context with an empty store; the clock starts at 2026-01-01T00:00:00Z. */
export function pageContext(config: Partial<GatewayConfig> = {}): PageContext {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const now = (): number => clock.now;
  const cfg = gatewayConfig(config);
  const store = createStore({ checked: !cfg.disableConsistencyCheck, ownFamilies: OWN_FAMILIES, now });
  const gw: GatewayContext = {
    config: cfg,
    store,
    writer: memoryWriter(store),
    metrics: new GatewayMetrics(buildInfo('9.9.9'), now),
    logger: silentLogger,
    build: buildInfo('9.9.9'),
    flags: flagValues(cfg),
    startTime: clock.now,
    routePrefix: '',
    externalPrefix: '',
    now,
    requestShutdown: () => {},
    failures: new LastFailures(),
  };
  return {
    gw,
    clock,
    async push(labels, text, method = 'PUT') {
      const r = await store.submit({
        grouping: Object.entries(labels).map(([name, value]) => ({ name, value })),
        mode: method === 'PUT' ? 'replace' : 'merge',
        families: parse(text),
        receivedAt: clock.now,
      });
      return r.ok;
    },
  };
}
