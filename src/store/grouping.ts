import type { Label, Metric, MetricFamily } from '../model/types.js';
import { applyGroupingToMetric } from '../merge/apply-grouping.js';
import { compareLabelNames } from '../merge/byte-order.js';
import { isAllowedLabelName } from '../merge/conflict.js';
import { internLabels, internString } from './intern.js';
import type { FamilyRecord } from './records.js';

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
export function groupedFamily(f: MetricFamily, grouping: readonly Label[], previous?: FamilyRecord): MetricFamily {
  const metrics: Metric[] = new Array(f.metrics.length);
  const before = previous !== undefined ? previous.size : 0;
  for (let i = 0; i < metrics.length; i++) {
    const m = applyGroupingToMetric(f.metrics[i], grouping, true);
    delete m.pos;
    if (i < before && previous!.hasLabels(i, m.labels)) {
      // The same labels as the series at this place before: take its stored (shared) label objects.
      const stored = previous!.takeLabels(i, m.labels);
      metrics[i] = compactMetric(m, stored ?? m.labels, stored !== undefined);
    }
    // Label objects may be shared with the push: internLabels replaces each of them.
    else metrics[i] = compactMetric(m, internLabels(m.labels), false);
  }
  // The stored strings of the record replaced, when equal: no lookup in the interning cache.
  const name = previous?.name === f.name ? previous.name : internString(f.name);
  const help = f.help === undefined ? undefined : previous?.help === f.help ? previous.help : internString(f.help);
  const unit = f.unit === undefined ? undefined : previous?.unit === f.unit ? previous.unit : internString(f.unit);
  // Built whole, so that every field sits in the object itself.
  if (unit !== undefined) {
    return help !== undefined ? { name, type: f.type, metrics, help, unit } : { name, type: f.type, metrics, unit };
  }
  return help !== undefined ? { name, type: f.type, metrics, help } : { name, type: f.type, metrics };
}

/**
 * The stored form of a grouped metric: a plain gauge/counter/untyped metric
 * as a fresh object holding both fields in itself (an object that got
 * `value` after it was made keeps it outside; its labels are copied into
 * its record), any other with its labels in an array of exactly their
 * length (grouping may have grown it with spare room): `labels` itself when
 * `stored` (an array already stored), else a copy.
 */
function compactMetric(m: Metric, labels: Label[], stored: boolean): Metric {
  if (
    m.summary === undefined &&
    m.histogram === undefined &&
    m.exemplar === undefined &&
    m.createdTimestamp === undefined &&
    m.timestampMs === undefined &&
    m.valueType === undefined
  ) {
    return m.value === undefined ? { labels } : { labels, value: m.value };
  }
  m.labels = stored ? labels : labels.slice();
  return m;
}
