import type { LabelMatcher } from './matcher.js';

/**
 * Configuration of the opt-in gateway features. Every default leaves the
 * gateway Pushgateway-compatible: no TTL, no extra endpoints, no limits
 * beyond `--push.max-body-size`, no authorization, no aggregation.
 */

/** A per-job TTL rule: groups matching `selector` live `ttlMs` after their last successful push. */
export interface TtlRule {
  /** The selector as given (`{job=~"batch-.*"}`). */
  selector: string;
  matchers: LabelMatcher[];
  ttlMs: number;
}

/** Limits of pushes and of the whole store; 0 means no limit. */
export interface LimitsConfig {
  /** `--limits.body-bytes`: largest request body (after decompression), 413. */
  bodyBytes: number;
  /** `--limits.series-per-push`: series in one push (a histogram or summary series counts once), 413. */
  seriesPerPush: number;
  /** `--limits.labels-per-series`: labels of one series after grouping (`le`/`quantile` not counted), 413. */
  labelsPerSeries: number;
  /** `--limits.label-value-length`: longest label value in UTF-8 bytes, 413. */
  labelValueLength: number;
  /** `--limits.groups`: groups stored at once, 429 for a push that would create one more. */
  groups: number;
  /** `--limits.series`: series stored at once, 429 for a push that would go beyond. */
  series: number;
}

/** The opt-in features (`GatewayConfig.features`). */
export interface FeatureConfig {
  /** `--push.ttl`: default lifetime of a group after its last successful push, in ms (0: forever). */
  ttlMs: number;
  /** `--push.ttl-rule='SELECTOR=DURATION'` (repeatable, first match wins, before the default). */
  ttlRules: TtlRule[];
  /** `--push.ttl-header`: honour `Promkit-TTL: <duration>` on pushes (wins over rules and default). */
  ttlHeader: boolean;
  /** `--api.enable-delete-by-matcher`: `DELETE /api/v1/groups?match[]=…`. */
  deleteByMatcher: boolean;
  /** `--api.enable-validate`: `POST /api/v1/validate/job/…` (dry run). */
  validateEndpoint: boolean;
  limits: LimitsConfig;
  /** `--auth.file`: per-job authorization file (YAML); `''` for none. */
  authFile: string;
  /** `--push.aggregate='SELECTOR'` (repeatable): groups whose pushes are summed rather than replaced. */
  aggregate: { selector: string; matchers: LabelMatcher[] }[];
}

/** Fresh default limits (all off). */
export function defaultLimits(): LimitsConfig {
  return { bodyBytes: 0, seriesPerPush: 0, labelsPerSeries: 0, labelValueLength: 0, groups: 0, series: 0 };
}

/** A fresh default feature configuration (everything off), with `partial` applied. Does not mutate its input. */
export function featureConfig(partial: Partial<FeatureConfig> = {}): FeatureConfig {
  return {
    ttlMs: 0,
    ttlHeader: false,
    deleteByMatcher: false,
    validateEndpoint: false,
    authFile: '',
    ...partial,
    ttlRules: [...(partial.ttlRules ?? [])],
    aggregate: [...(partial.aggregate ?? [])],
    limits: { ...defaultLimits(), ...partial.limits },
  };
}

/** Whether any limit is set. */
export function hasLimits(l: LimitsConfig): boolean {
  return (
    l.bodyBytes > 0 ||
    l.seriesPerPush > 0 ||
    l.labelsPerSeries > 0 ||
    l.labelValueLength > 0 ||
    l.groups > 0 ||
    l.series > 0
  );
}

/** Whether any TTL source is configured. */
export function hasTtl(f: FeatureConfig): boolean {
  return f.ttlMs > 0 || f.ttlRules.length > 0 || f.ttlHeader;
}

/** Whether `config` turns on any feature at all (when not, the gateway behaves exactly as the Pushgateway). */
export function featuresEnabled(config: FeatureConfig): boolean {
  return (
    hasTtl(config) ||
    hasLimits(config.limits) ||
    config.authFile !== '' ||
    config.deleteByMatcher ||
    config.validateEndpoint ||
    config.aggregate.length > 0
  );
}
