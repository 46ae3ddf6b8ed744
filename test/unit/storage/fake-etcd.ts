import type {
  EtcdKv,
  KeyValue,
  RangePage,
  TxnOp,
  TxnResult,
  WatchEvent,
  WatchHandle,
  WatchHandlers,
} from '../../../src/storage/etcd/kv.js';

/**
 * An in-memory stand-in for etcd behind the {@link EtcdKv} interface, with
 * history, compaction and an outage switch, for unit tests of the backend.
 */
export class FakeEtcd {
  revision = 1;
  compactedAt = 0;
  /** While true every request fails, as without a majority. */
  down = false;
  /** Called before each range page is returned (tests look at replicas in between). */
  onPage: () => void = () => {};
  private readonly data = new Map<string, KeyValue>();
  private readonly history: WatchEvent[] = [];
  private readonly watchers = new Set<{ h: WatchHandlers; from: number; paused: boolean; queue: WatchEvent[] }>();

  /** A client of this fake. */
  client(): EtcdKv {
    return {
      range: (start, end, limit, revision) => this.range(start, end, limit, revision),
      txn: (ops) => this.txn(ops),
      deleteRange: async () => String(this.revision),
      watch: (start, end, from, h) => this.watch(from, h),
      probe: async () => {
        this.check();
        return String(this.revision);
      },
      close: async () => {},
    };
  }

  /** Holds back (true) or releases (false) the events of every watch. */
  pause(paused: boolean): void {
    for (const w of this.watchers) {
      w.paused = paused;
      if (!paused) this.flush(w);
    }
  }

  /** Forgets history up to the current revision; paused watches that need it are cancelled. */
  compact(): void {
    this.compactedAt = this.revision;
    for (const w of [...this.watchers]) {
      if (w.paused && w.queue.length > 0) {
        this.watchers.delete(w);
        setImmediate(() => w.h.onError(new Error('Watcher canceled: mvcc: required revision has been compacted')));
      }
    }
  }

  private check(): void {
    if (this.down) throw new Error('14 UNAVAILABLE: no majority');
  }

  private async range(start: Buffer, end: Buffer, limit: number, revision?: string): Promise<RangePage> {
    await new Promise((r) => setImmediate(r));
    this.check();
    if (revision !== undefined && +revision < this.compactedAt) throw new Error('required revision has been compacted');
    const keys = [...this.data.keys()]
      .filter(
        (k) =>
          Buffer.compare(Buffer.from(k, 'latin1'), start) >= 0 && Buffer.compare(Buffer.from(k, 'latin1'), end) < 0,
      )
      .sort();
    const kvs = keys.slice(0, limit).map((k) => this.data.get(k)!);
    this.onPage();
    return { kvs, revision: revision ?? String(this.revision), more: keys.length > limit };
  }

  private async txn(ops: TxnOp[]): Promise<TxnResult> {
    await new Promise((r) => setImmediate(r));
    this.check();
    for (const op of ops) {
      const cur = this.data.get(op.key.toString('latin1'));
      if ((cur?.modRevision ?? '0') !== op.expect) return { succeeded: false, revision: String(this.revision) };
    }
    if (ops.every((op) => op.value === null && !this.data.has(op.key.toString('latin1'))))
      return { succeeded: true, revision: String(this.revision) };
    const rev = String(++this.revision);
    const events: WatchEvent[] = [];
    for (const op of ops) {
      const k = op.key.toString('latin1');
      const cur = this.data.get(k);
      if (op.value === null) {
        if (!cur) continue;
        this.data.delete(k);
        events.push({ kind: 'delete', key: op.key, value: Buffer.alloc(0), createRevision: '0', modRevision: rev });
      } else {
        const kv = { key: op.key, value: op.value, createRevision: cur?.createRevision ?? rev, modRevision: rev };
        this.data.set(k, kv);
        events.push({ kind: 'put', ...kv });
      }
    }
    this.history.push(...events);
    for (const w of this.watchers) {
      w.queue.push(...events);
      if (!w.paused) setImmediate(() => this.flush(w));
    }
    return { succeeded: true, revision: rev };
  }

  private flush(w: { h: WatchHandlers; queue: WatchEvent[] }): void {
    if (w.queue.length === 0) return;
    const batch = w.queue.splice(0);
    w.h.onEvents(batch, batch[batch.length - 1].modRevision);
  }

  private async watch(from: string, h: WatchHandlers): Promise<WatchHandle> {
    this.check();
    const w = { h, from: +from, paused: false, queue: this.history.filter((e) => +e.modRevision >= +from) };
    this.watchers.add(w);
    setImmediate(() => this.flush(w));
    return { close: async () => void this.watchers.delete(w) };
  }
}
