import type { Metric, MetricFamily, MetricType } from '../model/types.js';
import { compareBytes, compareLabelNames, seriesSortKey } from './byte-order.js';
import {
  dtoType,
  duplicateSeriesMessage,
  helpMismatchMessage,
  metricProblem,
  suffixCollision,
  typeMismatchMessage,
} from './conflict.js';

/**
 * Merging families the way client_golang's `Gatherers.Gather` does (what
 * a Go exporter and the Pushgateway's `/metrics` do): same-name families
 * become one, inconsistent parts are left out with an error each, metrics
 * are sorted, families are sorted by name.
 */

/** The result of {@link gatherFamilies}. */
export interface GatherResult {
  /** Merged families sorted by name (Go byte order), each with its metrics sorted; families left without metrics are dropped. */
  families: MetricFamily[];
  /** One message per rejected family or metric, in the order met (client_golang's texts). */
  errors: string[];
}

/**
 * Compares two metrics as client_golang's `metricSorter` does: fewer labels
 * first, then label values position by position (Go byte order), then
 * timestamps with missing timestamps last; otherwise 0, so that a stable sort
 * keeps the given order (as Go's sort does for the small families it meets;
 * it leaves this order unspecified). Labels are compared in the order they have.
 */
export function compareMetrics(a: Metric, b: Metric): number {
  const la = a.labels;
  const lb = b.labels;
  if (la.length !== lb.length) return la.length - lb.length;
  for (let i = 0; i < la.length; i++) {
    if (la[i].value !== lb[i].value) return compareBytes(la[i].value, lb[i].value);
  }
  if (a.timestampMs === b.timestampMs) return 0;
  if (a.timestampMs === undefined) return 1;
  if (b.timestampMs === undefined) return -1;
  return a.timestampMs - b.timestampMs;
}

/**
 * Gathers `families` (in the order given; a name may repeat) exactly as
 * client_golang 1.14's `Gatherers.Gather` followed by
 * `NormalizeMetricFamilies` does, which is what the oracle's `-out gather`
 * runs:
 *
 * - the first family of a name fixes its HELP and type; a later one with a
 *   different HELP or type is left out whole (`gathered metric family …`);
 * - a new name that collides with a registered one through the
 *   `_count`/`_sum`/`_bucket` suffixes is left out whole;
 * - each metric must match the type and have sane labels
 *   ({@link metricProblem}) and a label set not seen before under that name.
 *
 * Kept metrics get their labels sorted by name (as Go does while hashing).
 * Returns new family and metric objects (value objects are shared with the
 * input); does not mutate the input.
 */
export function gatherFamilies(families: readonly MetricFamily[]): GatherResult {
  const byName = new Map<string, MetricFamily>();
  const seen = new Set<string>();
  const errors: string[] = [];
  const registered = (name: string): MetricType | undefined => byName.get(name)?.type;
  for (const f of families) {
    let g = byName.get(f.name);
    if (g) {
      if ((g.help ?? '') !== (f.help ?? '')) {
        errors.push(helpMismatchMessage(f.name, f.help, g.help));
        continue;
      }
      if (dtoType(g.type) !== dtoType(f.type)) {
        errors.push(typeMismatchMessage(f.name, f.type, g.type));
        continue;
      }
    } else {
      const collision = suffixCollision(f.name, f.type, registered);
      if (collision !== undefined) {
        errors.push(collision);
        continue;
      }
      g = { name: f.name, type: f.type, metrics: [] };
      if (f.help !== undefined) g.help = f.help;
      byName.set(f.name, g);
    }
    for (const m of f.metrics) {
      const problem = metricProblem(f.name, g.type, m, f.type);
      if (problem !== undefined) {
        errors.push(problem);
        continue;
      }
      const sorted: Metric = { ...m, labels: m.labels.slice().sort(compareLabelNames) };
      const key = f.name.length + ':' + f.name + seriesSortKey(sorted.labels);
      if (seen.has(key)) {
        errors.push(duplicateSeriesMessage(f.name, sorted, f.type));
        continue;
      }
      seen.add(key);
      g.metrics.push(sorted);
    }
  }
  const out: MetricFamily[] = [];
  for (const g of byName.values()) {
    if (g.metrics.length === 0) continue;
    g.metrics.sort(compareMetrics);
    out.push(g);
  }
  out.sort((a, b) => compareBytes(a.name, b.name));
  return { families: out, errors };
}
