// Text serializer throughput: `serializeText(families)` on the parsed corpora small, node and
// large sorted by name, as MB/s written and the ratio to Go expfmt's MetricFamilyToText
// (tools/go-anchor) measured in the same run. Required: ratio ≥ 0.5 on all three payloads.
//   npm run bench:serialize [-- --payloads small,node --runs 3 --no-write …promkit bench options]
// Results go to bench/results/<UTC date-time>-serialize.json.
import { runStageBench } from './lib/harness.js';

process.exitCode = await runStageBench(import.meta.url, process.argv.slice(2), ['serialize'], 'serialize');
