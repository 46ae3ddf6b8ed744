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
