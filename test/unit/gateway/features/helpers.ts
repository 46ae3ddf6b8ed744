import { silentLogger } from '../../../../src/gateway/telemetry/logger.js';
import { startGateway, type Gateway } from '../../../../src/gateway/gateway.js';
import { featureConfig, type FeatureConfig } from '../../../../src/gateway/features/config.js';
import type { GatewayConfig } from '../../../../src/gateway/config/config.js';

/** A gateway on 127.0.0.1 (free port, memory only) with an injected clock. */
export interface FeatureGateway {
  gw: Gateway;
  base: string;
  clock: { now: number };
  stop(): Promise<void>;
  req(
    method: string,
    path: string,
    body?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: string; headers: Headers }>;
}

/** Starts a gateway with `features` turned on; the clock starts at `start` ms and only moves when the test moves it. */
export async function startFeatureGateway(
  features: Partial<FeatureConfig>,
  extra: Partial<GatewayConfig> = {},
  start = 1_700_000_000_000,
): Promise<FeatureGateway> {
  const clock = { now: start };
  const gw = await startGateway({
    config: { listenAddresses: ['127.0.0.1:0'], ...extra, features: featureConfig(features) },
    logger: silentLogger,
    now: () => clock.now,
    onQuit: () => {},
  });
  const base = gw.addresses[0].url;
  return {
    gw,
    base,
    clock,
    stop: () => gw.shutdown('test done', 100),
    async req(method, path, body, headers = {}) {
      const res = await fetch(base + path, { method, body, headers });
      return { status: res.status, body: await res.text(), headers: res.headers };
    },
  };
}
