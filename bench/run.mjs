#!/usr/bin/env node
// Builds and runs benches one after the other, each as `node --expose-gc bench/.build/<name>.bench.js`.
//   node bench/run.mjs [name…] [bench options]   # default: every bench/*.bench.ts
// Leading arguments that do not start with `-` are bench names; the rest go to every bench
// (e.g. `npm run bench:parse -- --payloads small,node --runs 3`).
import { spawnSync } from 'node:child_process';
import { buildBenches, benchNames } from './build.mjs';

const argv = process.argv.slice(2);
let split = argv.findIndex((a) => a.startsWith('-'));
if (split === -1) split = argv.length;
const names = argv.slice(0, split);
const benchArgs = argv.slice(argv[split] === '--' ? split + 1 : split);
const selected = names.length === 0 ? benchNames() : names;
const files = await buildBenches(names);
let exitCode = 0;
for (let i = 0; i < files.length; i++) {
  console.error(`\n== bench ${selected[i]}`);
  const r = spawnSync(process.execPath, ['--expose-gc', files[i], ...benchArgs], { stdio: 'inherit' });
  if (r.status !== 0) exitCode = r.status ?? 1;
}
process.exitCode = exitCode;
