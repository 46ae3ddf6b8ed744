/**
 * The etcd storage and the local store are two implementations of one
 * contract: the same write sequences (PUT, POST, DELETE, refused pushes)
 * driven through a plain store and through a replica on etcd give the same
 * results and the same exposition, and a second replica loading the etcd
 * state afterwards shows it too.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Label, MetricFamily, MetricType, WriteRequest } from '../../../src/model/types.js';
import { EtcdBackend, GroupTooLargeError } from '../../../src/storage/etcd/backend.js';
import { Etcd3Kv } from '../../../src/storage/etcd/etcd3-kv.js';
import { ETCD_DEFAULTS, type EtcdOptions } from '../../../src/storage/etcd/options.js';
import { EtcdReplica } from '../../../src/storage/etcd/replica.js';
import { createStore } from '../../../src/store/index.js';
import { EtcdCluster } from '../../helpers/etcd-cluster.js';

const SEED = 1717;
const OWN = [{ name: 'go_threads', type: 'gauge' as const, help: 'Number of OS threads created.' }];
let cluster: EtcdCluster;

beforeAll(async () => {
  cluster = await EtcdCluster.start(1);
});
afterAll(async () => {
  await cluster?.stop();
});

const groupingArb: fc.Arbitrary<Label[]> = fc
  .record({ job: fc.constantFrom('a', 'b', 'c'), zone: fc.option(fc.constantFrom('z1', 'z2'), { nil: undefined }) })
  .map(({ job, zone }) =>
    zone
      ? [
          { name: 'job', value: job },
          { name: 'zone', value: zone },
        ]
      : [{ name: 'job', value: job }],
  );

/** Names with their usual type; HELP is fixed per name (replicas choose HELP by group key, see docs/ha.md). */
const NAMES: [string, MetricType][] = [
  ['n', 'gauge'],
  ['k', 'counter'],
  ['m', 'summary'],
  ['m_count', 'untyped'],
  ['go_threads', 'gauge'],
];

const familyArb: fc.Arbitrary<MetricFamily> = fc
  .tuple(fc.constantFrom(...NAMES), fc.constantFrom<MetricType>('gauge', 'counter', 'untyped', 'summary'), fc.boolean())
  .chain(([[name, usual], other, keep]) => {
    const type = keep ? usual : other;
    return fc
      .array(fc.tuple(fc.constantFrom('1', '2'), fc.constantFrom(0, 1, 2.5), fc.boolean()), { maxLength: 2 })
      .map((ms) => ({
        name,
        type,
        help: `help of ${name}`,
        metrics: ms.map(([x, v, stamped]) => {
          const m =
            type === 'summary'
              ? { labels: [{ name: 'x', value: x }], summary: { count: 1, sum: v, quantiles: [] } }
              : { labels: [{ name: 'x', value: x }], value: v };
          return stamped && v === 2.5 ? { ...m, timestampMs: 5 } : m;
        }),
      }));
  });

const writeArb: fc.Arbitrary<Omit<WriteRequest, 'receivedAt'>> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      grouping: groupingArb,
      mode: fc.constant<'replace'>('replace'),
      families: fc.array(familyArb, { maxLength: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      grouping: groupingArb,
      mode: fc.constant<'merge'>('merge'),
      families: fc.array(familyArb, { maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ grouping: groupingArb, mode: fc.constant<'delete'>('delete') }) },
);

function replicaOn(prefix: string, maxRequestBytes: number = ETCD_DEFAULTS.maxRequestBytes): EtcdReplica {
  const options: EtcdOptions = { ...ETCD_DEFAULTS, endpoints: cluster.endpoints, prefix, maxRequestBytes };
  const store = createStore({ ownFamilies: OWN, replicated: true });
  return new EtcdReplica(store, new EtcdBackend(new Etcd3Kv(options), options), () => {});
}

describe(`etcd storage against the local store (seed ${SEED})`, () => {
  test('same writes, same results, same exposition', async () => {
    console.log(`fast-check seed ${SEED}`);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 10 }), async (writes) => {
        const prefix = `/prop/${run++}/`;
        const local = createStore({ ownFamilies: OWN });
        const replica = replicaOn(prefix);
        await replica.started;
        try {
          let at = 1_795_543_401_000;
          for (const w of writes) {
            const req = { ...w, receivedAt: (at += 1000) } as WriteRequest;
            const expected = await local.submit(req);
            expect(await replica.submit(req)).toEqual(expected);
          }
          const text = local.snapshot().text();
          expect(replica.store.snapshot().text()).toBe(text);
          const second = replicaOn(prefix);
          await second.started;
          expect(second.store.snapshot().text()).toBe(text);
          await second.close();
        } finally {
          await replica.close();
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('etcd writes', () => {
  const family = (name: string, n: number): MetricFamily => ({
    name,
    type: 'gauge',
    metrics: Array.from({ length: n }, (_, i) => ({ labels: [{ name: 'i', value: `series-${i}-${name}` }], value: i })),
  });

  test('concurrent POST merges to one group from two replicas are applied one at a time', async () => {
    const a = replicaOn('/merge/');
    const b = replicaOn('/merge/');
    await Promise.all([a.started, b.started]);
    try {
      const grouping = [{ name: 'job', value: 'j' }];
      const writes = Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).submit({ grouping, mode: 'merge', families: [family(`f${i}`, 1)], receivedAt: 1e12 + i }),
      );
      for (const r of await Promise.all(writes)) expect(r.ok).toBe(true);
      const names = (r: EtcdReplica): string[] =>
        [...[...r.store.snapshot().groups.values()][0].families.keys()].filter((n) => n.startsWith('f')).sort();
      expect(names(a)).toHaveLength(12);
      for (let i = 0; i < 50 && names(b).length < 12; i++) await new Promise((r) => setTimeout(r, 100));
      expect(names(b)).toEqual(names(a));
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a group over the request limit is refused with the limit named, and nothing is stored', async () => {
    const r = replicaOn('/large/', 4096);
    await r.started;
    try {
      const write: WriteRequest = {
        grouping: [{ name: 'job', value: 'big' }],
        mode: 'replace',
        families: [family('big', 2000)],
        receivedAt: 1e12,
      };
      const err = await r.submit(write).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GroupTooLargeError);
      expect((err as Error).message).toMatch(/request limit of 4096 bytes/);
      expect(r.store.snapshot().groups.size).toBe(0);
      const small = await r.submit({ ...write, families: [family('small', 2)] });
      expect(small.ok).toBe(true);
    } finally {
      await r.close();
    }
  });
});
