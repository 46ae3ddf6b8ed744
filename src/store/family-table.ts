/** What a table holds: records that know their name. */
export interface Named {
  readonly name: string;
}

/**
 * The families of a stored group, by name, as a read-only map over one
 * array of records (each record knows its name). A group holds a handful
 * of families and a store many groups: a `Map` costs about 500 bytes per
 * group here, this a third of that; a lookup scans a few names.
 */
export class FamilyTable<R extends Named> implements ReadonlyMap<string, R> {
  private readonly records: readonly R[];

  /** `records` in the map's order, with distinct names; not copied, so not to be changed afterwards. */
  constructor(records: readonly R[]) {
    this.records = records;
  }

  get size(): number {
    return this.records.length;
  }

  get(name: string): R | undefined {
    const rs = this.records;
    for (let i = 0; i < rs.length; i++) if (rs[i].name === name) return rs[i];
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  forEach(fn: (value: R, key: string, map: ReadonlyMap<string, R>) => void, self?: unknown): void {
    for (const r of this.records) fn.call(self, r, r.name, this);
  }

  *entries(): MapIterator<[string, R]> {
    for (const r of this.records) yield [r.name, r];
  }

  *keys(): MapIterator<string> {
    for (const r of this.records) yield r.name;
  }

  values(): MapIterator<R> {
    return this.records.values();
  }

  [Symbol.iterator](): MapIterator<[string, R]> {
    return this.entries();
  }
}

/**
 * Families at which a group keeps its `Map`: a lookup in a table scans its
 * names, and a push looks up each of its families, so a group of many
 * families (node_exporter pushes ~100) would pay a scan per family.
 */
export const FAMILY_TABLE_MAX = 16;

/**
 * A {@link FamilyTable} with the entries of `families`, or `families` itself
 * when it has more than {@link FAMILY_TABLE_MAX} entries or a key is not its
 * record's name.
 */
export function familyTable<R extends Named>(families: ReadonlyMap<string, R>): ReadonlyMap<string, R> {
  if (families.size > FAMILY_TABLE_MAX) return families;
  const records = new Array<R>(families.size);
  let i = 0;
  for (const [name, rec] of families) {
    if (rec.name !== name) return families;
    records[i++] = rec;
  }
  return new FamilyTable(records);
}
