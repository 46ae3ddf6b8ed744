/**
 * Opt-in gateway features beyond the Pushgateway: TTL, delete by matcher,
 * limits, per-job authorization, dry-run validation and aggregation mode.
 */
export {
  featureConfig,
  defaultLimits,
  hasLimits,
  hasTtl,
  type FeatureConfig,
  type LimitsConfig,
  type TtlRule,
} from './config.js';
export { applyFeatureFlag, featureFlagsHelp, featureFlagValues, type FeatureFlagResult } from './flags.js';
export {
  parseSelector,
  matchesAll,
  matchesAny,
  formatSelector,
  MatcherSyntaxError,
  type LabelMatcher,
  type MatchOp,
} from './matcher.js';
export { TtlTracker, parseTtlHeader, TTL_HEADER, EXPIRY_METRIC, EXPIRED_METRIC } from './ttl.js';
export { checkPushLimits, bodyRefusal, countSeries, storedSeries, type LimitRefusal } from './limits.js';
export { aggregatePush, type AggregateResult } from './aggregation.js';
export {
  Authorizer,
  parseAuthConfig,
  loadAuthFile,
  AuthConfigError,
  type Access,
  type AuthConfig,
  type AuthDecision,
  type Rights,
} from './auth.js';
export { deleteByMatcherHandler, parseDeleteQuery, selectGroups } from './delete-by-matcher.js';
export { validateHandler, validatePush, type ValidateFinding, type ValidateReport } from './validate-endpoint.js';
export { validatePathOf } from './validate-path.js';
export { GatewayFeatures } from './runtime.js';
export { accessOf, routeAccess, type AccessKind } from './access.js';
