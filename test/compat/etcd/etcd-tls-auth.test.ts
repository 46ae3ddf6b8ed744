/**
 * The client options against a real etcd member: TLS with a client
 * certificate verified by the member and a CA verifying the member, and
 * user/password authentication with the password read from a file.
 * Certificates are made with openssl for the test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Etcd3Kv } from '../../../src/storage/etcd/etcd3-kv.js';
import { ETCD_DEFAULTS, type EtcdOptions } from '../../../src/storage/etcd/options.js';
import { ETCD_BIN, sleep } from '../../helpers/etcd-cluster.js';
import { freePort } from '../../helpers/net.js';

let dir: string;
let etcd: ChildProcess | undefined;
let url: string;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promkit-etcd-tls-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  for (const name of ['server', 'client']) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      'san.ext',
    );
  }
  url = `https://127.0.0.1:${await freePort()}`;
  const peer = `http://127.0.0.1:${await freePort()}`;
  etcd = spawn(
    ETCD_BIN,
    [
      '--name=t',
      `--data-dir=${join(dir, 'data')}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=t=${peer}`,
      `--cert-file=${join(dir, 'server.pem')}`,
      `--key-file=${join(dir, 'server.key')}`,
      `--trusted-ca-file=${join(dir, 'ca.pem')}`,
      '--client-cert-auth',
      '--log-level=error',
    ],
    { stdio: 'ignore' },
  );
  const ctl = (...args: string[]): string =>
    execFileSync(
      'etcdctl',
      [
        `--endpoints=${url}`,
        `--cacert=${join(dir, 'ca.pem')}`,
        `--cert=${join(dir, 'client.pem')}`,
        `--key=${join(dir, 'client.key')}`,
        ...args,
      ],
      { env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf8' },
    );
  for (let i = 0; ; i++) {
    try {
      ctl('endpoint', 'health');
      break;
    } catch (e) {
      if (i > 100) throw e;
      await sleep(200);
    }
  }
  ctl('user', 'add', 'root:rootpw');
  ctl('user', 'grant-role', 'root', 'root');
  ctl('user', 'add', 'promkit:s3cret');
  ctl('role', 'add', 'promkit');
  ctl('role', 'grant-permission', 'promkit', '--prefix=true', 'readwrite', '/secure/');
  ctl('user', 'grant-role', 'promkit', 'promkit');
  ctl('auth', 'enable');
  writeFileSync(join(dir, 'password'), 's3cret\n');
}, 120_000);

afterAll(() => {
  etcd?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function options(extra: Partial<EtcdOptions>): EtcdOptions {
  return {
    ...ETCD_DEFAULTS,
    endpoints: [url],
    prefix: '/secure/',
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'client.pem'),
    keyFile: join(dir, 'client.key'),
    requestTimeoutMs: 3000,
    dialTimeoutMs: 3000,
    ...extra,
  };
}

describe('etcd client options', () => {
  it('writes over TLS with a client certificate as an authenticated user', async () => {
    const kv = new Etcd3Kv(options({ username: 'promkit', passwordFile: join(dir, 'password') }));
    try {
      const r = await kv.txn([{ key: Buffer.from('/secure/groups/a'), value: Buffer.from('v'), expect: '0' }]);
      expect(r.succeeded).toBe(true);
      await kv.probe();
    } finally {
      await kv.close();
    }
  });

  it('is refused without credentials once authentication is on', async () => {
    const kv = new Etcd3Kv(options({}));
    try {
      await expect(
        kv.txn([{ key: Buffer.from('/secure/groups/c'), value: Buffer.from('v'), expect: '0' }]),
      ).rejects.toThrow(/user name is empty|permission denied/i);
    } finally {
      await kv.close();
    }
  });

  it('is refused with a wrong password', async () => {
    writeFileSync(join(dir, 'wrong'), 'nope\n');
    const kv = new Etcd3Kv(options({ username: 'promkit', passwordFile: join(dir, 'wrong') }));
    try {
      await expect(
        kv.txn([{ key: Buffer.from('/secure/groups/b'), value: Buffer.from('v'), expect: '0' }]),
      ).rejects.toThrow(/authentication failed|invalid/i);
    } finally {
      await kv.close();
    }
  });
});
