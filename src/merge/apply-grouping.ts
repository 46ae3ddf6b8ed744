import type { Bucket, Exemplar, HistogramValue, Label, Metric, MetricFamily } from '../model/types.js';
import { sortLabelsByName } from './byte-order.js';

/**
 * Applying a grouping to pushed metrics, as the Pushgateway's
 * `sanitizeLabels` does before it stores anything.
 */

const INSTANCE = 'instance';

/**
 * Returns the labels of one pushed series as the Pushgateway stores them:
 * each grouping label overwrites the first body label of that name (or is
 * added), `instance=""` is added when no `instance` label is left, and the
 * result is sorted by name (Go byte order; stable, so repeated names keep
 * their order). Returns new label objects; does not mutate its inputs.
 */
export function groupLabels(labels: readonly Label[], grouping: readonly Label[]): Label[] {
  const out: Label[] = new Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = { name: labels[i].name, value: labels[i].value };
  return withGrouping(out, grouping);
}

/**
 * {@link groupLabels}, but a label it keeps unchanged is the input's object:
 * for a caller that replaces every label object anyway (the store interns
 * them), one copy per label fewer. Does not mutate its inputs.
 */
export function groupLabelsSharing(labels: readonly Label[], grouping: readonly Label[]): Label[] {
  return withGrouping(labels.slice(), grouping);
}

/** Applies `grouping` to `out` (which it owns, label objects included or not) and sorts it; returns `out`. */
function withGrouping(out: Label[], grouping: readonly Label[]): Label[] {
  for (let g = 0; g < grouping.length; g++) {
    const name = grouping[g].name;
    let i = 0;
    while (i < out.length && out[i].name !== name) i++;
    // A new object: the one at `i` may be shared with the caller.
    const label = { name, value: grouping[g].value };
    if (i < out.length) out[i] = label;
    else out.push(label);
  }
  let hasInstance = false;
  for (let i = 0; i < out.length; i++) {
    if (out[i].name === INSTANCE) {
      hasInstance = true;
      break;
    }
  }
  if (!hasInstance) out.push({ name: INSTANCE, value: '' });
  return sortLabelsByName(out);
}

type Native = NonNullable<HistogramValue['native']>;

function copyNative(n: Native): Native {
  const c: Native = {
    negativeSpans: n.negativeSpans.map((x) => ({ offset: x.offset, length: x.length })),
    negativeDeltas: n.negativeDeltas.slice(),
    negativeCounts: n.negativeCounts.slice(),
    positiveSpans: n.positiveSpans.map((x) => ({ offset: x.offset, length: x.length })),
    positiveDeltas: n.positiveDeltas.slice(),
    positiveCounts: n.positiveCounts.slice(),
  };
  if (n.schema !== undefined) c.schema = n.schema;
  if (n.zeroThreshold !== undefined) c.zeroThreshold = n.zeroThreshold;
  if (n.zeroCount !== undefined) c.zeroCount = n.zeroCount;
  if (n.zeroCountExact !== undefined) c.zeroCountExact = n.zeroCountExact;
  if (n.negativeDeltasExact) c.negativeDeltasExact = n.negativeDeltasExact.slice();
  if (n.positiveDeltasExact) c.positiveDeltasExact = n.positiveDeltasExact.slice();
  if (n.zeroCountFloat !== undefined) c.zeroCountFloat = n.zeroCountFloat;
  if (n.exemplars) c.exemplars = n.exemplars.map(copyExemplar);
  return c;
}

function copyExemplar(e: Exemplar): Exemplar {
  const c: Exemplar = { labels: e.labels.map((l) => ({ name: l.name, value: l.value })), value: e.value };
  if (e.timestamp !== undefined) c.timestamp = e.timestamp;
  return c;
}

/**
 * Returns a deep copy of `metric` whose labels are {@link groupLabels} of
 * its labels ({@link groupLabelsSharing} with `shareLabels`). Every other
 * field (value, summary, histogram with its float and native fields,
 * exemplars, timestamp, created timestamp, position) is copied unchanged.
 * Does not mutate its inputs.
 */
export function applyGroupingToMetric(metric: Metric, grouping: readonly Label[], shareLabels = false): Metric {
  const m: Metric = { labels: (shareLabels ? groupLabelsSharing : groupLabels)(metric.labels, grouping) };
  if (metric.timestampMs !== undefined) m.timestampMs = metric.timestampMs;
  if (metric.timestampMsExact !== undefined) m.timestampMsExact = metric.timestampMsExact;
  if (metric.value !== undefined) m.value = metric.value;
  if (metric.summary) {
    const s = metric.summary;
    m.summary = { quantiles: s.quantiles.map((q) => ({ quantile: q.quantile, value: q.value })) };
    if (s.count !== undefined) m.summary.count = s.count;
    if (s.countExact !== undefined) m.summary.countExact = s.countExact;
    if (s.sum !== undefined) m.summary.sum = s.sum;
  }
  if (metric.histogram) {
    const h = metric.histogram;
    m.histogram = {
      buckets: h.buckets.map((b) => {
        const c: Bucket = { upperBound: b.upperBound, cumulativeCount: b.cumulativeCount };
        if (b.cumulativeCountExact !== undefined) c.cumulativeCountExact = b.cumulativeCountExact;
        if (b.cumulativeCountFloat !== undefined) c.cumulativeCountFloat = b.cumulativeCountFloat;
        if (b.exemplar) c.exemplar = copyExemplar(b.exemplar);
        return c;
      }),
    };
    if (h.count !== undefined) m.histogram.count = h.count;
    if (h.countExact !== undefined) m.histogram.countExact = h.countExact;
    if (h.sum !== undefined) m.histogram.sum = h.sum;
    if (h.countFloat !== undefined) m.histogram.countFloat = h.countFloat;
    if (h.native) m.histogram.native = copyNative(h.native);
  }
  if (metric.exemplar) m.exemplar = copyExemplar(metric.exemplar);
  if (metric.valueType !== undefined) m.valueType = metric.valueType;
  if (metric.createdTimestamp !== undefined) m.createdTimestamp = metric.createdTimestamp;
  if (metric.pos) m.pos = { line: metric.pos.line, column: metric.pos.column, offset: metric.pos.offset };
  return m;
}

/**
 * Applies a grouping to pushed families exactly as the Pushgateway does:
 * in every series (summary and histogram series included) each grouping
 * label overwrites the body label of the same name or is added, `instance=""`
 * is added when there is no `instance`, and labels are sorted by name.
 *
 * Returns new families in the same order, with deep-copied metrics (the
 * result shares nothing with the input); does not mutate its inputs and does
 * not check anything (timestamps, names, duplicates are the store's business).
 */
export function applyGrouping(families: readonly MetricFamily[], grouping: readonly Label[]): MetricFamily[] {
  return families.map((f) => {
    const out: MetricFamily = {
      name: f.name,
      type: f.type,
      metrics: f.metrics.map((m) => applyGroupingToMetric(m, grouping)),
    };
    if (f.help !== undefined) out.help = f.help;
    if (f.helpBytes !== undefined) out.helpBytes = f.helpBytes.slice();
    if (f.unit !== undefined) out.unit = f.unit;
    return out;
  });
}
