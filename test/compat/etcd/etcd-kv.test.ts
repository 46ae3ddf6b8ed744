/**
 * The etcd client layer against a real 3-member etcd cluster on loopback:
 * transactions with a compare on the mod revision, paged reads at one
 * revision, watches in revision order, compaction cancelling a watch, and
 * a lost majority failing requests within the request timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Etcd3Kv } from '../../../src/storage/etcd/etcd3-kv.js';
import { groupRange } from '../../../src/storage/etcd/codec.js';
import type { WatchEvent } from '../../../src/storage/etcd/kv.js';
import { ETCD_DEFAULTS } from '../../../src/storage/etcd/options.js';
import { EtcdCluster, sleep } from '../../helpers/etcd-cluster.js';

let cluster: EtcdCluster;
let kv: Etcd3Kv;
const prefix = '/kvtest/';
const { start, end } = groupRange(prefix);
const key = (n: number): Buffer => Buffer.from(`${prefix}groups/k${String(n).padStart(3, '0')}`);

beforeAll(async () => {
  cluster = await EtcdCluster.start(3);
  kv = new Etcd3Kv({ ...ETCD_DEFAULTS, endpoints: cluster.endpoints, prefix, requestTimeoutMs: 2000 });
});
afterAll(async () => {
  await kv?.close();
  await cluster?.stop();
});

describe('etcd client layer', () => {
  it('commits only when the mod revision is the one prepared against', async () => {
    const first = await kv.txn([{ key: key(0), value: Buffer.from('a'), expect: '0' }]);
    expect(first.succeeded).toBe(true);
    const stale = await kv.txn([{ key: key(0), value: Buffer.from('b'), expect: '0' }]);
    expect(stale.succeeded).toBe(false);
    const fresh = await kv.txn([{ key: key(0), value: Buffer.from('c'), expect: first.revision }]);
    expect(fresh.succeeded).toBe(true);
    const page = await kv.range(key(0), Buffer.concat([key(0), Buffer.from([0])]), 10);
    expect(page.kvs.map((x) => x.value.toString())).toEqual(['c']);
    expect(page.kvs[0].modRevision).toBe(fresh.revision);
  });

  it('reads pages at one revision and watches the following revisions in order', async () => {
    for (let i = 1; i <= 25; i++) await kv.txn([{ key: key(i), value: Buffer.from(`v${i}`), expect: '0' }]);
    const first = await kv.range(start, end, 10);
    expect(first.more).toBe(true);
    // A write after the first page is not in the later pages read at the first page's revision.
    await kv.txn([{ key: key(26), value: Buffer.from('late'), expect: '0' }]);
    const keys = first.kvs.map((x) => x.key.toString());
    let page = first;
    while (page.more) {
      const from = Buffer.concat([page.kvs[page.kvs.length - 1].key, Buffer.from([0])]);
      page = await kv.range(from, end, 10, first.revision);
      keys.push(...page.kvs.map((x) => x.key.toString()));
    }
    expect(keys).toHaveLength(26);
    expect(keys).not.toContain(key(26).toString());

    const seen: WatchEvent[] = [];
    const w = await kv.watch(start, end, String(Number(first.revision) + 1), {
      onEvents: (evs) => seen.push(...evs),
      onError: () => {},
      onConnect: () => {},
      onDisconnect: () => {},
    });
    await kv.txn([{ key: key(27), value: Buffer.from('x'), expect: '0' }]);
    for (let i = 0; i < 100 && seen.length < 2; i++) await sleep(50);
    await w.close();
    expect(seen.map((e) => e.key.toString())).toEqual([key(26).toString(), key(27).toString()]);
  });

  it('cancels a watch whose start revision was compacted', async () => {
    const page = await kv.range(start, end, 1);
    const old = page.revision;
    await kv.txn([{ key: key(40), value: Buffer.from('x'), expect: '0' }]);
    await cluster.compact();
    const err = await new Promise<Error>((resolve) => {
      void kv.watch(start, end, old, {
        onEvents: () => {},
        onError: resolve,
        onConnect: () => {},
        onDisconnect: () => {},
      });
    });
    expect(err.message).toMatch(/canceled/);
  });

  it('fails requests within the timeout once the majority is lost, and recovers', async () => {
    const [a, b] = cluster.members;
    await cluster.kill(a);
    await cluster.kill(b);
    const t0 = Date.now();
    await expect(kv.probe()).rejects.toThrow();
    await expect(kv.txn([{ key: key(50), value: Buffer.from('x'), expect: '0' }])).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(30_000);
    cluster.restart(a);
    cluster.restart(b);
    await cluster.waitHealthy();
    let ok = false;
    for (let i = 0; i < 60 && !ok; i++)
      ok = await kv.probe().then(
        () => true,
        async () => (await sleep(500), false),
      );
    expect(ok).toBe(true);
    // The write refused meanwhile was not made.
    const page = await kv.range(key(50), Buffer.concat([key(50), Buffer.from([0])]), 1);
    expect(page.kvs).toHaveLength(0);
  });
});
