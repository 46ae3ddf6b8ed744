// The gateway with its persistence file on a real, small tmpfs (2 MiB) that
// runs full: pushes are refused with 503 and never visible or half-applied,
// `/-/ready` and `promkit_storage_up` say so, a DELETE is applied exactly
// when acknowledged, the storage recovers by itself once space is freed, and a restart
// from the files has exactly the acknowledged pushes. Needs root (mount);
// skipped with a message otherwise.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { send } from '../../scripts/gen-gateway-fixtures.lib.mjs';
import { silentLogger } from '../../src/gateway/telemetry/logger.js';
import { startGateway, type Gateway } from '../../src/gateway/gateway.js';
import { gatewayConfig } from '../../src/gateway/config/config.js';
import {
  groupJobs as jobs,
  mountTmpfs,
  paddedPush as body,
  storageUp,
  takeFreeSpace,
  unmountTmpfs,
} from '../helpers/full-disk.js';

const dir = mkdtempSync(join(tmpdir(), 'promkit-tmpfs-'));
let mounted = false;

beforeAll(() => {
  const why = mountTmpfs(dir, '2m');
  mounted = why === undefined;
  if (why !== undefined) console.log(`skipping the tmpfs storage test: ${why}`);
});

const started: Gateway[] = [];

afterAll(async () => {
  for (const gw of started) await gw.shutdown('test done', 1000).catch(() => {});
  if (mounted) unmountTmpfs(dir);
  rmSync(dir, { recursive: true, force: true });
});

async function start(file: string): Promise<{ gw: Gateway; base: string }> {
  const gw = await startGateway({
    config: gatewayConfig({ listenAddresses: ['127.0.0.1:0'], persistenceFile: file }),
    logger: silentLogger,
  });
  started.push(gw);
  return { gw, base: gw.addresses[0].url };
}

describe('persistence on a full tmpfs', () => {
  test('no acknowledged push is lost, no refused write is applied, recovery without a restart', async (ctx) => {
    if (!mounted) ctx.skip();
    const file = join(dir, 'state.json');
    const filler = join(dir, 'filler');
    const a = await start(file);
    const acked: string[] = [];
    await send(a.base, { method: 'PUT', path: '/metrics/job/keep', body: body(0) });
    acked.push('keep');
    // Leave a little room, then push until the disk is full.
    writeFileSync(filler, Buffer.alloc(1_900_000));
    let refused = 0;
    for (let i = 1; i <= 300 && refused < 5; i++) {
      const r = await send(a.base, { method: 'PUT', path: `/metrics/job/j${i}`, body: body(i) });
      if (r.status < 300) acked.push(`j${i}`);
      else {
        expect(r.status).toBe(503);
        refused++;
      }
    }
    expect(refused).toBe(5);
    expect((await send(a.base, { method: 'GET', path: '/-/ready' })).status).toBe(503);
    expect(await storageUp(a.base)).toBe('0');
    // Refused pushes are not served; a refused DELETE is not applied.
    expect(await jobs(a.base)).toEqual([...acked].sort());
    // Take the last free bytes too, so that even a small DELETE record cannot be written.
    const rest = join(dir, 'rest');
    expect(takeFreeSpace(rest)).toBe(true);
    // A DELETE is applied exactly when it is acknowledged (a small record can still fit in the
    // journal's last page, so either answer is possible here).
    const d = await send(a.base, { method: 'DELETE', path: '/metrics/job/keep' });
    expect([202, 503]).toContain(d.status);
    if (d.status === 202) acked.splice(acked.indexOf('keep'), 1);
    expect(await jobs(a.base)).toEqual([...acked].sort());

    // Space comes back: the storage recovers by itself.
    unlinkSync(filler);
    unlinkSync(rest);
    for (let i = 0; i < 100 && (await send(a.base, { method: 'GET', path: '/-/ready' })).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await send(a.base, { method: 'GET', path: '/-/ready' })).status).toBe(200);
    expect(await storageUp(a.base)).toBe('1');
    const r = await send(a.base, { method: 'PUT', path: '/metrics/job/after', body: body(999) });
    expect(r.status).toBeLessThan(300);
    acked.push('after');
    await a.gw.shutdown('test', 1000);

    const b = await start(file);
    expect(await jobs(b.base)).toEqual([...acked].sort());
    await b.gw.shutdown('test', 1000);
  });
});
