import Benchmark from 'benchmark';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findGoAnchor, runGoAnchor, type GoFigure } from './go-anchor.js';
import { PAYLOAD_NAMES, parsePayloadList, repoRoot, resolvePayloads, type Payload } from './payloads.js';
import { environment, formatTable, spread, writeResults, type ResultRow, type Spread } from './report.js';

/** How one stage is timed in the child process. */
export interface MeasureOptions {
  /** Untimed calls before the first run, at least. */
  warmup: number;
  /** Seconds of untimed calls before the first run, at least (whichever of the two lasts longer). */
  warmupTime: number;
  /** benchmark.js runs; a forced GC precedes each one. min/median/max are taken over these. */
  runs: number;
  /** Seconds each benchmark.js run samples for (it also takes at least `minSamples` samples). */
  maxTime: number;
  /** Samples per run at least (a sample is as many calls as last benchmark.js's minimum cycle time). */
  minSamples: number;
}

/** The timing of one stage on one payload, in seconds per operation. */
export interface Measurement {
  /** Each run's mean seconds per operation, in run order. */
  runs: number[];
  /** min/median/max of `runs`. */
  secPerOp: Spread;
  /** Each run's relative margin of error (percent), as benchmark.js computes it. */
  rme: number[];
  /** Total benchmark.js samples over all runs. */
  samples: number;
}

/** One row a bench file measures on a payload. */
export interface StageCase {
  /** Row name in the table (`parse`, `parse:string`, `lex`). */
  stage: string;
  /** The operation; its result is kept alive so that it cannot be optimised away. */
  fn: () => unknown;
  /**
   * Called once on a result of `fn` before timing; returns numbers recorded with the row (family
   * counts…) and throws when the output is wrong, which fails the bench.
   */
  check?: (result: unknown) => Record<string, number>;
}

/** What a payload looks like to a bench file's {@link BenchSpec.cases}. */
export interface PayloadInput {
  payload: Payload;
  /** The file's bytes (a fresh buffer; the callee may keep it). */
  bytes: Uint8Array;
  /** The file decoded as UTF-8. */
  text: string;
}

/** A bench file: its stages and the Go tool its ratios are taken against. */
export interface BenchSpec {
  /** Name recorded in results (`parse`). */
  name: string;
  /** `import.meta.url` of the bench entry point; it is re-executed once per payload as a child. */
  entry: string;
  /** go-anchor tool whose figure each row's ratio is taken against (`go-expfmt-parse`). */
  goTool: string;
  /** Every stage name `cases` may return, for `--stages` and the help text. */
  stages: readonly string[];
  /**
   * Builds the rows for one payload, in the child process. Cases whose stage is not available (say, a
   * lexing entry point the parser does not export) are simply left out.
   */
  cases: (input: PayloadInput) => Promise<StageCase[]> | StageCase[];
}

/** Options of a bench invocation (command-line flags). */
export interface BenchOptions extends MeasureOptions {
  payloads: string[];
  stages: string[];
  /** go-anchor runs (`-runs`) and minimum milliseconds per run (`-mintime`). */
  goRuns: number;
  goMinTimeMs: number;
  /** Skip the Go anchor. */
  noGo: boolean;
  /** Do not write bench/results/. */
  noWrite: boolean;
}

/** What a child process prints on stdout, on one line after {@link RESULT_MARK}. */
interface ChildResult {
  payload: string;
  stages: Array<{ stage: string; measurement: Measurement; output?: Record<string, number> }>;
  /** Requested stages the bench file did not offer for this payload. */
  unavailable: string[];
  /** Peak resident set size of the child, kilobytes. */
  maxRssKb: number;
}

const RESULT_MARK = '@@bench-result ';

let sink: unknown;

function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('global.gc is missing: run node with --expose-gc');
  gc();
}

/**
 * Times `fn` with benchmark.js: untimed warm-up calls (at least `warmup` calls and `warmupTime`
 * seconds), then `runs` synchronous benchmark.js runs, each preceded by a forced GC (needs
 * `--expose-gc`). Returns per-run mean seconds per operation and their min/median/max. Throws what
 * `fn` throws.
 */
export function measure(fn: () => unknown, options: MeasureOptions): Measurement {
  const warmupEnd = performance.now() + options.warmupTime * 1e3;
  for (let i = 0; i < options.warmup || performance.now() < warmupEnd; i++) sink = fn();
  const runs: number[] = [];
  const rme: number[] = [];
  let samples = 0;
  for (let r = 0; r < options.runs; r++) {
    forceGc();
    const bench = new Benchmark({
      fn: () => {
        sink = fn();
      },
      async: false,
      defer: false,
      initCount: 1,
      maxTime: options.maxTime,
      minSamples: options.minSamples,
    });
    bench.run({ async: false });
    if (bench.error !== undefined) throw bench.error;
    if (bench.aborted || !(bench.stats.mean > 0)) throw new Error('benchmark.js run aborted or measured nothing');
    runs.push(bench.stats.mean);
    rme.push(bench.stats.rme);
    samples += bench.stats.sample.length;
  }
  if (sink === undefined) throw new Error('the timed operation returned undefined');
  return { runs, secPerOp: spread(runs), rme, samples };
}

function usage(spec: BenchSpec): string {
  return [
    `usage: node --expose-gc bench/.build/${spec.name}.bench.js [options]`,
    `  --payloads LIST    comma-separated, from ${PAYLOAD_NAMES.join(',')} (default: all)`,
    `  --stages LIST      comma-separated, from ${spec.stages.join(',')} (default: all)`,
    '  --runs N           benchmark.js runs per stage, GC before each (default 5)',
    '  --warmup N         untimed calls before the runs, at least (default 2)',
    '  --warmup-time S    seconds of untimed calls before the runs, at least (default 0.3)',
    '  --max-time S       seconds each run samples for (default 0.5)',
    '  --min-samples N    samples per run at least (default 2)',
    '  --go-runs N        go-anchor -runs (default: same as --runs)',
    '  --go-mintime MS    go-anchor -mintime in milliseconds (default 200)',
    '  --no-go            skip the Go anchor',
    '  --no-write         do not write bench/results/<date>.json',
    '',
  ].join('\n');
}

function positiveNumber(s: string, flag: string, integer: boolean): number {
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new Error(`${flag}: expected a positive ${integer ? 'integer' : 'number'}, got "${s}"`);
  }
  return v;
}

function parseOptions(spec: BenchSpec, argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      payloads: { type: 'string' },
      stages: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      'warmup-time': { type: 'string' },
      'max-time': { type: 'string' },
      'min-samples': { type: 'string' },
      'go-runs': { type: 'string' },
      'go-mintime': { type: 'string' },
      'no-go': { type: 'boolean' },
      'no-write': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return undefined;
  const stages = values.stages === undefined ? [...spec.stages] : values.stages.split(',').filter((s) => s !== '');
  for (const s of stages) if (!spec.stages.includes(s)) throw new Error(`unknown stage "${s}" (known: ${spec.stages.join(', ')})`);
  const runs = values.runs === undefined ? 5 : positiveNumber(values.runs, '--runs', true);
  return {
    payloads: values.payloads === undefined ? [...PAYLOAD_NAMES] : parsePayloadList(values.payloads),
    stages,
    runs,
    warmup: values.warmup === undefined ? 2 : values.warmup === '0' ? 0 : positiveNumber(values.warmup, '--warmup', true),
    warmupTime: values['warmup-time'] === undefined ? 0.3 : positiveNumber(values['warmup-time'], '--warmup-time', false),
    maxTime: values['max-time'] === undefined ? 0.5 : positiveNumber(values['max-time'], '--max-time', false),
    minSamples: values['min-samples'] === undefined ? 2 : positiveNumber(values['min-samples'], '--min-samples', true),
    goRuns: values['go-runs'] === undefined ? runs : positiveNumber(values['go-runs'], '--go-runs', true),
    goMinTimeMs: values['go-mintime'] === undefined ? 200 : positiveNumber(values['go-mintime'], '--go-mintime', true),
    noGo: values['no-go'] === true,
    noWrite: values['no-write'] === true,
  };
}

async function childMain(spec: BenchSpec, request: { payload: Payload; stages: string[]; measure: MeasureOptions }): Promise<void> {
  const buf = readFileSync(request.payload.path);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const text = buf.toString('utf8');
  const cases = await spec.cases({ payload: request.payload, bytes, text });
  const result: ChildResult = { payload: request.payload.name, stages: [], unavailable: [], maxRssKb: 0 };
  for (const stage of request.stages) {
    const c = cases.find((x) => x.stage === stage);
    if (c === undefined) {
      result.unavailable.push(stage);
      continue;
    }
    const output = c.check?.(c.fn());
    const measurement = measure(c.fn, request.measure);
    result.stages.push(output === undefined ? { stage, measurement } : { stage, measurement, output });
  }
  result.maxRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(RESULT_MARK + JSON.stringify(result) + '\n');
}

function runChild(entryPath: string, request: { payload: Payload; stages: string[]; measure: MeasureOptions }): ChildResult {
  const r = spawnSync(process.execPath, ['--expose-gc', entryPath, '--child', JSON.stringify(request)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`bench child for ${request.payload.name} exited with ${r.status ?? r.signal}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) throw new Error(`bench child for ${request.payload.name} printed no result:\n${r.stdout}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as ChildResult;
}

function toRow(spec: BenchSpec, payload: Payload, stage: ChildResult['stages'][number], go: GoFigure | undefined): ResultRow {
  const s = stage.measurement.secPerOp;
  const mbPerSec = payload.bytes / 1e6 / s.median;
  const row: ResultRow = {
    bench: spec.name,
    stage: stage.stage,
    payload: payload.name,
    bytes: payload.bytes,
    series: payload.series,
    msPerOp: { min: s.min * 1e3, median: s.median * 1e3, max: s.max * 1e3 },
    msRuns: stage.measurement.runs.map((x) => x * 1e3),
    rme: stage.measurement.rme,
    mbPerSec,
    mbPerSecBest: payload.bytes / 1e6 / s.min,
    seriesPerSec: payload.series / s.median,
  };
  if (go !== undefined) {
    row.go = { tool: go.tool, mbPerSec: go.mbPerSecMedian, seriesPerSec: go.seriesPerSecMedian, msMedian: go.msMedian };
    row.ratio = mbPerSec / go.mbPerSecMedian;
  }
  if (stage.output !== undefined) row.output = stage.output;
  return row;
}

/**
 * Runs a bench file. Called with `--child <json>` it measures one payload in this process and prints
 * the result line; otherwise it is the parent: for each payload it spawns a child
 * (`node --expose-gc <entry> --child …`), then runs go-anchor on the same payload, and finally prints
 * the table and writes `bench/results/<date>.json`. Returns the process exit code.
 */
export async function runBench(spec: BenchSpec, argv: string[] = process.argv.slice(2)): Promise<number> {
  if (argv[0] === '--child') {
    await childMain(spec, JSON.parse(argv[1] ?? '') as { payload: Payload; stages: string[]; measure: MeasureOptions });
    return 0;
  }
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(spec, argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${usage(spec)}`);
    return 2;
  }
  if (options === undefined) {
    process.stdout.write(usage(spec));
    return 0;
  }
  const entryPath = fileURLToPath(spec.entry);
  const root = repoRoot(dirname(entryPath));
  const env = environment(root);
  const payloads = resolvePayloads(root, options.payloads as Payload['name'][]);
  const goBinary = options.noGo ? undefined : findGoAnchor(root);
  const log = (s: string): void => void process.stderr.write(s + '\n');
  log(`${spec.name}: node ${process.version}, ${String(env.cpuCount)} cpus, load ${(env.loadavg as number[]).map((x) => x.toFixed(2)).join(' ')}`);
  if (!options.noGo && goBinary === undefined) {
    log('go-anchor not found (set PROMKIT_GO_ANCHOR or build it with scripts/build-go-anchor.sh): no Go column, no ratios');
  }
  const measureOptions: MeasureOptions = { warmup: options.warmup, warmupTime: options.warmupTime, runs: options.runs, maxTime: options.maxTime, minSamples: options.minSamples };
  const rows: ResultRow[] = [];
  const goFigures: GoFigure[] = [];
  const unavailable = new Set<string>();
  for (const payload of payloads) {
    log(`  ${payload.name}: ${relative(root, payload.path)} (${payload.bytes} bytes, ${payload.series} series)`);
    const child = runChild(entryPath, { payload, stages: options.stages, measure: measureOptions });
    for (const s of child.unavailable) unavailable.add(s);
    const figures = goBinary === undefined ? [] : runGoAnchor(goBinary, [payload.path], { runs: options.goRuns, minTimeMs: options.goMinTimeMs });
    goFigures.push(...figures);
    const go = figures.find((f) => f.tool === spec.goTool);
    if (go !== undefined && go.series !== payload.series) {
      throw new Error(`series count differs from go-anchor's on ${payload.name}: ${payload.series} vs ${go.series}`);
    }
    for (const stage of child.stages) {
      const row = toRow(spec, payload, stage, go);
      rows.push(row);
      const counts = Object.entries(stage.output ?? {}).map(([k, v]) => `${v} ${k}, `).join('');
      log(`    ${row.stage}: ${row.mbPerSec.toFixed(1)} MB/s${go === undefined ? '' : `, go ${go.mbPerSecMedian.toFixed(1)} MB/s`} (${counts}child max RSS ${Math.round(child.maxRssKb / 1024)} MB)`);
    }
  }
  for (const s of unavailable) log(`stage "${s}" not offered by this build of the code: skipped`);
  process.stdout.write('\n' + formatTable(rows));
  if (!options.noWrite) {
    const path = writeResults(root, { bench: spec.name, options, rows, goFigures, environment: { ...env, loadavgEnd: loadavg() } });
    log(`\nwrote ${relative(root, path)}`);
  }
  return 0;
}
