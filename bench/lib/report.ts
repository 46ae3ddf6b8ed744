import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { GoFigure } from './go-anchor.js';

/** Minimum, median and maximum of one quantity over the runs of a measurement. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** One table row: one stage on one payload, with the Go figure of the same run when there is one. */
export interface ResultRow {
  /** Bench file the row comes from (`parse`). */
  bench: string;
  /** What was timed (`parse`, `parse:string`, `lex`…). */
  stage: string;
  payload: string;
  bytes: number;
  series: number;
  /** Milliseconds per operation over the runs. */
  msPerOp: Spread;
  /** Milliseconds per operation of each run, in run order. */
  msRuns: number[];
  /** benchmark.js relative margin of error of each run, percent. */
  rme: number[];
  /** Megabytes (10^6) per second at the median run. */
  mbPerSec: number;
  /** Megabytes per second at the fastest run. */
  mbPerSecBest: number;
  /** Series per second at the median run. */
  seriesPerSec: number;
  /** The Go tool's median figure on the same payload, taken in the same run. */
  go?: { tool: string; mbPerSec: number; seriesPerSec: number; msMedian: number };
  /** `mbPerSec / go.mbPerSec`: above 1 is faster than Go. */
  ratio?: number;
  /** Whatever the stage reported about its output (families, metrics…), for sanity checks. */
  output?: Record<string, number>;
}

/**
 * Median of a non-empty list as go-anchor takes it: the element at index `length >> 1` of the sorted
 * list (the upper middle for even lengths), so both sides of a ratio use the same statistic.
 * Does not mutate `xs`.
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('code error: median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Min, median and max of a non-empty list. Does not mutate `xs`. */
export function spread(xs: readonly number[]): Spread {
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs) };
}

function fixed(v: number | undefined, digits: number): string {
  return v === undefined ? '-' : v.toFixed(digits);
}

/**
 * Renders rows as an aligned plain-text table with the columns
 * `stage payload MB/s series/s go MB/s ratio` plus the MB/s range over the runs (slowest–fastest).
 * Rows keep their order. Returns the table with a trailing newline.
 */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['stage', 'payload', 'MB/s', 'series/s', 'go MB/s', 'ratio', 'MB/s range'];
  const body = rows.map((r) => [
    r.stage,
    r.payload,
    fixed(r.mbPerSec, 1),
    fixed(r.seriesPerSec, 0),
    fixed(r.go?.mbPerSec, 1),
    fixed(r.ratio, 2),
    `${(r.bytes / 1e3 / r.msPerOp.max).toFixed(1)}–${r.mbPerSecBest.toFixed(1)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const leftAligned = 2; // stage and payload
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < leftAligned ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

function gitCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Machine facts recorded with every result file, so that noisy runs can be recognised later. */
export function environment(root: string): Record<string, unknown> {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpu[0]?.model,
    cpuCount: cpu.length,
    loadavg: loadavg(),
    commit: gitCommit(root),
  };
}

/**
 * Writes `bench/results/<UTC date and time>.json` (creating the folder) with the rows, every Go
 * figure, the options and the environment; a numeric suffix avoids overwriting a file of the same
 * second. Returns the path written.
 */
export function writeResults(
  root: string,
  content: { bench: string; options: unknown; rows: readonly ResultRow[]; goFigures: readonly GoFigure[]; environment: unknown },
): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  let path = join(dir, `${stamp}.json`);
  for (let i = 2; existsSync(path); i++) path = join(dir, `${stamp}-${i}.json`);
  writeFileSync(path, JSON.stringify({ date: new Date().toISOString(), ...content }, null, 2) + '\n');
  return path;
}
