/**
 * promkit: parse, lint and serialize the Prometheus exposition formats.
 *
 * This entry is the light one: the data model, parse errors, the parsers,
 * the serializers and the linter. The merge rules, the store and the push
 * client have their own entries (`promkit/merge`, `promkit/store`,
 * `promkit/push`), so that importing `parse` loads none of them.
 *
 * @module promkit
 */
export * from './model/index.js';
export * from './errors/index.js';
export * from './parse/index.js';
export * from './serialize/index.js';
export * from './validate/index.js';
export {
  startGateway,
  Gateway,
  parseFlags as parseGatewayFlags,
  type GatewayOptions,
  type GatewayConfig,
  type ListenAddress,
} from './gateway/index.js';
