import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuthConfigError, Authorizer, parseAuthConfig, type Access } from '../../../../src/gateway/features/auth.js';
import { startFeatureGateway, type FeatureGateway } from './helpers.js';

const hash = bcrypt.hashSync('s3cret', 4);
const AUTH = `
tokens:
  - name: ci
    token_sha256: ${createHash('sha256').update('ci-token').digest('hex')}
    push: ['{job=~"batch-.*"}']
  - name: reader
    token: read-token
    read: true
users:
  - username: alice
    password: '${hash}'
    push: ['{job="nightly",env!="prod"}']
    admin: true
anonymous:
  read: false
`;
const bearer = (t: string) => `Bearer ${t}`;
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const push = (o: Record<string, string>): Access => ({
  kind: 'push',
  grouping: Object.entries(o).map(([name, value]) => ({ name, value })),
});

describe('Authorizer (library)', () => {
  const auth = new Authorizer(parseAuthConfig(AUTH));
  test.each([
    {
      name: 'token pushes to its jobs',
      header: bearer('ci-token'),
      access: push({ job: 'batch-1' }),
      expected: { ok: true, principal: 'ci' },
    },
    {
      name: 'token refused other jobs',
      header: bearer('ci-token'),
      access: push({ job: 'web' }),
      expected: { ok: false, status: 403, message: 'ci may not push to {job="web"}; it may push to {job=~"batch-.*"}' },
    },
    {
      name: 'token cannot read without the right',
      header: bearer('ci-token'),
      access: { kind: 'read' } as Access,
      expected: { ok: false, status: 403, message: 'ci may not read' },
    },
    {
      name: 'reader reads',
      header: bearer('read-token'),
      access: { kind: 'read' } as Access,
      expected: { ok: true, principal: 'reader' },
    },
    {
      name: 'reader cannot push',
      header: bearer('read-token'),
      access: push({ job: 'batch-1' }),
      expected: { ok: false, status: 403, message: 'reader may not push to {job="batch-1"}; it may not push anywhere' },
    },
    {
      name: 'user with matching grouping',
      header: basic('alice', 's3cret'),
      access: push({ job: 'nightly', env: 'dev' }),
      expected: { ok: true, principal: 'alice' },
    },
    {
      name: 'admin may push anywhere',
      header: basic('alice', 's3cret'),
      access: push({ job: 'web' }),
      expected: { ok: true, principal: 'alice' },
    },
    {
      name: 'wrong password',
      header: basic('alice', 'nope'),
      access: { kind: 'read' } as Access,
      expected: { ok: false, status: 401, message: 'invalid credentials' },
    },
    {
      name: 'unknown token',
      header: bearer('x'),
      access: { kind: 'read' } as Access,
      expected: { ok: false, status: 401, message: 'invalid credentials' },
    },
    {
      name: 'anonymous needs credentials',
      header: undefined,
      access: push({ job: 'batch-1' }),
      expected: { ok: false, status: 401, message: 'credentials required to push to {job="batch-1"}' },
    },
    {
      name: 'open routes need nothing',
      header: undefined,
      access: { kind: 'open' } as Access,
      expected: { ok: true, principal: 'anyone' },
    },
    {
      name: 'admin only for admins',
      header: bearer('read-token'),
      access: { kind: 'admin' } as Access,
      expected: { ok: false, status: 403, message: 'reader may not use admin endpoints' },
    },
  ])('$name', async ({ header, access, expected }) => {
    expect(await auth.authorize(header, access)).toEqual(expected);
  });

  test.each([
    { name: 'unknown field', text: 'user: []', message: 'unknown field "user"' },
    {
      name: 'bad selector',
      text: "tokens: [{token: a, push: ['{job=x}']}]",
      message: 'tokens[0].push[0]: invalid matcher at char 6',
    },
    {
      name: 'plain password',
      text: 'users: [{username: a, password: pw}]',
      message: 'users[0].password: want a bcrypt hash',
    },
    { name: 'token missing', text: 'tokens: [{name: a}]', message: 'tokens[0]: want token_sha256' },
    {
      name: 'read not boolean',
      text: 'tokens: [{token: a, read: yes please}]',
      message: 'tokens[0].read: want true or false',
    },
  ])('refuses a file with $name', ({ text, message }) => {
    expect(() => parseAuthConfig(text)).toThrow(AuthConfigError);
    expect(() => parseAuthConfig(text)).toThrow(message);
  });
});

describe('per-job authorization over HTTP', () => {
  let g: FeatureGateway;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-auth-'));
    writeFileSync(join(dir, 'auth.yml'), AUTH);
    g = await startFeatureGateway({ authFile: join(dir, 'auth.yml'), deleteByMatcher: true }, { enableAdminApi: true });
  });
  afterAll(() => g.stop());

  test.each([
    { name: 'push allowed', method: 'PUT', path: '/metrics/job/batch-1', auth: bearer('ci-token'), status: 200 },
    { name: 'push to another job', method: 'PUT', path: '/metrics/job/web', auth: bearer('ci-token'), status: 403 },
    {
      name: 'base64 job is checked decoded',
      method: 'PUT',
      path: '/metrics/job@base64/d2Vi',
      auth: bearer('ci-token'),
      status: 403,
    },
    {
      name: 'delete of an allowed group',
      method: 'DELETE',
      path: '/metrics/job/batch-1',
      auth: bearer('ci-token'),
      status: 202,
    },
    { name: 'no credentials', method: 'PUT', path: '/metrics/job/batch-1', auth: undefined, status: 401 },
    { name: 'read with the read token', method: 'GET', path: '/metrics', auth: bearer('read-token'), status: 200 },
    { name: 'read without rights', method: 'GET', path: '/api/v1/metrics', auth: bearer('ci-token'), status: 403 },
    { name: 'health is open', method: 'GET', path: '/-/healthy', auth: undefined, status: 200 },
    { name: 'wipe needs admin', method: 'PUT', path: '/api/v1/admin/wipe', auth: bearer('read-token'), status: 403 },
    {
      name: 'delete by matcher needs admin',
      method: 'DELETE',
      path: `/api/v1/groups?match[]=${encodeURIComponent('{job="x"}')}`,
      auth: basic('alice', 's3cret'),
      status: 200,
    },
  ])('$name → $status', async ({ method, path, auth, status }) => {
    const headers: Record<string, string> = auth ? { Authorization: auth } : {};
    const r = await g.req(method, path, method === 'PUT' && path.startsWith('/metrics') ? 'a 1\n' : undefined, headers);
    expect(r.status).toBe(status);
    if (status === 403 && path.startsWith('/metrics/job'))
      expect(r.body).toBe('ci may not push to {job="web"}; it may push to {job=~"batch-.*"}\n');
  });
});
