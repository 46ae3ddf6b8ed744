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

function fixed(v: number | undefined, digits: number): string {
  return v === undefined ? '-' : v.toFixed(digits);
}

/** The lowest and highest of a row's per-run ratios, `2.1–2.9x`, or `-`. */
function ratioRange(runs: readonly number[] | undefined): string {
  if (runs === undefined || runs.length === 0) return '-';
  return `${Math.min(...runs).toFixed(2)}–${Math.max(...runs).toFixed(2)}x`;
}

/**
 * Renders rows as an aligned plain-text table: `stage payload MB/s series/s alloc/op retained
 * faults/op sys go MB/s ratio MB/s range`, with a leading `tool` column when a row is not promkit's,
 * an `in faults` column ({@link faultTimeShare}) after `sys` when `microsPerFault` is given, a
 * `go faults/op` column after `go MB/s` when go-anchor counted its faults, and a `ratio range`
 * column (the lowest and highest per-run ratio) when a row has per-run ratios.
 * Rows keep their order; `-` marks a missing figure. Returns the table with a trailing newline.
 */
export function formatTable(rows: readonly ResultRow[], microsPerFault?: number): string {
  const withTool = rows.some((r) => r.tool !== 'promkit');
  const withFaultTime = microsPerFault !== undefined;
  const withGoFaults = rows.some((r) => r.go?.faultsPerOp !== undefined);
  const withRounds = rows.some((r) => r.ratioRuns !== undefined);
  const header = [
    ...(withTool ? ['tool'] : []),
    'stage',
    'payload',
    'MB/s',
    'series/s',
    'alloc/op',
    'retained',
    'faults/op',
    'sys',
    ...(withFaultTime ? ['in faults'] : []),
    'go MB/s',
    ...(withGoFaults ? ['go faults/op'] : []),
    'ratio',
    ...(withRounds ? ['ratio range'] : []),
    'MB/s range',
  ];
  const body = rows.map((r) => [
    ...(withTool ? [r.tool] : []),
    r.stage,
    r.payload,
    fixed(r.mbPerSec, 1),
    fixed(r.seriesPerSec, 0),
    formatBytes(r.allocBytes),
    r.retainedBytes === undefined ? '-' : formatBytes(r.retainedBytes),
    formatFaults(r.faultsPerOp),
    formatShare(r.systemShare),
    ...(withFaultTime ? [formatShare(faultTimeShare(r, microsPerFault))] : []),
    fixed(r.go?.mbPerSec, 1),
    ...(withGoFaults ? [formatFaults(r.go?.faultsPerOp)] : []),
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
    ...(withRounds ? [ratioRange(r.ratioRuns)] : []),
    `${r.mbPerSecRange[0].toFixed(1)}–${r.mbPerSecRange[1].toFixed(1)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const leftAligned = withTool ? 3 : 2;
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < leftAligned ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

/** One derived comparison: the rows it reads and how their times compare. */
interface Relative {
  title: string;
  /** Time per operation of the reference over that of the measured side, or undefined. */
  of: (byStage: ReadonlyMap<string, ResultRow>) => number | undefined;
}

const RELATIVES: readonly Relative[] = [
  {
    // The same series in both formats: time per parse, not MB/s (the OpenMetrics text is longer).
    title: 'openmetrics ÷ text parse',
    of: (rows) => {
      const text = rows.get('parse');
      const om = rows.get('parse-openmetrics');
      return text && om ? text.msPerOp.median / om.msPerOp.median : undefined;
    },
  },
  {
    // lint reads parsed families; compared with Go parsing the same bytes.
    title: 'lint ÷ Go parse',
    of: (rows) => {
      const lint = rows.get('lint');
      const goMs = [...rows.values()].find((r) => r.go?.tool === 'go-expfmt-parse')?.go?.msMedian;
      return lint && goMs !== undefined ? goMs / lint.msPerOp.median : undefined;
    },
  },
];

/**
 * The speeds the table implies but does not show, per payload: OpenMetrics parse against text parse
 * of the same series, and lint against Go's parse of the same bytes (`1.00x` = as fast). Returns ''
 * when no payload has the rows one of them needs, else an aligned table with a title line.
 */
export function formatRelative(rows: readonly ResultRow[]): string {
  const payloads = [...new Set(rows.map((r) => r.payload))];
  const cells = payloads.map((p) => {
    const byStage = new Map(rows.filter((r) => r.payload === p && r.tool === 'promkit').map((r) => [r.stage, r]));
    return RELATIVES.map((rel) => rel.of(byStage));
  });
  const used = RELATIVES.map((_, i) => cells.some((c) => c[i] !== undefined));
  if (!used.includes(true)) return '';
  const header = ['payload', ...RELATIVES.filter((_, i) => used[i]).map((r) => r.title)];
  const body = payloads.map((p, k) => [
    p,
    ...cells[k].filter((_, i) => used[i]).map((v) => (v === undefined ? '-' : `${v.toFixed(2)}x`)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]): string =>
    c
      .map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return ['relative speeds (time per operation, same run)', line(header), ...body.map(line)].join('\n') + '\n';
}
