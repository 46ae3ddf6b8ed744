import type { Label, Metric, MetricFamily, MetricType } from '../model/types.js';
import { groupLabels } from '../merge/apply-grouping.js';
import { labelCount, seriesIdentity, seriesKeyOfLarge, seriesOrderKey } from '../merge/byte-order.js';
import { familyTable } from './family-table.js';
import { flatten, internLabels } from './intern.js';
import type { GroupView, StoredFamily } from './types.js';

/**
 * The store's internal records. They are never mutated once built (apart
 * from memo fields that cache derived text): a write replaces records, so
 * snapshots can share them.
 */

/**
 * Slots per series in {@link FamilyRecord}'s column array: the series (a
 * plain metric's place of its labels in the same array, else the metric),
 * value, key, order-key length, text.
 */
const STRIDE = 5;
const SERIES = 0;
const VALUE = 1;
const KEY = 2;
const ORDER = 3;
const TEXT = 4;

type Column = Metric | Label | string | number | undefined;

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
  /** Name, type, HELP and unit: one object shared by the records that have the same. */
  private readonly head: FamilyHead;
  readonly writtenAt: number;
  /** Number of series. */
  readonly size: number;
  /**
   * {@link STRIDE} slots per series, then the labels of every plain series
   * (labels and a value, nothing else: most series), one after the other:
   * such a series has no metric object or labels array of its own.
   */
  private readonly columns: Column[];
  /**
   * Set once the store's content no longer holds this record (it was
   * replaced or removed), so that merged views can drop its series without
   * looking its group up. Older snapshots keep showing them.
   */
  retired = false;

  constructor(family: MetricFamily, writtenAt: number, size: number, columns: Column[], previous?: FamilyRecord) {
    this.head = familyHead(family, previous?.head);
    this.writtenAt = writtenAt;
    this.size = size;
    this.columns = columns;
  }

  get name(): string {
    return this.head.name;
  }

  get type(): MetricType {
    return this.head.type;
  }

  get help(): string | undefined {
    return this.head.help;
  }

  get unit(): string | undefined {
    return this.head.unit;
  }

  /** The metric of series `i`: a new object for a plain series (made on each call), else the stored one. Do not mutate. */
  metric(i: number): Metric {
    const c = i * STRIDE;
    const s = this.columns[c + SERIES];
    if (typeof s !== 'number') return s as Metric;
    const labels = this.labelsAt(s, c);
    const value = this.columns[c + VALUE] as number | undefined;
    return value === undefined ? { labels } : { labels, value };
  }

  /** Whether the labels of series `i` are the label objects of `labels`, in order. */
  hasLabelObjects(i: number, labels: readonly Label[]): boolean {
    const c = i * STRIDE;
    const s = this.columns[c + SERIES];
    if (typeof s !== 'number') return sameLabelObjects((s as Metric).labels, labels);
    if (labelCount(this.columns[c + KEY] as string) !== labels.length) return false;
    for (let j = 0; j < labels.length; j++) if (this.columns[s + j] !== labels[j]) return false;
    return true;
  }

  /** Whether the labels of series `i` have the names and values of `labels`, in order. */
  hasLabels(i: number, labels: readonly Label[]): boolean {
    const c = i * STRIDE;
    const s = this.columns[c + SERIES];
    const own = typeof s === 'number' ? undefined : (s as Metric).labels;
    const n = own !== undefined ? own.length : labelCount(this.columns[c + KEY] as string);
    if (n !== labels.length) return false;
    for (let j = 0; j < n; j++) {
      const l = own !== undefined ? own[j] : (this.columns[(s as number) + j] as Label);
      if (l.name !== labels[j].name || l.value !== labels[j].value) return false;
    }
    return true;
  }

  /**
   * The stored labels array of series `i` when it has one (shared: do not
   * mutate); for a plain series, writes its label objects into `into` (of
   * their number) instead and returns `undefined`.
   */
  takeLabels(i: number, into: Label[]): Label[] | undefined {
    const c = i * STRIDE;
    const s = this.columns[c + SERIES];
    if (typeof s !== 'number') return (s as Metric).labels;
    for (let j = 0; j < into.length; j++) into[j] = this.columns[s + j] as Label;
    return undefined;
  }

  /** The labels of series `i`: a new array for a plain series, else the stored metric's (shared: do not mutate). */
  labels(i: number): Label[] {
    const c = i * STRIDE;
    const s = this.columns[c + SERIES];
    return typeof s === 'number' ? this.labelsAt(s, c) : (s as Metric).labels;
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

  /** The family (metrics in pushed order): a new object on each read. Do not mutate the metrics. */
  get family(): MetricFamily {
    const metrics = new Array<Metric>(this.size);
    for (let i = 0; i < metrics.length; i++) metrics[i] = this.metric(i);
    const f: MetricFamily = { name: this.name, type: this.type, metrics };
    if (this.help !== undefined) f.help = this.help;
    if (this.unit !== undefined) f.unit = this.unit;
    return f;
  }

  /** The labels of the plain series at column `c`, stored from `start` (their number is in its key). */
  private labelsAt(start: number, c: number): Label[] {
    return this.columns.slice(start, start + labelCount(this.columns[c + KEY] as string)) as Label[];
  }
}

/** The name, type, HELP and unit of a family. */
interface FamilyHead {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | undefined;
  readonly unit: string | undefined;
}

/** Heads at which {@link heads} is emptied (it only lets records share heads; dropping it loses nothing). */
const HEADS_LIMIT = 4096;

/** The last head made for each family name. */
const heads = new Map<string, FamilyHead>();

/** Whether `h` has the name, type, HELP and unit of `f`. */
function sameHead(h: FamilyHead | undefined, f: MetricFamily): h is FamilyHead {
  return h !== undefined && h.name === f.name && h.type === f.type && h.help === f.help && h.unit === f.unit;
}

/**
 * The head of `f`: `previous` (the head of the record it replaces) or the
 * last one made for its name when equal, so that the records of every
 * group pushing the same family share one; else a new one.
 */
function familyHead(f: MetricFamily, previous: FamilyHead | undefined): FamilyHead {
  if (sameHead(previous, f)) return previous;
  const last = heads.get(f.name);
  if (sameHead(last, f)) return last;
  if (heads.size >= HEADS_LIMIT) heads.clear();
  const h: FamilyHead = { name: f.name, type: f.type, help: f.help, unit: f.unit };
  heads.set(h.name, h);
  return h;
}

/**
 * Whether a metric is plain: labels and a value (or none), nothing else,
 * so that {@link FamilyRecord} can keep it as its labels and value.
 */
function isPlain(m: Metric): boolean {
  for (const k in m) if (k !== 'labels' && (k !== 'value' || m.value === undefined)) return false;
  return true;
}

/** A stored group. */
export interface GroupRecord extends GroupView {
  readonly families: ReadonlyMap<string, FamilyRecord>;
}

/** Series up to which {@link familyRecord} notes which metrics are plain in {@link plainScratch}. */
const PLAIN_SCRATCH = 4096;
/** Scratch of {@link familyRecord} (one record is built at a time). */
const plainScratch = new Uint8Array(PLAIN_SCRATCH);

/**
 * Builds the record of a family whose metrics already carry the grouping.
 * `previous`: the record it replaces in the same group; a series at the same
 * place with the same label objects (interned: equal labels are the same
 * objects while cached) takes over its key, so a re-push of the same series
 * builds no key.
 */
export function familyRecord(family: MetricFamily, writtenAt: number, previous?: FamilyRecord): FamilyRecord {
  const metrics = family.metrics;
  const n = metrics.length;
  // Whether each metric is plain, decided once (in the scratch, for all but huge records).
  const plain = n <= PLAIN_SCRATCH ? plainScratch : undefined;
  let labelSlots = 0;
  for (let i = 0; i < n; i++) {
    const p = isPlain(metrics[i]);
    if (plain !== undefined) plain[i] = p ? 1 : 0;
    if (p) labelSlots += metrics[i].labels.length;
  }
  // Made at its final size: an array grown by pushing keeps spare room.
  const columns: Column[] = new Array(n * STRIDE + labelSlots);
  const before = previous !== undefined ? previous.size : 0;
  let next = n * STRIDE;
  for (let i = 0, c = 0; i < n; i++, c += STRIDE) {
    const metric = metrics[i];
    const labels = metric.labels;
    if (plain !== undefined ? plain[i] === 1 : isPlain(metric)) {
      columns[c + SERIES] = next;
      columns[c + VALUE] = metric.value;
      for (let j = 0; j < labels.length; j++) columns[next++] = labels[j];
    } else {
      columns[c + SERIES] = metric;
      columns[c + VALUE] = undefined;
    }
    columns[c + TEXT] = undefined;
    if (i < before && previous!.hasLabelObjects(i, labels)) {
      columns[c + KEY] = previous!.key(i);
      columns[c + ORDER] = previous!.orderLength(i);
      continue;
    }
    const large = seriesKeyOfLarge(labels);
    // The order key is a prefix of the identity: only its length is kept.
    if (large !== undefined) {
      columns[c + KEY] = large.key;
      columns[c + ORDER] = large.orderLength;
    } else {
      // The keys are built by concatenation, and a tree of pieces costs several times its text.
      const orderKey = flatten(seriesOrderKey(labels));
      columns[c + KEY] = flatten(seriesIdentity(orderKey, labels));
      columns[c + ORDER] = orderKey.length;
    }
  }
  return new FamilyRecord(family, writtenAt, n, columns, previous);
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
