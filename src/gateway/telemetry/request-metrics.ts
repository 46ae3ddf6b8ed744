import type { IncomingMessage } from 'node:http';
import type { ResponseHook } from '../context.js';

/** The request metrics of the Pushgateway's instrumentation, as `onResponse` hooks. */

/** promhttp's `computeApproximateRequestSize`: URL, method, protocol, header names and values, host, content length. */
export function approximateRequestSize(req: IncomingMessage): number {
  let s = (req.url ?? '').length + (req.method ?? '').length + `HTTP/${req.httpVersion}`.length;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'host') continue;
    s += raw[i].length + raw[i + 1].length;
  }
  s += (req.headers.host ?? '').length;
  const cl = req.headers['content-length'];
  if (cl !== undefined && /^\d+$/.test(cl)) s += +cl;
  return s;
}

/** `onResponse`: counts the request in `pushgateway_http_requests_total` under `name`. */
export function countRequestHook(name: string): ResponseHook {
  return (h) => h.gw.metrics.countRequest(name, h.req.method ?? 'GET', h.res.statusCode);
}

/** `onResponse` on push routes: push duration and request size. */
export function observePushHook(): ResponseHook {
  return (h) => {
    const seconds = Number(process.hrtime.bigint() - h.started) / 1e9;
    h.gw.metrics.observePush(h.req.method ?? 'GET', seconds, approximateRequestSize(h.req));
  };
}
