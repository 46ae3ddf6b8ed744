import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { send } from '../../scripts/gen-gateway-fixtures.lib.mjs';

/** A small real file system that runs full, and what a gateway tells about it: for the tmpfs compat test and the hardening bench. */

/** Mounts a tmpfs of `size` (mount(8) syntax, e.g. `2m`) on `dir`. Returns why it could not (it needs root), else undefined. */
export function mountTmpfs(dir: string, size = '2m'): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `cannot mount a tmpfs (${(e as Error).message.split('\n')[0]}); it needs root`;
  }
}

/** Unmounts what {@link mountTmpfs} mounted (lazily, so that open files do not stop it). */
export function unmountTmpfs(dir: string): void {
  execFileSync('umount', ['-l', dir]);
}

/**
 * Appends 512-byte blocks to `file` until the file system is full (at most `maxBlocks`). Returns
 * whether it ran full (ENOSPC); rethrows any other error.
 */
export function takeFreeSpace(file: string, maxBlocks = 8192): boolean {
  try {
    for (let i = 0; i < maxBlocks; i++) appendFileSync(file, Buffer.alloc(512));
    return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    return true;
  }
}

/** A gauge push of about 2 kB (a long label value), with sample value `i`. */
export const paddedPush = (i: number): string => `# TYPE x gauge\nx{pad="${'p'.repeat(2000)}"} ${i}\n`;

/** The `job` of every group a gateway (promkit or the Pushgateway) holds, from `GET /api/v1/metrics`, sorted. */
export async function groupJobs(base: string): Promise<string[]> {
  const r = await send(base, { method: 'GET', path: '/api/v1/metrics' });
  const data = (JSON.parse(r.body.toString()) as { data: { labels: { job: string } }[] }).data;
  return data.map((g) => g.labels.job).sort();
}

/** The value of `promkit_storage_up` in a gateway's exposition (undefined when absent). */
export async function storageUp(base: string): Promise<string | undefined> {
  const r = await send(base, { method: 'GET', path: '/metrics' });
  return /^promkit_storage_up (\d)$/m.exec(r.body.toString())?.[1];
}
