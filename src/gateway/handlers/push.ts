import { ParseError } from '../../errors/parse-error.js';
import { groupKey, parsePushPath } from '../../merge/grouping-key.js';
import type { Label, MetricFamily } from '../../model/types.js';
import { parse } from '../../parse/index.js';
import { decodeProtobuf, ProtobufDecodeError } from '../../serialize/index.js';
import type { HandlerRequest, WriteHandler } from '../context.js';
import { answerBodyError } from '../http/body.js';
import { sendError, sendPlain } from '../http/reply.js';
import { isProtobufBody } from '../../parse/media-type.js';
import { isOpenMetricsBody, openMetricsPushFamilies } from './openmetrics-push.js';

/**
 * `PUT|POST|DELETE <prefix>/metrics/job/<job>{/<label>/<value>}` (and
 * `job@base64`): the URL becomes a grouping, the body families, and the
 * store decides (docs/pushgateway-compat.md).
 */

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

/** Remembers why a push to a group (its grouping labels or key) was refused, for the status page. */
function rememberFailure(h: HandlerRequest, group: readonly Label[] | string, message: string): void {
  const snapshot = h.gw.store.snapshot();
  const key = typeof group === 'string' ? group : groupKey(group);
  h.gw.failures?.record(key, message, h.gw.now(), (k) => snapshot.groups.has(k));
}

/** Reads and parses the body as protobuf-delimited, OpenMetrics or text; answers 400/413/503 and returns `undefined` on error. */
async function families(h: HandlerRequest, grouping: readonly Label[]): Promise<MetricFamily[] | undefined> {
  let body: Buffer;
  try {
    body = await h.body.read({ limit: h.bodyLimit.bytes, tooLarge: h.bodyLimit.tooLarge, budget: h.gw.bodyBudget });
  } catch (e) {
    if (answerBodyError(h.req, h.res, e)) return undefined;
    throw e;
  }
  try {
    const contentType = h.req.headers['content-type'];
    if (isOpenMetricsBody(contentType)) return openMetricsPushFamilies(parse(body, { format: 'openmetrics' }));
    return isProtobufBody(contentType) ? decodeProtobuf(body, { asPushed: true }) : parse(body);
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
export const pushHandler: WriteHandler = {
  async toWrite(h) {
    const g = grouping(h);
    if (!g) return undefined;
    const fams = await families(h, g);
    if (!fams) return undefined;
    return { grouping: g, mode: h.req.method === 'PUT' ? 'replace' : 'merge', families: fams, receivedAt: h.gw.now() };
  },
  reply(h, result) {
    const { gw, req, res } = h;
    if (!result.ok) rememberFailure(h, result.group, result.message);
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
  },
};

/** DELETE: remove the group. 202 once the deletion is applied and durable. */
export const deleteHandler: WriteHandler = {
  toWrite(h) {
    const g = grouping(h);
    return Promise.resolve(g && { grouping: g, mode: 'delete', receivedAt: h.gw.now() });
  },
  reply(h, result) {
    h.gw.failures?.forget(result.group);
    sendPlain(h.req, h.res, 202);
  },
};
