// Scenario "full disk": the persistence file on a 2 MiB tmpfs that runs full. Pushes go on until five are
// refused (promkit) or a bounded count was sent (the Pushgateway, which answers before it writes), then
// the last free bytes are taken, a DELETE is sent, space is freed, more pushes follow and the server is
// restarted from its file: every push answered 2xx must be back, and nothing answered 5xx may have changed.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { groupJobs, mountTmpfs, paddedPush, takeFreeSpace, unmountTmpfs } from '../../../test/helpers/full-disk.js';
import type { ServerProcess } from '../harness.js';
import type { HardeningContext, HardeningRow, Launcher } from './types.js';

/** Pushes sent at most while filling the disk. */
const MAX_PUSHES = 600;
/** Refused pushes after which promkit's fill stops. */
const REFUSALS = 5;
/** Pushes after space came back. */
const AFTER = 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface DiskOutcome {
  acked: number;
  refused: Record<number, number>;
  readyWhileFull: number;
  /** Groups served that were never acknowledged (a refused push applied). */
  leaked: number;
  deleteStatus: number;
  /** A DELETE answered 5xx was applied anyway. */
  deleteApplied5xx: boolean;
  /** Milliseconds until `/-/ready` was 200 again after space was freed (undefined: not within 10 s). */
  recoveredMs: number | undefined;
  /** Acknowledged groups missing after the restart. */
  missing: number;
  /** Groups present after the restart that were never acknowledged. */
  extra: number;
  /** The server logged "no space left on device" (level error and above). */
  loggedFull: boolean;
}

async function status(base: string, method: string, path: string, body?: string): Promise<number> {
  return (await send(base, { method, path, body })).status;
}

/** One server through the whole sequence, its file on the tmpfs `mnt`. */
async function onFullDisk(l: Launcher, mnt: string, flags: string[]): Promise<DiskOutcome> {
  const file = join(mnt, 'state');
  const filler = join(mnt, 'filler');
  const rest = join(mnt, 'rest');
  const acked = new Set<string>();
  const refused: Record<number, number> = {};
  let s: ServerProcess | undefined = await l.start(file, flags);
  try {
    if ((await status(s.url, 'PUT', '/metrics/job/keep', paddedPush(0))) < 300) acked.add('keep');
    // Leave about 100 kB, then push until the disk is full.
    writeFileSync(filler, Buffer.alloc(1_900_000));
    let refusals = 0;
    for (let i = 1; i <= MAX_PUSHES && refusals < REFUSALS; i++) {
      const code = await status(s.url, 'PUT', `/metrics/job/j${i}`, paddedPush(i));
      if (code < 300) acked.add(`j${i}`);
      else {
        refused[code] = (refused[code] ?? 0) + 1;
        refusals++;
      }
    }
    // A server persisting on an interval gets the time to try.
    await sleep(1500);
    takeFreeSpace(rest);
    const readyWhileFull = await status(s.url, 'GET', '/-/ready');
    const served = await groupJobs(s.url);
    const leaked = served.filter((j) => !acked.has(j)).length;
    const deleteStatus = await status(s.url, 'DELETE', '/metrics/job/keep');
    const keptAfter = (await groupJobs(s.url)).includes('keep');
    if (deleteStatus < 300) acked.delete('keep');
    const deleteApplied5xx = deleteStatus >= 500 && !keptAfter;

    unlinkSync(filler);
    unlinkSync(rest);
    const t = performance.now();
    let recoveredMs: number | undefined;
    for (let i = 0; i < 200; i++) {
      if ((await status(s.url, 'GET', '/-/ready')) === 200) {
        recoveredMs = performance.now() - t;
        break;
      }
      await sleep(50);
    }
    for (let i = 0; i < AFTER; i++)
      if ((await status(s.url, 'PUT', `/metrics/job/after${i}`, paddedPush(i))) < 300) acked.add(`after${i}`);
    await s.stop();
    const loggedFull = /no space left/i.test(s.stderr());
    s = await l.start(file, flags);
    const back = new Set(await groupJobs(s.url));
    return {
      acked: acked.size,
      refused,
      readyWhileFull,
      leaked,
      deleteStatus,
      deleteApplied5xx,
      recoveredMs,
      missing: [...acked].filter((j) => !back.has(j)).length,
      extra: [...back].filter((j) => !acked.has(j)).length,
      loggedFull,
    };
  } finally {
    await s?.stop(5000);
  }
}

function describe(d: DiskOutcome): string {
  const refused = Object.entries(d.refused)
    .map(([code, n]) => `${n}×${code}`)
    .join(' ');
  return [
    `${d.acked} acked, refused ${refused || 'none'}`,
    `/-/ready ${d.readyWhileFull} while full`,
    `"no space left" ${d.loggedFull ? '' : 'not '}logged`,
    d.leaked > 0 ? `${d.leaked} refused pushes served` : 'no refused push served',
    `DELETE ${d.deleteStatus}${d.deleteStatus >= 500 ? (d.deleteApplied5xx ? ' but applied' : ', not applied') : ''}`,
    d.recoveredMs === undefined
      ? 'not ready 10 s after space came back'
      : `ready again after ${Math.round(d.recoveredMs)} ms`,
    `${d.missing}/${d.acked} acked missing after restart${d.extra > 0 ? `, ${d.extra} unacked present` : ''}`,
  ].join('; ');
}

/** Runs `fn` with a fresh 2 MiB tmpfs; undefined (with `why`) when none can be mounted. */
async function withTmpfs<T>(ctx: HardeningContext, fn: (mnt: string) => Promise<T>): Promise<T | { why: string }> {
  const mnt = mkdtempSync(join(ctx.dir, 'tmpfs-'));
  const why = mountTmpfs(mnt, '2m');
  if (why !== undefined) return { why };
  try {
    return await fn(mnt);
  } finally {
    unmountTmpfs(mnt);
    rmSync(mnt, { recursive: true, force: true });
  }
}

/** The full-disk row. */
export async function fullDisk(ctx: HardeningContext): Promise<HardeningRow[]> {
  const scenario = 'full disk (2 MiB tmpfs)';
  const expected =
    'some pushes refused 5xx; /-/ready not 200 while full; no refused write served or applied; 0 acked missing after restart';
  ctx.log('full disk: promkit…');
  const p = await withTmpfs(ctx, (mnt) => onFullDisk(ctx.promkit, mnt, []));
  if ('why' in p)
    return [{ scenario, promkit: `skipped: ${p.why}`, pushgateway: 'skipped', expected, pass: undefined }];
  let pg = ctx.noPushgateway;
  if (ctx.pushgateway) {
    ctx.log('full disk: pushgateway…');
    const r = await withTmpfs(ctx, (mnt) => onFullDisk(ctx.pushgateway!, mnt, ['--persistence.interval=1s']));
    pg = 'why' in r ? `skipped: ${r.why}` : `(--persistence.interval=1s) ${describe(r)}`;
  }
  const pass =
    Object.keys(p.refused).length > 0 &&
    Object.keys(p.refused).every((c) => +c >= 500) &&
    p.readyWhileFull !== 200 &&
    p.leaked === 0 &&
    !p.deleteApplied5xx &&
    p.recoveredMs !== undefined &&
    p.missing === 0 &&
    p.extra === 0;
  return [{ scenario, promkit: describe(p), pushgateway: pg, expected, pass }];
}
