import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadPayload, type Payload } from '../../src/bench/payload.js';

/** The repository's benchmark corpora, smallest first. */
export const CORPUS_NAMES = ['small', 'node', 'large'] as const;

/** One of {@link CORPUS_NAMES}. */
export type CorpusName = (typeof CORPUS_NAMES)[number];

/** md5 of `gen-large.mjs` output with its default arguments (seed 20240601), from bench-data/README.md. */
export const LARGE_MD5 = 'f08c6e06bdfdd8e12d6c1e9aa79733a2';

/**
 * Returns the directory holding `small.prom`, `node.prom` and `gen-large.mjs`: `$PROMKIT_BENCH_DATA`,
 * else `../shared/bench-data` beside the repository. Does not check that it exists.
 */
export function benchDataDir(root: string): string {
  return process.env.PROMKIT_BENCH_DATA ?? resolve(root, '../shared/bench-data');
}

function md5(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

/**
 * Makes sure `bench/data/large.prom` (git-ignored) exists and is the reference payload: when missing,
 * runs `gen-large.mjs` with its default arguments into a temp file, checks the md5 against
 * {@link LARGE_MD5} and renames it into place. An existing file with another md5 is an error (delete
 * it to regenerate). Returns the path.
 */
export function ensureLargePayload(root: string, log: (s: string) => void): string {
  const out = join(root, 'bench', 'data', 'large.prom');
  if (existsSync(out)) {
    const sum = md5(out);
    if (sum !== LARGE_MD5) throw new Error(`${out}: md5 ${sum}, expected ${LARGE_MD5}; delete it to regenerate`);
    return out;
  }
  const generator = join(benchDataDir(root), 'gen-large.mjs');
  if (!existsSync(generator))
    throw new Error(`cannot generate large.prom: ${generator} not found (set PROMKIT_BENCH_DATA)`);
  log(`generating ${out} with ${generator}…`);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const r = spawnSync(process.execPath, [generator], { stdio: ['ignore', fd, 'pipe'] });
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

/** Parses a comma-separated list of corpus names; throws on an unknown name. Keeps the given order. */
export function parseCorpusList(list: string): CorpusName[] {
  return list
    .split(',')
    .filter((s) => s !== '')
    .map((s) => {
      if (!(CORPUS_NAMES as readonly string[]).includes(s))
        throw new Error(`unknown payload "${s}" (known: ${CORPUS_NAMES.join(', ')})`);
      return s as CorpusName;
    });
}

/**
 * Resolves the named corpora, in the order given, generating `large` if needed, and counts their bytes
 * and series. Throws when a file is missing.
 */
export function corpusPayloads(root: string, names: readonly CorpusName[], log: (s: string) => void): Payload[] {
  return names.map((name) => {
    const path = name === 'large' ? ensureLargePayload(root, log) : join(benchDataDir(root), `${name}.prom`);
    if (!existsSync(path)) throw new Error(`payload ${name}: ${path} not found (set PROMKIT_BENCH_DATA)`);
    return loadPayload(path, name);
  });
}
