// `promkit gateway` against Debian's prometheus-pushgateway 1.5.1, in the same run, over loopback:
// checked PUT of small.prom with 1,000 and 10,000 groups stored, POST of node.prom, GET /metrics with
// the groups stored, and the server's RSS. One server runs at a time; each gets the same requests
// from the same load generator (keep-alive clients), bounded by a request count and a time.
//   npm run bench:gateway [-- --groups 1000,10000 --concurrency 8 --seconds 10 --requests 20000
//                              --gets 20 --settle 15 --no-pushgateway --no-write]
// RSS is read right after the fill ("filled"; the Pushgateway's before its restart), right after the
// GET /metrics loop ("busy") and after --settle idle seconds ("idle"), the groups still stored. The
// loops are not the same work for both: in the same time promkit takes thousands of PUTs, the
// Pushgateway a few dozen, so "idle" compares servers that went through different amounts of traffic.
// The gateway runs from this built file (`--serve`, the `promkit gateway` command on the current
// sources); the Pushgateway from $PUSHGATEWAY or /usr/bin/prometheus-pushgateway. Both persist to a
// temp directory. The Pushgateway is filled with its consistency check off (a checked fill of 10,000
// groups takes it hours), stopped (it persists on SIGTERM) and restarted checked; promkit is filled
// with checked PUTs.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayCommand } from '../src/cli/commands/gateway.js';
import { processIO } from '../src/cli/io.js';
import {
  corpusBytes,
  freePort,
  loadLoop,
  machineNote,
  repoRoot,
  rssKb,
  startServer,
  table,
  type LoadResult,
  type ServerProcess,
} from './lib/harness.js';

const script = fileURLToPath(import.meta.url);

interface Options {
  groups: number[];
  concurrency: number;
  seconds: number;
  requests: number;
  gets: number;
  settle: number;
  pushgateway: boolean;
  write: boolean;
}

function options(argv: string[]): Options {
  const o: Options = {
    groups: [1000, 10_000],
    concurrency: 8,
    seconds: 10,
    requests: 20_000,
    gets: 20,
    settle: 15,
    pushgateway: true,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = (): string => argv[++i] ?? '';
    const n = (s: string): number => {
      const x = Number.parseInt(s, 10);
      if (!(x > 0)) throw new Error(`${a}: expected a positive integer, got "${s}"`);
      return x;
    };
    if (a === '--groups') o.groups = v().split(',').map(n);
    else if (a === '--concurrency') o.concurrency = n(v());
    else if (a === '--seconds') o.seconds = n(v());
    else if (a === '--requests') o.requests = n(v());
    else if (a === '--gets') o.gets = n(v());
    else if (a === '--settle') o.settle = n(v());
    else if (a === '--no-pushgateway') o.pushgateway = false;
    else if (a === '--no-write') o.write = false;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

interface Phase {
  groups: number;
  fill: LoadResult;
  put: LoadResult;
  get: LoadResult;
  post?: LoadResult;
  /** RSS after the GET loop and `--settle` idle seconds. */
  rssKb: number | undefined;
  /** RSS right after the GET loop. */
  rssBusyKb: number | undefined;
  /** RSS right after the fill (for the Pushgateway: before its restart). */
  rssFillKb: number | undefined;
  /** promkit's own heap gauges (MB) from its /metrics, read right after the RSS. */
  heap?: { usedMb: number; totalMb: number; externalMb: number };
  exposedBytes: number;
}

/** Reads promkit's `nodejs_heap_size_*` and `nodejs_external_memory_bytes` gauges from its /metrics. */
async function heapFigures(url: string): Promise<Phase['heap']> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const g = (name: string): number => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return m ? Number.parseFloat(m[1]) / 1048576 : NaN;
  };
  return {
    usedMb: g('nodejs_heap_size_used_bytes'),
    totalMb: g('nodejs_heap_size_total_bytes'),
    externalMb: g('nodejs_external_memory_bytes'),
  };
}

const groupPath = (i: number): string => `/metrics/job/bench/instance/host-${i}`;

function check(what: string, r: LoadResult, ok: number): void {
  const bad = Object.entries(r.statuses).filter(([s]) => +s !== ok);
  if (bad.length > 0) throw new Error(`${what}: unexpected statuses ${JSON.stringify(r.statuses)}`);
}

interface ServerKind {
  name: string;
  /** Starts the server with a persistence file; `fill` says whether it is started for filling. */
  start(port: number, file: string, fill: boolean): Promise<ServerProcess>;
  /** Whether the fill runs unchecked and needs a restart afterwards. */
  restartAfterFill: boolean;
  /** The status a fill PUT answers with. */
  fillStatus: number;
}

const pushgatewayBin = process.env.PUSHGATEWAY ?? '/usr/bin/prometheus-pushgateway';

const PROMKIT: ServerKind = {
  name: 'promkit',
  start: (port, file) =>
    startServer(
      process.execPath,
      [script, '--serve', `--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${file}`, '--log.level=error'],
      port,
    ),
  restartAfterFill: false,
  fillStatus: 200,
};

const PUSHGATEWAY: ServerKind = {
  name: 'pushgateway',
  start: (port, file, fill) =>
    startServer(
      pushgatewayBin,
      [
        `--web.listen-address=127.0.0.1:${port}`,
        `--persistence.file=${file}`,
        '--log.level=error',
        ...(fill ? ['--push.disable-consistency-check'] : []),
      ],
      port,
    ),
  restartAfterFill: true,
  fillStatus: 202,
};

async function phase(
  kind: ServerKind,
  groups: number,
  o: Options,
  dir: string,
  small: Buffer,
  node: Buffer,
  log: (s: string) => void,
): Promise<Phase> {
  const file = join(dir, `${kind.name}-${groups}.data`);
  const port = await freePort();
  let server = await kind.start(port, file, true);
  try {
    log(`${kind.name} ${groups} groups: filling…`);
    const fill = await loadLoop({
      url: server.url,
      concurrency: o.concurrency,
      maxRequests: groups,
      maxSeconds: 3600,
      next: (i) => ({ method: 'PUT', path: groupPath(i), body: small }),
    });
    check(`${kind.name} fill`, fill, kind.fillStatus);
    const rssFill = rssKb(server.child.pid ?? -1);
    if (kind.restartAfterFill) {
      await server.stop();
      if (!existsSync(file) || statSync(file).size === 0)
        throw new Error(`${kind.name} did not persist ${file} on SIGTERM`);
      server = await kind.start(port, file, false);
    }
    log(`${kind.name} ${groups} groups: PUT…`);
    const put = await loadLoop({
      url: server.url,
      concurrency: o.concurrency,
      maxRequests: o.requests,
      maxSeconds: o.seconds,
      next: (i) => ({ method: 'PUT', path: groupPath((i * 7919) % groups), body: small }),
    });
    check(`${kind.name} PUT`, put, 200);
    log(`${kind.name} ${groups} groups: GET /metrics…`);
    const get = await loadLoop({
      url: server.url,
      concurrency: 1,
      maxRequests: o.gets,
      maxSeconds: Math.max(o.seconds, 30),
      next: () => ({ method: 'GET', path: '/metrics' }),
    });
    check(`${kind.name} GET`, get, 200);
    const rssBusy = rssKb(server.child.pid ?? -1);
    // Steady state: the RSS once the server has been idle for a few seconds, groups still stored.
    await new Promise((r) => setTimeout(r, o.settle * 1000));
    const rss = rssKb(server.child.pid ?? -1);
    const heap = kind === PROMKIT ? await heapFigures(server.url) : undefined;
    let post: LoadResult | undefined;
    if (groups === o.groups[0]) {
      log(`${kind.name} ${groups} groups: POST node.prom…`);
      post = await loadLoop({
        url: server.url,
        concurrency: o.concurrency,
        maxRequests: o.requests,
        maxSeconds: o.seconds,
        next: (i) => ({ method: 'POST', path: `/metrics/job/node/instance/node-${i % 10}`, body: node }),
      });
      check(`${kind.name} POST`, post, 200);
    }
    return {
      groups,
      fill,
      put,
      get,
      post,
      rssKb: rss,
      rssBusyKb: rssBusy,
      rssFillKb: rssFill,
      heap,
      exposedBytes: get.requests > 0 ? get.bytesIn / get.requests : 0,
    };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${kind.name} stderr:\n${server.stderr().trim().slice(-4000)}`, {
      cause: e,
    });
  } finally {
    await server.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--serve') return gatewayCommand(argv.slice(1), processIO());
  const o = options(argv);
  const root = repoRoot(import.meta.url);
  const small = corpusBytes(root, 'small');
  const node = corpusBytes(root, 'node');
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const kinds = [PROMKIT];
  if (o.pushgateway) {
    if (existsSync(pushgatewayBin)) kinds.push(PUSHGATEWAY);
    else log(`no Pushgateway at ${pushgatewayBin}: promkit only`);
  }
  const before = machineNote();
  log(
    `load average ${before.loadavg.join(' ')}; ${o.concurrency} clients, at most ${o.requests} requests or ${o.seconds} s per loop`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'promkit-gateway-bench-'));
  const results: Record<string, Phase[]> = {};
  try {
    for (const groups of o.groups) {
      for (const kind of kinds) {
        (results[kind.name] ??= []).push(await phase(kind, groups, o, dir, small, node, log));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows: Array<Array<string | number>> = [];
  const line = (server: string, groups: number, test: string, r: LoadResult): void => {
    rows.push([server, groups, test, r.requests, r.perSecond, r.p50, r.p99]);
  };
  for (const groups of o.groups) {
    for (const kind of kinds) {
      const p = results[kind.name].find((x) => x.groups === groups)!;
      line(kind.name, groups, 'fill PUT', p.fill);
      line(kind.name, groups, 'PUT small.prom', p.put);
      if (p.post) line(kind.name, groups, 'POST node.prom', p.post);
      line(kind.name, groups, 'GET /metrics', p.get);
    }
  }
  process.stdout.write(table(['server', 'groups', 'request', 'count', 'req/s', 'p50 ms', 'p99 ms'], rows));
  const mem: Array<Array<string | number>> = [];
  for (const groups of o.groups) {
    for (const kind of kinds) {
      const p = results[kind.name].find((x) => x.groups === groups)!;
      const h = p.heap;
      const mb = (kb: number | undefined): number | string => (kb === undefined ? '–' : kb / 1024);
      mem.push([
        kind.name,
        groups,
        mb(p.rssFillKb),
        mb(p.rssBusyKb),
        mb(p.rssKb),
        h ? h.usedMb : '–',
        h ? h.totalMb : '–',
        h ? h.externalMb : '–',
        p.exposedBytes / 1e6,
      ]);
    }
  }
  process.stdout.write(
    '\n' +
      table(
        [
          'server',
          'groups',
          'RSS MB filled',
          'RSS MB busy',
          'RSS MB idle',
          'heap used MB',
          'heap total MB',
          'external MB',
          '/metrics MB',
        ],
        mem,
      ),
  );
  const verdicts = targets(o, results);
  if (verdicts.length > 0) process.stdout.write('\n' + table(['target', 'promkit', 'required', 'met'], verdicts));
  if (o.write) {
    const out = join(root, 'bench', 'results', `${before.at.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-gateway.json`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify(
        { kind: 'gateway', options: o, machine: { start: before, end: machineNote() }, results },
        null,
        2,
      ) + '\n',
    );
    log(`wrote ${relative(process.cwd(), out)}`);
  }
  return 0;
}

/** The required figures (bench/README.md), checked against the Pushgateway of the same run. */
function targets(o: Options, results: Record<string, Phase[]>): Array<Array<string | number>> {
  const ours = results.promkit ?? [];
  const theirs = results.pushgateway ?? [];
  const out: Array<Array<string | number>> = [];
  for (const p of ours) {
    out.push([`PUT req/s, ${p.groups} groups`, p.put.perSecond, '≥ 2000', p.put.perSecond >= 2000 ? 'yes' : 'NO']);
    if (p.groups === 10_000)
      out.push([`GET /metrics p50 ms, ${p.groups} groups`, p.get.p50, '≤ 200', p.get.p50 <= 200 ? 'yes' : 'NO']);
    const q = theirs.find((x) => x.groups === p.groups);
    if (q === undefined) continue;
    if (p.post && q.post)
      out.push([
        `POST node.prom req/s, ${p.groups} groups`,
        p.post.perSecond,
        `≥ ${fmtN(q.post.perSecond)}`,
        p.post.perSecond >= q.post.perSecond ? 'yes' : 'NO',
      ]);
    if (p.rssFillKb !== undefined && q.rssFillKb !== undefined) {
      out.push([
        `RSS MB after the fill, ${p.groups} groups`,
        p.rssFillKb / 1024,
        `≤ ${fmtN(q.rssFillKb / 1024)}`,
        p.rssFillKb <= q.rssFillKb ? 'yes' : 'NO',
      ]);
    }
    if (p.rssKb !== undefined && q.rssKb !== undefined) {
      out.push([
        `RSS MB after the loops, ${p.groups} groups`,
        p.rssKb / 1024,
        `≤ ${fmtN(q.rssKb / 1024)}`,
        p.rssKb <= q.rssKb ? 'yes' : 'NO',
      ]);
    }
  }
  return out;
}

function fmtN(n: number): string {
  return n >= 100 ? Math.round(n).toString() : n.toPrecision(3);
}

process.exitCode = await main(process.argv.slice(2));
