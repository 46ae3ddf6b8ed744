import type { WriteRequest } from '../model/types.js';

/**
 * A large write (a push of many series, or of one series with very many
 * labels) costs time in proportion to its labels and samples at every step:
 * parsing, preparing, encoding for the journal, committing. A server does
 * these steps in separate turns of the event loop for such a write, so that
 * no single turn holds other requests for the whole of it.
 */

/** Labels plus samples at which a write counts as large (about 0.3 MB of text). */
export const LARGE_WRITE_ITEMS = 16_384;

/**
 * Whether `req` has at least {@link LARGE_WRITE_ITEMS} labels and samples
 * (each series counts once, plus its labels, buckets and quantiles).
 * Stops counting as soon as it knows, so a small write costs a few steps.
 */
export function isLargeWrite(req: WriteRequest): boolean {
  let n = 0;
  for (const f of req.families ?? []) {
    for (const m of f.metrics) {
      n += 1 + m.labels.length + (m.histogram?.buckets.length ?? 0) + (m.summary?.quantiles.length ?? 0);
      if (n >= LARGE_WRITE_ITEMS) return true;
    }
  }
  return false;
}

/**
 * Resolves after the event loop has polled for I/O twice more: a break
 * between two steps of a long task in which requests that arrived meanwhile
 * are answered. Twice, because a connection accepted in one poll is read in
 * the next: with one poll, a request on a new connection would wait for the
 * next step too. Three immediates, because one set from an I/O callback runs
 * in the same turn of the loop, before any new I/O is read.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(() => setImmediate(resolve))));
}
