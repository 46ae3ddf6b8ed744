import type { HandlerRequest } from '../context.js';
import { sendError, sendNotFound, sendPlain } from '../http/reply.js';
import { renderStatusPage } from '../status/index.js';

/** Pending writes at which `/-/healthy` and `/-/ready` report the queue as full (the Pushgateway's queue capacity). */
export const WRITE_QUEUE_CAPACITY = 1000;

function queueCheck(h: HandlerRequest): boolean {
  if (h.gw.writer.pendingWrites < WRITE_QUEUE_CAPACITY) return true;
  sendError(h.req, h.res, 500, 'write queue is full');
  return false;
}

/** `GET /-/healthy`: `OK`, or 500 `write queue is full`. */
export function healthyHandler(h: HandlerRequest): void {
  if (queueCheck(h)) sendPlain(h.req, h.res, 200, 'OK');
}

/**
 * `GET /-/ready`: `OK` (the store is restored before the gateway listens),
 * 500 `write queue is full`, or 503 while the storage cannot store writes.
 */
export function readyHandler(h: HandlerRequest): void {
  // A replica on shared storage is ready once it loaded the state, and while the storage answers.
  if (h.gw.writer.ready && !h.gw.writer.ready()) {
    sendError(h.req, h.res, 503, 'storage not ready');
    return;
  }
  if (!queueCheck(h)) return;
  const health = h.gw.writer.health();
  if (health.up) sendPlain(h.req, h.res, 200, 'OK');
  else sendError(h.req, h.res, 503, `storage cannot store writes: ${health.reason ?? 'unknown'}`);
}

/** `PUT|POST /-/quit`: with `--web.enable-lifecycle` a graceful shutdown, else 403. */
export function quitHandler(h: HandlerRequest): void {
  if (!h.gw.config.enableLifecycle) {
    sendPlain(h.req, h.res, 403, 'Lifecycle API is not enabled.');
    return;
  }
  h.res.on('finish', () => h.gw.requestShutdown('received termination request via web service, exiting gracefully...'));
  sendPlain(h.req, h.res, 200, 'Requesting termination... Goodbye!');
}

/** `GET /-/quit` (registered without the route prefix, as in the Pushgateway). */
export function quitGetHandler(h: HandlerRequest): void {
  sendPlain(h.req, h.res, 405, 'Only POST or PUT requests allowed.');
}

/** `GET /static/*`: the status page is self-contained, so there are no assets. */
export function staticHandler(h: HandlerRequest): void {
  sendNotFound(h.req, h.res);
}

/** `GET /` and `GET /status`: the HTML status page (tab, filter, order and page from the query). */
export function statusPageHandler(h: HandlerRequest): void {
  const html = Buffer.from(renderStatusPage(h.gw, h.rawRelative), 'utf8');
  h.res.statusCode = 200;
  h.res.setHeader('Content-Type', 'text/html; charset=utf-8');
  h.res.setHeader('Content-Length', html.length);
  h.res.end(html);
}
