/**
 * The gateway stage (`promkit/gateway`): a Pushgateway-compatible HTTP
 * server over the store, with crash-safe persistence (journal + snapshots),
 * to run on its own ({@link startGateway}) or mount in a server of your own
 * ({@link createGateway}).
 *
 * @module promkit/gateway
 */
export { createGateway, type EmbeddedGateway } from './embed.js';
export { Gateway, startGateway, parseListenAddress, type GatewayOptions, type ListenAddress } from './gateway.js';
export { DEFAULT_CONFIG, gatewayConfig, computeRoutePrefix, type GatewayConfig } from './config/config.js';
export { parseFlags, flagsHelp, flagValues, type FlagsResult } from './config/flags.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LogFormat } from './telemetry/logger.js';
export { loadWebConfig, parseWebConfig, WebConfigError, type WebConfig } from './web/web-config.js';
export { openPersistence, type RestoreReport } from './writer.js';
export { OWN_FAMILIES } from './telemetry/metrics.js';
