import { describe, expect, test } from 'vitest';
import {
  MatcherSyntaxError,
  formatSelector,
  matchesAll,
  matchesAny,
  parseSelector,
} from '../../../../src/gateway/features/matcher.js';

const L = (o: Record<string, string | undefined>) =>
  Object.entries(o).map(([name, value]) => ({ name, value: value ?? '' }));

describe('parseSelector: valid selectors', () => {
  test.each([
    { name: 'equality', input: '{job="x"}', expected: '{job="x"}' },
    {
      name: 'all four operators',
      input: '{job="x",env=~"dev.*",a!="b",c!~"d|e"}',
      expected: '{job="x",env=~"dev.*",a!="b",c!~"d|e"}',
    },
    { name: 'spaces everywhere', input: '  { job = "x" , env =~ "dev.*" , }  ', expected: '{job="x",env=~"dev.*"}' },
    { name: 'single quotes', input: "{job='x'}", expected: '{job="x"}' },
    { name: 'backquotes keep backslashes', input: '{job=~`a\\d+`}', expected: '{job=~"a\\\\d+"}' },
    { name: 'escapes in double quotes', input: '{job="a\\"b\\n\\u00e9"}', expected: '{job="a\\"b\\né"}' },
  ])('$name', ({ input, expected }) => {
    expect(formatSelector(parseSelector(input))).toBe(expected);
  });
});

describe('parseSelector: refused selectors', () => {
  test.each([
    { name: 'empty', input: '', offset: 0, detail: 'expected "{"' },
    { name: 'metric name', input: 'up{job="x"}', offset: 0, detail: 'a metric name is not allowed' },
    { name: 'matches everything', input: '{}', offset: 0, detail: 'the selector needs at least one matcher' },
    {
      name: 'only empty-matching matchers',
      input: '{job=~".*"}',
      offset: 0,
      detail: 'the selector needs at least one matcher',
    },
    { name: 'missing operator', input: '{job "x"}', offset: 5, detail: 'expected one of =, !=, =~, !~' },
    { name: 'unquoted value', input: '{job=x}', offset: 5, detail: 'expected a quoted label value' },
    { name: 'unterminated string', input: '{job="x}', offset: 5, detail: 'unterminated quoted string' },
    { name: 'bad regex', input: '{job=~"("}', offset: 6, detail: 'invalid regular expression' },
    { name: 'unknown escape', input: '{job="\\q"}', offset: 6, detail: 'unknown escape sequence' },
    { name: 'missing comma', input: '{a="1" b="2"}', offset: 7, detail: 'expected "," or "}"' },
    { name: 'trailing text', input: '{a="1"} x', offset: 8, detail: 'unexpected' },
    { name: 'label name starting with a digit', input: '{1a="x"}', offset: 1, detail: 'expected a label name' },
  ])('$name', ({ input, offset, detail }) => {
    let err: unknown;
    try {
      parseSelector(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MatcherSyntaxError);
    expect((err as MatcherSyntaxError).offset).toBe(offset);
    expect((err as MatcherSyntaxError).detail.startsWith(detail)).toBe(true);
  });
});

describe('matchesAll', () => {
  test.each([
    { name: 'equal', sel: '{job="x"}', labels: { job: 'x' }, expected: true },
    { name: 'not equal', sel: '{job="x"}', labels: { job: 'y' }, expected: false },
    { name: 'regex is anchored', sel: '{env=~"dev"}', labels: { job: 'x', env: 'dev2' }, expected: false },
    { name: 'regex alternative', sel: '{env=~"dev.*|qa"}', labels: { job: 'x', env: 'qa' }, expected: true },
    { name: 'missing label is empty', sel: '{job="x",env!="prod"}', labels: { job: 'x' }, expected: true },
    { name: 'negative regex', sel: '{job="x",env!~"prod.*"}', labels: { job: 'x', env: 'prod-eu' }, expected: false },
    { name: 'all must hold', sel: '{job="x",instance="a"}', labels: { job: 'x', instance: 'b' }, expected: false },
  ])('$name', ({ sel, labels, expected }) => {
    expect(matchesAll(parseSelector(sel), L(labels))).toBe(expected);
  });

  test('matchesAny is a union of selectors', () => {
    const sels = [parseSelector('{job="a"}'), parseSelector('{job="b"}')];
    expect([
      matchesAny(sels, L({ job: 'a' })),
      matchesAny(sels, L({ job: 'b' })),
      matchesAny(sels, L({ job: 'c' })),
    ]).toEqual([true, true, false]);
  });
});

describe('regular expressions: RE2 semantics, anchored as Prometheus does', () => {
  test('a nested quantifier against 40 characters gives its answer (linear time, no backtracking)', () => {
    const sel = parseSelector('{job=~"(a+)+b"}');
    expect(matchesAll(sel, L({ job: 'a'.repeat(40) }))).toBe(false);
    expect(matchesAll(sel, L({ job: 'a'.repeat(40) + 'b' }))).toBe(true);
  });

  test('an expression that only parses once wrapped in the anchors is a syntax error, not an escape from them', () => {
    // Wrapped as `^(?:A)|(B)$` it would match any value starting with A; Prometheus parses the expression alone first.
    expect(() => parseSelector('{job=~"A)|(B"}')).toThrow(MatcherSyntaxError);
    expect(() => parseSelector('{job=~"A)|(B"}')).toThrow(/invalid regular expression/);
  });

  test.each([
    { name: 'alternation stays inside the anchors', sel: '{job=~"A|B"}', value: 'Axyz', expected: false },
    { name: 'dot matches a newline', sel: '{job=~"a.b"}', value: 'a\nb', expected: true },
    { name: 'RE2 classes', sel: '{job=~"\\\\d+"}', value: '123', expected: true },
    { name: 'case-insensitive flag', sel: '{job=~"(?i)abc"}', value: 'ABC', expected: true },
    { name: 'code points, not UTF-16 units', sel: '{job=~"^.$"}', value: '😀', expected: true },
  ])('$name', ({ sel, value, expected }) => {
    expect(matchesAll(parseSelector(sel), L({ job: value }))).toBe(expected);
  });

  test.each(['(?=a)b', '(?<=a)b', '(a)\\1'])('%s (not RE2) is refused', (re) => {
    expect(() => parseSelector(`{job=~${JSON.stringify(re)}}`)).toThrow(MatcherSyntaxError);
  });
});
