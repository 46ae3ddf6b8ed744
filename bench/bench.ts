// The repository's bench: `promkit bench` (src/bench/) over the shared corpora small, node and large,
// each run kept in bench/results/<UTC date-time>.json. Built into bench/.build/bench.js by build.mjs;
// the measuring processes re-enter this file with `--child`.
//   node bench/run.mjs [--payloads small,node,large] [--no-write] [promkit bench options]
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { createBenchCommand } from '../src/cli/commands/bench.js';
import { processIO } from '../src/cli/io.js';
import { findPromkitRoot } from '../src/bench/package-root.js';
import { CORPUS_NAMES, corpusPayloads, parseCorpusList, type CorpusName } from './lib/corpus.js';

const script = fileURLToPath(import.meta.url);
const found = findPromkitRoot(dirname(script));
if (found === undefined) throw new Error(`no promkit package.json above ${script}`);
const root = found.root;

/** Takes the repository-only flags out of `argv`: `--payloads LIST` and `--no-write`. */
function repoFlags(argv: string[]): { rest: string[]; corpus: CorpusName[]; write: boolean } {
  const rest: string[] = [];
  let corpus: CorpusName[] = [...CORPUS_NAMES];
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--payloads') corpus = parseCorpusList(argv[++i] ?? '');
    else if (a.startsWith('--payloads=')) corpus = parseCorpusList(a.slice('--payloads='.length));
    else if (a === '--no-write') write = false;
    else rest.push(a);
  }
  return { rest, corpus, write };
}

function stamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

const argv = process.argv.slice(2);
const { rest, corpus, write } = argv[0] === '--child' ? { rest: argv, corpus: [], write: false } : repoFlags(argv);
const command = createBenchCommand({
  child: { script, args: [] },
  defaultPayloads: (log) => corpusPayloads(root, corpus, log),
  defaultWrite: write ? () => relative(process.cwd(), join(root, 'bench', 'results', `${stamp()}.json`)) : undefined,
});
process.exitCode = await command(rest, processIO());
