import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childMain } from '../../bench/child.js';
import { compareResults, formatComparison, nodeFlagsNote } from '../../bench/compare.js';
import { busyNote, environment } from '../../bench/environment.js';
import { cpuSnapshot, otherCpuShare } from '../../bench/cpu-share.js';
import { formatMicros } from '../../bench/figures.js';
import { formatRelative, formatTable } from '../../bench/format.js';
import { generatePayload, generatedName, DEFAULT_GENERATE, type GenerateOptions } from '../../bench/generate.js';
import { findGoAnchor, runGoAnchor } from '../../bench/go-anchor.js';
import { renderHtml } from '../../bench/html.js';
import { processLauncher, type ChildCommand } from '../../bench/launch.js';
import { BENCH_HELP, BenchUsageError, parseBenchArgs, type BenchArgs } from '../../bench/options.js';
import { findPromkitRoot } from '../../bench/package-root.js';
import { loadPayload, uniquePayloadNames, type Payload } from '../../bench/payload.js';
import { peerStages } from '../../bench/peers.js';
import { lineProgress, ttyProgress } from '../../bench/progress.js';
import type { BenchResult } from '../../bench/result.js';
import { runPlan, type RunPlan } from '../../bench/runner.js';
import { SpeedProbe } from '../../bench/speed-probe.js';
import { PROMKIT_STAGES } from '../../bench/stages.js';
import { ParseError } from '../../errors/parse-error.js';
import { parse } from '../../parse/index.js';
import { argsErrorMessage, reportUsageError } from '../args.js';
import type { CliIO, Command } from '../io.js';

/** Where `promkit bench` runs: how to start its measuring processes and what it measures by default. */
export interface BenchContext {
  /** The command line that re-enters this program in child mode. */
  child: ChildCommand;
  /** Payloads measured when no FILE and no `--generate` is given (default: one generated payload). */
  defaultPayloads?: (log: (s: string) => void) => Payload[];
  /** Where the result is written when `--write` is not given (default: nowhere). */
  defaultWrite?: () => string;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function writeFile(path: string, content: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, content);
}

function readResult(path: string): BenchResult {
  const json = JSON.parse(readFileSync(path, 'utf8')) as BenchResult;
  if (!Array.isArray(json.rows)) throw new Error(`${path} is not a promkit bench result (no rows)`);
  return json;
}

/** Writes a generated payload into `dir` and returns it as a payload with its shape. */
function generatedPayload(shape: GenerateOptions, dir: string): Payload {
  const name = generatedName(shape);
  const path = join(dir, `${name}.prom`);
  writeFileSync(path, generatePayload(shape));
  return { ...loadPayload(path, name), shape: { ...shape } };
}

async function run(args: BenchArgs, io: CliIO, context: BenchContext): Promise<number> {
  const moduleDir = dirname(fileURLToPath(import.meta.url));
  const own = findPromkitRoot(moduleDir);
  const here = findPromkitRoot(process.cwd());
  const roots = [...new Set([here?.root, own?.root].filter((r): r is string => r !== undefined))];
  const resolveFrom = [process.cwd(), own?.root ?? moduleDir];
  const useTty = args.progress && Boolean(process.stderr.isTTY);
  const progress = useTty
    ? ttyProgress(
        (s) => process.stderr.write(s),
        () => process.stderr.columns ?? 100,
      )
    : lineProgress(io.stderr);
  const notes: string[] = [];

  let goBinary: string | undefined;
  if (args.go.enabled) {
    goBinary = findGoAnchor(args.go.path, roots, (s) => io.stderr(s + '\n'));
    if (args.go.path !== undefined && goBinary === undefined) {
      return reportUsageError(io, 'bench', `--go ${args.go.path}: no such file`);
    }
    if (goBinary === undefined)
      notes.push(
        'go-anchor not found (give --go PATH, set PROMKIT_GO_ANCHOR, or build it with scripts/build-go-anchor.sh): no Go column, no ratios',
      );
  } else notes.push('--no-go: no Go column, no ratios');

  let tmp: string | undefined;
  let payloads: Payload[];
  try {
    payloads = args.files.map((f) => loadPayload(resolve(f)));
  } catch (e) {
    return reportUsageError(io, 'bench', message(e));
  }
  try {
    if (args.generate !== undefined || (payloads.length === 0 && context.defaultPayloads === undefined)) {
      tmp = mkdtempSync(join(tmpdir(), 'promkit-bench-'));
      const shape = args.generate ?? { ...DEFAULT_GENERATE };
      payloads.push(generatedPayload(shape, tmp));
      if (args.generate === undefined)
        notes.push(
          `no FILE given: measured a generated payload (${generatedName(shape)}); pass your own exposition files, or --generate a shape like yours`,
        );
    } else if (payloads.length === 0 && context.defaultPayloads !== undefined) {
      payloads = context.defaultPayloads((s) => io.stderr(s + '\n'));
    }
    uniquePayloadNames(payloads);
    for (const p of payloads) {
      try {
        parse(readFileSync(p.path));
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        io.stderr(
          `promkit bench: ${p.path}:${e.line}:${e.column}: ${e.code} ${e.msg}\nonly payloads the parser accepts can be measured (go-anchor stops on them too)\n`,
        );
        return 1;
      }
    }

    const peers = args.peers ? peerStages(resolveFrom) : [];
    const stages = [...PROMKIT_STAGES, ...peers].filter((s) => args.stages.includes(s.stage));
    const plan: RunPlan = { payloads, stages, measure: args.measure, isolate: args.isolate, resolveFrom };
    if (goBinary !== undefined) plan.go = { binary: goBinary, runs: args.go.runs, minTimeMs: args.go.minTimeMs };

    const env = environment(own?.version, here?.root ?? own?.root);
    io.stderr(
      `promkit bench: node ${env.node}, ${env.cpuCount} cpus, load ${env.loadavgStart.map((x) => x.toFixed(2)).join(' ')}` +
        `${env.pageTouch === undefined ? '' : `, first touch of a page ${formatMicros(env.pageTouch.microsPerFault)}`}; ` +
        `${payloads.length} payload(s) × ${stages.length} stage(s) × ${args.measure.runs} runs${goBinary === undefined ? '' : `, Go: ${goBinary}`}\n`,
    );
    if (args.nodeFlags.length > 0) io.stderr(`  node flags of the measuring processes: ${args.nodeFlags.join(' ')}\n`);
    for (const p of payloads) io.stderr(`  ${p.name}: ${p.path} (${p.bytes} bytes, ${p.series} series)\n`);
    if (peers.length > 0) io.stderr(`  also measuring: ${[...new Set(peers.map((p) => p.tool))].join(', ')}\n`);

    const cpuStart = cpuSnapshot();
    const probe = new SpeedProbe();
    let outcome;
    try {
      outcome = await runPlan(plan, {
        launch: processLauncher({
          ...context.child,
          nodeArgs: [...(context.child.nodeArgs ?? []), ...args.nodeFlags],
        }),
        runGo: runGoAnchor,
        progress,
        beforeStage: () => probe.sample(),
      });
    } catch (e) {
      io.stderr(`promkit bench: ${message(e)}\n`);
      return 1;
    }
    probe.sample();
    env.speedProbeMs = probe.samples;
    env.loadavgEnd = loadavg();
    const cpuEnd = cpuSnapshot();
    const others = cpuStart === undefined || cpuEnd === undefined ? undefined : otherCpuShare(cpuStart, cpuEnd);
    if (others !== undefined) env.otherCpuShare = others;
    const busy = busyNote(env);
    if (busy !== undefined) notes.push(busy);
    const result: BenchResult = {
      format: 'promkit-bench/1',
      date: new Date().toISOString(),
      options: {
        stages: args.stages,
        runs: args.measure.runs,
        isolate: args.isolate,
        warmup: args.measure.warmup,
        warmupTime: args.measure.warmupTime,
        maxTime: args.measure.maxTime,
        minSamples: args.measure.minSamples,
        goRuns: goBinary === undefined ? 0 : args.go.runs,
        goMinTimeMs: args.go.minTimeMs,
        nodeFlags: args.nodeFlags,
      },
      environment: env,
      payloads: payloads.map((p) =>
        tmp !== undefined && p.path.startsWith(tmp) ? { ...p, path: `(generated) ${p.name}.prom` } : p,
      ),
      rows: outcome.rows,
      goFigures: outcome.goFigures.map((f) =>
        tmp !== undefined && f.file.startsWith(tmp) ? { ...f, file: `(generated) ${f.file.slice(tmp.length + 1)}` } : f,
      ),
      notes: [...notes, ...outcome.notes],
    };
    const out = args.json ? io.stderr : io.stdout;
    out('\n' + formatTable(result.rows, env.pageTouch?.microsPerFault));
    const relative = formatRelative(result.rows);
    if (relative !== '') out('\n' + relative);
    for (const n of result.notes) io.stderr(`note: ${n}\n`);
    if (args.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    const writePath = args.write ?? context.defaultWrite?.();
    if (writePath !== undefined) {
      writeFile(writePath, JSON.stringify(result, null, 2) + '\n');
      io.stderr(`wrote ${writePath}\n`);
    }
    if (args.html !== undefined) {
      const summaries = new Map(PROMKIT_STAGES.map((s) => [s.stage as string, s.summary]));
      writeFile(args.html, renderHtml(result, summaries));
      io.stderr(`wrote ${args.html}\n`);
    }
    if (args.baseline !== undefined) {
      let base: BenchResult;
      try {
        base = readResult(args.baseline);
      } catch (e) {
        return reportUsageError(io, 'bench', `--baseline: ${message(e)}`);
      }
      out(`\nchange against ${args.baseline} (${base.date}):\n` + formatComparison(compareResults(base, result)));
      const flags = nodeFlagsNote(base, result);
      if (flags !== undefined) io.stderr(`note: ${flags}\n`);
      const baseBusy = busyNote(base.environment);
      if (baseBusy !== undefined) io.stderr(`note: baseline: ${baseBusy}\n`);
    }
    return 0;
  } finally {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Builds the `promkit bench` command for a context (the CLI, or the repository's bench runner).
 * Exit codes: 0 done, 1 a measurement failed, 2 usage error.
 */
export function createBenchCommand(context: BenchContext): Command {
  return async (argv, io) => {
    let args: BenchArgs;
    try {
      args = parseBenchArgs(argv);
    } catch (e) {
      if (!(e instanceof BenchUsageError)) throw e;
      return reportUsageError(io, 'bench', e.cause instanceof TypeError ? argsErrorMessage(e.cause) : e.message);
    }
    switch (args.mode) {
      case 'help':
        io.stdout(BENCH_HELP);
        return 0;
      case 'child':
        return childMain(args.childRequest ?? '', io.stdout);
      case 'generate': {
        const text = generatePayload(args.generate as GenerateOptions);
        if (args.out === '-') io.stdout(text);
        else {
          writeFile(args.out as string, text);
          io.stderr(`wrote ${args.out} (${Buffer.byteLength(text)} bytes)\n`);
        }
        return 0;
      }
      case 'compare': {
        let base: BenchResult;
        let now: BenchResult;
        try {
          base = readResult(args.files[0]);
          now = readResult(args.files[1]);
        } catch (e) {
          return reportUsageError(io, 'bench', message(e));
        }
        io.stdout(
          `change of ${args.files[1]} (${now.date}) against ${args.files[0]} (${base.date}):\n` +
            formatComparison(compareResults(base, now)),
        );
        const flags = nodeFlagsNote(base, now);
        if (flags !== undefined) io.stderr(`note: ${flags}\n`);
        for (const [which, r] of [
          ['baseline', base],
          ['result', now],
        ] as const) {
          const busy = r.environment === undefined ? undefined : busyNote(r.environment);
          if (busy !== undefined) io.stderr(`note: ${which}: ${busy}\n`);
        }
        return 0;
      }
      default:
        return run(args, io, context);
    }
  };
}

/** `promkit bench`: per-stage throughput next to the Go reference; measuring processes re-enter this CLI. */
export const benchCommand: Command = (argv, io) =>
  createBenchCommand({ child: { script: process.argv[1] ?? '', args: ['bench'] } })(argv, io);
