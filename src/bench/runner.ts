import { goMedianMs, type GoAnchorOptions, type GoFigure } from './go-anchor.js';
import type { Launcher } from './launch.js';
import type { MeasureOptions, Measurement } from './measure.js';
import type { Payload } from './payload.js';
import type { Progress } from './progress.js';
import type { ChildResult, ResultRow } from './result.js';
import type { StageDef } from './stage.js';
import { mean, median, spread } from './stats.js';

/**
 * Process isolation: one fresh process per payload and stage (its runs share it), one per run, or
 * `paired`: one per payload and stage whose every run is followed by one run of the Go anchor, the
 * process waiting meanwhile, so that each ratio compares two runs made a moment apart on the same
 * machine load (and the process stays warm).
 */
export type Isolation = 'stage' | 'run' | 'paired';

/** What to measure and how. */
export interface RunPlan {
  /** In table order. */
  payloads: Payload[];
  /** In table order (promkit's stages, then other packages'). */
  stages: StageDef[];
  measure: MeasureOptions;
  isolate: Isolation;
  /** Directories other npm packages resolve from (passed on to the measuring processes). */
  resolveFrom: string[];
  /** The Go anchor; absent: no Go column, no ratios. */
  go?: { binary: string } & GoAnchorOptions;
}

/** The outside world of a run; tests replace the processes. */
export interface RunHooks {
  launch: Launcher;
  runGo: (binary: string, files: readonly string[], options: GoAnchorOptions) => Promise<GoFigure[]>;
  progress: Progress;
  /** Called before each stage of each payload, while no measuring process runs (the speed probe). */
  beforeStage?: () => void;
}

/** What a run produced. */
export interface RunOutcome {
  rows: ResultRow[];
  goFigures: GoFigure[];
  /** Skipped stages and other remarks, one sentence each, in the order met. */
  notes: string[];
}

/**
 * Joins the measurements of single-run processes into one: runs in order, the allocation figures
 * of the first, the kernel figures averaged.
 */
function joinMeasurements(parts: readonly Measurement[]): Measurement {
  const runs = parts.flatMap((m) => m.runs);
  return {
    runs,
    secPerOp: spread(runs),
    rme: parts.flatMap((m) => m.rme),
    samples: parts.reduce((a, m) => a + m.samples, 0),
    alloc: parts[0].alloc,
    kernel: {
      faultsPerOp: mean(parts.map((m) => m.kernel.faultsPerOp)),
      systemShare: mean(parts.map((m) => m.kernel.systemShare)),
    },
    ...(parts[0].referenceRatios === undefined
      ? {}
      : { referenceRatios: parts.flatMap((m) => m.referenceRatios ?? []) }),
  };
}

/**
 * Turns a child's measurement into a table row, with the Go figure of `def.goTool` on the same payload
 * when there is one. Throws when the child measured nothing.
 */
export function toRow(def: StageDef, payload: Payload, child: ChildResult, goFigures: readonly GoFigure[]): ResultRow {
  const m = child.measurement;
  if (m === undefined) throw new Error(`code error: no measurement for ${def.id} on ${payload.name}`);
  const sec = m.secPerOp;
  const mb = child.bytes / 1e6;
  const row: ResultRow = {
    tool: def.tool,
    stage: def.stage,
    payload: payload.name,
    bytes: child.bytes,
    series: payload.series,
    msPerOp: { min: sec.min * 1e3, median: sec.median * 1e3, max: sec.max * 1e3 },
    msRuns: m.runs.map((s) => s * 1e3),
    rme: m.rme,
    mbPerSec: mb / sec.median,
    mbPerSecRange: [mb / sec.max, mb / sec.min],
    seriesPerSec: payload.series / sec.median,
    allocBytes: m.alloc.allocatedBytes,
    faultsPerOp: m.kernel.faultsPerOp,
    systemShare: m.kernel.systemShare,
    maxRssKb: child.maxRssKb,
  };
  if (m.alloc.retainedBytes !== undefined) row.retainedBytes = m.alloc.retainedBytes;
  if (m.referenceRatios !== undefined) row.referenceRatioRuns = m.referenceRatios;
  const go =
    def.goTool === undefined ? undefined : goFigures.find((f) => f.tool === def.goTool && f.file === payload.path);
  if (go !== undefined) {
    const msMedian = goMedianMs(go);
    row.go = { tool: go.tool, bytes: go.bytes, msMedian, mbPerSec: go.bytes / 1e6 / (msMedian / 1e3) };
    if (go.faultsPerOp !== undefined) row.go.faultsPerOp = go.faultsPerOp;
    row.ratio = msMedian / row.msPerOp.median;
  }
  if (child.output !== undefined) row.output = child.output;
  return row;
}

/** The Go figures of several single-run go-anchor calls joined into one per tool (raw runs in call order). */
function joinGoFigures(rounds: readonly GoFigure[][]): GoFigure[] {
  const byTool = new Map<string, { figure: GoFigure; faults: number[] }>();
  for (const figures of rounds)
    for (const f of figures) {
      let entry = byTool.get(f.tool);
      if (entry === undefined) {
        entry = { figure: { ...f, rawMs: [] }, faults: [] };
        byTool.set(f.tool, entry);
      }
      entry.figure.rawMs.push(...f.rawMs);
      if (f.faultsPerOp !== undefined) entry.faults.push(f.faultsPerOp);
    }
  return [...byTool.values()].map(({ figure: f, faults }) => {
    const ms = spread(f.rawMs);
    const joined: GoFigure = { ...f, runs: f.rawMs.length, msMin: ms.min, msMedian: ms.median, msMax: ms.max };
    // A mean over the rounds, as the kernel figures of single-run processes are joined.
    if (faults.length > 0) joined.faultsPerOp = mean(faults);
    return joined;
  });
}

/** Throws when go-anchor counted other series on a payload than promkit did. */
function checkSeries(payload: Payload, figures: readonly GoFigure[]): void {
  const goParse = figures.find((f) => f.tool === 'go-expfmt-parse');
  if (goParse !== undefined && goParse.series !== payload.series) {
    throw new Error(`series count differs from go-anchor's on ${payload.name}: ${payload.series} vs ${goParse.series}`);
  }
}

/** Adds the notes a row calls for (a serializer writing other bytes than Go). */
function noteRow(row: ResultRow, notes: string[]): void {
  if (row.tool === 'promkit' && row.stage === 'serialize' && row.go !== undefined && row.go.bytes !== row.bytes) {
    notes.push(`serialize on ${row.payload}: promkit wrote ${row.bytes} bytes, Go ${row.go.bytes}`);
  }
}

/** Steps of one stage on one payload, for the progress bar. */
function stepsPerStage(plan: RunPlan): number {
  const { runs } = plan.measure;
  if (plan.isolate === 'run') return 2 * runs;
  return runs + 1 + (plan.isolate === 'paired' && plan.go ? runs : 0);
}

/** What measuring one payload needs besides the plan. */
interface PayloadRun {
  plan: RunPlan;
  hooks: RunHooks;
  payload: Payload;
  rows: ResultRow[];
  goFigures: GoFigure[];
  notes: string[];
  /** Steps done so far (shared across payloads). */
  done: { n: number };
}

/** A stage's measurement, with the Go figures of its paired runs (one call per run) when paired. */
interface StageOutcome {
  child: ChildResult;
  goRounds: GoFigure[][];
}

/** One stage's processes on one payload, per the plan's isolation. */
async function measureStage(run: PayloadRun, def: StageDef, what: string): Promise<StageOutcome> {
  const { plan, hooks, payload, done } = run;
  const { progress } = hooks;
  const { runs } = plan.measure;
  progress.step(done.n, `${what} · warm-up`);
  const request = { payload, stage: def.id, measure: plan.measure, resolveFrom: plan.resolveFrom };
  const goRounds: GoFigure[][] = [];
  const go = plan.go;
  if (plan.isolate === 'paired' && go !== undefined) {
    // A failing Go run stops the child; the launcher then reports only that the child stopped.
    let goError: unknown;
    const child = await hooks
      .launch({ ...request, paired: true }, async (r) => {
        progress.step(++done.n, `${what} · ${r === 0 ? 'warm-up done' : `run ${r}/${runs}`}`);
        if (r === 0) return;
        try {
          const figures = await hooks.runGo(go.binary, [payload.path], { ...go, runs: 1 });
          checkSeries(payload, figures);
          goRounds.push(figures);
        } catch (e) {
          goError ??= e;
          throw e;
        }
        progress.step(++done.n, `${what} · go-anchor ${r}/${runs}`);
      })
      .catch((e: unknown) => {
        throw goError ?? e;
      });
    if (goError !== undefined) throw goError;
    return { child, goRounds };
  }
  if (plan.isolate !== 'run') {
    const child = await hooks.launch(request, (r) =>
      progress.step(++done.n, `${what} · ${r === 0 ? 'warm-up done' : `run ${r}/${runs}`}`),
    );
    return { child, goRounds };
  }
  const parts: ChildResult[] = [];
  for (let r = 1; r <= runs; r++) {
    const label = `${what} · process ${r}/${runs}`;
    progress.step(done.n, label);
    const part = await hooks.launch({ ...request, measure: { ...plan.measure, runs: 1 } }, () =>
      progress.step(++done.n, label),
    );
    parts.push(part);
    if (part.measurement === undefined) break;
  }
  return { child: joinParts(parts), goRounds };
}

/** Single-run results of one stage joined into one (the first when it measured nothing). */
function joinParts(parts: readonly ChildResult[]): ChildResult {
  const first = parts[0];
  if (first.measurement === undefined) return first;
  return {
    ...first,
    measurement: joinMeasurements(parts.map((p) => p.measurement as Measurement)),
    maxRssKb: Math.max(...parts.map((p) => p.maxRssKb)),
  };
}

/**
 * A paired stage's row: the Go column from its own Go runs, the ratio the median of the per-run
 * ratios (Go's run after each of the stage's runs, over that run), listed in `ratioRuns`.
 */
function pairedRow(def: StageDef, payload: Payload, outcome: StageOutcome): ResultRow {
  const row = toRow(def, payload, outcome.child, joinGoFigures(outcome.goRounds));
  if (row.go === undefined) return row;
  const tool = row.go.tool;
  const ours = (outcome.child.measurement as Measurement).runs;
  const perRun = outcome.goRounds.map((figures, i) => {
    const go = figures.find((f) => f.tool === tool) as GoFigure;
    return goMedianMs(go) / (ours[i] * 1e3);
  });
  row.ratio = median(perRun);
  row.ratioRuns = perRun;
  return row;
}

/** Every stage on one payload, then (unless paired) the Go anchor once, then the rows. */
async function runPayload(run: PayloadRun): Promise<void> {
  const { plan, hooks, payload, done } = run;
  const { progress } = hooks;
  const results: Array<{ def: StageDef; outcome: StageOutcome }> = [];
  for (const def of plan.stages) {
    const what = `${payload.name} · ${def.tool === 'promkit' ? def.stage : def.id}`;
    const before = done.n;
    hooks.beforeStage?.();
    const outcome = await measureStage(run, def, what);
    done.n = before + stepsPerStage(plan);
    progress.step(done.n, what);
    const { child } = outcome;
    if (child.unavailable !== undefined) {
      run.notes.push(`${def.id} skipped on ${payload.name}: ${child.unavailable}`);
      progress.log(`  ${what}: skipped (${child.unavailable})`);
      continue;
    }
    results.push({ def, outcome });
    const m = child.measurement as Measurement;
    progress.log(`  ${what}: ${(child.bytes / 1e6 / m.secPerOp.median).toFixed(1)} MB/s`);
  }
  const paired = plan.isolate === 'paired';
  let figures: GoFigure[] = [];
  if (plan.go !== undefined && !paired) {
    progress.step(done.n, `${payload.name} · go-anchor`);
    figures = await hooks.runGo(plan.go.binary, [payload.path], plan.go);
    progress.step(++done.n, `${payload.name} · go-anchor`);
    checkSeries(payload, figures);
  }
  if (paired) figures = joinGoFigures(results.flatMap((r) => r.outcome.goRounds));
  run.goFigures.push(...figures);
  for (const { def, outcome } of results) {
    const row = paired ? pairedRow(def, payload, outcome) : toRow(def, payload, outcome.child, figures);
    run.rows.push(row);
    noteRow(row, run.notes);
  }
}

/**
 * Measures every stage on every payload, each in fresh processes (see {@link Isolation}), with
 * the Go anchor run on that payload right away (`paired`: after every run) so that both sides see
 * the same machine load. Rows come out payload by payload, stages in plan order. A stage
 * unavailable on a payload is left out and noted. Rejects when a measurement fails or go-anchor
 * counts other series than promkit.
 */
export async function runPlan(plan: RunPlan, hooks: RunHooks): Promise<RunOutcome> {
  const { progress } = hooks;
  const rows: ResultRow[] = [];
  const goFigures: GoFigure[] = [];
  const notes: string[] = [];
  const done = { n: 0 };
  const goOnce = plan.go !== undefined && plan.isolate !== 'paired' ? 1 : 0;
  progress.begin(plan.payloads.length * (plan.stages.length * stepsPerStage(plan) + goOnce));
  try {
    for (const payload of plan.payloads) {
      const run: PayloadRun = { plan, hooks, payload, rows, goFigures, notes, done };
      await runPayload(run);
    }
  } finally {
    progress.end();
  }
  return { rows, goFigures, notes };
}
