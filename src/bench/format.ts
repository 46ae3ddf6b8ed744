import { resultColumns } from './columns.js';
import type { ResultRow } from './result.js';
import { median } from './stats.js';

/**
 * Renders rows as an aligned plain-text table of the {@link resultColumns} (a `tool` column only
 * when a row is not promkit's, an `in faults` column when `microsPerFault` is given, a `ratio
 * range` column when a row has per-run ratios). Rows keep their order; `-` marks a missing figure.
 * Returns the table with a trailing newline.
 */
export function formatTable(rows: readonly ResultRow[], microsPerFault?: number): string {
  const columns = resultColumns(rows, { microsPerFault, times: 'x', ratioRange: true });
  const header = columns.map((c) => c.title);
  const body = rows.map((r) => columns.map((c) => c.cell(r)));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (columns[i].names === true ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

/**
 * A relative speed: the median of the per-run ratios where they were paired in one process
 * (with their range), else the ratio of two rows' medians.
 */
interface RelativeFigure {
  value: number;
  runs?: readonly number[];
}

/** One derived comparison: the rows it reads and how their times compare. */
interface Relative {
  title: string;
  /** Time per operation of the reference over that of the measured side, or undefined. */
  of: (byStage: ReadonlyMap<string, ResultRow>) => RelativeFigure | undefined;
}

/**
 * The reference's time over the measured row's (`invert`: the other way round): from the measured
 * row's paired runs when it has them, else from the two rows' medians.
 */
function paired(measured: ResultRow, reference: ResultRow, invert: boolean): RelativeFigure {
  const fromRuns = ofRuns(measured.referenceRatioRuns?.map((r) => (invert ? 1 / r : r)));
  if (fromRuns !== undefined) return fromRuns;
  const ratio = reference.msPerOp.median / measured.msPerOp.median;
  return { value: invert ? 1 / ratio : ratio };
}

/** The median of paired runs' ratios, with them; `undefined` when there are none. */
function ofRuns(runs: readonly number[] | undefined): RelativeFigure | undefined {
  return runs !== undefined && runs.length > 0 ? { value: median(runs), runs } : undefined;
}

const RELATIVES: readonly Relative[] = [
  {
    // The same series in both formats: time per parse, not MB/s (the OpenMetrics text is longer).
    title: 'openmetrics ÷ text parse',
    of: (rows) => {
      const text = rows.get('parse');
      const om = rows.get('parse-openmetrics');
      return text && om ? paired(om, text, false) : undefined;
    },
  },
  {
    // lint reads parsed families; compared with Go parsing the same bytes.
    title: 'lint ÷ Go parse',
    of: (rows) => {
      const lint = rows.get('lint');
      const goMs = [...rows.values()].find((r) => r.go?.tool === 'go-expfmt-parse')?.go?.msMedian;
      return lint && goMs !== undefined ? { value: goMs / lint.msPerOp.median } : undefined;
    },
  },
  {
    // What returning the text costs on its own: the same string made from its bytes, ready in a buffer.
    title: 'serialize ÷ string floor',
    of: (rows) => ofRuns(rows.get('serialize')?.referenceRatioRuns),
  },
  {
    // What serializing adds to a byte stream: the same chunks, made beforehand, through the same pipeline.
    title: 'serialize-stream ÷ stream floor',
    of: (rows) => ofRuns(rows.get('serialize-stream')?.referenceRatioRuns),
  },
  {
    // How close parse comes to the cost of merely building what it returns (the floor's reference is parse).
    title: 'parse ÷ result floor',
    of: (rows) => {
      const parse = rows.get('parse');
      const floor = rows.get('result-floor');
      return parse && floor ? paired(floor, parse, true) : undefined;
    },
  },
];

/** A speed figure: two decimals, or two significant digits below 0.1 (`0.0052`), which two decimals would show as 0. */
function figure(x: number): string {
  return x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);
}

/** A relative speed as a cell: `0.92x`, with the range of paired runs when there are some (`0.92x (0.88–0.95)`). */
function relativeCell(f: RelativeFigure | undefined): string {
  if (f === undefined) return '-';
  const value = `${figure(f.value)}x`;
  if (f.runs === undefined) return value;
  return `${value} (${figure(Math.min(...f.runs))}–${figure(Math.max(...f.runs))})`;
}

/**
 * The speeds the table implies but does not show, per payload: OpenMetrics parse against text parse
 * of the same series, lint against Go's parse of the same bytes, `serializeText` against the same
 * string made from its bytes, `serializeStream` against a stream
 * of the same chunks made beforehand, and parse against the result floor (`1.00x` = as fast). A
 * stage measured next to its reference in one process gives the median of its paired runs and
 * their range. Returns '' when no payload has the rows one of them needs, else
 * an aligned table with a title line.
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
  const body = payloads.map((p, k) => [p, ...cells[k].filter((_, i) => used[i]).map(relativeCell)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]): string =>
    c
      .map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return ['relative speeds (time per operation, same run)', line(header), ...body.map(line)].join('\n') + '\n';
}
