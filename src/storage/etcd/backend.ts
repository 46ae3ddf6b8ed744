import type {
  CommittedWrite,
  GroupChange,
  LazyState,
  LoadedState,
  StorageBackend,
  StorageHealth,
} from '../../store/backend.js';
import { StorageConflictError, StorageUnavailableError } from '../../store/backend.js';
import { groupKey } from '../../merge/grouping-key.js';
import { STATE_FORMAT, STATE_VERSION, type GroupState } from '../../store/state.js';
import { decodeGroup, encodeGroup, groupEtcdKey, groupRange, GroupValueError } from './codec.js';
import {
  revisionLess,
  revisionMax,
  type EtcdKv,
  type KeyValue,
  type TxnOp,
  type WatchEvent,
  type WatchHandle,
} from './kv.js';
import type { EtcdOptions } from './options.js';

/** Keys read per page when loading. */
const PAGE = 256;
/** How often the connection to etcd is checked, in milliseconds. */
const PROBE_EVERY_MS = 1000;

/** A group too large for etcd's request limit: the push is refused with 413. */
export class GroupTooLargeError extends StorageUnavailableError {
  readonly status = 413;
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `group too large for the etcd storage: ${bytes} bytes compressed, over etcd's request limit of ${limit} bytes (--max-request-bytes of the etcd members, --storage.etcd.max-request-bytes here)`,
    );
  }
}

/** Something the backend wants logged. */
export type EtcdLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, string | number>,
) => void;

/**
 * The etcd storage backend: one key per group under the prefix (see
 * `codec.ts`), written by transactions that compare the key's mod revision
 * with the one the write was prepared against.
 *
 * The store is fed by the watch only: {@link load} reads every group at one
 * revision (paged), then a watch from the next revision delivers whole
 * revisions in order to the subscribers. {@link append} resolves once its
 * transaction committed and the watch delivered its revision, so the
 * change is already in the store: the caller answers with the prepared
 * result and commits nothing itself. A watch cancelled by compaction (or
 * ended for any other reason) is replaced by a full reload whose
 * differences reach the subscribers as one batch: readers never see a
 * half-loaded state.
 */
export class EtcdBackend implements StorageBackend {
  readonly name = 'etcd';
  /** Mod revision of every group in the view, by canonical group key. */
  private readonly revisions = new Map<string, string>();
  /** Highest revision whose changes reached the subscribers. */
  private applied = '0';
  private readonly subscribers = new Set<(changes: readonly GroupChange[]) => void>();
  private readonly waiters = new Set<() => void>();
  private watch: WatchHandle | undefined;
  /** Counts watches started: events of an earlier watch are ignored. */
  private watchGen = 0;
  private watchUp = false;
  private probeUp = false;
  private reason = 'not loaded yet';
  private probeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private resyncing: Promise<void> | undefined;
  private loaded = false;
  private readonly range: { start: Buffer; end: Buffer };

  constructor(
    private readonly kv: EtcdKv,
    private readonly options: Pick<EtcdOptions, 'prefix' | 'maxRequestBytes' | 'requestTimeoutMs'>,
    private readonly log: EtcdLog = () => {},
  ) {
    this.range = groupRange(options.prefix);
  }

  /** The revision the view is at. */
  get revision(): string {
    return this.applied;
  }

  /**
   * Reads every group at one revision, then watches from the next one.
   * Rejects with {@link StorageUnavailableError} when etcd cannot be reached
   * or holds a value this build cannot read (nothing is served from a
   * partial read).
   */
  async load(): Promise<LoadedState> {
    const { groups, revision } = await this.readAll();
    this.revisions.clear();
    const state: GroupState[] = [];
    for (const g of groups) {
      this.revisions.set(g.key, g.modRevision);
      state.push(g.group);
    }
    this.applied = revision;
    await this.startWatch(revision);
    this.loaded = true;
    this.startProbe();
    return { state: { format: STATE_FORMAT, version: STATE_VERSION, groups: state } };
  }

  /** Every group at one revision, page by page. */
  private async readAll(): Promise<{
    groups: { key: string; modRevision: string; group: GroupState }[];
    revision: string;
  }> {
    const { start, end } = this.range;
    const out: { key: string; modRevision: string; group: GroupState }[] = [];
    let revision: string | undefined;
    let from = start;
    try {
      for (;;) {
        const page = await this.kv.range(from, end, PAGE, revision);
        revision ??= page.revision;
        for (const kv of page.kvs) out.push(decoded(kv));
        if (!page.more || page.kvs.length === 0) break;
        from = Buffer.concat([page.kvs[page.kvs.length - 1].key, Buffer.from([0])]);
      }
    } catch (e) {
      if (e instanceof GroupValueError)
        throw new StorageUnavailableError(`${e.message}; fix or delete the key with etcdctl, or use another prefix`);
      throw new StorageUnavailableError(`etcd: ${(e as Error).message}`);
    }
    return { groups: out, revision: revision! };
  }

  private async startWatch(revision: string): Promise<void> {
    const next = String(BigInt(revision) + 1n);
    const gen = ++this.watchGen;
    this.watch = await this.kv.watch(this.range.start, this.range.end, next, {
      onEvents: (events) => {
        if (gen === this.watchGen) this.onEvents(events);
      },
      onError: (err) => {
        if (gen !== this.watchGen) return;
        this.log('warn', 'etcd watch ended; reloading every group', { err: err.message });
        void this.resync();
      },
      onDisconnect: () => {
        if (gen !== this.watchGen) return;
        this.watchUp = false;
        this.reason = 'lost the watch stream to etcd';
      },
      onConnect: () => {
        if (gen === this.watchGen) this.watchUp = true;
      },
    });
    this.watchUp = true;
  }

  private onEvents(events: WatchEvent[]): void {
    const changes: GroupChange[] = [];
    let last = this.applied;
    for (const e of events) {
      last = revisionMax(last, e.modRevision);
      let change: GroupChange;
      try {
        change = this.changeOf(e);
      } catch (err) {
        this.log('error', 'etcd value cannot be read; the group keeps its previous content', {
          err: (err as Error).message,
        });
        continue;
      }
      if (change.group === null) this.revisions.delete(change.key);
      else this.revisions.set(change.key, e.modRevision);
      changes.push(change);
    }
    this.emit(changes);
    this.applied = last;
    for (const w of [...this.waiters]) w();
  }

  private changeOf(e: WatchEvent): GroupChange {
    if (e.kind === 'put') {
      const d = decoded(e);
      return { key: d.key, grouping: d.grouping, group: d.group };
    }
    // A delete event carries no value: find the group by its key.
    const name = e.key.toString('utf8');
    const key = Buffer.from(name.slice(name.lastIndexOf('/') + 1), 'base64url').toString('utf8');
    return { key, grouping: [], group: null };
  }

  private emit(changes: readonly GroupChange[]): void {
    if (changes.length === 0) return;
    for (const s of this.subscribers) s(changes);
  }

  /** Reloads every group after the watch ended and hands the differences over as one batch. */
  private resync(): Promise<void> {
    this.resyncing ??= (async () => {
      this.watchUp = false;
      this.reason = 'reloading after the etcd watch ended';
      this.watchGen++;
      // Cancelling waits for etcd's answer, which may never come while it is unreachable.
      void this.watch?.close().catch(() => {});
      for (let attempt = 0; !this.closed; attempt++) {
        try {
          const { groups, revision } = await this.readAll();
          const changes: GroupChange[] = [];
          const present = new Set<string>();
          for (const g of groups) {
            present.add(g.key);
            if (this.revisions.get(g.key) !== g.modRevision)
              changes.push({ key: g.key, grouping: labelsOf(g.group), group: g.group });
            this.revisions.set(g.key, g.modRevision);
          }
          for (const key of [...this.revisions.keys()]) {
            if (present.has(key)) continue;
            this.revisions.delete(key);
            changes.push({ key, grouping: [], group: null });
          }
          this.emit(changes);
          this.applied = revisionMax(this.applied, revision);
          await this.startWatch(revision);
          this.log('info', 'reloaded every group from etcd', {
            revision,
            groups: groups.length,
            changed: changes.length,
          });
          for (const w of [...this.waiters]) w();
          return;
        } catch (e) {
          this.reason = `reloading from etcd failed: ${(e as Error).message}`;
          if (attempt % 10 === 0)
            this.log('error', 'could not reload from etcd; retrying', { err: (e as Error).message });
          await sleep(PROBE_EVERY_MS);
        }
      }
    })().finally(() => (this.resyncing = undefined));
    return this.resyncing;
  }

  /** Checks every second, with a linearizable read, that a majority of etcd answers. */
  private startProbe(): void {
    if (this.probeTimer) return;
    const probe = (): void => {
      this.kv.probe().then(
        () => {
          this.probeUp = true;
        },
        (e: Error) => {
          if (this.probeUp) this.log('error', 'etcd cannot be reached', { err: e.message });
          this.probeUp = false;
          this.reason = `etcd cannot be reached: ${e.message}`;
        },
      );
    };
    this.probeUp = true;
    this.probeTimer = setInterval(probe, PROBE_EVERY_MS);
    this.probeTimer.unref();
  }

  /**
   * Commits the write's groups in one transaction, on the condition that
   * each key's mod revision is still the one in this replica's view, and
   * waits until the watch has delivered that revision. Rejects with
   * {@link StorageConflictError} (after the view caught up) when a key
   * changed meanwhile, {@link GroupTooLargeError} for a group over the
   * request limit, {@link StorageUnavailableError} when etcd does not
   * answer in time.
   */
  async append(write: CommittedWrite): Promise<void> {
    if (this.closed) throw new StorageUnavailableError('the etcd storage is closed');
    const changes = write.changes();
    const ops: TxnOp[] = changes.map((ch) => ({
      key: groupEtcdKey(this.options.prefix, ch.key),
      value: ch.group ? encodeGroup(ch.group) : null,
      expect: this.revisions.get(ch.key) ?? '0',
    }));
    // Keys, values and a little framing per operation.
    const bytes = ops.reduce((n, op) => n + op.key.length * 2 + (op.value?.length ?? 0) + 32, 0);
    if (bytes > this.options.maxRequestBytes) throw new GroupTooLargeError(bytes, this.options.maxRequestBytes);
    let result;
    try {
      result = await this.kv.txn(ops);
    } catch (e) {
      throw new StorageUnavailableError(`etcd did not commit the write: ${(e as Error).message}`);
    }
    if (!result.succeeded) {
      // Someone else changed a group first: wait until the view has it, so the retry sees it.
      await this.until(() => changes.some((ch, i) => (this.revisions.get(ch.key) ?? '0') !== ops[i].expect));
      throw new StorageConflictError(`a group changed in etcd since the write was prepared: ${write.keys.join(', ')}`);
    }
    // Deleting groups that did not exist makes no revision: nothing will come back.
    if (ops.every((op) => op.value === null && op.expect === '0')) return;
    const rev = result.revision;
    await this.until(() => !revisionLess(this.applied, rev));
  }

  /** Waits (at most the request timeout) until `done()` holds after a watch batch. */
  private until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new StorageUnavailableError(
            'etcd committed the write but the watch did not deliver it in time; retry the push',
          ),
        );
      }, this.options.requestTimeoutMs);
      this.waiters.add(check);
    });
  }

  /** etcd keeps every write; nothing to compact here (etcd compacts its own history). */
  async snapshot(state: () => LazyState): Promise<void> {
    void state;
  }

  subscribe(onChange: (changes: readonly GroupChange[]) => void): () => void {
    this.subscribers.add(onChange);
    return () => this.subscribers.delete(onChange);
  }

  health(): StorageHealth {
    const up = this.loaded && this.watchUp && this.probeUp && !this.resyncing && !this.closed;
    return up ? { up } : { up, reason: this.reason };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.watchGen++;
    await Promise.race([this.watch?.close().catch(() => {}), sleep(this.options.requestTimeoutMs)]);
    await this.kv.close();
  }
}

function labelsOf(g: GroupState): { name: string; value: string }[] {
  return g.labels.map(([name, value]) => ({ name, value }));
}

/** A group read from etcd, with its canonical key (recomputed from its labels). */
function decoded(kv: Pick<KeyValue, 'key' | 'value' | 'modRevision'>): {
  key: string;
  grouping: { name: string; value: string }[];
  modRevision: string;
  group: GroupState;
} {
  const group = decodeGroup(kv.key, kv.value);
  const grouping = labelsOf(group);
  return { key: groupKey(grouping), grouping, modRevision: kv.modRevision, group };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
