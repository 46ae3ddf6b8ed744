import type { Label, MetricFamily, MetricType } from '../model/types.js';

/**
 * The public types of the metric store.
 */

/** A family the gateway exports itself (`go_*`, `process_*`, `pushgateway_*`). */
export interface OwnFamily {
  name: string;
  type: MetricType;
  help?: string;
}

/** Options of {@link MetricStore}. */
export interface StoreOptions {
  /**
   * Check every push for consistency with everything stored (the
   * Pushgateway's default). `false` is `--push.disable-consistency-check`:
   * pushes are stored as they come (timestamps are still refused) and
   * inconsistent parts are left out of the exposition and reported by
   * {@link StoreSnapshot.problems}. Default `true`.
   */
  checked?: boolean;
  /**
   * Renders families as text 0.0.4 (the exposition is built from it, one
   * series at a time). Default: `serializeText` of the serialize stage.
   */
  render?: (families: MetricFamily[]) => string;
  /** The clock, in milliseconds since the epoch; used when a request has no valid `receivedAt`. Default `Date.now`. */
  now?: () => number;
  /**
   * Families the gateway exports itself. A push must give such a name the
   * same type (else `gathered metric family … has type … but should have …`),
   * their HELP replaces any pushed HELP, and their names take part in the
   * suffix-collision rule.
   */
  ownFamilies?: Iterable<OwnFamily>;
  /**
   * State also arrives from other replicas through shared storage
   * ({@link MetricStore.applyChanges}): two replicas may accept conflicting
   * pushes to different groups at once, so the exposition is verified like
   * an unchecked store's, and conflicts are resolved in group-key order
   * (the first group's type and HELP win), the same on every replica.
   * Default `false`.
   */
  replicated?: boolean;
}

/** A family as stored in a group: grouping applied, with the time it was written. */
export interface StoredFamily {
  /** The family; every metric carries the grouping labels and `instance`, sorted by name. Do not mutate. */
  readonly family: MetricFamily;
  /** When it was written (the request's `receivedAt`), in milliseconds since the epoch. */
  readonly writtenAt: number;
  /** The number of series ({@link family}'s metrics), without building the family. */
  readonly size: number;
}

/** One group of a snapshot. Immutable: a write to the group makes a new object. */
export interface GroupView {
  /** The collision-free key of the grouping ({@link groupKey}). */
  readonly key: string;
  /** The grouping labels, sorted by name (`job` included, `instance` only if it is part of the grouping). */
  readonly labels: readonly Label[];
  /** Families by name, `push_time_seconds` and `push_failure_time_seconds` included. */
  readonly families: ReadonlyMap<string, StoredFamily>;
  /** Value of `push_time_seconds`: the last successful write, in seconds; 0 if none. */
  readonly pushTimeSeconds: number;
  /** Value of `push_failure_time_seconds`: the last failed write, in seconds; 0 if none. */
  readonly pushFailureTimeSeconds: number;
  /** `pushFailureTimeSeconds <= pushTimeSeconds`, as `/api/v1/metrics` reports it. */
  readonly lastPushSuccessful: boolean;
}

/** Something left out of the exposition (only possible with `checked: false`, or after importing such a state). */
export interface StoreProblem {
  /** The family name concerned. */
  family: string;
  /** The key of the group the left-out data belongs to, when one group is to blame. */
  group?: string;
  /** What is wrong, in client_golang's words where it has some. */
  message: string;
}

/** An accepted write. */
export interface SubmitAccepted {
  ok: true;
  mode: 'replace' | 'merge' | 'delete';
  /** The group's key. */
  group: string;
  /** For replace/merge: whether the group was created. For delete: whether a group was removed. */
  changed: boolean;
  /** Families of the body the store ignored because it owns them (`push_time_seconds`, `push_failure_time_seconds`). */
  ignored: string[];
}

/** A refused write. */
export interface SubmitRejected {
  ok: false;
  /**
   * `invalid-request`: the request itself is malformed (bad grouping, mode or
   * families), nothing recorded. `timestamps`: a sample has a timestamp.
   * `inconsistent`: the push conflicts with itself or with stored data.
   */
  reason: 'invalid-request' | 'timestamps' | 'inconsistent';
  /** The group's key ('' for an invalid request). */
  group: string;
  /** The Pushgateway's response text (without the final newline), e.g. `pushed metrics are invalid or inconsistent with existing metrics: …`. */
  message: string;
  /** The individual errors behind `message`. */
  errors: string[];
  /** Whether `push_failure_time_seconds` was set (false for invalid requests, and when recording it would itself clash). */
  failureRecorded: boolean;
}

/** The result of {@link MetricStore.submit}. */
export type SubmitResult = SubmitAccepted | SubmitRejected;

/** An immutable view of the store at one moment. Later writes never change it. */
export interface StoreSnapshot {
  /** Increases with every write that changed the store. */
  readonly version: number;
  /** Groups by key, in creation order. */
  readonly groups: ReadonlyMap<string, GroupView>;
  /** The group with these grouping labels (any order), if stored. */
  group(grouping: readonly Label[]): GroupView | undefined;
  /**
   * The merged families of all groups as the Pushgateway's `/metrics` shows
   * them: one family per name sorted by name (Go byte order), series sorted
   * by label count then label values, HELP of the group that has held the
   * family (with metrics) longest or of an own family, empty families left out. Memoized;
   * do not mutate the result.
   */
  families(): readonly MetricFamily[];
  /**
   * The exposition in text 0.0.4 (each series is rendered once and cached).
   * `extra` families (the gateway's own metrics) are merged in by name; their
   * HELP and type win. Memoized when `extra` is not given.
   */
  text(extra?: readonly MetricFamily[]): string;
  /**
   * The same exposition as {@link text}, as a new array of pieces to write
   * one after the other (family headers and the cached series texts, shared,
   * not copied), so that a large exposition can be streamed without ever
   * being held as one string. Built on each call.
   */
  textPieces(extra?: readonly MetricFamily[]): string[];
  /**
   * The same exposition as {@link textPieces}, where a stored family whose
   * text is kept as bytes is one piece of UTF-8 bytes instead of its
   * strings. With `keep`, every stored family's bytes are made and kept with
   * it (shared by later snapshots in which the family did not change), so
   * that scraping an unchanged store again copies no text: worth it only
   * when the store is read more often than it changes (the bytes are a
   * second copy of the exposition while they are kept).
   */
  textChunks(extra?: readonly MetricFamily[], keep?: boolean): (string | Uint8Array)[];
  /**
   * The stored part of {@link textChunks}: the same pieces, with the index
   * of each of `extraNames` (sorted by name, distinct) in the place where
   * that extra family goes, instead of the stored family of that name. A
   * reader can keep this while the store version is unchanged and put in
   * fresh extra families with {@link mergedText} on each use.
   */
  storedChunks(extraNames: readonly string[], keep?: boolean): (string | Uint8Array | number)[];
  /**
   * The text of `extra` merged with the stored family of its name, as
   * {@link text} writes it in its place: its HELP and type, its metrics
   * sorted with the stored ones (left out when the types differ). Empty
   * when there is no metric to write.
   */
  mergedText(extra: MetricFamily): string[];
  /** Everything left out of {@link families} and {@link text}, and why. Empty for a consistent store. */
  problems(): readonly StoreProblem[];
}
