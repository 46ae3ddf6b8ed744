/**
 * The gateway stage: a Pushgateway-compatible HTTP server over the store,
 * with crash-safe persistence (journal + snapshots).
 */
export { Gateway, startGateway, parseListenAddress, type GatewayOptions, type ListenAddress } from './server.js';
export { DEFAULT_CONFIG, gatewayConfig, computeRoutePrefix, type GatewayConfig } from './config.js';
export { parseFlags, flagsHelp, flagValues, type FlagsResult } from './flags.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LogFormat } from './logger.js';
export { loadWebConfig, parseWebConfig, WebConfigError, type WebConfig } from './web-config.js';
export { openPersistence, type RestoreReport } from './writer.js';
export { OWN_FAMILIES } from './metrics.js';
