import { spread } from './stats.js';

/**
 * A fixed workload timed before each stage of a run and at its end: when the machine's speed
 * changes during the run (another guest on the same host, a core slowed down), its time changes
 * with it, even where the load average and the CPU time of this machine's processes show nothing.
 */

/** Bytes the workload hashes in each pass: few enough to stay in the processor's caches. */
const WORK_BYTES = 1 << 16;
/** Passes over them: about 5 ms on a server core of the 2020s. */
const WORK_PASSES = 64;
/** Timings of one sample; the fastest is the sample (a timing that lost the core for a moment says nothing). */
const TIMINGS = 3;
/** Samples taken and dropped first, so that the workload runs compiled from the first that counts. */
const WARM_UP = 5;
/** Slowest over fastest sample above which a run is called unsteady. */
export const UNSTEADY_SPREAD = 1.25;

const work = new Uint8Array(WORK_BYTES);
for (let i = 0; i < WORK_BYTES; i++) work[i] = (i * 131) & 0xff;

/** The last hash of the workload: kept, so that its passes are work the compiler must do. */
let lastHash = 0;

/** The workload: FNV-1a over {@link work}, {@link WORK_PASSES} times. */
function hashPasses(): void {
  let h = 0x811c9dc5;
  for (let p = 0; p < WORK_PASSES; p++) for (let i = 0; i < WORK_BYTES; i++) h = Math.imul(h ^ work[i], 0x01000193);
  lastHash = h;
}

/** Milliseconds of the workload now: the fastest of {@link TIMINGS} timings. */
export function timeWorkload(): number {
  let best = Infinity;
  for (let k = 0; k < TIMINGS; k++) {
    const start = process.hrtime.bigint();
    hashPasses();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms < best) best = ms;
  }
  return best;
}

/** The hash the workload computed last (the same after every call). */
export function workloadHash(): number {
  return lastHash;
}

/** Samples of the workload's time over a run, in order. */
export class SpeedProbe {
  readonly samples: number[] = [];

  /** Calls `time` {@link WARM_UP} times first and drops what it returns. */
  constructor(private readonly time: () => number = timeWorkload) {
    for (let i = 0; i < WARM_UP; i++) time();
  }

  /** Takes one sample. */
  sample(): void {
    this.samples.push(this.time());
  }
}

/** Slowest over fastest of the samples; undefined for fewer than two. */
export function speedSpread(samples: readonly number[]): number | undefined {
  if (samples.length < 2) return undefined;
  const { min, max } = spread(samples);
  return min > 0 ? max / min : undefined;
}

/**
 * Why a run was unsteady, when the workload's slowest sample took more than {@link UNSTEADY_SPREAD}
 * times its fastest (`the machine's speed changed during the run (…)`); undefined otherwise.
 */
export function unsteadyReason(samples: readonly number[] | undefined): string | undefined {
  const s = samples === undefined ? undefined : speedSpread(samples);
  if (s === undefined || !(s > UNSTEADY_SPREAD)) return undefined;
  const { min, max } = spread(samples as readonly number[]);
  return `the machine's speed changed during the run (a fixed workload timed before each stage and at the end took from ${min.toFixed(2)} to ${max.toFixed(2)} ms, ${s.toFixed(2)}×)`;
}
