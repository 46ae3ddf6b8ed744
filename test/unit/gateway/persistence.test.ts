import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { WriteRequest } from '../../../src/model/types.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import { OWN_FAMILIES } from '../../../src/gateway/telemetry/metrics.js';
import { openPersistence } from '../../../src/gateway/writer.js';
import { decodeJournal, encodeRecord, JOURNAL_MAGIC } from '../../../src/storage/local/journal-format.js';
import { createStore, type MetricStore } from '../../../src/store/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'promkit-persist-'));
  dirs.push(d);
  return join(d, 'state.json');
}

function newStore(): MetricStore {
  return createStore({ ownFamilies: OWN_FAMILIES });
}

async function open(file: string, store = newStore()) {
  const { writer, report } = await openPersistence({ file, intervalMs: 60_000, store, logger: silentLogger });
  return { store, writer, report };
}

const job = (j: string, extra: [string, string][] = []) => [
  { name: 'job', value: j },
  ...extra.map(([name, value]) => ({ name, value })),
];

const WRITES: WriteRequest[] = [
  {
    grouping: job('a'),
    mode: 'replace',
    receivedAt: 1_700_000_000_123,
    families: [
      { name: 'x', type: 'counter', help: 'An x.', metrics: [{ labels: [{ name: 'k', value: 'v' }], value: 1.5 }] },
    ],
  },
  {
    grouping: job('b', [['instance', 'i1']]),
    mode: 'replace',
    receivedAt: 1_700_000_001_000,
    families: [{ name: 'y', type: 'gauge', metrics: [{ labels: [], value: -0 }] }],
  },
  {
    grouping: job('a'),
    mode: 'merge',
    receivedAt: 1_700_000_002_000,
    families: [
      {
        name: 'z',
        type: 'summary',
        metrics: [{ labels: [], summary: { count: 2, sum: 3, quantiles: [{ quantile: 0.5, value: NaN }] } }],
      },
    ],
  },
  // A refused push still records its failure time.
  {
    grouping: job('b', [['instance', 'i1']]),
    mode: 'replace',
    receivedAt: 1_700_000_003_000,
    families: [{ name: 'x', type: 'gauge', metrics: [{ labels: [], value: 2 }] }],
  },
  {
    grouping: job('c'),
    mode: 'replace',
    receivedAt: 1_700_000_004_000,
    families: [{ name: 'w', type: 'untyped', metrics: [{ labels: [], value: 7 }] }],
  },
  { grouping: job('c'), mode: 'delete', receivedAt: 1_700_000_005_000 },
];

async function applyAll(submit: (r: WriteRequest) => Promise<unknown>): Promise<void> {
  for (const w of WRITES) await submit(w);
}

/** The store's content as exported state (exact: times, floats as Go strings). */
function content(store: MetricStore): unknown {
  return store.exportState();
}

describe('journal records', () => {
  test.each(WRITES.map((w, i) => ({ i, w })))('record $i round-trips', ({ i, w }) => {
    const buf = Buffer.concat([JOURNAL_MAGIC, encodeRecord(i + 1, w)]);
    const d = decodeJournal(buf);
    expect(d.damage).toEqual([]);
    expect(d.tornTail).toBe(false);
    expect(d.entries).toHaveLength(1);
    expect(d.entries[0].seq).toBe(i + 1);
    const r = d.entries[0].req;
    expect(r.mode).toBe(w.mode);
    expect(r.receivedAt).toBe(w.receivedAt);
    expect(r.grouping).toEqual(w.grouping);
    expect((r.families ?? []).map((f) => f.name)).toEqual((w.families ?? []).map((f) => f.name));
  });

  test.each([
    { name: 'cut inside the header', cut: (one: Buffer, two: Buffer) => two.subarray(0, one.length + 3), kept: 1 },
    { name: 'cut inside the payload', cut: (_one: Buffer, two: Buffer) => two.subarray(0, two.length - 5), kept: 1 },
    {
      name: 'zeros after the last record',
      cut: (_one: Buffer, two: Buffer) => Buffer.concat([two, Buffer.alloc(64)]),
      kept: 2,
    },
    {
      name: 'zeros instead of the last record',
      cut: (one: Buffer, two: Buffer) => Buffer.concat([one, Buffer.alloc(two.length - one.length)]),
      kept: 1,
    },
    { name: 'last record flipped', cut: (_one: Buffer, two: Buffer) => flip(two, two.length - 2), kept: 1 },
  ])('torn tail: $name', ({ cut, kept }) => {
    const one = Buffer.concat([JOURNAL_MAGIC, encodeRecord(1, WRITES[0])]);
    const two = Buffer.concat([one, encodeRecord(2, WRITES[1])]);
    const d = decodeJournal(cut(one, two));
    expect(d.tornTail).toBe(true);
    expect(d.damage).toEqual([]);
    expect(d.entries.map((e) => e.seq)).toEqual(kept === 1 ? [1] : [1, 2]);
    expect(d.goodLength).toBe(kept === 1 ? one.length : two.length);
  });

  test('a damaged record is skipped and the records after it are read', () => {
    const a = Buffer.concat([JOURNAL_MAGIC, encodeRecord(1, WRITES[0])]);
    const b = Buffer.concat([a, encodeRecord(2, WRITES[1])]);
    const all = Buffer.concat([b, encodeRecord(3, WRITES[2])]);
    const d = decodeJournal(flip(all, a.length + 20));
    expect(d.damage).toEqual([{ offset: a.length, end: b.length, reason: 'checksum mismatch' }]);
    expect(d.entries.map((e) => e.seq)).toEqual([1, 3]);
    expect(d.tornTail).toBe(false);
  });

  test.each([
    { name: 'another version', bytes: Buffer.from('PROMKIT-JOURNAL 3\n'), message: 'unsupported journal version "3"' },
    { name: 'not a journal', bytes: Buffer.from('hello world, this is not it'), message: 'not a promkit journal file' },
  ])('refuses $name', ({ bytes, message }) => {
    expect(() => decodeJournal(bytes)).toThrow(message);
  });
});

function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] ^= 0xff;
  return c;
}

describe('persistence', () => {
  test('a clean shutdown and restart restore the exact content', async () => {
    const file = tempFile();
    const a = await open(file);
    await applyAll((r) => a.writer.submit(r));
    const before = content(a.store);
    await a.writer.close();
    const b = await open(file);
    expect(b.report).toMatchObject({ snapshotLoaded: true, replayed: 0, refused: [], tornTail: false });
    expect(content(b.store)).toEqual(before);
    await b.writer.close();
  });

  test('without a shutdown the journal alone restores every acknowledged write', async () => {
    const file = tempFile();
    const a = await open(file);
    await applyAll((r) => a.writer.submit(r));
    const before = content(a.store);
    // No close(): as after kill -9, only the journal and the first snapshot are on disk.
    const b = await open(file);
    expect(b.report.replayed).toBe(WRITES.length);
    expect(content(b.store)).toEqual(before);
    await b.writer.close();
  });

  test('a snapshot plus the journal written after it', async () => {
    const file = tempFile();
    const a = await open(file);
    for (const w of WRITES.slice(0, 3)) await a.writer.submit(w);
    await a.writer.persist('test');
    for (const w of WRITES.slice(3)) await a.writer.submit(w);
    const before = content(a.store);
    const b = await open(file);
    expect(b.report).toMatchObject({ snapshotLoaded: true, replayed: WRITES.length - 3 });
    expect(content(b.store)).toEqual(before);
    await b.writer.close();
  });

  test('a torn last record (a crash during a write) is dropped, the rest restored', async () => {
    const file = tempFile();
    const a = await open(file);
    await applyAll((r) => a.writer.submit(r));
    const before = content(a.store);
    const journal = journals(file).pop()!;
    appendFileSync(journal, encodeRecord(99, WRITES[0]).subarray(0, 20));
    const b = await open(file);
    expect(b.report).toMatchObject({ tornTail: true, replayed: WRITES.length, refused: [] });
    expect(content(b.store)).toEqual(before);
    await b.writer.close();
  });

  test('a damaged journal is copied aside; the intact records before and after the damage are kept', async () => {
    const file = tempFile();
    const a = await open(file);
    await applyAll((r) => a.writer.submit(r));
    const journal = journals(file).pop()!;
    const bytes = readFileSync(journal);
    const damaged = flip(bytes, JOURNAL_MAGIC.length + 14);
    writeFileSync(journal, damaged);
    const b = await open(file);
    expect(b.report.replayed).toBe(WRITES.length - 1);
    expect(b.report.refused).toHaveLength(1);
    expect(b.report.refused[0].reason).toContain('damaged record at offset 18: checksum mismatch');
    expect(readFileSync(b.report.refused[0].keptAs)).toEqual(damaged);
    await b.writer.close();
  });

  test.each([
    {
      name: 'truncated JSON',
      bytes: Buffer.from('{"format":"promkit-gateway","vers'),
      reason: 'state file is not valid JSON',
    },
    {
      name: 'a Pushgateway gob file',
      bytes: Buffer.from([0x0e, 0xff, 0x81, 0x04, 0x01, 0x02, 0xff, 0x82]),
      reason: 'not a promkit gateway state file',
    },
    {
      name: 'an unknown version',
      bytes: Buffer.from('{"format":"promkit-gateway","version":3,"seq":0,"store":{}}'),
      reason: 'state file has version 3; this build reads versions 1 and 2',
    },
    {
      name: 'a version 2 file without its checksum',
      bytes: Buffer.from('{"format":"promkit-gateway","version":2,"seq":0,"store":{}}'),
      reason: 'state file has no checksum',
    },
    {
      name: 'another format',
      bytes: Buffer.from('{"format":"other","version":1}'),
      reason: 'state file has format "other"',
    },
    {
      name: 'a bad store state',
      bytes: Buffer.from(
        '{"format":"promkit-gateway","version":1,"seq":0,"store":{"format":"promkit-store","version":1,"groups":[{"labels":[["job",""]],"families":[]}]}}',
      ),
      reason: 'job name is required',
    },
  ])('an unusable state file ($name) stops the start and is left unchanged', async ({ bytes, reason }) => {
    const file = tempFile();
    writeFileSync(file, bytes);
    const err = await open(file).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(reason);
    expect(err?.message).toContain('refusing to start so that no stored metrics are lost');
    expect(readFileSync(file)).toEqual(bytes);
    expect(readdirSync(join(file, '..')).filter((n) => n.includes('refused'))).toEqual([]);
  });

  test('a missing directory is an error at start', async () => {
    const file = join(tempFile(), 'missing', 'state.json');
    await expect(open(file)).rejects.toThrow(/ENOENT/);
  });

  test('compaction deletes the journal generations the snapshot covers', async () => {
    const file = tempFile();
    const a = await open(file);
    await applyAll((r) => a.writer.submit(r));
    expect(journals(file)).toHaveLength(1);
    await a.writer.persist('test');
    // The next generation is created by its first write.
    expect(journals(file)).toEqual([]);
    await a.writer.close();
    expect(existsSync(file)).toBe(true);
  });
});

function journals(file: string): string[] {
  const dir = join(file, '..');
  return readdirSync(dir)
    .filter((n) => /^state\.json\.journal\.\d+$/.test(n))
    .sort((x, y) => +x.split('.').pop()! - +y.split('.').pop()!)
    .map((n) => join(dir, n));
}
