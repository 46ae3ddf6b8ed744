// One series with 100,000 labels: every label check is linear, so such a body is accepted or
// refused by the rule that applies (duplicate name, maxLabelsPerSeries), with the right error,
// through both engines and both formats. Results are asserted, never time.
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/errors/parse-error.js';
import { parse } from '../../../src/parse/index.js';
import type { ParseOptions } from '../../../src/parse/options.js';

const N = 100_000;
const pairs = Array.from({ length: N }, (_, i) => `l${i}="v"`).join(',');
const text = `big{${pairs}} 1\n`;
const om = `big{${pairs}} 1\n# EOF\n`;
/** The same set with `l0` repeated at the end: the duplicate is the last pair. */
const repeatedAtEnd = `big{${pairs},l0="again"} 1\n`;
const dupColumn = repeatedAtEnd.indexOf(',l0="again"') + 2;

const ENGINES = ['auto', 'grammar'] as const;
const noLimit = { maxLineLength: Infinity, maxBodyBytes: Infinity };

function outcome(input: string | Buffer, options: ParseOptions): ParseError | number {
  try {
    const families = parse(input, { ...noLimit, ...options });
    return families[0].metrics[0].labels.length;
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
}

describe.each(ENGINES)('100,000 labels on one series (engine %s)', { timeout: 120_000 }, (engine) => {
  test.each([
    ['string', text],
    ['bytes', Buffer.from(text)],
  ])('text 0.0.4 (%s): accepted with every label', (_kind, input) => {
    expect(outcome(input, { engine })).toBe(N);
  });

  test('text 0.0.4: a repeated name at the end is DUPLICATE_LABEL_NAME at that pair', () => {
    const e = outcome(repeatedAtEnd, { engine });
    expect(e).toBeInstanceOf(ParseError);
    expect(e).toMatchObject({ code: 'DUPLICATE_LABEL_NAME', line: 1, column: dupColumn });
  });

  test('text 0.0.4: maxLabelsPerSeries refuses the set while reading it', () => {
    const e = outcome(text, { engine, maxLabelsPerSeries: 1000 });
    expect(e).toMatchObject({
      code: 'TOO_MANY_LABELS',
      line: 1,
      column: 1,
      msg: 'series has more labels than the limit of 1000',
    });
    // Checked while reading: a repeated name after the limit is never reached.
    expect(outcome(repeatedAtEnd, { engine, maxLabelsPerSeries: 1000 })).toMatchObject({ code: 'TOO_MANY_LABELS' });
  });

  test('text 0.0.4: the limit does not count le, at any size', () => {
    const limit = N;
    const doc = `# TYPE big histogram\nbig_bucket{${pairs},le="+Inf"} 1\n`;
    const families = parse(doc, { ...noLimit, engine, maxLabelsPerSeries: limit });
    expect(families[0].metrics[0].labels).toHaveLength(N);
    expect(outcome(doc, { engine, maxLabelsPerSeries: limit - 1 })).toMatchObject({ code: 'TOO_MANY_LABELS' });
  });

  test('OpenMetrics: accepted with every label', () => {
    expect(outcome(om, { engine, format: 'openmetrics' })).toBe(N);
  });

  test('OpenMetrics: a repeated name at the end is OM_DUPLICATE_LABEL_NAME at that pair', () => {
    const e = outcome(repeatedAtEnd + '# EOF\n', { engine, format: 'openmetrics' });
    expect(e).toMatchObject({ code: 'OM_DUPLICATE_LABEL_NAME', line: 1, column: dupColumn });
  });

  test('OpenMetrics: maxLabelsPerSeries refuses the set while reading it', () => {
    const e = outcome(om, { engine, format: 'openmetrics', maxLabelsPerSeries: 1000 });
    expect(e).toMatchObject({ code: 'TOO_MANY_LABELS', line: 1, column: 1 });
  });
});

describe('label sets the fast reader hands to the grammar', () => {
  test('a line that repeats a name where the line before had another is DUPLICATE_LABEL_NAME', () => {
    for (const engine of ENGINES) {
      const e = outcome('x{a="1",b="2"} 1\nx{a="1",a="2"} 1\n', { engine });
      expect(e).toMatchObject({ code: 'DUPLICATE_LABEL_NAME', line: 2 });
    }
  });
  test('le twice in a histogram bucket is allowed (the last one is the bound), as the reference does', () => {
    for (const engine of ENGINES) {
      const families = parse('# TYPE h histogram\nh_bucket{le="1",a="x",le="2"} 1\n', { engine });
      expect(families[0].metrics[0].histogram?.buckets).toEqual([{ upperBound: 2, cumulativeCount: 1 }]);
      expect(families[0].metrics[0].labels).toEqual([{ name: 'a', value: 'x' }]);
    }
  });
});
