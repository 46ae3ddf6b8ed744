import { stat } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { cleanPath, escapePath, percentDecode } from '../merge/url-path.js';
import { GroupTooLargeError } from '../storage/etcd/backend.js';
import { StorageUnavailableError } from '../store/backend.js';
import { createStore, type MetricStore } from '../store/index.js';
import { computeRoutePrefix, gatewayConfig, type GatewayConfig } from './config.js';
import type { GatewayContext, Handler, HandlerRequest } from './context.js';
import { etcdWriter } from './etcd-writer.js';
import { flagValues } from './flags.js';
import { keepYoungGenerationSmall, limitHeapGrowth } from './heap.js';
import { deleteByMatcherHandler } from './features/delete-by-matcher.js';
import { accessOf, GatewayFeatures, routeAccess, type AccessKind } from './features/runtime.js';
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
import { approximateRequestSize, deleteHandler, pushHandler } from './handlers/push.js';
import {
  BodyEncodingError,
  BodyTooLargeError,
  gunzipBody,
  readBody,
  sendError,
  sendNotFound,
  sendPlain,
  sendRedirect,
} from './http-io.js';
import { createLogger, type Logger } from './logger.js';
import { buildInfo, GatewayMetrics, OWN_FAMILIES } from './metrics.js';
import { openPersistence, type RestoreReport } from './persistence/persistence.js';
import { Router } from './router.js';
import { decodeSnappyFramed, SnappyError } from './snappy.js';
import { LastFailures } from './status/index.js';
import { BasicAuth, EMPTY_WEB_CONFIG, loadWebConfig, tlsServerOptions, type WebConfig } from './web-config.js';
import { memoryWriter, type Writer } from './writer.js';

/**
 * The gateway: an HTTP(S) server in front of a {@link MetricStore}, with the
 * Pushgateway's routes, status codes and bodies. {@link startGateway}
 * restores the persisted state, then listens.
 */

/** A route's target: the handler and the name it is counted under in `pushgateway_http_requests_total` (none: not counted). */
interface Target {
  handler: Handler;
  counted?: string;
  push?: boolean;
  /** What the route needs under `--auth.file` (default: from `counted`, see `routeAccess`). */
  access?: AccessKind;
}

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Flags; missing fields take the Pushgateway's defaults. */
  config?: Partial<GatewayConfig>;
  /** Where log lines go (default: a logger on standard error per `--log.*`). */
  logger?: Logger;
  /** Version shown in build info. */
  version?: string;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
  /** Called once when `/-/quit` asks for a shutdown (after the reply); default: {@link Gateway.shutdown}. */
  onQuit?: (reason: string) => void;
}

/** A listening address. */
export interface ListenAddress {
  host: string;
  port: number;
  /** `http://host:port` or `https://…` (IPv6 hosts in brackets). */
  url: string;
}

/** Splits `--web.listen-address` into host and port (`:9091` → all interfaces). */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const colon = address.lastIndexOf(':');
  if (colon < 0) throw new Error(`address ${address}: missing port in address`);
  let host = address.slice(0, colon);
  const portText = address.slice(colon + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const port = portText === '' ? 0 : +portText;
  if (!/^\d*$/.test(portText) || port > 65535) throw new Error(`address ${address}: invalid port`);
  return { host: host === '' ? undefined : host, port };
}

/** A running gateway. */
export class Gateway {
  readonly store: MetricStore;
  private readonly servers: (Server | HttpsServer)[] = [];
  private readonly main = new Router<Target>();
  private readonly api = new Router<Target>();
  private readonly apiPrefix: string;
  private readonly ctx: GatewayContext;
  private webConfig: WebConfig = EMPTY_WEB_CONFIG;
  private readonly auth = new BasicAuth(new Map());
  private webConfigMtime = 0;
  private webConfigChecked = 0;
  private inFlight = 0;
  private drained: (() => void)[] = [];
  private shuttingDown: Promise<void> | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  /** What the restore found (persistence only). */
  restoreReport: RestoreReport | undefined;
  /** Addresses listened on, once listening. */
  addresses: ListenAddress[] = [];

  private constructor(
    readonly config: GatewayConfig,
    private readonly logger: Logger,
    private readonly writerRef: { writer: Writer },
    store: MetricStore,
    version: string,
    now: () => number,
    private readonly onQuit: ((reason: string) => void) | undefined,
  ) {
    this.store = store;
    const routePrefix = computeRoutePrefix(config.routePrefix, config.externalUrl);
    const metrics = new GatewayMetrics(buildInfo(version), now);
    metrics.addSource(() => this.writerRef.writer.families());
    const ref = this.writerRef;
    this.ctx = {
      config,
      store,
      get writer() {
        return ref.writer;
      },
      metrics,
      logger,
      build: buildInfo(version),
      flags: flagValues(config),
      startTime: now(),
      routePrefix,
      externalPrefix: computeRoutePrefix('', config.externalUrl),
      now,
      failures: new LastFailures(),
      requestShutdown: (reason) => {
        if (this.onQuit) this.onQuit(reason);
        else void this.shutdown(reason);
      },
    };
    if (GatewayFeatures.wanted(config.features)) {
      const features = new GatewayFeatures(config.features);
      this.ctx.features = features;
      metrics.addSource(() => features.families(this.ctx));
    }
    // Routes are matched against decoded paths held as latin1 strings.
    const P = Buffer.from(routePrefix, 'utf8').toString('latin1');
    this.apiPrefix = `${P}/api/v1`;
    const m = this.main;
    let telemetry = config.telemetryPath.startsWith('/') ? config.telemetryPath : '/' + config.telemetryPath;
    telemetry = Buffer.from(`${P}${telemetry}`.replace(/\/+$/, '') || '/', 'utf8').toString('latin1');
    m.add('GET', `${P}/-/healthy`, { handler: healthyHandler, counted: 'healthy' });
    m.add('GET', `${P}/-/ready`, { handler: readyHandler, counted: 'ready' });
    m.add('GET', telemetry, { handler: metricsHandler, access: 'read' });
    for (const job of ['job', 'job@base64']) {
      for (const tail of ['/:job/*labels', '/:job']) {
        const pattern = `${P}/metrics/${job}${tail}`;
        m.add('PUT', pattern, { handler: pushHandler, counted: 'push', push: true });
        m.add('POST', pattern, { handler: pushHandler, counted: 'push', push: true });
        m.add('DELETE', pattern, { handler: deleteHandler, counted: 'delete' });
      }
    }
    m.add('GET', `${P}/static/*filepath`, { handler: staticHandler, counted: 'static' });
    m.add('GET', `${P}/status`, { handler: statusPageHandler, counted: 'status' });
    m.add('GET', `${P}/`, { handler: statusPageHandler, counted: 'status' });
    m.add('PUT', `${P}/-/quit`, { handler: quitHandler, access: 'admin' });
    m.add('POST', `${P}/-/quit`, { handler: quitHandler, access: 'admin' });
    m.add('GET', '/-/quit', { handler: quitGetHandler, access: 'admin' });
    const a = this.api;
    a.add('OPTIONS', '/*path', { handler: apiOptionsHandler, counted: 'api/v1/options' });
    a.add('GET', '/status', { handler: apiStatusHandler, counted: 'api/v1/status' });
    a.add('GET', '/metrics', { handler: apiMetricsHandler, counted: 'api/v1/metrics' });
    if (config.enableAdminApi) a.add('PUT', '/admin/wipe', { handler: wipeHandler, counted: 'wipe' });
    if (config.features.deleteByMatcher)
      a.add('DELETE', '/groups', { handler: deleteByMatcherHandler, counted: 'api/v1/groups', access: 'admin' });
    if (config.features.validateEndpoint)
      a.add('POST', '/validate/*path', { handler: validateHandler, counted: 'api/v1/validate', access: 'push' });
  }

  /** Creates the gateway and restores its state (does not listen yet). */
  static async create(options: GatewayOptions = {}): Promise<Gateway> {
    const config = gatewayConfig(options.config);
    limitHeapGrowth(config.heapGrowthPercent);
    if (config.heapGrowthPercent > 0) keepYoungGenerationSmall();
    const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
    const now = options.now ?? Date.now;
    const onEtcd = config.etcd.endpoints.length > 0;
    if (onEtcd && config.persistenceFile !== '')
      throw new Error('--storage.etcd.endpoints and --persistence.file exclude each other: choose one storage');
    const store = createStore({
      checked: !config.disableConsistencyCheck,
      ownFamilies: OWN_FAMILIES,
      now,
      replicated: onEtcd,
    });
    const ref = { writer: onEtcd ? etcdWriter(store, config.etcd, logger) : memoryWriter(store) };
    const gw = new Gateway(config, logger, ref, store, options.version ?? '0.1.0', now, options.onQuit);
    gw.loadWebConfigOrThrow();
    if (config.persistenceFile !== '') {
      const { writer, report } = await openPersistence({
        file: config.persistenceFile,
        intervalMs: config.persistenceIntervalMs,
        store,
        logger,
        now,
      });
      ref.writer = writer;
      gw.restoreReport = report;
      logger.info('restored persisted metrics', {
        file: config.persistenceFile,
        groups: report.groups,
        replayed: report.replayed,
        refused: report.refused.length,
      });
    }
    return gw;
  }

  private loadWebConfigOrThrow(): void {
    if (this.config.webConfigFile === '') return;
    this.webConfig = loadWebConfig(this.config.webConfigFile);
    this.auth.setUsers(this.webConfig.users);
  }

  /** Requests being handled right now. */
  get inFlightRequests(): number {
    return this.inFlight;
  }

  /** The writer (journal + snapshots, or memory). */
  get writer(): Writer {
    return this.writerRef.writer;
  }

  /** Starts listening on every configured address (or the systemd sockets). Resolves once all listen. */
  async listen(): Promise<ListenAddress[]> {
    const tls = this.webConfig.tls;
    const make = (): Server | HttpsServer => {
      const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
      const s: Server | HttpsServer = tls
        ? createHttpsServer(tlsServerOptions(tls), handler)
        : createHttpServer(handler);
      s.requestTimeout = this.config.requestTimeoutMs;
      s.headersTimeout = this.config.requestTimeoutMs === 0 ? 60_000 : Math.min(60_000, this.config.requestTimeoutMs);
      if (tls) (s as HttpsServer).on('secureConnection', (sock: TLSSocket) => this.checkClientCert(sock));
      s.on('clientError', (err: NodeJS.ErrnoException, socket) => {
        if (socket.writable && err.code !== 'ECONNRESET')
          socket.end(
            'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request',
          );
        else socket.destroy();
      });
      return s;
    };
    const scheme = tls ? 'https' : 'http';
    const targets: ({ fd: number } | { host: string | undefined; port: number })[] = [];
    if (this.config.systemdSocket) {
      const n = Number(process.env.LISTEN_FDS ?? '0');
      if (!(n > 0)) throw new Error('--web.systemd-socket: no sockets passed by systemd (LISTEN_FDS is not set)');
      for (let i = 0; i < n; i++) targets.push({ fd: 3 + i });
    } else {
      for (const a of this.config.listenAddresses) targets.push(parseListenAddress(a));
    }
    for (const t of targets) {
      const s = make();
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        const done = (): void => {
          s.off('error', reject);
          resolve();
        };
        if ('fd' in t) s.listen({ fd: t.fd }, done);
        else s.listen(t.port, t.host, done);
      });
      this.servers.push(s);
      this.startSweeping();
      const addr = s.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      this.addresses.push({ host: addr.address, port: addr.port, url: `${scheme}://${host}:${addr.port}` });
      this.logger.info('Listening on', { address: `${host}:${addr.port}` });
      this.logger.info(tls ? 'TLS is enabled.' : 'TLS is disabled.', { address: `${host}:${addr.port}` });
    }
    return this.addresses;
  }

  /** With a TTL configured, deletes expired groups every second (requests also trigger a sweep). */
  private startSweeping(): void {
    const features = this.ctx.features;
    if (!features?.ttl || this.sweepTimer) return;
    this.sweepTimer = setInterval(() => {
      features
        .sweep(this.ctx)
        .catch((e: unknown) => this.logger.error('TTL sweep failed', { err: (e as Error).message }));
    }, 1000);
    this.sweepTimer.unref();
  }

  /** The opt-in features, when any is configured. */
  get features(): GatewayFeatures | undefined {
    return this.ctx.features;
  }

  private checkClientCert(sock: TLSSocket): void {
    const mode = this.webConfig.tls?.clientAuth;
    if (mode === 'RequireAnyClientCert' || mode === 'VerifyClientCertIfGiven') {
      const cert = sock.getPeerCertificate();
      const given = cert && Object.keys(cert).length > 0;
      if (
        (mode === 'RequireAnyClientCert' && !given) ||
        (mode === 'VerifyClientCertIfGiven' && given && !sock.authorized)
      )
        sock.destroy();
    }
  }

  /**
   * Re-reads the web config file (on SIGHUP, or when its modification time
   * changed). A file that cannot be used is logged and the previous
   * configuration stays. Switching TLS on or off needs a restart.
   */
  reloadWebConfig(): boolean {
    if (this.config.webConfigFile === '') return true;
    let next: WebConfig;
    try {
      next = loadWebConfig(this.config.webConfigFile);
    } catch (e) {
      this.logger.error('could not reload the web config file; keeping the previous one', {
        err: (e as Error).message,
      });
      return false;
    }
    if (Boolean(next.tls) !== Boolean(this.webConfig.tls)) {
      this.logger.warn('turning TLS on or off needs a restart; the other settings were reloaded', {
        file: this.config.webConfigFile,
      });
      next = { ...next, tls: this.webConfig.tls };
    } else if (next.tls) {
      for (const s of this.servers) (s as HttpsServer).setSecureContext(tlsServerOptions(next.tls));
    }
    this.webConfig = next;
    this.auth.setUsers(next.users);
    this.logger.info('web config reloaded', {
      file: this.config.webConfigFile,
      users: next.users.size,
      tls: Boolean(next.tls),
    });
    return true;
  }

  /** Checks the web config file's modification time at most once a second and reloads it when it changed. */
  private watchWebConfig(): void {
    const file = this.config.webConfigFile;
    if (file === '') return;
    const t = Date.now();
    if (t - this.webConfigChecked < 1000) return;
    this.webConfigChecked = t;
    stat(file).then(
      (st) => {
        if (this.webConfigMtime === 0) this.webConfigMtime = st.mtimeMs;
        else if (st.mtimeMs !== this.webConfigMtime) {
          this.webConfigMtime = st.mtimeMs;
          this.reloadWebConfig();
        }
      },
      () => {},
    );
  }

  /** SIGHUP: reload the web config and persist. The process keeps running. */
  async reload(): Promise<void> {
    this.logger.info('received SIGHUP; reloading the web config and persisting');
    this.reloadWebConfig();
    try {
      this.ctx.features?.reloadAuth();
    } catch (e) {
      this.logger.error('could not reload the authorization file; keeping the previous one', {
        err: (e as Error).message,
      });
    }
    await this.writer.persist('SIGHUP');
  }

  /**
   * Graceful shutdown: stop accepting connections, let requests in flight
   * finish (up to `graceMs`), then persist and close the journal. Safe to
   * call more than once (later calls share the first).
   */
  shutdown(reason = 'shutdown', graceMs = 15_000): Promise<void> {
    this.shuttingDown ??= (async () => {
      this.logger.info(reason);
      if (this.sweepTimer) clearInterval(this.sweepTimer);
      for (const s of this.servers) s.close();
      for (const s of this.servers) s.closeIdleConnections();
      if (this.inFlight > 0) {
        await Promise.race([
          new Promise<void>((r) => this.drained.push(r)),
          new Promise<void>((r) => setTimeout(r, graceMs).unref()),
        ]);
      }
      for (const s of this.servers) s.closeAllConnections();
      await this.writer.close();
      this.logger.info('HTTP server stopped');
    })();
    return this.shuttingDown;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    res.on('close', () => {
      if (--this.inFlight === 0) for (const d of this.drained.splice(0)) d();
    });
    try {
      if (this.shuttingDown) res.setHeader('Connection', 'close');
      for (const [k, v] of this.webConfig.headers) res.setHeader(k, v);
      this.watchWebConfig();
      if (this.auth.enabled && !(await this.auth.check(req.headers.authorization))) {
        res.setHeader('WWW-Authenticate', 'Basic');
        sendError(req, res, 401, 'Unauthorized');
        return;
      }
      await this.route(req, res);
    } catch (e) {
      if (e instanceof StorageUnavailableError) {
        // Not committed: never acknowledged. 413 for a group over the storage's request limit.
        const status = e instanceof GroupTooLargeError ? 413 : 503;
        this.logger.warn('write not stored', { url: req.url, err: e.message });
        if (!res.headersSent) sendError(req, res, status, e.message);
        return;
      }
      this.logger.error('request failed', { method: req.method, url: req.url, err: (e as Error).stack ?? String(e) });
      if (!res.headersSent) sendError(req, res, 500, `internal error: ${(e as Error).message}`);
      else res.destroy();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const query = rawQuery === '' ? '' : `?${rawQuery}`;
    const decoded = percentDecode(Buffer.from(rawPath, 'latin1'));
    if (typeof decoded === 'string' || !rawPath.startsWith('/')) {
      res.setHeader('Connection', 'close');
      sendPlain(req, res, 400, '400 Bad Request');
      return;
    }
    // ServeMux: `/api/v1` → `/api/v1/`, then path cleaning.
    const cleaned = cleanPath(decoded);
    const cleanedText = Buffer.from(cleaned).toString('latin1');
    if (cleanedText === this.apiPrefix) {
      sendRedirect(req, res, 301, escapePath(Buffer.from(`${cleanedText}/`, 'latin1')) + query);
      return;
    }
    const path = Buffer.from(decoded).toString('latin1');
    if (cleanedText !== path) {
      sendRedirect(req, res, 301, escapePath(cleaned) + query);
      return;
    }
    if (path.startsWith(this.apiPrefix + '/')) {
      await this.dispatch(this.api, req, res, path.slice(this.apiPrefix.length), rawPath, query, undefined);
      return;
    }
    // The main router sits behind the Content-Encoding stage (gzip, snappy framing).
    let body: Buffer | undefined;
    const encoding = req.headers['content-encoding']?.trim().toLowerCase();
    if (encoding === 'gzip' || encoding === 'snappy') {
      const limit = this.config.maxBodyBytes;
      try {
        const raw = await readBody(req, limit);
        if (encoding === 'gzip') body = await gunzipBody(raw, limit);
        else body = decodeSnappyFramed(raw, limit);
        if (body === undefined) throw new BodyTooLargeError(limit);
      } catch (e) {
        if (e instanceof BodyTooLargeError) {
          res.setHeader('Connection', 'close');
          sendError(req, res, 413, e.message);
        } else if (e instanceof BodyEncodingError || e instanceof SnappyError) sendError(req, res, 400, e.message);
        else throw e;
        return;
      }
    }
    await this.dispatch(this.main, req, res, path, rawPath, query, body);
  }

  private async dispatch(
    router: Router<Target>,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    rawPath: string,
    query: string,
    body: Buffer | undefined,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const found = router.lookup(method, path);
    switch (found.kind) {
      case 'redirect':
        sendRedirect(req, res, found.status, escapePath(Buffer.from(found.path, 'latin1')) + query);
        return;
      case 'options':
        res.setHeader('Allow', found.allow);
        sendPlain(req, res, 200);
        return;
      case 'method-not-allowed':
        res.setHeader('Allow', found.allow);
        sendError(req, res, 405, 'Method Not Allowed');
        return;
      case 'not-found':
        sendNotFound(req, res);
        return;
    }
    const target = found.route.target;
    const P = this.ctx.routePrefix;
    const rawRelative =
      (rawPath.startsWith(P)
        ? rawPath.slice(P.length)
        : escapePath(Buffer.from(path.slice(Buffer.byteLength(P)), 'latin1'))) + query;
    const h: HandlerRequest = {
      gw: this.ctx,
      req,
      res,
      params: found.params,
      rawRelative,
      started: process.hrtime.bigint(),
    };
    if (body !== undefined) h.body = body;
    if (target.counted !== undefined) {
      const name = target.counted;
      res.on('finish', () => {
        this.ctx.metrics.countRequest(name, method, res.statusCode);
        if (target.push) {
          const seconds = Number(process.hrtime.bigint() - h.started) / 1e9;
          this.ctx.metrics.observePush(method, seconds, approximateRequestSize(req));
        }
      });
    }
    const features = this.ctx.features;
    if (features) {
      if (features.ttl) await features.sweep(this.ctx);
      if (features.authorizer) {
        const decision = await features.authorize(
          h,
          accessOf(target.access ?? routeAccess(target.counted), h.rawRelative, method),
        );
        if (!decision.ok) {
          if (decision.status === 401) res.setHeader('WWW-Authenticate', 'Bearer, Basic');
          sendError(req, res, decision.status, decision.message);
          return;
        }
      }
    }
    await target.handler(h);
  }
}

/** Creates a gateway, restores its state and starts listening. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const gw = await Gateway.create(options);
  try {
    await gw.listen();
  } catch (e) {
    await gw.writer.close().catch(() => {});
    throw e;
  }
  return gw;
}
