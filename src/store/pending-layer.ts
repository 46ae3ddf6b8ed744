import { sameKeys, type Content, type IndexWriter, type NameRecord, type NameView } from './content.js';
import type { FamilyRecord, GroupRecord } from './records.js';

/**
 * The writes of a batch that are prepared but not committed, as a layer
 * over the committed content: reads see the content with those writes
 * applied, and the content itself is never touched. Costs the size of the
 * writes, not of the store.
 */

/** One family name as seen through the layer. */
class PendingName implements NameView {
  /** Base holders whose record changed (`null`: removed). */
  private readonly replaced = new Map<string, FamilyRecord | null>();
  /** Holders that took the name in this batch (after the base ones, in order). */
  private readonly added = new Map<string, FamilyRecord>();
  /** Series key → holding group (`null`: no longer held) for the series this batch moved. */
  private readonly moved: Map<string, string | null> | undefined;
  readonly series: { get(key: string): string | undefined } | undefined;

  constructor(
    private readonly base: NameRecord | undefined,
    indexSeries: boolean,
  ) {
    const moved = indexSeries ? new Map<string, string | null>() : undefined;
    this.moved = moved;
    this.series = moved && {
      get: (key: string): string | undefined => {
        // Most batches move no series (re-pushes of the same series): one lookup, not two.
        const m = moved.size === 0 ? undefined : moved.get(key);
        return m === undefined ? base?.series?.get(key) : (m ?? undefined);
      },
    };
  }

  get holders(): Iterable<[string, FamilyRecord]> {
    return this.iterate();
  }

  private *iterate(): Generator<[string, FamilyRecord]> {
    if (this.base) {
      for (const [g, rec] of this.base.holders) {
        const r = this.replaced.get(g);
        if (r === undefined) yield [g, rec];
        else if (r !== null) yield [g, r];
      }
    }
    yield* this.added;
  }

  hold(group: string, previous: FamilyRecord | undefined, next: FamilyRecord, same: boolean | undefined): void {
    const moved = this.moved;
    if (moved && !(previous && (same ?? sameKeys(previous, next)))) {
      if (previous) this.release(group, previous);
      for (let i = 0; i < next.size; i++) moved.set(next.key(i), group);
    }
    // As in a Map: an existing holder keeps its place; one removed and taken again moves to the end.
    if (this.added.has(group)) this.added.set(group, next);
    else if (this.base?.holders.has(group) && this.replaced.get(group) !== null) this.replaced.set(group, next);
    else this.added.set(group, next);
  }

  unhold(group: string, rec: FamilyRecord): void {
    if (this.moved) this.release(group, rec);
    if (this.added.has(group)) this.added.delete(group);
    else this.replaced.set(group, null);
  }

  /** Marks the series of `rec` that `group` holds as no longer held. */
  private release(group: string, rec: FamilyRecord): void {
    for (let i = 0; i < rec.size; i++) {
      const key = rec.key(i);
      if (this.series!.get(key) === group) this.moved!.set(key, null);
    }
  }
}

/** Prepared writes of a batch layered over the committed content. */
export class PendingLayer implements IndexWriter {
  private readonly groups = new Map<string, GroupRecord | null>();
  private readonly names = new Map<string, PendingName>();

  constructor(private readonly base: Content) {}

  group(key: string): GroupRecord | undefined {
    const g = this.groups.get(key);
    return g === undefined ? this.base.group(key) : (g ?? undefined);
  }

  name(name: string): NameView | undefined {
    return this.names.get(name) ?? this.base.name(name);
  }

  setGroup(key: string, rec: GroupRecord | null): void {
    this.groups.set(key, rec);
  }

  hold(name: string, group: string, previous: FamilyRecord | undefined, next: FamilyRecord, same?: boolean): void {
    this.pending(name).hold(group, previous, next, same);
  }

  unhold(name: string, group: string, rec: FamilyRecord): void {
    this.pending(name).unhold(group, rec);
  }

  private pending(name: string): PendingName {
    let p = this.names.get(name);
    if (!p) {
      p = new PendingName(this.base.name(name), this.base.indexSeries);
      this.names.set(name, p);
    }
    return p;
  }
}
