// Validate-only mode (`check`, `validateOnly`): the verdict and the error of parse on every corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { check, createParser, parse } from '../../../src/parse/index.js';
import type { ParseOptions } from '../../../src/parse/options.js';
import { conformanceFixtures, ownFixtures, ROOT } from '../../helpers/fixtures.js';
import { outcome, type Outcome } from '../../helpers/parse-outcome.js';

function verdicts(input: Buffer, options: ParseOptions): { parsed: Outcome; checked: Outcome; streamed: Outcome } {
  const reduce = (o: Outcome): Outcome => ('families' in o ? { families: 'ok' } : o);
  const e = check(input, options);
  const streamed = outcome(() => {
    const parser = createParser({ ...options, validateOnly: true, chunkSize: 97 });
    for (let i = 0; i < input.length; i += 61) parser.feed(input.subarray(i, i + 61));
    return parser.end().families;
  });
  return {
    parsed: reduce(outcome(() => parse(input, options))),
    checked:
      e === undefined
        ? { families: 'ok' }
        : { code: e.code, line: e.line, column: e.column, offset: e.offset, msg: e.msg },
    streamed:
      'families' in streamed ? { families: (streamed.families as unknown[]).length === 0 ? 'ok' : 'built' } : streamed,
  };
}

const text = [...ownFixtures(), ...conformanceFixtures()];

describe('validate-only gives the verdict and error of parse', () => {
  test.each(text.map((c) => [c.name, c] as const))('text %s', (_name, c) => {
    const { parsed, checked, streamed } = verdicts(c.input, {});
    expect('families' in parsed).toBe(c.accepted);
    expect(checked).toEqual(parsed);
    expect(streamed).toEqual(parsed);
  });

  const omDir = join(ROOT, 'fixtures', 'openmetrics');
  const om = ['valid', 'invalid'].flatMap((kind) =>
    readdirSync(join(omDir, kind))
      .filter((f) => !f.endsWith('.json'))
      .map((f) => [`${kind}/${f}`, readFileSync(join(omDir, kind, f))] as const),
  );
  test.each(om)('openmetrics %s', (_name, input) => {
    const { parsed, checked, streamed } = verdicts(input, { format: 'openmetrics' });
    expect(checked).toEqual(parsed);
    expect(streamed).toEqual(parsed);
  });
});
