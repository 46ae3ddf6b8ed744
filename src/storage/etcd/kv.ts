/**
 * The few etcd operations the backend needs, behind an interface so that
 * the client library can be replaced ({@link ./etcd3-kv.ts} implements it on
 * `etcd3`). Revisions are decimal strings, as etcd's JSON and `etcd3` give
 * them; compare them with {@link revisionLess}.
 */

/** A key and its value at some revision. */
export interface KeyValue {
  key: Buffer;
  value: Buffer;
  /** Revision of the key's creation (order of creation). */
  createRevision: string;
  /** Revision of the key's last change. */
  modRevision: string;
}

/** One page of a range read. */
export interface RangePage {
  kvs: KeyValue[];
  /** The revision the page was read at. */
  revision: string;
  /** Whether keys follow the last one. */
  more: boolean;
}

/** One change to a key in a transaction: put `value`, or delete when `value` is `null`. */
export interface TxnOp {
  key: Buffer;
  value: Buffer | null;
  /** The key's mod revision the change was prepared against (`'0'`: the key did not exist). */
  expect: string;
}

/** A transaction's outcome. */
export interface TxnResult {
  /** Whether every compare held and the changes were made. */
  succeeded: boolean;
  /** The revision of the commit, or, on a conflict, the current revision. */
  revision: string;
}

/** One watch event. */
export interface WatchEvent {
  kind: 'put' | 'delete';
  key: Buffer;
  value: Buffer;
  createRevision: string;
  modRevision: string;
}

/** Callbacks of a watch. */
export interface WatchHandlers {
  /** A batch of events (whole revisions, in order); `revision` is the latest revision the watch has seen. */
  onEvents(events: WatchEvent[], revision: string): void;
  /** The watch ended for good (e.g. cancelled because the revision it needed was compacted). */
  onError(err: Error): void;
  /** The stream to etcd was lost (the client reconnects and resumes by itself). */
  onDisconnect(): void;
  /** The stream is (again) established. */
  onConnect(): void;
}

/** A running watch. */
export interface WatchHandle {
  close(): Promise<void>;
}

/** The etcd operations the backend uses. */
export interface EtcdKv {
  /** Reads up to `limit` keys of `[start, end)` at `revision` (`undefined`: the current one), linearizably. */
  range(start: Buffer, end: Buffer, limit: number, revision?: string): Promise<RangePage>;
  /** Applies `ops` atomically if every key's mod revision is still the expected one. */
  txn(ops: TxnOp[]): Promise<TxnResult>;
  /** Deletes every key in `[start, end)`; resolves with the revision of the delete. */
  deleteRange(start: Buffer, end: Buffer): Promise<string>;
  /** Watches `[start, end)` from `fromRevision` on. */
  watch(start: Buffer, end: Buffer, fromRevision: string, handlers: WatchHandlers): Promise<WatchHandle>;
  /** A linearizable read that succeeds only while a majority of members is reachable. */
  probe(): Promise<string>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Whether revision `a` is before revision `b`. */
export function revisionLess(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

/** The later of two revisions. */
export function revisionMax(a: string, b: string): string {
  return revisionLess(a, b) ? b : a;
}
