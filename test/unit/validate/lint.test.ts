import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { exitCodeOf, lint, lineExcerpt } from '../../../src/validate/index.js';
import { parseErrorDiagnostic } from '../../../src/validate/lint.js';
import { ParseError } from '../../../src/errors/parse-error.js';

const codes = (input: string | Uint8Array, options = {}): string[] =>
  lint(input, options).map((d) => `${d.pos?.line ?? '-'}:${d.code}`);

describe('lint', () => {
  test.each([
    {
      name: 'every parse error, then the rules over the lines that parsed, in line order',
      input: '# HELP ok_total x\n# TYPE ok_total counter\nok_total -1\nbad{ 3\nalso bad\ntail 1\n',
      expected: ['3:NEGATIVE_COUNTER', '4:INVALID_LABEL_NAME', '5:INVALID_VALUE', '6:MISSING_HELP'],
    },
    {
      name: 'a parse error inside a histogram keeps the other lines',
      input: '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="x"} 1\nh_count 3\n',
      expected: ['3:HISTOGRAM_MISSING_INF', '4:INVALID_BUCKET_BOUND'],
    },
    { name: 'missing final newline', input: '# HELP a x\na 1', expected: ['2:UNEXPECTED_EOF'] },
    { name: 'clean', input: '# HELP a x\na 1\n', expected: [] },
    { name: 'empty', input: '', expected: [] },
  ])('$name', ({ input, expected }) => {
    expect(codes(input)).toEqual(expected);
    expect(codes(new TextEncoder().encode(input))).toEqual(expected);
  });

  test('parse errors carry the reference message and position', () => {
    expect(lint('# HELP a x\na{b=c} 1\n')).toEqual([
      {
        code: 'EXPECTED_QUOTE',
        severity: 'error',
        message: `expected '"' at start of label value, found 'c'`,
        pos: { line: 2, column: 5, offset: 15 },
      },
    ]);
  });

  test('byte input gives byte columns, string input UTF-16 columns', () => {
    const text = '# HELP a x\na{l="é",__x="1"} 1\n';
    expect(lint(text)[0].pos).toEqual({ line: 2, column: 9, offset: 19 });
    expect(lint(new TextEncoder().encode(text))[0].pos).toEqual({ line: 2, column: 10, offset: 20 });
  });

  test('a parser limit stops the parse and is the last finding', () => {
    const d = lint('a 1\nb 2\nc 3\n', { parse: { maxSeries: 2 } });
    expect(d.map((x) => x.code)).toEqual(['TOO_MANY_SERIES']);
  });

  test('families from another format (no positions)', () => {
    const families: MetricFamily[] = [
      { name: 'c_total', type: 'counter', help: 'x', metrics: [{ labels: [], value: -1 }] },
    ];
    expect(lint(families)).toEqual([
      { code: 'NEGATIVE_COUNTER', severity: 'error', message: 'counter c_total is negative (-1)', family: 'c_total' },
    ]);
  });

  test('does not mutate families', () => {
    const families: MetricFamily[] = [
      { name: 'x', type: 'untyped', metrics: [{ labels: [{ name: 'job', value: 'a' }], value: 1, timestampMs: 5 }] },
    ];
    const copy = structuredClone(families);
    lint(families, { push: '/metrics/job/b/instance/i' });
    expect(families).toEqual(copy);
  });

  test('findings without a position come first', () => {
    const d = lint('a 1\n', { push: '/metrics/job/x/__a/1' });
    expect(d[0]).toMatchObject({ code: 'PUSH_INVALID_GROUPING' });
    expect(d[0].pos).toBeUndefined();
  });
});

describe('exitCodeOf', () => {
  test.each([
    { severities: [], expected: 0 },
    { severities: ['info'], expected: 0 },
    { severities: ['warning', 'info'], expected: 3 },
    { severities: ['warning', 'error'], expected: 1 },
  ] as const)('$severities → $expected', ({ severities, expected }) => {
    expect(exitCodeOf(severities.map((severity) => ({ code: 'X', severity, message: '' })))).toBe(expected);
  });
});

describe('parseErrorDiagnostic', () => {
  test('keeps code, message and position', () => {
    const e = new ParseError('INVALID_VALUE', 'expected float as value, got "x"', { line: 3, column: 4, offset: 20 });
    expect(parseErrorDiagnostic(e)).toEqual({
      code: 'INVALID_VALUE',
      severity: 'error',
      message: 'expected float as value, got "x"',
      pos: { line: 3, column: 4, offset: 20 },
    });
  });
});

describe('lineExcerpt', () => {
  test.each([
    { name: 'first line', input: 'abc\ndef\n', offset: 1, expected: { text: 'abc', caret: 1 } },
    { name: 'line start', input: 'abc\ndef\n', offset: 4, expected: { text: 'def', caret: 0 } },
    { name: 'no final newline', input: 'abc\ndef', offset: 6, expected: { text: 'def', caret: 2 } },
    { name: 'at the newline', input: 'abc\n', offset: 3, expected: { text: 'abc', caret: 3 } },
  ])('$name', ({ input, offset, expected }) => {
    expect(lineExcerpt(input, offset)).toEqual(expected);
    expect(lineExcerpt(new TextEncoder().encode(input), offset)).toEqual(expected);
  });

  test('byte offsets map to characters after multi-byte UTF-8', () => {
    const bytes = new TextEncoder().encode('x\na{l="é",m="1"} 1\n');
    // "m" is at byte 12 (é is two bytes), character 9 of the line.
    expect(lineExcerpt(bytes, 12)).toEqual({ text: 'a{l="é",m="1"} 1', caret: 9 });
  });

  test('invalid UTF-8 is shown as U+FFFD', () => {
    expect(lineExcerpt(Uint8Array.of(0x61, 0xff, 0x62), 2)).toEqual({ text: 'a\ufffdb', caret: 2 });
  });
});
