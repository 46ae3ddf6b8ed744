// Parse throughput against Go expfmt.TextParser.TextToMetricFamilies (go-anchor's go-expfmt-parse).
// Rows: parse (bytes in, materialized families out: what Go does), parse:string (the same from an
// already decoded string), lex (the parser module's lexing entry point, when it exports one).
import * as parser from '../src/parse/index.js';
import type { MetricFamily } from '../src/model/types.js';
import { runBench, type StageCase } from './lib/harness.js';

/** Names under which the parser module may export a lexing-only entry point, first match wins. */
const LEX_EXPORTS = ['lexOnly', 'lex', 'tokenize'] as const;

function lexEntry(): ((input: string) => unknown) | undefined {
  const exports = parser as unknown as Record<string, unknown>;
  for (const name of LEX_EXPORTS) {
    const f = exports[name];
    if (typeof f === 'function') return f as (input: string) => unknown;
  }
  return undefined;
}

function familyCounts(series: number): (result: unknown) => Record<string, number> {
  return (result) => {
    if (!Array.isArray(result) || result.length === 0) throw new Error('parse returned no families');
    let metrics = 0;
    for (const f of result as MetricFamily[]) metrics += f.metrics.length;
    if (metrics === 0 || metrics > series) throw new Error(`parse returned ${metrics} metrics for ${series} sample lines`);
    return { families: result.length, metrics };
  };
}

process.exitCode = await runBench({
  name: 'parse',
  entry: import.meta.url,
  goTool: 'go-expfmt-parse',
  stages: ['parse', 'parse:string', 'lex'],
  cases: ({ payload, bytes, text }) => {
    const check = familyCounts(payload.series);
    const cases: StageCase[] = [
      { stage: 'parse', fn: () => parser.parse(bytes), check },
      { stage: 'parse:string', fn: () => parser.parse(text), check },
    ];
    const lex = lexEntry();
    if (lex !== undefined) cases.push({ stage: 'lex', fn: () => lex(text) });
    return cases;
  },
});
