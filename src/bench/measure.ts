// The only file that imports the measuring library (benchmark.js).
import Benchmark from 'benchmark';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { median, spread, type Spread } from './stats.js';

/** How one operation is timed. */
export interface MeasureOptions {
  /** Untimed calls before the first run, at least. */
  warmup: number;
  /** Seconds of untimed calls before the first run, at least (whichever of the two lasts longer). */
  warmupTime: number;
  /** benchmark.js runs; a forced GC precedes each one. min/median/max are taken over these. */
  runs: number;
  /** Seconds each benchmark.js run samples for (it also takes at least `minSamples` samples). */
  maxTime: number;
  /** Samples per run at least (a sample is as many calls as last benchmark.js's minimum cycle time). */
  minSamples: number;
}

/** Memory used by one call of the operation, measured after the warm-up (the median of three probes). */
export interface AllocationFigures {
  /** Bytes allocated on the JS heap by one call: heap growth plus what the collections during the call freed. */
  allocatedBytes: number;
  /**
   * Bytes the result keeps on the heap (see {@link probeAllocation}); undefined for asynchronous
   * operations, whose suspended frames may hold results beyond the call.
   */
  retainedBytes: number | undefined;
  /** Collections that ran during the call. */
  gcCount: number;
}

/** The timing of one operation, in seconds per operation. */
export interface Measurement {
  /** Each run's mean seconds per operation, in run order. */
  runs: number[];
  /** min/median/max of `runs`. */
  secPerOp: Spread;
  /** Each run's relative margin of error (percent), as benchmark.js computes it. */
  rme: number[];
  /** Total benchmark.js samples over all runs. */
  samples: number;
  alloc: AllocationFigures;
  kernel: KernelFigures;
  /**
   * With a reference operation: after each run, the reference's time per call over the
   * operation's, the two timed in turn in the same process (see {@link measure}).
   */
  referenceRatios?: number[];
}

/** What the kernel did for the operation over a few calls after the warm-up (see {@link probeKernel}). */
export interface KernelFigures {
  /** Minor page faults per call: first touches of memory the process never used or had given back to the system. */
  faultsPerOp: number;
  /** Share of the process's CPU time (all its threads) spent in the kernel during those calls, 0 to 1. */
  systemShare: number;
}

/** What is timed: a synchronous function, or an asynchronous one (`async: true`, awaited per call). */
export interface Operation {
  fn: () => unknown;
  async?: boolean;
}

/** Called after the warm-up (run 0) and after each timed run (1…runs); the next run waits for a returned promise. */
export type RunListener = (run: number) => unknown;

let sink: unknown;

/** Runs a full collection. Throws when the process was not started with `--expose-gc`. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('global.gc is missing: run node with --expose-gc');
  gc();
}

function usedHeap(): number {
  return getHeapStatistics().used_heap_size;
}

/** Allocation probes taken; each figure is their median, so that one probe disturbed by the rest of the heap does not stand. */
const ALLOCATION_PROBES = 3;

/**
 * Measures the heap cost of one call, {@link ALLOCATION_PROBES} times, and gives the median of
 * each figure (see {@link probeAllocationOnce}).
 */
export async function probeAllocation(op: Operation): Promise<AllocationFigures> {
  const probes: AllocationFigures[] = [];
  for (let i = 0; i < ALLOCATION_PROBES; i++) probes.push(await probeAllocationOnce(op));
  const retained = probes.map((p) => p.retainedBytes);
  return {
    allocatedBytes: median(probes.map((p) => p.allocatedBytes)),
    retainedBytes: retained.includes(undefined) ? undefined : median(retained as number[]),
    gcCount: median(probes.map((p) => p.gcCount)),
  };
}

/**
 * Measures the heap cost of one call: a forced GC, then the call under a `GCProfiler`, so that
 * collections during the call are added back (allocated = heap growth + bytes they freed); then the
 * heap after a forced GC with the result held minus the heap after one with it dropped (retained;
 * taken as a difference of two collected heaps because values of earlier calls may still sit in
 * suspended frames; not taken for asynchronous operations, whose frames the call cannot control).
 */
async function probeAllocationOnce(op: Operation): Promise<AllocationFigures> {
  sink = undefined;
  forceGc();
  const before = usedHeap();
  const profiler = new GCProfiler();
  profiler.start();
  // Synchronous operations are called without an await, whose frame could keep the result alive.
  if (op.async) sink = await op.fn();
  else sink = op.fn();
  const stats = profiler.stop();
  const after = usedHeap();
  let freed = 0;
  for (const s of stats.statistics)
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  forceGc();
  const held = usedHeap();
  sink = undefined;
  forceGc();
  const retained = op.async ? undefined : Math.max(0, held - usedHeap());
  return {
    allocatedBytes: Math.max(0, after - before + freed),
    retainedBytes: retained,
    gcCount: stats.statistics.length,
  };
}

/** Calls `op` in turn until it was called `minCalls` times and `seconds` have passed; returns the calls made. */
async function callRepeatedly(op: Operation, minCalls: number, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1e3;
  let calls = 0;
  for (; calls < minCalls || performance.now() < end; calls++) {
    if (op.async) sink = await op.fn();
    else sink = op.fn();
  }
  return calls;
}

/** Calls and seconds {@link probeKernel} runs for, at least (whichever lasts longer). */
const KERNEL_PROBE_CALLS = 3;
const KERNEL_PROBE_SECONDS = 0.2;

/**
 * Counts the page faults and the kernel's share of CPU time over a few calls in turn
 * ({@link KERNEL_PROBE_CALLS} and {@link KERNEL_PROBE_SECONDS} at least). Large results live on
 * memory the collector takes from the system and gives back; where a first touch of a page is
 * slow (virtual machines), those faults are a large part of the time, and they show here.
 */
export async function probeKernel(op: Operation): Promise<KernelFigures> {
  const before = process.resourceUsage();
  const calls = await callRepeatedly(op, KERNEL_PROBE_CALLS, KERNEL_PROBE_SECONDS);
  const after = process.resourceUsage();
  const user = after.userCPUTime - before.userCPUTime;
  const system = after.systemCPUTime - before.systemCPUTime;
  return {
    faultsPerOp: (after.minorPageFault - before.minorPageFault) / calls,
    systemShare: user + system > 0 ? system / (user + system) : 0,
  };
}

/**
 * Time a batch of awaited calls of an asynchronous operation aims at: a
 * deferred benchmark.js call costs a few tenths of a microsecond on its own,
 * which a call of a few microseconds must not carry.
 */
const ASYNC_BATCH_SECONDS = 0.001;
/** The most awaited calls in one deferred benchmark.js call. */
const MAX_ASYNC_BATCH = 1000;

/** Awaits `batch` calls of `op` in turn. */
async function awaitBatch(op: Operation, batch: number): Promise<void> {
  for (let i = 0; i < batch; i++) sink = await op.fn();
}

/** Calls of an asynchronous operation per deferred call, from the seconds one call took in the warm-up. */
export function asyncBatch(secondsPerCall: number): number {
  // No warm-up call to go by: one call a batch, which no operation can make too long.
  if (!(secondsPerCall > 0)) return 1;
  return Math.max(1, Math.min(MAX_ASYNC_BATCH, Math.floor(ASYNC_BATCH_SECONDS / secondsPerCall)));
}

/** One benchmark.js run; an asynchronous operation is called `batch` times (awaited in turn) per deferred call. */
function runOnce(op: Operation, options: MeasureOptions, batch: number): Promise<Benchmark> {
  return new Promise((resolvePromise, reject) => {
    const done = (): void => (bench.error !== undefined ? reject(bench.error) : resolvePromise(bench));
    const bench: Benchmark = op.async
      ? new Benchmark({
          defer: true,
          fn: (deferred: Benchmark.Deferred) => {
            awaitBatch(op, batch).then(
              () => deferred.resolve(),
              (e: unknown) => reject(e),
            );
          },
          initCount: 1,
          maxTime: options.maxTime,
          minSamples: options.minSamples,
          onComplete: done,
        })
      : new Benchmark({
          fn: () => {
            sink = op.fn();
          },
          async: false,
          defer: false,
          initCount: 1,
          maxTime: options.maxTime,
          minSamples: options.minSamples,
        });
    if (op.async) bench.run({ async: true });
    else {
      bench.run({ async: false });
      done();
    }
  });
}

/** Untimed warm-up calls of `op`; returns the seconds a call took on average. */
async function warmUp(op: Operation, options: MeasureOptions): Promise<number> {
  const start = performance.now();
  const calls = await callRepeatedly(op, options.warmup, options.warmupTime);
  return calls > 0 ? (performance.now() - start) / 1e3 / calls : 0;
}

/** About how long one batch of calls lasts in a {@link pairedRound}, in seconds. */
const PAIRED_BATCH_SECONDS = 0.02;

/**
 * Calls of `op` that last about {@link PAIRED_BATCH_SECONDS}, counted on calls made now, untimed
 * otherwise. Sized on warm code right before a round: a size taken from the first calls would give
 * the two sides batches of unequal length, and a side whose batches are longer measured slower.
 */
async function pairedBatch(op: Operation): Promise<number> {
  for (let n = 1; ; n *= 2) {
    const seconds = (await timeCalls(op, n)) / 1e3;
    if (seconds >= PAIRED_BATCH_SECONDS / 2) return Math.max(1, Math.round((n * PAIRED_BATCH_SECONDS) / seconds));
  }
}

/** Milliseconds that `calls` calls of `op` in a row take (each awaited when asynchronous). */
async function timeCalls(op: Operation, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink = op.async ? await op.fn() : op.fn();
  return performance.now() - start;
}

/** An operation and the calls it makes per batch in a {@link pairedRound}. */
export interface Batched {
  op: Operation;
  batch: number;
}

/**
 * Times batches of `a` and `b` in turn (a b b a, repeated) for `seconds` and at least one such
 * group, and returns b's seconds per call over a's. Batches of about {@link PAIRED_BATCH_SECONDS}
 * keep the two sides moments apart, so a machine whose speed changes from one second to the next
 * slows both alike, and are long enough for what a parser keeps from one call to the next to stay
 * warm; the a b b a order gives neither side the first or the last place.
 */
export async function pairedRound(a: Batched, b: Batched, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1e3;
  const time = [0, 0];
  const calls = [0, 0];
  for (let k = 0; k < 4 || k % 4 !== 0 || performance.now() < end; k++) {
    const side = k % 4 === 1 || k % 4 === 2 ? 1 : 0;
    const { op, batch } = side === 0 ? a : b;
    time[side] += await timeCalls(op, batch);
    calls[side] += batch;
  }
  return time[1] / calls[1] / (time[0] / calls[0]);
}

/**
 * `b`'s time per call over `a`'s, from one {@link pairedRound} of `seconds` opened by `a`, or by
 * `b` when `bFirst`, with batches sized on calls made now ({@link pairedBatch}). Sizing them also
 * takes the first calls after a collection (which touch pages it gave back) out of the round, where
 * they would all fall on the side that opens it.
 */
export async function pairedRatio(a: Operation, b: Operation, seconds: number, bFirst: boolean): Promise<number> {
  const batchedA = { op: a, batch: await pairedBatch(a) };
  const batchedB = { op: b, batch: await pairedBatch(b) };
  return bFirst ? 1 / (await pairedRound(batchedB, batchedA, seconds)) : await pairedRound(batchedA, batchedB, seconds);
}

/**
 * Times an operation with benchmark.js: untimed warm-up calls (at least `warmup` calls and
 * `warmupTime` seconds), the allocation probes ({@link probeAllocation}), a kernel probe
 * ({@link probeKernel}), then `runs` benchmark.js runs,
 * each preceded by a forced GC (needs `--expose-gc`). Garbage made during a run is collected during
 * the run and is part of its cost. An asynchronous operation is awaited in batches of calls
 * ({@link asyncBatch}, sized from the warm-up) so that benchmark.js's own cost per deferred call
 * is not counted as the operation's. Resolves to per-run mean seconds per operation and their
 * min/median/max; rejects with what the operation throws.
 *
 * With a `reference` operation (warmed up too), each run is followed by a forced GC and a
 * {@link pairedRatio} of the two (`maxTime` seconds; odd runs open with the reference, so that
 * neither side always opens): the reference's time per call over the operation's, in
 * `referenceRatios`, a relative speed that holds where the machine's speed drifts between runs.
 */
export async function measure(
  op: Operation,
  options: MeasureOptions,
  onRun: RunListener = () => {},
  reference?: Operation,
): Promise<Measurement> {
  const perCall = await warmUp(op, options);
  const batch = op.async ? asyncBatch(perCall) : 1;
  if (reference !== undefined) await warmUp(reference, options);
  const alloc = await probeAllocation(op);
  const kernel = await probeKernel(op);
  await onRun(0);
  const runs: number[] = [];
  const referenceRatios: number[] = [];
  const rme: number[] = [];
  let samples = 0;
  for (let r = 0; r < options.runs; r++) {
    forceGc();
    const bench = await runOnce(op, options, batch);
    if (bench.aborted || !(bench.stats.mean > 0)) throw new Error('benchmark.js run aborted or measured nothing');
    runs.push(bench.stats.mean / batch);
    rme.push(bench.stats.rme);
    samples += bench.stats.sample.length;
    if (reference !== undefined) {
      forceGc();
      referenceRatios.push(await pairedRatio(op, reference, options.maxTime, r % 2 === 1));
    }
    await onRun(r + 1);
  }
  if (sink === undefined) throw new Error('the timed operation returned undefined');
  const m: Measurement = { runs, secPerOp: spread(runs), rme, samples, alloc, kernel };
  if (reference !== undefined) m.referenceRatios = referenceRatios;
  return m;
}
