import { groupLabels } from '../../merge/apply-grouping.js';
import { groupKey } from '../../merge/grouping-key.js';
import type { Bucket, Label, Metric, MetricFamily } from '../../model/types.js';
import { formatGoFloat } from '../../model/values.js';
import type { GroupView } from '../../store/index.js';

/**
 * Aggregation mode: for selected groups, a push adds to what is stored
 * instead of replacing it. Counters and classic histograms are summed series
 * by series (histograms need identical bucket bounds), gauges and untyped
 * samples are replaced, summaries are refused (quantiles cannot be added).
 * Series and families that a push does not mention are kept, so PUT and
 * POST behave alike; DELETE resets the group.
 */

/** The outcome of {@link aggregatePush}: the families to store (merge mode), or why the push is refused (HTTP 400). */
export type AggregateResult = { ok: true; families: MetricFamily[] } | { ok: false; message: string };

function seriesName(name: string, labels: readonly Label[]): string {
  return `${name}{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(',')}}`;
}

function bounds(b: readonly Bucket[]): string {
  return `[${b.map((x) => formatGoFloat(x.upperBound)).join(', ')}]`;
}

function sumHistogram(name: string, labels: readonly Label[], stored: Metric, pushed: Metric): Metric | string {
  const a = stored.histogram;
  const b = pushed.histogram;
  if (!a || !b) return pushed;
  if (a.native || b.native)
    return `aggregation mode: native histogram ${seriesName(name, labels)} cannot be summed; push it to a group without --push.aggregate`;
  const same =
    a.buckets.length === b.buckets.length &&
    a.buckets.every(
      (x, i) => Object.is(x.upperBound, b.buckets[i].upperBound) || x.upperBound === b.buckets[i].upperBound,
    );
  if (!same) {
    return `aggregation mode: histogram ${seriesName(name, labels)} has bucket bounds ${bounds(b.buckets)} but the stored series has ${bounds(a.buckets)}; bounds must be identical to be summed (DELETE the group to start over)`;
  }
  const buckets = b.buckets.map((x, i) => {
    const out: Bucket = { upperBound: x.upperBound, cumulativeCount: a.buckets[i].cumulativeCount + x.cumulativeCount };
    if (x.exemplar) out.exemplar = x.exemplar;
    return out;
  });
  return {
    ...pushed,
    labels: [...labels],
    histogram: { count: (a.count ?? 0) + (b.count ?? 0), sum: (a.sum ?? 0) + (b.sum ?? 0), buckets },
  };
}

/**
 * Combines a push with the stored `group` (undefined: nothing stored yet).
 * `grouping` is the push's grouping. Returns new families for the pushed
 * names only, each holding the stored series the push did not mention
 * followed by the pushed ones (summed or replaced). Does not mutate its inputs.
 */
export function aggregatePush(
  group: GroupView | undefined,
  grouping: readonly Label[],
  pushed: readonly MetricFamily[],
): AggregateResult {
  const out: MetricFamily[] = [];
  for (const f of pushed) {
    if (f.type === 'summary') {
      return {
        ok: false,
        message: `aggregation mode: summary ${f.name} cannot be summed across pushes (quantiles do not add up); push a histogram instead, or push it to a group without --push.aggregate`,
      };
    }
    const storedFamily = group?.families.get(f.name)?.family;
    const summable = f.type === 'counter' || f.type === 'histogram';
    if (!storedFamily || storedFamily.type !== f.type) {
      out.push(f);
      continue;
    }
    const stored = new Map<string, Metric>();
    for (const m of storedFamily.metrics) stored.set(groupKey(m.labels), m);
    const metrics: Metric[] = [];
    const next = new Map<string, Metric>();
    for (const m of f.metrics) {
      const labels = groupLabels(m.labels, grouping);
      const key = groupKey(labels);
      const old = stored.get(key);
      let merged: Metric | string = m;
      if (old && summable) {
        if (f.type === 'counter') merged = { ...m, labels, value: (old.value ?? 0) + (m.value ?? 0) };
        else merged = sumHistogram(f.name, labels, old, m);
      }
      if (typeof merged === 'string') return { ok: false, message: merged };
      next.set(key, merged);
    }
    for (const [key, m] of stored) if (!next.has(key)) metrics.push(m);
    metrics.push(...next.values());
    const fam: MetricFamily = { name: f.name, type: f.type, metrics };
    if (f.help !== undefined) fam.help = f.help;
    out.push(fam);
  }
  return { ok: true, families: out };
}
