import { realSleep, type Sleep } from './retry.js';

/**
 * Drift-free scheduling for `--every`: run number k starts at
 * `start + k × interval + jitter_k`, whatever each run took, so the
 * schedule never slides the way `while true; do …; sleep 15; done` does.
 * A run that overruns its slot skips the slots it missed.
 */

/** Options of {@link runEvery}. */
export interface EveryOptions {
  intervalMs: number;
  /** Each run starts up to this many ms after its slot, at random (default 0). */
  jitterMs?: number;
  /** The clock, in ms (default `Date.now`). */
  now?: () => number;
  /** How to wait (default: real timers). */
  sleep?: Sleep;
  /** Random numbers in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Stops the loop (after the current run). */
  signal?: AbortSignal;
  /** Stop after this many runs (default: until aborted). */
  maxRuns?: number;
}

/**
 * The start time of the next slot after `now`: the smallest
 * `start + k × interval` (k ≥ `nextIndex`) that is ≥ `now`. Returns the slot
 * index and its time. Pure.
 */
export function nextSlot(
  start: number,
  intervalMs: number,
  nextIndex: number,
  now: number,
): { index: number; at: number } {
  let index = nextIndex;
  if (start + index * intervalMs < now) index = Math.ceil((now - start) / intervalMs);
  return { index, at: start + index * intervalMs };
}

/**
 * Calls `run(k)` at every slot until aborted (or `maxRuns`); the first run is
 * at once (plus jitter). Errors of `run` are the caller's: catch them inside
 * `run` to keep the schedule going. Resolves with the number of runs.
 */
export async function runEvery(run: (index: number) => Promise<void>, options: EveryOptions): Promise<number> {
  if (!(options.intervalMs > 0)) throw new RangeError('interval must be positive');
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const jitter = options.jitterMs ?? 0;
  const start = now();
  let index = 0;
  let runs = 0;
  while (!options.signal?.aborted && (options.maxRuns === undefined || runs < options.maxRuns)) {
    const slot = nextSlot(start, options.intervalMs, index, now());
    const at = slot.at + (jitter > 0 ? Math.floor(random() * jitter) : 0);
    const wait = at - now();
    if (wait > 0) {
      try {
        await sleep(wait, options.signal);
      } catch (e) {
        if (options.signal?.aborted) break;
        throw e;
      }
    }
    await run(slot.index);
    runs++;
    index = slot.index + 1;
  }
  return runs;
}
