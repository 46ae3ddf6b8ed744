// The repository-side harness the bench files import: the stage bench of src/bench (`promkit bench`)
// over the repository corpora, plus what the server benches need (free ports, child processes, RSS,
// an HTTP load generator with keep-alive agents, plain tables). Measuring of stages is src/bench's.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchCommand } from '../../src/cli/commands/bench.js';
import { processIO } from '../../src/cli/io.js';
import { findPromkitRoot } from '../../src/bench/package-root.js';
import { median } from '../../src/bench/stats.js';
import { benchDataDir, CORPUS_NAMES, corpusPayloads, parseCorpusList, type CorpusName } from './corpus.js';

export { benchDataDir, CORPUS_NAMES, corpusPayloads, type CorpusName };

/** The repository root above `file` (a bench entry's own path, `import.meta.url`). Throws when there is none. */
export function repoRoot(fileUrl: string): string {
  const script = fileURLToPath(fileUrl);
  const found = findPromkitRoot(dirname(script));
  if (found === undefined) throw new Error(`no promkit package.json above ${script}`);
  return found.root;
}

/** Takes the repository-only flags out of `argv`: `--payloads LIST` and `--no-write`. */
function repoFlags(argv: string[]): { rest: string[]; corpus: CorpusName[]; write: boolean } {
  const rest: string[] = [];
  let corpus: CorpusName[] = [...CORPUS_NAMES];
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--payloads') corpus = parseCorpusList(argv[++i] ?? '');
    else if (a.startsWith('--payloads=')) corpus = parseCorpusList(a.slice('--payloads='.length));
    else if (a === '--no-write') write = false;
    else rest.push(a);
  }
  return { rest, corpus, write };
}

function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/**
 * Runs `promkit bench` (src/bench) over the repository corpora from the built entry `fileUrl`, which the
 * measuring processes re-enter with `--child`. `stages` (when given) is the default `--stages` list; an
 * explicit `--stages` in `argv` wins. The result file goes to `bench/results/<UTC date-time>[-tag].json`
 * unless `--no-write`. Resolves to the exit code.
 */
export async function runStageBench(
  fileUrl: string,
  argv: string[],
  stages?: readonly string[],
  tag?: string,
): Promise<number> {
  const script = fileURLToPath(fileUrl);
  const root = repoRoot(fileUrl);
  if (argv[0] === '--child') {
    return createBenchCommand({ child: { script, args: [] } })(argv, processIO());
  }
  const { rest, corpus, write } = repoFlags(argv);
  const hasStages = rest.some((a) => a === '--stages' || a.startsWith('--stages='));
  const args = stages !== undefined && !hasStages ? ['--stages', stages.join(','), ...rest] : rest;
  const name = `${stamp()}${tag === undefined ? '' : `-${tag}`}.json`;
  const command = createBenchCommand({
    child: { script, args: [] },
    defaultPayloads: (log) => corpusPayloads(root, corpus, log),
    defaultWrite: write ? () => relative(process.cwd(), join(root, 'bench', 'results', name)) : undefined,
  });
  return command(args, processIO());
}

/** Reads a corpus file (`small`, `node`) of the bench data (`vendor/bench-data`). */
export function corpusBytes(root: string, name: 'small' | 'node'): Buffer {
  return readFileSync(join(benchDataDir(root), `${name}.prom`));
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in kB (`VmRSS` of /proc/<pid>/status); undefined when unreadable. */
export function rssKb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1] : undefined;
  } catch {
    return undefined;
  }
}

/** A server process started by {@link startServer}. */
export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Its standard error so far (last 64 kB). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `command args` (a server listening on `port` of 127.0.0.1; as the user `as` when given) and
 * resolves once `GET readyPath` answers 200, or rejects after `timeoutMs` (the process is killed then).
 */
export async function startServer(
  command: string,
  args: string[],
  port: number,
  readyPath = '/-/ready',
  timeoutMs = 120_000,
  as?: { uid: number; gid: number },
): Promise<ServerProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...as });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err = (err + s).slice(-65536);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 60_000): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${command} exited before it was ready:\n${err.trim()}`);
    const status = await httpStatus(`${url}${readyPath}`).catch(() => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop(1000);
      throw new Error(`${command} not ready after ${timeoutMs} ms:\n${err.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, stderr: () => err, stop };
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** One HTTP request of a load loop. */
export interface LoadRequest {
  method: string;
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
}

/** What a load loop measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  /** Responses by status code. */
  statuses: Record<number, number>;
  /** Bytes of response bodies received. */
  bytesIn: number;
}

/** Options of {@link loadLoop}. */
export interface LoadOptions {
  url: string;
  /** The i-th request to send (i counts from 0 over all clients). */
  next: (i: number) => LoadRequest;
  /** Concurrent clients, each with its own keep-alive connection. */
  concurrency: number;
  /** Stop after this many requests… */
  maxRequests: number;
  /** …or once this many seconds passed (requests in flight finish). */
  maxSeconds: number;
  /**
   * A request that receives nothing for this many seconds is dropped and counted with status 0; with it set, a
   * request whose connection fails (a reset) counts with status 0 too instead of stopping the loop.
   */
  timeoutSeconds?: number;
}

function send(
  agent: Agent,
  base: string,
  r: LoadRequest,
  timeoutMs: number | undefined,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers['Content-Length'] = r.body.length;
    let bytes = 0;
    let timedOut = false;
    const failed = (e: Error): void =>
      timedOut || timeoutMs !== undefined ? resolve({ status: 0, bytes }) : reject(e);
    const req = request(`${base}${r.path}`, { method: r.method, agent, headers }, (res) => {
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', failed);
    });
    if (timeoutMs !== undefined)
      req.setTimeout(timeoutMs, () => {
        timedOut = true;
        req.destroy();
      });
    req.on('error', failed);
    req.end(r.body);
  });
}

/**
 * A closed-loop load generator: `concurrency` clients, each on its own keep-alive connection, send
 * requests back to back until `maxRequests` were started or `maxSeconds` passed. Rejects on a
 * connection error, unless `timeoutSeconds` is set: then a request past it or whose connection fails
 * counts with status 0 and its time so far.
 */
export async function loadLoop(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let started = 0;
  let bytesIn = 0;
  const t0 = performance.now();
  const end = t0 + o.maxSeconds * 1000;
  const client = async (): Promise<void> => {
    while (started < o.maxRequests && performance.now() < end) {
      const r = o.next(started++);
      const t = performance.now();
      const res = await send(agent, o.url, r, o.timeoutSeconds === undefined ? undefined : o.timeoutSeconds * 1000);
      latencies.push(performance.now() - t);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      bytesIn += res.bytes;
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency }, client));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: median(latencies),
    p99: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0,
    statuses,
    bytesIn,
  };
}

/** Formats rows as a plain table: columns padded, numbers right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [header.map(String), ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number' || r[i] === '–'));
  return (
    cells
      .map((r) =>
        r
          .map((c, i) => (numeric[i] ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** A number with 3 significant digits (integers of 1,000 and more as they are). */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000 || Number.isInteger(n)) return Math.round(n).toString();
  return n.toPrecision(3);
}

/** The load average and the time, for a result file. */
export function machineNote(): { loadavg: number[]; at: string; node: string } {
  return { loadavg: osLoad(), at: new Date().toISOString(), node: process.version };
}

function osLoad(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8')
      .split(' ')
      .slice(0, 3)
      .map((s) => +s);
  } catch {
    return [];
  }
}
