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

/**
 * A collision-free key for a label set, independent of label order: the sorted
 * pairs as JSON. Two label sets get the same key exactly when they are equal as sets.
 */
export function labelSetKey(labels: readonly Label[]): string {
  const pairs: string[] = [];
  for (const l of sortedLabels(labels)) pairs.push(l.name, l.value);
  return JSON.stringify(pairs);
}
