import { readFile, truncate, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MetricFamily, WriteRequest } from '../../model/types.js';
import type { MetricStore, SubmitResult } from '../../store/index.js';
import { importPushgatewayState, isPushgatewayState } from '../../storage/pushgateway/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { Writer } from '../writer.js';
import { exists, fsyncDirSync, keepCopy, setAside, siblings, writeFileAtomic } from './fs-util.js';
import { Journal } from './journal.js';
import { decodeJournal, type JournalEntry } from './record.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-format.js';

/**
 * Crash-safe persistence for `--persistence.file=<file>`:
 *
 * - every write is appended to the journal `<file>.journal.<gen>` and
 *   fdatasync'ed before its reply (group commit), then applied;
 * - every `--persistence.interval` (when something was written), on SIGHUP,
 *   when the journal passes {@link COMPACT_BYTES}, and at shutdown, the
 *   store is saved as a snapshot to `<file>` (temp file, fsync, rename,
 *   directory fsync) and the journal generations it covers are deleted;
 * - at start the snapshot is loaded and the journal replayed on top of it.
 *
 * A Pushgateway 1.x persistence file (Go gob) is imported: its groups are
 * loaded, the original is kept as `<file>.pushgateway-1.x`, and the first
 * snapshot writes promkit's format to `<file>`.
 *
 * A snapshot or journal that cannot be read (damaged, unknown format or
 * version, a Pushgateway file this build cannot import) is never overwritten: it is renamed to
 * `<name>.refused-<time>`, the reason is logged at error level, and the
 * gateway starts from what could be read. A journal whose last record was
 * cut short by a crash (a write never acknowledged) is read up to it.
 */

/** Journal size that triggers a compaction before the interval is up. */
export const COMPACT_BYTES = 64 * 1024 * 1024;

/** What {@link DurableWriter.restore} did, for logging and tests. */
export interface RestoreReport {
  /** Groups in the store after restoring. */
  groups: number;
  /** Whether a snapshot was loaded. */
  snapshotLoaded: boolean;
  /** Journal records replayed on top of it. */
  replayed: number;
  /** Files set aside, with the reason. */
  refused: { path: string; keptAs: string; reason: string }[];
  /** A torn last record was dropped (an unacknowledged write cut by a crash). */
  tornTail: boolean;
  /** A Pushgateway 1.x file was imported: where its original is kept, and how many groups it held. */
  imported?: { keptAs: string; groups: number };
}

/** Suffix of the copy kept of an imported Pushgateway 1.x persistence file. */
export const PUSHGATEWAY_COPY_SUFFIX = '.pushgateway-1.x';

function immediate(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A {@link Writer} with a journal and snapshots. Create it with {@link openPersistence}. */
export class DurableWriter implements Writer {
  private journal!: Journal;
  private savedSeq = 0;
  private compacting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private lastSnapshotMs = 0;
  private snapshotFailures = 0;

  private constructor(
    private readonly file: string,
    private readonly intervalMs: number,
    private readonly store: MetricStore,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Restores `store` from `file` and its journal, then opens a fresh journal generation. See {@link openPersistence}. */
  static async open(options: PersistenceOptions): Promise<{ writer: DurableWriter; report: RestoreReport }> {
    const w = new DurableWriter(
      options.file,
      options.intervalMs,
      options.store,
      options.logger,
      options.now ?? Date.now,
    );
    const report = await w.restore();
    return { writer: w, report };
  }

  private async restore(): Promise<RestoreReport> {
    const report: RestoreReport = { groups: 0, snapshotLoaded: false, replayed: 0, refused: [], tornTail: false };
    const refuse = async (path: string, reason: string): Promise<void> => {
      const keptAs = await setAside(path);
      report.refused.push({ path, keptAs, reason });
      this.logger.error('could not load persisted metrics; the file is kept aside and not used', {
        file: path,
        kept_as: keptAs,
        err: reason,
      });
    };
    // Leftovers of a snapshot write cut by a crash.
    for (const t of await siblings(this.file, '.tmp-')) await unlink(t.path).catch(() => {});

    const gens = (await siblings(this.file, '.journal.'))
      .filter((s) => /^\d+$/.test(s.rest))
      .map((s) => ({ path: s.path, gen: +s.rest }))
      .sort((a, b) => a.gen - b.gen);
    const maxGen = gens.length > 0 ? gens[gens.length - 1].gen : 0;

    let snapSeq = 0;
    let usable = true;
    if (await exists(this.file)) {
      try {
        const bytes = await readFile(this.file);
        if (isPushgatewayState(bytes)) {
          report.imported = await this.importPushgateway(bytes);
        } else {
          const doc = decodeSnapshot(bytes);
          this.store.importState(doc.store);
          snapSeq = doc.seq;
          report.snapshotLoaded = true;
        }
      } catch (e) {
        await refuse(this.file, (e as Error).message);
        usable = false;
      }
    }
    let lastSeq = snapSeq;
    for (let k = 0; k < gens.length; k++) {
      const g = gens[k];
      if (!usable) {
        await refuse(g.path, 'journal of a state file that could not be loaded');
        continue;
      }
      let entries: JournalEntry[];
      let damage;
      try {
        const decoded = decodeJournal(await readFile(g.path));
        entries = decoded.entries;
        damage = decoded.damage;
        if (damage?.kind === 'torn-tail' && k === gens.length - 1) {
          report.tornTail = true;
          this.logger.warn(
            'journal ends with an incomplete record (a write cut short before it was acknowledged); dropping it',
            {
              file: g.path,
              offset: damage.offset,
            },
          );
          await truncate(g.path, decoded.goodLength);
          damage = undefined;
        }
      } catch (e) {
        await refuse(g.path, (e as Error).message);
        usable = false;
        continue;
      }
      for (const entry of entries) {
        if (entry.seq <= lastSeq) continue;
        await this.store.submit(entry.req);
        lastSeq = entry.seq;
        report.replayed++;
      }
      if (damage) {
        const reason =
          damage.kind === 'corrupt'
            ? `damaged record at offset ${damage.offset}: ${damage.reason}`
            : `incomplete record at offset ${damage.offset}`;
        await refuse(g.path, `${reason}; ${entries.length} records before it were replayed`);
        usable = false;
      }
    }
    this.journal = new Journal(this.file, maxGen + 1, lastSeq);
    this.savedSeq = report.snapshotLoaded && report.replayed === 0 && gens.length === 0 ? lastSeq : -1;
    report.groups = this.store.snapshot().groups.size;
    // Fold what was replayed into a fresh snapshot and drop the old generations.
    await this.compact('restore');
    this.timer = setInterval(
      () => {
        if (this.journal.lastSeq !== this.savedSeq) void this.persist('interval');
      },
      Math.max(this.intervalMs, 1000),
    );
    this.timer.unref();
    return report;
  }

  /**
   * Loads a Pushgateway 1.x persistence file into the store and keeps it,
   * byte for byte, as `<file>.pushgateway-1.x` before the first snapshot
   * replaces it with promkit's format. Throws (the store unchanged) when
   * the file cannot be read; the message names the field.
   */
  private async importPushgateway(bytes: Buffer): Promise<{ keptAs: string; groups: number }> {
    let state;
    try {
      state = importPushgatewayState(bytes);
      this.store.importState(state);
    } catch (e) {
      throw new Error(`Pushgateway 1.x state file could not be imported: ${(e as Error).message}`, { cause: e });
    }
    const keptAs = await keepCopy(this.file, PUSHGATEWAY_COPY_SUFFIX, bytes);
    this.logger.info('imported a Pushgateway 1.x persistence file; the original is kept, promkit format from now on', {
      file: this.file,
      kept_as: keptAs,
      groups: state.groups.length,
    });
    return { keptAs, groups: state.groups.length };
  }

  submit(req: WriteRequest): Promise<SubmitResult> {
    if (this.closed) return Promise.reject(new Error('the gateway is shutting down'));
    const durable = this.journal.append(req);
    const applied = this.store.submit(req);
    if (this.journal.bytes > COMPACT_BYTES && !this.compacting) void this.persist('journal size');
    return Promise.all([applied, durable]).then(([r]) => r);
  }

  persist(reason: string): Promise<void> {
    return this.compact(reason).catch((e: unknown) => {
      this.snapshotFailures++;
      this.logger.error('could not write the persistence file; the journal keeps every write', {
        file: this.file,
        err: (e as Error).message,
      });
    });
  }

  /** Writes a snapshot of everything journaled so far and deletes the journal generations it covers. */
  private compact(reason: string): Promise<void> {
    if (this.compacting) return this.compacting.then(() => this.compact(reason));
    const run = async (): Promise<void> => {
      // At the start of a macrotask every submitted write has been applied.
      await immediate();
      while (this.store.pendingWrites > 0) await immediate();
      const seq = this.journal.lastSeq;
      if (seq === this.savedSeq) return;
      // Encoded group by group while it is written: the whole state is never held at once.
      const state = this.store.exportStateLazily();
      const retiredGen = this.journal.rotate();
      await writeFileAtomic(this.file, encodeSnapshot(seq, state, new Date(this.now())));
      this.savedSeq = seq;
      this.lastSnapshotMs = this.now();
      await this.journal.drain();
      for (const s of await siblings(this.file, '.journal.')) {
        if (/^\d+$/.test(s.rest) && +s.rest <= retiredGen) await unlink(s.path).catch(() => {});
      }
      fsyncDirSync(dirname(this.file));
      this.logger.info('metrics persisted', { file: this.file, reason, groups: state.count });
    };
    this.compacting = run().finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.persist('shutdown');
    await this.journal.close();
  }

  families(): MetricFamily[] {
    const fams: MetricFamily[] = [
      {
        name: 'pushgateway_persistence_journal_bytes',
        help: 'Size of the current journal generation in bytes.',
        type: 'gauge',
        metrics: [{ labels: [], value: this.journal.bytes }],
      },
      {
        name: 'pushgateway_persistence_snapshot_failures_total',
        help: 'Snapshots of the store that could not be written.',
        type: 'counter',
        metrics: [{ labels: [], value: this.snapshotFailures }],
      },
      {
        name: 'pushgateway_persistence_snapshot_timestamp_seconds',
        help: 'Unix time of the last snapshot of the store written to the persistence file.',
        type: 'gauge',
        metrics: [{ labels: [], value: this.lastSnapshotMs / 1000 }],
      },
    ];
    return fams;
  }
}

/** Options of {@link openPersistence}. */
export interface PersistenceOptions {
  /** `--persistence.file`. */
  file: string;
  /** `--persistence.interval`, in milliseconds. */
  intervalMs: number;
  /** The (empty) store to restore into. */
  store: MetricStore;
  logger: Logger;
  now?: () => number;
}

/**
 * Restores the store from the persistence file and its journal, and
 * returns the writer that keeps them up to date. Files that cannot be
 * used are set aside and reported, never overwritten.
 */
export function openPersistence(
  options: PersistenceOptions,
): Promise<{ writer: DurableWriter; report: RestoreReport }> {
  return DurableWriter.open(options);
}
