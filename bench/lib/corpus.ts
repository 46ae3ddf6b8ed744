import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { DEFAULT_GENERATE, generatePayload, type GenerateOptions } from '../../src/bench/generate.js';
import { loadPayload, type Payload } from '../../src/bench/payload.js';

/** The repository's benchmark corpora, smallest first. */
export const CORPUS_NAMES = ['small', 'node', 'large'] as const;

/** One of {@link CORPUS_NAMES}. */
export type CorpusName = (typeof CORPUS_NAMES)[number];

/**
 * The shape of the `large` payload: promkit's own generator (`promkit bench --generate`) with a fixed
 * seed, so that every clone benchmarks the same 19 MB.
 */
export const LARGE_SHAPE: Readonly<GenerateOptions> = Object.freeze({
  ...DEFAULT_GENERATE,
  series: 100_318,
  families: 1_000,
  seed: 20240601,
});

/** md5 of {@link generatePayload}({@link LARGE_SHAPE}): a change of the generator must not go unnoticed. */
export const LARGE_MD5 = '5d855d584c56f2939c90c2bf646909b7';

/** Returns the directory holding `small.prom` and `node.prom`: `$PROMKIT_BENCH_DATA`, else `vendor/bench-data`. */
export function benchDataDir(root: string): string {
  return process.env.PROMKIT_BENCH_DATA ?? join(root, 'vendor', 'bench-data');
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * Makes sure `bench/data/large.prom` (git-ignored) exists and is the reference payload: when missing,
 * generates {@link LARGE_SHAPE}, checks the md5 against {@link LARGE_MD5} and writes it through a
 * temp file. An existing file with another md5 is an error (delete it to regenerate). Returns the path.
 */
export function ensureLargePayload(root: string, log: (s: string) => void): string {
  const out = join(root, 'bench', 'data', 'large.prom');
  if (existsSync(out)) {
    const sum = md5(readFileSync(out));
    if (sum !== LARGE_MD5) throw new Error(`${out}: md5 ${sum}, expected ${LARGE_MD5}; delete it to regenerate`);
    return out;
  }
  log(`generating ${out} (promkit bench --generate, seed ${LARGE_SHAPE.seed})…`);
  const bytes = Buffer.from(generatePayload(LARGE_SHAPE), 'utf8');
  const sum = md5(bytes);
  if (sum !== LARGE_MD5) throw new Error(`the large payload has md5 ${sum}, expected ${LARGE_MD5}`);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
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
 * and series. Paths are relative to the working directory when inside it, so that result files name
 * no machine's folders. Throws when a file is missing.
 */
export function corpusPayloads(root: string, names: readonly CorpusName[], log: (s: string) => void): Payload[] {
  return names.map((name) => {
    const path = name === 'large' ? ensureLargePayload(root, log) : join(benchDataDir(root), `${name}.prom`);
    if (!existsSync(path)) throw new Error(`payload ${name}: ${path} not found (set PROMKIT_BENCH_DATA)`);
    const rel = relative(process.cwd(), path);
    return loadPayload(rel.startsWith('..') || isAbsolute(rel) ? path : rel, name);
  });
}
