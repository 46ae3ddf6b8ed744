import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { decodeSnappyBlock, SnappyError } from '../../../src/gateway/http/snappy.js';
import { snappyBomb, snappyForgedLength, snappyFramed } from '../../helpers/snappy-frames.js';
import { startFeatureGateway, type FeatureGateway } from './features/helpers.js';

/** Sends raw bytes (fetch would refuse some of these headers). */
function send(
  base: string,
  method: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname,
        headers: { ...headers, 'Content-Length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'promkit-body-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let g: FeatureGateway | undefined;
afterEach(async () => {
  await g?.stop();
  g = undefined;
});

describe('snappy: forged lengths are 400, never 500 or a large allocation', () => {
  test('a block claiming 16 GiB is refused before anything is allocated', () => {
    const src = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x40, 0x00, 0x41]);
    expect(() => decodeSnappyBlock(src)).toThrow(SnappyError);
  });

  test('over HTTP: a chunk claiming 2^34 bytes is 400 snappy: corrupt input', async () => {
    g = await startFeatureGateway({});
    const r = await send(g.base, 'PUT', '/metrics/job/x', snappyForgedLength(2 ** 34), {
      'Content-Encoding': 'snappy',
    });
    expect([r.status, r.body]).toEqual([400, 'snappy: corrupt input\n']);
    expect((await g.req('GET', '/-/healthy')).status).toBe(200);
  });
});

describe('bodies are decoded after routing and authorization, limited by their decoded size', () => {
  test('a snappy body on a push route without credentials is refused 401 before it is decoded', async () => {
    const file = join(tmp, 'auth.yml');
    writeFileSync(
      file,
      `users:\n  - username: alice\n    password: '${bcrypt.hashSync('pw', 4)}'\n    push: ['{job="x"}']\n`,
    );
    g = await startFeatureGateway({ authFile: file });
    // Corrupt as snappy: decoding it first would answer 400.
    const r = await send(g.base, 'PUT', '/metrics/job/x', Buffer.from('not snappy at all'), {
      'Content-Encoding': 'snappy',
    });
    expect(r.status).toBe(401);
  });

  test('a route without a body never decodes one', async () => {
    g = await startFeatureGateway({});
    const r = await send(g.base, 'GET', '/-/healthy', Buffer.from('not snappy at all'), {
      'Content-Encoding': 'snappy',
    });
    expect([r.status, r.body]).toEqual([200, 'OK']);
  });

  test('a 16 MiB snappy bomb is refused at the decoded limit (413), and the gateway keeps serving', async () => {
    g = await startFeatureGateway({}, { maxBodyBytes: 1024 * 1024 });
    const bomb = snappyBomb(16);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r = await send(g.base, 'PUT', '/metrics/job/x', bomb, { 'Content-Encoding': 'snappy' });
    expect([r.status, r.body]).toEqual([
      413,
      'request body exceeds the limit of 1048576 bytes (--push.max-body-size)\n',
    ]);
    expect(g.gw.features).toBeUndefined();
    expect((await g.req('PUT', '/metrics/job/y', 'a 1\n')).status).toBe(200);
  });

  test('a 16 MiB gzip bomb is refused at the decoded limit (413)', async () => {
    g = await startFeatureGateway({}, { maxBodyBytes: 1024 * 1024 });
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x23));
    const r = await send(g.base, 'PUT', '/metrics/job/x', bomb, { 'Content-Encoding': 'gzip' });
    expect(r.status).toBe(413);
    expect((await g.req('PUT', '/metrics/job/y', 'a 1\n')).status).toBe(200);
  });

  test('a snappy push within the limits is stored', async () => {
    g = await startFeatureGateway({});
    const r = await send(g.base, 'PUT', '/metrics/job/x', snappyFramed(Buffer.from('a 1\nb 2\n')), {
      'Content-Encoding': 'snappy',
    });
    expect(r.status).toBe(200);
    expect((await g.req('GET', '/metrics')).body).toContain('b{instance="",job="x"} 2');
  });

  test('decoded bytes in flight across requests are capped: beyond the cap, 503 with a message and Retry-After', async () => {
    g = await startFeatureGateway({}, { maxBytesInFlight: 1000 });
    const body = Buffer.from(`a{x="${'y'.repeat(2000)}"} 1\n`);
    const r = await send(g.base, 'PUT', '/metrics/job/x', body, {});
    expect(r.status).toBe(503);
    expect(r.body).toContain('--push.max-bytes-in-flight');
    expect(r.headers['retry-after']).toBe('1');
    // Bytes are given back when a response closes: a small push still goes through.
    expect((await g.req('PUT', '/metrics/job/y', 'a 1\n')).status).toBe(200);
  });
});

describe('the budget is shared', () => {
  let shared: FeatureGateway;
  beforeAll(async () => {
    shared = await startFeatureGateway({}, { maxBytesInFlight: 4096 });
  });
  afterAll(() => shared.stop());
  test('many small pushes at once within the budget all succeed, and the budget is whole again after', async () => {
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => shared.req('PUT', `/metrics/job/j${i}`, `a ${i}\n`)),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(20).fill(200));
    await new Promise((r) => setTimeout(r, 50));
    expect(shared.gw.bodyBytesInFlight).toBe(0);
  });
});
