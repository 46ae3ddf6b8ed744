import type { WriteRequest } from '../../model/types.js';
import {
  StorageConflictError,
  StorageUnavailableError,
  type CommittedWrite,
  type GroupChange,
} from '../../store/backend.js';
import type { MetricStore, SubmitResult } from '../../store/index.js';
import type { EtcdBackend, EtcdLog } from './backend.js';

/** Attempts of a write whose group keeps being changed by other replicas. */
const ATTEMPTS = 16;
/** Pause between attempts to load the state from etcd, in milliseconds. */
const RETRY_LOAD_MS = 1000;

/**
 * One gateway replica on etcd: a replicated {@link MetricStore} fed only by
 * the {@link EtcdBackend}'s watch, and the write path. A write is prepared
 * against this replica's view, committed by an etcd transaction that
 * compares the group's mod revision, and answered once the watch has
 * brought it back into the store; when another replica changed the group
 * first, it is prepared again on the fresh view.
 */
export class EtcdReplica {
  private loaded = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  /** Settles once the state was loaded (or the replica stopped). */
  readonly started: Promise<void>;

  constructor(
    readonly store: MetricStore,
    readonly backend: EtcdBackend,
    private readonly log: EtcdLog,
  ) {
    this.started = this.load();
  }

  /** Whether the initial load is done and etcd is reachable: `/-/ready`. */
  get ready(): boolean {
    return this.loaded && this.backend.health().up;
  }

  /** Loads every group (retrying until etcd answers), then follows the watch. */
  private async load(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        this.unsubscribe ??= this.backend.subscribe((changes) => this.apply(changes));
        const loaded = await this.backend.load();
        if (this.stopped) return;
        this.store.importState(loaded.state);
        this.loaded = true;
        this.log('info', 'loaded every group from etcd', {
          groups: this.store.snapshot().groups.size,
          revision: this.backend.revision,
        });
        return;
      } catch (e) {
        if (attempt % 10 === 0) this.log('error', 'could not load from etcd; retrying', { err: (e as Error).message });
        await new Promise((r) => setTimeout(r, RETRY_LOAD_MS).unref());
      }
    }
  }

  /** Applies a watch batch; a group that cannot be applied keeps its previous content (and is logged). */
  private apply(changes: readonly GroupChange[]): void {
    try {
      this.store.applyChanges(changes);
    } catch {
      for (const ch of changes) {
        try {
          this.store.applyChanges([ch]);
        } catch (e) {
          this.log('error', 'a group from etcd cannot be applied; keeping its previous content', {
            err: (e as Error).message,
          });
        }
      }
    }
  }

  /**
   * Makes a write durable in etcd and returns its result once this replica
   * serves it. Rejects with a {@link StorageUnavailableError} (answered 503,
   * or 413 for a group over etcd's request limit) when it is not committed.
   */
  async submit(req: WriteRequest): Promise<SubmitResult> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (!this.loaded) throw new StorageUnavailableError('not loaded from etcd yet');
      const prepared = this.store.prepare(req);
      const write =
        prepared.write ??
        (req.mode === 'delete' && prepared.result.ok ? deletion(req, prepared.result.group) : undefined);
      if (!write) return prepared.result;
      try {
        await this.backend.append(write);
        return prepared.result;
      } catch (e) {
        if (!(e instanceof StorageConflictError)) throw e;
        // A delete that lost to a push made after it was received is ordered before that push.
        const g = this.store.snapshot().groups.get(write.keys[0]);
        if (req.mode === 'delete' && g && g.pushTimeSeconds * 1000 > req.receivedAt) return prepared.result;
      }
    }
    throw new StorageUnavailableError('the group kept changing in etcd; retry the push');
  }

  /** Stops loading and following etcd. */
  async close(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.backend.close();
  }
}

/** A delete of a group this replica does not see (it may exist in etcd already). */
function deletion(req: WriteRequest, key: string): CommittedWrite {
  const change: GroupChange = { key, grouping: req.grouping, group: null };
  return { request: req, keys: [key], changes: () => [change] };
}
