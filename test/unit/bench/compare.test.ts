import { describe, expect, test } from 'vitest';
import { compareResults, formatComparison, nodeFlagsNote } from '../../../src/bench/compare.js';
import { result, row } from './rows.js';

describe('compareResults', () => {
  test.each([
    { name: 'ratio up 20 %', base: row({ ratio: 2 }), now: row({ ratio: 2.4 }), verdict: 'better', ratioChange: 0.2 },
    { name: 'ratio down 20 %', base: row({ ratio: 2 }), now: row({ ratio: 1.6 }), verdict: 'worse', ratioChange: -0.2 },
    {
      name: 'ratio within 10 %',
      base: row({ ratio: 2 }),
      now: row({ ratio: 1.9 }),
      verdict: 'same',
      ratioChange: -0.05,
    },
    {
      name: 'no ratios: MB/s decides',
      base: row({ ratio: undefined, go: undefined, mbPerSec: 100 }),
      now: row({ ratio: undefined, go: undefined, mbPerSec: 80 }),
      verdict: 'worse',
      ratioChange: undefined,
    },
    {
      name: 'ratio decides even when MB/s moved the other way (another machine)',
      base: row({ ratio: 2, mbPerSec: 300 }),
      now: row({ ratio: 2.5, mbPerSec: 150 }),
      verdict: 'better',
      ratioChange: 0.25,
    },
    {
      name: 'another payload size',
      base: row({ bytes: 10 }),
      now: row({ bytes: 20 }),
      verdict: 'payload changed',
      ratioChange: 0,
    },
  ])('$name → $verdict', ({ base, now, verdict, ratioChange }) => {
    const [c] = compareResults(result([base]), result([now]));
    expect(c.verdict).toBe(verdict);
    if (ratioChange === undefined) expect(c.ratioChange).toBeUndefined();
    else expect(c.ratioChange).toBeCloseTo(ratioChange, 10);
  });

  test('rows only in one result are new or gone; order follows the newer result', () => {
    const base = result([row({ stage: 'lex' }), row({ stage: 'parse' })]);
    const now = result([row({ stage: 'parse' }), row({ stage: 'serialize' })]);
    expect(compareResults(base, now).map((c) => [c.stage, c.verdict])).toEqual([
      ['parse', 'same'],
      ['serialize', 'new'],
      ['lex', 'gone'],
    ]);
  });

  test('rows match by tool too', () => {
    const base = result([row({ tool: 'promkit' })]);
    const now = result([row({ tool: 'prom-client' })]);
    expect(compareResults(base, now).map((c) => c.verdict)).toEqual(['new', 'gone']);
  });
});

test('formatComparison prints signed percentages and the verdict', () => {
  const text = formatComparison(
    compareResults(result([row({ ratio: 2, mbPerSec: 200 })]), result([row({ ratio: 1.5, mbPerSec: 150 })])),
  );
  expect(text).toBe(
    [
      'stage  payload  base ratio  ratio  change  base MB/s   MB/s  change  verdict',
      'parse  small         2.00x  1.50x  -25.0%      200.0  150.0  -25.0%  worse',
      '',
    ].join('\n'),
  );
});

describe('nodeFlagsNote', () => {
  const plain = result([]);
  const tuned = result([], { options: { runs: 3, nodeFlags: ['--max-semi-space-size=64'] } });

  test('says nothing when both results ran with the same flags, none counting as none', () => {
    expect(nodeFlagsNote(plain, plain)).toBeUndefined();
    expect(nodeFlagsNote(plain, result([], { options: { nodeFlags: [] } }))).toBeUndefined();
    expect(nodeFlagsNote(tuned, tuned)).toBeUndefined();
  });

  test('names both sets of flags when they differ', () => {
    expect(nodeFlagsNote(plain, tuned)).toBe(
      'the results were measured with different node flags (baseline (none), result --max-semi-space-size=64): the rows compare two configurations of Node',
    );
  });
});
