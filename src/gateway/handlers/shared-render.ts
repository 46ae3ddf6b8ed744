/**
 * Concurrent scrapes asking for the same thing (format, compression) share
 * renderings, without ever getting one older than the store version they
 * saw when they arrived (read-your-writes):
 *
 * - a rendering of a version at least the one a scrape saw is used as it is,
 *   whether it is still being made or already being written to others;
 * - a scrape that arrives while an older rendering is being made waits for
 *   the next one, which starts as soon as that one is made (so at a version
 *   at least the one it saw) and is shared by every scrape that arrived
 *   meanwhile;
 * - otherwise the scrape starts a rendering.
 *
 * So however many scrapes arrive while pushes keep changing the store, at
 * most one rendering per key is being made at a time, and scrapes arriving
 * during it cause one more. A rendering is dropped once no request uses it:
 * the next scrape renders afresh (with the gateway's own metrics as they
 * are then).
 */

/** A rendering just started: the store version it shows and its result to come. */
export interface Started<T> {
  version: number;
  value: Promise<T>;
}

interface Entry<T> {
  /** The version shown; -1 while the entry waits to be started. */
  version: number;
  value: Promise<T>;
  users: number;
  making: boolean;
}

interface Waiting<T> {
  entry: Entry<T>;
  start: () => Started<T>;
  settle: (started: Promise<T>) => void;
}

interface Slot<T> {
  /** The rendering started last, while it is being made or used. */
  latest?: Entry<T>;
  /** The rendering to start once `latest` is made. */
  next?: Waiting<T>;
}

/** Shares renderings between concurrent requests (see the file comment). */
export class SharedRenderer<T> {
  private readonly slots = new Map<string, Slot<T>>();

  /**
   * Runs `consume` (e.g. writing the response) with a rendering for `key`
   * of a version at least `seen`: one in use by other requests, the next
   * one, or one `start` makes now. `start` must take the store's state at
   * once (synchronously) and return its version with the result to come.
   * The rendering stays shared until every `consume` using it has settled.
   */
  async use<R>(key: string, seen: number, start: () => Started<T>, consume: (t: T) => Promise<R>): Promise<R> {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = {}));
    const entry = this.entryFor(key, slot, seen, start);
    entry.users++;
    try {
      return await consume(await entry.value);
    } finally {
      entry.users--;
      this.release(key, slot, entry);
    }
  }

  /** Renderings being made or used now, and waiting to start. */
  get size(): number {
    let n = 0;
    for (const s of this.slots.values()) n += (s.latest ? 1 : 0) + (s.next ? 1 : 0);
    return n;
  }

  private entryFor(key: string, slot: Slot<T>, seen: number, start: () => Started<T>): Entry<T> {
    const latest = slot.latest;
    if (latest && latest.version >= seen) return latest;
    if (latest?.making) return (slot.next ??= waiting(start)).entry;
    const entry: Entry<T> = { version: -1, value: Promise.resolve() as Promise<T>, users: 0, making: false };
    this.begin(key, slot, entry, start);
    return entry;
  }

  /** Starts `entry`'s rendering; when it is made, starts the one waiting, if any. */
  private begin(key: string, slot: Slot<T>, entry: Entry<T>, start: () => Started<T>): Promise<T> {
    let s: Started<T>;
    try {
      s = start();
    } catch (err) {
      s = { version: -1, value: Promise.reject(err as Error) };
    }
    entry.version = s.version;
    entry.value = s.value;
    entry.making = true;
    slot.latest = entry;
    const made = (): void => {
      entry.making = false;
      const next = slot.next;
      slot.next = undefined;
      if (next) next.settle(this.begin(key, slot, next.entry, next.start));
      this.release(key, slot, entry);
    };
    s.value.then(made, made);
    return s.value;
  }

  private release(key: string, slot: Slot<T>, entry: Entry<T>): void {
    if (entry.users > 0 || entry.making) return;
    if (slot.latest === entry) slot.latest = undefined;
    if (!slot.latest && !slot.next && this.slots.get(key) === slot) this.slots.delete(key);
  }
}

function waiting<T>(start: () => Started<T>): Waiting<T> {
  let settle!: (started: Promise<T>) => void;
  const value = new Promise<T>((resolve) => (settle = resolve));
  return { entry: { version: -1, value, users: 0, making: false }, start, settle };
}
