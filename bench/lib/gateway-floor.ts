// `promkit gateway` against the floor of this runtime, in one run: a bare node:http server that only
// reads each body and answers 200, and serves a static buffer of the gateway's exposition size on GET.
// Both are driven by Debian's `wrk` for PUT and POST (a Lua script cycling over the group paths) and
// by sequential GETs for /metrics; the gateway runs from the built CLI (`dist/cli/main.js gateway`)
// with persistence on in a temp directory. Every loop is bounded in count and time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatePayload, type GenerateOptions } from '../../src/bench/generate.js';
import { median } from '../../src/bench/stats.js';
import { freePort, loadLoop, rssKb, startServer, type LoadResult, type ServerProcess } from './harness.js';

/** What one run measures and how hard. */
export interface FloorOptions {
  /** Groups of small.prom stored before the loops. */
  groups: number;
  /** Seconds of each `wrk` run. */
  seconds: number;
  /** `wrk` connections (one thread). */
  connections: number;
  /** Concurrent scrapers while the pushers run, for the bounded-RSS figure. */
  scrapers: number;
  /** Sequential GET /metrics per server for the p50. */
  gets: number;
  /** Runs of each command for the start-up median. */
  starts: number;
  /** `--limits.series-per-push` of the "limit on" run. */
  seriesLimit: number;
}

/** The setting: 10,000 groups, 8 connections for 5 s, 50 scrapers. */
export const DEFAULT_FLOOR: Readonly<FloorOptions> = Object.freeze({
  groups: 10_000,
  seconds: 5,
  connections: 8,
  scrapers: 50,
  gets: 5,
  starts: 5,
  seriesLimit: 1000,
});

/** One row of the result: the gateway's figure, the anchor's, their ratio and the target. */
export interface FloorRow {
  measure: string;
  promkit: number;
  anchor: number | undefined;
  anchorName: string;
  target: string;
  met: boolean | undefined;
}

/** A `wrk` run's outcome. */
export interface WrkResult {
  perSecond: number;
  /** Requests answered. */
  requests: number;
  /** Responses that were not 2xx or 3xx. */
  non2xx: number;
  /** Requests that got no answer within wrk's `--timeout`. */
  timeouts: number;
  /** Connect, read and write errors. */
  socketErrors: number;
  /** 99th percentile of the answered requests' latency in ms. */
  p99: number;
}

/** Whether Debian's `wrk` is on the PATH. */
export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** Shapes close to the repository's small.prom (20 lines, one histogram) and node.prom (~500 lines). */
const SHAPES: Record<'small' | 'node', GenerateOptions> = {
  small: {
    series: 20,
    families: 8,
    histograms: 0.45,
    summaries: 0,
    buckets: 6,
    quantiles: 3,
    labels: 1,
    escapes: 0,
    timestamps: 0,
    seed: 1,
  },
  node: {
    series: 500,
    families: 90,
    histograms: 0.05,
    summaries: 0.05,
    buckets: 10,
    quantiles: 3,
    labels: 2,
    escapes: 0,
    timestamps: 0,
    seed: 2,
  },
};

/**
 * The payload `name`: `vendor/bench-data/<name>.prom` or `bench/data/<name>.prom` in the repository
 * when present, else a generated payload of the same shape. Returns the bytes and where they came from.
 */
export function floorPayload(root: string, name: 'small' | 'node'): { bytes: Buffer; source: string } {
  for (const dir of ['vendor/bench-data', 'bench/data']) {
    const path = join(root, dir, `${name}.prom`);
    if (existsSync(path)) return { bytes: readFileSync(path), source: `${dir}/${name}.prom` };
  }
  return { bytes: Buffer.from(generatePayload(SHAPES[name])), source: `generated like ${name}.prom` };
}

// The floor: plain JavaScript for `node -e`, so that it runs the same from sources and from a build.
// With a journal path it is the durable floor: each body is appended to that file and answered only
// once an fdatasync covering it returned (one sync for all bodies that arrived while the previous one
// ran), the least any server pays here to acknowledge only what is on disk. With a module URL it is
// the parse floor: each body is parsed with that module's \`parse\` before the answer (a server that
// parses what it receives, and does nothing else).
const FLOOR_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const page = Buffer.alloc(+process.argv[2], 0x61);
const fd = process.argv[3] ? fs.openSync(process.argv[3], 'a') : -1;
let parse;
let waiting = [];
let syncing = false;
function commit() {
  if (syncing || waiting.length === 0) return;
  syncing = true;
  const batch = waiting;
  waiting = [];
  fs.writeSync(fd, Buffer.concat(batch.map((w) => w.body)));
  fs.fdatasync(fd, (err) => {
    syncing = false;
    for (const w of batch) { w.res.statusCode = err ? 500 : 200; w.res.end(); }
    commit();
  });
}
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url !== '/-/ready') {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Length': page.length });
    res.end(page);
    return;
  }
  const chunks = [];
  req.on('data', (c) => { if (fd >= 0 || parse) chunks.push(c); });
  req.on('end', () => {
    if (parse) {
      try { parse(Buffer.concat(chunks)); } catch { res.statusCode = 400; return res.end(); }
    }
    if (fd < 0) return res.end();
    waiting.push({ body: Buffer.concat(chunks), res });
    commit();
  });
});
(process.argv[4] ? import(process.argv[4]).then((m) => (parse = m.parse)) : Promise.resolve()).then(() =>
  server.listen(+process.argv[1], '127.0.0.1'));
`;

/**
 * Starts the floor on a free loopback port: it serves `bytes` bytes on GET and answers every other
 * request 200, at once or, with `journal`, once the body is appended to that file and synced; with
 * `parser` (the URL of a module exporting promkit's `parse`), after parsing the body with it.
 */
export async function startFloor(bytes: number, journal = '', parser = ''): Promise<ServerProcess> {
  const port = await freePort();
  return startServer(process.execPath, ['-e', FLOOR_SERVER, String(port), String(bytes), journal, parser], port);
}

/** The path of group `i` of the filled store. */
export const groupPath = (i: number): string => `/metrics/job/bench/instance/host-${i}`;

/** A Lua script for `wrk`: `method` with the body in `bodyFile`, cycling over `paths` distinct paths. */
export function wrkScript(method: string, bodyFile: string, pathOf: string, paths: number): string {
  return `local f = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))
local body = f:read("*a")
f:close()
local n = 0
local headers = { ["Content-Type"] = "text/plain; version=0.0.4" }
request = function()
  n = n + 1
  local i = (n * 7919) % ${paths}
  return wrk.format("${method}", ${pathOf}, headers, body)
end
`;
}

/** A wrk latency (`812.00us`, `1.25ms`, `3.10s`, `1.02m`) in ms. */
function wrkMs(value: string, unit: string): number {
  return +value * ({ us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] ?? NaN);
}

/**
 * Runs `wrk` (1 thread) against `url` with `script` for `seconds`, each request given `timeout`
 * seconds (default: `seconds`, at least 2); bounded by a kill after twice the run. Rejects when wrk
 * fails; requests without an answer are counted, not thrown.
 */
export function runWrk(
  url: string,
  script: string,
  seconds: number,
  connections: number,
  timeout = Math.max(2, seconds),
): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', `${timeout}s`, '--latency', '-s', script, url],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds * 2 + 30) * 1000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
      const total = /(\d+) requests in/.exec(out);
      if (code !== 0 || !rate || !total) return reject(new Error(`wrk exited with ${code}:\n${out}`));
      const bad = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m|h)\s*$/m.exec(out);
      resolve({
        perSecond: +rate[1],
        requests: +total[1],
        non2xx: bad ? +bad[1] : 0,
        timeouts: errors ? +errors[4] : 0,
        socketErrors: errors ? +errors[1] + +errors[2] + +errors[3] : 0,
        p99: p99 ? wrkMs(p99[1], p99[2]) : NaN,
      });
    });
  });
}

/** Sequential GETs of `path`: `count` of them, at most `maxSeconds`. */
function gets(url: string, count: number, maxSeconds = 120): Promise<LoadResult> {
  return loadLoop({
    url,
    concurrency: 1,
    maxRequests: count,
    maxSeconds,
    next: () => ({ method: 'GET', path: '/metrics' }),
  });
}

function ok(what: string, r: WrkResult | LoadResult): void {
  const bad =
    'statuses' in r
      ? Object.keys(r.statuses).filter((s) => s !== '200').length
      : r.non2xx + r.timeouts + r.socketErrors;
  if (bad > 0) throw new Error(`${what}: ${JSON.stringify('statuses' in r ? r.statuses : r)}`);
}

/** Median wall time in ms of `runs` runs of `node args`, each bounded to 60 s. */
function startupMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}`);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Starts `promkit gateway` from the built CLI on a free port, persisting to `file`. */
async function startGateway(root: string, file: string, extra: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const args = [
    join(root, 'dist', 'cli', 'main.js'),
    'gateway',
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${file}`,
    '--log.level=error',
    ...extra,
  ];
  return startServer(process.execPath, args, port);
}

/** Peak RSS (kB) of `pid`, sampled every 100 ms while `work` runs. */
async function peakRss(pid: number, work: Promise<unknown>): Promise<number> {
  let peak = rssKb(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssKb(pid) ?? 0)), 100);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssKb(pid) ?? 0);
}

/** Stores `groups` groups of `body` (PUT to {@link groupPath}) with `connections` clients; returns the load result. */
export function fillGroups(url: string, groups: number, connections: number, body: Buffer): Promise<LoadResult> {
  return loadLoop({
    url,
    concurrency: connections,
    maxRequests: groups,
    maxSeconds: 1800,
    next: (i) => ({ method: 'PUT', path: groupPath(i), body }),
  });
}

/** What {@link scrapeWhilePushing} measured. */
export interface UnderLoad {
  scrapes: LoadResult;
  pushes: WrkResult;
  /** The server's peak RSS in kB, sampled every 100 ms. */
  peakKb: number;
}

/**
 * `scrapers` clients GET /metrics back to back (at most `maxScrapes`) while `wrk` runs `pushLua` with
 * `pushers` connections, both for `seconds`; with `timeout`, a push or scrape unanswered after that many
 * seconds counts as timed out (a scrape: status 0).
 */
export async function scrapeWhilePushing(
  url: string,
  pid: number,
  o: { scrapers: number; pushers: number; seconds: number; maxScrapes: number; pushLua: string; timeout?: number },
): Promise<UnderLoad> {
  const scrapes = loadLoop({
    url,
    concurrency: o.scrapers,
    maxRequests: o.maxScrapes,
    maxSeconds: o.seconds,
    timeoutSeconds: o.timeout,
    next: () => ({ method: 'GET', path: '/metrics' }),
  });
  const pushes = runWrk(url, o.pushLua, o.seconds, o.pushers, o.timeout);
  const peakKb = await peakRss(pid, Promise.all([scrapes, pushes]));
  return { scrapes: await scrapes, pushes: await pushes, peakKb };
}

/** Counts the groups a gateway exposes (one `push_time_seconds` sample per group). */
async function groupCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.match(/^push_time_seconds\{/gm)?.length ?? 0;
}

/**
 * Runs the whole comparison once and returns its rows. `root` is the repository (with a built
 * `dist/`); `log` gets progress lines. Throws when `wrk` is missing or a server answers an error.
 */
export async function runGatewayFloor(root: string, o: FloorOptions, log: (s: string) => void): Promise<FloorRow[]> {
  if (!hasWrk()) throw new Error('wrk not found (Debian package wrk)');
  const cli = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`${cli} not found: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'promkit-gateway-floor-'));
  const servers: ServerProcess[] = [];
  try {
    const small = floorPayload(root, 'small');
    const node = floorPayload(root, 'node');
    log(`small: ${small.source} (${small.bytes.length} B); node: ${node.source} (${node.bytes.length} B)`);
    const smallFile = join(dir, 'small.prom');
    const nodeFile = join(dir, 'node.prom');
    writeFileSync(smallFile, small.bytes);
    writeFileSync(nodeFile, node.bytes);
    const putLua = join(dir, 'put.lua');
    const postLua = join(dir, 'post.lua');
    writeFileSync(putLua, wrkScript('PUT', smallFile, '"/metrics/job/bench/instance/host-" .. i', o.groups));
    writeFileSync(postLua, wrkScript('POST', nodeFile, '"/metrics/job/node/instance/node-" .. (i % 10)', 10));
    const store = join(dir, 'gateway.data');

    let gw = await startGateway(root, store);
    servers.push(gw);
    log(`filling ${o.groups} groups…`);
    const fill = await fillGroups(gw.url, o.groups, o.connections, small.bytes);
    ok('fill', fill);
    if (fill.requests !== o.groups) throw new Error(`fill stopped after ${fill.requests} of ${o.groups} PUTs`);
    const exposition = (await (await fetch(`${gw.url}/metrics`)).arrayBuffer()).byteLength;

    const floor = await startFloor(exposition);
    servers.push(floor);

    log('PUT small.prom (wrk)…');
    const put = await runWrk(gw.url, putLua, o.seconds, o.connections);
    ok('PUT', put);
    const rssAfterPut = rssKb(gw.child.pid ?? -1) ?? NaN;
    const putFloor = await runWrk(floor.url, putLua, o.seconds, o.connections);
    const durable = await startFloor(exposition, join(dir, 'durable-floor.journal'));
    servers.push(durable);
    const putDurable = await runWrk(durable.url, putLua, o.seconds, o.connections);
    await durable.stop();
    const parsing = await startFloor(exposition, '', pathToFileURL(join(root, 'dist', 'index.js')).href);
    servers.push(parsing);
    const putParsing = await runWrk(parsing.url, putLua, o.seconds, o.connections);
    await parsing.stop();

    log('GET /metrics…');
    const get = await gets(gw.url, o.gets);
    ok('GET', get);
    const getFloor = await gets(floor.url, o.gets);

    log(`${o.scrapers} scrapers while ${o.connections} clients push…`);
    const {
      scrapes,
      pushes,
      peakKb: peak,
    } = await scrapeWhilePushing(gw.url, gw.child.pid ?? -1, {
      scrapers: o.scrapers,
      pushers: o.connections,
      seconds: o.seconds,
      maxScrapes: o.scrapers * 4,
      pushLua: putLua,
    });
    ok('scrapes under push', scrapes);
    ok('pushes under scrapes', pushes);

    log('POST node.prom (wrk)…');
    const post = await runWrk(gw.url, postLua, o.seconds, o.connections);
    ok('POST', post);
    const postFloor = await runWrk(floor.url, postLua, o.seconds, o.connections);

    // Restart from the file: every acknowledged group must come back. Then the series limit off and
    // on, each right after a restart from the same file, so that both start from the same state.
    await gw.stop();
    gw = await startGateway(root, store);
    servers.push(gw);
    // POSTs acknowledged to wrk touched at least min(10, count) node groups; ones in flight at its end may add more.
    const restored = await groupCount(gw.url);
    const least = o.groups + Math.min(10, post.requests);
    if (restored < least || restored > o.groups + 10)
      throw new Error(`restart restored ${restored} groups, expected ${least} to ${o.groups + 10}`);
    log('PUT small.prom after a restart, the series limit off and on…');
    const putNoLimit = await runWrk(gw.url, putLua, o.seconds, o.connections);
    ok('PUT without the limit', putNoLimit);
    await gw.stop();
    gw = await startGateway(root, store, [`--limits.series-per-push=${o.seriesLimit}`]);
    servers.push(gw);
    const putLimit = await runWrk(gw.url, putLua, o.seconds, o.connections);
    ok('PUT with the limit', putLimit);

    log('start-up…');
    const startCli = startupMs([cli, 'parse', smallFile], o.starts);
    const startNode = startupMs(['-e', '0'], o.starts);

    const mb = (kb: number): number => kb / 1024;
    return [
      row(
        `PUT small.prom req/s, ${o.groups} groups`,
        put.perSecond,
        putFloor.perSecond,
        'floor',
        '≥ 0.35×',
        (r) => r >= 0.35,
      ),
      row(
        'PUT req/s, the same against the durable floor',
        put.perSecond,
        putDurable.perSecond,
        'durable floor',
        '',
        () => undefined,
      ),
      row(
        'durable floor ÷ floor (the most any durable PUT can reach)',
        putDurable.perSecond,
        putFloor.perSecond,
        'floor',
        '',
        () => undefined,
      ),
      row(
        'parse floor ÷ floor (the floor parsing each body with promkit)',
        putParsing.perSecond,
        putFloor.perSecond,
        'floor',
        '',
        () => undefined,
      ),
      row(
        `GET /metrics p50 ms (${(exposition / 1e6).toFixed(1)} MB)`,
        get.p50,
        getFloor.p50,
        'floor',
        '≤ 2×',
        (r) => r <= 2,
      ),
      row('RSS MB after the PUT load', mb(rssAfterPut), undefined, '', '≤ 160 MB', () => mb(rssAfterPut) <= 160),
      row(
        `RSS MB peak, ${o.scrapers} scrapers + ${o.connections} pushers`,
        mb(peak),
        undefined,
        '',
        'bounded',
        () => undefined,
      ),
      row('POST node.prom req/s', post.perSecond, postFloor.perSecond, 'floor', '', () => undefined),
      row(
        `PUT req/s, --limits.series-per-push=${o.seriesLimit}`,
        putLimit.perSecond,
        putNoLimit.perSecond,
        'limit off',
        '',
        () => undefined,
      ),
      row('start-up ms, promkit parse small.prom', startCli, startNode, 'node -e 0', '', () => undefined),
    ];
  } finally {
    for (const s of servers) await s.stop(10_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(
  measure: string,
  promkit: number,
  anchor: number | undefined,
  anchorName: string,
  target: string,
  met: (ratio: number) => boolean | undefined,
): FloorRow {
  return { measure, promkit, anchor, anchorName, target, met: met(anchor === undefined ? NaN : promkit / anchor) };
}
