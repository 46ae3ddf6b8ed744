import type { IncomingMessage } from 'node:http';
import { ParseError } from '../../errors/parse-error.js';
import { groupKey, parsePushPath } from '../../merge/grouping-key.js';
import type { Label, MetricFamily, WriteRequest } from '../../model/types.js';
import { parse } from '../../parse/index.js';
import { decodeProtobuf, ProtobufDecodeError } from '../../serialize/index.js';
import type { HandlerRequest } from '../context.js';
import { BodyTooLargeError, readBody, sendError, sendPlain } from '../http-io.js';
import { isProtobufBody } from '../media-type.js';
import { isOpenMetricsBody, openMetricsPushFamilies } from '../openmetrics.js';

/**
 * `PUT|POST|DELETE <prefix>/metrics/job/<job>{/<label>/<value>}` (and
 * `job@base64`): the URL becomes a grouping, the body families, and the
 * store decides (PUSHGATEWAY.md §2–§4).
 */

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

/** The grouping of a push path, or `undefined` after answering with the error. */
function grouping(h: HandlerRequest): Label[] | undefined {
  const r = parsePushPath(h.rawRelative, h.req.method);
  if (r.kind === 'grouping') return r.grouping;
  if (r.kind === 'error') {
    h.gw.logger.debug('failed to parse URL', { url: h.rawRelative, err: r.message });
    sendError(h.req, h.res, 400, r.message);
  } else {
    // The router matched this path already; the path parser disagreeing is a bug.
    sendError(
      h.req,
      h.res,
      500,
      `code error: push path ${JSON.stringify(h.rawRelative)} routed but not parsed (${r.kind})`,
    );
  }
  return undefined;
}

/** Remembers why a push to `grouping` was refused, for the status page. */
function rememberFailure(h: HandlerRequest, grouping: readonly Label[], message: string): void {
  const snapshot = h.gw.store.snapshot();
  h.gw.failures?.record(groupKey(grouping), message, h.gw.now(), (k) => snapshot.groups.has(k));
}

/** Reads and parses the body as protobuf-delimited, OpenMetrics or text; answers 400/413 and returns `undefined` on error. */
async function families(h: HandlerRequest, grouping: readonly Label[]): Promise<MetricFamily[] | undefined> {
  let body = h.body;
  const features = h.gw.features;
  const max = h.gw.config.maxBodyBytes;
  try {
    body ??= await readBody(h.req, features ? features.bodyLimit(max) : max);
    if (features?.limitsBody(max) && body.length > features.bodyLimit(max))
      throw new BodyTooLargeError(features.bodyLimit(max));
  } catch (e) {
    if (e instanceof BodyTooLargeError && features?.limitsBody(max)) {
      const declared = h.req.headers['content-length'];
      const size = h.body?.length ?? (declared !== undefined && /^\d+$/.test(declared) ? +declared : undefined);
      features.refuseBody(h, size ?? e.limit, size !== undefined);
      return undefined;
    }
    if (e instanceof BodyTooLargeError) {
      h.res.setHeader('Connection', 'close');
      sendError(h.req, h.res, 413, e.message);
      return undefined;
    }
    throw e;
  }
  try {
    const contentType = h.req.headers['content-type'];
    if (isOpenMetricsBody(contentType)) return openMetricsPushFamilies(parse(body, { format: 'openmetrics' }));
    return isProtobufBody(contentType) ? decodeProtobuf(body) : parse(body);
  } catch (e) {
    if (e instanceof ParseError || e instanceof ProtobufDecodeError) {
      h.gw.logger.debug('failed to parse text', { source: h.req.socket.remoteAddress, err: e.message });
      rememberFailure(h, grouping, e.message);
      sendError(h.req, h.res, 400, e.message);
      return undefined;
    }
    throw e;
  }
}

/** PUT (replace the group) and POST (replace the families pushed). */
export async function pushHandler(h: HandlerRequest): Promise<void> {
  const { gw, req, res } = h;
  const g = grouping(h);
  if (!g) return;
  const fams = await families(h, g);
  if (!fams) return;
  const write: WriteRequest = {
    grouping: g,
    mode: req.method === 'PUT' ? 'replace' : 'merge',
    families: fams,
    receivedAt: gw.now(),
  };
  const result = gw.features ? await gw.features.submitPush(h, write) : await gw.writer.submit(write);
  if (!result) return;
  if (!result.ok) rememberFailure(h, g, result.message);
  if (!gw.store.checked) {
    if (!result.ok) gw.logger.debug('unchecked push not stored', { err: result.message });
    sendPlain(req, res, 202);
  } else if (result.ok) {
    sendPlain(req, res, 200);
  } else {
    gw.logger.error('pushed metrics are invalid or inconsistent with existing metrics', {
      method: req.method,
      source: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
      err: result.errors.join('; '),
    });
    sendError(req, res, 400, result.message);
  }
}

/** DELETE: remove the group. 202 once the deletion is applied and durable. */
export async function deleteHandler(h: HandlerRequest): Promise<void> {
  const g = grouping(h);
  if (!g) return;
  await h.gw.writer.submit({ grouping: g, mode: 'delete', receivedAt: h.gw.now() });
  h.gw.failures?.forget(groupKey(g));
  sendPlain(h.req, h.res, 202);
}
