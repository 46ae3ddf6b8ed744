import { VERSION } from '../version.js';
import { stat } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { cleanPath, escapePath, percentDecode } from '../merge/url-path.js';
import { createStore, StorageUnavailableError, type MetricStore } from '../store/index.js';
import { computeRoutePrefix, gatewayConfig, type GatewayConfig } from './config/config.js';
import { flagValues } from './config/flags.js';
import type { GatewayContext, HandlerRequest } from './context.js';
import { GatewayFeatures } from './features/runtime.js';
import { GroupTooLargeError } from '../storage/etcd/backend.js';
import { etcdWriter } from './etcd-writer.js';
import {
  answerBodyError,
  BodyBudget,
  BodyTooLargeError,
  GZIP_HEADER_BYTES,
  gzipHeaderError,
  RequestBody,
} from './http/body.js';
import { type Endpoint, runEndpoint } from './http/pipeline.js';
import { sendError, sendNotFound, sendPlain, sendRedirect } from './http/reply.js';
import type { Router } from './http/router.js';
import { buildRoutes, type Routes } from './routes.js';
import { createLogger, type Logger } from './telemetry/logger.js';
import { buildInfo, GatewayMetrics, OWN_FAMILIES } from './telemetry/metrics.js';
import { BasicAuth, EMPTY_WEB_CONFIG, loadWebConfig, tlsServerOptions, type WebConfig } from './web/web-config.js';
import { LastFailures } from './status/index.js';
import { memoryWriter, openPersistence, type RestoreReport, type Writer } from './writer.js';

/**
 * The gateway: an HTTP(S) server in front of a {@link MetricStore}, with the
 * Pushgateway's routes, status codes and bodies. {@link startGateway}
 * restores the persisted state, then listens.
 */

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
  private readonly routes: Routes;
  private readonly ctx: GatewayContext;
  private readonly featureState: GatewayFeatures | undefined;
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
      bodyBudget: new BodyBudget(config.maxBytesInFlight),
    };
    if (GatewayFeatures.wanted(config.features)) {
      const features = new GatewayFeatures(config.features);
      this.featureState = features;
      this.ctx.ttl = features.ttl;
      metrics.addSource(() => features.families(this.ctx));
      this.ctx.dryRun = (grouping, families, replace) => features.dryRunProblems(this.ctx, grouping, families, replace);
    }
    this.routes = buildRoutes(this.ctx, this.featureState);
  }

  /** Creates the gateway and restores its state (does not listen yet). */
  static async create(options: GatewayOptions = {}): Promise<Gateway> {
    const config = gatewayConfig(options.config);
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
    const gw = new Gateway(config, logger, ref, store, options.version ?? VERSION, now, options.onQuit);
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

  /** Request body bytes held right now (see `--push.max-bytes-in-flight`). */
  get bodyBytesInFlight(): number {
    return this.ctx.bodyBudget.inUse;
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

  /** With a TTL configured, deletes expired groups every second (requests also trigger a sweep). Idempotent. */
  startSweeping(): void {
    const features = this.featureState;
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
    return this.featureState;
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
      this.featureState?.reloadAuth();
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

  /**
   * Answers one request: a handler for `node:http`'s `request` event (the
   * gateway's own servers use it; so can a server that mounts the gateway).
   */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    this.inFlight++;
    const body = new RequestBody(req);
    res.on('close', () => {
      body.release();
      if (--this.inFlight === 0) for (const d of this.drained.splice(0)) d();
    });
    try {
      if (this.shuttingDown) res.setHeader('Connection', 'close');
      for (const [k, v] of this.webConfig.headers) res.setHeader(k, v);
      this.watchWebConfig();
      // Basic auth of the web config guards every path, as exporter-toolkit's wrapper does.
      if (this.auth.enabled && !(await this.auth.check(req.headers.authorization))) {
        res.setHeader('WWW-Authenticate', 'Basic');
        sendError(req, res, 401, 'Unauthorized');
        return;
      }
      await this.route(req, res, body);
    } catch (e) {
      if (e instanceof StorageUnavailableError) {
        // Not committed: never acknowledged. 413 for a group over the storage's request limit.
        const status = e instanceof GroupTooLargeError ? 413 : 503;
        this.logger.warn('write not stored', { url: req.url, err: e.message });
        if (!res.headersSent) sendError(req, res, status, e.message);
        else res.destroy();
        return;
      }
      this.logger.error('request failed', { method: req.method, url: req.url, err: (e as Error).stack ?? String(e) });
      if (!res.headersSent) sendError(req, res, 500, `internal error: ${(e as Error).message}`);
      else res.destroy();
    }
  };

  private async route(req: IncomingMessage, res: ServerResponse, body: RequestBody): Promise<void> {
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
    const apiPrefix = this.routes.apiPrefix;
    if (cleanedText === apiPrefix) {
      sendRedirect(req, res, 301, escapePath(Buffer.from(`${cleanedText}/`, 'latin1')) + query);
      return;
    }
    const path = Buffer.from(decoded).toString('latin1');
    if (cleanedText !== path) {
      sendRedirect(req, res, 301, escapePath(cleaned) + query);
      return;
    }
    if (path.startsWith(apiPrefix + '/')) {
      await this.dispatch(this.routes.api, req, res, path.slice(apiPrefix.length), rawPath, query, body);
      return;
    }
    // The main router sits behind Go's gzip reader, which reads the member header (only) before routing.
    if (body.encoding === 'gzip') {
      const declared = req.headers['content-length'];
      if (declared !== undefined && +declared > this.config.maxBodyBytes) {
        answerBodyError(req, res, new BodyTooLargeError(this.config.maxBodyBytes));
        return;
      }
      const header = gzipHeaderError(await body.peek(GZIP_HEADER_BYTES));
      if (header !== undefined) {
        sendError(req, res, 400, header);
        return;
      }
    }
    await this.dispatch(this.routes.main, req, res, path, rawPath, query, body);
  }

  private async dispatch(
    router: Router<Endpoint>,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    rawPath: string,
    query: string,
    body: RequestBody,
  ): Promise<void> {
    const found = router.lookup(req.method ?? 'GET', path);
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
      body,
      bodyLimit: { bytes: this.config.maxBodyBytes },
      started: process.hrtime.bigint(),
      state: new Map(),
      cleanup: [],
    };
    await runEndpoint(found.route.target, h);
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
