import type { Label } from './types.js';

/**
 * Label-set helpers.
 */

/** Compares two labels by name, then value (the oracle's canonical order). */
export function compareLabels(a: Label, b: Label): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return 0;
}

/** Returns a new array of the labels sorted by name, then value. Does not mutate its input. */
export function sortedLabels(labels: readonly Label[]): Label[] {
  return labels.slice().sort(compareLabels);
}

/** Whether the labels are sorted by name. */
function isSortedByName(labels: readonly Label[]): boolean {
  for (let i = 1; i < labels.length; i++) if (labels[i - 1].name > labels[i].name) return false;
  return true;
}

/**
 * An order-insensitive, collision-free key of a label set whose names are
 * unique (each value carries its length, names cannot contain `=`). Used on the hot path
 * of grouping summary and histogram lines.
 */
export function labelSignature(labels: readonly Label[]): string {
  if (labels.length === 0) return '';
  const sorted = isSortedByName(labels) ? labels : labels.slice().sort((a, b) => (a.name < b.name ? -1 : 1));
  let key = '';
  for (let i = 0; i < sorted.length; i++) key += `${sorted[i].name}=${sorted[i].value.length}:${sorted[i].value}`;
  return key;
}

/**
 * Up to this many names, duplicates are found by comparing pairs (no
 * allocation, fastest for the label sets of real expositions); above it, with
 * a `Set`, so that a hostile label set of any size costs linear time.
 */
export const SMALL_LABEL_SET = 8;

/** The names of one label set seen so far, for a duplicate check that stays linear. */
export class NameSet {
  private readonly few: string[] = [];
  private many: Set<string> | undefined;

  /** Adds `name`; returns false (and adds nothing) when it was already there. */
  add(name: string): boolean {
    const many = this.many;
    if (many !== undefined) {
      if (many.has(name)) return false;
      many.add(name);
      return true;
    }
    const few = this.few;
    for (let i = 0; i < few.length; i++) if (few[i] === name) return false;
    few.push(name);
    if (few.length > SMALL_LABEL_SET) this.many = new Set(few);
    return true;
  }
}

/** Open-addressing table of {@link hasRepeatedName}: slot → name index + 1 (0: empty), reused across calls. */
let nameSlots = new Int32Array(0);

/**
 * Whether two of the first `count` names are equal (linear time). Large sets
 * go through a reused hash table keyed by a hash of the name's chars: a
 * `Set` of 100,000 fresh strings costs an order of magnitude more. Should the
 * probes exceed a few per name (crafted collisions), a `Set` decides.
 */
export function hasRepeatedName(names: readonly string[], count: number): boolean {
  if (count <= SMALL_LABEL_SET) {
    for (let a = 1; a < count; a++) {
      const n = names[a];
      for (let b = 0; b < a; b++) if (names[b] === n) return true;
    }
    return false;
  }
  let size = 64;
  while (size < count * 2) size *= 2;
  if (nameSlots.length < size) nameSlots = new Int32Array(size);
  else nameSlots.fill(0, 0, size);
  const slots = nameSlots;
  const mask = size - 1;
  let probes = count * 4;
  for (let a = 0; a < count; a++) {
    const n = names[a];
    // FNV-1a over the UTF-16 units.
    let h = 0x811c9dc5;
    for (let i = 0; i < n.length; i++) h = Math.imul(h ^ n.charCodeAt(i), 0x01000193);
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s];
      if (e === 0) {
        slots[s] = a + 1;
        break;
      }
      if (names[e - 1] === n) return true;
      if (--probes < 0) return hasRepeatedNameBySet(names, count);
    }
  }
  return false;
}

function hasRepeatedNameBySet(names: readonly string[], count: number): boolean {
  const seen = new Set<string>();
  for (let a = 0; a < count; a++) {
    if (seen.has(names[a])) return true;
    seen.add(names[a]);
  }
  return false;
}

/**
 * The names that occur more than once among `labels`, or `undefined` for a
 * set of at most {@link SMALL_LABEL_SET} labels (compare those pairwise).
 * Linear time.
 */
export function repeatedNames(labels: readonly Label[]): Set<string> | undefined {
  if (labels.length <= SMALL_LABEL_SET) return undefined;
  // Most sets repeat nothing: the reused table answers that without a `Set` of every name.
  const names = labels.map((l) => l.name);
  if (!hasRepeatedName(names, names.length)) return new Set();
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const l of labels) {
    if (seen.has(l.name)) repeated.add(l.name);
    else seen.add(l.name);
  }
  return repeated;
}
