import type { Label, Metric, MetricFamily } from '../model/types.js';
import { groupLabels } from '../merge/apply-grouping.js';
import { seriesIdentity, seriesOrderKey } from '../merge/byte-order.js';
import { flatten, internLabels } from './intern.js';
import type { GroupView, StoredFamily } from './types.js';

/**
 * The store's internal records. They are never mutated once built (apart
 * from memo fields that cache derived text): a write replaces records, so
 * snapshots can share them.
 */

/** One stored series. */
export interface SeriesEntry {
  readonly metric: Metric;
  /** `seriesOrderKey` of its labels: its place in the exposition (equal for Go's ties). */
  readonly order: string;
  /** `seriesSortKey` of its labels: its identity within the family. */
  readonly key: string;
  /** Its position in its family as pushed (orders Go's ties as Go's small sorts do). */
  readonly index: number;
  /** The rendered sample lines (memo). */
  text?: string;
}

/** A stored family with its series entries. */
export interface FamilyRecord extends StoredFamily {
  readonly entries: readonly SeriesEntry[];
}

/** A stored group. */
export interface GroupRecord extends GroupView {
  readonly families: ReadonlyMap<string, FamilyRecord>;
}

/** Builds the record of a family whose metrics already carry the grouping. */
export function familyRecord(family: MetricFamily, writtenAt: number): FamilyRecord {
  const entries: SeriesEntry[] = new Array(family.metrics.length);
  for (let i = 0; i < entries.length; i++) {
    const metric = family.metrics[i];
    // The keys are built by concatenation, and a tree of pieces costs several times its text.
    const order = flatten(seriesOrderKey(metric.labels));
    entries[i] = { metric, order, key: flatten(seriesIdentity(order, metric.labels)), index: i };
  }
  return { family, writtenAt, entries };
}

/** The name of the gauge holding the time of the last successful write of a group. */
export const PUSH_TIME = 'push_time_seconds';
/** The name of the gauge holding the time of the last failed write of a group. */
export const PUSH_FAILURE_TIME = 'push_failure_time_seconds';
const PUSH_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway succeeded.';
const PUSH_FAILURE_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway failed.';

/** Whether the store owns this family name (it is never taken from a push body). */
export function isBookkeeping(name: string): boolean {
  return name === PUSH_TIME || name === PUSH_FAILURE_TIME;
}

/** The `push_time_seconds` or `push_failure_time_seconds` family of a group: one gauge with the grouping labels (and `instance`). */
export function timestampRecord(name: typeof PUSH_TIME | typeof PUSH_FAILURE_TIME, grouping: readonly Label[], seconds: number, writtenAt: number): FamilyRecord {
  const family: MetricFamily = {
    name,
    help: name === PUSH_TIME ? PUSH_TIME_HELP : PUSH_FAILURE_TIME_HELP,
    type: 'gauge',
    metrics: [{ labels: internLabels(groupLabels([], grouping)).slice(), value: seconds }],
  };
  return familyRecord(family, writtenAt);
}

/** Builds an immutable group record. `families` must not be mutated afterwards. */
export function groupRecord(key: string, labels: readonly Label[], families: Map<string, FamilyRecord>): GroupRecord {
  const push = families.get(PUSH_TIME)?.family.metrics[0]?.value ?? 0;
  const failure = families.get(PUSH_FAILURE_TIME)?.family.metrics[0]?.value ?? 0;
  return {
    key,
    labels,
    families,
    pushTimeSeconds: push,
    pushFailureTimeSeconds: failure,
    lastPushSuccessful: failure <= push,
  };
}
