import { DEFAULT_CONFIG, gatewayConfig, type GatewayConfig } from './config.js';
import { formatByteSize, parseByteSize } from './byte-size.js';
import { formatGoDuration, parseGoDuration } from './duration.js';
import { applyEtcdFlag, etcdFlagsHelp, etcdFlagValues } from './etcd-flags.js';
import { featuresEnabled } from '../features/config.js';
import { applyFeatureFlag, featureFlagsHelp, featureFlagValues } from '../features/flags.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../telemetry/logger.js';

/**
 * The command line of `promkit gateway`, read as the Pushgateway's kingpin
 * parser reads it: `--flag=value` or `--flag value`, booleans as `--flag`,
 * `--no-flag` or `--flag=true|false`, `--web.listen-address` repeatable.
 */

type Kind = 'string' | 'strings' | 'bool' | 'duration' | 'bytes' | 'enum';

interface FlagSpec {
  name: string;
  kind: Kind;
  help: string;
  key: keyof GatewayConfig;
  choices?: readonly string[];
}

const FLAGS: readonly FlagSpec[] = [
  {
    name: 'web.systemd-socket',
    kind: 'bool',
    key: 'systemdSocket',
    help: 'Use systemd socket activation listeners instead of port listeners (Linux only).',
  },
  {
    name: 'web.listen-address',
    kind: 'strings',
    key: 'listenAddresses',
    help: 'Addresses on which to expose metrics and web interface. Repeatable for multiple addresses.',
  },
  {
    name: 'web.config.file',
    kind: 'string',
    key: 'webConfigFile',
    help: 'Path to configuration file that can enable TLS or authentication (exporter-toolkit format); re-read on SIGHUP.',
  },
  {
    name: 'web.local-assets',
    kind: 'string',
    key: 'localAssets',
    help: 'Accepted for compatibility; the web page is built in.',
  },
  { name: 'web.telemetry-path', kind: 'string', key: 'telemetryPath', help: 'Path under which to expose metrics.' },
  {
    name: 'web.external-url',
    kind: 'string',
    key: 'externalUrl',
    help: 'The URL under which the Pushgateway is externally reachable.',
  },
  {
    name: 'web.route-prefix',
    kind: 'string',
    key: 'routePrefix',
    help: 'Prefix for the internal routes of web endpoints. Defaults to the path of --web.external-url.',
  },
  { name: 'web.enable-lifecycle', kind: 'bool', key: 'enableLifecycle', help: 'Enable shutdown via HTTP request.' },
  {
    name: 'web.enable-admin-api',
    kind: 'bool',
    key: 'enableAdminApi',
    help: 'Enable API endpoints for admin control actions.',
  },
  {
    name: 'web.request-timeout',
    kind: 'duration',
    key: 'requestTimeoutMs',
    help: 'Longest time to receive a whole request (0 for none).',
  },
  {
    name: 'persistence.file',
    kind: 'string',
    key: 'persistenceFile',
    help: 'File to persist metrics. If empty, metrics are only kept in memory.',
  },
  {
    name: 'persistence.interval',
    kind: 'duration',
    key: 'persistenceIntervalMs',
    help: 'The minimum interval at which to write out the persistence file.',
  },
  {
    name: 'push.disable-consistency-check',
    kind: 'bool',
    key: 'disableConsistencyCheck',
    help: 'Do not check consistency of pushed metrics. DANGEROUS.',
  },
  {
    name: 'push.max-body-size',
    kind: 'bytes',
    key: 'maxBodyBytes',
    help: 'Largest accepted request body, before and after decompression (e.g. 64MiB).',
  },
  {
    name: 'push.max-bytes-in-flight',
    kind: 'bytes',
    key: 'maxBytesInFlight',
    help: 'Request body bytes, after decompression, all requests may hold at once; beyond it: 503 (promkit).',
  },
  {
    name: 'log.level',
    kind: 'enum',
    key: 'logLevel',
    choices: LOG_LEVELS,
    help: 'Only log messages with the given severity or above. One of: [debug, info, warn, error]',
  },
  {
    name: 'log.format',
    kind: 'enum',
    key: 'logFormat',
    choices: LOG_FORMATS,
    help: 'Output format of log messages. One of: [logfmt, json]',
  },
];

/** The outcome of {@link parseFlags}. */
export type FlagsResult =
  | { kind: 'config'; config: GatewayConfig }
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

function defaultText(f: FlagSpec): string {
  const v = DEFAULT_CONFIG[f.key];
  if (f.kind === 'bool') return '';
  if (f.kind === 'duration') return `=${formatGoDuration(v as number)}`;
  if (f.kind === 'bytes') return `=${formatByteSize(v as number)}`;
  if (f.kind === 'strings') return `=${(v as string[]).join(' ')} ...`;
  return `=${JSON.stringify(v)}`;
}

/** The `--help` text. */
export function flagsHelp(program = 'promkit gateway'): string {
  const lines = [
    `usage: ${program} [<flags>]`,
    '',
    'A Pushgateway-compatible server that keeps every acknowledged push.',
    '',
    'Flags:',
  ];
  lines.push('  -h, --help                     Show this help.');
  for (const f of FLAGS) {
    lines.push(`      --${f.name}${defaultText(f)}`);
    lines.push(`          ${f.help}`);
  }
  lines.push(...etcdFlagsHelp());
  lines.push(...featureFlagsHelp());
  lines.push('      --version                  Show application version.');
  return lines.join('\n') + '\n';
}

function parseBool(v: string): boolean | undefined {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/**
 * Parses the arguments after `gateway`. Never throws: usage errors come back
 * as `{kind: 'error', message}` in kingpin's words (`unknown long flag
 * '--x'`, `expected argument for flag '--log.level'`, `enum value must be
 * one of debug,info,warn,error, got 'x'`).
 */
export function parseFlags(argv: readonly string[]): FlagsResult {
  const config = gatewayConfig();
  let listenGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help', text: flagsHelp() };
    if (arg === '--version') return { kind: 'version' };
    if (!arg.startsWith('--')) return { kind: 'error', message: `unexpected ${arg}` };
    const eq = arg.indexOf('=');
    let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let negated = false;
    let spec = FLAGS.find((f) => f.name === name);
    if (!spec && name.startsWith('no-')) {
      spec = FLAGS.find((f) => f.name === name.slice(3) && f.kind === 'bool');
      if (spec) {
        negated = true;
        name = spec.name;
      }
    }
    if (!spec) {
      const etcd = applyEtcdFlag(
        config.etcd,
        name,
        value,
        () => (i + 1 < argv.length ? argv[++i] : undefined),
        parseByteSize,
      );
      if (etcd.kind === 'ok') continue;
      if (etcd.kind === 'error') return etcd;
      const feature = applyFeatureFlag(config.features, arg.slice(2, eq < 0 ? undefined : eq), value, () =>
        i + 1 < argv.length ? argv[++i] : undefined,
      );
      if (feature.kind === 'ok') continue;
      if (feature.kind === 'error') return feature;
      return { kind: 'error', message: `unknown long flag '--${name}'` };
    }
    const target = config as unknown as Record<string, unknown>;
    if (spec.kind === 'bool') {
      if (negated && value !== undefined) return { kind: 'error', message: `unexpected value for flag '--no-${name}'` };
      const b = value === undefined ? !negated : parseBool(value);
      if (b === undefined)
        return { kind: 'error', message: `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax` };
      target[spec.key] = b;
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) return { kind: 'error', message: `expected argument for flag '--${name}'` };
      value = argv[++i];
    }
    switch (spec.kind) {
      case 'string':
        target[spec.key] = value;
        break;
      case 'strings':
        if (!listenGiven) config.listenAddresses = [];
        listenGiven = true;
        config.listenAddresses.push(value);
        break;
      case 'duration': {
        const ms = parseGoDuration(value);
        if (ms === undefined || ms < 0)
          return { kind: 'error', message: `invalid duration ${JSON.stringify(value)} for flag '--${name}'` };
        target[spec.key] = ms;
        break;
      }
      case 'bytes': {
        const n = parseByteSize(value);
        if (n === undefined)
          return { kind: 'error', message: `invalid size ${JSON.stringify(value)} for flag '--${name}' (e.g. 64MiB)` };
        target[spec.key] = n;
        break;
      }
      case 'enum':
        if (!spec.choices!.includes(value)) {
          return { kind: 'error', message: `enum value must be one of ${spec.choices!.join(',')}, got '${value}'` };
        }
        target[spec.key] = value as LogLevel | LogFormat;
        break;
    }
  }
  return { kind: 'config', config };
}

/**
 * The flags as `/api/v1/status` and the status page show them: every flag
 * by name, its value as a string (booleans `true`/`false`, durations in Go
 * form such as `5m0s`). Keys sorted.
 */
export function flagValues(config: GatewayConfig): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of [...FLAGS].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const v = config[f.key];
    let s: string;
    if (f.kind === 'bool') s = v ? 'true' : 'false';
    else if (f.kind === 'duration') s = formatGoDuration(v as number);
    else if (f.kind === 'bytes') s = formatByteSize(v as number);
    else if (f.kind === 'strings') s = (v as string[]).join(',');
    else s = String(v);
    out.set(f.name, s);
  }
  const etcd = config.etcd ? etcdFlagValues(config.etcd) : [];
  const features = config.features && featuresEnabled(config.features);
  if (etcd.length > 0 || features) {
    for (const [name, value] of etcd) out.set(name, value);
    if (features) for (const [name, value] of featureFlagValues(config.features)) out.set(name, value);
    return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }
  return out;
}
