/**
 * The store stage: a Pushgateway-compatible metric store (groups, push
 * semantics, incremental consistency checks, cached exposition, state
 * export and import), with no HTTP.
 *
 * @module promkit/store
 */
export { MetricStore, createStore, type LazyStoreState } from './metric-store.js';
export type {
  StoreOptions,
  OwnFamily,
  StoredFamily,
  GroupView,
  StoreProblem,
  StoreSnapshot,
  SubmitResult,
  SubmitAccepted,
  SubmitRejected,
} from './types.js';
export {
  StoreStateError,
  familyToState,
  STATE_FORMAT,
  STATE_VERSION,
  type StoreState,
  type GroupState,
  type FamilyState,
  type MetricState,
  type BucketState,
  type ExemplarState,
  type NativeState,
  type LabelState,
} from './state.js';
export { PUSH_TIME, PUSH_FAILURE_TIME } from './records.js';
export { isLargeWrite, yieldToLoop, LARGE_WRITE_ITEMS } from './large-writes.js';
export {
  StorageConflictError,
  StorageUnavailableError,
  StaleWriteError,
  type StorageBackend,
  type StorageHealth,
  type StorageNote,
  type LoadedState,
  type LazyState,
  type CommittedWrite,
  type GroupChange,
  type MetricStoreWrites,
  type PreparedWrite,
  type WriteBatch,
} from './backend.js';
