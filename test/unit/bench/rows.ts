import type { BenchResult, ResultRow } from '../../../src/bench/result.js';

/** A result row with plausible figures; `over` replaces fields. */
export function row(over: Partial<ResultRow> = {}): ResultRow {
  return {
    tool: 'promkit',
    stage: 'parse',
    payload: 'small',
    bytes: 2_000_000,
    series: 10_000,
    msPerOp: { min: 9, median: 10, max: 12 },
    msRuns: [10, 9, 12],
    rme: [1, 1, 1],
    mbPerSec: 200,
    mbPerSecRange: [166.7, 222.2],
    seriesPerSec: 1_000_000,
    allocBytes: 3_500_000,
    retainedBytes: 1_200_000,
    faultsPerOp: 4_560,
    systemShare: 0.183,
    maxRssKb: 100_000,
    go: { tool: 'go-expfmt-parse', bytes: 2_000_000, msMedian: 20, mbPerSec: 100 },
    ratio: 2,
    ...over,
  };
}

/** A result holding `rows`, with a fixed environment. */
export function result(rows: ResultRow[], over: Partial<BenchResult> = {}): BenchResult {
  return {
    format: 'promkit-bench/1',
    date: '2026-01-01T00:00:00.000Z',
    options: { runs: 3, stages: ['parse'] },
    environment: {
      node: 'v20.20.2',
      v8: '11.3',
      platform: 'linux-x64',
      cpuModel: 'Test CPU <fast>',
      cpuCount: 2,
      memoryBytes: 8e9,
      loadavgStart: [0.5, 0.4, 0.3],
      loadavgEnd: [0.6, 0.4, 0.3],
      promkit: '0.1.0',
    },
    payloads: [{ name: 'small', path: '/d/small.prom', bytes: 2_000_000, series: 10_000 }],
    rows,
    goFigures: [],
    notes: [],
    ...over,
  };
}
