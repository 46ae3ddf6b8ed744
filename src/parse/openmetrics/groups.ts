import { labelSignature, SMALL_LABEL_SET } from '../../model/labels.js';
import type { Label } from '../../model/types.js';

/**
 * The label groups (metrics) of one family seen so far, for the rule that the
 * samples of each metric are contiguous: a new group must equal none of them,
 * as a set (label order does not matter).
 *
 * Expositions mostly list a family's metrics in order (as client libraries
 * write them), each with the same label names in the same order or with its
 * names sorted. While each new group comes after the one before in the order
 * of label pairs (name, then value, place by place), or each comes before it,
 * and all have the first group's names in its order or all have sorted names,
 * no two groups of the run can be the same set, so no key is made. The first
 * group that breaks this picks a label that tells it from the group before;
 * while every group has that label with a value no earlier group had (a
 * series id, a path), each is new, and only those values are kept. The first
 * group that breaks this switches the family to a hash of each group's label
 * set (a sum over its labels, so label order does not matter), kept in a map
 * by number: a group whose hash is new is new, and one whose hash is known is
 * compared with the group of that hash. Only when two different groups meet
 * on one hash does the family switch to exact keys of all its groups: a group
 * with the first group's names (in any order) is keyed by its values in the
 * order of those names, any other group by its signature. Every group from
 * the first on is kept in {@link run} for these switches.
 */
export class MetricGroups {
  /** The groups so far while in a run (see above); the first one gives the run's names. */
  private run: Label[][] = [];
  /** +1: each group after the one before; -1: each before; 0: not known yet (fewer than two groups). */
  private direction = 0;
  /** Whether every group of the run has sorted names / the first group's names in its order. */
  private allSorted = true;
  private allFirstNames = true;
  /** The first group (its names order the values of {@link valueKeys}). */
  private first: Label[] = [];
  /** Once the run broke: the values of the label named {@link keyName} so far, while each group has a new one. */
  private keyValues: Set<string> | undefined;
  private keyName = '';
  /** Where {@link keyName} was in the group it was picked from (mostly where every group has it). */
  private keyPlace = 0;
  /** Then: the groups by their {@link groupHash}, until two groups meet on one. */
  private hashed: Map<number, Label[]> | undefined;
  /** Once the run broke: keys of the groups with the first group's names, by their values. */
  private valueKeys: Set<string> | undefined;
  /** Once the run broke: signatures of the other groups. */
  private signatures: Set<string> | undefined;

  /** Adds a group; returns false (and adds nothing) when an equal group was added before. */
  add(group: Label[]): boolean {
    const keyValues = this.keyValues;
    if (keyValues !== undefined) return this.addByKeyValue(keyValues, group);
    const hashed = this.hashed;
    if (hashed !== undefined) return this.addHashed(hashed, group);
    if (this.valueKeys !== undefined) return this.addKey(group);
    if (this.continuesRun(group)) {
      this.run.push(group);
      return true;
    }
    return this.toKeyValues(group);
  }

  /** {@link add} while each group has a value of {@link keyName} that no earlier group had; else switches to hashes. */
  private addByKeyValue(keyValues: Set<string>, group: Label[]): boolean {
    const value = valueOf(group, this.keyName, this.keyPlace);
    if (value !== undefined) {
      const size = keyValues.size;
      keyValues.add(value);
      if (keyValues.size !== size) {
        this.run.push(group);
        return true;
      }
    }
    this.keyValues = undefined;
    return this.toHashes(group);
  }

  /**
   * The run broke at `group`: picks the first label of the run's last group whose value
   * `group` does not share (else switches to hashes), and adds `group`. A group with a value
   * of that label that no earlier group had is new, whatever its other labels.
   */
  private toKeyValues(group: Label[]): boolean {
    const run = this.run;
    const last = run[run.length - 1];
    for (let place = 0; place < last.length; place++) {
      const name = last[place].name;
      const value = valueOf(group, name, place);
      if (value === undefined || value === last[place].value) continue;
      const keyValues = new Set<string>();
      for (let i = 0; i < run.length; i++) {
        const v = valueOf(run[i], name, place);
        if (v !== undefined) keyValues.add(v);
      }
      this.keyName = name;
      this.keyPlace = place;
      this.keyValues = keyValues;
      return this.addByKeyValue(keyValues, group);
    }
    return this.toHashes(group);
  }

  /** {@link add} once the run broke and while no two groups share a hash; the groups stay in {@link run}. */
  private addHashed(hashed: Map<number, Label[]>, group: Label[]): boolean {
    const h = groupHash(group);
    const known = hashed.get(h);
    if (known === undefined) {
      hashed.set(h, group);
      this.run.push(group);
      return true;
    }
    if (sameLabelSet(known, group)) return false;
    this.hashed = undefined;
    this.toKeys();
    return this.addKey(group);
  }

  /**
   * Switches to hashes and adds `group`. Two groups of the run that share a hash leave one
   * of them in the map: a group meeting that hash later switches to keys of all the groups.
   */
  private toHashes(group: Label[]): boolean {
    const hashed = new Map<number, Label[]>();
    const run = this.run;
    for (let i = 0; i < run.length; i++) hashed.set(groupHash(run[i]), run[i]);
    this.hashed = hashed;
    return this.addHashed(hashed, group);
  }

  /** {@link add} once the run broke. */
  private addKey(group: Label[]): boolean {
    const first = this.first;
    let key = group.length === first.length ? valuesKey(group, first) : undefined;
    let keys = this.valueKeys as Set<string>;
    if (key === undefined) {
      key = labelSignature(group);
      keys = this.signatures ??= new Set();
    }
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  }

  /** Whether `group` extends the run (then it equals no group of it); updates the run's state. */
  private continuesRun(group: Label[]): boolean {
    const run = this.run;
    if (run.length === 0) {
      this.first = group;
      this.allSorted = isSortedByName(group);
      return true;
    }
    const compared = compareGroups(group, run[run.length - 1]);
    const order = compared >> 1;
    if (order === 0 || (this.direction !== 0 && order !== this.direction)) return false;
    // While every group has the first one's names, the last one's are the first one's.
    const firstNames = this.allFirstNames && (compared & 1) !== 0;
    // The first group's names in its order are as sorted as they were there.
    const sorted = this.allSorted && (firstNames || isSortedByName(group));
    if (!sorted && !firstNames) return false;
    this.direction = order;
    this.allSorted = sorted;
    this.allFirstNames = firstNames;
    return true;
  }

  /** Switches to keys: the groups so far get theirs. */
  private toKeys(): void {
    this.valueKeys = new Set();
    const run = this.run;
    for (let i = 0; i < run.length; i++) this.addKey(run[i]);
    this.run = [];
  }
}

/** The value of label `name` in `group`, looked for at `place` first; `undefined` when it has none. */
function valueOf(group: readonly Label[], name: string, place: number): string | undefined {
  if (place < group.length && group[place].name === name) return group[place].value;
  for (let i = 0; i < group.length; i++) if (group[i].name === name) return group[i].value;
  return undefined;
}

/** The bits of a {@link groupHash} kept (a small integer, a fast map key). Not part of the API: tests narrow it to make groups meet on a hash. */
export const groupHashing = { mask: 0x3fffffff };

/**
 * A hash of a label set that does not depend on label order: the sum of a
 * hash of each label's name and value (FNV-1a over their chars, then mixed).
 */
export function groupHash(group: readonly Label[]): number {
  let sum = 0;
  for (let k = 0; k < group.length; k++) {
    const { name, value } = group[k];
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    // The separator keeps `ab="c"` and `a="bc"` apart.
    h = Math.imul(h ^ 0x3d, 0x01000193);
    for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    sum = (sum + h) | 0;
  }
  return sum & groupHashing.mask;
}

/** Whether the names of `labels` are in increasing order (then the list is its own canonical form: names are unique). */
export function isSortedByName(labels: readonly Label[]): boolean {
  for (let i = 1; i < labels.length; i++) if (!(labels[i - 1].name < labels[i].name)) return false;
  return true;
}

/**
 * The values of `group` in the order of the names of `first` (as many), each
 * after its length, or `undefined` when `group` has other names. Two groups
 * with the names of `first` are the same set exactly when their keys are equal.
 */
function valuesKey(group: readonly Label[], first: readonly Label[]): string | undefined {
  let key = '';
  if (sameNames(group, first)) {
    for (let i = 0; i < group.length; i++) key += `${group[i].value.length}:${group[i].value}`;
    return key;
  }
  if (first.length > SMALL_LABEL_SET) {
    const values = new Map<string, string>();
    for (let i = 0; i < group.length; i++) values.set(group[i].name, group[i].value);
    for (let i = 0; i < first.length; i++) {
      const value = values.get(first[i].name);
      if (value === undefined) return undefined;
      key += `${value.length}:${value}`;
    }
    return key;
  }
  for (let i = 0; i < first.length; i++) {
    const name = first[i].name;
    let j = 0;
    while (j < group.length && group[j].name !== name) j++;
    if (j === group.length) return undefined;
    key += `${group[j].value.length}:${group[j].value}`;
  }
  return key;
}

/** Whether two groups have the same names at the same places. */
function sameNames(a: readonly Label[], b: readonly Label[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].name !== b[i].name) return false;
  return true;
}

/**
 * How `a` and `b` compare, in one pass: twice the order (-1, 0 or 1 as `a`
 * comes before, equals or comes after `b`), plus 1 when they have the same
 * names at the same places (read it as `r >> 1` and `r & 1`).
 *
 * The order is that of their label pairs (name, then value, place by place; a
 * list before its extensions): a strict total order on lists, so a run of
 * groups that only goes up (or only down) has no two equal lists.
 */
export function compareGroups(a: readonly Label[], b: readonly Label[]): number {
  const n = a.length < b.length ? a.length : b.length;
  let order = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x.name !== y.name) return 2 * (order !== 0 ? order : x.name < y.name ? -1 : 1);
    if (order === 0 && x.value !== y.value) order = x.value < y.value ? -1 : 1;
  }
  if (a.length !== b.length) return order !== 0 ? 2 * order : a.length < b.length ? -2 : 2;
  return 2 * order + 1;
}

/**
 * Whether two groups are the same set of labels (names are unique in each):
 * each label of one is in the other. Pairwise up to {@link SMALL_LABEL_SET}
 * labels, by signature above, so a large group costs linear time.
 */
export function sameLabelSet(a: readonly Label[], b: readonly Label[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length > SMALL_LABEL_SET) return labelSignature(a) === labelSignature(b);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    let found = false;
    for (let j = 0; j < b.length; j++) {
      if (b[j].name === x.name) {
        found = b[j].value === x.value;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
