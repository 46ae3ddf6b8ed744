import type { Label, Metric, MetricType } from '../model/types.js';
import { isValidLabelName } from '../model/names.js';
import { goQuote, isWellFormedUtf16 } from '../model/go-quote.js';
import { protoCompactMetric } from '../model/proto-text.js';

/**
 * The consistency rules client_golang 1.14 applies when it gathers families
 * (`Gatherers.Gather`: `checkSuffixCollisions`, `checkMetricConsistency`),
 * which is how the Pushgateway decides whether a push is acceptable, with its
 * exact messages. Each rule is a function returning the message or
 * `undefined`, so the store can apply them incrementally.
 */

/** Types a `dto.MetricFamily` can carry and the 0.0.4 text format can write. */
export const TEXT_TYPES: ReadonlySet<MetricType> = new Set<MetricType>([
  'counter',
  'gauge',
  'summary',
  'untyped',
  'histogram',
]);

/**
 * The type a model type becomes in client_model: `unknown` is `untyped`,
 * `gaugehistogram` is `gauge_histogram`; the rest are unchanged (`info` and
 * `stateset` have no client_model equivalent and stay as they are).
 */
export function dtoType(t: MetricType): MetricType {
  if (t === 'unknown') return 'untyped';
  if (t === 'gaugehistogram') return 'gauge_histogram';
  return t;
}

/** The enum name Go prints for a type: `COUNTER`, `GAUGE`, `SUMMARY`, `UNTYPED`, `HISTOGRAM`, `GAUGE_HISTOGRAM` (others upper-cased). */
export function goTypeName(t: MetricType): string {
  return dtoType(t).toUpperCase();
}

/** `collected metric "<name>" { <metric> }`, the prefix of every per-metric message. */
export function collectedMetric(name: string, metric: Metric, kind: MetricType): string {
  return `collected metric ${goQuote(name)} { ${protoCompactMetric(metric, metric.valueType ?? kind)}}`;
}

/** client_golang's `checkLabelName`: a valid legacy label name that does not start with `__`. */
export function isAllowedLabelName(name: string): boolean {
  return isValidLabelName(name) && !name.startsWith('__');
}

/**
 * Checks one metric against the family it is gathered into, as
 * client_golang's `checkMetricConsistency` does before hashing: the value
 * field must match `familyType`, then label by label (in the order given):
 * no name equal to the previous one, a valid non-reserved name, no
 * `quantile` label on a summary, a value that is valid UTF-8.
 *
 * `kind` is the type of the family the metric came from (it decides which
 * value field it has, unless the metric's `valueType` names another); `strictLe` also refuses an `le` label on a histogram
 * metric, which Go accepts and then writes twice. Returns the message, or
 * `undefined` when the metric is fine. Does not mutate its inputs.
 */
export function metricProblem(
  familyName: string,
  familyType: MetricType,
  metric: Metric,
  kind: MetricType,
  strictLe = false,
): string | undefined {
  const ft = dtoType(familyType);
  const k = dtoType(metric.valueType ?? kind);
  const simple = metric.value !== undefined || (k === 'counter' && metric.exemplar !== undefined);
  const field = simple ? (k === 'counter' || k === 'gauge' ? k : 'untyped') : undefined;
  if (
    (ft === 'gauge' && field !== 'gauge') ||
    (ft === 'counter' && field !== 'counter') ||
    (ft === 'summary' && !metric.summary) ||
    (ft === 'histogram' && !metric.histogram) ||
    (ft === 'untyped' && field !== 'untyped')
  ) {
    return `${collectedMetric(familyName, metric, kind)} is not a ${goTypeName(ft)}`;
  }
  let previous = '';
  const labels: readonly Label[] = metric.labels;
  for (let i = 0; i < labels.length; i++) {
    const name = labels[i].name;
    if (name === previous) {
      return `${collectedMetric(familyName, metric, kind)} has two or more labels with the same name: ${name}`;
    }
    if (!isAllowedLabelName(name)) {
      return `${collectedMetric(familyName, metric, kind)} has a label with an invalid name: ${name}`;
    }
    if (metric.summary && name === 'quantile') {
      return `${collectedMetric(familyName, metric, kind)} must not have an explicit "quantile" label`;
    }
    if (strictLe && metric.histogram && name === 'le') {
      return `${collectedMetric(familyName, metric, kind)} must not have an explicit "le" label`;
    }
    if (!isWellFormedUtf16(labels[i].value)) {
      return `${collectedMetric(familyName, metric, kind)} has a label named ${goQuote(name)} whose value is not utf8: ${goQuote(labels[i].value)}`;
    }
    previous = name;
  }
  return undefined;
}

/** The message for a series gathered twice (same family name, same label set). */
export function duplicateSeriesMessage(familyName: string, metric: Metric, kind: MetricType): string {
  return `${collectedMetric(familyName, metric, kind)} was collected before with the same name and label values`;
}

/** The message for a family whose type differs from the one gathered first under its name. */
export function typeMismatchMessage(name: string, has: MetricType, should: MetricType): string {
  return `gathered metric family ${name} has type ${goTypeName(has)} but should have ${goTypeName(should)}`;
}

/** The message for a family whose HELP differs from the one gathered first under its name (absent HELP is `""`). */
export function helpMismatchMessage(name: string, has: string | undefined, should: string | undefined): string {
  return `gathered metric family ${name} has help ${goQuote(has ?? '')} but should have ${goQuote(should ?? '')}`;
}

const SUFFIXES = ['_count', '_sum', '_bucket'] as const;

/**
 * client_golang's `checkSuffixCollisions` for a family `name` of type `type`
 * that is about to be registered, given the types of the families registered
 * before it (`registered(name)` returns `undefined` for an unknown name):
 * `<base>_count`/`_sum` next to a summary or histogram `<base>`, `<base>_bucket`
 * next to a histogram, in both directions. Returns Go's message for the first
 * collision, or `undefined`.
 */
export function suffixCollision(
  name: string,
  type: MetricType,
  registered: (name: string) => MetricType | undefined,
): string | undefined {
  let base = '';
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix)) {
      base = name.slice(0, -suffix.length);
      break;
    }
  }
  if (base !== '') {
    const existing = registered(base);
    if (existing !== undefined) {
      const t = dtoType(existing);
      if (t === 'summary' && !name.endsWith('_bucket')) {
        return `collected metric named ${goQuote(name)} collides with previously collected summary named ${goQuote(base)}`;
      }
      if (t === 'histogram') {
        return `collected metric named ${goQuote(name)} collides with previously collected histogram named ${goQuote(base)}`;
      }
    }
  }
  const t = dtoType(type);
  if (t === 'summary' || t === 'histogram') {
    for (const suffix of ['_count', '_sum']) {
      if (registered(name + suffix) !== undefined) {
        return `collected histogram or summary named ${goQuote(name)} collides with previously collected metric named ${goQuote(name + suffix)}`;
      }
    }
  }
  if (t === 'histogram' && registered(name + '_bucket') !== undefined) {
    return `collected histogram named ${goQuote(name)} collides with previously collected metric named ${goQuote(name + '_bucket')}`;
  }
  return undefined;
}

/**
 * Joins gather errors as client_golang's `MultiError.MaybeUnwrap` +
 * `Error()` do: one error is itself, several are
 * `N error(s) occurred:\n* e1\n* e2`. Returns `''` for none.
 */
export function formatGatherErrors(errors: readonly string[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) return errors[0];
  let s = `${errors.length} error(s) occurred:`;
  for (const e of errors) s += `\n* ${e}`;
  return s;
}
