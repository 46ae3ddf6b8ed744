import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { SecureContextOptions } from 'node:tls';
import { parseDocument } from 'yaml';
import { basicCredentials, PasswordChecker } from './passwords.js';

/**
 * The exporter-toolkit web configuration file (`--web.config.file`):
 *
 * ```yaml
 * tls_server_config:        # TLS is on when cert_file and key_file are set
 *   cert_file: server.crt   # relative paths are relative to the file
 *   key_file: server.key
 *   client_auth_type: RequireAndVerifyClientCert
 *   client_ca_file: ca.crt
 *   min_version: TLS12
 *   max_version: TLS13
 * http_server_config:
 *   headers: { X-Frame-Options: deny }
 * basic_auth_users:         # user: bcrypt hash
 *   alice: $2y$10$…
 * ```
 *
 * Unknown keys are errors, as in the toolkit's strict YAML decoding.
 */

/** Values of `client_auth_type`. */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
/** A `client_auth_type`. */
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const TLS_VERSIONS: Record<string, SecureContextOptions['minVersion']> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

const ALLOWED_HEADERS = [
  'Strict-Transport-Security',
  'X-Frame-Options',
  'X-Content-Type-Options',
  'X-XSS-Protection',
  'Content-Security-Policy',
];

/** TLS settings ready for `https.createServer`. */
export interface TlsSettings {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
  clientAuth: ClientAuthType;
  minVersion: SecureContextOptions['minVersion'];
  maxVersion?: SecureContextOptions['maxVersion'];
}

/** A loaded web configuration. */
export interface WebConfig {
  /** TLS, when enabled. */
  tls?: TlsSettings;
  /** Users and their bcrypt hashes; empty when basic auth is off. */
  users: Map<string, string>;
  /** Extra response headers. */
  headers: Map<string, string>;
}

/** A web configuration file that cannot be used; the message says what and where. */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';
}

/** The configuration of no file: no TLS, no auth, no headers. */
export const EMPTY_WEB_CONFIG: WebConfig = { users: new Map(), headers: new Map() };

function expectMap(v: unknown, where: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new WebConfigError(`${where} must be a mapping`);
  return v as Record<string, unknown>;
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new WebConfigError(`field ${k} not found in ${where}`);
  }
}

function str(v: unknown, where: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new WebConfigError(`${where} must be a string`);
  return v;
}

/**
 * Parses the text of a web configuration file; `dir` resolves relative
 * paths. Reads the TLS files it names. Throws {@link WebConfigError}.
 */
export function parseWebConfig(text: string, dir: string): WebConfig {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new WebConfigError(`invalid YAML: ${doc.errors[0].message}`);
  const root = expectMap(doc.toJS(), 'the file');
  checkKeys(root, ['tls_server_config', 'http_server_config', 'basic_auth_users'], 'web.Config');

  const users = new Map<string, string>();
  for (const [user, hash] of Object.entries(expectMap(root.basic_auth_users, 'basic_auth_users'))) {
    const h = str(hash, `basic_auth_users.${user}`);
    if (!/^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/.test(h))
      throw new WebConfigError(`basic_auth_users.${user} is not a bcrypt hash`);
    users.set(user, h);
  }

  const http = expectMap(root.http_server_config, 'http_server_config');
  checkKeys(http, ['http2', 'headers'], 'web.HTTPStruct');
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(expectMap(http.headers, 'http_server_config.headers'))) {
    const canonical = ALLOWED_HEADERS.find((h) => h.toLowerCase() === name.toLowerCase());
    if (!canonical) throw new WebConfigError(`HTTP header ${JSON.stringify(name)} can not be configured`);
    headers.set(canonical, str(value, `http_server_config.headers.${name}`));
  }

  const t = expectMap(root.tls_server_config, 'tls_server_config');
  checkKeys(
    t,
    [
      'cert_file',
      'key_file',
      'client_auth_type',
      'client_ca_file',
      'cipher_suites',
      'curve_preferences',
      'min_version',
      'max_version',
      'prefer_server_cipher_suites',
    ],
    'web.TLSStruct',
  );
  const certFile = str(t.cert_file, 'cert_file');
  const keyFile = str(t.key_file, 'key_file');
  const clientAuth = str(t.client_auth_type, 'client_auth_type');
  const caFile = str(t.client_ca_file, 'client_ca_file');
  if (certFile === '' && keyFile === '' && clientAuth === '' && caFile === '') return { users, headers };
  if (certFile === '') throw new WebConfigError('missing cert_file');
  if (keyFile === '') throw new WebConfigError('missing key_file');
  const auth = (clientAuth === '' ? 'NoClientCert' : clientAuth) as ClientAuthType;
  if (!CLIENT_AUTH_TYPES.includes(auth)) throw new WebConfigError(`Invalid ClientAuth: ${clientAuth}`);
  if (caFile !== '' && auth === 'NoClientCert')
    throw new WebConfigError("Client CA's have been configured without a Client Auth Policy");
  const minName = str(t.min_version, 'min_version') || 'TLS12';
  const maxName = str(t.max_version, 'max_version');
  const minVersion = TLS_VERSIONS[minName];
  if (!minVersion) throw new WebConfigError(`unknown TLS version: ${minName}`);
  const maxVersion = maxName === '' ? undefined : TLS_VERSIONS[maxName];
  if (maxName !== '' && !maxVersion) throw new WebConfigError(`unknown TLS version: ${maxName}`);
  const resolve = (p: string): string => (isAbsolute(p) ? p : join(dir, p));
  const read = (p: string, what: string): Buffer => {
    try {
      return readFileSync(resolve(p));
    } catch (e) {
      throw new WebConfigError(`failed to read ${what} ${resolve(p)}: ${(e as Error).message}`);
    }
  };
  const tls: TlsSettings = {
    cert: read(certFile, 'cert_file'),
    key: read(keyFile, 'key_file'),
    clientAuth: auth,
    minVersion,
  };
  if (maxVersion) tls.maxVersion = maxVersion;
  if (caFile !== '') tls.ca = read(caFile, 'client_ca_file');
  return { tls, users, headers };
}

/** Reads and parses a web configuration file. Throws {@link WebConfigError} (with the path in the message). */
export function loadWebConfig(path: string): WebConfig {
  if (path === '') return EMPTY_WEB_CONFIG;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new WebConfigError(`${path}: ${(e as Error).message}`);
  }
  try {
    return parseWebConfig(text, dirname(path));
  } catch (e) {
    throw new WebConfigError(`${path}: ${(e as Error).message}`);
  }
}

/** Options of `https.createServer` for TLS settings. */
export function tlsServerOptions(
  tls: TlsSettings,
): SecureContextOptions & { requestCert: boolean; rejectUnauthorized: boolean } {
  const requestCert = tls.clientAuth !== 'NoClientCert';
  const o: SecureContextOptions & { requestCert: boolean; rejectUnauthorized: boolean } = {
    cert: tls.cert,
    key: tls.key,
    minVersion: tls.minVersion,
    requestCert,
    rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
  };
  if (tls.maxVersion) o.maxVersion = tls.maxVersion;
  if (tls.ca) o.ca = tls.ca;
  return o;
}

/**
 * Checks HTTP basic auth against the configured users (bcrypt) with a
 * {@link PasswordChecker}: cached outcomes, equal cost for unknown users.
 */
export class BasicAuth {
  private checker: PasswordChecker;

  constructor(private users: Map<string, string>) {
    this.checker = new PasswordChecker(users.values());
  }

  /** Replaces the users (after a reload); clears the cache. */
  setUsers(users: Map<string, string>): void {
    this.users = users;
    this.checker = new PasswordChecker(users.values());
  }

  /** Whether auth is required at all. */
  get enabled(): boolean {
    return this.users.size > 0;
  }

  /** Whether an `Authorization` header holds valid credentials. */
  check(header: string | undefined): Promise<boolean> {
    const c = basicCredentials(header);
    return c ? this.checker.verify(c.user, c.password, this.users.get(c.user)) : Promise.resolve(false);
  }
}
