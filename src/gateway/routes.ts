import type { GatewayContext, Handler, PreHandlerHook, RequestHook, ResponseHook, WriteHandler } from './context.js';
import { routeAccess } from './features/access.js';
import { deleteByMatcherHandler } from './features/delete-by-matcher.js';
import {
  aggregationHook,
  aggregationLockHook,
  authorizeHook,
  bodyLimitHook,
  limitsHook,
  ttlHeaderHook,
  ttlSweepHook,
  ttlTrackHook,
} from './features/hooks.js';
import type { GatewayFeatures } from './features/runtime.js';
import { validateHandler } from './features/validate-endpoint.js';
import { apiMetricsHandler, apiOptionsHandler, apiStatusHandler, wipeHandler } from './handlers/api.js';
import { metricsHandler } from './handlers/metrics.js';
import {
  healthyHandler,
  quitGetHandler,
  quitHandler,
  readyHandler,
  staticHandler,
  statusPageHandler,
} from './handlers/misc.js';
import { deleteHandler, pushHandler } from './handlers/push.js';
import type { Endpoint, RouteAccess } from './http/pipeline.js';
import { Router } from './http/router.js';
import { countRequestHook, observePushHook } from './telemetry/request-metrics.js';

/**
 * The route table: the Pushgateway's routes (and the opt-in ones), each with
 * its hooks. Which hooks a route gets is decided here, once, from the
 * configuration; a default gateway's routes carry only the request metrics.
 */

/** The two routers: the main one and the one under `<prefix>/api/v1`. */
export interface Routes {
  main: Router<Endpoint>;
  api: Router<Endpoint>;
  /** `<prefix>/api/v1`, as a latin1 string of the decoded path. */
  apiPrefix: string;
}

interface RouteSpec {
  handler?: Handler;
  write?: WriteHandler;
  /** The name counted in `pushgateway_http_requests_total` (none: not counted). */
  counted?: string;
  access?: RouteAccess;
  /** A push (PUT/POST with a body): body limit, TTL, limits and aggregation hooks apply. */
  push?: boolean;
}

/** Builds the routes of a gateway over `ctx`, with the hooks of `features` (when any is on). */
export function buildRoutes(ctx: GatewayContext, features: GatewayFeatures | undefined): Routes {
  const route = (spec: RouteSpec): Endpoint => {
    const access = spec.access ?? routeAccess(spec.counted);
    const onRequest: RequestHook[] = [];
    const preHandler: PreHandlerHook[] = [];
    const onResponse: ResponseHook[] = [];
    if (spec.counted !== undefined) onResponse.push(countRequestHook(spec.counted));
    if (spec.push) onResponse.push(observePushHook());
    if (features) {
      if (features.ttl) onRequest.push(ttlSweepHook(features));
      if (features.authorizer) onRequest.push(authorizeHook(features, access));
      if (spec.push) {
        onRequest.push(bodyLimitHook(features));
        if (features.ttl && features.config.ttlHeader) preHandler.push(ttlHeaderHook());
        if (features.config.aggregate.length > 0) preHandler.push(aggregationLockHook(features));
        preHandler.push(limitsHook(features));
        if (features.config.aggregate.length > 0) preHandler.push(aggregationHook(features));
        if (features.ttl) onResponse.push(ttlTrackHook(features));
      }
    }
    return { handler: spec.handler, write: spec.write, access, onRequest, preHandler, onResponse };
  };
  const config = ctx.config;
  // Routes are matched against decoded paths held as latin1 strings.
  const P = Buffer.from(ctx.routePrefix, 'utf8').toString('latin1');
  const m = new Router<Endpoint>();
  let telemetry = config.telemetryPath.startsWith('/') ? config.telemetryPath : '/' + config.telemetryPath;
  telemetry = Buffer.from(`${P}${telemetry}`.replace(/\/+$/, '') || '/', 'utf8').toString('latin1');
  m.add('GET', `${P}/-/healthy`, route({ handler: healthyHandler, counted: 'healthy' }));
  m.add('GET', `${P}/-/ready`, route({ handler: readyHandler, counted: 'ready' }));
  m.add('GET', telemetry, route({ handler: metricsHandler, access: 'read' }));
  const push = route({ write: pushHandler, counted: 'push', push: true });
  const del = route({ write: deleteHandler, counted: 'delete' });
  for (const job of ['job', 'job@base64']) {
    for (const tail of ['/:job/*labels', '/:job']) {
      const pattern = `${P}/metrics/${job}${tail}`;
      m.add('PUT', pattern, push);
      m.add('POST', pattern, push);
      m.add('DELETE', pattern, del);
    }
  }
  m.add('GET', `${P}/static/*filepath`, route({ handler: staticHandler, counted: 'static' }));
  const status = route({ handler: statusPageHandler, counted: 'status' });
  m.add('GET', `${P}/status`, status);
  m.add('GET', `${P}/`, status);
  const quit = route({ handler: quitHandler, access: 'admin' });
  m.add('PUT', `${P}/-/quit`, quit);
  m.add('POST', `${P}/-/quit`, quit);
  m.add('GET', '/-/quit', route({ handler: quitGetHandler, access: 'admin' }));
  const a = new Router<Endpoint>();
  a.add('OPTIONS', '/*path', route({ handler: apiOptionsHandler, counted: 'api/v1/options' }));
  a.add('GET', '/status', route({ handler: apiStatusHandler, counted: 'api/v1/status' }));
  a.add('GET', '/metrics', route({ handler: apiMetricsHandler, counted: 'api/v1/metrics' }));
  if (config.enableAdminApi) a.add('PUT', '/admin/wipe', route({ handler: wipeHandler, counted: 'wipe' }));
  if (config.features.deleteByMatcher)
    a.add('DELETE', '/groups', route({ handler: deleteByMatcherHandler, counted: 'api/v1/groups', access: 'admin' }));
  if (config.features.validateEndpoint)
    a.add('POST', '/validate/*path', route({ handler: validateHandler, counted: 'api/v1/validate', access: 'push' }));
  return { main: m, api: a, apiPrefix: `${P}/api/v1` };
}
