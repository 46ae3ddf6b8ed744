import { readdirSync, readFileSync } from 'node:fs';
import type { MetricFamily } from '../../model/types.js';

/**
 * The standard `process_*` metrics (client_golang's process collector names
 * and HELP texts), read from `/proc/self` on Linux, plus a few `nodejs_*`
 * runtime gauges.
 */

const UINT64_MAX = 2 ** 64; // 18446744073709551615 as a double

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/** A soft limit from `/proc/self/limits` ("unlimited" as uint64 max). */
function limit(limits: string | undefined, title: string): number | undefined {
  if (limits === undefined) return undefined;
  const line = limits.split('\n').find((l) => l.startsWith(title));
  if (!line) return undefined;
  const soft = line.slice(title.length).trim().split(/\s+/)[0];
  if (soft === 'unlimited') return UINT64_MAX;
  const n = +soft;
  return Number.isFinite(n) ? n : undefined;
}

function gauge(
  name: string,
  help: string,
  value: number | undefined,
  type: 'gauge' | 'counter' = 'gauge',
): MetricFamily | undefined {
  if (value === undefined) return undefined;
  return { name, help, type, metrics: [{ labels: [], value }] };
}

/** The process start time in seconds since the epoch (fixed at load, at tick precision). */
const START_SECONDS = Math.round((Date.now() - process.uptime() * 1000) / 10) / 100;

/** Current `process_*` and `nodejs_*` families, sorted by name. Each call reads fresh values. */
export function processFamilies(): MetricFamily[] {
  const cpu = process.cpuUsage();
  const limits = readText('/proc/self/limits');
  let openFds: number | undefined;
  try {
    openFds = readdirSync('/proc/self/fd').length;
  } catch {
    openFds = undefined;
  }
  let vsize: number | undefined;
  const stat = readText('/proc/self/stat');
  if (stat !== undefined) {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = +fields[20];
    if (Number.isFinite(v)) vsize = v;
  }
  const mem = process.memoryUsage();
  const list = [
    {
      name: 'nodejs_external_memory_bytes',
      help: 'Memory used by C++ objects bound to JavaScript objects, in bytes.',
      type: 'gauge' as const,
      metrics: [{ labels: [], value: mem.external }],
    },
    {
      name: 'nodejs_heap_size_total_bytes',
      help: 'Size of the JavaScript heap, in bytes.',
      type: 'gauge' as const,
      metrics: [{ labels: [], value: mem.heapTotal }],
    },
    {
      name: 'nodejs_heap_size_used_bytes',
      help: 'Used size of the JavaScript heap, in bytes.',
      type: 'gauge' as const,
      metrics: [{ labels: [], value: mem.heapUsed }],
    },
    {
      name: 'nodejs_version_info',
      help: 'Node.js version info.',
      type: 'gauge' as const,
      metrics: [{ labels: [{ name: 'version', value: process.version }], value: 1 }],
    },
    gauge(
      'process_cpu_seconds_total',
      'Total user and system CPU time spent in seconds.',
      (cpu.user + cpu.system) / 1e6,
      'counter',
    ),
    gauge('process_max_fds', 'Maximum number of open file descriptors.', limit(limits, 'Max open files')),
    gauge('process_open_fds', 'Number of open file descriptors.', openFds),
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', mem.rss),
    gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', START_SECONDS),
    gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.', vsize),
    gauge(
      'process_virtual_memory_max_bytes',
      'Maximum amount of virtual memory available in bytes.',
      limit(limits, 'Max address space'),
    ),
  ];
  return list.filter((f): f is MetricFamily => f !== undefined);
}
