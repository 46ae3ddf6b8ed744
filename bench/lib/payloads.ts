import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The benchmark corpora, smallest first. */
export const PAYLOAD_NAMES = ['small', 'node', 'large'] as const;

/** One of {@link PAYLOAD_NAMES}. */
export type PayloadName = (typeof PAYLOAD_NAMES)[number];

/** A payload file on disk and the counts every row of a report divides by. */
export interface Payload {
  /** Short name used in tables and results (`small`, `node`, `large`). */
  name: PayloadName;
  /** Absolute path of the exposition file. */
  path: string;
  /** Size of the file in bytes. */
  bytes: number;
  /** Sample lines, counted exactly as the Go anchor counts them (see {@link countSeries}). */
  series: number;
}

/** md5 of `gen-large.mjs` output with its default arguments (seed 20240601), from bench-data/README.md. */
export const LARGE_MD5 = 'f08c6e06bdfdd8e12d6c1e9aa79733a2';

const LF = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;

/**
 * Counts sample lines the way go-anchor's `countSamples` does: lines split at LF, leading spaces and
 * tabs dropped, every non-empty line not starting with `#` counts. Does not read past `bytes.length`;
 * does not mutate `bytes`.
 */
export function countSeries(bytes: Uint8Array): number {
  let n = 0;
  let atLineStart = true;
  let counted = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === LF) {
      atLineStart = true;
      counted = false;
      continue;
    }
    if (!atLineStart || counted) continue;
    if (c === SPACE || c === TAB) continue;
    atLineStart = false;
    if (c !== HASH) {
      n++;
      counted = true;
    }
  }
  return n;
}

/**
 * Returns the repository root: the nearest directory at or above `from` whose package.json is named
 * `promkit`. Throws when there is none.
 */
export function repoRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'promkit') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no promkit package.json at or above ${from}`);
    dir = up;
  }
}

/**
 * Returns the directory holding `small.prom`, `node.prom` and `gen-large.mjs`: `$PROMKIT_BENCH_DATA`,
 * else `../shared/bench-data` beside the repository. Does not check that it exists.
 */
export function benchDataDir(root: string): string {
  return process.env.PROMKIT_BENCH_DATA ?? resolve(root, '../shared/bench-data');
}

/** Directory of generated payloads (git-ignored): `bench/data/`. */
export function generatedDataDir(root: string): string {
  return join(root, 'bench', 'data');
}

function md5(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

/**
 * Makes sure `bench/data/large.prom` exists and is the reference payload: when missing, runs
 * `gen-large.mjs` with its default arguments into a temp file, checks the md5 against
 * {@link LARGE_MD5} and renames it into place. An existing file with another md5 is an error (delete
 * it to regenerate). Returns the path.
 */
export function ensureLargePayload(root: string): string {
  const out = join(generatedDataDir(root), 'large.prom');
  if (existsSync(out)) {
    const sum = md5(out);
    if (sum !== LARGE_MD5) throw new Error(`${out}: md5 ${sum}, expected ${LARGE_MD5}; delete it to regenerate`);
    return out;
  }
  const generator = join(benchDataDir(root), 'gen-large.mjs');
  if (!existsSync(generator)) throw new Error(`cannot generate large.prom: ${generator} not found (set PROMKIT_BENCH_DATA)`);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const r = spawnSync(process.execPath, [generator], { stdio: ['ignore', fd, 'inherit'] });
    if (r.status !== 0) throw new Error(`gen-large.mjs exited with ${r.status ?? r.signal}`);
  } finally {
    closeSync(fd);
  }
  const sum = md5(tmp);
  if (sum !== LARGE_MD5) {
    rmSync(tmp);
    throw new Error(`gen-large.mjs produced md5 ${sum}, expected ${LARGE_MD5}`);
  }
  renameSync(tmp, out);
  return out;
}

/**
 * Resolves the named payloads, in the order given, generating `large` if needed. Reads each file once
 * to count its bytes and series. Throws when a file is missing.
 */
export function resolvePayloads(root: string, names: readonly PayloadName[]): Payload[] {
  return names.map((name) => {
    const path = name === 'large' ? ensureLargePayload(root) : join(benchDataDir(root), `${name}.prom`);
    if (!existsSync(path)) throw new Error(`payload ${name}: ${path} not found (set PROMKIT_BENCH_DATA)`);
    const data = readFileSync(path);
    return { name, path, bytes: data.length, series: countSeries(data) };
  });
}

/** Parses a comma-separated list of payload names; throws on an unknown name. Keeps the given order. */
export function parsePayloadList(list: string): PayloadName[] {
  return list.split(',').filter((s) => s !== '').map((s) => {
    if (!(PAYLOAD_NAMES as readonly string[]).includes(s)) throw new Error(`unknown payload "${s}" (known: ${PAYLOAD_NAMES.join(', ')})`);
    return s as PayloadName;
  });
}
