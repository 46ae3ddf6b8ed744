/**
 * The `etcd3` client (gRPC and protobuf modules, some 25 MB) is loaded only
 * when an etcd connection is made: a gateway on a local file never loads it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ count: 0, closed: 0 }));

vi.mock('etcd3', () => {
  loaded.count++;
  class Etcd3 {
    readonly kv = {
      range: async () => ({ kvs: [], header: { revision: '7' }, more: false }),
    };
    close(): void {
      loaded.closed++;
    }
  }
  return { Etcd3 };
});

const dir = mkdtempSync(join(tmpdir(), 'promkit-etcd-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the etcd client modules', () => {
  test('are not loaded by a gateway on a local file', async () => {
    const { createGateway, silentLogger } = await import('../../../src/gateway/index.js');
    const gw = createGateway({ config: { persistenceFile: join(dir, 'state') }, logger: silentLogger });
    await gw.start();
    await gw.stop();
    expect(loaded.count).toBe(0);
  });

  test('are loaded by the first etcd connection made, which then works', async () => {
    const { Etcd3Kv } = await import('../../../src/storage/etcd/etcd3-kv.js');
    const { ETCD_DEFAULTS } = await import('../../../src/storage/etcd/options.js');
    const kv = new Etcd3Kv({ ...ETCD_DEFAULTS, endpoints: ['127.0.0.1:1'] });
    expect(await kv.probe()).toBe('7');
    expect(loaded.count).toBe(1);
    await kv.close();
    expect(loaded.closed).toBe(1);
  });
});
