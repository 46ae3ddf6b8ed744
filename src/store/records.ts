import type { Label, Metric, MetricFamily, MetricType } from '../model/types.js';
import { groupLabels } from '../merge/apply-grouping.js';
import { seriesIdentity, seriesKeyOfLarge, seriesOrderKey } from '../merge/byte-order.js';
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
  /** `seriesSortKey` of its labels: its identity within the family. */
  readonly key: string;
  /**
   * Length of the `seriesOrderKey` of its labels, a prefix of {@link key}:
   * its place in the exposition (equal for Go's ties). Compare with {@link compareOrder}.
   */
  readonly orderLength: number;
  /** Its position in its family as pushed (orders Go's ties as Go's small sorts do). */
  readonly index: number;
  /** The rendered sample lines (memo). */
  text?: string;
  /**
   * Set once the store's content no longer holds this series' record (it
   * was replaced or removed), so that merged views can drop it without
   * looking its group up. Older snapshots keep showing it.
   */
  retired: boolean;
}

/**
 * Compares the `seriesOrderKey`s of two entries (the prefixes of their keys)
 * as `<` compares strings, without cutting them out. Returns -1, 0 or 1.
 */
export function compareOrder(a: SeriesEntry, b: SeriesEntry): number {
  const ak = a.key;
  const bk = b.key;
  const al = a.orderLength;
  const bl = b.orderLength;
  const n = al < bl ? al : bl;
  for (let i = 0; i < n; i++) {
    const d = ak.charCodeAt(i) - bk.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return al === bl ? 0 : al < bl ? -1 : 1;
}

/** The `seriesOrderKey` of an entry's labels (cut out of its key). */
export function orderKeyOf(e: SeriesEntry): string {
  return e.key.slice(0, e.orderLength);
}

/**
 * A stored family: its name, type, HELP and unit, and its series entries
 * (which hold the metrics). The {@link family} object is built on each
 * read from these, so a record keeps no second list of its metrics.
 */
export class FamilyRecord implements StoredFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | undefined;
  readonly unit: string | undefined;
  readonly writtenAt: number;
  readonly entries: readonly SeriesEntry[];

  constructor(family: MetricFamily, writtenAt: number, entries: readonly SeriesEntry[]) {
    this.name = family.name;
    this.type = family.type;
    this.help = family.help;
    this.unit = family.unit;
    this.writtenAt = writtenAt;
    this.entries = entries;
  }

  /** The family (metrics in pushed order): a new object on each read, sharing the stored metrics. Do not mutate the metrics. */
  get family(): MetricFamily {
    const metrics = new Array<Metric>(this.entries.length);
    for (let i = 0; i < metrics.length; i++) metrics[i] = this.entries[i].metric;
    const f: MetricFamily = { name: this.name, type: this.type, metrics };
    if (this.help !== undefined) f.help = this.help;
    if (this.unit !== undefined) f.unit = this.unit;
    return f;
  }
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
    const large = seriesKeyOfLarge(metric.labels);
    // The order key is a prefix of the identity: only its length is kept.
    let key: string;
    let orderLength: number;
    if (large !== undefined) ({ key, orderLength } = large);
    else {
      // The keys are built by concatenation, and a tree of pieces costs several times its text.
      const orderKey = flatten(seriesOrderKey(metric.labels));
      key = flatten(seriesIdentity(orderKey, metric.labels));
      orderLength = orderKey.length;
    }
    // `text` and `retired` are in the literal so that setting them later does not change the object's shape.
    entries[i] = { metric, key, orderLength, index: i, text: undefined, retired: false };
  }
  return new FamilyRecord(family, writtenAt, entries);
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
export function timestampRecord(
  name: typeof PUSH_TIME | typeof PUSH_FAILURE_TIME,
  grouping: readonly Label[],
  seconds: number,
  writtenAt: number,
): FamilyRecord {
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
  const push = families.get(PUSH_TIME)?.entries[0]?.metric.value ?? 0;
  const failure = families.get(PUSH_FAILURE_TIME)?.entries[0]?.metric.value ?? 0;
  return {
    key,
    labels,
    families,
    pushTimeSeconds: push,
    pushFailureTimeSeconds: failure,
    lastPushSuccessful: failure <= push,
  };
}
