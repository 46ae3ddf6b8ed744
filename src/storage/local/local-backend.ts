import { dirname } from 'node:path';
import type { WriteRequest } from '../../model/types.js';
import {
  StorageUnavailableError,
  type CommittedWrite,
  type LazyState,
  type LoadedState,
  type StorageBackend,
  type StorageHealth,
  type StorageNote,
} from '../../store/index.js';
import { refusedName, siblings, syncDir, writeFileAtomic } from './files.js';
import { nodeFs, type FileSystem } from './fs-layer.js';
import { Journal } from './journal.js';
import { decodeJournal, type JournalEntry } from './journal-format.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-format.js';
import { importPushgatewayState, isPushgatewayState } from '../pushgateway/index.js';

/**
 * Local storage for `--persistence.file=<file>`, the {@link StorageBackend}
 * kept in two kinds of files:
 *
 * - every write is appended to the journal `<file>.journal.<gen>` and synced
 *   before it is committed (group commit; see `journal.ts`);
 * - {@link LocalStorage.snapshot} saves the whole state to `<file>` (temp
 *   file, sync, rename, directory sync) and deletes the journal generations
 *   it covers;
 * - {@link LocalStorage.load} reads the snapshot and the journal written
 *   after it.
 *
 * Loading never starts empty when state exists but cannot be read: a file
 * that cannot be read (permissions, I/O error) or a snapshot that is damaged,
 * edited (checksum mismatch) or of an unknown format makes `load` reject,
 * and the file is left as it is. A journal with damaged records is copied to
 * `<name>.refused-<time>`, and every intact record before and after the
 * damage is used. A journal whose last record was cut short by a crash (a
 * write never acknowledged) is read up to it.
 */

/** Journal size after which {@link LocalStorage.wantsSnapshot} says a snapshot is due. */
export const COMPACT_BYTES = 64 * 1024 * 1024;

/** Options of {@link LocalStorage}. */
export interface LocalStorageOptions {
  /** The snapshot file; journals are `<file>.journal.<gen>` next to it. */
  file: string;
  /** The file system (tests inject faults). Default: the real one. */
  fs?: FileSystem;
  /** The clock, for file names and the snapshot's `savedAt`. */
  now?: () => number;
}

/** What {@link LocalStorage.load} did, for logging and tests. */
export interface LocalLoadReport {
  /** Whether a snapshot was loaded. */
  snapshotLoaded: boolean;
  /** Journal records to replay on top of it. */
  replayed: number;
  /** Damaged journals copied aside, with the reason. */
  refused: { path: string; keptAs: string; reason: string }[];
  /** A torn last record was dropped (an unacknowledged write cut by a crash). */
  tornTail: boolean;
  /** A Pushgateway 1.x file was imported: where its original is kept, and how many groups it held. */
  imported?: { keptAs: string; groups: number };
}

/** Suffix of the copy kept of an imported Pushgateway 1.x persistence file. */
export const PUSHGATEWAY_COPY_SUFFIX = '.pushgateway-1.x';

function unavailable(what: string, path: string, e: unknown, hint: string): StorageUnavailableError {
  return new StorageUnavailableError(`${what} ${path}: ${(e as Error).message}; ${hint}`);
}

const NOT_STARTED = 'refusing to start so that no stored metrics are lost';

/** The local journal + snapshot backend. */
export class LocalStorage implements StorageBackend {
  readonly name = 'local';
  private readonly fs: FileSystem;
  private readonly now: () => number;
  private journal: Journal | undefined;
  private savedSeq = -1;
  private snapshotting: Promise<void> | undefined;
  /** Snapshots that could not be written. */
  snapshotFailures = 0;
  /** When the last snapshot was written, in milliseconds since the epoch (0: never). */
  lastSnapshotMs = 0;
  /** What the last {@link load} found. */
  report: LocalLoadReport = { snapshotLoaded: false, replayed: 0, refused: [], tornTail: false };

  constructor(private readonly options: LocalStorageOptions) {
    this.fs = options.fs ?? nodeFs;
    this.now = options.now ?? Date.now;
  }

  private get file(): string {
    return this.options.file;
  }

  /**
   * Keeps the bytes of an imported Pushgateway file as `<file>.pushgateway-1.x`
   * before the first snapshot replaces it. A copy already there with the same
   * bytes is reused (a start cut short after copying); one with other bytes is
   * left alone and a number is added to the new name.
   */
  private async keepCopy(bytes: Uint8Array): Promise<string> {
    let target = `${this.file}${PUSHGATEWAY_COPY_SUFFIX}`;
    for (let n = 1; await this.fs.exists(target); n++) {
      if (Buffer.from(bytes).equals(await this.fs.readFile(target))) return target;
      target = `${this.file}${PUSHGATEWAY_COPY_SUFFIX}-${n}`;
    }
    await writeFileAtomic(this.fs, target, [bytes]);
    return target;
  }

  async load(): Promise<LoadedState> {
    const fs = this.fs;
    const notes: StorageNote[] = [];
    const report: LocalLoadReport = { snapshotLoaded: false, replayed: 0, refused: [], tornTail: false };
    this.report = report;
    let listed;
    try {
      // Leftovers of a snapshot write cut short.
      for (const t of await siblings(fs, this.file, '.tmp-')) await fs.unlink(t.path).catch(() => {});
      listed = await siblings(fs, this.file, '.journal.');
    } catch (e) {
      throw unavailable('cannot read the directory of', this.file, e, NOT_STARTED);
    }
    const gens = listed
      .filter((s) => /^\d+$/.test(s.rest))
      .map((s) => ({ path: s.path, gen: +s.rest }))
      .sort((a, b) => a.gen - b.gen);
    const maxGen = gens.length > 0 ? gens[gens.length - 1].gen : 0;

    let state;
    let lastSeq = 0;
    let present: boolean;
    try {
      present = await fs.exists(this.file);
    } catch (e) {
      throw unavailable('cannot read the state file', this.file, e, NOT_STARTED);
    }
    if (present) {
      let bytes;
      try {
        bytes = await fs.readFile(this.file);
      } catch (e) {
        throw unavailable(
          'cannot read the state file',
          this.file,
          e,
          `${NOT_STARTED} (fix its permissions or the disk)`,
        );
      }
      try {
        if (isPushgatewayState(bytes)) {
          try {
            state = importPushgatewayState(bytes);
          } catch (e) {
            throw new Error(`Pushgateway 1.x state file could not be imported: ${(e as Error).message}`, { cause: e });
          }
          const keptAs = await this.keepCopy(bytes);
          report.imported = { keptAs, groups: state.groups.length };
          notes.push({
            level: 'info',
            message: 'imported a Pushgateway 1.x persistence file; the original is kept, promkit format from now on',
            fields: { file: this.file, kept_as: keptAs, groups: state.groups.length },
          });
        } else {
          const doc = decodeSnapshot(bytes);
          state = doc.store;
          lastSeq = doc.seq;
          report.snapshotLoaded = true;
        }
      } catch (e) {
        throw unavailable(
          'cannot use the state file',
          this.file,
          e,
          `${NOT_STARTED}; it is left unchanged: move it away to start without it`,
        );
      }
    }

    const replay: WriteRequest[] = [];
    for (let k = 0; k < gens.length; k++) {
      const g = gens[k];
      let bytes;
      try {
        bytes = await fs.readFile(g.path);
      } catch (e) {
        throw unavailable('cannot read the journal', g.path, e, `${NOT_STARTED} (fix its permissions or the disk)`);
      }
      let decoded;
      try {
        decoded = decodeJournal(bytes);
      } catch (e) {
        throw unavailable(
          'cannot use the journal',
          g.path,
          e,
          `${NOT_STARTED}; it is left unchanged: move it away to start without it`,
        );
      }
      const last = k === gens.length - 1;
      const damage = [...decoded.damage];
      if (decoded.tornTail) {
        if (last) {
          report.tornTail = true;
          notes.push({
            level: 'warn',
            message:
              'journal ends with an incomplete record (a write cut short before it was acknowledged); dropping it',
            fields: { file: g.path, offset: decoded.goodLength },
          });
        } else {
          damage.push({ offset: decoded.goodLength, end: bytes.length, reason: 'incomplete record' });
        }
      }
      const entries: JournalEntry[] = decoded.entries;
      if (damage.length > 0) {
        const keptAs = await refusedName(fs, g.path, new Date(this.now()));
        try {
          await fs.copyFile(g.path, keptAs);
        } catch (e) {
          throw unavailable('cannot keep a copy of the damaged journal', g.path, e, NOT_STARTED);
        }
        const first = damage[0];
        const reason =
          `damaged record at offset ${first.offset}: ${first.reason}` +
          (damage.length > 1 ? ` (and ${damage.length - 1} more damaged parts)` : '') +
          `; ${entries.length} intact records before and after the damage are used`;
        report.refused.push({ path: g.path, keptAs, reason });
        notes.push({
          level: 'error',
          message: 'journal is damaged; a copy is kept aside and every intact record is used',
          fields: { file: g.path, kept_as: keptAs, err: reason },
        });
      }
      for (const entry of entries) {
        if (entry.seq <= lastSeq) continue;
        replay.push(entry.req);
        lastSeq = entry.seq;
      }
    }
    report.replayed = replay.length;
    this.journal = new Journal(fs, this.file, maxGen + 1, lastSeq);
    // Nothing is saved for this run yet: the first snapshot folds the journals in.
    // An imported Pushgateway file is rewritten in promkit's format by the first snapshot.
    this.savedSeq = gens.length === 0 && state !== undefined && !report.imported ? lastSeq : -1;
    return { state, replay, notes };
  }

  private opened(): Journal {
    if (!this.journal) throw new Error('local storage: load() first');
    return this.journal;
  }

  append(write: CommittedWrite): Promise<void> {
    return this.opened().append(write.request);
  }

  /** Whether the journal has grown enough that a snapshot is due. */
  wantsSnapshot(): boolean {
    return (this.journal?.bytes ?? 0) > COMPACT_BYTES;
  }

  /** Size of the current journal generation, queued records included. */
  get journalBytes(): number {
    return this.journal?.bytes ?? 0;
  }

  snapshot(state: () => LazyState): Promise<void> {
    const journal = this.opened();
    // Taken now (synchronously): the state and the journal position must match.
    const seq = journal.lastSeq;
    if (seq === this.savedSeq) return this.snapshotting ?? Promise.resolve();
    const lazy = state();
    const retiredGen = journal.rotate();
    const previous = this.snapshotting ?? Promise.resolve();
    const run = previous.then(async () => {
      try {
        await writeFileAtomic(this.fs, this.file, encodeSnapshot(seq, lazy, new Date(this.now())));
      } catch (e) {
        this.snapshotFailures++;
        throw e;
      }
      this.savedSeq = Math.max(this.savedSeq, seq);
      this.lastSnapshotMs = this.now();
      await journal.drain();
      for (const s of await siblings(this.fs, this.file, '.journal.')) {
        if (/^\d+$/.test(s.rest) && +s.rest <= retiredGen) await this.fs.unlink(s.path).catch(() => {});
      }
      await syncDir(this.fs, dirname(this.file));
    });
    const done = run.catch(() => {});
    this.snapshotting = done;
    void done.then(() => {
      if (this.snapshotting === done) this.snapshotting = undefined;
    });
    return run;
  }

  subscribe(): () => void {
    return () => {};
  }

  health(): StorageHealth {
    const down = this.journal?.down;
    return down ? { up: false, reason: down.message } : { up: true };
  }

  /** While writes fail, checks whether they would succeed now (see `Journal.probe`). */
  probe(): Promise<boolean> {
    return this.journal?.probe() ?? Promise.resolve(true);
  }

  async close(): Promise<void> {
    await this.snapshotting;
    await this.journal?.close();
  }
}
