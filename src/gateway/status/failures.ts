/**
 * The reason of the last refused push of each group, for the status page.
 * Kept in memory only (a restart forgets the reasons; the time of the last
 * failure survives as `push_failure_time_seconds` in the persisted group).
 */

/** One remembered failure. */
export interface PushFailure {
  /** The error text the pusher was answered with (cut to {@link MAX_REASON_CHARS}). */
  message: string;
  /** When it happened, in milliseconds since the epoch. */
  at: number;
}

/** Longest reason kept; longer texts are cut with an ellipsis. */
export const MAX_REASON_CHARS = 2000;

/**
 * Last failure per group key. Bounded: once it holds more entries than
 * `limit`, the entries of groups no longer stored are dropped first, then
 * the oldest ones.
 */
export class LastFailures {
  private readonly byKey = new Map<string, PushFailure>();

  constructor(private readonly limit = 100_000) {}

  /**
   * Remembers the failure of a push to the group `key`. `stored` tells which
   * keys still exist, for pruning when the memory is full.
   */
  record(key: string, message: string, at: number, stored?: (key: string) => boolean): void {
    const text = message.length > MAX_REASON_CHARS ? `${message.slice(0, MAX_REASON_CHARS - 1)}…` : message;
    // Re-inserting moves the key to the end: the map stays ordered by time of failure.
    this.byKey.delete(key);
    this.byKey.set(key, { message: text, at });
    if (this.byKey.size <= this.limit) return;
    if (stored) for (const k of this.byKey.keys()) if (!stored(k)) this.byKey.delete(k);
    for (const k of this.byKey.keys()) {
      if (this.byKey.size <= this.limit) break;
      this.byKey.delete(k);
    }
  }

  /** The last failure of the group `key`, if one is remembered. */
  get(key: string): PushFailure | undefined {
    return this.byKey.get(key);
  }

  /** Forgets a deleted group. */
  forget(key: string): void {
    this.byKey.delete(key);
  }

  /** Forgets every group (wipe). */
  clear(): void {
    this.byKey.clear();
  }

  /** Groups with a remembered failure. */
  get size(): number {
    return this.byKey.size;
  }
}
