// Parse throughput: `parse(bytes)` from src/parse, the materialized MetricFamily[], on the
// corpora small, node and large, as MB/s, series/s and the ratio to Go expfmt's TextToMetricFamilies
// (tools/go-anchor) measured in the same run. Required: ratio ≥ 1.3 on all three payloads.
//   npm run bench:parse [-- --payloads small,node --runs 3 --no-write …promkit bench options]
// Results go to bench/results/<UTC date-time>-parse.json.
import { runStageBench } from './lib/harness.js';

process.exitCode = await runStageBench(import.meta.url, process.argv.slice(2), ['parse'], 'parse');
