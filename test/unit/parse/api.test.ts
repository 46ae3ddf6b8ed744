import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/errors/parse-error.js';
import { createParser, createParseWritable, parse, parseAll, parseStream } from '../../../src/parse/index.js';

const DOC =
  '# HELP a The a.\n# TYPE a counter\na{x="1"} 1\na{x="2"} 2\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_count 2\nh_sum 3\n';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof ParseError) return e.code;
    throw e;
  }
  return 'accepted';
}

describe('parse', () => {
  test('families in first-seen order, labels in input order, le as buckets', () => {
    const fams = parse('b{z="1",a="2"} 1\n' + DOC);
    expect(fams.map((f) => f.name)).toEqual(['b', 'a', 'h']);
    expect(fams[0].metrics[0].labels).toEqual([
      { name: 'z', value: '1' },
      { name: 'a', value: '2' },
    ]);
    expect(fams[1]).toMatchObject({ help: 'The a.', type: 'counter' });
    expect(fams[2].metrics[0].histogram).toEqual({
      buckets: [
        { upperBound: 1, cumulativeCount: 1 },
        { upperBound: Infinity, cumulativeCount: 2 },
      ],
      count: 2,
      sum: 3,
    });
  });

  test('positions point at the first line of each metric', () => {
    const fams = parse(DOC, { positions: true });
    expect(fams[0].metrics.map((m) => m.pos)).toEqual([
      { line: 3, column: 1, offset: 33 },
      { line: 4, column: 1, offset: 44 },
    ]);
    expect(fams[1].metrics[0].pos?.line).toBe(6);
  });

  test('empty input and metadata-only input give no families', () => {
    expect(parse('')).toEqual([]);
    expect(parse('# HELP a x\n# TYPE a gauge\n')).toEqual([]);
  });
});

describe('parseAll collects every error and keeps the good lines', () => {
  test.each(['auto', 'grammar'] as const)('engine %s', (engine) => {
    const { families, errors } = parseAll('a 1\nb{x=1} 2\nc 3\nd 1 2 3\ne{x="1",x="2"} 4\nf 5\n', { engine });
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ['EXPECTED_QUOTE', 2],
      ['SPURIOUS_AFTER_TIMESTAMP', 4],
      ['DUPLICATE_LABEL_NAME', 5],
    ]);
    expect(families.map((f) => f.name)).toEqual(['a', 'c', 'f']);
    expect(families.find((f) => f.name === 'f')?.metrics[0].value).toBe(5);
  });
});

describe('limits', () => {
  test.each([
    ['maxLineLength', { maxLineLength: 10 }, 'a 1\nabcdefghijk 1\n', 'LINE_TOO_LONG'],
    [
      'maxLineLength on a partial line',
      { maxLineLength: 10, chunkSize: 4 },
      'a 1\nabcdefghijklmnopqrstuvwxyz',
      'LINE_TOO_LONG',
    ],
    ['maxBodyBytes', { maxBodyBytes: 5 }, 'a 1\nb 2\n', 'BODY_TOO_LARGE'],
    ['maxSeries', { maxSeries: 2 }, 'a 1\nb 2\nc 3\n', 'TOO_MANY_SERIES'],
    [
      'maxSeries counts histogram metrics, not lines',
      { maxSeries: 1 },
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_sum 1\n',
      'accepted',
    ],
    ['maxLabelsPerSeries', { maxLabelsPerSeries: 1 }, 'a{x="1",y="2"} 1\n', 'TOO_MANY_LABELS'],
    [
      'maxLabelsPerSeries ignores le',
      { maxLabelsPerSeries: 1 },
      '# TYPE h histogram\nh_bucket{x="1",le="2"} 1\n',
      'accepted',
    ],
  ])('%s', (_name, options, input, code) => {
    expect(codeOf(() => parse(input, options))).toBe(code);
    expect(codeOf(() => parse(Buffer.from(input), options))).toBe(code);
  });
  test('a limit stops parseAll too', () => {
    expect(codeOf(() => parseAll('a 1\nb 2\nc 3\n', { maxSeries: 1 }))).toBe('TOO_MANY_SERIES');
  });
});

describe('streaming', () => {
  test('createParser: byte chunks that split lines and UTF-8 sequences', () => {
    const bytes = Buffer.from('a{x="é✓"} 1\nb 2\n');
    const p = createParser({ chunkSize: 3 });
    for (let i = 0; i < bytes.length; i += 2) p.feed(bytes.subarray(i, i + 2));
    expect(p.end().families).toEqual(parse(bytes));
  });
  test('mixing strings and bytes is refused', () => {
    const p = createParser();
    p.feed('a 1\n');
    expect(() => p.feed(Buffer.from('b 2\n'))).toThrow(TypeError);
  });
  test('after an error, feed and end throw the same error', () => {
    const p = createParser({ chunkSize: 1 });
    expect(() => p.feed('a x\n')).toThrow(ParseError);
    expect(() => p.end()).toThrow(/expected float as value, got "x"/);
  });
  test('parseStream reads a Node Readable and a web ReadableStream', async () => {
    const node = await parseStream(Readable.from([Buffer.from(DOC.slice(0, 20)), Buffer.from(DOC.slice(20))]));
    expect(node.families).toEqual(parse(DOC));
    const web = await parseStream(new Blob([DOC]).stream());
    expect(web.families).toEqual(parse(DOC));
  });
  test('parseStream rejects with the ParseError', async () => {
    await expect(parseStream(Readable.from([Buffer.from('a 1')]))).rejects.toMatchObject({
      code: 'UNEXPECTED_EOF',
      line: 1,
    });
  });
  test('createParseWritable settles with the result of what was piped in', async () => {
    const w = createParseWritable();
    Readable.from([Buffer.from(DOC)]).pipe(w);
    expect((await w.result).families).toEqual(parse(DOC));
  });
});
