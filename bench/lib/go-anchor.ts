import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One line of go-anchor output: one Go tool measured on one file. Times in milliseconds per operation. */
export interface GoFigure {
  /** `go-expfmt-parse` or `go-expfmt-serialize`. */
  tool: string;
  /** The file argument as passed to go-anchor. */
  file: string;
  /** Bytes processed per operation (for serialize: bytes of the serialized output). */
  bytes: number;
  /** Sample lines in the input file. */
  series: number;
  runs: number;
  msMin: number;
  msMedian: number;
  msMax: number;
  /** Megabytes (10^6) per second at the median run. */
  mbPerSecMedian: number;
  seriesPerSecMedian: number;
  /** Megabytes per second at the fastest run. */
  mbPerSecBest: number;
  /** Every run's milliseconds per operation, in run order. */
  rawMs: number[];
}

/** Options of one go-anchor invocation. */
export interface GoAnchorOptions {
  /** Timed runs per tool and file (`-runs`). */
  runs: number;
  /** Each run repeats the operation until it lasts at least this long (`-mintime`), milliseconds. */
  minTimeMs: number;
}

/**
 * Finds the go-anchor binary: `$PROMKIT_GO_ANCHOR`, else `${PROMKIT_ORACLE_DIR:-.oracle}/go-anchor` (a relative
 * directory is taken from the repository root, as scripts/build-go-anchor.sh does).
 * When neither exists and `scripts/build-go-anchor.sh` does, runs that script once (its output goes to
 * stderr) and looks again. Returns undefined when no binary can be found or built.
 */
export function findGoAnchor(root: string): string | undefined {
  const explicit = process.env.PROMKIT_GO_ANCHOR;
  if (explicit !== undefined && explicit !== '') return existsSync(explicit) ? explicit : undefined;
  const inOracleDir = join(resolve(root, process.env.PROMKIT_ORACLE_DIR ?? '.oracle'), 'go-anchor');
  if (existsSync(inOracleDir)) return inOracleDir;
  const script = join(root, 'scripts', 'build-go-anchor.sh');
  if (!existsSync(script)) return undefined;
  const r = spawnSync('bash', [script], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  return r.status === 0 && existsSync(inOracleDir) ? inOracleDir : undefined;
}

function field(fields: Map<string, string>, key: string, line: string): string {
  const v = fields.get(key);
  if (v === undefined) throw new Error(`go-anchor output: no ${key}= in line: ${line}`);
  return v;
}

function num(s: string, what: string): number {
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) throw new Error(`go-anchor output: ${what} is not a number: "${s}"`);
  return v;
}

/**
 * Parses go-anchor's tab-separated report lines (`TOOL\tFILE\tkey=value…`) into figures, in output
 * order. Blank lines are skipped; any other malformed line throws.
 */
export function parseGoAnchorOutput(text: string): GoFigure[] {
  const figures: GoFigure[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [tool, file, ...rest] = line.split('\t');
    if (tool === undefined || file === undefined || rest.length === 0) throw new Error(`go-anchor output: malformed line: ${line}`);
    const fields = new Map<string, string>();
    for (const kv of rest) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new Error(`go-anchor output: malformed field "${kv}" in line: ${line}`);
      fields.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
    const ms = field(fields, 'ms(min/med/max)', line).split('/');
    if (ms.length !== 3) throw new Error(`go-anchor output: malformed ms(min/med/max) in line: ${line}`);
    figures.push({
      tool,
      file,
      bytes: num(field(fields, 'bytes', line), 'bytes'),
      series: num(field(fields, 'series', line), 'series'),
      runs: num(field(fields, 'runs', line), 'runs'),
      msMin: num(ms[0], 'ms min'),
      msMedian: num(ms[1], 'ms median'),
      msMax: num(ms[2], 'ms max'),
      mbPerSecMedian: num(field(fields, 'MB/s(med)', line), 'MB/s(med)'),
      seriesPerSecMedian: num(field(fields, 'series/s(med)', line), 'series/s(med)'),
      mbPerSecBest: num(field(fields, 'MB/s(best)', line), 'MB/s(best)'),
      rawMs: field(fields, 'raw_ms', line).split(',').map((s) => num(s, 'raw_ms')),
    });
  }
  return figures;
}

/**
 * Runs go-anchor on the given files (blocking) and returns its figures in output order: for each
 * file, `go-expfmt-parse` then `go-expfmt-serialize`. Throws when the binary fails.
 */
export function runGoAnchor(binary: string, files: readonly string[], options: GoAnchorOptions): GoFigure[] {
  const r = spawnSync(binary, ['-runs', String(options.runs), '-mintime', `${options.minTimeMs}ms`, ...files], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`go-anchor exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return parseGoAnchorOutput(r.stdout);
}
