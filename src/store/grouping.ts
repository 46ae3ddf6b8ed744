import type { Label, Metric, MetricFamily } from '../model/types.js';
import { applyGroupingToMetric } from '../merge/apply-grouping.js';
import { compareLabelNames } from '../merge/byte-order.js';
import { isAllowedLabelName } from '../merge/conflict.js';
import { internLabels, internString } from './intern.js';

/** Grouping labels of a write, and pushed families with the grouping applied in their stored form. */

const JOB = 'job';

/** Validates the grouping of a request; returns the sorted copy or an error message. */
export function checkGrouping(grouping: unknown): Label[] | string {
  if (!Array.isArray(grouping)) return 'grouping must be an array of labels';
  const out: Label[] = [];
  const seen = new Set<string>();
  let job = '';
  for (const l of grouping as unknown[]) {
    const name = (l as Label | null)?.name;
    const value = (l as Label | null)?.value;
    if (typeof name !== 'string' || typeof value !== 'string') return 'grouping must be an array of labels';
    if (!isAllowedLabelName(name)) return `improper label name ${JSON.stringify(name)}`;
    if (seen.has(name)) return `duplicate grouping label name ${JSON.stringify(name)}`;
    seen.add(name);
    if (name === JOB) job = value;
    out.push({ name, value });
  }
  if (job === '') return 'job name is required';
  return out.sort(compareLabelNames);
}

/** Copies a pushed family with the grouping applied to every metric (positions dropped; names, HELP and labels interned, label objects shared). */
export function groupedFamily(f: MetricFamily, grouping: readonly Label[]): MetricFamily {
  const metrics: Metric[] = new Array(f.metrics.length);
  for (let i = 0; i < metrics.length; i++) {
    // Label objects may be shared with the push: internLabels replaces each of them.
    const m = applyGroupingToMetric(f.metrics[i], grouping, true);
    delete m.pos;
    metrics[i] = compactMetric(m, internLabels(m.labels));
  }
  const name = internString(f.name);
  // Built whole, so that every field sits in the object itself.
  if (f.unit !== undefined) {
    return f.help !== undefined
      ? { name, type: f.type, metrics, help: internString(f.help), unit: internString(f.unit) }
      : { name, type: f.type, metrics, unit: internString(f.unit) };
  }
  return f.help !== undefined
    ? { name, type: f.type, metrics, help: internString(f.help) }
    : { name, type: f.type, metrics };
}

/**
 * The stored form of a grouped metric: its labels in an array of exactly
 * their length (grouping may have grown it with spare room), and a plain
 * gauge/counter/untyped metric as a fresh object holding both fields in
 * itself (an object that got `value` after it was made keeps it outside).
 */
function compactMetric(m: Metric, labels: Label[]): Metric {
  const exact = labels.slice();
  if (
    m.summary === undefined &&
    m.histogram === undefined &&
    m.exemplar === undefined &&
    m.createdTimestamp === undefined &&
    m.timestampMs === undefined &&
    m.valueType === undefined
  ) {
    return m.value === undefined ? { labels: exact } : { labels: exact, value: m.value };
  }
  m.labels = exact;
  return m;
}
