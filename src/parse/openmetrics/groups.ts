import { labelSignature } from '../../model/labels.js';
import type { Label } from '../../model/types.js';

/**
 * The label groups (metrics) of one family seen so far, for the rule that the
 * samples of each metric are contiguous: a new group must equal none of them,
 * as a set (label order does not matter).
 *
 * Expositions mostly list a family's metrics with their labels sorted by name
 * and in increasing order of their label pairs (as client libraries write
 * them). While that holds, each new group is greater than every earlier one,
 * so it cannot repeat one and no key is made. The first group that breaks the
 * order switches the family to a set of signatures of all its groups.
 */
export class MetricGroups {
  /** The groups so far while they are ordered (each sorted by name, each greater than the one before). */
  private ordered: Label[][] | undefined;
  /** The last group, while ordered. */
  private last: Label[] | undefined;
  /** Signatures of all groups, once the order broke. */
  private keys: Set<string> | undefined;

  /** Adds a group; returns false (and adds nothing) when an equal group was added before. */
  add(group: Label[]): boolean {
    const keys = this.keys;
    if (keys === undefined) {
      const last = this.last;
      if (last === undefined) {
        if (isSortedByName(group)) {
          this.last = group;
          return true;
        }
      } else if (isSortedByName(group) && follows(group, last)) {
        (this.ordered ??= [last]).push(group);
        this.last = group;
        return true;
      }
      this.toKeys();
      return this.add(group);
    }
    const key = labelSignature(group);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  }

  /** Switches to signatures: the groups so far go into {@link keys}. */
  private toKeys(): void {
    const keys = new Set<string>();
    const earlier = this.ordered ?? (this.last === undefined ? [] : [this.last]);
    for (let i = 0; i < earlier.length; i++) keys.add(labelSignature(earlier[i]));
    this.keys = keys;
    this.ordered = undefined;
    this.last = undefined;
  }
}

/** Whether the names of `labels` are in increasing order (then the list is its own canonical form: names are unique). */
export function isSortedByName(labels: readonly Label[]): boolean {
  for (let i = 1; i < labels.length; i++) if (!(labels[i - 1].name < labels[i].name)) return false;
  return true;
}

/**
 * Whether `group` comes strictly after `last` in the order of their label
 * pairs (name, then value, pair by pair; a list before its extensions): a
 * strict total order, so an increasing run of groups has no two equal.
 */
function follows(group: readonly Label[], last: readonly Label[]): boolean {
  const n = group.length < last.length ? group.length : last.length;
  for (let i = 0; i < n; i++) {
    const a = group[i];
    const b = last[i];
    if (a.name !== b.name) return a.name > b.name;
    if (a.value !== b.value) return a.value > b.value;
  }
  return group.length > last.length;
}
