// The repository's bench: `promkit bench` (src/bench/) over the corpora small and node (vendor/bench-data)
// and large (generated), each run kept in bench/results/<UTC date-time>.json. Built into bench/.build/bench.js by build.mjs;
// the measuring processes re-enter this file with `--child`.
//   node bench/run.mjs [--payloads small,node,large] [--no-write] [promkit bench options]
import { runStageBench } from './lib/harness.js';

process.exitCode = await runStageBench(import.meta.url, process.argv.slice(2));
