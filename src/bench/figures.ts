import type { ResultRow } from './result.js';

/** A byte count for humans: `812 B`, `14.2 kB`, `3.1 MB` (powers of 10, as MB/s). */
export function formatBytes(n: number): string {
  if (n < 1e3) return `${Math.round(n)} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/**
 * Page faults per call for humans: `0`, `0.09`, `37`, `4.6k`; `-` when not measured. Below one a
 * call, an average of rare faults keeps two decimals (`<0.01` below that): even a tenth of a fault
 * a call can be a visible share of a short call's time (the `in faults` column).
 */
export function formatFaults(n: number | undefined): string {
  if (n === undefined) return '-';
  if (n === 0) return '0';
  if (n < 0.01) return '<0.01';
  if (n < 0.995) return n.toFixed(2);
  return n < 1e3 ? `${Math.round(n)}` : `${(n / 1e3).toFixed(1)}k`;
}

/** A share (0 to 1: the kernel's share of CPU time, the time in faults) as a whole percentage, `18%`; `-` when not measured. */
export function formatShare(share: number | undefined): string {
  return share === undefined ? '-' : `${Math.round(share * 100)}%`;
}

/**
 * The share of a row's median time per call that its page faults take at `microsPerFault` each
 * (at most 1), or `undefined` without both figures: how much of a large payload's time is the
 * machine handing out memory rather than the code running.
 */
export function faultTimeShare(row: ResultRow, microsPerFault: number | undefined): number | undefined {
  if (microsPerFault === undefined || row.faultsPerOp === undefined || !(row.msPerOp.median > 0)) return undefined;
  return Math.min(1, (row.faultsPerOp * microsPerFault) / (row.msPerOp.median * 1e3));
}

/** Microseconds for humans: `0.42 µs`, `11.3 µs`. */
export function formatMicros(us: number): string {
  return us < 10 ? `${us.toFixed(2)} µs` : `${us.toFixed(1)} µs`;
}
