import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median } from './stats.js';

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
  /** Megabytes (10^6) per second at the median run, as printed (one decimal). */
  mbPerSecMedian: number;
  seriesPerSecMedian: number;
  /** Megabytes per second at the fastest run, as printed. */
  mbPerSecBest: number;
  /** Every run's milliseconds per operation, in run order, six significant digits. */
  rawMs: number[];
  /** Minor page faults per operation over the timed runs; absent where go-anchor did not count them (older builds, systems without the count). */
  faultsPerOp?: number;
}

/** Options of one go-anchor invocation. */
export interface GoAnchorOptions {
  /** Timed runs per tool and file (`-runs`). */
  runs: number;
  /** Each run repeats the operation until it lasts at least this long (`-mintime`), milliseconds. */
  minTimeMs: number;
}

/**
 * Finds the go-anchor binary. An explicit path (`--go`) is returned when it exists, else undefined.
 * Otherwise: `$PROMKIT_GO_ANCHOR`, then `${PROMKIT_ORACLE_DIR:-.oracle}/go-anchor` under each of
 * `roots` in order (repository roots: a relative oracle directory is taken from the root, as
 * `scripts/build-go-anchor.sh` does). When none exists and a root has `scripts/build-go-anchor.sh`,
 * that script is run once (its output goes to `log`) and the root is looked at again.
 * Returns undefined when no binary can be found or built.
 */
export function findGoAnchor(
  explicit: string | undefined,
  roots: readonly string[],
  log: (s: string) => void = () => {},
): string | undefined {
  if (explicit !== undefined) return existsSync(explicit) ? resolve(explicit) : undefined;
  const fromEnv = process.env.PROMKIT_GO_ANCHOR;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? resolve(fromEnv) : undefined;
  const candidates = roots.map((root) => ({
    root,
    binary: join(resolve(root, process.env.PROMKIT_ORACLE_DIR ?? '.oracle'), 'go-anchor'),
  }));
  for (const c of candidates) if (existsSync(c.binary)) return c.binary;
  for (const c of candidates) {
    const script = join(c.root, 'scripts', 'build-go-anchor.sh');
    if (!existsSync(script)) continue;
    log(`building the Go anchor (first run, ~30 s) with ${script}…`);
    const r = spawnSync('bash', [script], { cwd: c.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (output !== '') log(output);
    if (r.status === 0 && existsSync(c.binary)) return c.binary;
  }
  return undefined;
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
    if (tool === undefined || file === undefined || rest.length === 0)
      throw new Error(`go-anchor output: malformed line: ${line}`);
    const fields = new Map<string, string>();
    for (const kv of rest) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new Error(`go-anchor output: malformed field "${kv}" in line: ${line}`);
      fields.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
    const ms = field(fields, 'ms(min/med/max)', line).split('/');
    if (ms.length !== 3) throw new Error(`go-anchor output: malformed ms(min/med/max) in line: ${line}`);
    const faults = fields.get('faults/op');
    figures.push({
      ...(faults === undefined ? {} : { faultsPerOp: num(faults, 'faults/op') }),
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
      rawMs: field(fields, 'raw_ms', line)
        .split(',')
        .map((s) => num(s, 'raw_ms')),
    });
  }
  return figures;
}

/**
 * The median milliseconds per operation of a figure, taken from its six-digit raw runs (the printed
 * `ms(med)` has three decimals, too few for a 2 kB payload) with go-anchor's own median rule.
 */
export function goMedianMs(figure: GoFigure): number {
  return figure.rawMs.length > 0 ? median(figure.rawMs) : figure.msMedian;
}

/**
 * Runs go-anchor on the given files and resolves to its figures in output order: for each file,
 * `go-expfmt-parse` then `go-expfmt-serialize`. Rejects when the binary cannot start or fails.
 */
export function runGoAnchor(binary: string, files: readonly string[], options: GoAnchorOptions): Promise<GoFigure[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, ['-runs', String(options.runs), '-mintime', `${options.minTimeMs}ms`, ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`go-anchor exited with ${code ?? signal}: ${err.trim()}`));
      try {
        resolvePromise(parseGoAnchorOutput(out));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
