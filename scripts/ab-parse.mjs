#!/usr/bin/env node
// Times `parse` of one input with two builds of promkit in one process, in alternating rounds, and
// prints the median time of each and their ratio. A shared machine moves a process's speed by tens of
// percent from one run to the next; rounds that take turns in one process see the same machine, so
// a change of a few percent shows.
//
// Usage: node scripts/ab-parse.mjs A B FILE [--rounds N] [--string] [--format text|openmetrics]
//   A, B: a git commit (built into a temporary worktree with the repository's node_modules) or a
//         folder holding a build (`index.js`, as `dist/` after `npm run build`).
//   FILE: the input, parsed as a Buffer (or, with --string, as a string).
// Example: node scripts/ab-parse.mjs HEAD~1 HEAD bench/data/large.prom
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** A round lasts at least this long, so the clock's resolution and one collection weigh little. */
const ROUND_MS = 200;

// Each timing starts after a full collection, so that one build does not pay for the other's garbage.
if (typeof globalThis.gc !== 'function') {
  const run = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

const repo = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '20' },
    string: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
  },
});
if (positionals.length !== 3) {
  console.error('usage: node scripts/ab-parse.mjs A B FILE [--rounds N] [--string] [--format text|openmetrics]');
  process.exit(2);
}
const [refA, refB, file] = positionals;
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`ab-parse: --rounds takes a whole number of at least 1, got "${values.rounds}"`);
  process.exit(2);
}
if (values.format !== 'text' && values.format !== 'openmetrics') {
  console.error(`ab-parse: --format takes text or openmetrics, got "${values.format}"`);
  process.exit(2);
}
if (!existsSync(file)) {
  console.error(`ab-parse: no such input file: ${file}`);
  process.exit(2);
}
const worktrees = [];

/** The folder of a build of `ref`: the folder itself, or a build of the commit in a temporary worktree. */
function buildOf(ref) {
  if (existsSync(join(ref, 'index.js'))) return resolve(ref);
  const dir = mkdtempSync(join(tmpdir(), 'promkit-ab-'));
  worktrees.push(dir);
  // Their errors (an unknown commit, a build that fails) are shown as git and tsup print them.
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  try {
    execFileSync('git', ['-C', repo, 'worktree', 'add', '--quiet', '--detach', dir, ref], quiet);
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    execFileSync('npx', ['tsup', '--no-dts', '--silent'], { ...quiet, cwd: dir });
  } catch {
    throw new Error(`ab-parse: "${ref}" is neither a build folder (with index.js) nor a commit that builds`);
  }
  return join(dir, 'dist');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

try {
  const parsers = [];
  for (const ref of [refA, refB])
    parsers.push((await import(pathToFileURL(join(buildOf(ref), 'index.js')).href)).parse);
  const bytes = readFileSync(file);
  const input = values.string ? bytes.toString('utf8') : bytes;
  const options = { format: values.format };
  const call = (parse) => parse(input, options);

  // Warm both up, and size a round.
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) for (const p of parsers) call(p);
    if (performance.now() - t0 >= ROUND_MS) break;
    calls *= 2;
  }
  const times = [[], []];
  for (let r = 0; r < rounds; r++) {
    // Each round the other build goes first.
    for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) {
      globalThis.gc();
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) call(parsers[k]);
      times[k].push((performance.now() - t0) / calls);
    }
  }
  const [a, b] = times.map(median);
  const perRound = times[1].map((t, i) => t / times[0][i]).sort((x, y) => x - y);
  const ms = (t) => (t >= 1 ? `${t.toFixed(2)} ms` : `${(t * 1000).toFixed(1)} µs`);
  console.log(`${file}: ${rounds} rounds of ${calls} calls, ${values.string ? 'string' : 'Buffer'} input`);
  console.log(`A ${refA}: ${ms(a)}   B ${refB}: ${ms(b)}   B/A ${(b / a).toFixed(3)}`);
  console.log(`B/A per round: ${perRound[0].toFixed(3)} to ${perRound[perRound.length - 1].toFixed(3)}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
} finally {
  for (const dir of worktrees) {
    spawnSync('git', ['-C', repo, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}
