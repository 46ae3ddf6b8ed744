import { dirname } from 'node:path';
import type { WriteRequest } from '../../model/types.js';
import { syncDir, writeAt } from './files.js';
import type { FileSystem } from './fs-layer.js';
import { encodeRecord, JOURNAL_MAGIC } from './journal-format.js';

/**
 * The append-only journal: every write is encoded and queued in call order;
 * queued records are written and synced in batches (group commit), and each
 * {@link Journal.append} promise resolves only once its record is on disk.
 *
 * After a failed write or sync (a full disk, an I/O error) the file is cut
 * back to its last good record before anything else is written, so a
 * record is never appended after a torn one; the failed record and every
 * record queued behind it are refused. The journal is then down until a
 * write succeeds again ({@link Journal.probe} tries without a write).
 *
 * The journal is split into generations (`<file>.journal.<gen>`);
 * {@link Journal.rotate} starts a new one so the older ones can be deleted
 * once a snapshot covers them. A generation's file is created when its
 * first record is written.
 */

interface JournalFile {
  gen: number;
  path: string;
  fd: number | undefined;
  /** Length of the durable part (0: the magic is not written yet). */
  good: number;
  /** A write failed after `good`: cut the file back before the next one. */
  dirty: boolean;
  /** Bytes queued, not written yet. */
  queuedBytes: number;
  queued: number;
}

interface Queued {
  file: JournalFile;
  buf: Buffer;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** The path of generation `gen` of the journal of `base`. */
export function journalPath(base: string, gen: number): string {
  return `${base}.journal.${gen}`;
}

/** Bytes written (then cut away) by {@link Journal.probe}. */
const PROBE_BYTES = 4096;

/** An open journal. */
export class Journal {
  private current: JournalFile;
  private queue: Queued[] = [];
  private running = false;
  private idle: (() => void)[] = [];
  private readonly retired: JournalFile[] = [];
  private seq: number;
  private closed = false;
  private failure: Error | undefined;

  /**
   * A journal whose next generation is `gen` next to `base` (its file must
   * not hold records); sequence numbers continue after `lastSeq`.
   */
  constructor(
    private readonly fs: FileSystem,
    private readonly base: string,
    gen: number,
    lastSeq: number,
  ) {
    this.current = this.newFile(gen);
    this.seq = lastSeq;
  }

  private newFile(gen: number): JournalFile {
    return { gen, path: journalPath(this.base, gen), fd: undefined, good: 0, dirty: false, queuedBytes: 0, queued: 0 };
  }

  /** Sequence number of the last appended record. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Size of the current generation's file, queued records included. */
  get bytes(): number {
    return Math.max(this.current.good, JOURNAL_MAGIC.length) + this.current.queuedBytes;
  }

  /** The last write error while writes fail; `undefined` while they succeed. */
  get down(): Error | undefined {
    return this.failure;
  }

  /**
   * Appends a write: encodes it now (so records are in call order) and
   * resolves once it is on disk. Throws at once if the request cannot be
   * encoded; rejects if writing or syncing fails (and then every record
   * appended after it is refused too).
   */
  append(req: WriteRequest): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const buf = encodeRecord(this.seq + 1, req);
    this.seq++;
    const file = this.current;
    file.queuedBytes += buf.length;
    file.queued++;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ file, buf, resolve, reject });
      if (this.running) return;
      this.running = true;
      // Started once the caller's task is done: the records it appends together are written and
      // synced together, not the first alone and the rest after it.
      queueMicrotask(() => void this.run());
    });
  }

  /** Creates the file if needed, cuts off what a failed write left, writes the magic if missing. */
  private async ready(file: JournalFile): Promise<number> {
    if (file.fd === undefined) {
      // A leftover of an earlier failed attempt at this generation holds no records: overwrite it.
      file.fd = await this.fs.open(file.path, 'w', 0o600);
      file.good = 0;
      file.dirty = false;
    }
    const fd = file.fd;
    if (file.dirty) {
      await this.fs.truncate(fd, file.good);
      await this.fs.sync(fd);
      file.dirty = false;
    }
    if (file.good === 0) {
      file.dirty = true;
      await writeAt(this.fs, fd, JOURNAL_MAGIC, 0);
      await this.fs.sync(fd);
      await syncDir(this.fs, dirname(file.path));
      file.good = JOURNAL_MAGIC.length;
      file.dirty = false;
    }
    return fd;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        let i = 0;
        while (i < batch.length) {
          const file = batch[i].file;
          let j = i;
          while (j < batch.length && batch[j].file === file) j++;
          const group = batch.slice(i, j);
          const bytes = group.length === 1 ? group[0].buf : Buffer.concat(group.map((q) => q.buf));
          try {
            const fd = await this.ready(file);
            file.dirty = true;
            await writeAt(this.fs, fd, bytes, file.good);
            await this.fs.sync(fd);
            file.good += bytes.length;
            file.dirty = false;
            this.failure = undefined;
            this.settle(group, file);
            for (const q of group) q.resolve();
          } catch (e) {
            // Nothing after a failed record may be written: refuse it and everything queued behind it.
            this.failure = e as Error;
            const refused = [...batch.slice(i), ...this.queue];
            this.queue = [];
            for (const q of refused) this.settle([q], q.file);
            for (const q of refused) q.reject(e);
            await this.repair(file);
            break;
          }
          i = j;
        }
        await this.closeRetired();
      }
    } finally {
      this.running = false;
      const waiters = this.idle;
      this.idle = [];
      for (const w of waiters) w();
    }
  }

  private settle(group: Queued[], file: JournalFile): void {
    for (const q of group) file.queuedBytes -= q.buf.length;
    file.queued -= group.length;
  }

  /** Cuts a file back to its last good record (best effort: retried before the next write). */
  private async repair(file: JournalFile): Promise<void> {
    if (file.fd === undefined || !file.dirty) return;
    try {
      await this.fs.truncate(file.fd, file.good);
      await this.fs.sync(file.fd);
      file.dirty = false;
    } catch {
      // Retried by `ready` before the next write, and by `probe`.
    }
  }

  /**
   * While writes fail: checks whether they would succeed now, without
   * writing a record (the file is cut back, a block written past its end,
   * synced and cut away again). Resolves whether the journal is up.
   */
  async probe(): Promise<boolean> {
    if (!this.failure) return true;
    if (this.running) return false;
    const file = this.current;
    try {
      const fd = await this.ready(file);
      file.dirty = true;
      await writeAt(this.fs, fd, Buffer.alloc(PROBE_BYTES), file.good);
      await this.fs.sync(fd);
      await this.fs.truncate(fd, file.good);
      await this.fs.sync(fd);
      file.dirty = false;
      this.failure = undefined;
      return true;
    } catch (e) {
      this.failure = e as Error;
      await this.repair(file);
      return false;
    }
  }

  private async closeRetired(): Promise<void> {
    for (let k = this.retired.length - 1; k >= 0; k--) {
      const f = this.retired[k];
      if (f.queued === 0) {
        this.retired.splice(k, 1);
        if (f.fd !== undefined) await this.fs.close(f.fd).catch(() => {});
      }
    }
  }

  /**
   * Starts a new generation: records appended after this call go to it,
   * records appended before still go to the old file. Returns the
   * generation now retired (every older one is retired too).
   */
  rotate(): number {
    const old = this.current;
    this.current = this.newFile(old.gen + 1);
    this.retired.push(old);
    if (!this.running) void this.closeRetired();
    return old.gen;
  }

  /** Resolves once every record appended so far is on disk (or refused). */
  drain(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Drains, then closes every file. Further appends are refused. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    await this.closeRetired();
    if (this.current.fd !== undefined) await this.fs.close(this.current.fd).catch(() => {});
  }
}
