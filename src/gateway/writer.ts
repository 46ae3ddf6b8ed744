import type { MetricFamily, WriteRequest } from '../model/types.js';
import type { MetricStore, StorageHealth, SubmitResult } from '../store/index.js';
import { LocalStorage, type LocalLoadReport } from '../storage/local/local-backend.js';
import type { FileSystem } from '../storage/local/fs-layer.js';
import { StoreWriter } from '../storage/store-writer.js';
import type { Logger } from './telemetry/logger.js';
import { STORAGE_UP_HELP } from './telemetry/metrics.js';

/**
 * How handlers hand writes to the store: {@link Writer.submit} resolves with
 * the store's result once the write is on disk (with persistence) and
 * applied. Handlers reply only after that.
 */
export interface Writer {
  /** Stores a write (in submission order). Rejects, changing nothing, if it could not be made durable. */
  submit(req: WriteRequest): Promise<SubmitResult>;
  /** Writes a snapshot now (no-op in memory). */
  persist(reason: string): Promise<void>;
  /** Persists and releases files; later submits are refused. */
  close(): Promise<void>;
  /** Whether the writer can take writes (`/-/ready`); absent: always. */
  ready?(): boolean;
  /** Families describing the writer itself (`promkit_storage_up`, persistence metrics). */
  families(): MetricFamily[];
  /** Whether writes can be stored now (`/-/ready` answers 503 while not). */
  health(): StorageHealth;
  /** Writes submitted and not answered yet. */
  readonly pendingWrites: number;
}

function gauge(name: string, help: string, value: number, type: 'gauge' | 'counter' = 'gauge'): MetricFamily {
  return { name, help, type, metrics: [{ labels: [], value }] };
}

function storageUp(health: StorageHealth): MetricFamily {
  return gauge('promkit_storage_up', STORAGE_UP_HELP, health.up ? 1 : 0);
}

/** A writer that keeps everything in memory (`--persistence.file=""`). */
export function memoryWriter(store: MetricStore): Writer {
  return {
    submit: (req) => store.submit(req),
    persist: async () => {},
    close: async () => {},
    families: () => [],
    health: () => ({ up: true }),
    get pendingWrites() {
      return store.pendingWrites;
    },
  };
}

/** What {@link openPersistence} restored, for logging and tests. */
export interface RestoreReport extends LocalLoadReport {
  /** Groups in the store after restoring. */
  groups: number;
}

/** Options of {@link openPersistence}. */
export interface PersistenceOptions {
  /** `--persistence.file`. */
  file: string;
  /** `--persistence.interval`, in milliseconds. */
  intervalMs: number;
  /** The (empty) store to restore into. */
  store: MetricStore;
  logger: Logger;
  now?: () => number;
  /** The file system (tests inject faults). */
  fs?: FileSystem;
  /** How often a failing storage is checked for recovery, in milliseconds. */
  probeMs?: number;
}

/**
 * Restores the store from the persistence file and its journal (local
 * storage), and returns the writer that keeps them up to date. Rejects when
 * stored state exists but cannot be read (see docs/gateway.md).
 */
export async function openPersistence(options: PersistenceOptions): Promise<{ writer: Writer; report: RestoreReport }> {
  const backend = new LocalStorage({ file: options.file, fs: options.fs, now: options.now });
  const { writer, restored } = await StoreWriter.open(options.store, backend, {
    intervalMs: options.intervalMs,
    logger: options.logger,
    probeMs: options.probeMs,
    logFields: { file: options.file },
  });
  let pending = 0;
  const w: Writer = {
    submit: (req) => {
      pending++;
      return writer.submit(req).finally(() => pending--);
    },
    persist: (reason) => writer.persist(reason),
    close: () => writer.close(),
    health: () => writer.health(),
    get pendingWrites() {
      return pending;
    },
    families: () => [
      storageUp(writer.health()),
      gauge(
        'pushgateway_persistence_journal_bytes',
        'Size of the current journal generation in bytes.',
        backend.journalBytes,
      ),
      gauge(
        'pushgateway_persistence_snapshot_failures_total',
        'Snapshots of the store that could not be written.',
        backend.snapshotFailures,
        'counter',
      ),
      gauge(
        'pushgateway_persistence_snapshot_timestamp_seconds',
        'Unix time of the last snapshot of the store written to the persistence file.',
        backend.lastSnapshotMs / 1000,
      ),
    ],
  };
  return { writer: w, report: { ...backend.report, groups: restored.groups } };
}
