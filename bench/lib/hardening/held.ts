// One hostile request against a fresh server, with the probe of bench/lib/probe.ts running alongside:
// its status, how long the event loop was held, the peak RSS added, and a scrape's time afterwards.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { sendBody, type BodyCase } from '../hostile-bodies.js';
import { whileProbing } from '../probe.js';
import type { HardeningContext, Launcher } from './types.js';

/** What {@link heldBy} measured. */
export interface Held {
  status: number;
  ms: number;
  heldMs: number;
  peakRssMib: number;
  /** GET /metrics right after: status and time in ms. */
  scrape: { status: number; ms: number };
}

/** Requests are given this long before they count as unanswered (status 0). */
export const REQUEST_TIMEOUT_MS = 60_000;

/** Sends `c` once to a fresh server of `l` while probing it, then scrapes it once. */
export async function heldBy(ctx: HardeningContext, l: Launcher, c: BodyCase): Promise<Held> {
  const dir = mkdtempSync(join(ctx.dir, `${l.name}-`));
  const s = await l.start(join(dir, 'state'));
  try {
    const r = await whileProbing(s.url, s.child.pid!, () => sendBody(s.url, c, 'PUT', REQUEST_TIMEOUT_MS));
    const t = performance.now();
    const scrape = await send(s.url, { method: 'GET', path: '/metrics' }, REQUEST_TIMEOUT_MS).catch(() => ({
      status: 0,
    }));
    return {
      status: r.result,
      ms: r.ms,
      heldMs: r.heldMs,
      peakRssMib: r.peakRssMib,
      scrape: { status: scrape.status, ms: performance.now() - t },
    };
  } finally {
    await s.stop(5000);
  }
}

/** The figures as one cell. */
export function describeHeld(h: Held): string {
  return (
    `${h.status === 0 ? 'no answer' : `status ${h.status}`} in ${Math.round(h.ms)} ms; event loop held ${Math.round(h.heldMs)} ms; ` +
    `peak RSS +${Math.round(h.peakRssMib)} MiB; scrape after: ${h.scrape.status} in ${Math.round(h.scrape.ms)} ms`
  );
}

/** The time a request of `bytes` may hold the event loop: ~100 ms per MB of body, at least 100 ms. */
export function heldBudgetMs(bytes: number): number {
  return Math.max(100, (100 * bytes) / 1e6);
}
