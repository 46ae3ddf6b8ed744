import type { Label, Metric, MetricFamily } from '../../model/types.js';
import type { OwnFamily } from '../../store/index.js';
import { processFamilies } from './process-metrics.js';
import { SummaryWindow } from './summary-window.js';

/**
 * The gateway's own metrics, with the Pushgateway's names, types and HELP
 * texts: `pushgateway_build_info`, `pushgateway_http_push_duration_seconds`
 * and `pushgateway_http_push_size_bytes` (summaries by method),
 * `pushgateway_http_requests_total{code,handler,method}`, the `process_*`
 * gauges, and a few of its own (`nodejs_*`, persistence).
 */

const QUANTILES = [0.1, 0.5, 0.9] as const;

const BUILD_INFO_HELP =
  "A metric with a constant '1' value labeled by version, revision, branch, goversion from which pushgateway was built, and the goos and goarch for the build.";
const DURATION_HELP = 'HTTP request duration for pushes to the Pushgateway.';
const SIZE_HELP = 'HTTP request size for pushes to the Pushgateway.';
const REQUESTS_HELP = 'Total HTTP requests processed by the Pushgateway, excluding scrapes.';

/** HELP of `promkit_storage_up` (exported with persistence only). */
export const STORAGE_UP_HELP = 'Whether the storage accepts writes (1) or writes fail (0).';

/** The families the gateway exports itself: pushes must give these names the same type, and their HELP wins. */
export const OWN_FAMILIES: readonly OwnFamily[] = [
  {
    name: 'nodejs_external_memory_bytes',
    type: 'gauge',
    help: 'Memory used by C++ objects bound to JavaScript objects, in bytes.',
  },
  { name: 'nodejs_heap_size_total_bytes', type: 'gauge', help: 'Size of the JavaScript heap, in bytes.' },
  { name: 'nodejs_heap_size_used_bytes', type: 'gauge', help: 'Used size of the JavaScript heap, in bytes.' },
  { name: 'nodejs_version_info', type: 'gauge', help: 'Node.js version info.' },
  { name: 'process_cpu_seconds_total', type: 'counter', help: 'Total user and system CPU time spent in seconds.' },
  { name: 'process_max_fds', type: 'gauge', help: 'Maximum number of open file descriptors.' },
  { name: 'process_open_fds', type: 'gauge', help: 'Number of open file descriptors.' },
  { name: 'process_resident_memory_bytes', type: 'gauge', help: 'Resident memory size in bytes.' },
  { name: 'process_start_time_seconds', type: 'gauge', help: 'Start time of the process since unix epoch in seconds.' },
  { name: 'process_virtual_memory_bytes', type: 'gauge', help: 'Virtual memory size in bytes.' },
  {
    name: 'process_virtual_memory_max_bytes',
    type: 'gauge',
    help: 'Maximum amount of virtual memory available in bytes.',
  },
  { name: 'pushgateway_build_info', type: 'gauge', help: BUILD_INFO_HELP },
  { name: 'pushgateway_http_push_duration_seconds', type: 'summary', help: DURATION_HELP },
  { name: 'pushgateway_http_push_size_bytes', type: 'summary', help: SIZE_HELP },
  { name: 'pushgateway_http_requests_total', type: 'counter', help: REQUESTS_HELP },
  { name: 'promkit_storage_up', type: 'gauge', help: STORAGE_UP_HELP },
  {
    name: 'pushgateway_persistence_journal_bytes',
    type: 'gauge',
    help: 'Size of the current journal generation in bytes.',
  },
  {
    name: 'pushgateway_persistence_snapshot_failures_total',
    type: 'counter',
    help: 'Snapshots of the store that could not be written.',
  },
  {
    name: 'pushgateway_persistence_snapshot_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last snapshot of the store written to the persistence file.',
  },
];

/** Build information, shown by `pushgateway_build_info` and `/api/v1/status`. */
export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  /** The runtime (the Pushgateway puts the Go version here). */
  goVersion: string;
}

/** This build's information. */
export function buildInfo(version: string): BuildInfo {
  return {
    version,
    revision: '',
    branch: '',
    buildUser: '',
    buildDate: '',
    goVersion: `node${process.version.slice(1)}`,
  };
}

const GOARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

/** Extra families computed at scrape time (e.g. by persistence). */
export type FamilySource = () => MetricFamily[];

/** Counters and summaries of the gateway, rendered as families on demand. */
export class GatewayMetrics {
  private readonly requests = new Map<string, { labels: Label[]; value: number }>();
  private readonly durations = new Map<string, SummaryWindow>();
  private readonly sizes = new Map<string, SummaryWindow>();
  private readonly sources: FamilySource[] = [];

  constructor(
    private readonly build: BuildInfo,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a source of extra families (their names must not clash with the others). */
  addSource(source: FamilySource): void {
    this.sources.push(source);
  }

  /** Counts one request in `pushgateway_http_requests_total`. `method` is lower-cased. */
  countRequest(handler: string, method: string, code: number): void {
    const m = method.toLowerCase();
    const key = `${code}\u0000${handler}\u0000${m}`;
    const entry = this.requests.get(key);
    if (entry) entry.value++;
    else
      this.requests.set(key, {
        labels: [
          { name: 'code', value: String(code) },
          { name: 'handler', value: handler },
          { name: 'method', value: m },
        ],
        value: 1,
      });
  }

  /** Records a push's duration (seconds) and approximate request size (bytes), by lower-cased method. */
  observePush(method: string, seconds: number, sizeBytes: number): void {
    const m = method.toLowerCase();
    const t = this.now();
    let d = this.durations.get(m);
    if (!d) this.durations.set(m, (d = new SummaryWindow()));
    let s = this.sizes.get(m);
    if (!s) this.sizes.set(m, (s = new SummaryWindow()));
    d.observe(seconds, t);
    s.observe(sizeBytes, t);
  }

  private summary(name: string, help: string, windows: Map<string, SummaryWindow>): MetricFamily | undefined {
    if (windows.size === 0) return undefined;
    const t = this.now();
    const metrics: Metric[] = [...windows.keys()].sort().map((method) => {
      const w = windows.get(method)!;
      const qs = w.quantiles(QUANTILES, t);
      return {
        labels: [{ name: 'method', value: method }],
        summary: { count: w.count, sum: w.sum, quantiles: QUANTILES.map((q, i) => ({ quantile: q, value: qs[i] })) },
      };
    });
    return { name, help, type: 'summary', metrics };
  }

  /** Every own family with current values, sorted by name. Fresh objects; callers may keep them. */
  families(): MetricFamily[] {
    const b = this.build;
    const out: MetricFamily[] = [...processFamilies()];
    out.push({
      name: 'pushgateway_build_info',
      help: BUILD_INFO_HELP,
      type: 'gauge',
      metrics: [
        {
          labels: [
            { name: 'branch', value: b.branch },
            { name: 'goarch', value: GOARCH[process.arch] ?? process.arch },
            { name: 'goos', value: process.platform },
            { name: 'goversion', value: b.goVersion },
            { name: 'revision', value: b.revision },
            { name: 'version', value: b.version },
          ],
          value: 1,
        },
      ],
    });
    const d = this.summary('pushgateway_http_push_duration_seconds', DURATION_HELP, this.durations);
    if (d) out.push(d);
    const s = this.summary('pushgateway_http_push_size_bytes', SIZE_HELP, this.sizes);
    if (s) out.push(s);
    if (this.requests.size > 0) {
      const metrics = [...this.requests.values()]
        .map((e) => ({ labels: e.labels, value: e.value }))
        .sort((x, y) => {
          for (let i = 0; i < 3; i++) {
            const a = x.labels[i].value;
            const c = y.labels[i].value;
            if (a !== c) return a < c ? -1 : 1;
          }
          return 0;
        });
      out.push({ name: 'pushgateway_http_requests_total', help: REQUESTS_HELP, type: 'counter', metrics });
    }
    for (const src of this.sources) out.push(...src());
    return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  }
}
