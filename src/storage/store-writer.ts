import type { WriteRequest } from '../model/types.js';
import {
  StaleWriteError,
  StorageConflictError,
  StorageUnavailableError,
  type MetricStore,
  type PreparedWrite,
  type StorageBackend,
  type StorageHealth,
  type SubmitResult,
  type WriteBatch,
  isLargeWrite,
  yieldToLoop,
} from '../store/index.js';

/**
 * Writes to a store through a storage backend, so that nothing is visible
 * or acknowledged before it is durable: queued writes are taken as a batch,
 * prepared in order (each seeing the ones before it), appended to the
 * backend together (one sync for all of them in a journal), and committed
 * to the store in order once durable. A write whose append fails is not
 * committed, nor is any write after it in the batch: they reject with a
 * {@link StorageUnavailableError}, and the store is as if they were never
 * made. Snapshots run between batches.
 */

/** Where the writer logs (the gateway's logger fits). */
export interface StorageLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Options of {@link StoreWriter.open}. */
export interface StoreWriterOptions {
  /** How often to snapshot when something was written, in milliseconds (at least 1 s). */
  intervalMs: number;
  logger: StorageLogger;
  /** How often to check a down backend for recovery, in milliseconds. Default 1000. */
  probeMs?: number;
  /** Fields added to every log line (e.g. the file). */
  logFields?: Record<string, unknown>;
}

/** What {@link StoreWriter.open} restored. */
export interface RestoredState {
  /** Groups in the store after loading. */
  groups: number;
  /** Writes replayed on top of the loaded state. */
  replayed: number;
}

interface Pending {
  req: WriteRequest;
  resolve: (r: SubmitResult) => void;
  reject: (e: unknown) => void;
  attempts: number;
}

/** Attempts for a write whose groups another writer changed first. */
const CONFLICT_ATTEMPTS = 5;
/** Writes prepared on one pending layer before it must be emptied by committing them (bounds its memory). */
const LAYER_LIMIT = 4096;

/** Writes prepared together, in order. */
interface Batch {
  items: Pending[];
  prepared: PreparedWrite[];
}

/** A store and its storage backend, written in batches. */
export class StoreWriter {
  private queue: Pending[] = [];
  private running = false;
  private closed = false;
  private snapshotWaiters: { reason: string; done: () => void }[] = [];
  private changedSinceSnapshot = false;
  private up = true;
  private readonly timers: NodeJS.Timeout[] = [];
  private wake: (() => void) | undefined;

  private constructor(
    readonly store: MetricStore,
    readonly backend: StorageBackend,
    private readonly logger: StorageLogger,
    private readonly fields: Record<string, unknown>,
  ) {}

  /**
   * Loads the backend's state into `store` (which must be empty), replays
   * its pending writes, saves a snapshot and starts the snapshot interval.
   * Rejects (changing nothing on disk) when the state cannot be loaded.
   */
  static async open(
    store: MetricStore,
    backend: StorageBackend,
    options: StoreWriterOptions,
  ): Promise<{ writer: StoreWriter; restored: RestoredState }> {
    const loaded = await backend.load();
    for (const n of loaded.notes ?? []) options.logger[n.level](n.message, n.fields);
    if (loaded.state !== undefined) {
      try {
        store.importState(loaded.state);
      } catch (e) {
        throw new StorageUnavailableError(
          `the stored state cannot be used: ${(e as Error).message}; refusing to start so that no stored metrics are lost`,
        );
      }
    }
    let replayed = 0;
    for (const req of loaded.replay ?? []) {
      store.commit(store.prepare(req));
      replayed++;
    }
    const w = new StoreWriter(store, backend, options.logger, options.logFields ?? {});
    w.changedSinceSnapshot = replayed > 0;
    // Fold what was replayed into a snapshot; failing here is not fatal (the journal keeps it).
    await w.persist('restore');
    const every = (ms: number, f: () => void): void => {
      const t = setInterval(f, ms);
      t.unref();
      w.timers.push(t);
    };
    every(Math.max(options.intervalMs, 1000), () => {
      if (w.changedSinceSnapshot) void w.persist('interval');
    });
    every(options.probeMs ?? 1000, () => void w.recover());
    return { writer: w, restored: { groups: store.snapshot().groups.size, replayed } };
  }

  /** Whether the backend can make writes durable now. */
  health(): StorageHealth {
    return this.backend.health();
  }

  /**
   * Writes `req`: resolves with the store's result once it is durable and
   * visible. Rejects with a {@link StorageUnavailableError} when it could
   * not be stored (then nothing changed).
   */
  submit(req: WriteRequest): Promise<SubmitResult> {
    if (this.closed) return Promise.reject(new StorageUnavailableError('the gateway is shutting down'));
    return new Promise<SubmitResult>((resolve, reject) => {
      this.queue.push({ req, resolve, reject, attempts: 0 });
      this.kick();
    });
  }

  /** Saves a snapshot between batches; resolves when it is written or failed (a failure is logged, not thrown). */
  persist(reason: string): Promise<void> {
    return new Promise((done) => {
      this.snapshotWaiters.push({ reason, done });
      this.kick();
    });
  }

  private kick(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    if (!this.running) void this.run();
  }

  /** Resolves at the next {@link kick} (a write or snapshot request arrived). */
  private arrival(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /**
   * The write loop. While one batch is being made durable, the writes that
   * arrive meanwhile are already prepared (on the same pending layer, so
   * they see the batch in flight); they are appended only once it is
   * durable, so a failure never leaves a durable write prepared on a
   * refused one: they are then prepared again from the committed state.
   */
  private async run(): Promise<void> {
    this.running = true;
    let layer: WriteBatch | undefined;
    let layered = 0;
    let next: Batch | undefined;
    const prepareQueued = (): void => {
      if (this.queue.length === 0 || layered >= LAYER_LIMIT) return;
      layer ??= this.store.batch();
      const items = this.queue;
      this.queue = [];
      const prepared = items.map((p) => layer!.prepare(p.req));
      layered += items.length;
      if (next) {
        next.items.push(...items);
        next.prepared.push(...prepared);
      } else next = { items, prepared };
    };
    try {
      for (;;) {
        if (!next) {
          layer = undefined;
          layered = 0;
          if (this.snapshotWaiters.length > 0) this.snapshot(this.snapshotWaiters.splice(0));
          prepareQueued();
          if (!next) break;
        } else if (this.snapshotWaiters.length > 0) {
          // Between batches no append is outstanding: the prepared batch is not appended yet.
          this.snapshot(this.snapshotWaiters.splice(0));
        }
        const cur: Batch = next;
        next = undefined;
        // Encoding a large write for the backend is a step of its own (docs/gateway.md, "Large pushes").
        if (cur.items.some((p) => isLargeWrite(p.req))) await yieldToLoop();
        const appends = cur.prepared.map((p) => (p.write ? this.backend.append(p.write) : undefined));
        let results: PromiseSettledResult<void>[] | undefined;
        const all = Promise.allSettled(appends).then((r) => void (results = r));
        while (!results) {
          prepareQueued();
          await Promise.race([all, this.arrival()]);
        }
        this.wake = undefined;
        const failed = this.commit(cur, results);
        if (failed) {
          // Prepared on top of a refused write and never appended: prepare them again.
          if (next) this.queue = [...(next as Batch).items, ...this.queue];
          if (failed.retry.length > 0) this.queue = [...failed.retry, ...this.queue];
          next = undefined;
        }
        this.noteHealth();
        if (this.backend.wantsSnapshot?.()) this.snapshotWaiters.push({ reason: 'journal size', done: () => {} });
      }
    } finally {
      this.running = false;
    }
  }

  /** Starts a snapshot now (no append is outstanding); it is written while later batches go on. */
  private snapshot(waiters: { reason: string; done: () => void }[]): void {
    const reason = waiters.map((w) => w.reason).join(', ');
    let groups = 0;
    this.changedSinceSnapshot = false;
    let saving: Promise<void>;
    try {
      saving = this.backend.snapshot(() => {
        const lazy = this.store.exportStateLazily();
        groups = lazy.count;
        return lazy;
      });
    } catch (e) {
      saving = Promise.reject(e);
    }
    saving.then(
      () => {
        if (groups > 0 || reason !== 'restore')
          this.logger.info('metrics persisted', { ...this.fields, reason, groups });
        for (const w of waiters) w.done();
      },
      (e: unknown) => {
        this.changedSinceSnapshot = true;
        this.logger.error('could not save a snapshot of the metrics; the journal keeps every write', {
          ...this.fields,
          reason,
          err: (e as Error).message,
        });
        for (const w of waiters) w.done();
      },
    );
  }

  /**
   * Commits a batch whose appends have settled, in order, up to the first
   * refused one, and answers every write of it. After a refusal, returns
   * the writes to try again (a conflict; the others are rejected).
   */
  private commit(cur: Batch, results: PromiseSettledResult<void>[]): { retry: Pending[] } | undefined {
    const failed = results.findIndex((r) => r.status === 'rejected');
    const ok = failed < 0 ? cur.items.length : failed;
    for (let i = 0; i < ok; i++) {
      try {
        cur.items[i].resolve(this.store.commit(cur.prepared[i]));
        if (cur.prepared[i].write) this.changedSinceSnapshot = true;
      } catch (e) {
        // Another path committed to the store meanwhile: this write was prepared against an older state.
        cur.items[i].reject(e instanceof StaleWriteError ? new StorageUnavailableError(e.message) : e);
      }
    }
    if (failed < 0) return undefined;
    const error = (results[failed] as PromiseRejectedResult).reason as unknown;
    const rest = cur.items.slice(failed);
    if (error instanceof StorageConflictError && rest[0].attempts < CONFLICT_ATTEMPTS) {
      for (const p of rest) p.attempts++;
      return { retry: rest };
    }
    const e = new StorageUnavailableError(`could not store the write: ${(error as Error)?.message ?? String(error)}`);
    for (const p of rest) p.reject(e);
    return { retry: [] };
  }

  /** Logs once per change of the backend's health. */
  private noteHealth(): void {
    const h = this.backend.health();
    if (h.up === this.up) return;
    this.up = h.up;
    if (h.up) this.logger.info('storage is writable again; writes are accepted', { ...this.fields });
    else
      this.logger.error('storage cannot store writes; they are refused until it recovers', {
        ...this.fields,
        err: h.reason ?? 'unknown',
      });
  }

  private async recover(): Promise<void> {
    if (!this.backend.health().up && !this.running) await this.backend.probe?.();
    this.noteHealth();
  }

  /** Finishes queued writes, saves a last snapshot and closes the backend. Later submits are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await this.persist('shutdown');
    while (this.running) await new Promise((r) => setImmediate(r));
    await this.backend.close();
  }
}
