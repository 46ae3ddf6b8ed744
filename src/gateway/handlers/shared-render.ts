/**
 * Concurrent scrapes asking for the same thing share one rendering: while a
 * rendering for a key (store version, format, compression) is being made or
 * written to a client, later requests for that key use it instead of making
 * their own. Once no request uses it any more it is dropped: the next
 * scrape renders afresh (with the gateway's own metrics as they are then).
 */
export class SharedRenderer<T> {
  private readonly inUse = new Map<string, { value: Promise<T>; users: number }>();

  /** The rendering for `key`: the one in use, or a new one made by `make`. Shared only until it is made. */
  get(key: string, make: () => Promise<T>): Promise<T> {
    return this.use(key, make, (t) => Promise.resolve(t));
  }

  /**
   * Runs `consume` (e.g. writing the response) with the rendering for
   * `key`: the one in use by another request, or a new one made by `make`.
   * The rendering stays shared until every `consume` using it has settled.
   */
  async use<R>(key: string, make: () => Promise<T>, consume: (t: T) => Promise<R>): Promise<R> {
    let entry = this.inUse.get(key);
    if (!entry) {
      entry = { value: make(), users: 0 };
      this.inUse.set(key, entry);
    }
    entry.users++;
    try {
      return await consume(await entry.value);
    } finally {
      if (--entry.users === 0 && this.inUse.get(key) === entry) this.inUse.delete(key);
    }
  }

  /** Renderings in use now. */
  get size(): number {
    return this.inUse.size;
  }
}

/** Lets the event loop run other requests (a push, a health check) between two slices of a long rendering. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
