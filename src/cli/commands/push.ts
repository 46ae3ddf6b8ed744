import { spawn } from 'node:child_process';
import { parseGoDuration } from '../../gateway/duration.js';
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
import { ParseError } from '../../errors/parse-error.js';
import { parse } from '../../parse/parse.js';
import { lint } from '../../validate/index.js';
import {
  flag,
  parseCommandLine,
  stringList,
  stringOption,
  UsageError,
  withUsageErrors,
  type OptionSpec,
  type ParsedArgs,
} from '../args.js';
import type { CliIO } from '../io.js';
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
  --allow-empty              send a payload without samples (refused otherwise:
                             a PUT without samples empties the group)
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
  /** Send an empty payload (a PUT that empties the group) instead of refusing it. */
  allowEmpty: boolean;
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
  if (ms === undefined || ms < 0)
    throw new UsageError(`${flag}: invalid duration ${JSON.stringify(v)} (e.g. 15s, 1m30s)`);
  return ms;
}

const OPTIONS: Record<string, OptionSpec> = {
  job: { type: 'string' },
  label: { type: 'string', multiple: true },
  grouping: { type: 'string', multiple: true },
  method: { type: 'string' },
  gzip: { type: 'boolean' },
  force: { type: 'boolean' },
  'allow-empty': { type: 'boolean' },
  quiet: { type: 'boolean' },
  'delete-on-exit': { type: 'boolean' },
  retries: { type: 'string' },
  timeout: { type: 'string' },
  every: { type: 'string' },
  jitter: { type: 'string' },
  exec: { type: 'string' },
  header: { type: 'string', multiple: true },
  token: { type: 'string' },
  user: { type: 'string' },
  ttl: { type: 'string' },
};

/** `NAME=VALUE` of `--label`/`--grouping`. */
function labelOf(flag: string, v: string): Label {
  const e = v.indexOf('=');
  if (e <= 0) throw new UsageError(`${flag} wants NAME=VALUE, got ${JSON.stringify(v)}`);
  return { name: v.slice(0, e), value: v.slice(e + 1) };
}

/** The HTTP headers asked for by `--header`, `--token`, `--user` and `--ttl`. */
function headersOf(p: ParsedArgs): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const v of stringList(p, 'header')) {
    const c = v.indexOf(':');
    if (c <= 0) throw new UsageError(`--header wants 'NAME: VALUE', got ${JSON.stringify(v)}`);
    headers[v.slice(0, c).trim()] = v.slice(c + 1).trim();
  }
  const token = stringOption(p, 'token');
  const user = stringOption(p, 'user');
  const ttl = stringOption(p, 'ttl');
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (user !== undefined) headers.Authorization = `Basic ${Buffer.from(user, 'utf8').toString('base64')}`;
  if (ttl !== undefined) {
    if (parseGoDuration(ttl) === undefined) throw new UsageError(`--ttl: invalid duration ${JSON.stringify(ttl)}`);
    headers['Promkit-TTL'] = ttl;
  }
  return headers;
}

/** Parses the arguments; throws {@link UsageError}. */
function pushArgs(p: ParsedArgs): PushArgs {
  const optionalDuration = (name: string): number | undefined => {
    const v = stringOption(p, name);
    return v === undefined ? undefined : duration(`--${name}`, v);
  };
  const retries = stringOption(p, 'retries') ?? '3';
  if (!/^\d+$/.test(retries)) throw new UsageError(`--retries wants a count, got ${JSON.stringify(retries)}`);
  const method = (stringOption(p, 'method') ?? 'put').toUpperCase();
  if (method !== 'PUT' && method !== 'POST' && method !== 'DELETE')
    throw new UsageError(`--method must be put, post or delete, got ${JSON.stringify(method.toLowerCase())}`);
  const a: Omit<PushArgs, 'base' | 'grouping'> = {
    method,
    gzip: flag(p, 'gzip'),
    force: flag(p, 'force'),
    allowEmpty: flag(p, 'allow-empty'),
    retries: +retries,
    timeoutMs: optionalDuration('timeout') ?? 10_000,
    headers: headersOf(p),
    jitterMs: optionalDuration('jitter') ?? 0,
    deleteOnExit: flag(p, 'delete-on-exit'),
    quiet: flag(p, 'quiet'),
  };
  const everyMs = optionalDuration('every');
  if (everyMs !== undefined) {
    if (everyMs <= 0) throw new UsageError('--every must be positive');
    a.everyMs = everyMs;
  }
  const exec = stringOption(p, 'exec');
  if (exec !== undefined) a.exec = exec;
  const [url, file, ...extra] = p.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (file !== undefined) a.file = file;
  const job = stringOption(p, 'job');
  const labels = [
    ...stringList(p, 'label').map((v) => labelOf('--label', v)),
    ...stringList(p, 'grouping').map((v) => labelOf('--grouping', v)),
  ];
  if (url === undefined) throw new UsageError('missing the gateway URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`invalid URL ${JSON.stringify(url)}`);
  }
  let base = url;
  let grouping: Label[] = [];
  const at = parsed.pathname.search(/\/metrics\/job(@base64)?\//);
  if (at >= 0) {
    const r = parsePushPath(parsed.pathname.slice(at), a.method);
    if (r.kind !== 'grouping')
      throw new UsageError(`the push path of ${url} is not valid: ${r.kind === 'error' ? r.message : r.kind}`);
    grouping = r.grouping;
    base = `${parsed.origin}${parsed.pathname.slice(0, at)}`;
  }
  if (job !== undefined) grouping = [...grouping.filter((l) => l.name !== 'job'), { name: 'job', value: job }];
  for (const l of labels) grouping = [...grouping.filter((g) => g.name !== l.name), l];
  if (!grouping.some((l) => l.name === 'job' && l.value !== ''))
    throw new UsageError('a job is required: --job JOB, or a URL ending in /metrics/job/JOB');
  try {
    groupingPath(grouping);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (a.exec !== undefined && a.file !== undefined) throw new UsageError('give either --exec or FILE, not both');
  if (a.everyMs !== undefined && a.exec === undefined && (a.file === undefined || a.file === '-'))
    throw new UsageError('--every re-reads its input: give FILE or --exec, not standard input');
  if (a.deleteOnExit && a.everyMs === undefined) throw new UsageError('--delete-on-exit works with --every');
  if (a.jitterMs > 0 && a.everyMs === undefined) throw new UsageError('--jitter works with --every');
  if (a.everyMs !== undefined && a.jitterMs >= a.everyMs) throw new UsageError('--jitter must be shorter than --every');
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

/** Reads the payload of one push; says so when standard input is a terminal, which otherwise looks like a hang. */
async function readPayload(args: PushArgs, io: CliIO, deps: PushDeps): Promise<Uint8Array> {
  if (args.exec !== undefined) return (deps.exec ?? shellExec)(args.exec);
  const file = args.file ?? '-';
  if (file === '-' && io.stdinIsTTY === true)
    io.stderr('promkit push: reading metrics from standard input (Ctrl-D to end)…\n');
  return io.readInput(file);
}

/** Whether a payload holds no sample at all (nothing, blank lines, comments or metadata only). */
function hasNoSample(payload: Uint8Array): boolean {
  try {
    return parse(payload).every((f) => f.metrics.length === 0);
  } catch (e) {
    if (e instanceof ParseError) return false; // reported by the lint; --force sends it as it is
    throw e;
  }
}

/** One push: read, lint, send. Returns the exit code of this attempt. */
async function pushOnce(args: PushArgs, io: CliIO, deps: PushDeps, options: PushOptions): Promise<number> {
  let payload: Uint8Array = new Uint8Array(0);
  const source = args.exec !== undefined ? '--exec' : (args.file ?? '-');
  if (args.method !== 'DELETE') {
    try {
      payload = await readPayload(args, io, deps);
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
    // An empty PUT empties the group: a command that printed nothing must not do that silently.
    if (!args.allowEmpty && hasNoSample(payload)) {
      const what = source === '-' ? 'standard input' : source === '--exec' ? 'the --exec command' : source;
      const effect =
        args.method === 'PUT' ? 'a PUT without samples deletes every metric of the group' : 'nothing to add';
      io.stderr(`promkit push: not sent: ${what} gave no samples (${effect}; --allow-empty sends it anyway)\n`);
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
export function runPush(argv: string[], io: CliIO, deps: PushDeps = {}): Promise<number> {
  return withUsageErrors(io, 'push', async () => {
    const parsed = parseCommandLine(argv, OPTIONS);
    if (parsed.help) {
      io.stdout(HELP);
      return 0;
    }
    return pushWith(pushArgs(parsed), io, deps);
  });
}

/** Pushes once, or on the `--every` schedule, with parsed arguments. */
async function pushWith(a: PushArgs, io: CliIO, deps: PushDeps): Promise<number> {
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
