import { PARSE_ERROR_CODES } from '../errors/codes.js';
import type { LintRule } from './rule.js';
import { abbreviatedUnit } from './rules/abbreviated-unit.js';
import { camelCase } from './rules/camel-case.js';
import { colonInName } from './rules/colon-in-name.js';
import { counterSuffix } from './rules/counter-suffix.js';
import { duplicateSeries } from './rules/duplicate-series.js';
import { emptyLabelCollision } from './rules/empty-label-collision.js';
import { emptyLabelValue } from './rules/empty-label-value.js';
import { histogramBucketOrder } from './rules/histogram-bucket-order.js';
import { histogramCountMismatch } from './rules/histogram-count-mismatch.js';
import { histogramMissingInf } from './rules/histogram-missing-inf.js';
import { histogramNotCumulative } from './rules/histogram-not-cumulative.js';
import { histogramSummaryReserved } from './rules/histogram-summary-reserved.js';
import { labelLength } from './rules/label-length.js';
import { labelLimit } from './rules/label-limit.js';
import { missingHelp } from './rules/missing-help.js';
import { nanCounter } from './rules/nan-counter.js';
import { negativeCounter } from './rules/negative-counter.js';
import { negativeSum } from './rules/negative-sum.js';
import { nonBaseUnit } from './rules/non-base-unit.js';
import { pushDuplicateSeries } from './rules/push-duplicate-series.js';
import { pushGroupingLabel } from './rules/push-grouping-label.js';
import { pushInvalidGrouping } from './rules/push-invalid-grouping.js';
import { pushLabelOverwritten } from './rules/push-label-overwritten.js';
import { pushReservedMetric } from './rules/push-reserved-metric.js';
import { pushSelfMetric } from './rules/push-self-metric.js';
import { pushSuffixCollision } from './rules/push-suffix-collision.js';
import { pushTimestamp } from './rules/push-timestamp.js';
import { quantileOutOfRange } from './rules/quantile-out-of-range.js';
import { reservedPrefix } from './rules/reserved-prefix.js';
import { typeInName } from './rules/type-in-name.js';

/**
 * The rule registry: the built-in rules, in documentation order (promlint,
 * structure, push), plus the rules added with {@link registerRule}.
 */

/** The built-in rules, in documentation order. Frozen. */
export const BUILTIN_RULES: readonly LintRule[] = Object.freeze([
  missingHelp,
  nonBaseUnit,
  counterSuffix,
  histogramSummaryReserved,
  typeInName,
  colonInName,
  camelCase,
  abbreviatedUnit,
  histogramNotCumulative,
  histogramBucketOrder,
  histogramMissingInf,
  histogramCountMismatch,
  quantileOutOfRange,
  negativeCounter,
  negativeSum,
  nanCounter,
  reservedPrefix,
  duplicateSeries,
  emptyLabelValue,
  emptyLabelCollision,
  labelLimit,
  labelLength,
  pushInvalidGrouping,
  pushTimestamp,
  pushLabelOverwritten,
  pushDuplicateSeries,
  pushSuffixCollision,
  pushGroupingLabel,
  pushSelfMetric,
  pushReservedMetric,
]);

const RULE_ID = /^[A-Z][A-Z0-9_]*$/;
const SEVERITIES = new Set(['error', 'warning', 'info']);

const rules = new Map<string, LintRule>(BUILTIN_RULES.map((r) => [r.id, r]));

/**
 * Adds a rule to the registry; it runs in every later {@link lint} call
 * (enabled unless `enabledByDefault` is false). Throws a `TypeError` when the
 * id is not upper-case `A-Z0-9_`, is already registered, or is a parse error
 * code, or when the severity or `check` is missing.
 */
export function registerRule(rule: LintRule): void {
  if (!RULE_ID.test(rule.id)) throw new TypeError(`rule id ${JSON.stringify(rule.id)} must match ${RULE_ID.source}`);
  if (rules.has(rule.id) || rule.id in PARSE_ERROR_CODES) throw new TypeError(`rule id ${rule.id} is already taken`);
  if (!SEVERITIES.has(rule.severity)) throw new TypeError(`rule ${rule.id}: severity must be error, warning or info`);
  if (typeof rule.check !== 'function') throw new TypeError(`rule ${rule.id}: check must be a function`);
  rules.set(rule.id, rule);
}

/** Removes a rule added with {@link registerRule}; returns whether it was there. Built-in rules cannot be removed (throws). */
export function unregisterRule(id: string): boolean {
  if (BUILTIN_RULES.some((r) => r.id === id)) throw new TypeError(`rule ${id} is built in and cannot be removed`);
  return rules.delete(id);
}

/** Every registered rule: the built-in ones in documentation order, then added ones in registration order. Returns a new array. */
export function listRules(): LintRule[] {
  return [...rules.values()];
}

/** The rule with this id, or undefined. */
export function getRule(id: string): LintRule | undefined {
  return rules.get(id);
}
