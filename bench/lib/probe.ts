// How long a server's event loop is held while a request runs: a probe sends GET /-/healthy back to back
// and the longest answer is the figure. Also the server's peak RSS over the same time.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { rssKb } from './harness.js';

/** Milliseconds until `GET <url>/-/healthy` was answered (or failed). */
export function probeOnce(url: string): Promise<number> {
  const t = process.hrtime.bigint();
  const took = (): number => Number(process.hrtime.bigint() - t) / 1e6;
  return new Promise((resolve) => {
    const req = request(`${url}/-/healthy`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(took()));
    });
    req.on('error', () => resolve(took()));
    req.end();
  });
}

/** Peak resident set size of `pid` in kB (`VmHWM` of /proc/<pid>/status); 0 when unreadable. */
export function peakKb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1] : 0;
  } catch {
    return 0;
  }
}

/** What {@link whileProbing} measured around a piece of work. */
export interface Probed<T> {
  result: T;
  /** Wall time of the work in ms. */
  ms: number;
  /** The longest probe answer in ms: how long the server could not answer. */
  heldMs: number;
  /** The server's peak RSS over its life minus its RSS before the work, in MiB. */
  peakRssMib: number;
}

/**
 * Runs `work` against the server at `url` (process `pid`) while a probe asks `/-/healthy` back to back;
 * returns the work's result, its time, the longest probe answer and the peak RSS added.
 */
export async function whileProbing<T>(url: string, pid: number, work: () => Promise<T>): Promise<Probed<T>> {
  const before = rssKb(pid) ?? 0;
  let done = false;
  let heldMs = 0;
  const probing = (async () => {
    while (!done) heldMs = Math.max(heldMs, await probeOnce(url));
  })();
  const t = performance.now();
  let result: T;
  let ms: number;
  try {
    result = await work();
    ms = performance.now() - t;
  } finally {
    done = true;
    await probing;
  }
  return { result, ms, heldMs, peakRssMib: (peakKb(pid) - before) / 1024 };
}
