// Local storage under injected file-system faults (ENOSPC, EIO, EACCES, torn
// writes, bit flips): nothing is visible or acknowledged before it is
// durable, a refused write changes nothing, the journal never holds a record
// after a torn one, and state that exists is never silently dropped.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { WriteRequest } from '../../../src/model/types.js';
import { OWN_FAMILIES } from '../../../src/gateway/telemetry/metrics.js';
import { openPersistence, type Writer } from '../../../src/gateway/writer.js';
import type { Logger } from '../../../src/gateway/telemetry/logger.js';
import { decodeJournal, encodeRecord, JOURNAL_MAGIC } from '../../../src/storage/local/journal-format.js';
import { createStore, StorageUnavailableError, type MetricStore } from '../../../src/store/index.js';
import { faultyFs, type Call } from './faulty-fs.js';

const dirs: string[] = [];
const writers: Writer[] = [];
afterEach(async () => {
  for (const w of writers.splice(0)) await w.close().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'promkit-faults-'));
  dirs.push(d);
  return join(d, 'state.json');
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  return { lines, debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
}

async function open(file: string, fs = faultyFs(), logger = recordingLogger()) {
  const store: MetricStore = createStore({ ownFamilies: OWN_FAMILIES });
  const { writer, report } = await openPersistence({ file, intervalMs: 3_600_000, store, logger, fs, probeMs: 20 });
  writers.push(writer);
  return { store, writer, report, fs, logger };
}

const put = (job: string, value: number, at = 1_700_000_000_000 + value): WriteRequest => ({
  grouping: [{ name: 'job', value: job }],
  mode: 'replace',
  receivedAt: at,
  families: [{ name: 'x', type: 'gauge', metrics: [{ labels: [], value }] }],
});

const del = (job: string): WriteRequest => ({ grouping: [{ name: 'job', value: job }], mode: 'delete', receivedAt: 1 });

function journalOf(file: string): string {
  const dir = join(file, '..');
  const names = readdirSync(dir).filter((n) => /^state\.json\.journal\.\d+$/.test(n));
  return join(dir, names.sort((a, b) => +a.split('.').pop()! - +b.split('.').pop()!).pop()!);
}

const onJournal = (call: Call, code: string) => (c: Call, path: string) =>
  c === call && path.includes('.journal.') ? code : undefined;

function jobs(store: MetricStore): string[] {
  return [...store.snapshot().groups.values()].map((g) => g.labels.find((l) => l.name === 'job')!.value).sort();
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

describe('durability under write faults', () => {
  test('regression: a full disk no longer loses acknowledged pushes (torn write cut back, later records readable)', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('before', 1));
    a.fs.fault = onJournal('write', 'ENOSPC');
    await expect(a.writer.submit(put('full', 2))).rejects.toBeInstanceOf(StorageUnavailableError);
    // Not visible: a refused write changes nothing.
    expect(jobs(a.store)).toEqual(['before']);
    expect(a.writer.health().up).toBe(false);
    a.fs.fault = () => undefined;
    const acknowledged = ['after1', 'after2', 'after3'];
    for (const [i, j] of acknowledged.entries()) await a.writer.submit(put(j, 10 + i));
    // The torn half record was cut away: the journal decodes cleanly to its end.
    const d = decodeJournal(readFileSync(journalOf(file)));
    expect(d.damage).toEqual([]);
    expect(d.tornTail).toBe(false);
    // A restart from disk (no shutdown) has every acknowledged push.
    const b = await open(file);
    expect(b.report.refused).toEqual([]);
    expect(jobs(b.store)).toEqual(['after1', 'after2', 'after3', 'before']);
  });

  test('regression: a DELETE answered with an error is not applied', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('keep', 1));
    a.fs.fault = onJournal('sync', 'EIO');
    await expect(a.writer.submit(del('keep'))).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(jobs(a.store)).toEqual(['keep']);
    a.fs.fault = () => undefined;
    const b = await open(file);
    expect(jobs(b.store)).toEqual(['keep']);
  });

  test('writes queued behind a failed one are refused too, and nothing of them is visible', async () => {
    const file = tempFile();
    const a = await open(file);
    a.fs.fault = onJournal('write', 'ENOSPC');
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => a.writer.submit(put(`j${i}`, i))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(jobs(a.store)).toEqual([]);
  });

  test('writes prepared while a failing batch was in flight are prepared again, never stored on top of it', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('base', 0));
    let failures = 1;
    a.fs.fault = (c, p) => (c === 'write' && p.includes('.journal.') && failures-- > 0 ? 'ENOSPC' : undefined);
    const first = a.writer.submit(del('base'));
    // Arrive while the first is in flight: prepared on top of the delete.
    await new Promise((r) => setImmediate(r));
    const later = [a.writer.submit(put('base', 5)), a.writer.submit(put('other', 6))];
    await expect(first).rejects.toBeInstanceOf(StorageUnavailableError);
    const results = await Promise.all(later);
    // Prepared again without the refused delete: `base` existed, so the PUT did not create it.
    expect(results.map((r) => r.ok && r.changed)).toEqual([false, true]);
    expect(jobs(a.store)).toEqual(['base', 'other']);
    const b = await open(file);
    expect(b.store.exportState()).toEqual(a.store.exportState());
  });

  test('storage health: down while writes fail, up again by itself when space returns, one log line per change', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('a', 1));
    a.fs.fault = onJournal('write', 'ENOSPC');
    await expect(a.writer.submit(put('b', 2))).rejects.toThrow(/ENOSPC/);
    await expect(a.writer.submit(put('c', 3))).rejects.toThrow(/ENOSPC/);
    expect(a.writer.health()).toMatchObject({ up: false });
    expect(a.writer.families().find((f) => f.name === 'promkit_storage_up')!.metrics[0].value).toBe(0);
    a.fs.fault = () => undefined;
    // No write needed: the probe finds the space back.
    await until(() => a.writer.health().up);
    await until(() => a.logger.lines.some((l) => l.startsWith('info storage is writable again')));
    expect(a.writer.families().find((f) => f.name === 'promkit_storage_up')!.metrics[0].value).toBe(1);
    expect(a.logger.lines.filter((l) => l.includes('storage cannot store writes'))).toHaveLength(1);
    expect(a.logger.lines.filter((l) => l.includes('storage is writable again'))).toHaveLength(1);
    await a.writer.submit(put('d', 4));
    expect(jobs(a.store)).toEqual(['a', 'd']);
  });

  test('regression: a snapshot that failed (full disk, SIGHUP) never blocks later ones (no EEXIST)', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('a', 1));
    a.fs.fault = (c) => (c === 'write' ? 'ENOSPC' : undefined);
    await a.writer.persist('SIGHUP');
    await expect(a.writer.submit(put('b', 2))).rejects.toThrow(/ENOSPC/);
    await a.writer.persist('SIGHUP');
    expect(a.logger.lines.filter((l) => l.startsWith('error could not save a snapshot'))).toHaveLength(2);
    a.fs.fault = () => undefined;
    await a.writer.submit(put('c', 3));
    await a.writer.persist('SIGHUP');
    expect(a.logger.lines.filter((l) => l.startsWith('error could not save a snapshot'))).toHaveLength(2);
    expect(a.logger.lines.filter((l) => l.startsWith('info metrics persisted'))).not.toHaveLength(0);
    expect(a.logger.lines.join('\n')).not.toContain('EEXIST');
    expect(readdirSync(join(file, '..')).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as { store: { groups: unknown[] } };
    expect(snap.store.groups).toHaveLength(2);
  });

  test('a failed journal truncate is retried before the next write', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('a', 1));
    a.fs.fault = (c, p) => (p.includes('.journal.') && (c === 'write' || c === 'truncate') ? 'EIO' : undefined);
    await expect(a.writer.submit(put('b', 2))).rejects.toThrow(/EIO/);
    a.fs.fault = () => undefined;
    await a.writer.submit(put('c', 3));
    const d = decodeJournal(readFileSync(journalOf(file)));
    expect(d.damage).toEqual([]);
    expect(d.entries.map((e) => e.req.grouping[0].value)).toEqual(['a', 'c']);
  });
});

describe('state files that exist but cannot be read or are damaged', () => {
  test('regression: an unreadable snapshot (EACCES) stops the start instead of starting empty', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('a', 1));
    await a.writer.close();
    const fs = faultyFs();
    fs.fault = (c, p) => (c === 'readFile' && p === file ? 'EACCES' : undefined);
    const err = await open(file, fs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(StorageUnavailableError);
    expect(err!.message).toMatch(
      /cannot read the state file .*EACCES.*refusing to start so that no stored metrics are lost/,
    );
    // Nothing was moved or rewritten.
    expect(readdirSync(join(file, '..')).filter((n) => n.includes('refused'))).toEqual([]);
    const b = await open(file);
    expect(jobs(b.store)).toEqual(['a']);
  });

  test('an unreadable journal (EIO) stops the start', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('a', 1));
    const fs = faultyFs();
    fs.fault = (c, p) => (c === 'readFile' && p.includes('.journal.') ? 'EIO' : undefined);
    await expect(open(file, fs)).rejects.toThrow(/cannot read the journal .*EIO/);
  });

  test('an unreadable directory stops the start', async () => {
    const file = tempFile();
    const fs = faultyFs();
    fs.fault = (c) => (c === 'readdir' ? 'EACCES' : undefined);
    await expect(open(file, fs)).rejects.toThrow(/cannot read the directory of .*EACCES/);
  });

  test('regression: an edited snapshot value no longer loads silently (checksum)', async () => {
    const file = tempFile();
    const a = await open(file);
    await a.writer.submit(put('a', 42));
    await a.writer.close();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"42"');
    writeFileSync(file, text.replace('"42"', '"43"'));
    await expect(open(file)).rejects.toThrow(/state file checksum mismatch .*edited or damaged/);
    expect(readFileSync(file, 'utf8')).toContain('"43"');
  });

  test('a version 1 snapshot and journal written by the previous format still load', async () => {
    const file = tempFile();
    const v1 = {
      format: 'promkit-gateway',
      version: 1,
      seq: 1,
      savedAt: '2024-01-01T00:00:00.000Z',
      store: {
        format: 'promkit-store',
        version: 1,
        groups: [{ labels: [['job', 'old']], families: [] }],
      },
    };
    writeFileSync(file, JSON.stringify(v1));
    // A version 1 record: u32 length | u32 crc32(payload) | payload.
    const v2 = encodeRecord(2, put('journaled', 7));
    const payload = v2.subarray(12);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(payload.length, 0);
    head.writeUInt32LE(crc32(payload), 4);
    writeFileSync(`${file}.journal.1`, Buffer.concat([Buffer.from('PROMKIT-JOURNAL 1\n'), head, payload]));
    const b = await open(file);
    expect(b.report.snapshotLoaded).toBe(true);
    expect(b.report.replayed).toBe(1);
    expect(jobs(b.store)).toEqual(['journaled', 'old']);
  });

  test('regression: a damaged length field no longer drops the records after it', async () => {
    const file = tempFile();
    const a = await open(file);
    for (let i = 0; i < 50; i++) await a.writer.submit(put(`g${i}`, i));
    const journal = journalOf(file);
    const bytes = Buffer.from(readFileSync(journal));
    // The length field of the 11th record.
    let o = JOURNAL_MAGIC.length;
    for (let i = 0; i < 10; i++) o += 12 + bytes.readUInt32LE(o + 4);
    bytes.writeUInt32LE(0x7fffffff, o + 4);
    writeFileSync(journal, bytes);
    const b = await open(file);
    expect(b.store.snapshot().groups.size).toBe(49);
    expect(jobs(b.store)).not.toContain('g10');
    expect(b.report.refused).toHaveLength(1);
    expect(readFileSync(b.report.refused[0].keptAs)).toEqual(bytes);
  });

  test('bit flips anywhere in a journal: every intact record is recovered, a copy of the damage kept', async () => {
    const file = tempFile();
    const a = await open(file);
    for (let i = 0; i < 20; i++) await a.writer.submit(put(`g${i}`, i));
    const journal = journalOf(file);
    const clean = readFileSync(journal);
    const d0 = decodeJournal(clean);
    let seed = 7;
    for (let trial = 0; trial < 20; trial++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const at = JOURNAL_MAGIC.length + (seed % (clean.length - JOURNAL_MAGIC.length));
      const bytes = Buffer.from(clean);
      bytes[at] ^= 1 << (seed % 8);
      const d = decodeJournal(bytes);
      // At most the one record holding the flipped bit is lost.
      expect(d.entries.length).toBeGreaterThanOrEqual(d0.entries.length - 1);
      for (const e of d.entries) expect(d0.entries.some((x) => x.seq === e.seq)).toBe(true);
    }
  });
});
