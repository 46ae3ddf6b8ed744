import { closeSync, fdatasync, fsyncSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WriteRequest } from '../../model/types.js';
import { fsyncDirSync } from './fs-util.js';
import { encodeRecord, JOURNAL_MAGIC } from './record.js';

/**
 * The append-only journal: every write is encoded and queued in submission
 * order; queued records are written and `fdatasync`ed in batches (group
 * commit), and each {@link Journal.append} promise resolves only once its
 * record is on disk. The journal is split into generations
 * (`<file>.journal.<gen>`); {@link Journal.rotate} starts a new one so the
 * older ones can be deleted once a snapshot covers them.
 */

interface JournalFile {
  gen: number;
  path: string;
  fd: number;
  bytes: number;
  retired: boolean;
  queued: number;
}

interface Queued {
  file: JournalFile;
  buf: Buffer;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      write(fd, buf, offset, buf.length - offset, null, (err, n) => {
        if (err) reject(err);
        else if (offset + n < buf.length) step(offset + n);
        else resolve();
      });
    };
    step(0);
  });
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

/** The path of generation `gen` of the journal of `base`. */
export function journalPath(base: string, gen: number): string {
  return `${base}.journal.${gen}`;
}

/** Creates a journal file holding only the magic, durably (file and directory fsynced). */
function createFile(base: string, gen: number): JournalFile {
  const path = journalPath(base, gen);
  const fd = openSync(path, 'wx', 0o600);
  writeSync(fd, JOURNAL_MAGIC);
  fsyncSync(fd);
  fsyncDirSync(dirname(path));
  return { gen, path, fd, bytes: JOURNAL_MAGIC.length, retired: false, queued: 0 };
}

/** An open journal. */
export class Journal {
  private current: JournalFile;
  private readonly queue: Queued[] = [];
  private running = false;
  private idle: (() => void)[] = [];
  private readonly retired: JournalFile[] = [];
  private seq: number;
  private closed = false;

  /**
   * Opens a new journal generation `gen` next to `base` (the file must not
   * exist); sequence numbers continue after `lastSeq`.
   */
  constructor(
    private readonly base: string,
    gen: number,
    lastSeq: number,
  ) {
    this.current = createFile(base, gen);
    this.seq = lastSeq;
  }

  /** Sequence number of the last appended record. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Generation being appended to. */
  get gen(): number {
    return this.current.gen;
  }

  /** Size of the current generation's file, queued records included. */
  get bytes(): number {
    return this.current.bytes;
  }

  /**
   * Appends a write: encodes it now (so records are in call order) and
   * resolves once it is on disk. Throws at once if the request cannot be
   * encoded; rejects if writing or syncing fails.
   */
  append(req: WriteRequest): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const buf = encodeRecord(this.seq + 1, req);
    this.seq++;
    const file = this.current;
    file.bytes += buf.length;
    file.queued++;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ file, buf, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.queue.length);
        let i = 0;
        while (i < batch.length) {
          const file = batch[i].file;
          let j = i;
          while (j < batch.length && batch[j].file === file) j++;
          const group = batch.slice(i, j);
          try {
            await writeAll(file.fd, group.length === 1 ? group[0].buf : Buffer.concat(group.map((q) => q.buf)));
            await datasync(file.fd);
            for (const q of group) q.resolve();
          } catch (e) {
            for (const q of group) q.reject(e);
          }
          file.queued -= group.length;
          i = j;
        }
        this.closeRetired();
      }
    } finally {
      this.running = false;
      const waiters = this.idle;
      this.idle = [];
      for (const w of waiters) w();
    }
  }

  private closeRetired(): void {
    for (let k = this.retired.length - 1; k >= 0; k--) {
      const f = this.retired[k];
      if (f.queued === 0) {
        closeSync(f.fd);
        this.retired.splice(k, 1);
      }
    }
  }

  /**
   * Starts a new generation synchronously: records appended after this call
   * go to it, records appended before still go to the old file. Returns the
   * generation numbers now retired (all older than the new one).
   */
  rotate(): number {
    const old = this.current;
    this.current = createFile(this.base, old.gen + 1);
    old.retired = true;
    this.retired.push(old);
    if (!this.running) this.closeRetired();
    return old.gen;
  }

  /** Resolves once every record appended so far is on disk (or failed). */
  drain(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Drains, then closes every file. Further appends are refused. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    this.closeRetired();
    closeSync(this.current.fd);
  }
}
