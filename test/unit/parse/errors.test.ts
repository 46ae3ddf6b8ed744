import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/errors/parse-error.js';
import { parse } from '../../../src/parse/index.js';

interface ErrorCase {
  name: string;
  input: string;
  code: string;
  line: number;
  column: number;
  msg: string;
}

function errorOf(input: string | Uint8Array, engine: 'auto' | 'grammar'): ParseError {
  try {
    parse(input, { engine });
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('input was accepted');
}

const cases: ErrorCase[] = [
  {
    name: 'missing final LF after a sample',
    input: 'foo 1',
    code: 'UNEXPECTED_EOF',
    line: 1,
    column: 6,
    msg: 'unexpected end of input stream',
  },
  {
    name: 'missing final LF after a comment',
    input: 'foo 1\n# c',
    code: 'UNEXPECTED_EOF',
    line: 2,
    column: 4,
    msg: 'unexpected end of input stream',
  },
  {
    name: 'end inside a label set',
    input: 'foo{a="b"',
    code: 'UNEXPECTED_EOF',
    line: 1,
    column: 10,
    msg: 'unexpected end of input stream',
  },
  {
    name: 'label set without a name',
    input: '{a="b"} 1\n',
    code: 'INVALID_METRIC_NAME',
    line: 1,
    column: 1,
    msg: 'invalid metric name',
  },
  {
    name: 'name starting with a digit after leading blanks',
    input: 'a 1\n  1foo 1\n',
    code: 'INVALID_METRIC_NAME',
    line: 2,
    column: 3,
    msg: 'invalid metric name',
  },
  {
    name: 'HELP name followed by a dash',
    input: '# HELP foo-bar x\n',
    code: 'INVALID_METRIC_NAME_IN_COMMENT',
    line: 1,
    column: 11,
    msg: 'invalid metric name in comment',
  },
  {
    name: 'comma with no label',
    input: 'foo{,} 1\n',
    code: 'INVALID_LABEL_NAME',
    line: 1,
    column: 5,
    msg: 'invalid label name for metric "foo"',
  },
  {
    name: 'label name message names the family, not the sample',
    input: '# TYPE s summary\ns_sum{,} 1\n',
    code: 'INVALID_LABEL_NAME',
    line: 2,
    column: 7,
    msg: 'invalid label name for metric "s"',
  },
  {
    name: '__name__ label',
    input: 'foo{__name__="x"} 1\n',
    code: 'RESERVED_LABEL_NAME',
    line: 1,
    column: 5,
    msg: 'label name "__name__" is reserved',
  },
  {
    name: 'colon in label name',
    input: 'foo{a:b="c"} 1\n',
    code: 'EXPECTED_EQUALS',
    line: 1,
    column: 6,
    msg: "expected '=' after label name, found ':'",
  },
  {
    name: 'duplicate label',
    input: 'foo{a="1",a="2"} 1\n',
    code: 'DUPLICATE_LABEL_NAME',
    line: 1,
    column: 11,
    msg: 'duplicate label names for metric "foo"',
  },
  {
    name: 'unquoted label value',
    input: 'foo{a=b} 1\n',
    code: 'EXPECTED_QUOTE',
    line: 1,
    column: 7,
    msg: "expected '\"' at start of label value, found 'b'",
  },
  {
    name: 'single-quoted label value',
    input: "foo{a='b'} 1\n",
    code: 'EXPECTED_QUOTE',
    line: 1,
    column: 7,
    msg: "expected '\"' at start of label value, found '\\''",
  },
  {
    name: 'raw LF in a label value',
    input: 'foo{a="x\ny"} 1\n',
    code: 'UNESCAPED_NEWLINE',
    line: 1,
    column: 9,
    msg: 'label value "x" contains unescaped new-line',
  },
  {
    name: 'tab escape in a label value',
    input: 'foo{a="\\t"} 1\n',
    code: 'INVALID_ESCAPE',
    line: 1,
    column: 8,
    msg: "invalid escape sequence '\\t'",
  },
  {
    name: 'escaped quote in HELP',
    input: '# HELP foo say \\"hi\\"\n',
    code: 'INVALID_ESCAPE',
    line: 1,
    column: 16,
    msg: "invalid escape sequence '\\\"'",
  },
  {
    name: 'bad quantile',
    input: '# TYPE s summary\ns{quantile="x"} 1\n',
    code: 'INVALID_QUANTILE',
    line: 2,
    column: 12,
    msg: 'expected float as value for \'quantile\' label, got "x"',
  },
  {
    name: 'bad le',
    input: '# TYPE h histogram\nh_bucket{le="0x1"} 1\n',
    code: 'INVALID_BUCKET_BOUND',
    line: 2,
    column: 13,
    msg: 'expected float as value for \'le\' label, got "0x1"',
  },
  {
    name: 'labels without a comma',
    input: 'foo{a="b" c="d"} 1\n',
    code: 'EXPECTED_LABEL_SEPARATOR',
    line: 1,
    column: 11,
    msg: 'unexpected end of label value "b"',
  },
  {
    name: 'CRLF',
    input: 'foo 1\r\n',
    code: 'INVALID_VALUE',
    line: 1,
    column: 5,
    msg: 'expected float as value, got "1\\r"',
  },
  {
    name: 'dot in a metric name',
    input: 'foo.bar 1\n',
    code: 'INVALID_VALUE',
    line: 1,
    column: 4,
    msg: 'expected float as value, got ".bar"',
  },
  {
    name: 'name only',
    input: 'foo\n',
    code: 'INVALID_VALUE',
    line: 1,
    column: 4,
    msg: 'expected float as value, got ""',
  },
  {
    name: 'signed NaN',
    input: 'foo +NaN\n',
    code: 'INVALID_VALUE',
    line: 1,
    column: 5,
    msg: 'expected float as value, got "+NaN"',
  },
  {
    name: 'overflowing value',
    input: 'foo 1e400\n',
    code: 'INVALID_VALUE',
    line: 1,
    column: 5,
    msg: 'expected float as value, got "1e400"',
  },
  {
    name: 'trailing blank after the value',
    input: 'foo 1 \n',
    code: 'INVALID_TIMESTAMP',
    line: 1,
    column: 7,
    msg: 'expected integer as timestamp, got ""',
  },
  {
    name: 'fractional timestamp',
    input: 'foo 1 1520879607.789\n',
    code: 'INVALID_TIMESTAMP',
    line: 1,
    column: 7,
    msg: 'expected integer as timestamp, got "1520879607.789"',
  },
  {
    name: 'int64 overflow timestamp',
    input: 'foo 1 9223372036854775808\n',
    code: 'INVALID_TIMESTAMP',
    line: 1,
    column: 7,
    msg: 'expected integer as timestamp, got "9223372036854775808"',
  },
  {
    name: 'three tokens',
    input: 'foo 1 2 3\n',
    code: 'SPURIOUS_AFTER_TIMESTAMP',
    line: 1,
    column: 8,
    msg: 'spurious string after timestamp: " 3"',
  },
  {
    name: 'second HELP',
    input: '# HELP foo x\n# HELP foo x\n',
    code: 'DUPLICATE_HELP',
    line: 2,
    column: 8,
    msg: 'second HELP line for metric name "foo"',
  },
  {
    name: 'TYPE after samples',
    input: 'foo 1\n# TYPE foo gauge\n',
    code: 'DUPLICATE_TYPE',
    line: 2,
    column: 8,
    msg: 'second TYPE line for metric name "foo", or TYPE reported after samples',
  },
  {
    name: 'TYPE of a suffix resolves to the summary',
    input: '# TYPE foo summary\n# TYPE foo_sum gauge\n',
    code: 'DUPLICATE_TYPE',
    line: 2,
    column: 8,
    msg: 'second TYPE line for metric name "foo", or TYPE reported after samples',
  },
  {
    name: 'OpenMetrics type',
    input: '# TYPE foo info\n',
    code: 'UNKNOWN_TYPE',
    line: 1,
    column: 12,
    msg: 'unknown metric type "info"',
  },
  {
    name: 'trailing blank after the type',
    input: '# TYPE foo counter \n',
    code: 'UNKNOWN_TYPE',
    line: 1,
    column: 12,
    msg: 'unknown metric type "counter "',
  },
  {
    name: 'a duplicate label before a syntax error wins',
    input: 'foo{a="1",a=b} 1\n',
    code: 'DUPLICATE_LABEL_NAME',
    line: 1,
    column: 13,
    msg: 'duplicate label names for metric "foo"',
  },
  {
    name: 'a bad le before a missing comma wins',
    input: '# TYPE h histogram\nh_bucket{le="x" a="b"} 1\n',
    code: 'INVALID_BUCKET_BOUND',
    line: 2,
    column: 13,
    msg: 'expected float as value for \'le\' label, got "x"',
  },
  {
    name: 'the error of line 3 after two good lines',
    input: 'a 1\nb 2\nc{x="1",} 3 4 5\n',
    code: 'SPURIOUS_AFTER_TIMESTAMP',
    line: 3,
    column: 14,
    msg: 'spurious string after timestamp: " 5"',
  },
];

describe.each(['auto', 'grammar'] as const)('engine %s', (engine) => {
  test.each(cases)('$name', (c) => {
    const e = errorOf(c.input, engine);
    expect({ code: e.code, line: e.line, column: e.column, msg: e.msg }).toEqual({
      code: c.code,
      line: c.line,
      column: c.column,
      msg: c.msg,
    });
    expect(e.message).toBe(`text format parsing error in line ${c.line}: ${c.msg}`);
  });
});

describe('byte input', () => {
  test.each([
    {
      name: 'invalid UTF-8 in a label value',
      input: [...Buffer.from('foo{a="'), 0xff, ...Buffer.from('"} 1\n')],
      msg: 'invalid label value "\\xff"',
      column: 7,
    },
    {
      name: 'a byte above 0x7f after a label name is quoted as its rune',
      input: [...Buffer.from('foo{a'), 0xff, ...Buffer.from('="b"} 1\n')],
      msg: "expected '=' after label name, found 'ÿ'",
      column: 6,
    },
    { name: 'UTF-8 BOM', input: [0xef, 0xbb, 0xbf, ...Buffer.from('foo 1\n')], msg: 'invalid metric name', column: 1 },
  ])('$name', (c) => {
    for (const engine of ['auto', 'grammar'] as const) {
      const e = errorOf(Uint8Array.from(c.input), engine);
      expect([e.msg, e.column]).toEqual([c.msg, c.column]);
    }
  });
});

describe('regressions', () => {
  test('fast reader must not accept __name__ as a label', () => {
    expect(errorOf('foo{a="1",__name__="x"} 1\n', 'auto').code).toBe('RESERVED_LABEL_NAME');
  });
  test('a label name at the very end of the input after an error does not crash the lexer', () => {
    expect(errorOf('bar{a="c",le="2"foo} 1', 'auto').code).toBe('EXPECTED_LABEL_SEPARATOR');
  });
  test('lines after a grammar-read line keep their line numbers', () => {
    const e = errorOf('a{b = "1"} 1\nc 2\nd x\n', 'auto');
    expect([e.line, e.column]).toEqual([3, 3]);
  });
});

describe('regressions of the fast reader', () => {
  test('UTF-8 label values from byte input are decoded before anything else ran the grammar', () => {
    const fams = parse(Buffer.from('a{x="é✓",y="\\"q\\"\\n"} 1\n'));
    expect(fams[0].metrics[0].labels).toEqual([
      { name: 'x', value: 'é✓' },
      { name: 'y', value: '"q"\n' },
    ]);
  });
});

describe('regressions of byte input', () => {
  test('HELP text from byte input is decoded as UTF-8 by both engines', () => {
    for (const engine of ['auto', 'grammar'] as const) {
      expect(parse(Buffer.from('# HELP a é ✓\na 1\n'), { engine })[0].help).toBe('é ✓');
    }
  });
});
