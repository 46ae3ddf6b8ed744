/**
 * The bench stage: per-stage throughput of promkit next to the Go reference measured in the same run,
 * with fresh processes, forced GCs, a payload generator, reports (table, JSON, HTML) and comparisons.
 */
export {
  measure,
  probeAllocation,
  forceGc,
  type MeasureOptions,
  type Measurement,
  type AllocationFigures,
  type Operation,
} from './measure.js';
export { median, spread, type Spread } from './stats.js';
export { countSeries, loadPayload, payloadName, uniquePayloadNames, type Payload } from './payload.js';
export {
  generatePayload,
  generatedName,
  checkGenerateOptions,
  DEFAULT_GENERATE,
  type GenerateOptions,
} from './generate.js';
export {
  findGoAnchor,
  runGoAnchor,
  parseGoAnchorOutput,
  goMedianMs,
  type GoFigure,
  type GoAnchorOptions,
} from './go-anchor.js';
export {
  STAGE_NAMES,
  type StageName,
  type StageDef,
  type StageCase,
  type Unavailable,
  type PayloadInput,
  type GoTool,
} from './stage.js';
export { PROMKIT_STAGES } from './stages.js';
export { peerStages, resolvePackage, PEER_PACKAGES } from './peers.js';
export { childMain, measureStage, allStages, RESULT_MARK, PROGRESS_MARK } from './child.js';
export { processLauncher, type ChildCommand, type Launcher } from './launch.js';
export { runPlan, toRow, type RunPlan, type RunHooks, type RunOutcome, type Isolation } from './runner.js';
export { lineProgress, ttyProgress, renderBar, type Progress } from './progress.js';
export { formatTable } from './format.js';
export { formatBytes } from './figures.js';
export { compareResults, formatComparison, CHANGE_THRESHOLD, type ComparisonRow } from './compare.js';
export { renderHtml, stageChart, escapeHtml } from './html.js';
export { environment, busyNote } from './environment.js';
export { findPromkitRoot } from './package-root.js';
export { parseBenchArgs, BenchUsageError, BENCH_HELP, type BenchArgs } from './options.js';
export type { BenchResult, ResultRow, ChildRequest, ChildResult, Environment, GoColumn } from './result.js';
