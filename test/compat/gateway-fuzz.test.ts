/**
 * A bounded fuzz run against `promkit gateway` (in-process, on 127.0.0.1
 * with a free port and a persistence file): batches of generated requests
 * over paths, methods, headers, encodings (gzip, snappy, garbage claiming to
 * be either) and bodies (valid text, protobuf and OpenMetrics, random bytes,
 * forged snappy lengths, bombs). After every batch: no answer was a 5xx
 * (there is no storage fault here), the gateway still answers, its
 * `/metrics` parses with promkit's own parser, and the pushes accepted
 * before the run are intact. Fixed seed, printed.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger, startGateway, type Gateway } from '../../src/gateway/index.js';
import { parse } from '../../src/parse/index.js';
import { encodeProtobuf } from '../../src/serialize/index.js';
import { snappyBomb, snappyForgedLength, snappyFramed } from '../helpers/snappy-frames.js';

const SEED = 20261202;
const BATCHES = 20;
const PER_BATCH = 150;
const SENTINELS = 5;

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

interface Res {
  status: number;
  body: Buffer;
}

function send(base: URL, r: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, 'Content-Length': r.body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
      },
    );
    // The gateway may close a connection after refusing a large body before it was all sent.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: 0, body: Buffer.alloc(0) }) : reject(e),
    );
    req.end(r.body);
  });
}

const jobName = fc.constantFrom('a', 'b', 'fuzz', 'x y', 'é', '%2F', '..', '');
const labelSeg = fc.constantFrom('/instance/i1', '/env/prod', '/le/1', '/__name__/x', '/a@base64/', '/a/b/c', '');
const rawSeg = fc.stringMatching(/^[A-Za-z0-9%@./_~-]{0,12}$/);

const pathArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('/metrics/job/', '/metrics/job@base64/'), jobName, labelSeg)
      .map(([a, b, c]) => {
        return a + encodeURIComponent(b).replace(/%2F/g, '/') + c;
      }),
  },
  fc.constantFrom(
    '/metrics',
    '/-/healthy',
    '/-/ready',
    '/api/v1/status',
    '/api/v1/metrics',
    '/api/v1',
    '/api/v1/admin/wipe',
    '/status',
    '/',
    '/-/quit',
    '/static/x',
    '//metrics/job/a',
    '/metrics/job/',
    '/metrics/job/a/../b',
  ),
  rawSeg.map((s) => '/' + s),
);

const textBody = fc
  .array(
    fc.tuple(
      fc.constantFrom('up', 'x_total', 'h_bucket', 'go_gc_duration_seconds', 'push_time_seconds', 'a:b'),
      fc.constantFrom('', '{l="v"}', '{le="+Inf"}', '{a="1",a="2"}', '{instance="i"}'),
      fc.constantFrom('1', '0', 'NaN', '+Inf', '-1e308', 'x', '1 123'),
    ),
    { maxLength: 6 },
  )
  .chain((lines) =>
    fc
      .constantFrom('', '# TYPE up gauge\n', '# TYPE up counter\n', '# HELP up h\n')
      .map((head) => head + lines.map(([n, l, v]) => `${n}${l} ${v}\n`).join('')),
  );

const bodyArb: fc.Arbitrary<{ body: Buffer; contentType?: string; encoding?: string }> = fc.oneof(
  textBody.map((t) => ({ body: Buffer.from(t) })),
  textBody.map((t) => ({ body: gzipSync(t), encoding: 'gzip' })),
  textBody.map((t) => ({ body: snappyFramed(Buffer.from(t)), encoding: 'snappy' })),
  textBody.map((t) => ({
    body: Buffer.from(t + '# EOF\n'),
    contentType: 'application/openmetrics-text; version=1.0.0',
  })),
  fc.constantFrom('up', 'x').map((name) => ({
    body: Buffer.from(encodeProtobuf([{ name, type: 'gauge', help: 'h', metrics: [{ labels: [], value: 1 }] }])),
    contentType: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
  })),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({ body: Buffer.from(b) })),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({ body: Buffer.from(b), encoding: 'gzip' })),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({ body: Buffer.from(b), encoding: 'snappy' })),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({
    body: Buffer.from(b),
    contentType: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
  })),
  fc.constantFrom(2 ** 20, 2 ** 32, 2 ** 34).map((n) => ({ body: snappyForgedLength(n), encoding: 'snappy' })),
  fc.constant({ body: snappyBomb(2), encoding: 'snappy' }),
  fc.constant({ body: gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x23)), encoding: 'gzip' }),
);

const reqArb: fc.Arbitrary<Req> = fc
  .record({
    method: fc.constantFrom('PUT', 'PUT', 'POST', 'POST', 'GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
    path: pathArb,
    body: bodyArb,
    encodingCase: fc.constantFrom('as is', 'upper', 'br', 'none'),
    accept: fc.constantFrom(
      undefined,
      'application/openmetrics-text',
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
      '*/*',
    ),
    gzipAccepted: fc.boolean(),
    auth: fc.constantFrom(undefined, 'Basic Zm9vOmJhcg==', 'Bearer x', 'Basic !!!'),
  })
  .map((g) => {
    const headers: Record<string, string> = {};
    const enc = g.body.encoding;
    if (enc && g.encodingCase !== 'none')
      headers['Content-Encoding'] =
        g.encodingCase === 'upper' ? enc.toUpperCase() : g.encodingCase === 'br' ? 'br' : enc;
    if (g.body.contentType) headers['Content-Type'] = g.body.contentType;
    if (g.accept) headers.Accept = g.accept;
    if (g.gzipAccepted) headers['Accept-Encoding'] = 'gzip';
    if (g.auth) headers.Authorization = g.auth;
    return { method: g.method, path: g.path, headers, body: g.body.body };
  });

describe(`gateway fuzz run (seed ${SEED}, ${BATCHES} batches of ${PER_BATCH} requests)`, () => {
  let gw: Gateway;
  let base: URL;
  let dir: string;
  beforeAll(async () => {
    console.log(`gateway fuzz: fast-check seed ${SEED}`);
    dir = mkdtempSync(join(tmpdir(), 'promkit-fuzz-'));
    gw = await startGateway({
      config: {
        listenAddresses: ['127.0.0.1:0'],
        persistenceFile: join(dir, 'state'),
        maxBodyBytes: 1024 * 1024,
      },
      logger: silentLogger,
      onQuit: () => {},
    });
    base = new URL(gw.addresses[0].url);
  });
  afterAll(async () => {
    await gw?.shutdown('fuzz done', 1000);
    rmSync(dir, { recursive: true, force: true });
  });

  test('no 5xx, alive, /metrics parses, earlier pushes intact after every batch', async () => {
    for (let i = 0; i < SENTINELS; i++) {
      const r = await send(base, {
        method: 'PUT',
        path: `/metrics/job/sentinel${i}`,
        headers: {},
        body: Buffer.from(`sentinel_value ${i + 0.5}\n`),
      });
      expect(r.status).toBe(200);
    }
    const batches = fc.sample(fc.array(reqArb, { minLength: PER_BATCH, maxLength: PER_BATCH }), {
      seed: SEED,
      numRuns: BATCHES,
    });
    const statuses = new Map<number, number>();
    for (const [b, batch] of batches.entries()) {
      for (let i = 0; i < batch.length; i += 8) {
        const results = await Promise.all(batch.slice(i, i + 8).map((r) => send(base, r)));
        for (const [k, res] of results.entries()) {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const r = batch[i + k];
          if (res.status >= 500)
            expect.fail(
              `batch ${b}: ${r.method} ${r.path} ${JSON.stringify(r.headers)} (${r.body.length} bytes) → ${res.status} ${res.body.toString().slice(0, 200)}`,
            );
        }
      }
      expect((await send(base, { method: 'GET', path: '/-/healthy', headers: {}, body: Buffer.alloc(0) })).status).toBe(
        200,
      );
      const scrape = await send(base, { method: 'GET', path: '/metrics', headers: {}, body: Buffer.alloc(0) });
      expect(scrape.status).toBe(200);
      const families = parse(scrape.body);
      const sentinel = families.find((f) => f.name === 'sentinel_value');
      const values = new Map(sentinel?.metrics.map((m) => [m.labels.find((l) => l.name === 'job')?.value, m.value]));
      for (let i = 0; i < SENTINELS; i++) expect(values.get(`sentinel${i}`)).toBe(i + 0.5);
    }
    console.log(`gateway fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(gw.bodyBytesInFlight).toBe(0);
  });
});
