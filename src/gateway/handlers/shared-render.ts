/**
 * Concurrent scrapes asking for the same thing share one rendering: while a
 * rendering for a key (store version, format, compression) is in progress,
 * later requests for that key wait for it instead of starting their own.
 * Finished renderings are not kept: the next scrape renders afresh (with
 * the gateway's own metrics as they are then).
 */
export class SharedRenderer<T> {
  private readonly inProgress = new Map<string, Promise<T>>();

  /** The rendering for `key`: the one in progress, or a new one made by `make`. */
  get(key: string, make: () => Promise<T>): Promise<T> {
    const running = this.inProgress.get(key);
    if (running) return running;
    const p = make().finally(() => this.inProgress.delete(key));
    this.inProgress.set(key, p);
    return p;
  }

  /** Renderings in progress now. */
  get size(): number {
    return this.inProgress.size;
  }
}

/** Lets the event loop run other requests (a push, a health check) between two slices of a long rendering. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
