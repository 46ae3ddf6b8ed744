/**
 * `promkit push` against two gateways: promkit's own (in-process on
 * 127.0.0.1) and Debian's prometheus-pushgateway 1.5.1 (started on
 * 127.0.0.1 with a free port and a temporary persistence file, stopped
 * afterwards). The same command lines run against both; exit codes, the
 * refusal texts shown and the stored series must be the same, and the
 * stored series must be what was pushed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runPush, type PushDeps } from '../../src/cli/commands/push.js';
import type { CliIO } from '../../src/cli/io.js';
import { silentLogger } from '../../src/gateway/telemetry/logger.js';
import { startGateway, type Gateway } from '../../src/gateway/gateway.js';
import { freePort } from '../helpers/net.js';

const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const have = existsSync(PUSHGATEWAY);

test.runIf(!have && process.env.CI)('Pushgateway 1.5.1 is installed in CI', () => {
  expect.fail(`${PUSHGATEWAY} not found: apt-get install prometheus-pushgateway`);
});

async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} never became ready`);
}

/** One command line and the files it reads. */
const CLASH = 'type clash: the gateway refusal is shown, exit 1';

interface Case {
  name: string;
  argv: (base: string) => string[];
  files?: Record<string, string>;
  deps?: () => PushDeps;
  /**
   * A series selector (`job="gz"`) the case deletes. Pushgateway 1.5.1 answers a DELETE with 202
   * and applies it afterwards, so its series are read again until none matches, for at most
   * {@link SETTLE_MS}.
   */
  deletes?: string;
}

/** How long a deletion may take to show on a gateway. */
const SETTLE_MS = 5000;

/** `--every` with an injected clock: three runs, then stop (and `--delete-on-exit`). */
function everyDeps(): PushDeps {
  const clock = { t: 0 };
  const ac = new AbortController();
  let n = 0;
  return {
    now: () => clock.t,
    sleep: async (ms) => void (clock.t += ms),
    stop: ac.signal,
    exec: async () => {
      if (++n === 3) ac.abort();
      return new TextEncoder().encode(`# TYPE ticks_total counter\nticks_total ${n}\n`);
    },
  };
}

const CASES: Case[] = [
  {
    name: 'put with a slash in a grouping value (base64 path)',
    argv: (b) => [b, '--job', 'cli', '--label', 'instance=a/b', 'm'],
    files: { m: '# HELP done_total Done.\n# TYPE done_total counter\ndone_total 4\n' },
  },
  {
    name: 'gzip, empty label value',
    argv: (b) => [b, '--job', 'gz', '--label', 'zone=', '--gzip', 'm'],
    files: { m: 'g{k="v"} 1.5\n' },
  },
  {
    name: 'post keeps the other families',
    argv: (b) => [`${b}/metrics/job/cli/instance@base64/YS9i`, '--method', 'post', 'm'],
    files: { m: '# TYPE extra gauge\nextra 2\n' },
  },
  {
    name: CLASH,
    argv: (b) => [b, '--job', 'clash', 'm'],
    files: { m: '# TYPE done_total gauge\ndone_total 1\n' },
  },
  {
    name: 'timestamps refused by lint, exit 1, nothing sent',
    argv: (b) => [b, '--job', 'ts', 'm'],
    files: { m: 'stamped 1 1700000000000\n' },
  },
  {
    name: 'timestamps with --force: the gateway refuses',
    argv: (b) => [b, '--job', 'ts', '--force', 'm'],
    files: { m: 'stamped 1 1700000000000\n' },
  },
  {
    name: 'delete a group',
    argv: (b) => [b, '--job', 'gz', '--label', 'zone=', '--method', 'delete'],
    deletes: 'job="gz"',
  },
  {
    name: '--every --exec with --delete-on-exit',
    argv: (b) => [b, '--job', 'every', '--every', '15s', '--exec', 'gen', '--delete-on-exit'],
    deps: everyDeps,
    deletes: 'job="every"',
  },
  {
    name: 'push that --every left behind without --delete-on-exit',
    argv: (b) => [b, '--job', 'kept', '--every', '15s', '--exec', 'gen'],
    deps: everyDeps,
  },
];

interface Transcript {
  name: string;
  code: number;
  /** Standard error with the peer's address masked. */
  stderr: string;
  /** Pushed series now stored (the gateway's own metrics and push times left out), sorted. */
  series: string[];
}

async function storedSeries(base: string): Promise<string[]> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (l) =>
        l !== '' &&
        !l.startsWith('#') &&
        /job="/.test(l) &&
        !/^(push_time_seconds|push_failure_time_seconds|pushgateway_|promkit_)/.test(l),
    )
    .sort();
}

/** The stored series once none matches `deletes` (or {@link SETTLE_MS} have passed: then as they are). */
async function seriesAfter(base: string, deletes: string | undefined): Promise<string[]> {
  const until = Date.now() + SETTLE_MS;
  for (;;) {
    const series = await storedSeries(base);
    if (deletes === undefined || !series.some((s) => s.includes(deletes)) || Date.now() > until) return series;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runAll(base: string): Promise<Transcript[]> {
  const out: Transcript[] = [];
  for (const c of CASES) {
    let err = '';
    const io: CliIO = {
      stdout: () => {},
      stderr: (s) => void (err += s),
      readInput: async (p) => {
        const f = c.files?.[p];
        if (f === undefined) throw new Error(`no file ${p}`);
        return new TextEncoder().encode(f);
      },
      isTTY: false,
    };
    const code = await runPush(c.argv(base), io, c.deps?.() ?? {});
    out.push({
      name: c.name,
      code,
      stderr: err.split(base).join('<gateway>'),
      series: await seriesAfter(base, c.deletes),
    });
  }
  return out;
}

describe.runIf(have)('promkit push against promkit gateway and Pushgateway 1.5.1', () => {
  let proc: ChildProcess | undefined;
  let dir = '';
  let pgBase = '';
  let ours: Gateway | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'promkit-push-compat-'));
    const port = await freePort();
    pgBase = `http://127.0.0.1:${port}`;
    proc = spawn(
      PUSHGATEWAY,
      [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'pg.state')}`],
      { stdio: 'ignore' },
    );
    await waitReady(pgBase);
    ours = await startGateway({ config: { listenAddresses: ['127.0.0.1:0'] }, logger: silentLogger });
  });

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    await ours?.shutdown('done', 100);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('same exit codes, messages and stored series on both gateways', async () => {
    const theirs = await runAll(pgBase);
    const mine = await runAll(ours!.addresses[0].url);
    // 1.5.1 blames either side of a type clash (Go map order decides); promkit always blames the
    // push. Compare that message up to the blamed series.
    const unblamed = (ts: Transcript[]): Transcript[] =>
      ts.map((t) =>
        t.name === CLASH ? { ...t, stderr: t.stderr.replace(/collected metric .*/s, 'collected metric …') } : t,
      );
    expect(unblamed(mine)).toEqual(unblamed(theirs));
    expect(mine.find((t) => t.name === CLASH)!.stderr).toContain('is not a COUNTER');
    // What the pushes must have produced (checked on the real Pushgateway's transcript).
    const by = new Map(theirs.map((t) => [t.name, t]));
    expect(by.get('put with a slash in a grouping value (base64 path)')!.series).toContain(
      'done_total{instance="a/b",job="cli"} 4',
    );
    expect(by.get('gzip, empty label value')!.series).toContain('g{instance="",job="gz",k="v",zone=""} 1.5');
    expect(by.get('post keeps the other families')!.series).toEqual(
      expect.arrayContaining(['done_total{instance="a/b",job="cli"} 4', 'extra{instance="a/b",job="cli"} 2']),
    );
    expect(by.get('type clash: the gateway refusal is shown, exit 1')!).toMatchObject({ code: 1 });
    expect(by.get('type clash: the gateway refusal is shown, exit 1')!.stderr).toContain(
      'the gateway refused the PUT (HTTP 400): pushed metrics are invalid or inconsistent with existing metrics',
    );
    expect(by.get('timestamps refused by lint, exit 1, nothing sent')!.stderr).toContain('not sent: 1 error');
    expect(by.get('timestamps with --force: the gateway refuses')!.stderr).toContain('(HTTP 400)');
    expect(by.get('delete a group')!.series.some((s) => s.includes('job="gz"'))).toBe(false);
    expect(by.get('--every --exec with --delete-on-exit')!.series.some((s) => s.includes('job="every"'))).toBe(false);
    expect(by.get('push that --every left behind without --delete-on-exit')!.series).toContain(
      'ticks_total{instance="",job="kept"} 3',
    );
  });
});
