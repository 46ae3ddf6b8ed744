// Hostile request bodies against `promkit gateway` (this built file, `--serve`), one fresh server per case,
// over loopback: a 16 MiB snappy body that decodes to ~330 MiB, a snappy chunk forging a 16 GiB length,
// a gzip bomb (1 GiB of '#', ~1 MiB on the wire) and a 16 MiB gzip push, each sent once without credentials.
// While a case runs, a probe sends GET /-/healthy back to back; the longest probe answer is the time the
// event loop was held. Peak RSS is the server's VmHWM minus its RSS before the case.
//   npm run bench:gateway-bodies [-- --repeat 3]
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { gatewayCommand } from '../src/cli/commands/gateway.js';
import { processIO } from '../src/cli/io.js';
import { snappyBomb, snappyForgedLength } from '../test/helpers/snappy-frames.js';
import { freePort, machineNote, rssKb, startServer, table } from './lib/harness.js';

const script = fileURLToPath(import.meta.url);

interface Case {
  name: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

function cases(): Case[] {
  const hashLine = (n: number): Buffer => Buffer.alloc(n, 0x23);
  return [
    {
      name: 'snappy 16 MiB body (decodes to ~330 MiB)',
      path: '/metrics/job/bomb',
      headers: { 'Content-Encoding': 'snappy' },
      body: snappyBomb(330),
    },
    {
      name: 'snappy forged 16 GiB length',
      path: '/metrics/job/forged',
      headers: { 'Content-Encoding': 'snappy' },
      body: snappyForgedLength(2 ** 34),
    },
    {
      name: 'gzip bomb (1 GiB decoded)',
      path: '/metrics/job/gzbomb',
      headers: { 'Content-Encoding': 'gzip' },
      body: gzipSync(hashLine(1024 * 1024 * 1024)),
    },
    {
      name: 'gzip 16 MiB push',
      path: '/metrics/job/gz16',
      headers: { 'Content-Encoding': 'gzip' },
      body: gzipSync(Buffer.concat([hashLine(16 * 1024 * 1024), Buffer.from('\nup 1\n')])),
    },
  ];
}

function send(url: string, c: Case): Promise<number> {
  const u = new URL(c.path, url);
  return new Promise((resolve) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'PUT',
        headers: { ...c.headers, 'Content-Length': c.body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(c.body);
  });
}

function probeOnce(url: string): Promise<number> {
  const t = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(`${url}/-/healthy`, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - t) / 1e6));
    });
    req.on('error', () => resolve(Number(process.hrtime.bigint() - t) / 1e6));
    req.end();
  });
}

function peakKb(pid: number): number {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? +m[1] : 0;
}

async function runCase(c: Case): Promise<(string | number)[]> {
  const dir = mkdtempSync(join(tmpdir(), 'promkit-bodies-'));
  const port = await freePort();
  const server = await startServer(
    process.execPath,
    [
      script,
      '--serve',
      `--web.listen-address=127.0.0.1:${port}`,
      `--persistence.file=${join(dir, 'state')}`,
      '--log.level=error',
    ],
    port,
  );
  try {
    const pid = server.child.pid!;
    const before = rssKb(pid) ?? 0;
    let done = false;
    let worst = 0;
    const probing = (async () => {
      while (!done) worst = Math.max(worst, await probeOnce(server.url));
    })();
    const t = process.hrtime.bigint();
    const status = await send(server.url, c);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    done = true;
    await probing;
    const alive = await probeOnce(server.url).then(() => 'yes');
    return [
      c.name,
      (c.body.length / 1024 / 1024).toFixed(2),
      status,
      ms.toFixed(0),
      worst.toFixed(0),
      ((peakKb(pid) - before) / 1024).toFixed(0),
      alive,
    ];
  } finally {
    await server.stop(5000);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--serve') return gatewayCommand(argv.slice(1), processIO());
  const repeat = argv[0] === '--repeat' ? Number(argv[1]) : 1;
  const rows: (string | number)[][] = [];
  for (let r = 0; r < repeat; r++) for (const c of cases()) rows.push(await runCase(c));
  const note = machineNote();
  process.stdout.write(`load average ${note.loadavg.map((x) => x.toFixed(2)).join(' ')}; node ${note.node}\n`);
  process.stdout.write(
    table(['case', 'wire MiB', 'status', 'answer ms', 'longest probe ms', 'peak RSS +MiB', 'alive after'], rows) + '\n',
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
