import { goMedianMs, type GoAnchorOptions, type GoFigure } from './go-anchor.js';
import type { Launcher } from './launch.js';
import type { MeasureOptions, Measurement } from './measure.js';
import type { Payload } from './payload.js';
import type { Progress } from './progress.js';
import type { ChildResult, ResultRow } from './result.js';
import type { StageDef } from './stage.js';
import { spread } from './stats.js';

/** Process isolation: one fresh process per payload and stage (its runs share it), or per run. */
export type Isolation = 'stage' | 'run';

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
}

/** What a run produced. */
export interface RunOutcome {
  rows: ResultRow[];
  goFigures: GoFigure[];
  /** Skipped stages and other remarks, one sentence each, in the order met. */
  notes: string[];
}

/** Joins the measurements of single-run processes into one (runs in order; allocation of the first). */
function joinMeasurements(parts: readonly Measurement[]): Measurement {
  const runs = parts.flatMap((m) => m.runs);
  return {
    runs,
    secPerOp: spread(runs),
    rme: parts.flatMap((m) => m.rme),
    samples: parts.reduce((a, m) => a + m.samples, 0),
    alloc: parts[0].alloc,
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
    maxRssKb: child.maxRssKb,
  };
  if (m.alloc.retainedBytes !== undefined) row.retainedBytes = m.alloc.retainedBytes;
  const go =
    def.goTool === undefined ? undefined : goFigures.find((f) => f.tool === def.goTool && f.file === payload.path);
  if (go !== undefined) {
    const msMedian = goMedianMs(go);
    row.go = { tool: go.tool, bytes: go.bytes, msMedian, mbPerSec: go.bytes / 1e6 / (msMedian / 1e3) };
    row.ratio = msMedian / row.msPerOp.median;
  }
  if (child.output !== undefined) row.output = child.output;
  return row;
}

/**
 * Measures every stage on every payload, each in fresh processes (see {@link Isolation}), then runs
 * the Go anchor on that payload right away so that both sides see the same machine load. Rows come
 * out payload by payload, stages in plan order. A stage unavailable on a payload is left out and
 * noted. Rejects when a measurement fails or go-anchor counts other series than promkit.
 */
export async function runPlan(plan: RunPlan, hooks: RunHooks): Promise<RunOutcome> {
  const { progress } = hooks;
  const stepsPerStage = plan.isolate === 'run' ? 2 * plan.measure.runs : plan.measure.runs + 1;
  const total = plan.payloads.length * (plan.stages.length * stepsPerStage + (plan.go ? 1 : 0));
  const rows: ResultRow[] = [];
  const goFigures: GoFigure[] = [];
  const notes: string[] = [];
  let done = 0;
  progress.begin(total);
  try {
    for (const payload of plan.payloads) {
      const results: Array<{ def: StageDef; child: ChildResult }> = [];
      for (const def of plan.stages) {
        const what = `${payload.name} · ${def.tool === 'promkit' ? def.stage : def.id}`;
        progress.step(done, `${what} · warm-up`);
        const request = { payload, stage: def.id, measure: plan.measure, resolveFrom: plan.resolveFrom };
        let child: ChildResult;
        const before = done;
        if (plan.isolate === 'run') {
          const parts: ChildResult[] = [];
          for (let r = 1; r <= plan.measure.runs; r++) {
            const label = `${what} · process ${r}/${plan.measure.runs}`;
            progress.step(done, label);
            const part = await hooks.launch({ ...request, measure: { ...plan.measure, runs: 1 } }, () =>
              progress.step(++done, label),
            );
            parts.push(part);
            if (part.measurement === undefined) break;
          }
          const first = parts[0];
          child =
            first.measurement === undefined
              ? first
              : {
                  ...first,
                  measurement: joinMeasurements(parts.map((p) => p.measurement as Measurement)),
                  maxRssKb: Math.max(...parts.map((p) => p.maxRssKb)),
                };
        } else {
          child = await hooks.launch(request, (run) =>
            progress.step(++done, `${what} · ${run === 0 ? 'warm-up done' : `run ${run}/${plan.measure.runs}`}`),
          );
        }
        done = before + stepsPerStage;
        progress.step(done, what);
        if (child.unavailable !== undefined) {
          notes.push(`${def.id} skipped on ${payload.name}: ${child.unavailable}`);
          progress.log(`  ${what}: skipped (${child.unavailable})`);
          continue;
        }
        results.push({ def, child });
        const m = child.measurement as Measurement;
        progress.log(`  ${what}: ${(child.bytes / 1e6 / m.secPerOp.median).toFixed(1)} MB/s`);
      }
      let figures: GoFigure[] = [];
      if (plan.go !== undefined) {
        progress.step(done, `${payload.name} · go-anchor`);
        figures = await hooks.runGo(plan.go.binary, [payload.path], plan.go);
        goFigures.push(...figures);
        progress.step(++done, `${payload.name} · go-anchor`);
        const goParse = figures.find((f) => f.tool === 'go-expfmt-parse');
        if (goParse !== undefined && goParse.series !== payload.series) {
          throw new Error(
            `series count differs from go-anchor's on ${payload.name}: ${payload.series} vs ${goParse.series}`,
          );
        }
      }
      for (const { def, child } of results) {
        const row = toRow(def, payload, child, figures);
        rows.push(row);
        if (def.tool === 'promkit' && def.stage === 'serialize' && row.go !== undefined && row.go.bytes !== row.bytes) {
          notes.push(`serialize on ${payload.name}: promkit wrote ${row.bytes} bytes, Go ${row.go.bytes}`);
        }
      }
    }
  } finally {
    progress.end();
  }
  return { rows, goFigures, notes };
}
