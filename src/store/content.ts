import type { FamilyRecord, GroupRecord } from './records.js';

/**
 * The store's mutable content (groups and the per-name index) and the
 * read/write interface that prepared writes are checked against and
 * applied through. The same interface is implemented by the committed
 * {@link Content} and by a batch's pending layer (`pending-layer.ts`), so a
 * write prepared in a batch sees the writes prepared before it.
 */

/** What the consistency check reads of one family name. */
export interface NameView {
  /** The groups holding the name with their records, in the order they took it (first = longest holder). */
  readonly holders: Iterable<[string, FamilyRecord]>;
  /** Series key → key of the group holding that series (checked stores only). */
  readonly series: { get(key: string): string | undefined } | undefined;
}

/** Everything stored under one family name. */
export interface NameRecord extends NameView {
  readonly holders: Map<string, FamilyRecord>;
  readonly series: Map<string, string> | undefined;
}

/** Read access to groups and names. */
export interface IndexReader {
  group(key: string): GroupRecord | undefined;
  name(name: string): NameView | undefined;
}

/** Read and write access: the steps a write is applied with. */
export interface IndexWriter extends IndexReader {
  /**
   * Makes `group` hold `next` under `name`, replacing `previous` (its earlier
   * record, if any). `same`: whether both hold the same series, when the
   * caller already knows (else it is compared here).
   */
  hold(name: string, group: string, previous: FamilyRecord | undefined, next: FamilyRecord, same?: boolean): void;
  /** Removes `group`'s record `rec` from `name`. */
  unhold(name: string, group: string, rec: FamilyRecord): void;
  /** Stores or (with `null`) removes a group record. */
  setGroup(key: string, rec: GroupRecord | null): void;
}

/** Whether two records of one group hold the same series (a re-push with new values): the series index needs no change. */
export function sameKeys(a: FamilyRecord, b: FamilyRecord): boolean {
  const n = a.size;
  if (n !== b.size) return false;
  for (let i = 0; i < n; i++) if (a.key(i) !== b.key(i)) return false;
  return true;
}

/** The committed content of a store: groups and the per-name index, with what changed since the last snapshot. */
export class Content implements IndexWriter {
  readonly groups = new Map<string, GroupRecord>();
  readonly names = new Map<string, NameRecord>();
  /**
   * Names whose holders changed since the last snapshot, with the groups
   * that changed them; `null` once the name's merged view was let go (it is
   * built again whole, so the groups need not be counted any more).
   */
  readonly dirty = new Map<string, Set<string> | null>();
  /** Whether the set of names changed since the last snapshot. */
  namesChanged = true;
  /** Whether any group changed since the last snapshot. */
  groupsChanged = true;

  /** `indexSeries`: keep the series → group index (checked stores). */
  constructor(readonly indexSeries: boolean) {}

  group(key: string): GroupRecord | undefined {
    return this.groups.get(key);
  }

  name(name: string): NameRecord | undefined {
    return this.names.get(name);
  }

  setGroup(key: string, rec: GroupRecord | null): void {
    if (rec) this.groups.set(key, rec);
    else this.groups.delete(key);
    this.groupsChanged = true;
  }

  hold(name: string, group: string, previous: FamilyRecord | undefined, next: FamilyRecord, same?: boolean): void {
    let nr = this.names.get(name);
    if (!nr) {
      nr = { holders: new Map(), series: this.indexSeries ? new Map() : undefined };
      this.names.set(name, nr);
      this.namesChanged = true;
    }
    if (previous) previous.retired = true;
    const series = nr.series;
    if (series && !(previous && (same ?? sameKeys(previous, next)))) {
      if (previous) unindex(series, group, previous);
      for (let i = 0; i < next.size; i++) series.set(next.key(i), group);
    }
    nr.holders.set(group, next);
    this.touch(name, group);
  }

  unhold(name: string, group: string, rec: FamilyRecord): void {
    const nr = this.names.get(name);
    if (!nr) return;
    rec.retired = true;
    const series = nr.series;
    if (series) unindex(series, group, rec);
    nr.holders.delete(group);
    if (nr.holders.size === 0) {
      this.names.delete(name);
      this.namesChanged = true;
    }
    this.touch(name, group);
  }

  private touch(name: string, group: string): void {
    const groups = this.dirty.get(name);
    if (groups) groups.add(group);
    else if (groups === undefined) this.dirty.set(name, new Set([group]));
  }
}

/** Removes the series of `rec` from the series index where `group` holds them. */
function unindex(series: Map<string, string>, group: string, rec: FamilyRecord): void {
  for (let i = 0; i < rec.size; i++) {
    const key = rec.key(i);
    if (series.get(key) === group) series.delete(key);
  }
}
