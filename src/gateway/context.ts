import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Label, MetricFamily, WriteRequest } from '../model/types.js';
import type { MetricStore, SubmitResult } from '../store/index.js';
import type { GatewayConfig } from './config/config.js';
import type { BodyBudget, RequestBody } from './http/body.js';
import type { Logger } from './telemetry/logger.js';
import type { BuildInfo, GatewayMetrics } from './telemetry/metrics.js';
import type { LastFailures } from './status/failures.js';
import type { TtlTracker } from './features/ttl.js';
import type { Writer } from './writer.js';

/** What every handler and hook can reach: the store, the writer, configuration, metrics. */
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
  /** Bytes of request bodies all requests may hold at once (`--push.max-bytes-in-flight`). */
  bodyBudget: BodyBudget;
  /**
   * What the opt-in features would refuse in a push (limits, aggregation), for
   * the dry run; absent when no feature is on. Pure.
   */
  dryRun?: (grouping: Label[], families: MetricFamily[], replace: boolean) => { code: string; message: string }[];
  /** The reason of each group's last refused push, for the status page (in memory only). */
  failures?: LastFailures;
  /** Group expiry, when TTLs are on (`--push.ttl…`). */
  ttl?: TtlTracker;
}

/** One request as hooks and handlers see it. */
export interface HandlerRequest {
  gw: GatewayContext;
  req: IncomingMessage;
  res: ServerResponse;
  /** Route parameters (latin1 strings of decoded bytes). */
  params: Record<string, string>;
  /** The request path relative to the route prefix, still percent-encoded, with the query. */
  rawRelative: string;
  /** The body, read (and decoded) only by routes that take one, after the `onRequest` hooks. */
  body: RequestBody;
  /** The limit the body is read with and the error beyond it (default `--push.max-body-size`; hooks may tighten it). */
  bodyLimit: { bytes: number; tooLarge?: (limit: number, decoded: boolean) => Error };
  /** High-resolution start time (`process.hrtime.bigint()`). */
  started: bigint;
  /** On write routes: the write as submitted (after the `preHandler` hooks), once it was. */
  write?: WriteRequest;
  /** On write routes: the store's answer to {@link write}. */
  result?: SubmitResult;
  /** Per-request values hooks hand to later hooks (e.g. a TTL header), by hook name. */
  state: Map<string, unknown>;
  /** Run once the write was submitted (or refused): releases what `preHandler` hooks held. */
  cleanup: (() => void)[];
}

/** A route handler that answers the request itself (the promise settles after it did). */
export type Handler = (h: HandlerRequest) => Promise<void> | void;

/**
 * A write route's handler: it only turns HTTP into a {@link WriteRequest}
 * and the store's answer into a reply; the pipeline submits in between.
 */
export interface WriteHandler {
  /** The write a request asks for, or `undefined` after answering (bad path, bad body). */
  toWrite(h: HandlerRequest): Promise<WriteRequest | undefined>;
  /** Answers the request from the store's result. */
  reply(h: HandlerRequest, result: SubmitResult): void;
}

/**
 * A hook running before the route's body is read (`onRequest`): it may
 * answer the request, which ends it there.
 */
export type RequestHook = (h: HandlerRequest) => Promise<void> | void;

/**
 * A hook between a write route's {@link WriteHandler.toWrite} and the
 * store (`preHandler`): returns the write to go on with (possibly changed),
 * or `undefined` after answering the request.
 */
export type PreHandlerHook = (
  h: HandlerRequest,
  write: WriteRequest,
) => Promise<WriteRequest | undefined> | WriteRequest | undefined;

/** A hook running once the response is finished (`onResponse`). */
export type ResponseHook = (h: HandlerRequest) => void;

/** Whether a hook or handler already answered the request. */
export function replied(h: HandlerRequest): boolean {
  return h.res.headersSent || h.res.writableEnded;
}
