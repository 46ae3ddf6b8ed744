// Scenario "50 scrapers + 8 pushers": the store filled with 10,000 groups of small.prom, then 50 clients
// scrape /metrics back to back while `wrk` pushes small.prom over the groups with 8 connections, for a
// bounded time (the phase of bench/lib/gateway-floor.ts); a push unanswered after 10 s counts as timed out, a
// scrape that receives nothing for 10 s as stalled. The Pushgateway is filled with its consistency
// check off (a checked fill would take it hours) and restarted checked, as bench/gateway.bench.ts does.
// The floor of the machine is measured in the same run: the same scrapers and pushers against the bare
// node:http server of bench/lib/gateway-floor.ts serving a static buffer of promkit's exposition size
// (pushes answered 200 at once), so that the scrape expectation follows what the machine can do.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fillGroups,
  floorPayload,
  hasWrk,
  scrapeWhilePushing,
  startFloor,
  wrkScript,
  type UnderLoad,
  type WrkResult,
} from '../gateway-floor.js';
import type { HardeningContext, HardeningRow, Launcher } from './types.js';

/** Seconds a push or scrape may take before it counts as timed out: Prometheus' default scrape timeout (10 s), at most a third of the run. */
export function requestTimeout(seconds: number): number {
  return Math.max(1, Math.min(10, Math.floor(seconds / 3)));
}

/** The load phase's options for `o`. */
function phase(o: HardeningContext['o'], pushLua: string) {
  return {
    scrapers: o.scrapers,
    pushers: o.pushers,
    seconds: o.seconds,
    maxScrapes: Number.MAX_SAFE_INTEGER,
    pushLua,
    timeout: requestTimeout(o.seconds),
  };
}

/** Writes small.prom and the push script for `wrk` into `dir`; returns small.prom's bytes and the script's path. */
function pushFiles(ctx: HardeningContext, dir: string): { small: Buffer; pushLua: string } {
  const small = floorPayload(ctx.root, 'small').bytes;
  const smallFile = join(dir, 'small.prom');
  const pushLua = join(dir, 'put.lua');
  writeFileSync(smallFile, small);
  writeFileSync(pushLua, wrkScript('PUT', smallFile, '"/metrics/job/bench/instance/host-" .. i', ctx.o.groups));
  return { small, pushLua };
}

/**
 * Fills a fresh server of `l`, restarts it when `uncheckedFill`, and runs the load phase. With `sized`,
 * one scrape before the load gives the exposition's size in bytes (else 0).
 */
async function underLoad(
  ctx: HardeningContext,
  l: Launcher,
  uncheckedFill: boolean,
  sized = false,
): Promise<UnderLoad & { bytes: number }> {
  const o = ctx.o;
  const dir = mkdtempSync(join(ctx.dir, `${l.name}-load-`));
  const { small, pushLua } = pushFiles(ctx, dir);
  const file = join(dir, 'state');
  let s = await l.start(file, uncheckedFill ? ['--push.disable-consistency-check'] : []);
  try {
    ctx.log(`load: ${l.name} filling ${o.groups} groups…`);
    const fill = await fillGroups(s.url, o.groups, o.pushers, small);
    const bad = Object.keys(fill.statuses).filter((c) => +c >= 300);
    if (bad.length > 0 || fill.requests !== o.groups)
      throw new Error(`${l.name} fill: ${fill.requests} of ${o.groups}, statuses ${JSON.stringify(fill.statuses)}`);
    if (uncheckedFill) {
      await s.stop();
      s = await l.start(file);
    }
    const bytes = sized ? (await (await fetch(`${s.url}/metrics`)).arrayBuffer()).byteLength : 0;
    ctx.log(`load: ${l.name} ${o.scrapers} scrapers + ${o.pushers} pushers for ${o.seconds} s…`);
    return { ...(await scrapeWhilePushing(s.url, s.child.pid!, phase(o, pushLua))), bytes };
  } finally {
    await s.stop(10_000);
  }
}

/** The same load against the floor serving `bytes` bytes per scrape. */
async function floorUnderLoad(ctx: HardeningContext, bytes: number): Promise<UnderLoad> {
  const { pushLua } = pushFiles(ctx, mkdtempSync(join(ctx.dir, 'floor-load-')));
  const s = await startFloor(bytes);
  try {
    ctx.log(`load: the floor (${(bytes / 1e6).toFixed(1)} MB per scrape) under the same load…`);
    return await scrapeWhilePushing(s.url, s.child.pid!, phase(ctx.o, pushLua));
  } finally {
    await s.stop(10_000);
  }
}

/** wrk's p99, or what it means when wrk has none: its latency record drops requests slower than its timeout. */
function pushP99(p: WrkResult, timeout: number): string {
  if (p.p99 > 0) return `${Math.round(p.p99)} ms`;
  return p.requests > 0 ? `> ${timeout} s (every completed push took longer)` : '– (none completed)';
}

function describe(u: UnderLoad, timeout: number): string {
  const p = u.pushes;
  const s = u.scrapes.statuses;
  const other = Object.entries(s).filter(([c]) => c !== '200' && c !== '0');
  return (
    `${p.requests} pushes completed (${p.non2xx} non-2xx), ${p.timeouts} timed out (> ${timeout} s), ${p.socketErrors} socket errors, ` +
    `push p99 ${pushP99(p, timeout)}; ${s[200] ?? 0} scrapes answered, ${s[0] ?? 0} stalled (no byte for ${timeout} s) or reset` +
    `${other.length > 0 ? `, other ${JSON.stringify(Object.fromEntries(other))}` : ''}, ` +
    `p50 ${Math.round(u.scrapes.p50)} ms, p99 ${Math.round(u.scrapes.p99)} ms; peak RSS ${Math.round(u.peakKb / 1024)} MB`
  );
}

/** Times the floor's scrape p99 that promkit's may take (when above the fixed 5 s). */
export const FLOOR_MULTIPLE = 2;

/** The scrape p99 promkit is held to: 5 s, or {@link FLOOR_MULTIPLE} × the floor's when the machine cannot do 5 s. */
export function scrapeP99Limit(floorP99: number): number {
  return Math.max(5000, FLOOR_MULTIPLE * floorP99);
}

/** The load row. */
export async function load(ctx: HardeningContext): Promise<HardeningRow[]> {
  const o = ctx.o;
  const scenario = `${o.scrapers} scrapers + ${o.pushers} pushers, ${o.groups} groups, ${o.seconds} s`;
  const fixed = 'every push answered 2xx, none timed out; push p99 ≤ 1 s; every scrape 200, p99 ≤ 5 s';
  if (!hasWrk())
    return [{ scenario, promkit: 'skipped: wrk not found', pushgateway: 'skipped', expected: fixed, pass: undefined }];
  const timeout = requestTimeout(o.seconds);
  const p = await underLoad(ctx, ctx.promkit, false, true);
  const floor = await floorUnderLoad(ctx, p.bytes);
  const pg = ctx.pushgateway ? describe(await underLoad(ctx, ctx.pushgateway, true), timeout) : ctx.noPushgateway;
  const limit = scrapeP99Limit(floor.scrapes.p99);
  const scrapesOk = Object.keys(p.scrapes.statuses).every((c) => c === '200');
  const mb = (p.bytes / 1e6).toFixed(1);
  return [
    {
      scenario,
      promkit:
        `${describe(p, timeout)}. ` +
        `Floor (bare node:http serving a static ${mb} MB buffer, pushes answered at once, same load): ` +
        describe(floor, timeout),
      pushgateway: pg,
      expected:
        `every push answered 2xx, none timed out; push p99 ≤ 1 s; every scrape 200, p99 ≤ ${Math.round(limit)} ms ` +
        `(the larger of 5 s and ${FLOOR_MULTIPLE}× the floor's scrape p99: ${o.scrapers} clients reading ` +
        `${mb} MB each take that long on this machine even when nothing renders)`,
      pass:
        p.pushes.requests > 0 &&
        p.pushes.non2xx + p.pushes.timeouts + p.pushes.socketErrors === 0 &&
        p.pushes.p99 > 0 &&
        p.pushes.p99 <= 1000 &&
        scrapesOk &&
        p.scrapes.p99 <= limit,
    },
  ];
}
