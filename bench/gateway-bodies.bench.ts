// Hostile request bodies against `promkit gateway` (this built file, `--serve`), one fresh server per case,
// over loopback: a 16 MiB snappy body that decodes to ~330 MiB, a snappy chunk forging a 16 GiB length,
// a gzip bomb (1 GiB of '#', ~1 MiB on the wire) and a 16 MiB gzip push, each sent once without credentials.
// While a case runs, a probe sends GET /-/healthy back to back; the longest probe answer is the time the
// event loop was held. Peak RSS is the server's VmHWM minus its RSS before the case.
//   npm run bench:gateway-bodies [-- --repeat 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayCommand } from '../src/cli/commands/gateway.js';
import { processIO } from '../src/cli/io.js';
import { freePort, machineNote, startServer, table } from './lib/harness.js';
import { hostileBodies, sendBody, type BodyCase } from './lib/hostile-bodies.js';
import { probeOnce, whileProbing } from './lib/probe.js';

const script = fileURLToPath(import.meta.url);

async function runCase(c: BodyCase): Promise<(string | number)[]> {
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
    const r = await whileProbing(server.url, server.child.pid!, () => sendBody(server.url, c));
    const alive = await probeOnce(server.url).then(() => 'yes');
    return [
      c.name,
      (c.body.length / 1024 / 1024).toFixed(2),
      r.result,
      r.ms.toFixed(0),
      r.heldMs.toFixed(0),
      r.peakRssMib.toFixed(0),
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
  for (let r = 0; r < repeat; r++) for (const c of hostileBodies()) rows.push(await runCase(c));
  const note = machineNote();
  process.stdout.write(`load average ${note.loadavg.map((x) => x.toFixed(2)).join(' ')}; node ${note.node}\n`);
  process.stdout.write(
    table(['case', 'wire MiB', 'status', 'answer ms', 'longest probe ms', 'peak RSS +MiB', 'alive after'], rows) + '\n',
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
