/**
 * The etcd backend and replica on an in-memory etcd: writes go through
 * compare-and-swap and come back through the watch; conflicts are prepared
 * again; a reload after compaction is applied at once (never half); an
 * outage refuses writes and turns the replica not ready.
 */
import { describe, expect, it } from 'vitest';
import type { WriteRequest } from '../../../src/model/types.js';
import { EtcdBackend } from '../../../src/storage/etcd/backend.js';
import { ETCD_DEFAULTS } from '../../../src/storage/etcd/options.js';
import { EtcdReplica } from '../../../src/storage/etcd/replica.js';
import { StorageUnavailableError } from '../../../src/store/backend.js';
import { createStore } from '../../../src/store/index.js';
import { FakeEtcd } from './fake-etcd.js';

function replica(etcd: FakeEtcd): EtcdReplica {
  const options = { ...ETCD_DEFAULTS, requestTimeoutMs: 2000 };
  return new EtcdReplica(createStore({ replicated: true }), new EtcdBackend(etcd.client(), options), () => {});
}

function put(job: string, body: string, at = 1e12): WriteRequest {
  return {
    grouping: [{ name: 'job', value: job }],
    mode: 'merge',
    families: [{ name: body, type: 'gauge', metrics: [{ labels: [], value: 1 }] }],
    receivedAt: at,
  };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('etcd backend on an in-memory etcd', () => {
  it('applies concurrent merges to one group one at a time, on both replicas', async () => {
    const etcd = new FakeEtcd();
    const a = replica(etcd);
    const b = replica(etcd);
    await Promise.all([a.started, b.started]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).submit(put('j', `f${i}`, 1e12 + i))),
    );
    for (const r of results) expect(r.ok).toBe(true);
    const text = a.store.snapshot().text();
    for (let i = 0; i < 10; i++) expect(text).toContain(`f${i}{instance="",job="j"} 1`);
    await until(() => b.store.snapshot().text() === text);
  });

  it('serves its own acknowledged write at once', async () => {
    const etcd = new FakeEtcd();
    const a = replica(etcd);
    await a.started;
    await a.submit(put('j', 'mine'));
    expect(a.store.snapshot().text()).toContain('mine{');
  });

  it('reloads after compaction and shows the new state at once, never half of it', async () => {
    const etcd = new FakeEtcd();
    const a = replica(etcd);
    const b = replica(etcd);
    await Promise.all([a.started, b.started]);
    for (let i = 0; i < 20; i++) await b.submit(put(`old${i}`, 'x'));
    await until(() => a.store.snapshot().groups.size === 20);
    etcd.pause(true);
    await Promise.all(Array.from({ length: 600 }, (_, i) => b.submit(put(`new${i}`, 'x')).catch(() => undefined)));
    // b's own writes wait for its paused watch: they time out, but they are committed.
    const seen: number[] = [];
    etcd.onPage = () => seen.push(a.store.snapshot().groups.size);
    etcd.compact();
    await until(() => a.store.snapshot().groups.size === 620);
    expect(seen.length).toBeGreaterThan(2);
    // Pages of both replicas' reloads: a shows the old state or the new one, nothing in between.
    expect(seen.filter((n) => n !== 20 && n !== 620)).toEqual([]);
    expect(seen.filter((n) => n === 20).length).toBeGreaterThan(2);
    expect(a.backend.health().up).toBe(true);
  }, 60_000);

  it('without etcd, writes are refused and change nothing; the replica is not ready', async () => {
    const etcd = new FakeEtcd();
    const a = replica(etcd);
    await a.started;
    await a.submit(put('j', 'before'));
    const text = a.store.snapshot().text();
    etcd.down = true;
    await expect(a.submit(put('j', 'after'))).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(a.store.snapshot().text()).toBe(text);
    await until(() => !a.ready);
    etcd.down = false;
    await until(() => a.ready);
  });
});
