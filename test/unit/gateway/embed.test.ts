import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createGateway, silentLogger } from '../../../src/gateway/index.js';

const dir = mkdtempSync(join(tmpdir(), 'promkit-embed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server of the embedder's own: `/own` is theirs, everything else goes to the gateway. */
async function mount(handler: ReturnType<typeof createGateway>['handler']): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/own') res.end('mine');
    else handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('createGateway: the gateway mounted in a server of your own', () => {
  test('serves the Pushgateway API next to your routes, and keeps what it acknowledged across a stop and start', async () => {
    const options = { config: { persistenceFile: join(dir, 'state') }, logger: silentLogger };
    const first = createGateway(options);
    const { server, base } = await mount(first.handler);
    try {
      const early = await fetch(`${base}/metrics`);
      expect([early.status, early.headers.get('retry-after')]).toEqual([503, '1']);
      await first.start();
      expect(await (await fetch(`${base}/own`)).text()).toBe('mine');
      expect((await fetch(`${base}/metrics/job/embedded`, { method: 'PUT', body: 'up 1\n' })).status).toBe(200);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('up{instance="",job="embedded"} 1');
      await first.stop();
      expect((await fetch(`${base}/metrics`)).status).toBe(503);
    } finally {
      server.close();
    }
    const second = createGateway(options);
    const again = await mount(second.handler);
    try {
      await second.start();
      expect(await (await fetch(`${again.base}/metrics`)).text()).toContain('up{instance="",job="embedded"} 1');
      expect(second.gateway?.addresses).toEqual([]);
    } finally {
      await second.stop();
      again.server.close();
    }
  });
});
