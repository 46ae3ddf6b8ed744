import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net.js';

/** The Debian etcd server binary (`etcd-server`). */
export const ETCD_BIN = process.env.ETCD_BIN ?? 'etcd';

/** One etcd member of a test cluster. */
export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
  proc: ChildProcess | undefined;
  log: string;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** POSTs JSON to etcd's gRPC gateway (`/v3/...`) with a short timeout. */
async function gatewayCall(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(2000),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/**
 * A local etcd cluster on loopback ports with its data in a temporary
 * folder, for tests: members can be killed (SIGKILL) and restarted from
 * their data.
 */
export class EtcdCluster {
  readonly members: EtcdMember[] = [];
  private readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  /** Starts `size` members and waits (bounded) until the cluster answers writes. */
  static async start(size = 3, timeoutMs = 30_000): Promise<EtcdCluster> {
    const c = new EtcdCluster(mkdtempSync(join(tmpdir(), 'promkit-etcd-')));
    for (let i = 0; i < size; i++) {
      const name = `m${i}`;
      c.members.push({
        name,
        clientUrl: `http://127.0.0.1:${await freePort()}`,
        peerUrl: `http://127.0.0.1:${await freePort()}`,
        dataDir: join(c.root, name),
        proc: undefined,
        log: '',
      });
    }
    for (const m of c.members) c.spawn(m);
    await c.waitHealthy(timeoutMs);
    return c;
  }

  /** Client URLs of every member. */
  get endpoints(): string[] {
    return this.members.map((m) => m.clientUrl);
  }

  private spawn(m: EtcdMember): void {
    const cluster = this.members.map((x) => `${x.name}=${x.peerUrl}`).join(',');
    const proc = spawn(
      ETCD_BIN,
      [
        `--name=${m.name}`,
        `--data-dir=${m.dataDir}`,
        `--listen-client-urls=${m.clientUrl}`,
        `--advertise-client-urls=${m.clientUrl}`,
        `--listen-peer-urls=${m.peerUrl}`,
        `--initial-advertise-peer-urls=${m.peerUrl}`,
        `--initial-cluster=${cluster}`,
        '--initial-cluster-state=new',
        '--initial-cluster-token=promkit-test',
        '--log-level=warn',
        '--logger=zap',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    m.log = '';
    proc.stderr!.on('data', (b: Buffer) => {
      if (m.log.length < 200_000) m.log += b.toString();
    });
    m.proc = proc;
  }

  /** Waits until a write through each running member succeeds. */
  async waitHealthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const m of this.members) {
      if (!m.proc) continue;
      for (;;) {
        try {
          await gatewayCall(m.clientUrl, '/v3/kv/put', { key: b64('health'), value: b64('ok') });
          break;
        } catch (e) {
          if (Date.now() > deadline)
            throw new Error(`etcd ${m.name} not healthy: ${(e as Error).message}\n${m.log}`, { cause: e });
          await sleep(200);
        }
      }
    }
  }

  /** The member that is the leader right now (asks the running members). */
  async leader(): Promise<EtcdMember> {
    for (let attempt = 0; attempt < 50; attempt++) {
      for (const m of this.members) {
        if (!m.proc) continue;
        try {
          const s = await gatewayCall(m.clientUrl, '/v3/maintenance/status', {});
          const header = s.header as { member_id: string };
          if (s.leader !== undefined && s.leader === header.member_id) return m;
        } catch {
          // try the next member
        }
      }
      await sleep(200);
    }
    throw new Error('no etcd leader found');
  }

  /** Kills a member with SIGKILL and waits for it to exit. */
  async kill(m: EtcdMember): Promise<void> {
    const p = m.proc;
    if (!p) return;
    m.proc = undefined;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  /** Restarts a killed member from its data directory. */
  restart(m: EtcdMember): void {
    if (!m.proc) this.spawn(m);
  }

  /** Compacts the key-value history up to the current revision (physically, so that older watches are cancelled). */
  async compact(): Promise<string> {
    const m = this.members.find((x) => x.proc)!;
    const r = await gatewayCall(m.clientUrl, '/v3/kv/range', { key: b64('health') });
    const rev = (r.header as { revision: string }).revision;
    await gatewayCall(m.clientUrl, '/v3/kv/compaction', { revision: rev, physical: true });
    return rev;
  }

  /** Kills every member and deletes the data. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => this.kill(m)));
    rmSync(this.root, { recursive: true, force: true });
  }
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}
