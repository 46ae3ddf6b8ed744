// Serialize throughput against Go expfmt.MetricFamilyToText (go-anchor's go-expfmt-serialize):
// families parsed once, then written as text 0.0.4 with families sorted by name, as go-anchor does.
// Rows: serialize (serializeText: one flat string), serialize:bytes (the same encoded to a UTF-8 Buffer,
// what a server writes out; Go's figure is bytes too).
import { parse } from '../src/parse/index.js';
import { serializeText, sortFamiliesByName } from '../src/serialize/index.js';
import { runBench, type StageCase } from './lib/harness.js';

function lines(result: unknown): Record<string, number> {
  const text = typeof result === 'string' ? result : (result as Buffer).toString('utf8');
  if (text.length === 0) throw new Error('serialize wrote nothing');
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return { outputBytes: Buffer.byteLength(text), lines: n };
}

process.exitCode = await runBench({
  name: 'serialize',
  entry: import.meta.url,
  goTool: 'go-expfmt-serialize',
  stages: ['serialize', 'serialize:bytes'],
  cases: ({ bytes }) => {
    const families = sortFamiliesByName(parse(bytes));
    const cases: StageCase[] = [
      {
        stage: 'serialize',
        fn: () => {
          const text = serializeText(families);
          // Reading a character makes V8 flatten the string, as writing it anywhere would: count that work.
          text.charCodeAt(0);
          return text;
        },
        check: lines,
      },
      { stage: 'serialize:bytes', fn: () => Buffer.from(serializeText(families), 'utf8'), check: lines },
    ];
    return cases;
  },
});
