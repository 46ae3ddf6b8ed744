import type { PreHandlerHook, RequestHook, ResponseHook } from '../context.js';
import { BodyTooLargeError } from '../http/body.js';
import { sendError } from '../http/reply.js';
import { accessOf, type AccessKind } from './access.js';
import { aggregatePush } from './aggregation.js';
import { hasLimits } from './config.js';
import { bodyRefusal, checkPushLimits } from './limits.js';
import type { GatewayFeatures } from './runtime.js';
import { parseTtlHeader, TTL_HEADER } from './ttl.js';

/**
 * The opt-in features as route hooks (see docs/gateway.md, "Request
 * pipeline"): the TTL sweep and per-job authorization run `onRequest` on
 * every route; the body limit `onRequest` on push routes; the TTL header,
 * limits and aggregation as `preHandler`s of push routes; TTL bookkeeping
 * `onResponse`.
 */

/** `onRequest`: deletes expired groups first (at most once a second). */
export function ttlSweepHook(features: GatewayFeatures): RequestHook {
  return async (h) => {
    await features.sweep(h.gw);
  };
}

/** `onRequest`: per-job authorization of a route needing `kind`; 401/403 when refused. */
export function authorizeHook(features: GatewayFeatures, kind: AccessKind): RequestHook {
  return async (h) => {
    const decision = await features.authorize(h, accessOf(kind, h.rawRelative, h.req.method ?? 'GET'));
    if (decision.ok) return;
    if (decision.status === 401) h.res.setHeader('WWW-Authenticate', 'Bearer, Basic');
    sendError(h.req, h.res, decision.status, decision.message);
  };
}

/** `onRequest` on push routes: `--limits.body-bytes`, when below `--push.max-body-size`, limits the body. */
export function bodyLimitHook(features: GatewayFeatures): RequestHook {
  const limits = features.config.limits;
  return (h) => {
    if (!(limits.bodyBytes > 0 && limits.bodyBytes < h.bodyLimit.bytes)) return;
    const declared = h.req.headers['content-length'];
    const size = declared !== undefined && /^\d+$/.test(declared) ? +declared : undefined;
    h.bodyLimit = {
      bytes: limits.bodyBytes,
      tooLarge: (limit, decoded) => {
        const r = !decoded && size !== undefined ? bodyRefusal(limits, size, true) : bodyRefusal(limits, limit, false);
        features.countRefusal(r);
        return new BodyTooLargeError(limit, r.message);
      },
    };
  };
}

const TTL_STATE = 'ttl';

/** `preHandler`: reads the TTL header of a push (400 when malformed). */
export function ttlHeaderHook(): PreHandlerHook {
  return (h, write) => {
    const t = parseTtlHeader(h.req.headers[TTL_HEADER]);
    if (t instanceof Error) {
      sendError(h.req, h.res, 400, t.message);
      return undefined;
    }
    h.state.set(TTL_STATE, t);
    return write;
  };
}

/** `onResponse`: a stored push (re)starts its group's TTL. */
export function ttlTrackHook(features: GatewayFeatures): ResponseHook {
  return (h) => {
    if (h.write && h.result?.ok) features.ttl?.pushed(h.write.grouping, h.state.get(TTL_STATE) as number | undefined);
  };
}

/**
 * `preHandler`: a push to an aggregated group holds the group's lock until
 * it is stored (the aggregation reads the group, then writes it).
 */
export function aggregationLockHook(features: GatewayFeatures): PreHandlerHook {
  return async (h, write) => {
    if (features.aggregates(write.grouping)) h.cleanup.push(await features.lock(JSON.stringify(write.grouping)));
    return write;
  };
}

/** `preHandler`: series, label and group limits (413/429). */
export function limitsHook(features: GatewayFeatures): PreHandlerHook {
  return (h, write) => {
    if (!hasLimits(features.config.limits)) return write;
    const r = checkPushLimits(
      features.config.limits,
      write.grouping,
      write.families ?? [],
      write.mode === 'replace',
      () => h.gw.store.snapshot(),
    );
    if (!r) return write;
    features.refuse(h, r);
    return undefined;
  };
}

/** `preHandler`: a push to an aggregated group becomes a merge of the sums (400 when it cannot be aggregated). */
export function aggregationHook(features: GatewayFeatures): PreHandlerHook {
  return (h, write) => {
    if (!features.aggregates(write.grouping)) return write;
    const a = aggregatePush(h.gw.store.snapshot().group(write.grouping), write.grouping, write.families ?? []);
    if (!a.ok) {
      sendError(h.req, h.res, 400, a.message);
      return undefined;
    }
    return { ...write, mode: 'merge', families: a.families };
  };
}
