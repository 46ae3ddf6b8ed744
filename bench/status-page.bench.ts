// The status page at 10,000 groups: `promkit gateway` against Debian's prometheus-pushgateway 1.5.1,
// in the same run, over loopback, one server at a time, both filled with the same groups (small.prom
// PUT to /metrics/job/job-<i mod 100>/instance/host-<i>). Then GET of the page, sequentially, --gets
// times each: time to the last byte (p50, the server's rendering plus loopback transfer) and size.
// promkit serves a page of 100 groups; its first page, a middle page, a filtered and a sorted view are
// measured. The Pushgateway renders every group on one page: that is the anchor.
//   npm run bench:status-page [-- --groups 10000 --gets 5 --concurrency 8 --fill-seconds 600
//                                  --no-pushgateway --no-write]
// The Pushgateway is filled with its consistency check off (checked, a fill of 10,000 groups takes it
// hours); the page does not depend on it. Each fill is bounded by --fill-seconds; the groups actually
// stored are reported.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
  startServer,
  table,
  type ServerProcess,
} from './lib/harness.js';

const script = fileURLToPath(import.meta.url);
const pushgatewayBin = process.env.PUSHGATEWAY ?? '/usr/bin/prometheus-pushgateway';

interface Options {
  groups: number;
  gets: number;
  concurrency: number;
  fillSeconds: number;
  pushgateway: boolean;
  write: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { groups: 10_000, gets: 5, concurrency: 8, fillSeconds: 600, pushgateway: true, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const n = (): number => {
      const x = Number.parseInt(argv[++i] ?? '', 10);
      if (!(x > 0)) throw new Error(`${a}: expected a positive integer`);
      return x;
    };
    if (a === '--groups') o.groups = n();
    else if (a === '--gets') o.gets = n();
    else if (a === '--concurrency') o.concurrency = n();
    else if (a === '--fill-seconds') o.fillSeconds = n();
    else if (a === '--no-pushgateway') o.pushgateway = false;
    else if (a === '--no-write') o.write = false;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** One measured view of the page. */
interface View {
  server: string;
  view: string;
  path: string;
  groupsStored: number;
  fillSeconds: number;
  p50Ms: number;
  maxMs: number;
  bytes: number;
}

const groupPath = (i: number): string => `/metrics/job/job-${i % 100}/instance/host-${i}`;

async function storedGroups(url: string): Promise<number> {
  const r = (await (await fetch(`${url}/api/v1/metrics`)).json()) as { data: unknown[] };
  return r.data.length;
}

async function measure(
  name: string,
  server: ServerProcess,
  views: [string, string][],
  o: Options,
  small: Buffer,
  log: (s: string) => void,
): Promise<View[]> {
  log(`${name}: filling ${o.groups} groups (at most ${o.fillSeconds} s)…`);
  const fill = await loadLoop({
    url: server.url,
    concurrency: o.concurrency,
    maxRequests: o.groups,
    maxSeconds: o.fillSeconds,
    next: (i) => ({ method: 'PUT', path: groupPath(i), body: small }),
  });
  const stored = await storedGroups(server.url);
  const out: View[] = [];
  for (const [view, path] of views) {
    log(`${name}: GET ${path} ×${o.gets}…`);
    const r = await loadLoop({
      url: server.url,
      concurrency: 1,
      maxRequests: o.gets,
      maxSeconds: 600,
      next: () => ({ method: 'GET', path }),
    });
    if (Object.keys(r.statuses).some((s) => s !== '200'))
      throw new Error(`${name} GET ${path}: ${JSON.stringify(r.statuses)}`);
    out.push({
      server: name,
      view,
      path,
      groupsStored: stored,
      fillSeconds: fill.seconds,
      p50Ms: r.p50,
      maxMs: r.p99,
      bytes: r.bytesIn / r.requests,
    });
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--serve') return gatewayCommand(argv.slice(1), processIO());
  const o = options(argv);
  const root = repoRoot(import.meta.url);
  const small = corpusBytes(root, 'small');
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const before = machineNote();
  const results: View[] = [];
  const match = encodeURIComponent('{job="job-7",instance=~"host-1.*"}');
  {
    const port = await freePort();
    const s = await startServer(
      process.execPath,
      [script, '--serve', `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'],
      port,
    );
    try {
      const middle = Math.max(1, Math.ceil(o.groups / 200));
      results.push(
        ...(await measure(
          'promkit',
          s,
          [
            ['first page', '/'],
            ['middle page', `/?page=${middle}`],
            ['filtered', `/?match=${match}`],
            ['sorted by last push', '/?sort=oldest'],
            ['status tab', '/status'],
          ],
          o,
          small,
          log,
        )),
      );
    } finally {
      await s.stop();
    }
  }
  if (o.pushgateway && existsSync(pushgatewayBin)) {
    const port = await freePort();
    const s = await startServer(
      pushgatewayBin,
      [
        `--web.listen-address=127.0.0.1:${port}`,
        '--persistence.file=',
        '--log.level=error',
        '--push.disable-consistency-check',
      ],
      port,
    );
    try {
      results.push(...(await measure('pushgateway', s, [['whole page', '/']], o, small, log)));
    } finally {
      await s.stop();
    }
  } else if (o.pushgateway) log(`no Pushgateway at ${pushgatewayBin}: promkit only`);
  const anchor = results.find((r) => r.server === 'pushgateway');
  process.stdout.write(
    table(
      ['server', 'view', 'groups', 'fill s', 'p50 ms', 'max ms', 'KiB', 'time vs PG', 'size vs PG'],
      results.map((r) => [
        r.server,
        r.view,
        r.groupsStored,
        r.fillSeconds,
        r.p50Ms,
        r.maxMs,
        r.bytes / 1024,
        anchor ? (r.p50Ms / anchor.p50Ms).toPrecision(3) : '–',
        anchor ? (r.bytes / anchor.bytes).toPrecision(3) : '–',
      ]),
    ),
  );
  if (o.write) {
    const out = join(
      root,
      'bench',
      'results',
      `${before.at.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-status-page.json`,
    );
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify(
        { kind: 'status-page', options: o, machine: { start: before, end: machineNote() }, results },
        null,
        2,
      ) + '\n',
    );
    log(`wrote ${relative(process.cwd(), out)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
