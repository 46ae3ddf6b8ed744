import type { Label, Metric, MetricFamily, MetricType } from '../model/types.js';
import { groupLabels } from '../merge/apply-grouping.js';
import { seriesIdentity, seriesKeyOfLarge, seriesOrderKey } from '../merge/byte-order.js';
import { familyTable } from './family-table.js';
import { flatten, internLabels } from './intern.js';
import type { GroupView, StoredFamily } from './types.js';

/**
 * The store's internal records. They are never mutated once built (apart
 * from memo fields that cache derived text): a write replaces records, so
 * snapshots can share them.
 */

/** Slots per series in {@link FamilyRecord}'s column array: metric, key, order-key length, text. */
const STRIDE = 4;
const METRIC = 0;
const KEY = 1;
const ORDER = 2;
const TEXT = 3;

/**
 * Compares the `seriesOrderKey`s of series `ai` of `a` and `bi` of `b` (the
 * prefixes of their keys) as `<` compares strings, without cutting them
 * out. Returns -1, 0 or 1.
 */
export function compareOrder(a: FamilyRecord, ai: number, b: FamilyRecord, bi: number): number {
  const ak = a.key(ai);
  const bk = b.key(bi);
  const al = a.orderLength(ai);
  const bl = b.orderLength(bi);
  const n = al < bl ? al : bl;
  for (let i = 0; i < n; i++) {
    const d = ak.charCodeAt(i) - bk.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return al === bl ? 0 : al < bl ? -1 : 1;
}

/** The `seriesOrderKey` of the labels of series `i` of `rec` (cut out of its key). */
export function orderKeyOf(rec: FamilyRecord, i: number): string {
  return rec.key(i).slice(0, rec.orderLength(i));
}

/**
 * A stored family: its name, type, HELP and unit, and its series. A series
 * is its position (in pushed order, which orders Go's ties as Go's small
 * sorts do); its metric, key, order-key length and rendered text sit side
 * by side in one array, with no object per series (a store holds many
 * small families: every object and array per series or family counts). The
 * {@link family} object is built on each read from these.
 */
export class FamilyRecord implements StoredFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | undefined;
  readonly unit: string | undefined;
  readonly writtenAt: number;
  /** Number of series. */
  readonly size: number;
  /** {@link STRIDE} slots per series: metric, key, order-key length, text memo. */
  private readonly columns: (Metric | string | number | undefined)[];
  /**
   * Set once the store's content no longer holds this record (it was
   * replaced or removed), so that merged views can drop its series without
   * looking its group up. Older snapshots keep showing them.
   */
  retired = false;

  constructor(family: MetricFamily, writtenAt: number, columns: (Metric | string | number | undefined)[]) {
    this.name = family.name;
    this.type = family.type;
    this.help = family.help;
    this.unit = family.unit;
    this.writtenAt = writtenAt;
    this.size = columns.length / STRIDE;
    this.columns = columns;
  }

  /** The metric of series `i`. Do not mutate. */
  metric(i: number): Metric {
    return this.columns[i * STRIDE + METRIC] as Metric;
  }

  /** The `seriesSortKey` of the labels of series `i`: its identity within the family. */
  key(i: number): string {
    return this.columns[i * STRIDE + KEY] as string;
  }

  /**
   * The length of the `seriesOrderKey` of series `i`, a prefix of its
   * {@link key}: its place in the exposition (equal for Go's ties). Compare
   * with {@link compareOrder}.
   */
  orderLength(i: number): number {
    return this.columns[i * STRIDE + ORDER] as number;
  }

  /** The rendered sample lines of series `i` (memo), if made yet. */
  text(i: number): string | undefined {
    return this.columns[i * STRIDE + TEXT] as string | undefined;
  }

  /** Keeps the rendered sample lines of series `i` (the only field that changes after the record is built). */
  setText(i: number, text: string): void {
    this.columns[i * STRIDE + TEXT] = text;
  }

  /** The family (metrics in pushed order): a new object on each read, sharing the stored metrics. Do not mutate the metrics. */
  get family(): MetricFamily {
    const metrics = new Array<Metric>(this.size);
    for (let i = 0; i < metrics.length; i++) metrics[i] = this.metric(i);
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

/**
 * Builds the record of a family whose metrics already carry the grouping.
 * `previous`: the record it replaces in the same group; a series at the same
 * place with the same label objects (interned: equal labels are the same
 * objects while cached) takes over its keys and labels array, so a re-push
 * of the same series builds no key and keeps no second copy of its labels.
 */
export function familyRecord(family: MetricFamily, writtenAt: number, previous?: FamilyRecord): FamilyRecord {
  const metrics = family.metrics;
  const n = metrics.length;
  // Made at its final size: an array grown by pushing keeps spare room.
  const columns: (Metric | string | number | undefined)[] = new Array(n * STRIDE);
  const before = previous !== undefined ? previous.size : 0;
  for (let i = 0, c = 0; i < n; i++, c += STRIDE) {
    const metric = metrics[i];
    columns[c + METRIC] = metric;
    columns[c + TEXT] = undefined;
    if (i < before) {
      const p = previous!.metric(i).labels;
      if (sameLabelObjects(p, metric.labels)) {
        // The metric was made for this record (see `groupedFamily`): it may take the shared, equal array.
        (metric as { labels: Label[] }).labels = p;
        columns[c + KEY] = previous!.key(i);
        columns[c + ORDER] = previous!.orderLength(i);
        continue;
      }
    }
    const large = seriesKeyOfLarge(metric.labels);
    // The order key is a prefix of the identity: only its length is kept.
    if (large !== undefined) {
      columns[c + KEY] = large.key;
      columns[c + ORDER] = large.orderLength;
    } else {
      // The keys are built by concatenation, and a tree of pieces costs several times its text.
      const orderKey = flatten(seriesOrderKey(metric.labels));
      columns[c + KEY] = flatten(seriesIdentity(orderKey, metric.labels));
      columns[c + ORDER] = orderKey.length;
    }
  }
  return new FamilyRecord(family, writtenAt, columns);
}

/** Whether two label lists hold the same label objects in the same order. */
function sameLabelObjects(a: readonly Label[], b: readonly Label[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  previous?: FamilyRecord,
): FamilyRecord {
  const family: MetricFamily = {
    name,
    help: name === PUSH_TIME ? PUSH_TIME_HELP : PUSH_FAILURE_TIME_HELP,
    type: 'gauge',
    metrics: [{ labels: internLabels(groupLabels([], grouping)).slice(), value: seconds }],
  };
  return familyRecord(family, writtenAt, previous);
}

/** Builds an immutable group record. `families` must not be mutated afterwards. */
export function groupRecord(key: string, labels: readonly Label[], families: Map<string, FamilyRecord>): GroupRecord {
  const push = firstValue(families.get(PUSH_TIME));
  const failure = firstValue(families.get(PUSH_FAILURE_TIME));
  return {
    key,
    labels,
    families: familyTable(families),
    pushTimeSeconds: push,
    pushFailureTimeSeconds: failure,
    lastPushSuccessful: failure <= push,
  };
}

/** The value of the first series of `rec`; 0 without one. */
function firstValue(rec: FamilyRecord | undefined): number {
  return rec !== undefined && rec.size > 0 ? (rec.metric(0).value ?? 0) : 0;
}
