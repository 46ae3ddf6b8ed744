import type { Handler, HandlerRequest, PreHandlerHook, RequestHook, ResponseHook, WriteHandler } from '../context.js';
import { replied } from '../context.js';
import { dropStaleRenderings } from '../handlers/metrics.js';
import { isLargeWrite, yieldToLoop } from '../../store/index.js';

/**
 * An endpoint (a route's handler and its hooks), and the order they run in (docs/gateway.md,
 * "Request pipeline"): `onRequest` hooks; then either the handler, or for a
 * write route `toWrite` → `preHandler` hooks → the writer → `reply`;
 * `onResponse` hooks once the response is finished. A hook that answers
 * the request ends it.
 */

/** What a route needs under per-job authorization. */
export type RouteAccess = 'push' | 'read' | 'admin' | 'open';

/** A route's target in the router. */
export interface Endpoint {
  /** Answers the request itself (routes that do not write). */
  handler?: Handler;
  /** Turns the request into a write and the result into a reply (push and delete). */
  write?: WriteHandler;
  /** What the route needs under `--auth.file`. */
  access: RouteAccess;
  onRequest: RequestHook[];
  preHandler: PreHandlerHook[];
  onResponse: ResponseHook[];
}

/** Runs `endpoint` for the request `h`. */
export async function runEndpoint(endpoint: Endpoint, h: HandlerRequest): Promise<void> {
  if (endpoint.onResponse.length > 0)
    h.res.once('finish', () => {
      for (const hook of endpoint.onResponse) hook(h);
    });
  for (const hook of endpoint.onRequest) {
    await hook(h);
    if (replied(h)) return;
  }
  if (endpoint.handler) return endpoint.handler(h);
  const w = endpoint.write!;
  let write = await w.toWrite(h);
  try {
    for (const hook of endpoint.preHandler) {
      if (!write) break;
      write = await hook(h, write);
    }
    if (!write) return;
    // Parsing a large push, grouping it and preparing it are separate turns of the event loop
    // (docs/gateway.md, "Large pushes").
    if (isLargeWrite(write)) {
      await yieldToLoop();
      h.gw.store.stage(write);
      await yieldToLoop();
    }
    h.write = write;
    h.result = await h.gw.writer.submit(write);
    dropStaleRenderings(h.gw.store);
  } finally {
    for (const release of h.cleanup.splice(0)) release();
  }
  w.reply(h, h.result);
}
