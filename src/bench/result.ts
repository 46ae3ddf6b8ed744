import type { GoFigure } from './go-anchor.js';
import type { MeasureOptions, Measurement } from './measure.js';
import type { Payload } from './payload.js';
import type { Spread } from './stats.js';
import type { PageTouch } from './page-touch.js';

/** What the parent asks a measuring child process to do: one stage on one payload. */
export interface ChildRequest {
  payload: Payload;
  /** {@link StageDef.id}. */
  stage: string;
  measure: MeasureOptions;
  /** Directories other npm packages are resolved from (the parent's, so that both see the same). */
  resolveFrom: string[];
  /**
   * After the warm-up and after each run but the last, wait for a line on standard input before
   * going on (the parent runs the Go anchor meanwhile: `--isolate paired`).
   */
  paired?: boolean;
}

/** What a child process reports, on one line of its standard output. */
export interface ChildResult {
  payload: string;
  stage: string;
  /** Absent when the stage was unavailable. */
  measurement?: Measurement;
  /** Bytes one call processed. */
  bytes: number;
  /** The stage's own counts (families, tokens, diagnostics…). */
  output?: Record<string, number>;
  /** Why the stage did not run, when it did not. */
  unavailable?: string;
  /** Peak resident set size of the child, kilobytes. */
  maxRssKb: number;
}

/** The Go figure a row is compared with, taken in the same run on the same payload. */
export interface GoColumn {
  tool: string;
  /** Bytes the Go tool processed per call (serialize: its output). */
  bytes: number;
  /** Median milliseconds per call (from the six-digit raw runs). */
  msMedian: number;
  mbPerSec: number;
  /** Minor page faults per call over Go's timed runs (their mean over paired rounds); absent where not counted. */
  faultsPerOp?: number;
}

/** One table row: one tool doing one stage on one payload. */
export interface ResultRow {
  /** `promkit` or another npm package. */
  tool: string;
  stage: string;
  payload: string;
  /** Bytes one call processed (input, or output for serializers). */
  bytes: number;
  /** Sample lines of the payload. */
  series: number;
  /** Milliseconds per operation over the runs. */
  msPerOp: Spread;
  /** Milliseconds per operation of each run, in run order. */
  msRuns: number[];
  /** benchmark.js relative margin of error of each run, percent. */
  rme: number[];
  /** Megabytes (10^6) per second at the median run. */
  mbPerSec: number;
  /** Megabytes per second at the slowest and fastest run. */
  mbPerSecRange: [number, number];
  /** Sample lines per second at the median run. */
  seriesPerSec: number;
  /** Bytes allocated by one call (heap growth plus what collections during the call freed). */
  allocBytes: number;
  /** Bytes the result keeps on the heap after a full collection; undefined for asynchronous operations. */
  retainedBytes?: number;
  /** Minor page faults per call over a few calls after the warm-up (absent in results from before it was measured). */
  faultsPerOp?: number;
  /** Share of the measuring process's CPU time spent in the kernel over those calls, 0 to 1. */
  systemShare?: number;
  /** Peak resident set size of the measuring process, kilobytes. */
  maxRssKb: number;
  go?: GoColumn;
  /** How many times faster than Go at the same job: Go's median time ÷ this row's median time. */
  ratio?: number;
  /** With `--isolate paired`: each run's ratio (Go's run over this row's run of the same round); {@link ratio} is their median. */
  ratioRuns?: number[];
  /**
   * With a reference operation (`StageCase.reference`): after each run, the reference's time per
   * call over this row's, the two timed in turn in one process; the relative speeds take their median.
   */
  referenceRatioRuns?: number[];
  output?: Record<string, number>;
}

/** Machine facts recorded with every result, so that noisy runs can be recognised later. */
export interface Environment {
  node: string;
  v8: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  /** 1, 5 and 15 minute load averages at the start and at the end of the run. */
  loadavgStart: number[];
  loadavgEnd: number[];
  promkit?: string;
  commit?: string;
  /** What a first touch of a fresh memory page cost at the start (absent where it could not be measured, and in older results). */
  pageTouch?: PageTouch;
  /**
   * The share of the machine's CPU time that processes other than the bench and its children took
   * during the run, 0 to 1 (Linux; absent elsewhere and in older results).
   */
  otherCpuShare?: number;
  /**
   * Milliseconds of a fixed workload timed before each stage and at the end, in order (see
   * `speed-probe.ts`; absent in older results): their spread shows the machine's speed changing.
   */
  speedProbeMs?: number[];
}

/** Everything one `promkit bench` run measured: what `--json` prints and `--write` stores. */
export interface BenchResult {
  format: 'promkit-bench/1';
  date: string;
  /** The options in force (runs, stages, isolation, Go settings…). */
  options: Record<string, unknown>;
  environment: Environment;
  payloads: Payload[];
  rows: ResultRow[];
  /** Every go-anchor line, raw runs included. */
  goFigures: GoFigure[];
  /** What was skipped and why, and other remarks, one sentence each. */
  notes: string[];
}
