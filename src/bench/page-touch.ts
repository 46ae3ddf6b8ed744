import { median } from './stats.js';

/** Bytes one probe allocates and touches: large enough that the allocator maps fresh pages for it. */
const PROBE_BYTES = 16 * 1024 * 1024;
/** Probes taken; their median is the figure. */
const PROBES = 3;
/** A probe that took fewer faults than this touched memory already mapped, and says nothing. */
const MIN_FAULTS = 256;
/** The stride of the touches: the smallest page size of the platforms Node runs on. */
const STRIDE = 4096;

/** What one first touch of a fresh memory page costs on this machine. */
export interface PageTouch {
  /** Microseconds per minor page fault: the median of the probes. */
  microsPerFault: number;
  /** Faults each probe took, in probe order. */
  faults: number[];
}

/** One probe: microseconds per fault, and the faults it took. */
export interface PageProbe {
  micros: number;
  faults: number;
}

/**
 * Writes one byte to each page of `bytes` of freshly allocated memory and returns the time per
 * minor page fault it took, or `undefined` when the touches took too few faults to tell (the
 * platform does not count them, or the memory was already mapped). The time includes the loop,
 * a few nanoseconds a page against microseconds for a fault.
 */
export function probePageTouch(bytes = PROBE_BYTES): PageProbe | undefined {
  const before = process.resourceUsage().minorPageFault;
  const start = process.hrtime.bigint();
  // allocUnsafeSlow: memory of its own, not a pool slice, and not zero-filled by Node (zeroing
  // would take the faults before the timer could see them apart from the loop).
  const buf = Buffer.allocUnsafeSlow(bytes);
  for (let i = 0; i < bytes; i += STRIDE) buf[i] = 1;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e3;
  const faults = process.resourceUsage().minorPageFault - before;
  return faults < MIN_FAULTS ? undefined : { micros: elapsed / faults, faults };
}

/**
 * The cost of a first touch of a memory page here: {@link PROBES} probes of {@link PROBE_BYTES}
 * ({@link probePageTouch}), the median of those that counted. A large parse result or output lands
 * on such pages whenever the collector has given its memory back, so `faults/op` times this figure
 * is the time a call spends in them. `undefined` when no probe counted.
 */
export function measurePageTouch(): PageTouch | undefined {
  const probes: PageProbe[] = [];
  for (let i = 0; i < PROBES; i++) {
    const p = probePageTouch();
    if (p !== undefined) probes.push(p);
  }
  if (probes.length === 0) return undefined;
  return { microsPerFault: median(probes.map((p) => p.micros)), faults: probes.map((p) => p.faults) };
}
