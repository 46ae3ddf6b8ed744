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
 * group that breaks this switches the family to a set of signatures of all
 * its groups.
 */
export class MetricGroups {
  /** The groups so far while in a run (see above); the first one gives the run's names. */
  private run: Label[][] = [];
  /** +1: each group after the one before; -1: each before; 0: not known yet (fewer than two groups). */
  private direction = 0;
  /** Whether every group of the run has sorted names / the first group's names in its order. */
  private allSorted = true;
  private allFirstNames = true;
  /** Signatures of all groups, once the run broke. */
  private keys: Set<string> | undefined;

  /** Adds a group; returns false (and adds nothing) when an equal group was added before. */
  add(group: Label[]): boolean {
    const keys = this.keys;
    if (keys === undefined) {
      if (this.continuesRun(group)) {
        this.run.push(group);
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

  /** Whether `group` extends the run (then it equals no group of it); updates the run's state. */
  private continuesRun(group: Label[]): boolean {
    const run = this.run;
    if (run.length === 0) {
      this.allSorted = isSortedByName(group);
      return true;
    }
    const sorted = this.allSorted && isSortedByName(group);
    const firstNames = this.allFirstNames && sameNames(group, run[0]);
    if (!sorted && !firstNames) return false;
    const order = compareGroups(group, run[run.length - 1]);
    if (order === 0 || (this.direction !== 0 && order !== this.direction)) return false;
    this.direction = order;
    this.allSorted = sorted;
    this.allFirstNames = firstNames;
    return true;
  }

  /** Switches to signatures: the groups of the run go into {@link keys}. */
  private toKeys(): void {
    const keys = new Set<string>();
    const run = this.run;
    for (let i = 0; i < run.length; i++) keys.add(labelSignature(run[i]));
    this.keys = keys;
    this.run = [];
  }
}

/** Whether the names of `labels` are in increasing order (then the list is its own canonical form: names are unique). */
export function isSortedByName(labels: readonly Label[]): boolean {
  for (let i = 1; i < labels.length; i++) if (!(labels[i - 1].name < labels[i].name)) return false;
  return true;
}

/** Whether two groups have the same names at the same places. */
function sameNames(a: readonly Label[], b: readonly Label[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].name !== b[i].name) return false;
  return true;
}

/**
 * -1, 0 or 1 as `a` comes before, equals or comes after `b` in the order of
 * their label pairs (name, then value, place by place; a list before its
 * extensions): a strict total order on lists, so a run of groups that only
 * goes up (or only down) has no two equal lists.
 */
function compareGroups(a: readonly Label[], b: readonly Label[]): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
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
