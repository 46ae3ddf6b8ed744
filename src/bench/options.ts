import { parseArgs } from 'node:util';
import { DEFAULT_GENERATE, checkGenerateOptions, type GenerateOptions } from './generate.js';
import type { MeasureOptions } from './measure.js';
import type { Isolation } from './runner.js';
import { STAGE_NAMES, type StageName } from './stage.js';

/** The usage text of `promkit bench`. */
export const BENCH_HELP = `usage: promkit bench [FILE…] [options]
       promkit bench --generate [shape options] [--out FILE|-] [options]
       promkit bench --compare BASELINE.json RESULT.json

Measures promkit's stages on each payload (your exposition files, or a generated payload when none is
given), each in fresh Node processes with a forced GC before every run, next to the Go reference
(go-anchor: expfmt TextParser / MetricFamilyToText) measured in the same run. Read the ratio column:
above 1x is faster than Go; absolute MB/s only compare within one run on one machine.

measuring
  --stages LIST       comma-separated, from ${STAGE_NAMES.join(',')} (default: all)
  --runs N            timed runs per stage and payload; min/median/max are over these (default 5)
  --isolate MODE      paired: one fresh process per payload and stage, each run followed by one
                      Go run, a ratio being the median of the per-run ratios (default with Go);
                      stage: the same without pairing, Go once per payload (default with
                      --no-go); run: one process per run, Go once per payload
  --warmup N          untimed calls before the runs, at least (default 2)
  --warmup-time S     seconds of untimed calls before the runs, at least (default 0.3)
  --max-time S        seconds each run samples for (default 0.5)
  --min-samples N     samples per run, at least (default 2)
  --no-peers          do not measure other npm parsers even when installed
                      (parse-prometheus-text-format, prom-client)
  --node-flags FLAGS  Node and V8 flags for the measuring processes, space-separated, each
                      starting with -- (--node-flags=--max-semi-space-size=64); kept in the
                      result and shown in the header, as they change what is measured
Go reference
  --go PATH           the go-anchor binary (default: $PROMKIT_GO_ANCHOR, else .oracle/go-anchor in
                      the promkit repository, built with scripts/build-go-anchor.sh when missing)
  --no-go             no Go column, no ratios
  --go-runs N         go-anchor -runs (default: --runs)
  --go-mintime MS     go-anchor -mintime in milliseconds (default 200)
output
  --json              print the full result as JSON on stdout (the table goes to stderr)
  --html FILE         write a self-contained HTML report with bar charts
  --write FILE        write the full result as JSON to FILE
  --baseline FILE     after the run, print the change of every row against a saved result
  --compare A B       print the change of every row of result B against result A; measures nothing
  --no-progress       no progress bar (it is shown only when stderr is a terminal anyway)
generated payloads (deterministic: the same options give the same bytes)
  --generate          benchmark a synthetic payload of this shape (with --out: only write it)
  --series N          sample lines (default ${DEFAULT_GENERATE.series})
  --families N        families (default ${DEFAULT_GENERATE.families})
  --histograms P      fraction of sample lines in histograms (default ${DEFAULT_GENERATE.histograms})
  --summaries P       fraction of sample lines in summaries (default ${DEFAULT_GENERATE.summaries})
  --buckets N         finite buckets per histogram (default ${DEFAULT_GENERATE.buckets})
  --quantiles N       quantiles per summary (default ${DEFAULT_GENERATE.quantiles})
  --labels N          labels per series (default ${DEFAULT_GENERATE.labels})
  --escapes P         fraction of label values with an escape (default ${DEFAULT_GENERATE.escapes})
  --timestamps P      fraction of counter/gauge lines with a timestamp (default ${DEFAULT_GENERATE.timestamps})
  --seed N            PRNG seed (default ${DEFAULT_GENERATE.seed})
  --out FILE|-        write the generated payload there and stop

Exit status: 0 done, 1 a measurement failed, 2 usage error.
`;

/** A command-line mistake; its message is shown above the usage text. */
export class BenchUsageError extends Error {}

/** The flags of `--node-flags`: space-separated, each a `--flag` (a value would be taken for a script). */
function nodeFlags(s: string | undefined): string[] {
  const flags = (s ?? '').split(' ').filter((f) => f !== '');
  const bad = flags.find((f) => !f.startsWith('--') || f === '--');
  if (bad !== undefined) throw new BenchUsageError(`--node-flags: "${bad}" is not a --flag (write --flag=value)`);
  return flags;
}

/** What `promkit bench` was asked to do. */
export interface BenchArgs {
  mode: 'run' | 'generate' | 'compare' | 'help' | 'child';
  /** Payload files (run), or the two result files (compare). */
  files: string[];
  stages: StageName[];
  measure: MeasureOptions;
  isolate: Isolation;
  json: boolean;
  html?: string;
  write?: string;
  baseline?: string;
  go: { enabled: boolean; path?: string; runs: number; minTimeMs: number };
  peers: boolean;
  /** `--node-flags`: flags for the measuring Node processes (empty: Node's defaults). */
  nodeFlags: string[];
  progress: boolean;
  /** Set with `--generate`: the shape to generate. */
  generate?: GenerateOptions;
  /** `--out`: where to write the generated payload (`-` for stdout). */
  out?: string;
  /** The request of a measuring child process (`--child JSON`, internal). */
  childRequest?: string;
}

function number(
  s: string | undefined,
  flag: string,
  fallback: number,
  kind: 'positive' | 'integer' | 'count' | 'fraction',
): number {
  if (s === undefined) return fallback;
  const v = Number(s);
  const ok =
    s.trim() !== '' &&
    Number.isFinite(v) &&
    (kind === 'positive'
      ? v > 0
      : kind === 'integer'
        ? Number.isInteger(v) && v > 0
        : kind === 'count'
          ? Number.isInteger(v) && v >= 0
          : v >= 0 && v <= 1);
  const expected = {
    positive: 'a positive number',
    integer: 'a positive integer',
    count: 'a whole number',
    fraction: 'a fraction from 0 to 1',
  }[kind];
  if (!ok) throw new BenchUsageError(`${flag}: expected ${expected}, got "${s}"`);
  return v;
}

const SHAPE_FLAGS = [
  'series',
  'families',
  'histograms',
  'summaries',
  'buckets',
  'quantiles',
  'labels',
  'escapes',
  'timestamps',
  'seed',
] as const;

/**
 * Parses the arguments of `promkit bench` (after the command name). Returns the request; throws
 * {@link BenchUsageError} for unknown flags, bad values and contradictions.
 */
export function parseBenchArgs(argv: string[]): BenchArgs {
  if (argv[0] === '--child') {
    return { ...parseBenchArgs([]), mode: 'child', childRequest: argv[1] ?? '' };
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        stages: { type: 'string' },
        runs: { type: 'string' },
        isolate: { type: 'string' },
        warmup: { type: 'string' },
        'warmup-time': { type: 'string' },
        'max-time': { type: 'string' },
        'min-samples': { type: 'string' },
        'no-peers': { type: 'boolean' },
        'node-flags': { type: 'string' },
        go: { type: 'string' },
        'no-go': { type: 'boolean' },
        'go-runs': { type: 'string' },
        'go-mintime': { type: 'string' },
        json: { type: 'boolean' },
        html: { type: 'string' },
        write: { type: 'string' },
        baseline: { type: 'string' },
        compare: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        generate: { type: 'boolean' },
        out: { type: 'string' },
        ...Object.fromEntries(SHAPE_FLAGS.map((f) => [f, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new BenchUsageError(e instanceof Error ? e.message : String(e), { cause: e });
  }
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const stages =
    str('stages') === undefined ? [...STAGE_NAMES] : (str('stages') as string).split(',').filter((s) => s !== '');
  for (const s of stages) {
    if (!(STAGE_NAMES as readonly string[]).includes(s))
      throw new BenchUsageError(`unknown stage "${s}" (known: ${STAGE_NAMES.join(', ')})`);
  }
  if (stages.length === 0) throw new BenchUsageError('--stages: no stage given');
  const isolate = str('isolate') ?? (values['no-go'] === true ? 'stage' : 'paired');
  if (isolate !== 'stage' && isolate !== 'run' && isolate !== 'paired')
    throw new BenchUsageError(`--isolate: expected paired, stage or run, got "${isolate}"`);
  const runs = number(str('runs'), '--runs', 5, 'integer');
  const shapeGiven = SHAPE_FLAGS.filter((f) => values[f] !== undefined);
  const generate = values.generate === true;
  if (!generate && (shapeGiven.length > 0 || values.out !== undefined)) {
    throw new BenchUsageError(`--${shapeGiven[0] ?? 'out'} needs --generate`);
  }
  const args: BenchArgs = {
    mode:
      values.help === true
        ? 'help'
        : values.compare === true
          ? 'compare'
          : generate && values.out !== undefined
            ? 'generate'
            : 'run',
    files: positionals,
    stages: stages as StageName[],
    measure: {
      runs,
      warmup: number(str('warmup'), '--warmup', 2, 'count'),
      warmupTime: number(str('warmup-time'), '--warmup-time', 0.3, 'positive'),
      maxTime: number(str('max-time'), '--max-time', 0.5, 'positive'),
      minSamples: number(str('min-samples'), '--min-samples', 2, 'integer'),
    },
    isolate,
    json: values.json === true,
    go: {
      enabled: values['no-go'] !== true,
      runs: number(str('go-runs'), '--go-runs', runs, 'integer'),
      minTimeMs: number(str('go-mintime'), '--go-mintime', 200, 'integer'),
    },
    peers: values['no-peers'] !== true,
    nodeFlags: nodeFlags(str('node-flags')),
    progress: values['no-progress'] !== true,
  };
  if (str('go') !== undefined) {
    if (values['no-go'] === true) throw new BenchUsageError('--go and --no-go contradict each other');
    args.go.path = str('go');
  }
  for (const k of ['html', 'write', 'baseline', 'out'] as const) if (str(k) !== undefined) args[k] = str(k);
  if (generate) {
    const shape: GenerateOptions = { ...DEFAULT_GENERATE };
    for (const f of SHAPE_FLAGS) {
      const kind =
        f === 'histograms' || f === 'summaries' || f === 'escapes' || f === 'timestamps' ? 'fraction' : 'count';
      shape[f] = number(str(f), `--${f}`, DEFAULT_GENERATE[f], kind);
    }
    if (str('families') === undefined) shape.families = Math.max(1, Math.round(shape.series / 100));
    const problems = checkGenerateOptions(shape);
    if (problems.length > 0) throw new BenchUsageError(problems.join('; '));
    args.generate = shape;
  }
  if (args.mode === 'compare') {
    if (positionals.length !== 2)
      throw new BenchUsageError('--compare takes two result files: BASELINE.json RESULT.json');
    if (generate) throw new BenchUsageError('--compare measures nothing: --generate makes no sense with it');
  }
  if (args.mode === 'generate' && positionals.length > 0)
    throw new BenchUsageError('--generate --out writes a payload only: no FILE arguments');
  return args;
}
