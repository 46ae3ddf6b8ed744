/**
 * Bounded retries with exponential backoff and jitter, on injected timers
 * so that tests need no real sleeps.
 */

/** How retries are spaced. */
export interface BackoffOptions {
  /** Attempts after the first (default 3). 0 disables retries. */
  retries?: number;
  /** Delay before the first retry, in ms (default 500). */
  initialDelayMs?: number;
  /** Longest delay, in ms (default 10 000). */
  maxDelayMs?: number;
  /** Growth per retry (default 2). */
  factor?: number;
  /** Share of each delay that is randomized (0 – 1, default 0.2): the delay is `d × (1 − jitter × random())`. */
  jitter?: number;
}

/** The defaults of {@link BackoffOptions}. */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = Object.freeze({
  retries: 3,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.2,
});

/**
 * The delay before retry number `retry` (0-based), in ms: `initial × factor^retry`
 * capped at `max`, minus up to `jitter` of it at random. `random` returns
 * [0, 1). Pure given `random`.
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const o = { ...DEFAULT_BACKOFF, ...options };
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * o.factor ** retry);
  return Math.max(0, Math.round(base * (1 - o.jitter * random())));
}

/** Sleeps `ms`; rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A real sleep on `setTimeout`, cancelled by `signal`. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
