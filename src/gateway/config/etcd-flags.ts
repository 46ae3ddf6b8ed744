import { ETCD_DEFAULTS, type EtcdOptions } from '../../storage/etcd/options.js';
import { formatGoDuration, parseGoDuration } from './duration.js';

/**
 * The `--storage.etcd.*` flags: `--storage.etcd.endpoints` selects the etcd
 * storage (instead of `--persistence.file`); see docs/ha.md.
 */

type Kind = 'string' | 'list' | 'duration' | 'bytes';

interface EtcdFlag {
  name: string;
  kind: Kind;
  key: keyof EtcdOptions;
  help: string;
}

const FLAGS: readonly EtcdFlag[] = [
  {
    name: 'storage.etcd.endpoints',
    kind: 'list',
    key: 'endpoints',
    help: 'Comma-separated etcd client URLs; selects the etcd storage (replicas with the same endpoints and prefix share one state).',
  },
  { name: 'storage.etcd.prefix', kind: 'string', key: 'prefix', help: 'Key prefix of the groups in etcd.' },
  { name: 'storage.etcd.cert-file', kind: 'string', key: 'certFile', help: 'PEM client certificate for etcd.' },
  { name: 'storage.etcd.key-file', kind: 'string', key: 'keyFile', help: 'PEM key of the client certificate.' },
  { name: 'storage.etcd.ca-file', kind: 'string', key: 'caFile', help: 'PEM CA bundle to verify the etcd members.' },
  { name: 'storage.etcd.username', kind: 'string', key: 'username', help: 'etcd user name.' },
  {
    name: 'storage.etcd.password-file',
    kind: 'string',
    key: 'passwordFile',
    help: 'File holding the etcd password (one line).',
  },
  { name: 'storage.etcd.dial-timeout', kind: 'duration', key: 'dialTimeoutMs', help: 'Timeout to connect to etcd.' },
  {
    name: 'storage.etcd.request-timeout',
    kind: 'duration',
    key: 'requestTimeoutMs',
    help: 'Deadline of every etcd request; a push not committed by then is answered 503.',
  },
  {
    name: 'storage.etcd.max-request-bytes',
    kind: 'bytes',
    key: 'maxRequestBytes',
    help: "The etcd members' --max-request-bytes: larger groups are refused with 413.",
  },
];

/** The etcd options with their defaults and no endpoints (etcd not used). */
export function etcdConfig(): EtcdOptions {
  return { ...ETCD_DEFAULTS, endpoints: [] };
}

/**
 * Applies `--name[=value]` if it is an etcd flag: `unknown` when it is not,
 * `error` with kingpin-like words when its value is bad. `next` reads the
 * following argument for `--name value`.
 */
export function applyEtcdFlag(
  o: EtcdOptions,
  name: string,
  value: string | undefined,
  next: () => string | undefined,
  parseBytes: (text: string) => number | undefined,
): { kind: 'ok' } | { kind: 'unknown' } | { kind: 'error'; message: string } {
  const f = FLAGS.find((x) => x.name === name);
  if (!f) return { kind: 'unknown' };
  const v = value ?? next();
  if (v === undefined) return { kind: 'error', message: `expected argument for flag '--${name}'` };
  const target = o as unknown as Record<string, unknown>;
  switch (f.kind) {
    case 'string':
      target[f.key] = v;
      break;
    case 'list':
      o.endpoints = v
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== '');
      break;
    case 'duration': {
      const ms = parseGoDuration(v);
      if (ms === undefined || ms <= 0)
        return { kind: 'error', message: `invalid duration ${JSON.stringify(v)} for flag '--${name}'` };
      target[f.key] = ms;
      break;
    }
    case 'bytes': {
      const n = parseBytes(v);
      if (n === undefined) return { kind: 'error', message: `invalid size ${JSON.stringify(v)} for flag '--${name}'` };
      target[f.key] = n;
      break;
    }
  }
  return { kind: 'ok' };
}

/** Lines of `--help` for the etcd flags. */
export function etcdFlagsHelp(): string[] {
  const d = etcdConfig() as unknown as Record<string, unknown>;
  const lines: string[] = [];
  for (const f of FLAGS) {
    const v = d[f.key];
    const def =
      f.kind === 'duration'
        ? `=${formatGoDuration(v as number)}`
        : typeof v === 'string' || typeof v === 'number'
          ? `=${JSON.stringify(v)}`
          : '';
    lines.push(`      --${f.name}${def}`, `          ${f.help}`);
  }
  return lines;
}

/** The etcd flags as `/api/v1/status` shows them (only when etcd is used). */
export function etcdFlagValues(o: EtcdOptions): [string, string][] {
  if (o.endpoints.length === 0) return [];
  return FLAGS.map((f) => {
    const v = o[f.key];
    const s = f.kind === 'duration' ? formatGoDuration(v as number) : Array.isArray(v) ? v.join(',') : String(v ?? '');
    return [f.name, s];
  });
}
