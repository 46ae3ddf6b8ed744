import type { EtcdOptions } from '../../storage/etcd/options.js';
import { etcdConfig } from './etcd-flags.js';
import { featureConfig, type FeatureConfig } from '../features/config.js';
import type { LogFormat, LogLevel } from '../telemetry/logger.js';

/** Everything `promkit gateway` is configured with (flags, after validation). */
export interface GatewayConfig {
  /** `--web.listen-address` (repeatable): `host:port`, `:port` or `[v6]:port`. */
  listenAddresses: string[];
  /** `--web.systemd-socket`: listen on the sockets systemd passes (fd 3 and up) instead. */
  systemdSocket: boolean;
  /** `--web.config.file`: exporter-toolkit web config (basic auth, TLS); `''` for none. */
  webConfigFile: string;
  /** `--web.telemetry-path`. */
  telemetryPath: string;
  /** `--web.external-url`, as given. */
  externalUrl: string;
  /** `--web.route-prefix`, as given (see {@link computeRoutePrefix}). */
  routePrefix: string;
  /** `--web.enable-lifecycle`. */
  enableLifecycle: boolean;
  /** `--web.enable-admin-api`. */
  enableAdminApi: boolean;
  /** `--web.local-assets`: accepted for compatibility with the Debian package; the page is built in. */
  localAssets: string;
  /** `--web.request-timeout`: longest time to receive a whole request, in milliseconds (0: none). */
  requestTimeoutMs: number;
  /** `--persistence.file`; `''` keeps metrics in memory only. */
  persistenceFile: string;
  /** `--persistence.interval`, in milliseconds: how often the journal is compacted into the snapshot. */
  persistenceIntervalMs: number;
  /** `--push.disable-consistency-check`. */
  disableConsistencyCheck: boolean;
  /** `--push.max-body-size`: largest accepted request body, before and after gzip decoding, in bytes. */
  maxBodyBytes: number;
  /**
   * `--push.max-bytes-in-flight`: request body bytes (decoded) all requests
   * being handled may hold at once; a body that would go beyond is answered
   * 503 with `Retry-After`.
   */
  maxBytesInFlight: number;
  /** `--log.level`. */
  logLevel: LogLevel;
  /** `--log.format`. */
  logFormat: LogFormat;
  /** Opt-in features (TTL, limits, authorization, …); all off by default. */
  features: FeatureConfig;
  /** `--storage.etcd.*`: with endpoints, the state lives in etcd (see docs/ha.md). */
  etcd: EtcdOptions;
}

/** The defaults, as the Pushgateway has them (upstream: no persistence file). */
export const DEFAULT_CONFIG: Readonly<GatewayConfig> = Object.freeze({
  listenAddresses: [':9091'],
  systemdSocket: false,
  webConfigFile: '',
  telemetryPath: '/metrics',
  externalUrl: '',
  routePrefix: '',
  enableLifecycle: false,
  enableAdminApi: false,
  localAssets: '',
  requestTimeoutMs: 5 * 60_000,
  persistenceFile: '',
  persistenceIntervalMs: 5 * 60_000,
  disableConsistencyCheck: false,
  maxBodyBytes: 64 * 1024 * 1024,
  maxBytesInFlight: 256 * 1024 * 1024,
  logLevel: 'info',
  logFormat: 'logfmt',
  features: Object.freeze(featureConfig()) as FeatureConfig,
  etcd: Object.freeze(etcdConfig()) as EtcdOptions,
});

/** A full configuration: the defaults overridden by `partial`. Does not mutate its input. */
export function gatewayConfig(partial: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    ...DEFAULT_CONFIG,
    listenAddresses: [...DEFAULT_CONFIG.listenAddresses],
    ...partial,
    features: featureConfig(partial.features),
    etcd: { ...etcdConfig(), ...partial.etcd },
  };
}

/** The path of an external URL (`http://h/pg/` → `/pg/`; `/pg` → `/pg`; `''` → `''`). */
export function externalPath(externalUrl: string): string {
  if (externalUrl === '') return '';
  try {
    return new URL(externalUrl).pathname;
  } catch {
    const q = externalUrl.search(/[?#]/);
    return q < 0 ? externalUrl : externalUrl.slice(0, q);
  }
}

/**
 * The Pushgateway's `computeRoutePrefix`: the route prefix, or the path of
 * the external URL when it is empty; `/` means none; otherwise it gets a
 * leading `/` and loses a trailing one. Returns `''` or `/something`.
 */
export function computeRoutePrefix(prefix: string, externalUrl: string): string {
  let p = prefix === '' ? externalPath(externalUrl) : prefix;
  if (p === '/' || p === '') return '';
  if (!p.startsWith('/')) p = '/' + p;
  if (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}
