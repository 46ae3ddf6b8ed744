// The built CLI as a process: every acknowledged push survives kill -9;
// SIGHUP persists and keeps running; SIGTERM persists and exits 0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { CLI, spawnGateway, type GatewayProcess } from './helpers/gateway-process.js';

const dir = mkdtempSync(join(tmpdir(), 'promkit-crash-'));
const started: GatewayProcess[] = [];
afterAll(() => {
  for (const g of started) if (g.proc.exitCode === null && g.proc.signalCode === null) g.proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function start(file: string, extra: string[] = []): Promise<GatewayProcess> {
  const g = await spawnGateway([`--persistence.file=${file}`, ...extra]);
  started.push(g);
  return g;
}

interface ApiGroup {
  labels: Record<string, string>;
  [family: string]: unknown;
}

async function groups(base: string): Promise<ApiGroup[]> {
  const r = await send(base, { method: 'GET', path: '/api/v1/metrics' });
  return (JSON.parse(r.body.toString()) as { data: ApiGroup[] }).data;
}

describe('crash safety of the built CLI', () => {
  test('kill -9 with pushes in flight: every acknowledged push is there after a restart', async () => {
    const file = join(dir, 'crash.json');
    const g = await start(file);
    const acked = new Map<string, number>();
    let stop = false;
    const loop = async (worker: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const job = `w${worker}_${i}`;
        const step =
          i % 3 === 2
            ? { method: 'POST', path: `/metrics/job/${job}`, body: `crash_v ${i}\n` }
            : { method: 'PUT', path: `/metrics/job/${job}/instance/x`, body: `crash_v ${i}\n` };
        try {
          const r = await send(g.base, step, 5000);
          if (r.status === 200) acked.set(step.path, i);
        } catch {
          return; // the server is gone
        }
      }
    };
    const loops = [0, 1, 2, 3, 4, 5].map(loop);
    while (acked.size < 300) await new Promise((r) => setTimeout(r, 5));
    g.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    expect(await g.exited).toBe('SIGKILL');

    const h = await start(file);
    const restored = await groups(h.base);
    const byPath = new Map<string, ApiGroup>();
    for (const gr of restored) {
      const path = `/metrics/job/${gr.labels.job}${gr.labels.instance ? `/instance/${gr.labels.instance}` : ''}`;
      byPath.set(path, gr);
    }
    const missing = [...acked.keys()].filter((p) => !byPath.has(p));
    expect(missing).toEqual([]);
    for (const [p, i] of acked) {
      const fam = byPath.get(p)!.crash_v as { metrics: { value: string }[] };
      expect(fam.metrics[0].value).toBe(String(i));
    }
    expect(h.log()).toMatch(/msg="restored persisted metrics" file=\S+ groups=\d+ replayed=\d+ refused=0/);
    expect(h.log()).not.toContain('kept aside');
    h.proc.kill('SIGTERM');
    expect(await h.exited).toBe(0);
  });

  test('SIGHUP persists and keeps serving; SIGTERM persists and exits 0', async () => {
    const file = join(dir, 'signals.json');
    const g = await start(file);
    expect((await send(g.base, { method: 'PUT', path: '/metrics/job/hup', body: 'hup 1\n' })).status).toBe(200);
    g.proc.kill('SIGHUP');
    await g.waitForLog(/msg="metrics persisted" file=\S+ reason=SIGHUP groups=1/);
    expect(g.proc.exitCode).toBeNull();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { store: { groups: unknown[] } };
    expect(saved.store.groups).toHaveLength(1);
    expect((await send(g.base, { method: 'PUT', path: '/metrics/job/term', body: 'term 1\n' })).status).toBe(200);
    g.proc.kill('SIGTERM');
    expect(await g.exited).toBe(0);
    expect(g.log()).toContain('msg="received SIGINT/SIGTERM; exiting gracefully..."');
    const final = JSON.parse(readFileSync(file, 'utf8')) as { store: { groups: { labels: string[][] }[] } };
    expect(final.store.groups.map((x) => x.labels[0][1]).sort()).toEqual(['hup', 'term']);
  });

  test('a corrupt state file stops the start with a clear message and is left unchanged', async () => {
    const file = join(dir, 'corrupt.json');
    const { writeFileSync } = await import('node:fs');
    const { spawn } = await import('node:child_process');
    writeFileSync(file, '{"format":"promkit-gateway","version":7}');
    const proc = spawn(
      process.execPath,
      [CLI, 'gateway', '--web.listen-address=127.0.0.1:0', `--persistence.file=${file}`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let log = '';
    proc.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(log).toMatch(
      /level=error msg="could not start" err=.*state file has version 7; this build reads versions 1 and 2/,
    );
    expect(log).toContain('refusing to start so that no stored metrics are lost');
    expect(readFileSync(file, 'utf8')).toBe('{"format":"promkit-gateway","version":7}');
  });
});
