// `promkit gateway` on etcd next to the same gateway on a local persistence file, in the same run, over
// loopback: checked PUT of small.prom to --groups groups already stored, then GET /metrics. etcd is a
// 3-member cluster of the Debian `etcd` binary ($ETCD_BIN) with its data in a temp directory, so every
// acknowledged etcd PUT was fsync'ed by two members; the local gateway fsyncs its journal. Bounded by a
// request count and a time per loop.
//   npm run bench:etcd [-- --groups 1000 --concurrency 8 --seconds 10 --requests 5000 --gets 20]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayCommand } from '../src/cli/commands/gateway.js';
import { processIO } from '../src/cli/io.js';
import { EtcdCluster } from '../test/helpers/etcd-cluster.js';
import {
  corpusBytes,
  freePort,
  loadLoop,
  machineNote,
  repoRoot,
  startServer,
  table,
  type LoadResult,
} from './lib/harness.js';

const script = fileURLToPath(import.meta.url);
const groupPath = (i: number): string => `/metrics/job/bench/instance/host-${i}`;

interface Options {
  groups: number;
  concurrency: number;
  seconds: number;
  requests: number;
  gets: number;
}

function options(argv: string[]): Options {
  const o: Options = { groups: 1000, concurrency: 8, seconds: 10, requests: 5000, gets: 20 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    if (!(key in o) || !/^\d+$/.test(argv[i + 1] ?? '')) throw new Error(`usage: ${argv[i]}: expected --${key} <n>`);
    o[key] = +argv[i + 1];
  }
  return o;
}

async function measure(name: string, flags: string[], o: Options, small: Buffer, log: (s: string) => void) {
  const port = await freePort();
  const server = await startServer(
    process.execPath,
    [script, '--serve', `--web.listen-address=127.0.0.1:${port}`, '--log.level=error', ...flags],
    port,
  );
  const check = (what: string, r: LoadResult, ok: number): void => {
    const bad = Object.entries(r.statuses).filter(([s]) => +s !== ok);
    if (bad.length > 0) throw new Error(`${name} ${what}: unexpected statuses ${JSON.stringify(r.statuses)}`);
  };
  try {
    log(`${name}: filling ${o.groups} groups…`);
    const fill = await loadLoop({
      url: server.url,
      concurrency: o.concurrency,
      maxRequests: o.groups,
      maxSeconds: 600,
      next: (i) => ({ method: 'PUT', path: groupPath(i), body: small }),
    });
    check('fill', fill, 200);
    log(`${name}: PUT…`);
    const put = await loadLoop({
      url: server.url,
      concurrency: o.concurrency,
      maxRequests: o.requests,
      maxSeconds: o.seconds,
      next: (i) => ({ method: 'PUT', path: groupPath((i * 7919) % o.groups), body: small }),
    });
    check('PUT', put, 200);
    log(`${name}: GET /metrics…`);
    const get = await loadLoop({
      url: server.url,
      concurrency: 1,
      maxRequests: o.gets,
      maxSeconds: Math.max(o.seconds, 30),
      next: () => ({ method: 'GET', path: '/metrics' }),
    });
    check('GET', get, 200);
    return { put, get };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${server.stderr().trim().slice(-4000)}`, { cause: e });
  } finally {
    await server.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--serve') return gatewayCommand(argv.slice(1), processIO());
  const o = options(argv);
  const small = corpusBytes(repoRoot(import.meta.url), 'small');
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  log(
    `load average ${machineNote().loadavg.join(' ')}; ${o.concurrency} clients, at most ${o.requests} requests or ${o.seconds} s per loop`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'promkit-etcd-bench-'));
  const cluster = await EtcdCluster.start(3);
  try {
    const local = await measure('local', [`--persistence.file=${join(dir, 'state')}`], o, small, log);
    const etcd = await measure('etcd', [`--storage.etcd.endpoints=${cluster.endpoints.join(',')}`], o, small, log);
    const rows = [
      ['local', o.groups, local.put.perSecond, local.put.p50, local.get.p50, 1, 1],
      [
        'etcd (3 members)',
        o.groups,
        etcd.put.perSecond,
        etcd.put.p50,
        etcd.get.p50,
        etcd.put.perSecond / local.put.perSecond,
        etcd.get.p50 / local.get.p50,
      ],
    ];
    process.stdout.write(
      table(
        ['storage', 'groups', 'PUT req/s', 'PUT p50 ms', 'GET p50 ms', 'PUT req/s ÷ local', 'GET p50 ÷ local'],
        rows,
      ),
    );
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
