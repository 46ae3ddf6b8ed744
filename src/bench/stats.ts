/** Minimum, median and maximum of one quantity over the runs of a measurement. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/**
 * Median of a non-empty list as go-anchor takes it: the element at index `length >> 1` of the sorted
 * list (the upper middle for even lengths), so both sides of a ratio use the same statistic.
 * Does not mutate `xs`. Throws on an empty list.
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('code error: median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Arithmetic mean of a non-empty list. Throws on an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('code error: mean of an empty list');
  return xs.reduce((a, x) => a + x, 0) / xs.length;
}

/** Min, median and max of a non-empty list. Does not mutate `xs`. */
export function spread(xs: readonly number[]): Spread {
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs) };
}
