/**
 * promkit: parse, validate, merge and serialize the Prometheus exposition formats.
 * This module only re-exports the public API of each stage.
 */
export * from './model/index.js';
export * from './errors/index.js';
export * from './parse/index.js';
export * from './serialize/index.js';
export * from './validate/index.js';
export * from './merge/index.js';
export * from './store/index.js';
export * from './push/index.js';
export {
  startGateway,
  Gateway,
  parseFlags as parseGatewayFlags,
  type GatewayOptions,
  type GatewayConfig,
  type ListenAddress,
} from './gateway/index.js';
