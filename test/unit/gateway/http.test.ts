// End-to-end checks over HTTP on 127.0.0.1 of what the differential scenarios
// cannot cover: promkit's own limits, basic auth and TLS from the web config,
// its own metrics, the status page, protobuf scrapes, graceful shutdown.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { parseWebConfig } from '../../../src/gateway/web-config.js';
import { decodeProtobuf, PROTOBUF_CONTENT_TYPE } from '../../../src/serialize/index.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

const tmp = mkdtempSync(join(tmpdir(), 'promkit-http-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('body size limit (--push.max-body-size)', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway(['--push.max-body-size=1KiB']);
  });
  afterAll(() => g.stop());
  const big = 'a_metric_with_a_long_name{label="value"} 1\n'.repeat(40);
  test.each([
    { name: 'declared length over the limit', step: { method: 'PUT', path: '/metrics/job/big', body: big } },
    {
      name: 'gzip body that inflates past the limit',
      step: {
        method: 'PUT',
        path: '/metrics/job/big',
        body: 'x'.repeat(100_000),
        gzip: true,
        headers: { 'Content-Encoding': 'gzip' },
      },
    },
  ])('$name: 413 with the limit in the message', async ({ step }) => {
    const r = await send(g.base, step);
    expect(r.status).toBe(413);
    expect(r.body.toString()).toBe('request body exceeds the limit of 1024 bytes (--push.max-body-size)\n');
  });
  test('a body within the limit is stored', async () => {
    const r = await send(g.base, { method: 'PUT', path: '/metrics/job/small', body: 'small 1\n' });
    expect(r.status).toBe(200);
  });
  test('the gzip body itself is limited too', async () => {
    const r = await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/big',
      bodyBase64: Buffer.alloc(5000, 1).toString('base64'),
      headers: { 'Content-Encoding': 'gzip' },
    });
    expect(r.status).toBe(413);
  });
});

describe('basic auth from --web.config.file', () => {
  let g: TestGateway;
  const auth = (user: string, pass: string) => ({
    Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
  });
  beforeAll(async () => {
    const file = join(tmp, 'web-auth.yml');
    writeFileSync(
      file,
      `basic_auth_users:\n  alice: ${bcrypt.hashSync('s3cret', 4)}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`,
    );
    g = await startTestGateway([`--web.config.file=${file}`]);
  });
  afterAll(() => g.stop());
  test.each([
    { name: 'no credentials', headers: {} },
    { name: 'wrong password', headers: auth('alice', 'nope') },
    { name: 'unknown user', headers: auth('bob', 's3cret') },
    { name: 'not basic', headers: { Authorization: 'Bearer x' } },
  ])('$name: 401', async ({ headers }) => {
    const r = await send(g.base, { method: 'GET', path: '/metrics', headers });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Basic');
    expect(r.body.toString()).toBe('Unauthorized\n');
  });
  test('right credentials: push and scrape work, configured headers are sent', async () => {
    const p = await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/auth',
      body: 'auth_ok 1\n',
      headers: auth('alice', 's3cret'),
    });
    expect(p.status).toBe(200);
    expect(p.headers['x-frame-options']).toBe('deny');
    const m = await send(g.base, { method: 'GET', path: '/metrics', headers: auth('alice', 's3cret') });
    expect(m.body.toString()).toContain('auth_ok{instance="",job="auth"} 1\n');
  });
});

describe('TLS from --web.config.file', () => {
  let g: TestGateway;
  let ca: Buffer;
  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(tmp, 'key.pem'),
        '-out',
        join(tmp, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    ca = Buffer.from(execFileSync('cat', [join(tmp, 'cert.pem')]));
    const file = join(tmp, 'web-tls.yml');
    writeFileSync(file, 'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n');
    g = await startTestGateway([`--web.config.file=${file}`]);
  });
  afterAll(() => g.stop());
  test('serves https with the configured certificate', async () => {
    expect(g.base.startsWith('https://')).toBe(true);
    const body = await new Promise<string>((resolve, reject) => {
      const u = new URL(g.base);
      const req = httpsRequest({ host: u.hostname, port: u.port, path: '/-/healthy', ca }, (res) => {
        let s = '';
        res.on('data', (c) => (s += c));
        res.on('end', () => resolve(`${res.statusCode} ${s}`));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('200 OK');
  });
});

describe('web config file errors', () => {
  test.each([
    { name: 'unknown top-level field', text: 'tls_config: {}\n', message: 'field tls_config not found in web.Config' },
    {
      name: 'unknown TLS field',
      text: 'tls_server_config:\n  certfile: x\n',
      message: 'field certfile not found in web.TLSStruct',
    },
    { name: 'cert without key', text: 'tls_server_config:\n  cert_file: x\n', message: 'missing key_file' },
    { name: 'key without cert', text: 'tls_server_config:\n  key_file: x\n', message: 'missing cert_file' },
    {
      name: 'bad client auth',
      text: 'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Maybe\n',
      message: 'Invalid ClientAuth: Maybe',
    },
    {
      name: 'CA without client auth',
      text: 'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n',
      message: "Client CA's have been configured without a Client Auth Policy",
    },
    {
      name: 'not a bcrypt hash',
      text: 'basic_auth_users:\n  alice: plain\n',
      message: 'basic_auth_users.alice is not a bcrypt hash',
    },
    {
      name: 'header not allowed',
      text: 'http_server_config:\n  headers:\n    Server: x\n',
      message: 'HTTP header "Server" can not be configured',
    },
    { name: 'invalid YAML', text: 'a: [\n', message: 'invalid YAML' },
    {
      name: 'missing TLS file',
      text: 'tls_server_config:\n  cert_file: /nonexistent/c\n  key_file: /nonexistent/k\n',
      message: 'failed to read cert_file /nonexistent/c',
    },
  ])('$name', ({ text, message }) => {
    expect(() => parseWebConfig(text, tmp)).toThrow(message);
  });
});

describe('own metrics, scrapes, status page', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway(['--web.enable-admin-api']);
    await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/own',
      body: '# HELP own_metric Mine.\nown_metric{k="v"} 3\n',
    });
    await send(g.base, { method: 'PUT', path: '/metrics/job/own', body: 'bad' });
    await send(g.base, { method: 'DELETE', path: '/metrics/job/gone' });
    await send(g.base, { method: 'GET', path: '/-/healthy' });
  });
  afterAll(() => g.stop());
  test.each([
    'pushgateway_http_requests_total{code="200",handler="push",method="put"} 1\n',
    'pushgateway_http_requests_total{code="400",handler="push",method="put"} 1\n',
    'pushgateway_http_requests_total{code="202",handler="delete",method="delete"} 1\n',
    'pushgateway_http_requests_total{code="200",handler="healthy",method="get"} 1\n',
    'pushgateway_http_push_duration_seconds_count{method="put"} 2\n',
    '# TYPE pushgateway_http_push_size_bytes summary\n',
    '# TYPE process_resident_memory_bytes gauge\n',
    '# TYPE pushgateway_build_info gauge\n',
  ])('/metrics has %j', async (line) => {
    const r = await send(g.base, { method: 'GET', path: '/metrics' });
    expect(r.body.toString()).toContain(line);
  });
  test('a protobuf scrape holds the same families as the text scrape', async () => {
    const text = (await send(g.base, { method: 'GET', path: '/metrics' })).body.toString();
    const r = await send(g.base, { method: 'GET', path: '/metrics', headers: { Accept: PROTOBUF_CONTENT_TYPE } });
    expect(r.headers['content-type']).toBe(PROTOBUF_CONTENT_TYPE);
    const names = decodeProtobuf(r.body).map((f) => f.name);
    const textNames = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    expect(names).toEqual(textNames);
    const own = decodeProtobuf(r.body).find((f) => f.name === 'own_metric')!;
    expect(own.metrics[0]).toMatchObject({
      value: 3,
      labels: [
        { name: 'instance', value: '' },
        { name: 'job', value: 'own' },
        { name: 'k', value: 'v' },
      ],
    });
  });
  test('a push of an own metric name with another type is refused', async () => {
    const r = await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/clash',
      body: '# TYPE process_open_fds counter\nprocess_open_fds 1\n',
    });
    expect(r.status).toBe(400);
    expect(r.body.toString()).toContain(
      'gathered metric family process_open_fds has type COUNTER but should have GAUGE',
    );
  });
  test('the status page lists the group with its delete path and the wipe button', async () => {
    const r = await send(g.base, { method: 'GET', path: '/' });
    const html = r.body.toString();
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html).toContain('<title>Prometheus Pushgateway</title>');
    expect(html).toContain('<span class="badge b-job">job="own"</span>');
    expect(html).toContain('data-path="metrics/job@base64/b3du="');
    expect(html).toMatch(/Delete All <span class="count" id="group-count">\d+<\/span> Groups/);
    expect(html).toContain('Last push failed!');
  });
});

describe('graceful shutdown', () => {
  test('a push in flight completes and is persisted; new connections are refused', async () => {
    const g = await startTestGateway();
    const u = new URL(g.base);
    const reply = new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: u.hostname, port: u.port, method: 'PUT', path: '/metrics/job/late' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write('late 1\n');
      // The rest of the body comes after the shutdown has begun.
      setTimeout(() => req.end('late2 2\n'), 300);
    });
    while (g.gw.inFlightRequests === 0) await new Promise((r) => setTimeout(r, 5));
    const done = g.gw.shutdown('test', 5000);
    expect(await reply).toBe(200);
    await done;
    await expect(send(g.base, { method: 'GET', path: '/-/healthy' }, 500)).rejects.toThrow();
    const state = JSON.parse(readFileSync(join(g.dir, 'state.json'), 'utf8')) as {
      store: { groups: { labels: string[][] }[] };
    };
    expect(state.store.groups.map((gr) => gr.labels)).toEqual([[['job', 'late']]]);
    rmSync(g.dir, { recursive: true, force: true });
  });
});

test('gzip-encoded push bodies of many members decode fully', async () => {
  const g = await startTestGateway();
  try {
    const body = Buffer.concat([gzipSync('m1 1\n'), gzipSync('m2 2\n')]).toString('base64');
    const r = await send(g.base, {
      method: 'PUT',
      path: '/metrics/job/multi',
      bodyBase64: body,
      headers: { 'Content-Encoding': 'gzip' },
    });
    expect(r.status).toBe(200);
    const m = (await send(g.base, { method: 'GET', path: '/metrics' })).body.toString();
    expect(m).toContain('m1{instance="",job="multi"} 1\n');
    expect(m).toContain('m2{instance="",job="multi"} 2\n');
  } finally {
    await g.stop();
  }
});
