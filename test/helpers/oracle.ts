/**
 * Client for the reference oracle (`expfmt-oracle`, expfmt 0.39) used by the
 * compat and property tests. Build it with `bash scripts/build-oracle.sh`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Locates the oracle binary: `$PROMKIT_ORACLE` when set (returned even if the
 * file is missing, so that a wrong setting fails loudly), else
 * `${PROMKIT_ORACLE_DIR:-<repo>/.oracle}/expfmt-oracle` when it exists (where
 * `scripts/build-oracle.sh` puts it).
 *
 * @returns an absolute path, or `undefined` when no oracle is available (tests then skip).
 */
export function findOracle(): string | undefined {
  const fromEnv = process.env.PROMKIT_ORACLE;
  if (fromEnv) return resolve(fromEnv);
  const dir = process.env.PROMKIT_ORACLE_DIR ? resolve(ROOT, process.env.PROMKIT_ORACLE_DIR) : join(ROOT, '.oracle');
  const local = join(dir, 'expfmt-oracle');
  return existsSync(local) ? local : undefined;
}

/** One reply of the oracle: its exit code (0 accepted, 1 rejected, 2 usage) and result object. */
export interface OracleReply {
  exit: number;
  result: unknown;
}

interface Pending {
  resolve: (reply: OracleReply) => void;
  reject: (err: Error) => void;
}

/**
 * A long-running `expfmt-oracle -batch` co-process. The flags given at
 * construction (e.g. `['-out', 'text']`) apply to every request. Requests may
 * overlap: each carries its own id and replies are matched by id, so
 * `Promise.all(inputs.map((i) => oracle.run(i)))` is fine.
 *
 * Inputs are always sent as `input_base64`, so any bytes (invalid UTF-8, NUL,
 * CR) reach the reference unchanged. Call {@link close} when done.
 */
export class OracleBatch {
  /** The flags this process was started with (without `-batch`). */
  readonly flags: readonly string[];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderr = '';
  private failure: Error | undefined;

  /**
   * Starts the co-process.
   *
   * @param flags oracle flags such as `['-out', 'lint']` or `['-raw-label-order']`; `-batch` is added.
   * @param path the binary; defaults to {@link findOracle}. Throws when there is none.
   */
  constructor(flags: readonly string[] = [], path: string | undefined = findOracle()) {
    if (!path) throw new Error('expfmt-oracle not found: run `bash scripts/build-oracle.sh` or set PROMKIT_ORACLE');
    this.flags = [...flags];
    this.child = spawn(path, [...flags, '-batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.child.stdin.on('error', (err) => this.fail(err));
    this.child.on('error', (err) => this.fail(err));
    this.child.on('exit', (code, signal) => {
      this.fail(new Error(`expfmt-oracle ${this.flags.join(' ')} exited (${signal ?? code}) ${this.stderr}`.trim()));
    });
    createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
  }

  /**
   * Sends one document and resolves to the oracle's `result` object: the
   * canonical JSON (`{families: [...]}`) or an error object (`{error, stage, line?, msg?}`)
   * for `-out json`; `{text}` for `-out text|openmetrics`; `{output_base64}` for
   * `-out proto`; `{problems}` for `-out lint`. Strings are encoded as UTF-8.
   * Rejects when the process has died.
   */
  async run(input: string | Uint8Array): Promise<unknown> {
    return (await this.runWithExit(input)).result;
  }

  /** Like {@link run}, but also resolves the exit code the oracle reports for this document. */
  runWithExit(input: string | Uint8Array): Promise<OracleReply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const bytes =
      typeof input === 'string'
        ? Buffer.from(input, 'utf8')
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    return new Promise<OracleReply>((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      this.child.stdin.write(`{"id":${id},"input_base64":"${bytes.toString('base64')}"}\n`);
    });
  }

  /** Ends the co-process and resolves once it has exited. Pending requests are answered first. Idempotent. */
  close(): Promise<void> {
    return new Promise((resolvePromise) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        resolvePromise();
        return;
      }
      this.child.once('exit', () => resolvePromise());
      this.child.stdin.end();
    });
  }

  private onLine(line: string): void {
    let msg: { id?: unknown; exit?: unknown; result?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      this.fail(new Error(`expfmt-oracle wrote a line that is not JSON: ${line.slice(0, 200)}`));
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    p.resolve({ exit: typeof msg.exit === 'number' ? msg.exit : -1, result: msg.result });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
