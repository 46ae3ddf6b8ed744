import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricStore } from '../store/index.js';
import type { GatewayConfig } from './config.js';
import type { Logger } from './logger.js';
import type { GatewayFeatures } from './features/runtime.js';
import type { LastFailures } from './status/failures.js';
import type { BuildInfo, GatewayMetrics } from './metrics.js';
import type { Writer } from './writer.js';

/** What every handler can reach: the store, the writer, configuration, metrics. */
export interface GatewayContext {
  config: GatewayConfig;
  store: MetricStore;
  writer: Writer;
  metrics: GatewayMetrics;
  logger: Logger;
  build: BuildInfo;
  /** Flags as shown by `/api/v1/status` and the status page. */
  flags: Map<string, string>;
  /** Start time, in milliseconds since the epoch. */
  startTime: number;
  /** The effective route prefix (`''` or `/x`). */
  routePrefix: string;
  /** The path prefix used in links of the status page (from `--web.external-url`). */
  externalPrefix: string;
  /** The clock, in milliseconds since the epoch. */
  now: () => number;
  /** Asks the gateway to shut down gracefully (`/-/quit`). */
  requestShutdown: (reason: string) => void;
  /** The opt-in features, when any is configured (`undefined`: plain Pushgateway behaviour). */
  features?: GatewayFeatures;
  /** The reason of each group's last refused push, for the status page (in memory only). */
  failures?: LastFailures;
}

/** One request as a handler sees it. */
export interface HandlerRequest {
  gw: GatewayContext;
  req: IncomingMessage;
  res: ServerResponse;
  /** Route parameters (latin1 strings of decoded bytes). */
  params: Record<string, string>;
  /** The request path relative to the route prefix, still percent-encoded, with the query. */
  rawRelative: string;
  /** The body, when the gzip stage already read and decoded it. */
  body?: Buffer;
  /** High-resolution start time (`process.hrtime.bigint()`). */
  started: bigint;
}

/** A route handler. It must answer the request (the promise settles after it did). */
export type Handler = (h: HandlerRequest) => Promise<void> | void;
