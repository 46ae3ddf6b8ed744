#!/usr/bin/env node
// Builds the bench entries and runs one of them.
//   node bench/run.mjs [bench options]                 every stage of `promkit bench` (bench/bench.ts)
//   node bench/run.mjs parse|serialize [options]       bench/<name>.bench.ts: that stage against Go
//   node bench/run.mjs merge|gateway|gateway-bodies|status-page|validate|gateway-floor|hardening [options]  bench/<name>.bench.ts
//   node bench/run.mjs all [bench options]             every stage, then merge, then gateway
// (`npm run bench -- --help` lists the stage bench options; the other files list theirs at the top.)
import { spawnSync } from 'node:child_process';
import { buildBench } from './build.mjs';

const files = await buildBench();
const [first, ...rest] = process.argv.slice(2);
const run = (name, args) =>
  spawnSync(process.execPath, ['--expose-gc', files[name], ...args], { stdio: 'inherit' }).status ?? 1;
let status;
if (first === 'all') {
  status = run('bench', rest);
  for (const name of ['merge', 'gateway']) if (status === 0) status = run(name, []);
} else if (first !== undefined && first !== 'bench' && first in files) {
  status = run(first, rest);
} else {
  status = run('bench', first === undefined ? [] : first === 'bench' ? rest : [first, ...rest]);
}
process.exitCode = status;
