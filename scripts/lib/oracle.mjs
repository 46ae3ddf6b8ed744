// Running the reference oracle (expfmt-oracle) from the fixture scripts.
//
// `ensureOracle()` builds it when missing; `OracleBatch` keeps one `-batch`
// co-process per set of flags and returns, for every input, the exit code and the
// exact bytes of the `result` object as the oracle wrote them (so that fixture
// files are the oracle's own output, not a re-serialization).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Third-party test data kept in the repository (vendor/README.md). */
export const VENDOR = join(ROOT, 'vendor');

/**
 * Path of the oracle binary: `$PROMKIT_ORACLE` if set, else
 * `${PROMKIT_ORACLE_DIR:-<root>/.oracle}/expfmt-oracle`.
 */
export function oraclePath() {
  if (process.env.PROMKIT_ORACLE) return resolve(process.env.PROMKIT_ORACLE);
  const dir = process.env.PROMKIT_ORACLE_DIR ? resolve(ROOT, process.env.PROMKIT_ORACLE_DIR) : join(ROOT, '.oracle');
  return join(dir, 'expfmt-oracle');
}

/** Returns the oracle path, building it with scripts/build-oracle.sh first when it is missing. Throws when that fails. */
export function ensureOracle() {
  const path = oraclePath();
  if (existsSync(path)) return path;
  if (process.env.PROMKIT_ORACLE) throw new Error(`PROMKIT_ORACLE=${path} does not exist`);
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'build-oracle.sh')], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(path)) throw new Error(`building the oracle failed (exit ${r.status})`);
  return path;
}

/**
 * Runs the oracle once in single mode and returns its exact stdout bytes and exit code.
 * Used where batch mode cannot carry the bytes (text output that is not valid UTF-8).
 */
export function runOnce(path, flags, input) {
  const r = spawnSync(path, flags, { input, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { exit: r.status, stdout: r.stdout };
}

const RESULT_KEY = ',"result":';

/**
 * One `expfmt-oracle -batch <flags>` co-process. `run(bytes)` resolves to
 * `{ exit, raw, result }`: `raw` is the `result` JSON exactly as printed,
 * `result` its parsed value. Many requests may be in flight; replies are matched by id.
 */
export class OracleBatch {
  constructor(path, flags = []) {
    this.flags = flags;
    this.nextId = 1;
    this.pending = new Map();
    this.stderr = '';
    this.child = spawn(path, [...flags, '-batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d) => {
      this.stderr += d;
    });
    this.child.on('exit', (code) =>
      this.failAll(new Error(`oracle ${flags.join(' ')} exited with ${code}: ${this.stderr}`)),
    );
    this.child.on('error', (err) => this.failAll(err));
    createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
  }

  onLine(line) {
    const msg = JSON.parse(line);
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    const at = line.indexOf(RESULT_KEY);
    const raw = line.slice(at + RESULT_KEY.length, -1);
    p.resolve({ exit: msg.exit, raw, result: msg.result });
  }

  failAll(err) {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** Sends one document (Buffer/Uint8Array/string) and resolves to the oracle's reply. */
  run(input) {
    const id = this.nextId++;
    const b64 = Buffer.from(input).toString('base64');
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      this.child.stdin.write(`{"id":${id},"input_base64":"${b64}"}\n`);
    });
  }

  /** Ends the co-process and waits for it to exit. */
  close() {
    return new Promise((resolvePromise) => {
      if (this.child.exitCode !== null) return resolvePromise();
      this.child.once('exit', () => resolvePromise());
      this.child.stdin.end();
    });
  }
}
