import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { measurePageTouch } from './page-touch.js';
import type { Environment } from './result.js';
import { unsteadyReason } from './speed-probe.js';

function gitCommit(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Machine facts at the start of a run: Node and V8 versions, platform, CPU, memory, load average,
 * the cost of a first touch of a memory page ({@link measurePageTouch}, about a tenth of a second),
 * and, when `repoDir` is a git work tree, its commit. `loadavgEnd` starts equal to `loadavgStart`;
 * the caller sets it when the run ends.
 */
export function environment(promkitVersion: string | undefined, repoDir: string | undefined): Environment {
  const cpu = cpus();
  const load = loadavg();
  const env: Environment = {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpu[0]?.model ?? 'unknown',
    cpuCount: cpu.length,
    memoryBytes: totalmem(),
    loadavgStart: load,
    loadavgEnd: load,
  };
  const touch = measurePageTouch();
  if (touch !== undefined) env.pageTouch = touch;
  if (promkitVersion !== undefined) env.promkit = promkitVersion;
  const commit = repoDir === undefined ? undefined : gitCommit(repoDir);
  if (commit !== undefined) env.commit = commit;
  return env;
}

/** Other processes' share of the CPU time during a run above which the run is called busy. */
const BUSY_SHARE = 0.15;

/**
 * A warning when the machine was busy: other processes took more than {@link BUSY_SHARE} of the
 * CPU time during the run (`otherCpuShare`), or a fixed workload timed over the run
 * (`speedProbeMs`) took too much longer at its slowest than at its fastest (see `unsteadyReason`
 * in `speed-probe.ts`), a change of the machine's speed that no process here accounts for. Where
 * neither was measured (not Linux, older results), a 1-minute load average above half the CPU count
 * at the start or at the end counts instead, although it includes the bench's own processes and
 * those of a run just before. Undefined on a quiet machine.
 */
export function busyNote(env: Environment): string | undefined {
  const tail =
    'ratios can move by tens of percent between such runs; rerun on a quieter machine before trusting a change';
  const others = env.otherCpuShare;
  if (others !== undefined && others > BUSY_SHARE)
    return `the machine was busy (other processes took ${Math.round(others * 100)}% of the CPU time during the run): ${tail}`;
  const unsteady = unsteadyReason(env.speedProbeMs);
  if (unsteady !== undefined) return `${unsteady}: ${tail}`;
  if (others !== undefined || env.speedProbeMs !== undefined) return undefined;
  const load = Math.max(env.loadavgStart[0] ?? 0, env.loadavgEnd[0] ?? 0);
  if (!(load > env.cpuCount / 2)) return undefined;
  return `the machine was busy (load average up to ${load.toFixed(2)} on ${env.cpuCount} cpus): ${tail}`;
}
