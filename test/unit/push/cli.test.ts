import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runPush, type PushDeps } from '../../../src/cli/commands/push.js';
import type { CliIO } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';
import { startFeatureGateway, type FeatureGateway } from '../gateway/features/helpers.js';

function fakeIO(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readInput: async (p) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file ${p}`);
      return new TextEncoder().encode(files[p]);
    },
    isTTY: false,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('promkit push against promkit gateway on 127.0.0.1', () => {
  let g: FeatureGateway;
  beforeAll(async () => {
    g = await startFeatureGateway({ ttlHeader: true });
  });
  afterAll(() => g.stop());
  const metrics = async () => (await fetch(`${g.base}/metrics`)).text();

  test('pushes a file under --job and --label, through the COMMANDS registry', async () => {
    const t = fakeIO({ 'm.prom': '# TYPE done_total counter\ndone_total 4\n' });
    expect(await main(['push', g.base, '--job', 'cli', '--label', 'instance=h 1', '--gzip', 'm.prom'], t.io)).toBe(0);
    expect(t.out()).toBe(`PUT ${g.base}/metrics/job/cli/instance/h%201: 200\n`);
    expect(await metrics()).toContain('done_total{instance="h 1",job="cli"} 4');
  });

  test('grouping from a full push URL; --method post keeps other families', async () => {
    const t = fakeIO({ a: 'a 1\n', b: 'b 2\n' });
    expect(await runPush([`${g.base}/metrics/job/url/zone/z`, 'a', '--quiet'], t.io)).toBe(0);
    expect(await runPush([`${g.base}/metrics/job/url/zone/z`, '--method', 'post', 'b', '--quiet'], t.io)).toBe(0);
    const m = await metrics();
    expect(m).toContain('a{instance="",job="url",zone="z"} 1');
    expect(m).toContain('b{instance="",job="url",zone="z"} 2');
    expect(t.out()).toBe('');
  });

  test('lint errors stop the push before sending; --force sends and shows the gateway refusal', async () => {
    const t = fakeIO({ ts: 'stamped 1 1700000000000\n' });
    expect(await runPush([g.base, '--job', 'ts', 'ts'], t.io)).toBe(1);
    expect(t.err()).toMatch(/^ts:1:\d+: error PUSH_TIMESTAMP /m);
    expect(t.err()).toContain('not sent: 1 error the gateway would reject (--force sends anyway)');
    expect(await metrics()).not.toContain('job="ts"');
    const f = fakeIO({ ts: 'stamped 1 1700000000000\n' });
    expect(await runPush([g.base, '--job', 'ts', '--force', 'ts'], f.io)).toBe(1);
    expect(f.err()).toContain(
      'the gateway refused the PUT (HTTP 400): pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps',
    );
    expect(f.err()).not.toContain('MISSING_HELP');
  });

  test('a consistency refusal (4xx) shows the gateway body and exits 1', async () => {
    const t = fakeIO({ c: '# TYPE clash counter\nclash 1\n', d: '# TYPE clash gauge\nclash 1\n' });
    expect(await runPush([g.base, '--job', 'c1', 'c', '--quiet'], t.io)).toBe(0);
    expect(await runPush([g.base, '--job', 'c2', 'd'], t.io)).toBe(1);
    expect(t.err()).toContain(
      'the gateway refused the PUT (HTTP 400): pushed metrics are invalid or inconsistent with existing metrics: ',
    );
  });

  test('an unreachable gateway is retried with backoff, then exit 4', async () => {
    const port = await closedPort();
    const t = fakeIO({ m: 'a 1\n' });
    const slept: number[] = [];
    const code = await runPush([`http://127.0.0.1:${port}`, '--job', 'x', '--retries', '2', 'm'], t.io, {
      sleep: async (ms) => void slept.push(ms),
      random: () => 0,
    });
    expect(code).toBe(4);
    expect(slept).toEqual([500, 1000]);
    expect(t.err()).toContain('giving up after 3 attempts: ECONNREFUSED');
  });

  test('--every --exec pushes on schedule with an injected clock, then --delete-on-exit deletes the group', async () => {
    const clock = { t: 0 };
    const ac = new AbortController();
    let runs = 0;
    const deps: PushDeps = {
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
      stop: ac.signal,
      exec: async (cmd) => {
        runs++;
        expect(cmd).toBe('print-metrics');
        if (runs === 3) ac.abort();
        return new TextEncoder().encode(`# TYPE runs_total counter\nruns_total ${runs}\n`);
      },
    };
    const t = fakeIO();
    const seen: string[] = [];
    const wrapped: PushDeps = {
      ...deps,
      exec: async (c) => {
        const r = await deps.exec!(c);
        seen.push(`${clock.t}`);
        return r;
      },
    };
    const code = await runPush(
      [g.base, '--job', 'every', '--every', '15s', '--exec', 'print-metrics', '--delete-on-exit'],
      t.io,
      wrapped,
    );
    expect(code).toBe(0);
    expect(seen).toEqual(['0', '15000', '30000']);
    expect(t.out().split('\n').filter(Boolean)).toEqual([
      `PUT ${g.base}/metrics/job/every: 200`,
      `PUT ${g.base}/metrics/job/every: 200`,
      `PUT ${g.base}/metrics/job/every: 200`,
      `DELETE ${g.base}/metrics/job/every: 202`,
    ]);
    expect(await metrics()).not.toContain('job="every"');
  });

  test('--ttl sends the Promkit-TTL header', async () => {
    const t = fakeIO({ m: 'a 1\n' });
    expect(await runPush([g.base, '--job', 'ttl', '--ttl', '90s', 'm', '--quiet'], t.io)).toBe(0);
    const body = await metrics();
    expect(body).toMatch(/promkit_group_expiry_timestamp_seconds\{job="ttl"\} /);
  });
});

describe('promkit push usage errors (exit 2)', () => {
  test.each([
    { name: 'no URL', argv: [], message: 'missing the gateway URL' },
    { name: 'no job', argv: ['http://h'], message: 'a job is required' },
    { name: 'bad label', argv: ['http://h', '--job', 'j', '--label', 'x'], message: '--label wants NAME=VALUE' },
    {
      name: 'bad method',
      argv: ['http://h', '--job', 'j', '--method', 'patch'],
      message: '--method must be put, post or delete',
    },
    {
      name: 'every from stdin',
      argv: ['http://h', '--job', 'j', '--every', '15s'],
      message: '--every re-reads its input',
    },
    {
      name: 'delete-on-exit without every',
      argv: ['http://h', '--job', 'j', '--delete-on-exit', 'f'],
      message: '--delete-on-exit works with --every',
    },
    {
      name: 'jitter too long',
      argv: ['http://h', '--job', 'j', '--every', '1s', '--jitter', '2s', 'f'],
      message: '--jitter must be shorter than --every',
    },
    {
      name: 'bad duration',
      argv: ['http://h', '--job', 'j', '--every', '15'],
      message: '--every: invalid duration "15"',
    },
    {
      name: 'reserved label',
      argv: ['http://h', '--job', 'j', '--label', '__x=1'],
      message: 'improper label name "__x"',
    },
  ])('$name', async ({ argv, message }) => {
    const t = fakeIO();
    expect(await runPush(argv, t.io)).toBe(2);
    expect(t.err()).toContain(message);
  });
});
