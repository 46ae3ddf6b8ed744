import { describe, expect, test } from 'vitest';
import type { GoFigure } from '../../../src/bench/go-anchor.js';
import type { Launcher } from '../../../src/bench/launch.js';
import type { Measurement } from '../../../src/bench/measure.js';
import type { Payload } from '../../../src/bench/payload.js';
import type { Progress } from '../../../src/bench/progress.js';
import type { ChildRequest, ChildResult } from '../../../src/bench/result.js';
import { runPlan, type RunPlan } from '../../../src/bench/runner.js';
import type { StageDef } from '../../../src/bench/stage.js';
import { spread } from '../../../src/bench/stats.js';

const payload: Payload = { name: 'p', path: '/d/p.prom', bytes: 1_000_000, series: 5000 };

function stage(id: string, over: Partial<StageDef> = {}): StageDef {
  return {
    id,
    stage: 'parse',
    tool: 'promkit',
    goTool: 'go-expfmt-parse',
    summary: id,
    prepare: async () => ({ unavailable: 'not here' }),
    ...over,
  };
}

function measurement(secs: number[]): Measurement {
  return {
    runs: secs,
    secPerOp: spread(secs),
    rme: secs.map(() => 1),
    samples: secs.length * 3,
    alloc: { allocatedBytes: 100, retainedBytes: 10, gcCount: 0 },
    kernel: { faultsPerOp: 12, systemShare: 0.05 },
  };
}

function goFigure(tool: string, rawMs: number[], over: Partial<GoFigure> = {}): GoFigure {
  return {
    tool,
    file: payload.path,
    bytes: payload.bytes,
    series: payload.series,
    runs: rawMs.length,
    msMin: 0,
    msMedian: 0,
    msMax: 0,
    mbPerSecMedian: 0,
    seriesPerSecMedian: 0,
    mbPerSecBest: 0,
    rawMs,
    ...over,
  };
}

/** A launcher answering from a table of per-stage seconds, recording requests and reporting every run. */
function fakeLauncher(secs: Record<string, number[]>, requests: ChildRequest[] = []): Launcher {
  let call = 0;
  return async (request, onRun) => {
    requests.push(request);
    const all = secs[request.stage];
    if (all === undefined)
      return {
        payload: request.payload.name,
        stage: request.stage,
        bytes: request.payload.bytes,
        unavailable: 'no such thing',
        maxRssKb: 1,
      };
    const mine = request.measure.runs === 1 ? [all[call++ % all.length]] : all.slice(0, request.measure.runs);
    for (let r = 0; r <= mine.length; r++) onRun(r);
    const result: ChildResult = {
      payload: request.payload.name,
      stage: request.stage,
      bytes: request.payload.bytes,
      measurement: measurement(mine),
      maxRssKb: 1,
    };
    return result;
  };
}

function recorder(): Progress & { steps: number[]; total: number; logs: string[]; ended: boolean } {
  const p = {
    steps: [] as number[],
    total: 0,
    logs: [] as string[],
    ended: false,
    begin(n: number) {
      p.total = n;
    },
    step(d: number) {
      p.steps.push(d);
    },
    log(l: string) {
      p.logs.push(l);
    },
    end() {
      p.ended = true;
    },
  };
  return p;
}

const measureOptions = { runs: 3, warmup: 1, warmupTime: 0.01, maxTime: 0.01, minSamples: 1 };

function plan(over: Partial<RunPlan> = {}): RunPlan {
  return {
    payloads: [payload],
    stages: [stage('parse')],
    measure: measureOptions,
    isolate: 'stage',
    resolveFrom: [],
    ...over,
  };
}

describe('runPlan', () => {
  test('calls beforeStage once before each stage of each payload, while no stage is measured', async () => {
    const events: string[] = [];
    const launch = fakeLauncher({ parse: [0.01], lint: [0.02] });
    await runPlan(
      plan({
        payloads: [payload, { ...payload, name: 'q' }],
        stages: [stage('parse'), stage('lint', { stage: 'lint' })],
      }),
      {
        launch: async (request, onRun) => {
          events.push(`measure ${request.payload.name} ${request.stage}`);
          return launch(request, onRun);
        },
        runGo: async () => [],
        progress: recorder(),
        beforeStage: () => events.push('probe'),
      },
    );
    expect(events).toEqual([
      'probe',
      'measure p parse',
      'probe',
      'measure p lint',
      'probe',
      'measure q parse',
      'probe',
      'measure q lint',
    ]);
  });

  test('a row per stage with MB/s, series/s and the ratio to the Go median of the raw runs', async () => {
    const progress = recorder();
    const out = await runPlan(plan({ go: { binary: 'go', runs: 3, minTimeMs: 1 } }), {
      launch: fakeLauncher({ parse: [0.01, 0.008, 0.012] }),
      runGo: async () => [goFigure('go-expfmt-parse', [30, 20, 25]), goFigure('go-expfmt-serialize', [1, 1, 1])],
      progress,
    });
    expect(out.rows).toHaveLength(1);
    const r = out.rows[0];
    expect(r.msPerOp).toEqual({ min: 8, median: 10, max: 12 });
    expect(r.mbPerSec).toBeCloseTo(100, 10);
    expect(r.mbPerSecRange[0]).toBeCloseTo(1 / 0.012, 10);
    expect(r.mbPerSecRange[1]).toBeCloseTo(125, 10);
    expect(r.seriesPerSec).toBeCloseTo(500_000, 6);
    expect(r.go).toEqual({ tool: 'go-expfmt-parse', bytes: 1_000_000, msMedian: 25, mbPerSec: 40 });
    expect(r.ratio).toBeCloseTo(2.5, 10);
    expect(progress.total).toBe(3 + 1 + 1);
    expect(progress.steps.at(-1)).toBe(progress.total);
    expect(progress.ended).toBe(true);
  });

  test('a stage without a Go counterpart gets no ratio; an unavailable one is noted and left out', async () => {
    const out = await runPlan(
      plan({
        stages: [stage('lint', { stage: 'lint', goTool: undefined }), stage('lex', { stage: 'lex' })],
        go: { binary: 'go', runs: 1, minTimeMs: 1 },
      }),
      {
        launch: fakeLauncher({ lint: [0.1] }),
        runGo: async () => [goFigure('go-expfmt-parse', [1])],
        progress: recorder(),
      },
    );
    expect(out.rows.map((r) => [r.stage, r.ratio])).toEqual([['lint', undefined]]);
    expect(out.notes).toEqual(['lex skipped on p: no such thing']);
  });

  test.each(['stage', 'run'] as const)(
    "--isolate %s: the paired ratios a child measured against its reference are the row's, in run order",
    async (isolate) => {
      const ratios = [0.5, 2, 0.75];
      let call = 0;
      const out = await runPlan(plan({ isolate }), {
        launch: async (request, onRun) => {
          const mine = isolate === 'run' ? [call++] : [0, 1, 2];
          for (let r = 0; r <= mine.length; r++) onRun(r);
          const m = measurement(mine.map(() => 0.01));
          m.referenceRatios = mine.map((i) => ratios[i]);
          return { payload: 'p', stage: request.stage, bytes: payload.bytes, measurement: m, maxRssKb: 1 };
        },
        runGo: async () => [],
        progress: recorder(),
      });
      expect(out.rows[0].referenceRatioRuns).toEqual(ratios);
    },
  );

  test('a row without a reference has no paired ratios', async () => {
    const out = await runPlan(plan(), {
      launch: fakeLauncher({ parse: [0.01] }),
      runGo: async () => [],
      progress: recorder(),
    });
    expect(out.rows[0].referenceRatioRuns).toBeUndefined();
  });

  test('--isolate run starts one single-run process per run and joins their runs in order', async () => {
    const requests: ChildRequest[] = [];
    const progress = recorder();
    const out = await runPlan(plan({ isolate: 'run' }), {
      launch: fakeLauncher({ parse: [0.02, 0.01, 0.03] }, requests),
      runGo: async () => [],
      progress,
    });
    expect(requests.map((r) => r.measure.runs)).toEqual([1, 1, 1]);
    expect(out.rows[0].msRuns).toEqual([20, 10, 30]);
    expect(out.rows[0].msPerOp.median).toBe(20);
    expect(progress.steps.at(-1)).toBe(progress.total);
  });

  test('--isolate paired runs Go once after each run while the process waits; the ratio is the median of the per-run ratios', async () => {
    const order: string[] = [];
    const requests: ChildRequest[] = [];
    const goMs = [[30], [40], [200], [1], [1], [1]];
    const goFaults = [2, 4, 9, 0, 0, 0];
    let call = 0;
    const progress = recorder();
    const out = await runPlan(
      plan({
        isolate: 'paired',
        stages: [stage('parse'), stage('lint', { stage: 'lint', goTool: undefined })],
        go: { binary: 'go', runs: 3, minTimeMs: 1 },
      }),
      {
        launch: async (request, onRun) => {
          requests.push(request);
          const secs = request.stage === 'parse' ? [0.01, 0.04, 0.02] : [0.1, 0.1, 0.1];
          for (let r = 0; r <= secs.length; r++) {
            order.push(`${request.stage} ${r}`);
            await onRun(r);
          }
          return {
            payload: 'p',
            stage: request.stage,
            bytes: payload.bytes,
            measurement: measurement(secs),
            maxRssKb: 1,
          };
        },
        runGo: async (_binary, _files, options) => {
          order.push(`go(runs=${options.runs})`);
          const faultsPerOp = goFaults[call];
          return [goFigure('go-expfmt-parse', goMs[call++], { faultsPerOp })];
        },
        progress,
      },
    );
    expect(requests.map((r) => [r.stage, r.paired, r.measure.runs])).toEqual([
      ['parse', true, 3],
      ['lint', true, 3],
    ]);
    expect(order.slice(0, 7)).toEqual([
      'parse 0',
      'parse 1',
      'go(runs=1)',
      'parse 2',
      'go(runs=1)',
      'parse 3',
      'go(runs=1)',
    ]);
    const parse = out.rows.find((r) => r.stage === 'parse');
    // Per run: 30/10 = 3, 40/40 = 1, 200/20 = 10; the median ratio is 3, not Go's median over ours (40/20).
    expect(parse?.ratioRuns).toEqual([3, 1, 10]);
    expect(parse?.ratio).toBe(3);
    expect(parse?.go?.msMedian).toBe(40);
    // Go's faults per call: the mean over the stage's three rounds.
    expect(parse?.go?.faultsPerOp).toBe(5);
    expect(out.rows.find((r) => r.stage === 'lint')?.ratio).toBeUndefined();
    expect(out.goFigures).toHaveLength(1);
    expect(out.goFigures[0].rawMs).toEqual([30, 40, 200, 1, 1, 1]);
    expect(progress.total).toBe(2 * (3 + 1 + 3));
    expect(progress.steps.at(-1)).toBe(progress.total);
  });

  test('--isolate paired: a failing Go run is the error reported, not the stopped child', async () => {
    const run = runPlan(plan({ isolate: 'paired', go: { binary: 'go', runs: 3, minTimeMs: 1 } }), {
      // As the process launcher does: a rejected onRun stops the child, which then fails on its own.
      launch: async (_request, onRun) => {
        await onRun(0);
        try {
          await onRun(1);
        } catch {
          throw new Error('measuring parse on p failed (exit null)');
        }
        throw new Error('not reached');
      },
      runGo: async () => [goFigure('go-expfmt-parse', [1], { series: 4999 })],
      progress: recorder(),
    });
    await expect(run).rejects.toThrow("series count differs from go-anchor's on p: 5000 vs 4999");
  });

  test('--isolate paired without Go measures as --isolate stage', async () => {
    const requests: ChildRequest[] = [];
    const out = await runPlan(plan({ isolate: 'paired' }), {
      launch: fakeLauncher({ parse: [0.01, 0.02, 0.03] }, requests),
      runGo: async () => [],
      progress: recorder(),
    });
    expect(requests.map((r) => [r.paired, r.measure.runs])).toEqual([[undefined, 3]]);
    expect(out.rows[0].ratioRuns).toBeUndefined();
  });

  test('without Go there is no Go column and go-anchor is never run', async () => {
    let ran = false;
    const out = await runPlan(plan(), {
      launch: fakeLauncher({ parse: [0.01] }),
      runGo: async () => {
        ran = true;
        return [];
      },
      progress: recorder(),
    });
    expect(ran).toBe(false);
    expect(out.rows[0].go).toBeUndefined();
    expect(out.rows[0].ratio).toBeUndefined();
  });

  test('go-anchor counting other series than promkit stops the run', async () => {
    const progress = recorder();
    await expect(
      runPlan(plan({ go: { binary: 'go', runs: 1, minTimeMs: 1 } }), {
        launch: fakeLauncher({ parse: [0.01] }),
        runGo: async () => [goFigure('go-expfmt-parse', [1], { series: 4999 })],
        progress,
      }),
    ).rejects.toThrow("series count differs from go-anchor's on p: 5000 vs 4999");
    expect(progress.ended).toBe(true);
  });

  test('a serializer writing other bytes than Go is noted; the ratio is still the time ratio', async () => {
    const out = await runPlan(
      plan({
        stages: [stage('serialize', { stage: 'serialize', goTool: 'go-expfmt-serialize' })],
        go: { binary: 'go', runs: 1, minTimeMs: 1 },
      }),
      {
        launch: fakeLauncher({ serialize: [0.005] }),
        runGo: async () => [goFigure('go-expfmt-serialize', [10], { bytes: 999_999 })],
        progress: recorder(),
      },
    );
    expect(out.rows[0].ratio).toBeCloseTo(2, 10);
    expect(out.notes).toEqual(['serialize on p: promkit wrote 1000000 bytes, Go 999999']);
  });
});
