import { faultTimeShare, formatBytes, formatFaults, formatShare } from './figures.js';
import type { ResultRow } from './result.js';

/** One column of the results table, as both the text and the HTML report write it. */
export interface Column {
  title: string;
  /** The row's cell; `-` marks a missing figure. */
  cell: (row: ResultRow) => string;
  /** Whether the column holds names (left-aligned) rather than figures. */
  names?: boolean;
}

/** Which optional columns a report writes, and how it writes a ratio. */
export interface ColumnChoice {
  /** The `tool` column even when every row is promkit's (else only when one is not). */
  alwaysTool?: boolean;
  /** With it, an `in faults` column ({@link faultTimeShare}) after `sys`. */
  microsPerFault?: number;
  /** The sign after a ratio: `x` in text, `×` in HTML. */
  times: string;
  /** A `ratio range` column (lowest and highest per-run ratio) when a row has per-run ratios. */
  ratioRange?: boolean;
  /** An `ms/op (min/med/max)` column. */
  msPerOp?: boolean;
}

function fixed(v: number | undefined, digits: number): string {
  return v === undefined ? '-' : v.toFixed(digits);
}

/**
 * The columns of a results table for `rows`: `stage payload MB/s series/s alloc/op retained
 * faults/op sys go MB/s ratio MB/s range`, with a leading `tool` column, an `in faults` column
 * after `sys`, a `go faults/op` column after `go MB/s` when go-anchor counted its faults, and
 * the ratio range and time columns, as `choice` and the rows ask.
 */
export function resultColumns(rows: readonly ResultRow[], choice: ColumnChoice): Column[] {
  const { microsPerFault, times } = choice;
  const optional = (present: boolean, column: Column): Column[] => (present ? [column] : []);
  return [
    ...optional(choice.alwaysTool === true || rows.some((r) => r.tool !== 'promkit'), {
      title: 'tool',
      cell: (r) => r.tool,
      names: true,
    }),
    { title: 'stage', cell: (r) => r.stage, names: true },
    { title: 'payload', cell: (r) => r.payload, names: true },
    { title: 'MB/s', cell: (r) => fixed(r.mbPerSec, 1) },
    { title: 'series/s', cell: (r) => fixed(r.seriesPerSec, 0) },
    { title: 'alloc/op', cell: (r) => formatBytes(r.allocBytes) },
    { title: 'retained', cell: (r) => (r.retainedBytes === undefined ? '-' : formatBytes(r.retainedBytes)) },
    { title: 'faults/op', cell: (r) => formatFaults(r.faultsPerOp) },
    { title: 'sys', cell: (r) => formatShare(r.systemShare) },
    ...optional(microsPerFault !== undefined, {
      title: 'in faults',
      cell: (r) => formatShare(faultTimeShare(r, microsPerFault)),
    }),
    { title: 'go MB/s', cell: (r) => fixed(r.go?.mbPerSec, 1) },
    ...optional(
      rows.some((r) => r.go?.faultsPerOp !== undefined),
      { title: 'go faults/op', cell: (r) => formatFaults(r.go?.faultsPerOp) },
    ),
    { title: 'ratio', cell: (r) => (r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}${times}`) },
    ...optional(choice.ratioRange === true && rows.some((r) => r.ratioRuns !== undefined), {
      title: 'ratio range',
      cell: (r) => ratioRange(r.ratioRuns, times),
    }),
    { title: 'MB/s range', cell: (r) => `${r.mbPerSecRange[0].toFixed(1)}–${r.mbPerSecRange[1].toFixed(1)}` },
    ...optional(choice.msPerOp === true, {
      title: 'ms/op (min/med/max)',
      cell: ({ msPerOp: t }) => `${t.min.toPrecision(3)} / ${t.median.toPrecision(3)} / ${t.max.toPrecision(3)}`,
    }),
  ];
}

/** The lowest and highest of a row's per-run ratios, `2.1–2.9x`, or `-`. */
function ratioRange(runs: readonly number[] | undefined, times: string): string {
  if (runs === undefined || runs.length === 0) return '-';
  return `${Math.min(...runs).toFixed(2)}–${Math.max(...runs).toFixed(2)}${times}`;
}
