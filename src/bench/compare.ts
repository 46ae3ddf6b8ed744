import type { BenchResult, ResultRow } from './result.js';

/** Relative change beyond which a row is called better or worse (10 %: the noise of a shared machine). */
export const CHANGE_THRESHOLD = 0.1;

/** One row of a comparison between a baseline and a newer result. */
export interface ComparisonRow {
  tool: string;
  stage: string;
  payload: string;
  baseRatio?: number;
  nowRatio?: number;
  /** `nowRatio / baseRatio - 1`, when both exist. */
  ratioChange?: number;
  baseMbPerSec?: number;
  nowMbPerSec?: number;
  /** `nowMbPerSec / baseMbPerSec - 1`, when both exist (absolute figures: only meaningful on one machine). */
  mbPerSecChange?: number;
  /**
   * `better`/`worse`: the ratio to Go (or, without ratios, MB/s) moved by more than the threshold;
   * `same`: within it; `new`/`gone`: the row is in one result only; `payload changed`: the payload's
   * size differs, so the rows measure different inputs.
   */
  verdict: 'better' | 'worse' | 'same' | 'new' | 'gone' | 'payload changed';
}

function key(r: ResultRow): string {
  return `${r.tool}\u0000${r.stage}\u0000${r.payload}`;
}

function change(base: number | undefined, now: number | undefined): number | undefined {
  return base === undefined || now === undefined || !(base > 0) ? undefined : now / base - 1;
}

/**
 * Matches the rows of two results by tool, stage and payload and gives the relative change of each:
 * of the ratio to Go when both rows have one (ratios from different runs compare; absolute MB/s
 * do not), else of MB/s. Rows follow `now`'s order, then rows only the baseline has. Pure.
 */
export function compareResults(
  base: BenchResult,
  now: BenchResult,
  threshold: number = CHANGE_THRESHOLD,
): ComparisonRow[] {
  const baseRows = new Map(base.rows.map((r) => [key(r), r]));
  const seen = new Set<string>();
  const out: ComparisonRow[] = [];
  for (const r of now.rows) {
    const k = key(r);
    seen.add(k);
    const b = baseRows.get(k);
    const row: ComparisonRow = {
      tool: r.tool,
      stage: r.stage,
      payload: r.payload,
      nowRatio: r.ratio,
      nowMbPerSec: r.mbPerSec,
      verdict: 'new',
    };
    if (b !== undefined) {
      row.baseRatio = b.ratio;
      row.baseMbPerSec = b.mbPerSec;
      row.ratioChange = change(b.ratio, r.ratio);
      row.mbPerSecChange = change(b.mbPerSec, r.mbPerSec);
      const inputs = (x: ResultRow): number => (x.stage === 'serialize' ? x.series : x.bytes);
      if (inputs(b) !== inputs(r)) row.verdict = 'payload changed';
      else {
        const c = row.ratioChange ?? row.mbPerSecChange;
        row.verdict = c === undefined ? 'same' : c > threshold ? 'better' : c < -threshold ? 'worse' : 'same';
      }
    }
    out.push(row);
  }
  for (const b of base.rows) {
    if (seen.has(key(b))) continue;
    out.push({
      tool: b.tool,
      stage: b.stage,
      payload: b.payload,
      baseRatio: b.ratio,
      baseMbPerSec: b.mbPerSec,
      verdict: 'gone',
    });
  }
  return out;
}

function pct(c: number | undefined): string {
  if (c === undefined) return '-';
  const v = c * 100;
  return `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;
}

function num(v: number | undefined, digits: number, suffix = ''): string {
  return v === undefined ? '-' : `${v.toFixed(digits)}${suffix}`;
}

/**
 * Renders a comparison as an aligned table (`ratio base now change  MB/s base now change  verdict`),
 * with a `tool` column when a row is not promkit's. Returns text with a trailing newline.
 */
export function formatComparison(rows: readonly ComparisonRow[]): string {
  const withTool = rows.some((r) => r.tool !== 'promkit');
  const header = [
    ...(withTool ? ['tool'] : []),
    'stage',
    'payload',
    'base ratio',
    'ratio',
    'change',
    'base MB/s',
    'MB/s',
    'change',
    'verdict',
  ];
  const body = rows.map((r) => [
    ...(withTool ? [r.tool] : []),
    r.stage,
    r.payload,
    num(r.baseRatio, 2, 'x'),
    num(r.nowRatio, 2, 'x'),
    pct(r.ratioChange),
    num(r.baseMbPerSec, 1),
    num(r.nowMbPerSec, 1),
    pct(r.mbPerSecChange),
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const left = withTool ? 3 : 2;
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < left || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

/** The `--node-flags` a result was measured with (none in results from before the option). */
function nodeFlagsOf(r: BenchResult): string {
  const flags = r.options.nodeFlags;
  return Array.isArray(flags) && flags.length > 0 ? flags.join(' ') : '(none)';
}

/**
 * A remark when the two results were measured with different `--node-flags`: their rows then
 * compare two configurations of Node as much as two versions of the code. `undefined` otherwise.
 */
export function nodeFlagsNote(base: BenchResult, now: BenchResult): string | undefined {
  const [b, n] = [nodeFlagsOf(base), nodeFlagsOf(now)];
  if (b === n) return undefined;
  return `the results were measured with different node flags (baseline ${b}, result ${n}): the rows compare two configurations of Node`;
}
