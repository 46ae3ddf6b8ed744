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

/** A store and its storage backend, written in batches. */
export class StoreWriter {
  private queue: Pending[] = [];
  private running = false;
  private closed = false;
  private snapshotWaiters: { reason: string; done: () => void }[] = [];
  private changedSinceSnapshot = false;
  private up = true;
  private readonly timers: NodeJS.Timeout[] = [];

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
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 || this.snapshotWaiters.length > 0) {
        if (this.snapshotWaiters.length > 0) this.snapshot(this.snapshotWaiters.splice(0));
        if (this.queue.length === 0) continue;
        const batch = this.queue;
        this.queue = [];
        await this.write(batch);
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
        if (groups > 0 || reason !== 'restore') this.logger.info('metrics persisted', { ...this.fields, reason, groups });
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

  private async write(batch: Pending[]): Promise<void> {
    const b = this.store.batch();
    const prepared: PreparedWrite[] = [];
    for (const p of batch) prepared.push(b.prepare(p.req));
    const appends = prepared.map((p) => (p.write ? this.backend.append(p.write) : undefined));
    for (const a of appends) a?.catch(() => {});
    let failed = prepared.length;
    let error: unknown;
    for (let i = 0; i < appends.length; i++) {
      try {
        await appends[i];
      } catch (e) {
        failed = i;
        error = e;
        break;
      }
    }
    for (let i = 0; i < failed; i++) {
      try {
        batch[i].resolve(this.store.commit(prepared[i]));
        if (prepared[i].write) this.changedSinceSnapshot = true;
      } catch (e) {
        // Another path committed to the store meanwhile: this write is durable but was
        // prepared against an older state; it is not applied until the next restart.
        batch[i].reject(e instanceof StaleWriteError ? new StorageUnavailableError(e.message) : e);
      }
    }
    if (failed < prepared.length) {
      const rest = batch.slice(failed);
      if (error instanceof StorageConflictError && rest[0].attempts < CONFLICT_ATTEMPTS) {
        for (const p of rest) p.attempts++;
        this.queue = [...rest, ...this.queue];
      } else {
        const e = new StorageUnavailableError(`could not store the write: ${(error as Error)?.message ?? error}`);
        for (const p of rest) p.reject(e);
      }
    }
    this.noteHealth();
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
