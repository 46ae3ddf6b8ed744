import { formatGoDuration, parseGoDuration } from '../config/duration.js';
import { formatByteSize, parseByteSize } from '../config/byte-size.js';
import type { FeatureConfig, LimitsConfig } from './config.js';
import { MatcherSyntaxError, parseSelector } from './matcher.js';

/**
 * The command-line flags of the opt-in features, read like the other
 * gateway flags (`--flag=value` or `--flag value`, booleans as `--flag` or
 * `--no-flag`).
 */

type Kind = 'bool' | 'duration' | 'count' | 'bytes' | 'string' | 'ttl-rule' | 'selector';

interface FeatureFlag {
  name: string;
  kind: Kind;
  help: string;
  get(f: FeatureConfig): string;
  set(f: FeatureConfig, v: unknown): void;
}

function limit(name: string, key: keyof LimitsConfig, help: string, kind: 'count' | 'bytes' = 'count'): FeatureFlag {
  return {
    name,
    kind,
    help,
    get: (f) => (kind === 'bytes' && f.limits[key] > 0 ? formatByteSize(f.limits[key]) : String(f.limits[key])),
    set: (f, v) => (f.limits[key] = v as number),
  };
}

const FEATURE_FLAGS: readonly FeatureFlag[] = [
  {
    name: 'push.ttl',
    kind: 'duration',
    help: 'Delete groups this long after their last successful push (0: keep forever).',
    get: (f) => formatGoDuration(f.ttlMs),
    set: (f, v) => (f.ttlMs = v as number),
  },
  {
    name: 'push.ttl-rule',
    kind: 'ttl-rule',
    help: 'TTL for groups matching a selector, e.g. \'{job=~"batch-.*"}=1h\' (repeatable; first match wins).',
    get: (f) => f.ttlRules.map((r) => `${r.selector}=${formatGoDuration(r.ttlMs)}`).join(','),
    set: (f, v) => f.ttlRules.push(v as FeatureConfig['ttlRules'][number]),
  },
  {
    name: 'push.ttl-header',
    kind: 'bool',
    help: 'Honour a Promkit-TTL: <duration> request header on pushes.',
    get: (f) => String(f.ttlHeader),
    set: (f, v) => (f.ttlHeader = v as boolean),
  },
  {
    name: 'push.aggregate',
    kind: 'selector',
    help: 'Sum counters and histograms across pushes for groups matching a selector, e.g. \'{job="lambda"}\' (repeatable).',
    get: (f) => f.aggregate.map((a) => a.selector).join(','),
    set: (f, v) => f.aggregate.push(v as FeatureConfig['aggregate'][number]),
  },
  {
    name: 'api.enable-delete-by-matcher',
    kind: 'bool',
    help: 'Enable DELETE /api/v1/groups?match[]={…}.',
    get: (f) => String(f.deleteByMatcher),
    set: (f, v) => (f.deleteByMatcher = v as boolean),
  },
  {
    name: 'api.enable-validate',
    kind: 'bool',
    help: 'Enable POST /api/v1/validate/job/… (dry run, stores nothing).',
    get: (f) => String(f.validateEndpoint),
    set: (f, v) => (f.validateEndpoint = v as boolean),
  },
  {
    name: 'auth.file',
    kind: 'string',
    help: 'Per-job authorization file (tokens and users, allowed grouping keys, read and admin rights).',
    get: (f) => f.authFile,
    set: (f, v) => (f.authFile = v as string),
  },
  limit('limits.body-bytes', 'bodyBytes', 'Largest request body after decompression (413; 0: no limit).', 'bytes'),
  limit('limits.series-per-push', 'seriesPerPush', 'Most series in one push (413; 0: no limit).'),
  limit(
    'limits.labels-per-series',
    'labelsPerSeries',
    'Most labels on one series, grouping included (413; 0: no limit).',
  ),
  limit('limits.label-value-length', 'labelValueLength', 'Longest label value in UTF-8 bytes (413; 0: no limit).'),
  limit('limits.groups', 'groups', 'Most groups stored (429; 0: no limit).'),
  limit('limits.series', 'series', 'Most series stored (429; 0: no limit).'),
];

/** The outcome of {@link applyFeatureFlag}: not a feature flag, applied, or an error message. */
export type FeatureFlagResult = { kind: 'unknown' } | { kind: 'ok' } | { kind: 'error'; message: string };

function parseValue(flag: FeatureFlag, value: string): unknown {
  const bad = (what: string): Error => new Error(`invalid ${what} ${JSON.stringify(value)} for flag '--${flag.name}'`);
  switch (flag.kind) {
    case 'duration': {
      const ms = parseGoDuration(value);
      if (ms === undefined || ms < 0) throw bad('duration');
      return ms;
    }
    case 'count': {
      if (!/^\d+$/.test(value)) throw bad('count');
      return +value;
    }
    case 'bytes': {
      if (value === '0') return 0;
      const n = parseByteSize(value);
      if (n === undefined) throw bad('size');
      return n;
    }
    case 'string':
      return value;
    case 'selector':
      try {
        return { selector: value, matchers: parseSelector(value) };
      } catch (e) {
        if (e instanceof MatcherSyntaxError) throw new Error(`flag '--${flag.name}': ${e.message}`, { cause: e });
        throw e;
      }
    case 'ttl-rule': {
      const eq = value.lastIndexOf('=');
      const ms = eq < 0 ? undefined : parseGoDuration(value.slice(eq + 1));
      if (ms === undefined || ms <= 0)
        throw new Error(
          `flag '--${flag.name}' wants SELECTOR=DURATION, e.g. '{job="batch"}=1h'; got ${JSON.stringify(value)}`,
        );
      const selector = value.slice(0, eq);
      try {
        return { selector, matchers: parseSelector(selector), ttlMs: ms };
      } catch (e) {
        if (e instanceof MatcherSyntaxError) throw new Error(`flag '--${flag.name}': ${e.message}`, { cause: e });
        throw e;
      }
    }
    case 'bool':
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      throw new Error(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
  }
}

/**
 * Applies one feature flag to `features` (mutated). `name` is the flag
 * without `--`, `value` the text after `=` if any; `next` takes the
 * following argument for flags that need a value. Never throws.
 */
export function applyFeatureFlag(
  features: FeatureConfig,
  name: string,
  value: string | undefined,
  next: () => string | undefined,
): FeatureFlagResult {
  let flag = FEATURE_FLAGS.find((f) => f.name === name);
  let negated = false;
  if (!flag && name.startsWith('no-')) {
    flag = FEATURE_FLAGS.find((f) => f.name === name.slice(3) && f.kind === 'bool');
    negated = flag !== undefined;
  }
  if (!flag) return { kind: 'unknown' };
  try {
    if (flag.kind === 'bool') {
      if (negated && value !== undefined) return { kind: 'error', message: `unexpected value for flag '--${name}'` };
      flag.set(features, value === undefined ? !negated : parseValue(flag, value));
      return { kind: 'ok' };
    }
    const v = value ?? next();
    if (v === undefined) return { kind: 'error', message: `expected argument for flag '--${name}'` };
    flag.set(features, parseValue(flag, v));
    return { kind: 'ok' };
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
}

/** Help lines of the feature flags (two per flag, as the other flags). */
export function featureFlagsHelp(): string[] {
  const lines: string[] = [];
  for (const f of FEATURE_FLAGS) {
    lines.push(`      --${f.name}${f.kind === 'bool' ? '' : '=…'}`);
    lines.push(`          ${f.help}`);
  }
  return lines;
}

/** The feature flags as `/api/v1/status` shows them: name → value text. */
export function featureFlagValues(features: FeatureConfig): [string, string][] {
  return FEATURE_FLAGS.map((f) => [f.name, f.get(features)]);
}
