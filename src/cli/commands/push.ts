import { spawn } from 'node:child_process';
import { parseGoDuration } from '../../gateway/config/duration.js';
import { groupingPath, parsePushPath } from '../../merge/grouping-key.js';
import type { Label } from '../../model/types.js';
import {
  deleteFrom,
  PushError,
  pushTo,
  runEvery,
  type PushMethod,
  type PushOptions,
  type Sleep,
} from '../../push/index.js';
import { lint } from '../../validate/index.js';
import { EXIT_USAGE, type CliIO } from '../io.js';
import { formatDiagnostic } from '../report.js';

const HELP = `usage: promkit push URL [--job JOB] [--label NAME=VALUE]... [options] [FILE|-]

Pushes an exposition (text format 0.0.4) to a Pushgateway. URL is the gateway
(http://host:9091, a route prefix kept) or a full push URL
(http://host:9091/metrics/job/batch/instance/h1). The payload is linted with
the push rules first: what the gateway would reject is not sent.

  --job JOB                  the job label of the grouping key
  --label NAME=VALUE         another grouping label (repeatable; alias --grouping)
  --method put|post|delete   put replaces the group (default), post the pushed
                             families, delete removes the group (no payload)
  --gzip                     send the body gzip-compressed
  --force                    send even when the push rules find errors
  --retries N                retries of 5xx answers and connection errors (default 3)
  --timeout D                time limit of each attempt (default 10s)
  --header 'NAME: VALUE'     extra request header (repeatable)
  --token T                  Authorization: Bearer T
  --user USER:PASSWORD       HTTP basic auth
  --ttl D                    Promkit-TTL header (promkit gateway with --push.ttl-header)
  --every D                  push again every D (15s, 1m), on a fixed schedule
  --jitter D                 start each scheduled push up to D late, at random
  --exec 'CMD'               run CMD with sh -c for every push and send its output
                             (instead of FILE; FILE is re-read on every push)
  --delete-on-exit           with --every: delete the group on SIGINT/SIGTERM
  --quiet                    print nothing on success

Exit status: 0 pushed (or stopped cleanly), 1 refused (lint errors, or a 4xx
answer, whose body is shown), 2 usage, 4 the gateway stayed unreachable or
answered 5xx through every retry.
`;

/** Exit code when the gateway refused (4xx) or the lint found errors. */
const EXIT_REFUSED = 1;
/** Exit code when the gateway stayed unreachable or kept answering 5xx. */
const EXIT_FAILED = 4;

/** The parsed command line. */
interface PushArgs {
  base: string;
  grouping: Label[];
  method: PushMethod;
  gzip: boolean;
  force: boolean;
  retries: number;
  timeoutMs: number;
  headers: Record<string, string>;
  everyMs?: number;
  jitterMs: number;
  exec?: string;
  file?: string;
  deleteOnExit: boolean;
  quiet: boolean;
}

/** What the command needs from outside, injectable for tests. */
export interface PushDeps {
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  /** Aborts `--every` (default: SIGINT or SIGTERM). */
  stop?: AbortSignal;
  /** Runs `--exec`'s command and returns its standard output (default: `sh -c`). */
  exec?: (command: string) => Promise<Uint8Array>;
}

function duration(flag: string, v: string): number {
  const ms = parseGoDuration(v);
  if (ms === undefined || ms < 0) throw new Error(`${flag}: invalid duration ${JSON.stringify(v)} (e.g. 15s, 1m30s)`);
  return ms;
}

/** Parses the arguments; throws `Error` with a usage message. */
function parseArgs(argv: string[]): PushArgs | 'help' {
  let url: string | undefined;
  let job: string | undefined;
  const labels: Label[] = [];
  const a: Omit<PushArgs, 'base' | 'grouping'> = {
    method: 'PUT',
    gzip: false,
    force: false,
    retries: 3,
    timeoutMs: 10_000,
    headers: {},
    jitterMs: 0,
    deleteOnExit: false,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--job':
        job = value();
        break;
      case '--label':
      case '--grouping': {
        const v = value();
        const e = v.indexOf('=');
        if (e <= 0) throw new Error(`${name} wants NAME=VALUE, got ${JSON.stringify(v)}`);
        labels.push({ name: v.slice(0, e), value: v.slice(e + 1) });
        break;
      }
      case '--method': {
        const m = value().toUpperCase();
        if (m !== 'PUT' && m !== 'POST' && m !== 'DELETE')
          throw new Error(`--method must be put, post or delete, got ${JSON.stringify(m.toLowerCase())}`);
        a.method = m;
        break;
      }
      case '--gzip':
        a.gzip = true;
        break;
      case '--force':
        a.force = true;
        break;
      case '--quiet':
        a.quiet = true;
        break;
      case '--delete-on-exit':
        a.deleteOnExit = true;
        break;
      case '--retries': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new Error(`--retries wants a count, got ${JSON.stringify(v)}`);
        a.retries = +v;
        break;
      }
      case '--timeout':
        a.timeoutMs = duration(name, value());
        break;
      case '--every':
        a.everyMs = duration(name, value());
        if (a.everyMs <= 0) throw new Error('--every must be positive');
        break;
      case '--jitter':
        a.jitterMs = duration(name, value());
        break;
      case '--exec':
        a.exec = value();
        break;
      case '--header': {
        const v = value();
        const c = v.indexOf(':');
        if (c <= 0) throw new Error(`--header wants 'NAME: VALUE', got ${JSON.stringify(v)}`);
        a.headers[v.slice(0, c).trim()] = v.slice(c + 1).trim();
        break;
      }
      case '--token':
        a.headers.Authorization = `Bearer ${value()}`;
        break;
      case '--user':
        a.headers.Authorization = `Basic ${Buffer.from(value(), 'utf8').toString('base64')}`;
        break;
      case '--ttl':
        a.headers['Promkit-TTL'] = value();
        if (parseGoDuration(a.headers['Promkit-TTL']) === undefined)
          throw new Error(`--ttl: invalid duration ${JSON.stringify(a.headers['Promkit-TTL'])}`);
        break;
      default:
        if (arg.startsWith('--')) throw new Error(`unknown option ${name}`);
        if (url === undefined) url = arg;
        else if (a.file === undefined) a.file = arg;
        else throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (url === undefined) throw new Error('missing the gateway URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid URL ${JSON.stringify(url)}`);
  }
  let base = url;
  let grouping: Label[] = [];
  const at = parsed.pathname.search(/\/metrics\/job(@base64)?\//);
  if (at >= 0) {
    const r = parsePushPath(parsed.pathname.slice(at), a.method);
    if (r.kind !== 'grouping')
      throw new Error(`the push path of ${url} is not valid: ${r.kind === 'error' ? r.message : r.kind}`);
    grouping = r.grouping;
    base = `${parsed.origin}${parsed.pathname.slice(0, at)}`;
  }
  if (job !== undefined) grouping = [...grouping.filter((l) => l.name !== 'job'), { name: 'job', value: job }];
  for (const l of labels) grouping = [...grouping.filter((g) => g.name !== l.name), l];
  if (!grouping.some((l) => l.name === 'job' && l.value !== ''))
    throw new Error('a job is required: --job JOB, or a URL ending in /metrics/job/JOB');
  groupingPath(grouping);
  if (a.exec !== undefined && a.file !== undefined) throw new Error('give either --exec or FILE, not both');
  if (a.everyMs !== undefined && a.exec === undefined && (a.file === undefined || a.file === '-'))
    throw new Error('--every re-reads its input: give FILE or --exec, not standard input');
  if (a.deleteOnExit && a.everyMs === undefined) throw new Error('--delete-on-exit works with --every');
  if (a.jitterMs > 0 && a.everyMs === undefined) throw new Error('--jitter works with --every');
  if (a.everyMs !== undefined && a.jitterMs >= a.everyMs) throw new Error('--jitter must be shorter than --every');
  return { ...a, base, grouping };
}

/** Runs `sh -c command` and resolves with its standard output; rejects when it exits non-zero. */
function shellExec(command: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`--exec command exited with status ${code}${err.trim() === '' ? '' : `: ${err.trim()}`}`));
    });
  });
}

/** One push: read, lint, send. Returns the exit code of this attempt. */
async function pushOnce(args: PushArgs, io: CliIO, deps: PushDeps, options: PushOptions): Promise<number> {
  let payload: Uint8Array = new Uint8Array(0);
  const source = args.exec !== undefined ? '--exec' : (args.file ?? '-');
  if (args.method !== 'DELETE') {
    try {
      payload =
        args.exec !== undefined ? await (deps.exec ?? shellExec)(args.exec) : await io.readInput(args.file ?? '-');
    } catch (e) {
      io.stderr(`promkit push: ${source}: ${(e as Error).message}\n`);
      return EXIT_REFUSED;
    }
    // Parse errors and the push rules: what the gateway itself would refuse or change.
    const findings = lint(payload, { push: groupingPath(args.grouping), disable: ['promlint', 'structure'] });
    let errors = 0;
    for (const d of findings) {
      if (d.severity === 'error') errors++;
      if (d.severity !== 'info') io.stderr(formatDiagnostic(source, d));
    }
    if (errors > 0 && !args.force) {
      io.stderr(
        `promkit push: not sent: ${errors} error${errors === 1 ? '' : 's'} the gateway would reject (--force sends anyway)\n`,
      );
      return EXIT_REFUSED;
    }
  }
  try {
    const r = await pushTo(args.base, args.grouping, payload, options);
    if (!args.quiet)
      io.stdout(`${args.method} ${r.url}: ${r.status}${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof PushError)) throw e;
    if (e.kind === 'rejected') {
      io.stderr(
        `promkit push: the gateway refused the ${args.method} (HTTP ${e.status}): ${e.body === '' ? '(empty body)' : e.body}\n`,
      );
      return EXIT_REFUSED;
    }
    io.stderr(
      `promkit push: giving up after ${e.attempts} attempts: ${e.status === 0 ? e.body : `HTTP ${e.status}: ${e.body}`}\n`,
    );
    return EXIT_FAILED;
  }
}

/** The command with injectable dependencies (tests); see {@link pushCommand}. */
export async function runPush(argv: string[], io: CliIO, deps: PushDeps = {}): Promise<number> {
  let args: PushArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(`promkit push: ${(e as Error).message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (args === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const a = args as PushArgs;
  const options: PushOptions = {
    method: a.method,
    gzip: a.gzip,
    headers: a.headers,
    retries: a.retries,
    timeoutMs: a.timeoutMs,
    onRetry: (r) => io.stderr(`promkit push: attempt ${r.attempt} failed (${r.reason}); retrying in ${r.delayMs} ms\n`),
  };
  if (deps.fetch) options.fetch = deps.fetch;
  if (deps.sleep) options.sleep = deps.sleep;
  if (deps.random) options.random = deps.random;
  if (a.everyMs === undefined) return pushOnce(a, io, deps, options);

  let stop = deps.stop;
  let cleanup = (): void => {};
  if (!stop) {
    const ac = new AbortController();
    const onSignal = (): void => ac.abort(new Error('stopped'));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    cleanup = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    stop = ac.signal;
  }
  try {
    await runEvery(
      async () => {
        // A run in flight finishes (its retries included) even when a stop arrives.
        await pushOnce(a, io, deps, options);
      },
      {
        intervalMs: a.everyMs,
        jitterMs: a.jitterMs,
        now: deps.now,
        sleep: deps.sleep,
        random: deps.random,
        signal: stop,
      },
    );
  } finally {
    cleanup();
  }
  if (!a.deleteOnExit) return 0;
  try {
    const r = await deleteFrom(a.base, a.grouping, { ...options, retries: Math.min(a.retries, 1) });
    if (!a.quiet) io.stdout(`DELETE ${r.url}: ${r.status}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof PushError)) throw e;
    io.stderr(`promkit push: --delete-on-exit failed: ${e.message}\n`);
    return e.kind === 'rejected' ? EXIT_REFUSED : EXIT_FAILED;
  }
}

/**
 * `promkit push URL [--job J] [--label k=v]… [--method put|post|delete] [FILE|-]`:
 * lint with the push rules, then push with retries; `--every` keeps pushing
 * on a drift-free schedule until SIGINT/SIGTERM.
 */
export const pushCommand = (argv: string[], io: CliIO): Promise<number> => runPush(argv, io);
