import type { ResultRow } from './result.js';

/** A byte count for humans: `812 B`, `14.2 kB`, `3.1 MB` (powers of 10, as MB/s). */
export function formatBytes(n: number): string {
  if (n < 1e3) return `${Math.round(n)} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
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
 * Renders rows as an aligned plain-text table: `stage payload MB/s series/s alloc/op retained go MB/s
 * ratio MB/s range`, with a leading `tool` column when a row is not promkit's and a `ratio range`
 * column (the lowest and highest per-run ratio) when a row has per-run ratios. Rows keep their order;
 * `-` marks a missing figure. Returns the table with a trailing newline.
 */
export function formatTable(rows: readonly ResultRow[]): string {
  const withTool = rows.some((r) => r.tool !== 'promkit');
  const withRounds = rows.some((r) => r.ratioRuns !== undefined);
  const header = [
    ...(withTool ? ['tool'] : []),
    'stage',
    'payload',
    'MB/s',
    'series/s',
    'alloc/op',
    'retained',
    'go MB/s',
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
    fixed(r.go?.mbPerSec, 1),
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
