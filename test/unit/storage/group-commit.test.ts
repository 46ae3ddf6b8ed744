// Group commit of the local journal: writes that arrive together are made durable with one write and
// one sync, whether they come from one task or from several in the same turn of the event loop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { WriteRequest } from '../../../src/model/types.js';
import { openPersistence, type Writer } from '../../../src/gateway/writer.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import { createStore } from '../../../src/store/index.js';
import { faultyFs } from './faulty-fs.js';

const dirs: string[] = [];
const writers: Writer[] = [];
afterEach(async () => {
  for (const w of writers.splice(0)) await w.close().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const put = (job: string, value: number): WriteRequest => ({
  grouping: [{ name: 'job', value: job }],
  mode: 'replace',
  receivedAt: 1_700_000_000_000 + value,
  families: [{ name: 'x', type: 'gauge', metrics: [{ labels: [], value }] }],
});

/** A persisted store whose journal writes and syncs are listed in `calls`. */
async function open() {
  const dir = mkdtempSync(join(tmpdir(), 'promkit-group-commit-'));
  dirs.push(dir);
  const fs = faultyFs();
  const calls: string[] = [];
  fs.fault = (call, path) => {
    if (path.includes('.journal.') && (call === 'write' || call === 'sync')) calls.push(call);
    return undefined;
  };
  const store = createStore();
  const { writer } = await openPersistence({
    file: join(dir, 'state'),
    intervalMs: 3_600_000,
    store,
    logger: silentLogger,
    fs,
  });
  writers.push(writer);
  // The first record also creates the journal file (its magic is written and synced): not counted.
  expect((await writer.submit(put('warm', 0))).ok).toBe(true);
  calls.length = 0;
  return { store, writer, calls };
}

test('writes submitted from separate tasks of one turn are written and synced together', async () => {
  const { store, writer, calls } = await open();
  const results: Promise<{ ok: boolean }>[] = [];
  for (let i = 1; i <= 8; i++) {
    results.push(writer.submit(put(`job${i}`, i)));
    // The next request is read in another task of the same turn (its own microtask checkpoint).
    await Promise.resolve();
  }
  expect((await Promise.all(results)).every((r) => r.ok)).toBe(true);
  expect(calls).toEqual(['write', 'sync']);
  expect(store.snapshot().groups.size).toBe(9);
});

test('writes arriving while a batch is being synced go together in the next batch', async () => {
  const { writer, calls } = await open();
  const first = writer.submit(put('a', 1));
  // Wait until the first batch is being written, then submit more from separate tasks.
  while (calls.length === 0) await new Promise((r) => setImmediate(r));
  const more: Promise<{ ok: boolean }>[] = [];
  for (let i = 2; i <= 6; i++) {
    more.push(writer.submit(put(`b${i}`, i)));
    await Promise.resolve();
  }
  expect((await first).ok).toBe(true);
  expect((await Promise.all(more)).every((r) => r.ok)).toBe(true);
  expect(calls).toEqual(['write', 'sync', 'write', 'sync']);
});
