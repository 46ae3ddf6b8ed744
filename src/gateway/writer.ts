import type { MetricFamily, WriteRequest } from '../model/types.js';
import type { MetricStore, SubmitResult } from '../store/index.js';

/**
 * How handlers hand writes to the store: {@link Writer.submit} resolves with
 * the store's result once the write is applied and, with persistence, on
 * disk. Handlers reply only after that.
 */
export interface Writer {
  /** Applies a write (in submission order) and makes it durable. Rejects if it could not be made durable. */
  submit(req: WriteRequest): Promise<SubmitResult>;
  /** Writes a snapshot now (no-op in memory). */
  persist(reason: string): Promise<void>;
  /** Persists and releases files; later submits are refused. */
  close(): Promise<void>;
  /** Whether the writer can take writes (`/-/ready`); absent: always. */
  ready?(): boolean;
  /** Families describing the writer itself (persistence metrics); may be empty. */
  families(): MetricFamily[];
}

/** A writer that keeps everything in memory (`--persistence.file=""`). */
export function memoryWriter(store: MetricStore): Writer {
  return {
    submit: (req) => store.submit(req),
    persist: async () => {},
    close: async () => {},
    families: () => [],
  };
}
