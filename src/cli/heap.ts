import { setFlagsFromString } from 'node:v8';

/**
 * How far the JavaScript heap may grow past the data that survived the last
 * full collection before the next one runs. A gateway's live data is its
 * store, and most of what it allocates besides (request bodies, parsed
 * pushes, replaced groups) dies young or soon after; left to itself, V8
 * lets the heap grow to several times the store between full collections
 * when collecting is cheap relative to the work, which the resident memory
 * then keeps. A fixed bound, like Go's `GOGC`, trades a little CPU for
 * memory in proportion to the store.
 */

/** The bound {@link limitHeapGrowth} applies by default, in percent of the live heap. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 25;

/**
 * Sets V8's heap growing factor for this process to `1 + percent/100`
 * (`--heap-growing-percent`, read at every full collection). Process-wide;
 * `0` leaves V8's own policy. Throws on a negative or non-integer value.
 */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0)
    throw new Error(`heap growth must be a non-negative integer percentage, got ${percent}`);
  if (percent === 0) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * Keeps V8's young generation at its initial size (`--semi-space-growth-factor=1`,
 * read whenever the young generation would grow) instead of letting it grow
 * to its maximum (32 MB on 64-bit) under allocation-heavy traffic. A
 * gateway's young objects (request bodies, parsed pushes) die within a
 * request, so a small young generation costs few extra promotions, while a
 * grown one stays resident. Process-wide.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * What `promkit gateway` applies before it starts: heap growth bounded to
 * {@link DEFAULT_HEAP_GROWTH_PERCENT} and a young generation that stays small.
 * A program embedding the gateway (`promkit/gateway`) decides for itself.
 */
export function tuneHeapForGateway(): void {
  limitHeapGrowth(DEFAULT_HEAP_GROWTH_PERCENT);
  keepYoungGenerationSmall();
}
