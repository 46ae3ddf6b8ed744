// Checked replace throughput of the store: small.prom, parsed once, pushed with
// `mode: 'replace'` into a checked store already holding 1,000 and 10,000 groups of it, round robin
// over the groups; pushes/s (each push awaited, as one writer applies them), timed with src/bench's
// measure (warm-up, forced GC before each run, median of the runs). Required: ≥ 5,000 pushes/s at
// 10,000 groups, flat as the store grows. Also the heap the stored groups take.
//   npm run bench:merge [-- --groups 1000,10000 --runs 5 --no-write]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { forceGc, measure } from '../src/bench/measure.js';
import type { Label } from '../src/model/types.js';
import { parse } from '../src/parse/index.js';
import { createStore } from '../src/store/index.js';
import { corpusBytes, machineNote, repoRoot, table } from './lib/harness.js';

function options(argv: string[]): { groups: number[]; runs: number; write: boolean } {
  const o = { groups: [1000, 10_000], runs: 5, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--groups') o.groups = (argv[++i] ?? '').split(',').map((s) => Number.parseInt(s, 10));
    else if (a === '--runs') o.runs = Number.parseInt(argv[++i] ?? '', 10);
    else if (a === '--no-write') o.write = false;
    else throw new Error(`unknown option ${a}`);
  }
  if (o.groups.some((g) => !(g > 0)) || !(o.runs > 0)) throw new Error('--groups and --runs take positive integers');
  return o;
}

const grouping = (i: number): Label[] => [
  { name: 'job', value: 'batch' },
  { name: 'instance', value: `host-${i}` },
];

async function main(argv: string[]): Promise<number> {
  const o = options(argv);
  const root = repoRoot(import.meta.url);
  const families = parse(corpusBytes(root, 'small'));
  const series = families.reduce((n, f) => n + f.metrics.length, 0);
  const start = machineNote();
  const rows: Array<Array<string | number>> = [];
  const results = [];
  for (const groups of o.groups) {
    forceGc();
    const heap0 = getHeapStatistics().used_heap_size;
    let store = createStore();
    for (let i = 0; i < groups; i++) {
      const r = await store.submit({ grouping: grouping(i), mode: 'replace', families, receivedAt: Date.now() });
      if (!r.ok) throw new Error(r.message);
    }
    store.snapshot().text();
    forceGc();
    const heapBytes = getHeapStatistics().used_heap_size - heap0;
    let i = 0;
    const m = await measure(
      {
        async: true,
        fn: async () => {
          const r = await store.submit({
            grouping: grouping((i++ * 7919) % groups),
            mode: 'replace',
            families,
            receivedAt: Date.now(),
          });
          if (!r.ok) throw new Error(r.message);
          return r;
        },
      },
      { warmup: 1000, warmupTime: 0.5, runs: o.runs, maxTime: 1, minSamples: 5 },
    );
    const t0 = performance.now();
    const text = store.snapshot().text();
    text.charCodeAt(0);
    const scrapeMs = performance.now() - t0;
    const perSec = 1 / m.secPerOp.median;
    rows.push([
      groups,
      series * groups,
      perSec,
      1 / m.secPerOp.max,
      1 / m.secPerOp.min,
      scrapeMs,
      heapBytes / 1e6,
      heapBytes / (series * groups + 2 * groups),
    ]);
    results.push({
      groups,
      series: series * groups,
      pushesPerSec: perSec,
      secPerOp: m.secPerOp,
      runs: m.runs,
      scrapeAfterPushMs: scrapeMs,
      heapBytes,
      exposedBytes: text.length,
    });
    store = undefined as unknown as typeof store;
  }
  process.stdout.write(
    table(
      ['groups', 'series', 'pushes/s', 'slowest run', 'fastest run', 'scrape ms', 'heap MB', 'heap B/series'],
      rows,
    ),
  );
  const last = results.find((r) => r.groups === 10_000);
  if (last)
    process.stdout.write(
      `\nrequired ≥ 5000 pushes/s at 10,000 groups: ${Math.round(last.pushesPerSec)} (${last.pushesPerSec >= 5000 ? 'met' : 'NOT met'})\n`,
    );
  if (o.write) {
    const out = join(root, 'bench', 'results', `${start.at.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-merge.json`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify({ kind: 'merge', options: o, machine: { start, end: machineNote() }, results }, null, 2) + '\n',
    );
    process.stderr.write(`wrote ${relative(process.cwd(), out)}\n`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
