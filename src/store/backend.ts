import type { Label, WriteRequest } from '../model/types.js';
import type { GroupState, StoreState } from './state.js';
import type { SubmitResult } from './types.js';

/**
 * The contract between the in-memory store and where its state is kept
 * (a local journal and snapshot, etcd, …). Implementations live in
 * `src/storage/<name>/`.
 *
 * A write goes through three steps, and nothing is visible before it is
 * durable:
 *
 * ```ts
 * const prepared = store.prepare(request);      // pure: grouping, records, consistency check
 * if (prepared.write) await backend.append(prepared.write); // durable first; a rejection changes nothing
 * const result = store.commit(prepared);        // only now visible to readers
 * ```
 *
 * `store.check(request)` is `prepare` without the rest: a dry run costs the
 * size of the push, not of the store. Several writes may be prepared one
 * after the other with {@link WriteBatch} (each sees the ones before it),
 * appended together (a backend may share one fsync or one transaction
 * between them) and committed in the same order.
 */

/** The new content of one group after a write: `group` is `null` when the write deleted it. */
export interface GroupChange {
  /** The group's canonical key (`groupKey` of its grouping labels). */
  readonly key: string;
  /** The grouping labels, sorted by name. */
  readonly grouping: readonly Label[];
  /** The whole group as the state format holds it (bookkeeping gauges included), or `null` if deleted. */
  readonly group: GroupState | null;
}

/**
 * A write the store has prepared and a backend must make durable before the
 * store commits it. It carries both forms a backend may keep: the request
 * (a journal replays it through the store, which gives the same result) and
 * the resulting group changes (a key-value backend writes one key per group).
 */
export interface CommittedWrite {
  /** The request as prepared (with `receivedAt` set), replayable through {@link MetricStoreWrites.prepare}. */
  readonly request: WriteRequest;
  /** Keys of the groups the write changes (at most one today). */
  readonly keys: readonly string[];
  /**
   * The changed groups' new content. Encoded on demand (the local journal
   * never asks), so a backend that does not need it pays nothing.
   */
  changes(): readonly GroupChange[];
}

/** What a backend found when the gateway starts. */
export interface LoadedState {
  /** The state to start from; `undefined` when nothing was ever stored. */
  readonly state?: StoreState;
  /** Writes to apply on top of `state`, in order (a journal's records). */
  readonly replay?: Iterable<WriteRequest>;
  /** Human-readable notes for the start-up log (files set aside, records recovered or dropped). */
  readonly notes?: readonly StorageNote[];
}

/** One thing a backend wants logged about loading or storing. */
export interface StorageNote {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Readonly<Record<string, string | number | boolean>>;
}

/** Whether a backend can currently make writes durable. */
export interface StorageHealth {
  /** `false` while writes fail: `/-/ready` answers 503 and `promkit_storage_up` is 0. */
  readonly up: boolean;
  /** Why it is down (the last error), when it is. */
  readonly reason?: string;
}

/**
 * Where the store's state is kept. Every method but {@link health} may be
 * slow; none may make a write visible in the store itself (the store does
 * that on commit).
 */
export interface StorageBackend {
  /** Short name for logs and metrics (`local`, `etcd`, …). */
  readonly name: string;
  /**
   * The state to start from. Must reject (with a message saying what to do)
   * rather than resolve empty when state exists but cannot be read
   * (permissions, I/O errors, damage that cannot be recovered).
   */
  load(): Promise<LoadedState>;
  /**
   * Makes one write durable. Resolves only once it is (fsync'ed, or the
   * transaction committed); then the caller commits it to the store.
   * Several calls may be outstanding and are durable in call order; a
   * rejection means this write and every later outstanding one are not
   * stored (the caller answers them with an error and commits none of them).
   * Rejects with {@link StorageConflictError} when someone else changed the
   * write's groups first: the caller prepares it again and retries.
   */
  append(write: CommittedWrite): Promise<void>;
  /**
   * Compacts: stores the whole state (read once, group by group, through
   * `state`) so that earlier appended writes need not be kept. Called only
   * while no append is outstanding; `state` reflects every write appended
   * so far and must be called synchronously, before `snapshot` returns. A backend with nothing to compact
   * resolves at once.
   */
  snapshot(state: () => LazyState): Promise<void>;
  /**
   * Changes made elsewhere (other replicas), to be applied to the store
   * without a consistency check. Returns the unsubscribe function. The local
   * backend never calls `onChange`.
   */
  subscribe(onChange: (changes: readonly GroupChange[]) => void): () => void;
  /** Current health; cheap, called on every `/-/ready` and scrape. */
  health(): StorageHealth;
  /** Optional: whether a snapshot is due now (e.g. a journal grew large); checked after writes. */
  wantsSnapshot?(): boolean;
  /** Optional: while down, checks whether writes would succeed now, without storing anything; resolves whether up. */
  probe?(): Promise<boolean>;
  /** Waits for outstanding appends, then releases files and connections. */
  close(): Promise<void>;
}

/** A store state whose groups are encoded while they are iterated; iterable once. */
export interface LazyState {
  readonly format: StoreState['format'];
  readonly version: StoreState['version'];
  /** Number of groups the iteration yields. */
  readonly count: number;
  readonly groups: Iterable<GroupState>;
}

/** Rejection of {@link StorageBackend.append} when another writer changed the same groups first. */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
}

/** Rejection of {@link StorageBackend.append} (or thrown by `load`) when the storage cannot be used. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
}

/**
 * The store's side of the contract (implemented by `MetricStore`).
 * `prepare` and `check` never change the store; `commit` applies a prepared
 * write and must be called in the order writes were prepared.
 */
export interface MetricStoreWrites {
  /** Prepares a write against the committed state: result, records, consistency check. Pure. */
  prepare(request: WriteRequest): PreparedWrite;
  /** Starts a batch: writes prepared through it each see the ones prepared before them. */
  batch(): WriteBatch;
  /**
   * Makes a prepared write visible. Throws {@link StaleWriteError} if the
   * store was changed by any other commit since the write (or its batch)
   * was prepared.
   */
  commit(prepared: PreparedWrite): SubmitResult;
  /** The result a write would have, without storing anything (a dry run; costs the size of the push). */
  check(request: WriteRequest): SubmitResult;
  /** Applies changes made elsewhere (see {@link StorageBackend.subscribe}); no consistency check. */
  applyChanges(changes: readonly GroupChange[]): void;
}

/** A write prepared by the store, not yet visible. */
export interface PreparedWrite {
  /** What the write will answer once committed. */
  readonly result: SubmitResult;
  /** What a backend must make durable first; `undefined` when the write changes nothing (nothing to append). */
  readonly write: CommittedWrite | undefined;
}

/** Writes prepared in sequence on top of the committed state, to be appended and committed together, in order. */
export interface WriteBatch {
  /** Prepares `request` as if every write prepared before it in this batch were committed. */
  prepare(request: WriteRequest): PreparedWrite;
}

/** Thrown by `commit` for a write prepared against a state that has changed since. */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';
}
