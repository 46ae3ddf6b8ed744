import { readFileSync } from 'node:fs';

/**
 * CPU time so far, in clock ticks, of the whole machine and of this process with the children it
 * has waited for (the measuring processes and go-anchor), as Linux counts them in `/proc`.
 */
export interface CpuSnapshot {
  /** Ticks the machine's CPUs spent running anything (user, nice, system, irq, softirq, steal). */
  machineBusy: number;
  /** {@link machineBusy} plus the idle and I/O-wait ticks. */
  machineTotal: number;
  /** Ticks of this process and of its waited-for children, user and system. */
  own: number;
}

/** The `cpu` line of `/proc/stat` as busy and total ticks; undefined when it does not read as one. */
export function parseProcStat(text: string): { busy: number; total: number } | undefined {
  const line = text.split('\n', 1)[0];
  const f = line.split(/\s+/);
  if (f[0] !== 'cpu' || f.length < 8) return undefined;
  const [user, nice, system, idle, iowait, irq, softirq] = f.slice(1, 8).map(Number);
  // Steal is absent on old kernels; guest time is already counted in user time.
  const steal = f.length > 8 ? Number(f[8]) : 0;
  const busy = user + nice + system + irq + softirq + steal;
  const total = busy + idle + iowait;
  return Number.isFinite(total) ? { busy, total } : undefined;
}

/** utime + stime + cutime + cstime of a `/proc/<pid>/stat` line; undefined when it does not read as one. */
export function parseOwnStat(text: string): number | undefined {
  // The command name (field 2) may hold spaces and parentheses: the fields after it start after its last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): utime, stime, cutime, cstime are fields 14 to 17.
  const ticks = rest.slice(11, 15).map(Number);
  if (ticks.length < 4 || !ticks.every(Number.isFinite)) return undefined;
  return ticks[0] + ticks[1] + ticks[2] + ticks[3];
}

/** The CPU time counters now, or undefined where `/proc` does not give them (not Linux). */
export function cpuSnapshot(): CpuSnapshot | undefined {
  let machine: { busy: number; total: number } | undefined;
  let own: number | undefined;
  try {
    machine = parseProcStat(readFileSync('/proc/stat', 'utf8'));
    own = parseOwnStat(readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return undefined;
  }
  if (machine === undefined || own === undefined) return undefined;
  return { machineBusy: machine.busy, machineTotal: machine.total, own };
}

/**
 * The share of the machine's CPU time between two snapshots that other processes took (0 to 1):
 * what the bench itself and its children used is left out, so that its own load, which a load
 * average counts, does not make a quiet machine look busy. Undefined when no time passed.
 */
export function otherCpuShare(start: CpuSnapshot, end: CpuSnapshot): number | undefined {
  const total = end.machineTotal - start.machineTotal;
  if (!(total > 0)) return undefined;
  const others = end.machineBusy - start.machineBusy - (end.own - start.own);
  return Math.min(1, Math.max(0, others / total));
}
