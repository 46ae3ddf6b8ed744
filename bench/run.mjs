#!/usr/bin/env node
// Builds bench/bench.ts and runs it: `promkit bench` over the repository's corpora.
//   node bench/run.mjs [bench options]      e.g. --payloads small,node --runs 3, --stages parse
// (`npm run bench -- --help` lists the options.)
import { spawnSync } from 'node:child_process';
import { buildBench } from './build.mjs';

const file = await buildBench();
const r = spawnSync(process.execPath, [file, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
